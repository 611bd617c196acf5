package bench

import (
	"net/http"
	"testing"

	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/lestrrat-go/jwx/v3/jwt"
)

// jwxBearer is a Bearer guard on lestrrat-go/jwx v3: the key set fetched
// once from the emulator (jwk.Fetch; a jwk.Cache would add its lookup),
// jwt.Parse with it, validation on (exp) and the issuer required. jwx
// takes the algorithm from the key's "alg" (RS256), not from the token.
func jwxBearer(tb testing.TB, f *bearerFixture) func(http.Handler) http.Handler {
	set, err := jwk.Fetch(peerContext(tb), f.jwksURL())
	if err != nil {
		tb.Fatal(err)
	}
	opts := []jwt.ParseOption{jwt.WithKeySet(set), jwt.WithValidate(true), jwt.WithIssuer(f.emu.Issuer())}
	return bearerGuard(func(tok string) (string, bool) {
		t, err := jwt.ParseString(tok, opts...)
		if err != nil {
			return "", false
		}
		return t.Subject()
	})
}
