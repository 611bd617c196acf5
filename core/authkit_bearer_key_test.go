package core_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestBearerCacheKeyedByTailServesOnlyItsOwnToken(t *testing.T) {
	// The cache of verified Bearer tokens is keyed by the end of each
	// token's signature: a token that ends as a cached one (a swapped
	// header or payload with a known signature, one byte changed, a
	// prefix added) finds that entry, and must be refused, never be served
	// the cached token's session nor its own claims.
	stub := newJWKSStub(t)
	key := stub.addKey("kid_1")
	auth := newBearerAuth(t, stub, time.Now, nil)
	h := bearerGuards(auth)["AcceptBearer"]
	alice := signToken(key, "kid_1", stub.srv.URL, "user_01ALICE", time.Now(), nil)
	bob := signToken(key, "kid_1", stub.srv.URL, "user_01BOB", time.Now(), nil)
	if st, body, _ := bearerAnswer(h, alice); st != http.StatusOK || body != "user_01ALICE" {
		t.Fatalf("alice's token: %d %q", st, body)
	}
	ap, bp := strings.Split(alice, "."), strings.Split(bob, ".")
	flip := []byte(alice)
	flip[len(ap[0])+5] ^= 0x01 // a character of the payload
	for name, forged := range map[string]string{
		"bob's payload, alice's signature":            ap[0] + "." + bp[1] + "." + ap[2],
		"bob's header and payload, alice's signature": bp[0] + "." + bp[1] + "." + ap[2],
		"a payload character changed":                 string(flip),
		"alice's token with a prefix":                 "e" + alice,
		"alice's signature alone":                     ap[2],
		"alice's signature's tail":                    ap[2][len(ap[2])-64:],
	} {
		if st, body, _ := bearerAnswer(h, forged); st != http.StatusUnauthorized || strings.Contains(body, "user_01") {
			t.Errorf("%s: %d %q, want 401", name, st, body)
		}
	}
	// The real tokens still open their own sessions, cached or not.
	for range 2 {
		for tok, want := range map[string]string{alice: "user_01ALICE", bob: "user_01BOB"} {
			if st, body, _ := bearerAnswer(h, tok); st != http.StatusOK || body != want {
				t.Errorf("%s's token: %d %q", want, st, body)
			}
		}
	}
}
