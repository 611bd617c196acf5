package workostest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// The AuthKit (User Management) part of the emulator:
//
//	GET  /user_management/authorize            start a sign-in (the hosted page stand-in, or a redirect at once)
//	POST /user_management/authorize/complete   the hosted page's form target (emulator only)
//	POST /user_management/authenticate         authorization_code and refresh_token grants
//	GET  /sso/jwks/{client_id}                 the key set access tokens are signed under
//	GET  /user_management/sessions/logout      end a session and redirect to return_to
//	GET  /user_management/users/{id}           read a user (API key)
//
// and, in memberships.go and sessions.go, the organization memberships
// and the Sessions API.
//
// AuthKit users are the seed's SSO users, one per email: user_... IDs
// derived from their profile IDs (prof_01DEMOALICE is user_01DEMOALICE),
// a membership in the organization of each connection that lists them,
// with its role and the role's permissions (Options.RolePermissions).
// Access tokens carry the membership's role and permissions as they are
// when the token is issued: a change reaches a session at its next
// refresh.

// Endpoint names of the AuthKit part, as Calls and InjectFault take them.
const (
	endpointUMAuthorize   = "/user_management/authorize"
	endpointUMComplete    = "/user_management/authorize/complete"
	endpointAuthenticate  = "/user_management/authenticate"
	endpointJWKS          = "/sso/jwks/{client_id}"
	endpointLogout        = "/user_management/sessions/logout"
	endpointUser          = "/user_management/users/{id}"
	defaultAccessTokenTTL = 5 * time.Minute
	umProviderAuthKit     = "authkit"
	impersonationMethod   = "Impersonation"
)

// DefaultRolePermissions are the permissions of the demo roles when
// Options.RolePermissions is nil.
func DefaultRolePermissions() map[string][]string {
	return map[string][]string{"admin": {"widgets:read", "widgets:write"}, "member": {"widgets:read"}}
}

// AuthKitUser is an AuthKit user of the emulator and its memberships.
type AuthKitUser struct {
	// ID is user_..., Email its address.
	ID, Email string
	// FirstName and LastName come from the seed's SSO user.
	FirstName, LastName string
	// Memberships are the user's active organization memberships.
	Memberships []Membership
}

// Membership is an organization membership: a role and its permissions.
type Membership struct {
	// ID is the membership ID (om_...).
	ID string
	// OrganizationID is the organization (org_...).
	OrganizationID string
	// Role is the primary role's slug; Roles all of them.
	Role  string
	Roles []string
	// Permissions are the roles' permissions (Options.RolePermissions).
	Permissions []string
}

// signingKey is an RSA key the emulator signs access tokens with.
type signingKey struct {
	kid  string
	priv *rsa.PrivateKey
}

type umCode struct {
	redirectURI, challenge string
	userID                 string
	org, method            string
	expires                time.Time
	used                   bool
}

// umSelection is a sign-in waiting for the user's organization
// (organization_selection_required).
type umSelection struct {
	userID  string
	method  string
	expires time.Time
	used    bool
}

type umRefresh struct {
	session *umSession
	used    bool
}

type umPending struct {
	authRequest
	users   []AuthKitUser
	org     string // the organization the sign-in is for; "" on the hosted page or with a provider
	hosted  bool   // the hosted page: the user picks an organization there
	method  string
	expires time.Time
}

// umState is the AuthKit state; guarded by Server.mu.
type umState struct {
	keys         []*signingKey // keys[0] signs; all are published
	codes        map[string]*umCode
	sessions     map[string]*umSession
	refresh      map[string]*umRefresh
	pending      map[string]*umPending
	selections   map[string]*umSelection // by pending_authentication_token
	accessTTL    time.Duration
	impersonator map[string]any // the next sign-ins impersonate, when set
	refreshes    int
}

// um returns the AuthKit state, made on first use (an RSA key takes a
// moment to generate). s.mu is held.
func (s *Server) um() *umState {
	if s.umState == nil {
		s.umState = &umState{keys: []*signingKey{newSigningKey()}, codes: map[string]*umCode{}, sessions: map[string]*umSession{},
			refresh: map[string]*umRefresh{}, pending: map[string]*umPending{}, selections: map[string]*umSelection{}, accessTTL: defaultAccessTokenTTL}
	}
	return s.umState
}

