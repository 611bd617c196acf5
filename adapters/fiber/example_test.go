package workosfiber_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/gofiber/fiber/v2"

	workosfiber "github.com/ssokit/workosauth/adapters/fiber"
	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/workostest"
)

func newAuth() *core.Auth { return newAuthWith(nil) }

// newAuthWith is newAuth with edit applied to its Config.
func newAuthWith(edit func(*core.Config)) *core.Auth {
	cfg := core.Config{
		ClientID:       "client_123",
		APIKey:         core.NewSecret("sk_test_123"),
		RedirectURI:    "http://127.0.0.1:8080/auth/callback",
		CookiePassword: core.NewSecret("a-password-of-at-least-32-characters!"),
	}
	if edit != nil {
		edit(&cfg)
	}
	auth, err := core.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	return auth
}

// send serves req with app and returns the status and body.
func send(app *fiber.App, req *http.Request) (int, string) {
	res, err := app.Test(req, -1)
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// Guard a route and read the profile in the handler.
func ExampleRequireWorkOS() {
	auth := newAuth() // core.New(core.ConfigFromEnv()) in an app
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	workosfiber.Register(app.Group("/auth"), auth)
	app.Get("/dashboard", workosfiber.RequireWorkOS(auth), func(c *fiber.Ctx) error {
		p, _ := workosfiber.Profile(c)
		return c.SendString("hello " + p.Email)
	})

	alice, _ := workostest.DemoProfile("alice@acme.test")
	fmt.Println(send(app, workostest.SignIn(auth, httptest.NewRequest("GET", "/dashboard", nil), alice)))
	// Output: 200 hello alice@acme.test
}

// A whole group behind a role; others get 403, signed-out API clients 401.
func ExampleRequireWorkOS_group() {
	auth := newAuth()
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	admin := app.Group("/admin", workosfiber.RequireWorkOS(auth, core.RequireRole("admin")))
	admin.Get("/users", func(c *fiber.Ctx) error { return c.SendString("the users") })

	bob, _ := workostest.DemoProfile("bob@acme.test") // not an admin
	for _, req := range []*http.Request{
		httptest.NewRequest("GET", "/admin/users", nil),
		workostest.SignIn(auth, httptest.NewRequest("GET", "/admin/users", nil), bob),
	} {
		req.Header.Set("Accept", "application/json")
		status, body := send(app, req)
		var answer struct{ Error string }
		json.Unmarshal([]byte(body), &answer)
		fmt.Println(status, answer.Error)
	}
	// Output:
	// 401 unauthenticated
	// 403 forbidden
}

// Browsers without a session are sent to the sign-in page.
func ExampleRegister() {
	auth := newAuth()
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	workosfiber.Register(app.Group("/auth"), auth)
	app.Get("/dashboard", workosfiber.RequireWorkOS(auth), func(c *fiber.Ctx) error { return nil })

	req := httptest.NewRequest("GET", "/dashboard", nil)
	req.Header.Set("Accept", "text/html")
	res, _ := app.Test(req, -1)
	fmt.Println(res.StatusCode, res.Header.Get("Location"))

	res, _ = app.Test(httptest.NewRequest("GET", "/auth/signin", nil), -1)
	fmt.Println(res.StatusCode, res.Header.Get("Content-Type"))
	// Output:
	// 303 /auth/signin?return_to=%2Fdashboard
	// 200 text/html; charset=utf-8
}

// Answer refused requests your own way. An error returned goes to the
// app's ErrorHandler.
func ExampleOnDenied() {
	auth := newAuth()
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/private", workosfiber.OnDenied(func(c *fiber.Ctx) error {
		e, _ := core.RefusalFrom(c.UserContext())
		return c.Status(e.Status).JSON(fiber.Map{"nope": e.Code})
	}).RequireWorkOS(auth), func(c *fiber.Ctx) error { return c.SendString("private") })

	fmt.Println(send(app, httptest.NewRequest("GET", "/private", nil)))
	// Output: 401 {"nope":"unauthenticated"}
}

// A route that works for everyone and knows who is signed in.
func ExampleProfile() {
	auth := newAuth()
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/", workosfiber.RequireWorkOS(auth, core.Optional()), func(c *fiber.Ctx) error {
		if p, ok := workosfiber.Profile(c); ok {
			return c.SendString("welcome back " + p.FirstName)
		}
		return c.SendString("welcome, stranger")
	})
	_, body := send(app, httptest.NewRequest("GET", "/", nil))
	fmt.Println(body)
	// Output: welcome, stranger
}

// Code that takes a context.Context finds the profile in c.UserContext().
func ExampleRequireWorkOS_userContext() {
	auth := newAuth()
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/report", workosfiber.RequireWorkOS(auth), func(c *fiber.Ctx) error {
		return c.SendString(report(c.UserContext()))
	})

	carol, _ := workostest.DemoProfile("carol@globex.test")
	_, body := send(app, workostest.SignIn(auth, httptest.NewRequest("GET", "/report", nil), carol))
	fmt.Println(body)
	// Output: report for carol@globex.test
}

// report is code that knows nothing of Fiber.
func report(ctx context.Context) string {
	p, ok := core.ProfileFrom(ctx)
	if !ok {
		return "no report"
	}
	return "report for " + p.Email
}
