package workostest

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

// TB is the part of testing.TB that NewServer needs; *testing.T and
// *testing.B satisfy it. When the value also has a Fatalf method, NewServer
// reports start-up errors through it, else it panics.
type TB interface {
	Helper()
	Cleanup(func())
}

// Options configure an emulator. The zero value is a working emulator with
// DemoSeed and generated credentials that refuses every redirect URI until
// one is registered with Server.AddRedirectURI.
type Options struct {
	// ClientID is the WorkOS client ID ("client_..."); generated when empty.
	ClientID string
	// APIKey is the secret key ("sk_test_..."), both the client_secret of
	// the code exchange and the Bearer key of API calls; generated when
	// empty.
	APIKey string
	// RedirectURIs are the registered redirect URIs. /sso/authorize refuses
	// any other with a 400 page, comparing strings exactly.
	RedirectURIs []string
	// Seed is the emulator's data; DemoSeed() when zero.
	Seed Seed
	// AutoSelect makes /sso/authorize and /user_management/authorize sign
	// in at once, without the picker (or hosted) page: as the user
	// login_hint names, else the first user (in their first organization).
	AutoSelect bool
	// ConfirmLoginHint shows the picker even when login_hint names one of
	// the connection's users, with that user first, as an identity
	// provider asks a person to confirm who they are; the example apps'
	// dev mode sets it. Without it such a hint signs in at once.
	ConfirmLoginHint bool
	// CodeTTL is how long an authorization code stays valid; 10 minutes
	// when zero.
	CodeTTL time.Duration
	// Now is the clock for code and access-token expiry; time.Now when nil.
	Now func() time.Time
	// RolePermissions maps AuthKit role slugs to their permissions (the
	// environment's roles); DefaultRolePermissions() when nil.
	// SetRolePermissions changes them later.
	RolePermissions map[string][]string
	// AdminAPI serves the emulator's own endpoints under /_emulator/
	// (InjectFault, ClearFaults and some Go helpers over HTTP, for tests
	// in other languages), with the API key; workos-emulator turns it on.
	AdminAPI bool
	// Logger receives what goes wrong in the background (a webhook
	// delivery that failed); nothing is logged when nil.
	Logger *slog.Logger
}

// Fixed lifetimes of the emulator's grants.
const (
	defaultCodeTTL = 10 * time.Minute
	accessTokenTTL = 600 * time.Second // expires_in of /sso/token
	pendingTTL     = 30 * time.Minute  // how long a picker page stays usable
)

// Server is a running emulator. Its exported fields are for reading; changing
// them does not reconfigure the emulator.
type Server struct {
	// URL is the emulator's base URL, such as "http://127.0.0.1:41234",
	// without a trailing slash: the app's WorkOS base URL.
	URL string
	// ClientID is the client ID the emulator accepts.
	ClientID string
	// APIKey is the secret key the emulator accepts.
	APIKey string

	clientID, apiKey string // private copies, immune to edits of the fields above
	autoSelect       bool
	adminAPI         bool
	confirmHint      bool
	codeTTL          time.Duration
	now              func() time.Time
	pages            *pages

	httpServer *http.Server
	done       chan struct{} // closed by Close: ends hung and delayed requests
	served     chan struct{} // closed when Serve returns
	closeOnce  sync.Once
	closeErr   error

	mu               sync.Mutex
	seed             Seed // normalized; guarded by mu (SetConnectionState edits it)
	redirectURIs     []string
	pending          map[string]*pendingAuth
	codes            map[string]*grant
	tokens           map[string]*session
	faults           map[string][]*faultEntry
	calls            map[string]int
	tokenReqs        []*TokenRequest
	events           []Event
	webhookEndpoints []webhookEndpoint
	outbox           outbox
	umState          *umState // AuthKit; made on first use
	people           *people  // AuthKit users, memberships and roles

	logger     *slog.Logger
	outboxDone chan struct{} // closed when deliverQueued returns
}

// Start starts an emulator listening on addr ("127.0.0.1:0" picks a free
// port; "" means the same). It is meant for dev mode in real binaries; tests
// use NewServer. Call Close to stop it.
func Start(addr string, opts Options) (*Server, error) {
	s, err := newServer(opts)
	if err != nil {
		return nil, err
	}
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("workostest: %w", err)
	}
	s.URL = "http://" + browserHost(ln.Addr())
	s.httpServer = &http.Server{
		Handler:           http.HandlerFunc(s.serveHTTP),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		defer close(s.served)
		_ = s.httpServer.Serve(ln) // returns http.ErrServerClosed after Close
	}()
	go s.deliverQueued()
	return s, nil
}

