package server

import "github.com/roost-embed/roost/storage"

// routes registers every route of Roost in one place. Each group carries
// its header profile (headers.go); observe wraps them all.
func (s *Server) routes() {
	app := s.app
	app.Use(s.observe)

	// Operations.
	app.Get("/livez", plainHeaders, livez)
	app.Get("/readyz", plainHeaders, s.readyz)
	app.Get("/metrics", plainHeaders, s.handleMetrics)

	// Widgets: frameable documents and the files they load.
	// Routes wrapped in byURI (aliases.go) answer a repeat request from the
	// cache before their handler parses anything.
	app.Get("/embed/post/:id", s.widgetHeaders, s.byURI(s.embedPost))
	app.Get("/embed/timeline/:handle", s.widgetHeaders, s.byURI(s.embedTimeline))
	app.Get("/embed/list/:id", s.widgetHeaders, s.byURI(s.embedList))
	app.Get("/embed/hashtag/:tag", s.widgetHeaders, s.byURI(s.embedHashtag))
	app.Get("/embed/search", s.widgetHeaders, s.byURI(s.embedSearch))
	app.Get("/embed/collection/:id", s.widgetHeaders, s.byURI(s.embedCollection))
	app.Get("/embed/button/:kind", s.widgetHeaders, s.buttonHeaders, s.byURI(s.embedButton))
	app.Get("/embed/link/:id", s.widgetHeaders, s.embedLink)
	app.Get("/embed/sharebar", s.widgetHeaders, s.sharebarHeaders, s.byURI(s.embedSharebar))
	app.Get("/widgets.js", s.loaderScript)
	app.Get("/assets/*", s.assetFile)
	app.Get("/media/*", mediaHeaders, s.mediaFile)
	app.Get("/oembed", s.oembedHeaders, s.byURI(s.oembed))
	app.Get("/intent/:action", s.intent)

	// API: never framed, never cached unless a route says so.
	api := app.Group("/api", apiHeaders).Group("/v1")

	// Public read-only JSON: what a logged-out visitor may see.
	api.Get("/posts/:id", s.publicJSONHeaders, s.byURI(s.publicPost))
	api.Get("/users/:handle", s.publicJSONHeaders, s.byURI(s.publicUser))
	api.Get("/users/:handle/posts", s.publicJSONHeaders, s.byURI(s.publicUserPosts))
	api.Get("/search", s.publicJSONHeaders, s.byURI(s.publicSearch))

	// Ingestion: Bearer token with scope write.
	write := s.requireScope(storage.ScopeWrite)
	api.Post("/users", write, s.idempotent(s.createUser))
	api.Patch("/users/:handle", write, s.updateUser)
	api.Delete("/users/:handle", write, s.deleteUser)
	api.Post("/posts", write, s.idempotent(s.createPost))
	api.Patch("/posts/:id", write, s.updatePost)
	api.Delete("/posts/:id", write, s.deletePost)
	api.Post("/media", write, s.idempotent(s.createMedia))
	api.Post("/lists", write, s.idempotent(s.createList))
	api.Put("/lists/:id/members", write, s.setListMembers)
	api.Post("/collections", write, s.idempotent(s.createCollection))
	api.Put("/collections/:id/posts", write, s.setCollectionPosts)
	api.Delete("/collections/:id", write, s.deleteCollection)

	// Archive imports for operators: scope admin, run in the background.
	admin := s.requireScope(storage.ScopeAdmin)
	s.imports = s.newImportJobs()
	api.Post("/imports", admin, s.imports.start)
	api.Get("/imports/:id", admin, s.imports.status)
	api.Post("/purge", s.requireScope(storage.ScopeAdmin), s.purge)

	// Pages for people, last: /{handle} matches any single segment.
	app.Get("/publish", s.publishPage)
	app.Get("/", s.landingPage)
	app.Get("/hashtag/:tag", s.hashtagPage)
	app.Get("/i/lists/:id", s.listPage)
	app.Get("/i/collections/:id", s.collectionPage)
	app.Get("/search", s.searchPage)
	app.Get("/:handle/status/:id", s.permalinkPage)
	app.Get("/:handle", s.profilePage)
}
