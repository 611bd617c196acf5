package bench

import (
	"net/http"
	"testing"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
)

// accessClaims are the claims of an AuthKit access token that workosauth
// reads, for the golang-jwt peer: the registered ones plus WorkOS's.
type accessClaims struct {
	jwt.RegisteredClaims
	SessionID      string   `json:"sid"`
	OrganizationID string   `json:"org_id"`
	Role           string   `json:"role"`
	Roles          []string `json:"roles"`
	Permissions    []string `json:"permissions"`
	Entitlements   []string `json:"entitlements"`
	FeatureFlags   []string `json:"feature_flags"`
	Act            *struct {
		Sub string `json:"sub"`
	} `json:"act"`
}

// golangJWTBearer is a Bearer guard on golang-jwt v5 with keyfunc v3 (the
// key set fetched from the emulator, refreshed in the background, as
// keyfunc's README sets it up): RS256 only, iss and exp required.
func golangJWTBearer(tb testing.TB, f *bearerFixture) func(http.Handler) http.Handler {
	kf, err := keyfunc.NewDefaultCtx(peerContext(tb), []string{f.jwksURL()})
	if err != nil {
		tb.Fatal(err)
	}
	parser := jwt.NewParser(jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(f.emu.Issuer()), jwt.WithExpirationRequired())
	return bearerGuard(func(tok string) (string, bool) {
		var c accessClaims
		_, err := parser.ParseWithClaims(tok, &c, kf.Keyfunc)
		return c.Subject, err == nil
	})
}