// NewServer starts an emulator on a free port of 127.0.0.1 for a test and
// closes it when the test ends (t.Cleanup).
func NewServer(t TB, opts Options) *Server {
	t.Helper()
	s, err := Start("127.0.0.1:0", opts)
	if err != nil {
		if f, ok := t.(interface{ Fatalf(string, ...any) }); ok {
			f.Fatalf("%v", err)
		}
		panic(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func newServer(opts Options) (*Server, error) {
	seed := opts.Seed
	if seed.isZero() {
		seed = DemoSeed()
	}
	seed, err := normalize(seed)
	if err != nil {
		return nil, err
	}
	pg, err := newPages()
	if err != nil {
		return nil, err
	}
	s := &Server{
		ClientID:     opts.ClientID,
		APIKey:       opts.APIKey,
		autoSelect:   opts.AutoSelect,
		adminAPI:     opts.AdminAPI,
		confirmHint:  opts.ConfirmLoginHint,
		codeTTL:      opts.CodeTTL,
		now:          opts.Now,
		pages:        pg,
		done:         make(chan struct{}),
		served:       make(chan struct{}),
		seed:         seed,
		redirectURIs: slices.Clone(opts.RedirectURIs),
		pending:      map[string]*pendingAuth{},
		codes:        map[string]*grant{},
		tokens:       map[string]*session{},
		faults:       map[string][]*faultEntry{},
		calls:        map[string]int{},
		outbox:       outbox{wake: make(chan struct{}, 1)},
		people:       newPeople(seed, opts.RolePermissions),
		logger:       opts.Logger,
		outboxDone:   make(chan struct{}),
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	if s.ClientID == "" {
		s.ClientID = "client_01" + randomToken()[:24]
	}
	if s.APIKey == "" {
		s.APIKey = "sk_test_" + randomToken() + randomToken()
	}
	if s.codeTTL <= 0 {
		s.codeTTL = defaultCodeTTL
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.clientID, s.apiKey = s.ClientID, s.APIKey
	return s, nil
}

// browserHost returns addr as a host:port a browser on this machine can
// reach: an unspecified IP (":8080", "0.0.0.0:8080") becomes 127.0.0.1.
func browserHost(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return addr.String()
	}
	ip := tcp.IP
	if ip == nil || ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return net.JoinHostPort(ip.String(), fmt.Sprint(tcp.Port))
}

// Close stops the emulator. Requests held by a Hang or Delay fault are
// aborted, and so is a webhook delivery under way (events still queued
// are not delivered), so Close returns promptly and leaves no goroutine
// behind. Calling Close again does nothing.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.done)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := s.httpServer.Shutdown(ctx); err != nil {
			s.closeErr = s.httpServer.Close()
		}
		<-s.served
		<-s.outboxDone
	})
	return s.closeErr
}

// AddRedirectURI registers one more redirect URI. Dev-mode binaries start
// the emulator before they know their own port, then register their
// callback URL.
func (s *Server) AddRedirectURI(uri string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.redirectURIs, uri) {
		s.redirectURIs = append(s.redirectURIs, uri)
	}
}

// RedirectURIs returns the registered redirect URIs.
func (s *Server) RedirectURIs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.redirectURIs)
}

// Seed returns a copy of the emulator's data with every default filled in:
// the IDs it derived, the states and the roles.
func (s *Server) Seed() Seed {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneSeed(s.seed)
}

// SetConnectionState changes a connection's state ("active", "inactive",
// "draft" or "validating"), for tests of deactivated connections. Codes
// already issued stay valid.
func (s *Server) SetConnectionState(connectionID, state string) error {
	if !validConnectionState(state) {
		return fmt.Errorf("workostest: unknown connection state %q", state)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.seed.Connections {
		c := &s.seed.Connections[i]
		if c.ID != connectionID {
			continue
		}
		if c.Provider != "" && state == "active" {
			for _, o := range s.seed.Connections {
				if o.ID != c.ID && o.Provider == c.Provider && o.State == "active" {
					return fmt.Errorf("workostest: provider %s already has the active connection %s", c.Provider, o.ID)
				}
			}
		}
		c.State = state
		return nil
	}
	return fmt.Errorf("workostest: unknown connection %q", connectionID)
}
