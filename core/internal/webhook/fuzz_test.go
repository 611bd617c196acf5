package webhook

import (
	"testing"
	"time"
)

// FuzzParseHeader: any header parses or is refused, never panics, and a
// parsed one has a timestamp and 32-byte signatures.
func FuzzParseHeader(f *testing.F) {
	f.Add(Sign(secret, body, time.UnixMilli(1700000000000)))
	f.Add("t=1, v1=00")
	f.Add("t=, v1=")
	f.Add(",,,")
	f.Add("t=1700000000000,v1=" + string(make([]byte, 64)))
	f.Fuzz(func(t *testing.T, h string) {
		s, err := ParseHeader(h)
		if err != nil {
			return
		}
		if s.Timestamp == "" || len(s.V1) == 0 {
			t.Fatalf("parsed %q without t or v1", h)
		}
		for _, v := range s.V1 {
			if len(v) != 32 {
				t.Fatalf("v1 of %d bytes", len(v))
			}
		}
	})
}

// FuzzVerify: a header that verifies for a body must be the one Sign
// makes (up to extra values): nothing else forges.
func FuzzVerify(f *testing.F) {
	now := time.UnixMilli(1700000000000)
	f.Add(Sign(secret, body, now), body)
	f.Add("t=1700000000000, v1=00", []byte("{}"))
	f.Fuzz(func(t *testing.T, h string, b []byte) {
		if _, err := Verify(h, b, []string{secret}, now, DefaultTolerance); err != nil {
			return
		}
		s, _ := ParseHeader(h)
		want := mac(secret, s.Timestamp, b)
		found := false
		for _, v := range s.V1 {
			if string(v) == string(want) {
				found = true
			}
		}
		if !found {
			t.Fatalf("verified without the right signature: %q", h)
		}
	})
}

// FuzzDecode: any body decodes or is refused, never panics; a decoded
// event has an ID, a type and object data, and typed data where its type
// calls for it.
func FuzzDecode(f *testing.F) {
	f.Add(body)
	f.Add([]byte(`{"id":"e1","event":"dsync.group.user_removed","data":{"user":{},"group":{}}}`))
	f.Add([]byte(`{"id":"e1","event":"connection.deleted","data":{"id":"c"}}`))
	f.Add([]byte(`{"id":"e1","event":"organization.deleted","data":{"id":"o"},"created_at":"2023-04-28 20:05:31.093"}`))
	f.Add([]byte(`{"id":"e1","event":"x","data":{},"created_at":5}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := Decode(b)
		if err != nil {
			return
		}
		if e.ID == "" || e.Type == "" || !isObject(e.Data) {
			t.Fatalf("decoded %q into %+v", b, e)
		}
		switch {
		case e.Type == "dsync.group.user_removed" && (e.DirectoryUser == nil || e.DirectoryGroup == nil):
			t.Fatalf("membership event without user or group: %q", b)
		case e.Type == "dsync.user.deleted" && e.DirectoryUser == nil:
			t.Fatalf("user event without user: %q", b)
		}
		if e.DirectoryUser != nil {
			_ = e.DirectoryUser.Addresses()
		}
	})
}
