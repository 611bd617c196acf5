package workostest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

const testRedirect = "http://app.test/auth/callback"

// newTestServer starts an emulator with testRedirect registered.
func newTestServer(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.RedirectURIs == nil {
		opts.RedirectURIs = []string{testRedirect}
	}
	return NewServer(t, opts)
}

// client does not follow redirects.
func client() *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// authorizeURL returns an /sso/authorize URL with client_id, redirect_uri,
// response_type=code and state=st123 set; params override them, and a ""
// value removes one.
func authorizeURL(s *Server, params map[string]string) string {
	q := url.Values{
		"client_id":     {s.ClientID},
		"redirect_uri":  {testRedirect},
		"response_type": {"code"},
		"state":         {"st123"},
	}
	for k, v := range params {
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
	}
	return s.URL + "/sso/authorize?" + q.Encode()
}

type result struct {
	status int
	header http.Header
	body   string
}

func (r result) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %q", err, r.body)
	}
	return m
}

// location returns the query of the Location header.
func (r result) location(t *testing.T) (*url.URL, url.Values) {
	t.Helper()
	loc := r.header.Get("Location")
	if r.status != http.StatusFound || loc == "" {
		t.Fatalf("want a 302 redirect, got %d Location=%q body=%q", r.status, loc, r.body)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	return u, u.Query()
}

func do(t *testing.T, req *http.Request) result {
	t.Helper()
	resp, err := client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return result{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func get(t *testing.T, rawURL string, header ...string) result {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, req)
}

func postForm(t *testing.T, rawURL string, form url.Values) result {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, rawURL, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return do(t, req)
}

func postJSON(t *testing.T, rawURL string, body any) result {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, rawURL, strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return do(t, req)
}

// pkce returns a verifier and its S256 challenge.
func pkce(seed string) (verifier, challenge string) {
	verifier = strings.Repeat(seed, 64)[:64]
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}

// signIn authorizes as the user login_hint names and returns the code.
func signIn(t *testing.T, s *Server, params map[string]string) string {
	t.Helper()
	_, q := get(t, authorizeURL(s, params)).location(t)
	code := q.Get("code")
	if code == "" {
		t.Fatalf("no code in the redirect: %v", q)
	}
	return code
}

// tokenForm returns a valid code-exchange form for code.
func tokenForm(s *Server, code string) url.Values {
	return url.Values{
		"client_id":     {s.ClientID},
		"client_secret": {s.APIKey},
		"grant_type":    {"authorization_code"},
		"code":          {code},
	}
}

// wantOAuthError checks a 400 {"error": code} answer.
func wantOAuthError(t *testing.T, r result, code string) {
	t.Helper()
	if r.status != http.StatusBadRequest {
		t.Fatalf("status = %d, want 400; body %s", r.status, r.body)
	}
	m := r.json(t)
	if m["error"] != code {
		t.Fatalf("error = %v, want %s; body %s", m["error"], code, r.body)
	}
	if d, _ := m["error_description"].(string); d == "" {
		t.Fatalf("no error_description: %s", r.body)
	}
}

// pickerForm reads the request ID and the user IDs of a picker page.
func pickerForm(t *testing.T, body string) (request string, users []string) {
	t.Helper()
	pickerRequestRE := regexp.MustCompile(`name="request" value="([^"]+)"`)
	pickerUserRE := regexp.MustCompile(`name="user" value="([^"]+)"`)
	m := pickerRequestRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no request ID in the picker page:\n%s", body)
	}
	for _, u := range pickerUserRE.FindAllStringSubmatch(body, -1) {
		users = append(users, u[1])
	}
	return m[1], users
}

// fakeClock is a settable clock for Options.Now.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// api calls the emulator's API with the API key: method, path (with its
// query) and, when body is not nil, a JSON body.
func api(t *testing.T, s *Server, method, path string, body any) result {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = strings.NewReader(string(b))
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.APIKey)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return do(t, req)
}

// claims decodes the payload of a JWS (not verified: the emulator signed it).
func claims(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWS: %q", token)
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// refreshGrant exchanges a refresh token, switching to org when set.
func refreshGrant(t *testing.T, s *Server, token, org string) result {
	t.Helper()
	body := map[string]string{"client_id": s.ClientID, "client_secret": s.APIKey, "grant_type": "refresh_token", "refresh_token": token}
	if org != "" {
		body["organization_id"] = org
	}
	return postJSON(t, s.URL+"/user_management/authenticate", body)
}

// eventTypes are the types of the recorded events, oldest first.
func eventTypes(s *Server) []string {
	var out []string
	for _, e := range s.Events() {
		out = append(out, e.Type)
	}
	return out
}
