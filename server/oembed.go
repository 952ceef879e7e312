package server

import "github.com/gofiber/fiber/v2"

// Placeholders: the oEmbed provider (issue 6) is being built; these answer 501 until then.

func (s *Server) oembed(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNotImplemented) }
