package server

import "github.com/gofiber/fiber/v2"

// Placeholders: timelines (issue 4) is being built; these answer 501 until then.

func (s *Server) embedTimeline(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNotImplemented) }

func (s *Server) embedList(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNotImplemented) }

func (s *Server) embedHashtag(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNotImplemented) }
