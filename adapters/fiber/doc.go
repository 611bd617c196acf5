// Package workosfiber puts WorkOS single sign-on in front of a Fiber (v2)
// app, natively on fasthttp (not through Fiber's net/http adaptor).
//
// The whole setup:
//
//	auth, err := core.New(core.ConfigFromEnv())
//	if err != nil {
//		log.Fatal(err)
//	}
//	app := fiber.New(fiber.Config{
//		ReadBufferSize: 16 << 10, // room for a large session's cookies (Fiber's default is 4096 bytes of headers)
//	})
//	workosfiber.Register(app.Group("/auth"), auth) // sign-in page, sign-in, callback, sign-out
//	app.Get("/dashboard", workosfiber.RequireWorkOS(auth), dashboard)
//	admin := app.Group("/admin", workosfiber.RequireWorkOS(auth, core.RequireRole("admin")))
//	admin.Get("/users", users)
//	app.Get("/", workosfiber.RequireWorkOS(auth, core.Optional()), home) // never refuses
//
//	// in a handler:
//	p, ok := workosfiber.Profile(c) // or core.ProfileFrom(c.UserContext())
//
// Without a session, a browser navigation (GET or HEAD accepting
// text/html) is redirected (303) to the sign-in page with return_to;
// anything else gets 401 with a JSON body. A requirement not met gets 403
// (a browser sees the refusal page: sign out, or sign in as someone
// else).
// [OnDenied] answers refusals your own way; the error it returns goes to
// the app's ErrorHandler.
//
// The session is stored in c.Locals under [SessionKey], where [Profile]
// and [Session] read it, and in c.UserContext(), where core.ProfileFrom
// finds it. Unlike the strings of a *fiber.Ctx, the session and profile
// stay valid after the handler returns.
//
// Fiber's ReadBufferSize bounds a request's headers, 4096 bytes by
// default. A session with many groups or attributes is sealed into cookies
// of up to about 6 kB, which would be refused (431) with the default:
// give Fiber 16 KiB.
//
// Fiber believes X-Forwarded-* headers by default (c.Hostname, c.IP,
// c.Protocol); this package never does. It reads the host the request
// named (its Host header, or the host of an absolute request-target, as
// net/http does) and the TCP peer itself, and core believes
// X-Forwarded-Host and X-Forwarded-Proto only from the proxies listed in
// core.Config.TrustedProxies.
package workosfiber
