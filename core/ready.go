package core

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
)

// healthChecker is a session store, revocation feed or event log that
// knows whether its backend answers (the Redis store, once it says so):
// Healthy returns an error wrapping ErrStoreUnavailable while it is known
// not to answer.
type healthChecker interface {
	Healthy(ctx context.Context) error
}

// The reasons an instance is not ready.
const (
	reasonStoreUnavailable = "store_unavailable"
	reasonFeedNotSynced    = "revocation_feed_not_synced"
)

// notReadyError says why an instance cannot keep its promises now.
type notReadyError struct {
	reasons []string // reasonStoreUnavailable, reasonFeedNotSynced
	err     error    // the store's, if any
}

func (e *notReadyError) Error() string {
	msg := "workosauth: not ready: " + strings.Join(e.reasons, ", ")
	if e.err != nil {
		msg += ": " + e.err.Error()
	}
	return msg
}

func (e *notReadyError) Unwrap() error { return e.err }

// readiness decides from what an instance knows: with a revocation feed,
// whether it is in sync (a session not already open here gets 503 until
// it is); and whether the store is known not to answer (storeErr). Nil:
// ready.
func readiness(hasFeed, synced bool, storeErr error) error {
	var reasons []string
	if storeErr != nil {
		reasons = append(reasons, reasonStoreUnavailable)
	}
	if hasFeed && !synced {
		reasons = append(reasons, reasonFeedNotSynced)
	}
	if len(reasons) == 0 {
		return nil
	}
	return &notReadyError{reasons: reasons, err: storeErr}
}

// readyTimeout bounds a readiness check's questions to the backends.
const readyTimeout = time.Second

// Ready reports whether this instance can keep its promises now, for a
// readiness probe (each adapter's Ready handler answers with it): nil, or
// an error saying why not, naming the reasons: "store_unavailable" (the
// session store, revocation feed or event log is known not to answer;
// the error wraps [ErrStoreUnavailable]) and
// "revocation_feed_not_synced" (with Config.Sessions.Revocations, the feed may be
// missing revocations, so sessions not already open here get 503; a
// feed stopped by Close is not in sync). It asks the backends that can
// say, within a second. It says nothing about liveness: an instance that
// is not ready still serves, and is not to be restarted for it.
func (a *Auth) Ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctxOrBackground(ctx), readyTimeout)
	defer cancel()
	return readiness(a.feed != nil, a.synced.Load(), a.backendHealth(ctx))
}

// backendHealth asks each distinct backend that can say (store, feed,
// event log) whether it answers; the errors joined, or nil.
func (a *Auth) backendHealth(ctx context.Context) error {
	var errs []error
	var asked []healthChecker
	for _, b := range []any{a.store.st, a.feed, a.events} {
		h, ok := b.(healthChecker)
		if !ok || containsChecker(asked, h) {
			continue
		}
		asked = append(asked, h)
		if err := h.Healthy(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func containsChecker(list []healthChecker, h healthChecker) bool {
	for _, x := range list {
		if x == h {
			return true
		}
	}
	return false
}

// serveReady answers a readiness probe: 200 {"ready":true}, or 503
// {"ready":false,"reasons":[...]} with Retry-After, never cached. Only
// GET and HEAD (405 otherwise). The store's error is logged, never
// answered: it may name the store's address.
func (a *Auth) serveReady(x exchange) {
	x.SetHeader("Cache-Control", "no-store")
	if m := x.Method(); m != http.MethodGet && m != http.MethodHead {
		x.SetHeader("Allow", "GET, HEAD")
		writeJSON(x, http.StatusMethodNotAllowed, map[string]any{"ready": false, "error": "method_not_allowed"})
		return
	}
	err := a.Ready(x.Context())
	if err == nil {
		writeJSON(x, http.StatusOK, map[string]any{"ready": true})
		return
	}
	var nr *notReadyError
	reasons := []string{reasonStoreUnavailable}
	if errors.As(err, &nr) {
		reasons = nr.reasons
	}
	a.log.WarnContext(ctxOrBackground(x.Context()), "workosauth: not ready", "reasons", reasons, "error", err)
	x.SetHeader("Retry-After", "1")
	writeJSON(x, http.StatusServiceUnavailable, map[string]any{"ready": false, "reasons": reasons})
}
