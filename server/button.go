package server

import "github.com/gofiber/fiber/v2"

// Placeholders: buttons and the share bar (issue 4) is being built; these answer 501 until then.

func (s *Server) embedButton(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNotImplemented) }

func (s *Server) embedSharebar(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNotImplemented) }
