package server

import "github.com/gofiber/fiber/v2"

// Placeholders: web intents (issue 4) is being built; these answer 501 until then.

func (s *Server) intent(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNotImplemented) }
