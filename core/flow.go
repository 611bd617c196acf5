package core

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"golang.org/x/oauth2"
)

// flow is one sign-in under way, sealed into a cookie of its own so that
// several tabs can sign in at once.
type flow struct {
	State    string `json:"s"`
	Verifier string `json:"v"`
	ReturnTo string `json:"r"`
	Created  int64  `json:"c"` // unix nanoseconds: orders flows when pruning
	Expires  int64  `json:"e"` // unix seconds
	// Org and Conn bind the flow to the organization or connection it
	// was started for (flow_binding.go); empty for provider sign-ins.
	Org  string `json:"o,omitempty"`
	Conn string `json:"n,omitempty"`
	// Method and Domain say how the sign-in was asked for, for the audit
	// log: the method, and the email domain it named, if any.
	Method string `json:"m,omitempty"`
	Domain string `json:"d,omitempty"`
}

const flowCookieBase = "wos-flow-"

var errFlow = errors.New("workosauth: invalid flow cookie")

// newFlow makes a flow with a fresh 256-bit state and PKCE verifier.
func (a *Auth) newFlow(returnTo string) *flow {
	now := a.now()
	return &flow{
		State:    randomToken(32),
		Verifier: oauth2.GenerateVerifier(),
		ReturnTo: returnTo,
		Created:  now.UnixNano(),
		Expires:  now.Add(a.cfg.SignIn.FlowLifetime).Unix(),
	}
}

// flowCookieName derives the flow cookie's name from its state, so the
// callback finds the cookie of its own flow among several.
func (a *Auth) flowCookieName(state string) string {
	sum := sha256.Sum256([]byte(state))
	return a.flowPrefix + base64.RawURLEncoding.EncodeToString(sum[:12])
}

func (a *Auth) sealFlow(f *flow) (name, value string, err error) {
	raw, err := json.Marshal(f)
	if err != nil {
		return "", "", err
	}
	name = a.flowCookieName(f.State)
	value, err = a.flowSealer.Seal(raw, bindingAAD("flow", name, a.cfg.ClientID))
	return name, value, err
}

// openFlow opens a flow cookie's value. The cookie name is bound into the
// seal, so a flow cookie cannot be moved under another name.
func (a *Auth) openFlow(name, value string) (*flow, error) {
	raw, _, err := a.flowSealer.Open(value, bindingAAD("flow", name, a.cfg.ClientID))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errFlow, err)
	}
	var f flow
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("%w: %w", errFlow, err)
	}
	if f.State == "" || f.Verifier == "" {
		return nil, errFlow
	}
	return &f, nil
}

// stateMatches compares the state the browser brought back with the
// flow's, in constant time.
func (f *flow) stateMatches(state string) bool {
	return subtle.ConstantTimeCompare([]byte(f.State), []byte(state)) == 1
}

func (f *flow) expired(now time.Time) bool { return now.Unix() >= f.Expires }

// pruneFlows drops the oldest flow cookies so that, with the one about to
// be set, at most MaxFlows remain. Cookies that do not open are dropped
// first.
func (a *Auth) pruneFlows(x exchange) {
	names := a.flowCookieNames(x)
	if len(names) < a.cfg.SignIn.MaxFlows {
		return
	}
	type aged struct {
		name    string
		created int64
	}
	flows := make([]aged, 0, len(names))
	for _, n := range names {
		v, _ := x.Cookie(n)
		created := int64(-1) // garbage goes first
		if f, err := a.openFlow(n, v); err == nil {
			created = f.Created
		}
		flows = append(flows, aged{n, created})
	}
	sort.Slice(flows, func(i, j int) bool { return flows[i].created < flows[j].created })
	for _, f := range flows[:len(flows)-a.cfg.SignIn.MaxFlows+1] {
		a.deleteCookie(x, f.name)
	}
}

// clearFlows expires every flow cookie the request carries.
func (a *Auth) clearFlows(x exchange) {
	for _, n := range a.flowCookieNames(x) {
		a.deleteCookie(x, n)
	}
}

// maxExtraFlowCookies is how many flow cookies beyond MaxFlows core looks
// at in one request. A browser holds at most MaxFlows of them (a few more
// for a moment when tabs start sign-ins at once); a request with more is
// forged, and the rest of them are ignored.
const maxExtraFlowCookies = 16

// flowCookieNames returns the names of the request's flow cookies, each
// once and at most MaxFlows+maxExtraFlowCookies of them: each costs a scan
// of the Cookie header, an attempt to open it and a Set-Cookie line.
func (a *Auth) flowCookieNames(x exchange) []string {
	return distinct(x.CookieNames(a.flowPrefix), a.cfg.SignIn.MaxFlows+maxExtraFlowCookies)
}

// setFlow sets the flow cookie of f.
func (a *Auth) setFlow(x exchange, f *flow) error {
	name, value, err := a.sealFlow(f)
	if err != nil {
		return err
	}
	x.SetCookie(a.cookie(name, value, a.cfg.SignIn.FlowLifetime))
	return nil
}