func newSigningKey() *signingKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic("workostest: " + err.Error())
	}
	return &signingKey{kid: "sso_oidc_key_pair_01" + strings.ToUpper(randomToken()[:24]), priv: k}
}

// authKitUsers are the AuthKit users with their active memberships. s.mu
// is held.
func (s *Server) authKitUsers() []AuthKitUser {
	out := make([]AuthKitUser, 0, len(s.people.users))
	for _, u := range s.people.users {
		out = append(out, s.people.public(u))
	}
	return out
}

func (u AuthKitUser) member(org string) *Membership {
	for i := range u.Memberships {
		if u.Memberships[i].OrganizationID == org {
			return &u.Memberships[i]
		}
	}
	return nil
}

// ---- GET /user_management/authorize ----

func (s *Server) umAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for _, name := range append(singleParams(), "provider", "organization_id", "connection_id", "screen_hint") {
		if len(q[name]) > 1 {
			s.badRequest(w, fmt.Sprintf("The %s parameter is given more than once.", name))
			return
		}
	}
	if q.Get("client_id") != s.clientID {
		s.badRequest(w, fmt.Sprintf("Invalid client ID %q.", q.Get("client_id")))
		return
	}
	redirectURI := q.Get("redirect_uri")
	if !slices.Contains(s.RedirectURIs(), redirectURI) {
		s.badRequest(w, fmt.Sprintf("Invalid redirect URI %q: it is not in the list of allowed redirect URIs.", redirectURI))
		return
	}
	back, err := url.Parse(redirectURI)
	if err != nil || !back.IsAbs() {
		s.badRequest(w, "The redirect URI is not an absolute URL.")
		return
	}
	if q.Get("response_type") != "code" {
		s.badRequest(w, "response_type must be code.")
		return
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	if (challenge != "" || method != "") && (method != "S256" || !validChallenge(challenge)) {
		s.badRequest(w, "The only valid PKCE code challenge method is S256, with a 43-character challenge.")
		return
	}
	req := authRequest{back: back, state: q.Get("state"), challenge: challenge}
	fail := func(code, desc string) {
		redirectBack(w, r, req, url.Values{"error": {code}, "error_description": {desc}})
	}
	provider, connID, orgID := q.Get("provider"), q.Get("connection_id"), q.Get("organization_id")
	switch {
	case provider == "" && connID == "" && orgID == "":
		desc := "Need to specify either a provider, connection_id or organization_id."
		if q.Get("organization") != "" || q.Get("connection") != "" {
			desc += " (organization and connection are parameters of /sso/authorize; AuthKit takes organization_id and connection_id)"
		}
		fail("invalid_request", desc)
		return
	case connID != "" && (orgID != "" || provider != ""), orgID != "" && provider != "" && provider != umProviderAuthKit:
		fail("invalid_request", "provider, connection_id and organization_id are mutually exclusive (except provider=authkit with organization_id).")
		return
	case q.Get("screen_hint") != "" && provider != umProviderAuthKit:
		fail("invalid_request", "screen_hint is only supported for provider authkit.")
		return
	}
	s.mu.Lock()
	users := s.authKitUsers()
	s.mu.Unlock()
	p := &umPending{authRequest: req, method: "Password"}
	if provider == umProviderAuthKit && orgID == "" {
		p.users, p.hosted = users, true
	} else {
		sso := url.Values{}
		switch {
		case connID != "":
			sso.Set("connection", connID)
		case orgID != "":
			sso.Set("organization", orgID)
		default:
			sso.Set("provider", provider)
		}
		conn, _, errCode, desc := s.selectConnection(sso)
		if errCode != "" {
			fail(errCode, desc)
			return
		}
		p.org, p.method = conn.OrganizationID, "SSO"
		if conn.Provider != "" {
			p.method = conn.Provider
		}
		for _, cu := range conn.Users {
			for _, u := range users {
				if strings.EqualFold(u.Email, cu.Email) {
					p.users = append(p.users, u)
				}
			}
		}
	}
	var chosen *AuthKitUser
	if hint := strings.TrimSpace(q.Get("login_hint")); hint != "" {
		for i := range p.users {
			if strings.EqualFold(p.users[i].Email, hint) {
				chosen = &p.users[i]
			}
		}
	}
	if chosen == nil && s.autoSelect && len(p.users) > 0 {
		chosen = &p.users[0]
	}
	if chosen != nil {
		org := p.org
		if p.hosted && len(chosen.Memberships) > 0 {
			org = chosen.Memberships[0].OrganizationID
		}
		redirectBack(w, r, req, url.Values{"code": {s.umIssueCode(p, *chosen, org)}})
		return
	}
	s.mu.Lock()
	id := randomToken()
	p.expires = s.now().Add(pendingTTL)
	s.um().pending[id] = p
	s.mu.Unlock()
	s.umShowHostedPage(w, id, p)
}

