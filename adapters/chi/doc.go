// Package workoschi puts WorkOS single sign-on in front of a chi app
// (github.com/go-chi/chi/v5), with chi's own middleware and mounting.
//
// The whole setup:
//
//	auth, err := core.New(core.ConfigFromEnv()) // WORKOS_CLIENT_ID, WORKOS_API_KEY, WORKOS_REDIRECT_URI, WORKOS_COOKIE_PASSWORD
//	if err != nil {
//		log.Fatal(err)
//	}
//	r := chi.NewRouter()
//	r.Use(middleware.GetHead)                // HEAD answered like GET, as net/http does
//	r.Mount("/auth", workoschi.Routes(auth)) // sign-in page, sign-in, callback, sign-out
//
//	r.With(workoschi.RequireWorkOS(auth, core.Optional())).Get("/", home) // public; knows who is signed in
//	r.Group(func(r chi.Router) {
//		r.Use(workoschi.RequireWorkOS(auth))
//		r.Get("/dashboard", dashboard)
//		r.Get("/api/me", me)
//	})
//	r.With(workoschi.RequireWorkOS(auth, core.RequireRole("admin"))).Get("/admin", admin)
//	http.ListenAndServe(":8080", r)
//
//	// in a handler:
//	p, ok := workoschi.Profile(r) // or core.ProfileFrom(r.Context())
//
// Without a session, a browser navigation (GET or HEAD accepting
// text/html) is redirected (303) to the sign-in page with return_to;
// anything else gets 401 with a JSON body. A requirement not met gets
// 403 (a browser sees the refusal page: sign out, or sign in as
// someone else). [OnDenied] answers refusals your own way. Sign-out is a POST from
// the app's own origin to /auth/signout.
//
// chi does not route HEAD to GET routes by itself: without
// middleware.GetHead (github.com/go-chi/chi/v5/middleware), a HEAD of a
// guarded page gets chi's 405 rather than the sign-in redirect.
//
// The package is a thin layer: the guard is workoshttp's, and everything
// it decides is core's, so a chi app behaves exactly as a net/http one.
package workoschi
