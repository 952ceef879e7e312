package server

import "github.com/gofiber/fiber/v2"

// Placeholders: permalink and profile pages (issue 6) is being built; these answer 501 until then.

func (s *Server) permalinkPage(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNotImplemented) }

func (s *Server) profilePage(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNotImplemented) }
