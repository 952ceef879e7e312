package server

import "github.com/gofiber/fiber/v2"

// Placeholders: the loader script and assets (issue 5) is being built; these answer 501 until then.

func (s *Server) loaderScript(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNotImplemented) }

func (s *Server) assetFile(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNotImplemented) }
