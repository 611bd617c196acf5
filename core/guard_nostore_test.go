package core

import (
	"net/http"
	"testing"
)

func TestNoStoreMarksPassedAnswers(t *testing.T) {
	a := newTestAuth(t, nil)
	cs := sessionCookiesFor(t, a, alice())
	for _, tt := range []struct {
		name     string
		opts     []GuardOption
		cookies  []*http.Cookie
		wantMark bool
	}{
		{"signed in, NoStore", []GuardOption{NoStore()}, cs, true},
		{"anonymous on an optional route, NoStore", []GuardOption{NoStore(), Optional()}, nil, true},
		{"signed in, no option", nil, cs, false},
		{"refused, NoStore", []GuardOption{NoStore()}, nil, false}, // Refuse writes its own no-store
	} {
		x := newFake("GET", "/dashboard").withCookies(tt.cookies...)
		_, d := a.mustGuard(tt.opts...).Check(x)
		marked := x.resp.Get("Cache-Control") == "private, no-store" && x.resp.Get("Vary") == "Cookie"
		if marked != tt.wantMark {
			t.Errorf("%s: denial %v, Cache-Control %q Vary %q; want marked=%v", tt.name, d, x.resp.Get("Cache-Control"), x.resp.Get("Vary"), tt.wantMark)
		}
	}
}
