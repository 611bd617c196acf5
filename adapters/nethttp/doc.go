// Package workoshttp puts WorkOS single sign-on in front of a net/http app.
//
// The whole setup:
//
//	auth, err := core.New(core.ConfigFromEnv())
//	if err != nil {
//		log.Fatal(err)
//	}
//	mux := http.NewServeMux()
//	mux.Handle("/auth/", workoshttp.Handler(auth)) // sign-in page, sign-in, callback, sign-out
//	mux.Handle("/dashboard", workoshttp.RequireWorkOS(auth)(dashboard))
//	mux.Handle("/admin", workoshttp.RequireWorkOS(auth, core.RequireRole("admin"))(admin))
//
//	// in a handler:
//	p, ok := workoshttp.Profile(r) // or core.ProfileFrom(r.Context())
//
// Without a session, a browser navigation (GET or HEAD accepting
// text/html) is redirected (303) to the sign-in page with return_to;
// anything else gets 401 with a JSON body. A requirement not met gets 403:
// a browser sees the refusal page (sign out, or sign in as someone else),
// an API client a JSON error.
package workoshttp