// umIssueCode records a code for user signing in to org.
func (s *Server) umIssueCode(p *umPending, u AuthKitUser, org string) string {
	code := randomToken()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.um().codes[code] = &umCode{redirectURI: p.back.String(), challenge: p.challenge, userID: u.ID, org: org, method: p.method, expires: s.now().Add(s.codeTTL)}
	return code
}

// umComplete answers the hosted page's forms: sign in as a user, in one of
// their organizations, or deny.
func (s *Server) umComplete(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxRequestBodyBytes)
	if err := r.ParseForm(); err != nil {
		s.badRequest(w, "The form could not be read.")
		return
	}
	id := r.PostForm.Get("request")
	s.mu.Lock()
	p := s.um().pending[id]
	delete(s.um().pending, id)
	s.mu.Unlock()
	if p == nil || s.now().After(p.expires) {
		s.badRequest(w, "This sign-in page has expired or was already used. Start the sign-in again.")
		return
	}
	if r.PostForm.Get("action") == "deny" {
		redirectBack(w, r, p.authRequest, url.Values{"error": {"access_denied"}, "error_description": {"The user denied the sign-in."}})
		return
	}
	for _, u := range p.users {
		if u.ID != r.PostForm.Get("user") {
			continue
		}
		org := r.PostForm.Get("organization")
		if !p.hosted {
			org = p.org // the sign-in's organization (none with a provider: WorkOS may ask later)
		}
		if org != "" && u.member(org) == nil {
			s.badRequest(w, "The user is not a member of that organization.")
			return
		}
		redirectBack(w, r, p.authRequest, url.Values{"code": {s.umIssueCode(p, u, org)}})
		return
	}
	s.badRequest(w, "No such user.")
}

// ---- POST /user_management/authenticate ----

