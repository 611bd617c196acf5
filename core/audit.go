package core

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"
)

// AuditType names an audit event.
type AuditType string

// The audit events core logs and hands to [EventConfig.OnAudit].
const (
	// AuditSignIn: a sign-in succeeded and the session was set.
	AuditSignIn AuditType = "signin"
	// AuditSignInRefused: a sign-in was refused or failed (AuditEvent.Code
	// says why): at the start (no SSO for the domain) or at the callback
	// (denied at the identity provider, a wrong or used state, a refused
	// code, OnSignIn refusing, WorkOS failing).
	AuditSignInRefused AuditType = "signin_refused"
	// AuditSignOut: a session ended by sign-out.
	AuditSignOut AuditType = "signout"
	// AuditRevocation: sessions were revoked (Auth.RevokeSession, RevokeUser,
	// RevokeMatching, sign-out).
	AuditRevocation AuditType = "revocation"
	// AuditRefresh: an AuthKit session's access token was refreshed at
	// WorkOS (once per refresh, not per request that waited for it), or
	// its organization switched.
	AuditRefresh AuditType = "refresh"
	// AuditConfigProblem: something the app's operator must fix: WorkOS
	// refusing the app's credentials, a sign-in page template failing, a
	// risky setting.
	AuditConfigProblem AuditType = "config_problem"
)

// AuditEvent is an audit event. It never holds a secret, a code, a token or
// a cookie value.
type AuditEvent struct {
	// Type is what happened.
	Type AuditType
	// Time is when.
	Time time.Time
	// Session is the session signed in, refreshed or out; nil for other
	// events. An AuthKit session's access and refresh tokens are left out
	// (empty): the event is for logs and audit trails, which must not
	// hold them.
	Session *Session
	// UserID, OrganizationID and ConnectionID say who, when known
	// (prof_..., org_..., conn_...).
	UserID, OrganizationID, ConnectionID string
	// Method is how the sign-in was asked for: "email", "domain",
	// "connection", "organization", "provider" or "default" (the
	// configured selector); empty when unknown. An AuthKit profile
	// OnSignIn refused after sign-in says where: "refresh" or
	// "organization_switch".
	Method string
	// Domain is the email domain a sign-in named, if any.
	Domain string
	// ClientIP is the client's address as the trusted-proxy rules see it:
	// the peer's, or, from a trusted proxy, the first untrusted address of
	// X-Forwarded-For counted from the right.
	ClientIP string
	// Code is the refusal's or problem's machine code (an *Error's Code).
	Code string
	// Status is the HTTP status answered, for a refused sign-in.
	Status int
	// Match is what a revocation by match selected (Match.String hides
	// email addresses); SessionID the session a revocation ended.
	Match, SessionID string
	// Impersonator is set when the session is an impersonation (a WorkOS
	// admin signed in as the user, see [Impersonator]): the admin's email
	// with its local part hidden ("…@example.com"), as Match.String shows
	// emails. The full address and the reason are in
	// Session.AuthKit.Impersonator, for OnAudit.
	Impersonator string
	// Message says it in plain words.
	Message string
}

// logAttrs are the event's fields for the log, empty ones left out.
func (e AuditEvent) logAttrs() []any {
	attrs := []any{slog.String("event", string(e.Type))}
	add := func(k, v string) {
		if v != "" {
			attrs = append(attrs, slog.String(k, v))
		}
	}
	add("user", e.UserID)
	add("organization", e.OrganizationID)
	add("connection", e.ConnectionID)
	add("method", e.Method)
	add("domain", e.Domain)
	add("client_ip", e.ClientIP)
	add("code", e.Code)
	if e.Status != 0 {
		attrs = append(attrs, slog.Int("status", e.Status))
	}
	add("session", e.SessionID)
	add("match", e.Match)
	add("impersonator", e.Impersonator)
	return attrs
}

// emit logs e (Info for what went well, Warn for refusals and problems)
// and hands it to Config.Events.OnAudit, then, for a sign-out, to
// Config.OnSignOut. Hooks run after the fact; their errors are logged.
func (a *Auth) emit(ctx context.Context, e AuditEvent) {
	ctx = ctxOrBackground(ctx)
	if e.Time.IsZero() {
		e.Time = a.now()
	}
	a.observe(ctx, &e)
	signedOut := e.Session
	e.Session = withoutTokens(e.Session)
	level := slog.LevelInfo
	if e.Type == AuditSignInRefused || e.Type == AuditConfigProblem {
		level = slog.LevelWarn
	}
	msg := "workosauth: " + strings.ReplaceAll(string(e.Type), "_", " ")
	if e.Message != "" {
		msg += ": " + e.Message
	}
	a.log.Log(ctx, level, msg, e.logAttrs()...)
	if a.cfg.Events.OnAudit != nil {
		if err := a.cfg.Events.OnAudit(ctx, e); err != nil {
			a.log.WarnContext(ctx, "workosauth: OnAudit failed", "event", string(e.Type), "error", err)
		}
	}
	if e.Type == AuditSignOut && signedOut != nil && a.cfg.Sessions.OnSignOut != nil {
		if err := a.cfg.Sessions.OnSignOut(ctx, signedOut); err != nil {
			a.log.WarnContext(ctx, "workosauth: OnSignOut failed", "user", e.UserID, "error", err)
		}
	}
}

