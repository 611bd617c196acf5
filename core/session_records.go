package core

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ssokit/workosauth/core/store"
)

// sessionStore is the app's store.Store as core uses it: sessions in
// core's own encoding (sessionfmt, bound to the app's client ID), each
// record's ID checked against the session it holds.
type sessionStore struct {
	st      store.Store
	updater store.Updater // st, when it is one; nil otherwise
	// clientID is written into every record and checked on each one
	// read; "" for the cookie store, whose seal binds the client ID.
	clientID string
	sealed   bool // st is core's cookie store: it keeps nothing
}

// newSessionStore is the store of cfg: cfg.Store, or the cookie store
// bound to the session cookie's name and the client ID.
func newSessionStore(cfg Config, cookieName string, now func() time.Time, passwords []string) (*sessionStore, error) {
	if cfg.Sessions.Store != nil {
		u, _ := cfg.Sessions.Store.(store.Updater)
		return &sessionStore{st: cfg.Sessions.Store, updater: u, clientID: cfg.ClientID}, nil
	}
	cs, err := newCookieStore(bindingAAD("session", cookieName, cfg.ClientID), now, passwords...)
	if err != nil {
		return nil, err
	}
	return &sessionStore{st: cs, sealed: true}, nil
}

// record is s as a store keeps it.
func (k *sessionStore) record(s *Session) (store.Record, error) {
	data, err := encodeSessionBinary(s, k.clientID)
	if err != nil {
		return store.Record{}, err
	}
	return store.Record{ID: s.ID, Data: data, ExpiresAt: time.Unix(s.ExpiresAt.Unix(), 0)}, nil
}

// save stores a new session and returns its token.
func (k *sessionStore) save(ctx context.Context, s *Session) (string, error) {
	r, err := k.record(s)
	if err != nil {
		return "", err
	}
	return k.st.Save(ctx, r)
}

// load returns the session a token opens. An error wrapping
// ErrStoreUnavailable: the store could not be asked; any other: signed
// out.
func (k *sessionStore) load(ctx context.Context, token string) (*Session, error) {
	r, err := k.st.Load(ctx, token)
	if err != nil {
		return nil, err
	}
	s, err := decodeSession(r.Data, k.clientID)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", store.ErrNotFound, err)
	}
	if s.ID != r.ID {
		return nil, fmt.Errorf("%w: %w: the record of another session", store.ErrNotFound, errBadSession)
	}
	s.stale = r.Outdated
	return s, nil
}

// renew stores s, a renewal of the token's session, and returns the
// token that opens it now.
func (k *sessionStore) renew(ctx context.Context, token string, s *Session) (string, error) {
	r, err := k.record(s)
	if err != nil {
		return "", err
	}
	return k.st.Renew(ctx, token, r)
}

// update stores s in place of the token's session (k.updater is set).
func (k *sessionStore) update(ctx context.Context, token string, s *Session) error {
	r, err := k.record(s)
	if err != nil {
		return err
	}
	return k.updater.Update(ctx, token, r)
}

// delete ends the session with this ID in the store; a store that keeps
// nothing (the cookie store) has nothing to end.
func (k *sessionStore) delete(ctx context.Context, id string) error {
	if err := k.st.Delete(ctx, id); err != nil && !errors.Is(err, store.ErrStateless) {
		return err
	}
	return nil
}