func (s *Server) umAuthenticate(w http.ResponseWriter, r *http.Request) {
	form, _, formErr := readTokenForm(r)
	if s.applyFault(w, r, endpointAuthenticate) {
		return
	}
	if formErr != nil {
		writeOAuthError(w, "invalid_request", formErr.Error())
		return
	}
	if form.Get("client_id") != s.clientID {
		writeOAuthError(w, "invalid_client", "Invalid client ID or secret.")
		return
	}
	secret := form.Get("client_secret")
	if secret != "" && !secretEqual(secret, s.apiKey) {
		writeOAuthError(w, "invalid_client", "Invalid client ID or secret.")
		return
	}
	var events []Event // session.created, delivered once s.mu is released
	s.mu.Lock()
	defer s.unlockAndDeliver(&events)
	st := s.um()
	now := s.now()
	client := sessionClient{ip: form.Get("ip_address"), userAgent: form.Get("user_agent")}
	switch form.Get("grant_type") {
	case "authorization_code":
		c := st.codes[form.Get("code")]
		if secret == "" && (c == nil || c.challenge == "") {
			writeOAuthError(w, "invalid_client", "The client_secret is required unless the authorization used PKCE.")
			return
		}
		if c == nil || c.used || now.After(c.expires) {
			writeOAuthError(w, "invalid_grant", "The code has expired or has already been used.")
			return
		}
		c.used = true
		if c.challenge != "" && !verifierMatches(form.Get("code_verifier"), c.challenge) {
			writeOAuthError(w, "invalid_grant", "The code_verifier does not match the code_challenge.")
			return
		}
		u := s.people.user(c.userID)
		if u == nil {
			writeOAuthError(w, "invalid_grant", "The user no longer exists.")
			return
		}
		user := s.people.public(u)
		org := c.org
		if org != "" && user.member(org) == nil {
			writeOAuthError(w, "organization_membership_not_found", "The user is no longer a member of organization "+org+".")
			return
		}
		if org == "" && len(user.Memberships) == 1 {
			org = user.Memberships[0].OrganizationID // one organization: chosen implicitly
		}
		if org == "" && len(user.Memberships) > 1 {
			s.umSelectionRequired(w, user, c.method)
			return
		}
		sess, e := s.beginSession(u, org, c.method, client)
		events = append(events, e)
		writeJSON(w, http.StatusOK, s.umIssue(sess))
	case "refresh_token":
		st.refreshes++
		rt := st.refresh[form.Get("refresh_token")]
		switch {
		case rt == nil:
			writeOAuthError(w, "invalid_grant", "The refresh token is invalid.")
			return
		case rt.used:
			writeOAuthError(w, "invalid_grant", "Refresh token already exchanged.")
			return
		case rt.session.status != sessionActive:
			writeOAuthError(w, "invalid_grant", "Session has already ended.")
			return
		case !now.Before(rt.session.expires):
			rt.session.status = sessionExpired
			writeOAuthError(w, "invalid_grant", "Session has expired.")
			return
		}
		sess := rt.session
		if org := form.Get("organization_id"); org != "" && org != sess.org {
			if !slices.ContainsFunc(s.seed.Organizations, func(o Organization) bool { return o.ID == org }) {
				writeOAuthError(w, "organization_not_found", "Organization "+org+" not found.")
				return
			}
			if s.people.activeMembership(sess.userID, org) == nil {
				writeOAuthError(w, "organization_membership_not_found", "The user is not a member of organization "+org+".")
				return
			}
			sess.org = org
		}
		rt.used = true
		writeJSON(w, http.StatusOK, s.umIssue(sess))
	case "urn:workos:oauth:grant-type:organization-selection":
		sel := st.selections[form.Get("pending_authentication_token")]
		org := form.Get("organization_id")
		switch {
		case !secretEqual(secret, s.apiKey):
			writeOAuthError(w, "invalid_client", "The client_secret is required for this grant.")
			return
		case sel == nil || sel.used || now.After(sel.expires) || s.people.user(sel.userID) == nil:
			writeJSON(w, http.StatusBadRequest, map[string]any{"code": "invalid_pending_authentication_token", "message": "The pending authentication token is invalid or has expired."})
			return
		case s.people.activeMembership(sel.userID, org) == nil:
			writeOAuthError(w, "organization_membership_not_found", "The user is not a member of that organization.")
			return
		}
		sel.used = true
		sess, e := s.beginSession(s.people.user(sel.userID), org, sel.method, client)
		events = append(events, e)
		writeJSON(w, http.StatusOK, s.umIssue(sess))
	default:
		writeOAuthError(w, "unsupported_grant_type", "grant_type must be authorization_code, refresh_token or urn:workos:oauth:grant-type:organization-selection.")
	}
}

// umSelectionRequired answers a code exchange of a user of several
// organizations who chose none: 403 organization_selection_required with
// the organizations and a pending token. s.mu is held.
func (s *Server) umSelectionRequired(w http.ResponseWriter, u AuthKitUser, method string) {
	token := randomToken()
	s.um().selections[token] = &umSelection{userID: u.ID, method: method, expires: s.now().Add(s.codeTTL)}
	var orgs []any
	for _, m := range u.Memberships {
		name := m.OrganizationID
		if n := s.orgName(m.OrganizationID); n != "" {
			name = n
		}
		orgs = append(orgs, map[string]any{"id": m.OrganizationID, "name": name})
	}
	writeJSON(w, http.StatusForbidden, map[string]any{"code": "organization_selection_required",
		"message": "The user must choose an organization.", "pending_authentication_token": token, "organizations": orgs, "user": s.people.user(u.ID).json()})
}

// umIssue signs a new access token and refresh token for sess and returns
// the authenticate answer. s.mu is held.
func (s *Server) umIssue(sess *umSession) map[string]any {
	st := s.um()
	refresh := randomToken()
	st.refresh[refresh] = &umRefresh{session: sess}
	out := map[string]any{"user": s.people.user(sess.userID).json(), "access_token": s.umSign(sess, st.accessTTL), "refresh_token": refresh, "authentication_method": sess.method}
	if sess.org != "" {
		out["organization_id"] = sess.org
	}
	if sess.impersonator != nil {
		out["impersonator"] = sess.impersonator
	}
	return out
}

