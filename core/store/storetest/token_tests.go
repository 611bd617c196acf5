package storetest

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

// The Store contract's subtests of tokens: a token is a cookie value that
// shows nothing, opens its own record, and an altered one opens nothing.

// tokenIsCookieValue: a token is a cookie value as RFC 6265 allows it
// (printable ASCII without space, double quote, comma, semicolon or
// backslash), so that no browser or proxy mangles it.
func (s *suite) tokenIsCookieValue(t *testing.T, st store.Store) {
	token := save(t, st, record("cookie"))
	for i := 0; i < len(token); i++ {
		if c := token[i]; c <= ' ' || c >= 0x7f || strings.IndexByte("\",;\\", c) >= 0 {
			t.Fatalf("the token has %q at %d: not a cookie value", c, i)
		}
	}
}

// tokenHidesData: a token does not carry Data in a readable form (plain,
// base64 or hex): the cookie must not reveal the session.
func (s *suite) tokenHidesData(t *testing.T, st store.Store) {
	data := []byte("storetest-secret-profile-data:alice@example.test")
	token := save(t, st, store.Record{ID: newID(), Data: data, ExpiresAt: time.Now().Add(time.Hour).Truncate(time.Second)})
	for _, enc := range []string{
		string(data[:24]),
		base64.RawURLEncoding.EncodeToString(data)[:24],
		base64.StdEncoding.EncodeToString(data)[:24],
		hex.EncodeToString(data)[:24],
	} {
		if strings.Contains(token, enc) {
			t.Fatalf("the token shows the record's data (%q)", enc)
		}
	}
}

// positions returns the byte offsets of token a tampering test alters:
// every one of a short token, else a spread of them, the ends included.
func positions(token string) []int {
	if len(token) <= 128 {
		out := make([]int, len(token))
		for i := range out {
			out[i] = i
		}
		return out
	}
	var out []int
	for i := 0; i < len(token); i += len(token) / 97 {
		out = append(out, i)
	}
	return append(out, len(token)-2, len(token)-1)
}

// flip changes the byte at i to another cookie-value byte.
func flip(token string, i int) string {
	c := byte('A')
	if token[i] == 'A' {
		c = 'B'
	}
	return token[:i] + string(c) + token[i+1:]
}

// tamperedTokens: a token altered at any one place opens nothing, and
// says so with store.ErrNotFound (never store.ErrUnavailable); so do a
// token cut short and one with bytes added.
func (s *suite) tamperedTokens(t *testing.T, st store.Store) {
	r := record("tamper")
	token := save(t, st, r)
	for _, i := range positions(token) {
		_, err := st.Load(ctx(t), flip(token, i))
		notFound(t, fmt.Sprintf("the token altered at byte %d of %d", i, len(token)), err)
	}
	for what, bad := range map[string]string{
		"cut by one byte":     token[:len(token)-1],
		"cut to half":         token[:len(token)/2],
		"with a byte added":   token + "A",
		"with bytes before":   "A" + token,
		"repeated":            token + token,
		"with a space inside": token[:len(token)/2] + " " + token[len(token)/2:],
	} {
		_, err := st.Load(ctx(t), bad)
		notFound(t, "the token "+what, err)
	}
	opens(t, st, "the token itself, after the tampered ones", token, r)
}

// splicedTokens: the start of one record's token with the end of
// another's opens neither.
func (s *suite) splicedTokens(t *testing.T, st store.Store) {
	a, b := save(t, st, record("splice a")), save(t, st, record("splice b"))
	n := min(len(a), len(b))
	for _, cut := range []int{1, n / 4, n / 2, 3 * n / 4, n - 1} {
		for _, spliced := range []string{a[:cut] + b[cut:], b[:cut] + a[cut:]} {
			if spliced == a || spliced == b {
				continue
			}
			_, err := st.Load(ctx(t), spliced)
			notFound(t, fmt.Sprintf("two tokens spliced at %d", cut), err)
		}
	}
}

// garbageTokens: tokens the store never handed out open nothing, and say
// so with store.ErrNotFound.
func (s *suite) garbageTokens(t *testing.T, st store.Store) {
	save(t, st, record("garbage")) // a store with records in it
	for _, bad := range []string{
		"", ".", "..", "A", "AAAA.AAAA", "null", "{}", "%00", "\x00", "é", "../../etc/passwd",
		strings.Repeat("A", 43), strings.Repeat("A", 22) + "." + strings.Repeat("A", 43),
		strings.Repeat("A", 8000), strings.Repeat(".", 300),
	} {
		_, err := st.Load(ctx(t), bad)
		notFound(t, fmt.Sprintf("the token %q", clip([]byte(bad))), err)
	}
}

// renewTamperedToken: Renew through an altered token is refused and
// changes nothing: the token that opens a record is the only one that
// renews it.
func (s *suite) renewTamperedToken(t *testing.T, st store.Store) {
	r := record("kept")
	token := save(t, st, r)
	for _, i := range []int{0, len(token) / 2, len(token) - 1} {
		forged, err := st.Renew(ctx(t), flip(token, i), store.Record{ID: r.ID, Data: []byte("forged"), ExpiresAt: r.ExpiresAt.Add(time.Hour)})
		refused(t, fmt.Sprintf("Renew through the token altered at byte %d", i), err)
		if forged != "" {
			_, err := st.Load(ctx(t), forged)
			notFound(t, "the token of a refused Renew", err)
		}
	}
	opens(t, st, "the record after forged renewals", token, r)
}
