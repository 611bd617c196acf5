package redisstore_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	workoshttp "github.com/ssokit/workosauth/adapters/nethttp"
	"github.com/ssokit/workosauth/core/store"
	"github.com/ssokit/workosauth/internal/redistest"
)

// legacyRecords is testdata/records_v1.json: a session record written by
// the store before the bytes-level store contract (commit 2a75d04's
// redisstore.Store.Save, the session's JSON after the hash), under its
// key, with the cookie's token.
type legacyRecords struct {
	ClientID string `json:"client_id"`
	Key      string `json:"key"`
	Token    string `json:"token"`
	Record   string `json:"record"` // base64
}

// A session record written by the earlier store opens after the change,
// through core, to the profile it held; its next renewal rewrites it in
// the current layout, under the same token.
func TestTodaysRecordsOpen(t *testing.T) {
	raw, err := os.ReadFile("testdata/records_v1.json")
	if err != nil {
		t.Fatal(err)
	}
	var lr legacyRecords
	if err := json.Unmarshal(raw, &lr); err != nil {
		t.Fatal(err)
	}
	rec, err := base64.StdEncoding.DecodeString(lr.Record)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(rec), "wa1") {
		t.Fatalf("testdata record starts %q, want the earlier layout", rec[:3])
	}
	srv := redistest.Start(t)
	ctx := context.Background()
	if err := srv.Client().Set(ctx, lr.Key, rec, 0).Err(); err != nil {
		t.Fatal(err)
	}
	in := newInstance(t, srv.Client(), instanceOpts{clientID: lr.ClientID})
	h := workoshttp.RequireWorkOS(in.auth)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := workoshttp.Profile(r)
		json.NewEncoder(w).Encode(map[string]any{"id": p.ID, "email": p.Email, "org": p.OrganizationID, "admin": p.HasRole("admin"), "groups": p.Groups, "dept": p.CustomAttributes["department"]})
	}))
	r := httptest.NewRequest("GET", "http://app.test/api/me", nil)
	r.Header.Set("Accept", "application/json")
	r.AddCookie(&http.Cookie{Name: "wos-session", Value: lr.Token})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	want := `{"admin":true,"dept":"R\u0026D","email":"alice@acme.test","groups":["eng","ops"],"id":"prof_legacy","org":"org_acme"}`
	if w.Code != http.StatusOK || strings.TrimSpace(w.Body.String()) != want {
		t.Fatalf("the earlier record through core: %d %s; want 200 %s", w.Code, w.Body, want)
	}

	// A renewal (as core makes one) keeps the token and rewrites the
	// record in the current layout.
	old, err := in.store.Load(ctx, lr.Token)
	if err != nil {
		t.Fatal(err)
	}
	renewed := store.Record{ID: old.ID, Data: old.Data, ExpiresAt: time.Now().Add(time.Hour).Truncate(time.Second)}
	if tok, err := in.store.Renew(ctx, lr.Token, renewed); err != nil || tok != lr.Token {
		t.Fatalf("Renew of the earlier record: %q, %v", tok, err)
	}
	if now := srv.Client().Get(ctx, lr.Key).Val(); !strings.HasPrefix(now, "wa2") {
		t.Fatalf("the renewed record starts %q, want the current layout", now[:3])
	}
	if got, err := in.store.Load(ctx, lr.Token); err != nil || string(got.Data) != string(old.Data) {
		t.Fatalf("the renewed record: %v", err)
	}
}
