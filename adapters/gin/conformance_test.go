package workosgin_test

import (
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/ssokit/workosauth/adapters/conformance"
	workosgin "github.com/ssokit/workosauth/adapters/gin"
	"github.com/ssokit/workosauth/core"
)

func init() { gin.SetMode(gin.TestMode) }

func TestConformance(t *testing.T) { conformance.Run(t, ginAdapter{}) }

// ginAdapter builds the conformance suite's standard app on gin.
type ginAdapter struct{}

var _ conformance.Adapter = ginAdapter{}

func (ginAdapter) Name() string { return "gin" }

func (ginAdapter) Handler(auth *core.Auth) http.Handler {
	r := gin.New()
	workosgin.Register(r.Group("/auth"), auth)
	r.GET("/readyz", workosgin.Ready(auth))
	r.HEAD("/readyz", workosgin.Ready(auth))
	// core's 405 for a method an auth route does not take, as on every router
	r.HandleMethodNotAllowed = true
	r.NoMethod(workosgin.NoMethod(auth))
	// HEAD served by the GET routes, as http.ServeMux does.
	get := func(path string, h ...gin.HandlerFunc) {
		r.Match([]string{http.MethodGet, http.MethodHead}, path, h...)
	}
	get("/", func(c *gin.Context) { c.String(http.StatusOK, "public") })

	guard := workosgin.RequireWorkOS(auth)
	get("/dashboard", guard, func(c *gin.Context) {
		p, _ := workosgin.Profile(c)
		c.String(http.StatusOK, "dashboard "+p.Email)
	})
	get("/api/me", guard, func(c *gin.Context) {
		p, _ := workosgin.Profile(c)
		c.JSON(http.StatusOK, p)
	})
	get("/ctx", guard, func(c *gin.Context) {
		p, _ := core.ProfileFrom(c.Request.Context())
		c.String(http.StatusOK, "ctx "+p.Email)
	})
	get("/session", guard, func(c *gin.Context) {
		s, _ := workosgin.Session(c)
		c.String(http.StatusOK, sessionText(s))
	})
	get("/optional", workosgin.RequireWorkOS(auth, core.Optional()), func(c *gin.Context) {
		if p, ok := workosgin.Profile(c); ok {
			c.String(http.StatusOK, "optional "+p.Email)
			return
		}
		c.String(http.StatusOK, "optional anonymous")
	})
	get("/optional-admin", workosgin.RequireWorkOS(auth, core.Optional(), core.RequireRole("admin")), func(c *gin.Context) {
		if p, ok := workosgin.Profile(c); ok {
			c.String(http.StatusOK, "optional-admin "+p.Email)
			return
		}
		c.String(http.StatusOK, "optional-admin anonymous")
	})
	get("/admin", workosgin.RequireWorkOS(auth, core.RequireRole("admin")), func(c *gin.Context) { c.String(http.StatusOK, "admin") })
	get("/acme", workosgin.RequireWorkOS(auth, core.RequireOrganization(conformance.AcmeOrg)), func(c *gin.Context) { c.String(http.StatusOK, "acme") })
	get("/eng", workosgin.RequireWorkOS(auth, core.RequireGroup("Engineering")), func(c *gin.Context) { c.String(http.StatusOK, "eng") })
	get("/custom", workosgin.OnDenied(func(c *gin.Context) {
		d, _ := core.RefusalFrom(c.Request.Context())
		c.String(http.StatusTeapot, "denied "+d.Code)
	}).RequireWorkOS(auth), func(c *gin.Context) { c.String(http.StatusOK, "custom") })
	if conformance.AuthKit(auth) {
		get("/api/token", workosgin.RequireWorkOS(auth, core.AcceptBearer()), func(c *gin.Context) {
			k, _ := core.AuthKitFrom(c.Request.Context())
			c.String(http.StatusOK, "token "+k.User.ID)
		})
		get("/perm", workosgin.RequireWorkOS(auth, core.RequirePermission("widgets:write")), func(c *gin.Context) { c.String(http.StatusOK, "perm") })
	}
	r.POST("/api/switch", func(c *gin.Context) {
		s, err := workosgin.SwitchOrganization(c, auth, c.PostForm("organization_id"))
		c.String(conformance.SwitchAnswer(s, err))
	})
	r.POST("/api/echo", guard, func(c *gin.Context) {
		p, _ := workosgin.Profile(c)
		c.String(http.StatusOK, "echo "+p.Email)
	})
	return r
}

// sessionText is what GET /session answers.
func sessionText(s *core.Session) string {
	if s == nil {
		return "session none"
	}
	if s.ID != "" {
		return "session " + s.Profile.Email + " with id"
	}
	return "session " + s.Profile.Email
}
