package server

import "github.com/gofiber/fiber/v2"

// Placeholders: the configurator and landing page (issue 6) is being built; these answer 501 until then.

func (s *Server) publishPage(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNotImplemented) }

func (s *Server) landingPage(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNotImplemented) }