// Issuer is the iss of the emulator's access tokens: its URL plus
// /user_management/ and the client ID, as WorkOS environments made since
// 2025 mint them.
func (s *Server) Issuer() string { return s.URL + "/user_management/" + s.clientID }

// umClaims are the claims of an access token for sess. s.mu is held.
func (s *Server) umClaims(sess *umSession, ttl time.Duration) map[string]any {
	now := s.now()
	c := map[string]any{"iss": s.Issuer(), "sub": sess.userID, "sid": sess.id, "jti": "01" + strings.ToUpper(randomToken()[:24]),
		"iat": now.Unix(), "exp": now.Add(ttl).Unix(), "auth_time": sess.created.Unix()}
	if sess.org != "" {
		c["org_id"] = sess.org
		if m := s.people.activeMembership(sess.userID, sess.org); m != nil {
			c["role"], c["roles"], c["permissions"] = m.role, slices.Clone(m.roles), s.people.permissions(m.roles)
		}
	}
	if sess.impersonator != nil {
		c["act"] = map[string]any{"sub": sess.impersonator["email"]}
	}
	return c
}

func (s *Server) umSign(sess *umSession, ttl time.Duration) string {
	k := s.um().keys[0]
	return signRS256(k.priv, map[string]any{"alg": "RS256", "typ": "JWT", "kid": k.kid}, s.umClaims(sess, ttl))
}

// signRS256 signs header.claims with RSASSA-PKCS1-v1_5 SHA-256.
func signRS256(key *rsa.PrivateKey, header, claims map[string]any) string {
	h, _ := json.Marshal(header)
	c, _ := json.Marshal(claims)
	in := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	sum := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		panic("workostest: " + err.Error())
	}
	return in + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// ---- GET /sso/jwks/{client_id} ----

func (s *Server) umJWKS(w http.ResponseWriter, _ *http.Request, client string) {
	if client != s.clientID {
		writeMessage(w, http.StatusNotFound, "Not Found")
		return
	}
	s.mu.Lock()
	var keys []any
	for _, k := range s.um().keys {
		keys = append(keys, map[string]any{"kty": "RSA", "kid": k.kid, "use": "sig", "alg": "RS256",
			"n": base64.RawURLEncoding.EncodeToString(k.priv.N.Bytes()), "e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.priv.E)).Bytes())})
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"keys": keys})
}

// ---- GET /user_management/sessions/logout ----

func (s *Server) umLogout(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	sess := s.um().sessions[q.Get("session_id")]
	if sess != nil {
		s.endSession(sess)
	}
	s.mu.Unlock()
	if sess == nil {
		writeMessage(w, http.StatusUnprocessableEntity, "Invalid session_id: no such session.")
		return
	}
	ret := q.Get("return_to")
	if ret == "" {
		writeMessage(w, http.StatusUnprocessableEntity, "No return_to, and no App homepage URL is configured.")
		return
	}
	u, err := url.Parse(ret)
	ok := err == nil && slices.ContainsFunc(s.RedirectURIs(), func(ru string) bool {
		b, err := url.Parse(ru)
		return err == nil && b.Scheme == u.Scheme && b.Host == u.Host
	})
	if !ok {
		writeMessage(w, http.StatusUnprocessableEntity, "return_to is not one of the sign-out redirects.")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, ret, http.StatusFound)
}

// ---- GET /user_management/users/{id} ----

func (s *Server) umUser(w http.ResponseWriter, r *http.Request, id string) {
	if !s.authorizeAPI(w, r) {
		return
	}
	s.mu.Lock()
	var body map[string]any
	if u := s.people.user(id); u != nil && u.id == id {
		body = u.json()
	}
	s.mu.Unlock()
	if body != nil {
		writeJSON(w, http.StatusOK, body)
		return
	}
	writeJSON(w, http.StatusNotFound, map[string]any{"code": "entity_not_found", "message": "Could not find user with id '" + id + "'."})
}
