package core

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ssokit/workosauth/core/internal/seal"
	"github.com/ssokit/workosauth/core/store"
)

// cookieStore is the default store.Store (Config.Sessions.Store nil): each record
// sealed whole into its token, the session cookie, with AES-256-GCM under
// keys derived (HKDF-SHA256) from the cookie passwords, and bound by the
// seal's associated data to the session cookie's name and the WorkOS
// client ID, so that a value sealed for one cookie, or one WorkOS
// environment, opens in no other.
//
// A record of core's (a binary session whose header carries the record's
// ID and expiry) is sealed as it is, so the cookie spends no byte on them
// twice; any other record is framed (frameMarker, its ID, its expiry in
// unix milliseconds, its data). A JSON session sealed before the binary
// format (version 1) still opens. The store keeps nothing: Delete is
// store.ErrStateless, and core's revocations end its sessions.
type cookieStore struct {
	sealer *seal.Sealer
	aad    []byte
	now    func() time.Time
}

// frameMarker starts a framed record: neither a binary session's version
// byte nor JSON's '{'.
const frameMarker = 0xff

var _ store.Store = (*cookieStore)(nil)

// newCookieStore returns a cookieStore that seals with passwords[0] and
// opens with any of passwords (each at least 32 characters), bound to aad.
func newCookieStore(aad []byte, now func() time.Time, passwords ...string) (*cookieStore, error) {
	s, err := seal.New("workosauth session v1", passwords...)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	return &cookieStore{sealer: s, aad: aad, now: now}, nil
}

// bindingAAD is the associated data that ties a sealed value to what it
// was sealed for: its purpose, its cookie's name and the WorkOS client ID.
func bindingAAD(purpose, cookieName, clientID string) []byte {
	return []byte(purpose + "\x00" + cookieName + "\x00" + clientID)
}

// Save seals r.
func (c *cookieStore) Save(_ context.Context, r store.Record) (string, error) {
	payload := r.Data
	if id, exp, ok := sessionHeader(r.Data); !ok || id != r.ID || !exp.Equal(r.ExpiresAt) {
		payload = make([]byte, 0, 1+binary.MaxVarintLen64*2+len(r.ID)+len(r.Data))
		payload = append(payload, frameMarker)
		payload = binary.AppendUvarint(payload, uint64(len(r.ID)))
		payload = append(payload, r.ID...)
		payload = binary.AppendVarint(payload, r.ExpiresAt.UnixMilli())
		payload = append(payload, r.Data...)
	}
	return c.sealer.Seal(payload, c.aad)
}

// Load opens a sealed record.
func (c *cookieStore) Load(_ context.Context, token string) (store.Record, error) {
	raw, keyIndex, err := c.sealer.Open(token, c.aad)
	if err != nil {
		return store.Record{}, fmt.Errorf("%w: %w", store.ErrNotFound, err)
	}
	r, ok := unframe(raw)
	if !ok {
		return store.Record{}, fmt.Errorf("%w: %w", store.ErrNotFound, errBadSession)
	}
	if !c.now().Before(r.ExpiresAt) {
		return store.Record{}, fmt.Errorf("%w: expired", store.ErrNotFound)
	}
	r.Outdated = keyIndex > 0
	return r, nil
}

// unframe reads a sealed payload: a framed record, a binary session, or
// a JSON session of version 1.
func unframe(raw []byte) (store.Record, bool) {
	switch {
	case len(raw) == 0:
		return store.Record{}, false
	case raw[0] == frameMarker:
		rest := raw[1:]
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(rest)-k) {
			return store.Record{}, false
		}
		id, rest := string(rest[k:k+int(n)]), rest[k+int(n):]
		exp, k := binary.Varint(rest)
		if k <= 0 {
			return store.Record{}, false
		}
		return store.Record{ID: id, ExpiresAt: time.UnixMilli(exp), Data: rest[k:]}, true
	case raw[0] == '{':
		var h struct {
			ID  string `json:"sid"`
			Exp int64  `json:"exp"`
		}
		if json.Unmarshal(raw, &h) != nil {
			return store.Record{}, false
		}
		return store.Record{ID: h.ID, ExpiresAt: time.Unix(h.Exp, 0), Data: raw}, true
	}
	id, exp, ok := sessionHeader(raw)
	return store.Record{ID: id, ExpiresAt: exp, Data: raw}, ok
}

// Renew seals r afresh, once the token is found to open a record of
// r.ID; the old cookie stays valid until its own expiry, or until the
// session is revoked.
func (c *cookieStore) Renew(ctx context.Context, token string, r store.Record) (string, error) {
	old, err := c.Load(ctx, token)
	if err != nil {
		return "", err
	}
	if old.ID != r.ID {
		return "", fmt.Errorf("%w: the token opens another record", store.ErrNotFound)
	}
	return c.Save(ctx, r)
}

// Delete is store.ErrStateless: a sealed cookie holds the record itself.
// Core records the session as revoked instead (and shares that through
// Config.Sessions.Revocations when one is set).
func (c *cookieStore) Delete(context.Context, string) error { return store.ErrStateless }
