package redisstore

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core"
)

// A session's record in Redis is recordMagic, the SHA-256 of the session's
// secret, then the session as core.EncodeSession writes it. The cookie
// holds "<ID>.<secret>": the ID names the key, the secret proves the
// cookie was handed out for it. Redis never sees the secret itself, so a
// copy of the database opens no session.
const (
	recordMagic  = "wa1"
	secretBytes  = 32
	secretLen    = 43 // base64url of secretBytes, no padding
	maxIDLen     = 128
	maxRecordLen = 1 << 20
)

// Errors of tokens and records: each means signed out.
var (
	errBadToken  = fmt.Errorf("%w: redisstore: malformed session token", errFinal)
	errNoSession = fmt.Errorf("%w: redisstore: no such session (ended, expired or never made)", errFinal)
	errMismatch  = fmt.Errorf("%w: redisstore: the token does not match the session", errFinal)
	errExpired   = fmt.Errorf("%w: redisstore: session expired", errFinal)
	errBadRecord = errors.New("redisstore: malformed session record")
)

// Save stores a new session with a fresh secret, expiring in Redis when
// the session does, and returns "<ID>.<secret>" for the cookie.
func (s *Store) Save(ctx context.Context, sess *core.Session) (string, error) {
	secret := make([]byte, secretBytes)
	rand.Read(secret) // crypto/rand.Read never fails (Go 1.24+)
	token := sess.ID + "." + base64.RawURLEncoding.EncodeToString(secret)
	if err := s.write(ctx, "save session", sess, sha256.Sum256(secret), "NX"); err != nil {
		return "", err
	}
	return token, nil
}

// Renew stores the renewed session sess under the same key and secret,
// and returns the same token: copies of the cookie in concurrent requests
// keep working. It never brings back a session that was deleted meanwhile
// (sign-out): the write only replaces an existing record.
func (s *Store) Renew(ctx context.Context, token string, sess *core.Session) (string, error) {
	id, secret, err := parseToken(token)
	if err != nil {
		return "", err
	}
	if id != sess.ID {
		return "", fmt.Errorf("%w: redisstore: renewal of another session", errFinal)
	}
	if err := s.write(ctx, "renew session", sess, sha256.Sum256(secret), "XX"); err != nil {
		return "", err
	}
	return token, nil
}

// Update stores sess under token, which keeps opening it
// (core.SessionUpdater): an AuthKit session's refreshed tokens, read at
// once by every instance and every copy of the cookie. It is Renew, which
// already keeps the token.
func (s *Store) Update(ctx context.Context, token string, sess *core.Session) error {
	_, err := s.Renew(ctx, token, sess)
	return err
}

// write sets sess's record with mode NX (new) or XX (existing), expiring
// at sess.ExpiresAt.
func (s *Store) write(ctx context.Context, what string, sess *core.Session, hash [sha256.Size]byte, mode string) error {
	if sess.ID == "" || len(sess.ID) > maxIDLen || strings.IndexByte(sess.ID, '.') >= 0 {
		return fmt.Errorf("%w: redisstore: session ID unfit for a key", errFinal)
	}
	if !sess.ExpiresAt.After(time.Now()) {
		return errExpired
	}
	rec, err := encodeRecord(sess, hash)
	if err != nil {
		return err
	}
	key := s.sessionPrefix + sess.ID
	return s.call(ctx, what, func(ctx context.Context) error {
		err := s.client.SetArgs(ctx, key, rec, redis.SetArgs{Mode: mode, ExpireAt: time.UnixMilli(sess.ExpiresAt.UnixMilli())}).Err()
		if errors.Is(err, redis.Nil) {
			if mode == "XX" {
				return errNoSession
			}
			return fmt.Errorf("%w: redisstore: a session with this ID exists", errFinal)
		}
		return err
	})
}

// Load returns the session a token stands for: one GET. A token that is
// malformed, unknown, expired or whose secret does not match is an error
// that means signed out; Redis not answering within the timeout is an
// error wrapping core.ErrStoreUnavailable.
func (s *Store) Load(ctx context.Context, token string) (*core.Session, error) {
	id, secret, err := parseToken(token)
	if err != nil {
		return nil, err
	}
	var raw []byte
	err = s.call(ctx, "load session", func(ctx context.Context) error {
		b, err := s.client.Get(ctx, s.sessionPrefix+id).Bytes()
		if errors.Is(err, redis.Nil) {
			return errNoSession
		}
		raw = b
		return err
	})
	if err != nil {
		return nil, err
	}
	hash, sess, err := decodeRecord(raw)
	if err != nil {
		return nil, err
	}
	want := sha256.Sum256(secret)
	if subtle.ConstantTimeCompare(hash[:], want[:]) != 1 || sess.ID != id {
		return nil, errMismatch
	}
	if !time.Now().Before(sess.ExpiresAt) {
		return nil, errExpired
	}
	return sess, nil
}

// Delete ends the session with this ID: DEL. When Redis cannot be
// reached, the deletion is queued and retried until it lands (the error
// says so, wrapping core.ErrStoreUnavailable); core has already ended the
// session in this process, and its revocation reaches the others.
func (s *Store) Delete(ctx context.Context, id string) error {
	if id == "" || len(id) > maxIDLen {
		return nil
	}
	key := s.sessionPrefix + id
	err := s.call(ctx, "delete session", func(ctx context.Context) error {
		return s.client.Del(ctx, key).Err()
	})
	if err == nil {
		return nil
	}
	if qerr := s.queue("del\x00"+id, pendingOp{deleteID: id, until: time.Now().Add(core.DefaultAbsoluteSessionLifetime)}); qerr != nil {
		return errors.Join(err, qerr)
	}
	return fmt.Errorf("%w (queued; retried until Redis answers)", err)
}

// parseToken splits "<ID>.<secret>" and decodes the secret.
func parseToken(token string) (id string, secret []byte, err error) {
	i := strings.LastIndexByte(token, '.')
	if i <= 0 || i > maxIDLen || len(token)-i-1 != secretLen {
		return "", nil, errBadToken
	}
	id = token[:i]
	for j := 0; j < len(id); j++ {
		if c := id[j]; c <= ' ' || c >= 0x7f {
			return "", nil, errBadToken
		}
	}
	secret, err = base64.RawURLEncoding.Strict().DecodeString(token[i+1:])
	if err != nil || len(secret) != secretBytes {
		return "", nil, errBadToken
	}
	return id, secret, nil
}

// encodeRecord is a session's value in Redis.
func encodeRecord(sess *core.Session, hash [sha256.Size]byte) ([]byte, error) {
	js, err := core.EncodeSession(sess)
	if err != nil {
		return nil, err
	}
	rec := make([]byte, 0, len(recordMagic)+len(hash)+len(js))
	rec = append(rec, recordMagic...)
	rec = append(rec, hash[:]...)
	return append(rec, js...), nil
}

// decodeRecord reads what encodeRecord wrote, and refuses anything else.
func decodeRecord(rec []byte) (hash [sha256.Size]byte, sess *core.Session, err error) {
	if len(rec) > maxRecordLen || len(rec) < len(recordMagic)+sha256.Size || !bytes.HasPrefix(rec, []byte(recordMagic)) {
		return hash, nil, fmt.Errorf("%w: %w", errFinal, errBadRecord)
	}
	copy(hash[:], rec[len(recordMagic):])
	sess, err = core.DecodeSession(rec[len(recordMagic)+sha256.Size:])
	if err != nil {
		return hash, nil, fmt.Errorf("%w: %w: %w", errFinal, errBadRecord, err)
	}
	return hash, sess, nil
}