// sessionEvent is an event about session s.
func (a *Auth) sessionEvent(x exchange, t AuditType, s *Session) AuditEvent {
	e := AuditEvent{Type: t, ClientIP: a.clientIP(x)}
	e.about(s)
	return e
}

// about fills in who the event is about: session s, if any.
func (e *AuditEvent) about(s *Session) {
	if s == nil {
		return
	}
	e.Session = s
	e.UserID, e.OrganizationID, e.ConnectionID, e.SessionID = s.Profile.ID, s.Profile.OrganizationID, s.Profile.ConnectionID, s.ID
	if s.AuthKit != nil && s.AuthKit.Impersonator != nil {
		e.Impersonator = hiddenEmail(s.AuthKit.Impersonator.Email)
	}
}

// hiddenEmail is an email address with its local part hidden, for logs:
// "…@example.com"; "…" for what is not an address.
func hiddenEmail(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i < len(addr)-1 {
		return "…@" + addr[i+1:]
	}
	return "…"
}

// signedIn records a successful sign-in through flow f.
func (a *Auth) signedIn(x exchange, s *Session, f *flow) {
	e := a.sessionEvent(x, AuditSignIn, s)
	e.Method, e.Domain = f.Method, f.Domain
	a.emit(x.Context(), e)
}

// refused records a sign-in refused with e. It reads what it can of the
// request's flow (the method), without using it.
func (a *Auth) refused(x exchange, err *Error, method, domain string) {
	ev := AuditEvent{Type: AuditSignInRefused, ClientIP: a.clientIP(x), Code: err.Code, Status: err.Status, Method: method, Domain: domain}
	if method == "" {
		if f := a.requestFlow(x); f != nil {
			ev.Method, ev.Domain = f.Method, f.Domain
		}
	}
	a.emit(x.Context(), ev)
	if err.Code == "invalid_client" {
		a.emit(x.Context(), AuditEvent{Type: AuditConfigProblem, Code: err.Code, Message: "WorkOS refused the app's client ID or API key"})
	}
}

// requestFlow opens the flow a callback names, or nil.
func (a *Auth) requestFlow(x exchange) *flow {
	state, _ := one(x, "state")
	if state == "" || len(state) > 512 {
		return nil
	}
	name := a.flowCookieName(state)
	v, ok := x.Cookie(name)
	if !ok {
		return nil
	}
	f, err := a.openFlow(name, v)
	if err != nil || !f.stateMatches(state) {
		return nil
	}
	return f
}

// auditMethod names how a sign-in request chose its selector.
func auditMethod(req *signInRequest) string {
	switch {
	case req.email != "":
		return "email"
	case req.domain != "":
		return "domain"
	case req.named == 0:
		return "default"
	case req.sel.Connection != "":
		return "connection"
	case req.sel.Organization != "":
		return "organization"
	case req.sel.Provider != "":
		return "provider"
	}
	return ""
}

// clientIP is the client's address as the trusted-proxy rules see it:
// the peer's, or, when the peer is a trusted proxy, the first address of
// X-Forwarded-For from the right that is not a trusted proxy.
func (a *Auth) clientIP(x exchange) string {
	peer := x.RemoteAddr()
	host, _, err := net.SplitHostPort(peer)
	if err != nil {
		host = peer
	}
	if !a.proxies.trusts(peer) {
		return host
	}
	hops := strings.Split(x.Header("X-Forwarded-For"), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h := strings.TrimSpace(hops[i])
		addr, err := netip.ParseAddr(h)
		if err != nil {
			break // garbage: what lies beyond it cannot be trusted
		}
		if !a.proxies.trusts(net.JoinHostPort(addr.String(), "0")) {
			return addr.String()
		}
		host = addr.String()
	}
	return host
}

// warnConfig logs the settings New accepts but an operator should know
// about.
func (a *Auth) warnConfig() {
	ctx := context.Background()
	if !a.secure && !isLoopbackHost(a.host) {
		a.emit(ctx, AuditEvent{Type: AuditConfigProblem, Code: "insecure_redirect_uri",
			Message: "RedirectURI is plain http on a host that is not loopback: cookies are not Secure; use https in production"})
	}
	if a.sameSite == http.SameSiteNoneMode {
		a.emit(ctx, AuditEvent{Type: AuditConfigProblem, Code: "samesite_none",
			Message: "SameSite None sends the session cookie on cross-site requests; guard state-changing routes against CSRF"})
	}
}
