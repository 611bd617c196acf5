package redisstore

import (
	"bytes"
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

func TestDecodeRevocation(t *testing.T) {
	until := time.Now().Add(time.Hour).Truncate(time.Second)
	good := []store.Revocation{
		{SessionID: "abc", Until: until},
		{Match: "u\x00prof_1", Before: until.Add(-time.Hour), Until: until},
		{Match: "e\x00org_1\x00a@b.test", Before: until.Add(-time.Hour), Until: until},
		{SessionID: "made", Until: until, Made: until.Add(-time.Hour + 1234*time.Millisecond)}, // when it was made, for the delay
	}
	for _, r := range good {
		b, err := encodeMessage(r) // the channel's message: Made too
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeRevocation([]byte(b))
		if err != nil || got.SessionID != r.SessionID || got.Match != r.Match || !got.Before.Equal(r.Before) || !got.Until.Equal(r.Until) || !got.Made.Equal(r.Made) {
			t.Fatalf("round trip of %+v: %+v, %v", r, got, err)
		}
		member, _ := encodeRevocation(r)
		if got, err := decodeRevocation([]byte(member)); err != nil || !got.Made.IsZero() {
			t.Fatalf("the member of %+v keeps Made: %+v, %v", r, got, err)
		}
	}
	for name, in := range map[string]string{
		"empty":           ``,
		"not JSON":        `revoke everyone`,
		"nothing revoked": `{"until":"2030-01-01T00:00:00Z"}`,
		"no end":          `{"sid":"abc"}`,
		"match, no time":  `{"match":"u\u0000prof_1","until":"2030-01-01T00:00:00Z"}`,
		"long ID":         `{"sid":"` + strings.Repeat("a", 200) + `","until":"2030-01-01T00:00:00Z"}`,
		"too long":        `{"sid":"abc","until":"2030-01-01T00:00:00Z","x":"` + strings.Repeat("a", 5000) + `"}`,
		"wrong types":     `{"sid":1,"until":2}`,
	} {
		if r, err := decodeRevocation([]byte(in)); err == nil {
			t.Errorf("%s: decoded as %+v; want an error", name, r)
		}
	}
}

// The members earlier versions of the store wrote (a store.Revocation's
// JSON) are the members this one writes: a revocation recorded again
// after Redis lost it is not recorded twice.
func TestRevocationMembersUnchanged(t *testing.T) {
	for want, r := range map[string]store.Revocation{
		`{"sid":"abc","until":"2030-01-01T00:00:01Z"}`: {SessionID: "abc", Until: time.Date(2030, 1, 1, 0, 0, 0, 1, time.UTC)},
		`{"match":"u\u0000prof_1","before":"2029-12-31T23:00:00.123Z","until":"2030-01-01T00:00:00Z"}`: {
			Match: "u\x00prof_1", Before: time.Date(2029, 12, 31, 23, 0, 0, 123456789, time.UTC), Until: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if got, err := encodeRevocation(r); err != nil || got != want {
			t.Errorf("encodeRevocation(%+v) = %s, %v; want %s", r, got, err, want)
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
		if r.SessionID == "" && r.Match == "" || r.Until.IsZero() || r.Match != "" && r.Before.IsZero() {
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

// legacyRecord is a record as earlier versions wrote it: the legacy
// magic, the hash, the session's JSON.
func legacyRecord(hash [sha256.Size]byte, json string) []byte {
	return append(append([]byte(legacyMagic), hash[:]...), json...)
}

// FuzzDecodeRecord: whatever a session key holds, the decoder never
// panics, and what it accepts has an expiry and, in the legacy layout,
// the session's ID.
func FuzzDecodeRecord(f *testing.F) {
	hash := sha256.Sum256([]byte("secret"))
	rec, err := encodeRecord(store.Record{ID: "sid", Data: []byte{2, 0, 3, 's', 'i', 'd'}, ExpiresAt: time.Now().Add(time.Hour)}, hash)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(rec)
	f.Add([]byte(recordMagic))
	f.Add(legacyRecord(hash, `{"v":1,"sid":"x","exp":1,"p":{"id":"p"}}`))
	f.Add(legacyRecord(hash, `{"v":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, r, legacyID, err := decodeRecord(b)
		if err != nil {
			return
		}
		if r.ExpiresAt.IsZero() || bytes.HasPrefix(b, []byte(legacyMagic)) && legacyID == "" {
			t.Fatalf("accepted %q as %+v (%q)", b, r, legacyID)
		}
	})
}

func TestDecodeRecord(t *testing.T) {
	in := store.Record{ID: "sid", Data: []byte("\x02core's bytes\x00\xff"), ExpiresAt: time.Now().Add(time.Hour).Truncate(time.Millisecond)}
	hash := sha256.Sum256([]byte("secret"))
	rec, err := encodeRecord(in, hash)
	if err != nil {
		t.Fatal(err)
	}
	h, got, legacyID, err := decodeRecord(rec)
	if err != nil || h != hash || legacyID != "" || !bytes.Equal(got.Data, in.Data) || !got.ExpiresAt.Equal(in.ExpiresAt) {
		t.Fatalf("round trip: %+v %q, %v", got, legacyID, err)
	}
	js := `{"v":1,"sid":"old","iat":1700000000,"exp":1800000000,"p":{"id":"prof_1"}}`
	h, got, legacyID, err = decodeRecord(legacyRecord(hash, js))
	if err != nil || h != hash || legacyID != "old" || string(got.Data) != js || got.ExpiresAt.Unix() != 1800000000 {
		t.Fatalf("legacy record: %+v %q, %v", got, legacyID, err)
	}
	for name, in := range map[string][]byte{
		"empty":          nil,
		"magic only":     []byte(recordMagic),
		"no magic":       append(make([]byte, 35), rec[35:]...),
		"short hash":     []byte(recordMagic + "abc"),
		"no expiry":      rec[:headerLen+4],
		"legacy, no ID":  legacyRecord(hash, `{"v":1,"exp":1800000000}`),
		"legacy, no exp": legacyRecord(hash, `{"v":1,"sid":"x"}`),
		"legacy, binary": legacyRecord(hash, "\x02abc"),
		"too long":       append(rec, make([]byte, maxRecordLen)...),
	} {
		if _, r, _, err := decodeRecord(in); err == nil {
			t.Errorf("%s: decoded as %+v; want an error", name, r)
		}
	}
}
