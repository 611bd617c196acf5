// Package workosgin puts WorkOS single sign-on in front of a Gin app.
//
// The whole setup:
//
//	auth, err := core.New(core.ConfigFromEnv())
//	if err != nil {
//		log.Fatal(err)
//	}
//	r := gin.New()
//	workosgin.Register(r.Group("/auth"), auth) // sign-in page, sign-in, callback, sign-out
//	r.GET("/dashboard", workosgin.RequireWorkOS(auth), dashboard)
//	admin := r.Group("/admin", workosgin.RequireWorkOS(auth, core.RequireRole("admin")))
//	admin.GET("/users", users)
//	r.GET("/", workosgin.RequireWorkOS(auth, core.Optional()), home) // never refuses
//
//	// in a handler:
//	p, ok := workosgin.Profile(c) // or core.ProfileFrom(c.Request.Context())
//
// Without a session, a browser navigation (GET or HEAD accepting
// text/html) is redirected (303) to the sign-in page with return_to;
// anything else gets 401 with a JSON body. A requirement not met gets 403
// (a browser sees the refusal page: sign out, or sign in as someone
// else). Either way the chain is aborted. [OnDenied] answers refusals your own
// way.
//
// Gin does not answer HEAD on GET routes; register both
// (r.Match([]string{"GET", "HEAD"}, ...)) where HEAD should behave as in
// net/http. The auth routes Register mounts take the methods they answer
// (HEAD included); for core's 405 on the others, as on every router, set
// r.HandleMethodNotAllowed and r.NoMethod(workosgin.NoMethod(auth)).
//
// The session is stored twice: in c.Keys under [SessionKey], where
// [Profile] and [Session] read it, and in c.Request's context, where
// core.ProfileFrom finds it, so that plain net/http handlers further down
// (gin.WrapH) see it too.
package workosgin
