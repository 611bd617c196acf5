package redisstore

import (
	"crypto/sha256"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core"
)

func TestDecodeRevocation(t *testing.T) {
	until := time.Now().Add(time.Hour).Truncate(time.Second)
	good := []core.Revocation{
		{SessionID: "abc", Until: until},
		{Match: core.MatchUser("prof_1"), Before: until.Add(-time.Hour), Until: until},
		{Match: core.MatchEmail("org_1", "A@B.test"), Before: until.Add(-time.Hour), Until: until},
	}
	for _, r := range good {
		b, err := encodeRevocation(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeRevocation([]byte(b))
		if err != nil || got.SessionID != r.SessionID || got.Match != r.Match || !got.Before.Equal(r.Before) || !got.Until.Equal(r.Until) {
			t.Fatalf("round trip of %+v: %+v, %v", r, got, err)
		}
	}
	for name, in := range map[string]string{
		"empty":             ``,
		"not JSON":          `revoke everyone`,
		"nothing revoked":   `{"until":"2030-01-01T00:00:00Z"}`,
		"no end":            `{"sid":"abc"}`,
		"match, no time":    `{"match":"u\u0000prof_1","until":"2030-01-01T00:00:00Z"}`,
		"bad match":         `{"match":"z\u0000x","before":"2030-01-01T00:00:00Z","until":"2030-01-01T00:00:00Z"}`,
		"match, empty part": `{"match":"u\u0000","before":"2030-01-01T00:00:00Z","until":"2030-01-01T00:00:00Z"}`,
		"long ID":           `{"sid":"` + strings.Repeat("a", 200) + `","until":"2030-01-01T00:00:00Z"}`,
		"too long":          `{"sid":"abc","until":"2030-01-01T00:00:00Z","x":"` + strings.Repeat("a", 5000) + `"}`,
		"wrong types":       `{"sid":1,"until":2}`,
	} {
		if r, err := decodeRevocation([]byte(in)); err == nil {
			t.Errorf("%s: decoded as %+v; want an error", name, r)
		}
	}
}

// FuzzDecodeRevocation: whatever is on the channel or in the sorted set,
// the decoder never panics, and what it accepts revokes something, has an
// end, and encodes back to a message it accepts again.
func FuzzDecodeRevocation(f *testing.F) {
	f.Add([]byte(`{"sid":"abc","until":"2030-01-01T00:00:00Z"}`))
	f.Add([]byte(`{"match":"u\u0000prof_1","before":"2029-01-01T00:00:00Z","until":"2030-01-01T00:00:00Z"}`))
	f.Add([]byte(`{"match":"e\u0000org\u0000a@b","before":"2029-01-01T00:00:00Z","until":"2030-01-01T00:00:00Z","sid":"x"}`))
	f.Add([]byte(`{"sid":"abc"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := decodeRevocation(b)
		if err != nil {
			return
		}
		if r.SessionID == "" && r.Match.IsZero() || r.Until.IsZero() || !r.Match.IsZero() && r.Before.IsZero() {
			t.Fatalf("accepted %q as %+v", b, r)
		}
		again, err := encodeRevocation(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := decodeRevocation([]byte(again)); err != nil && len(again) <= maxMessageLen {
			t.Fatalf("re-encoded %q is refused: %v", again, err)
		}
	})
}

// FuzzDecodeRecord: whatever a session key holds, the decoder never
// panics, and what it accepts has an ID, a profile and an expiry.
func FuzzDecodeRecord(f *testing.F) {
	s := &core.Session{ID: "sid", Profile: core.Profile{ID: "prof_1", Email: "a@b.test"}, SignedInAt: time.Now(), IssuedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}
	rec, err := encodeRecord(s, sha256.Sum256([]byte("secret")))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(rec)
	f.Add([]byte(recordMagic))
	f.Add(append([]byte(recordMagic+strings.Repeat("h", 32)), `{"v":1}`...))
	f.Add([]byte(`{"v":1,"sid":"x","exp":1,"p":{"id":"p"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, sess, err := decodeRecord(b)
		if err != nil {
			if sess != nil {
				t.Fatal("a session beside an error")
			}
			return
		}
		if sess.ID == "" || sess.Profile.ID == "" || sess.ExpiresAt.Unix() <= 0 {
			t.Fatalf("accepted %q as %+v", b, sess)
		}
	})
}

func TestDecodeRecord(t *testing.T) {
	s := &core.Session{ID: "sid", Profile: core.Profile{ID: "prof_1"}, SignedInAt: time.UnixMilli(1700000000123), IssuedAt: time.Unix(1700000000, 0), ExpiresAt: time.Unix(1800000000, 0)}
	hash := sha256.Sum256([]byte("secret"))
	rec, err := encodeRecord(s, hash)
	if err != nil {
		t.Fatal(err)
	}
	h, got, err := decodeRecord(rec)
	if err != nil || h != hash || got.ID != "sid" || !got.SignedInAt.Equal(s.SignedInAt) || !got.ExpiresAt.Equal(s.ExpiresAt) {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	js, _ := json.Marshal(map[string]any{"v": 1})
	for name, in := range map[string][]byte{
		"empty":        nil,
		"magic only":   []byte(recordMagic),
		"no magic":     append(make([]byte, 35), rec[35:]...),
		"short hash":   []byte(recordMagic + "abc"),
		"bad session":  append([]byte(recordMagic+strings.Repeat("h", 32)), js...),
		"json session": rec[35:],
		"truncated":    rec[:len(rec)-2],
	} {
		if _, s, err := decodeRecord(in); err == nil {
			t.Errorf("%s: decoded as %+v; want an error", name, s)
		}
	}
}
