package redisstore

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ssokit/workosauth/core/store"
)

// A session's record in Redis is recordMagic, the SHA-256 of the
// session's secret, the record's expiry (unix milliseconds, 8 bytes, big
// endian), then the record's Data as core encoded it. The cookie holds
// "<ID>.<secret>": the ID names the key, the secret proves the cookie was
// handed out for it. Redis never sees the secret itself, so a copy of the
// database opens no session.
//
// Records of earlier versions (legacyMagic, the hash, then the session's
// JSON, which carries its ID and expiry) are still read, and rewritten in
// the current layout at their next renewal.
const (
	recordMagic  = "wa2"
	legacyMagic  = "wa1"
	headerLen    = len(recordMagic) + sha256.Size // magic and hash: every layout starts so
	secretBytes  = 32
	secretLen    = 43 // base64url of secretBytes, no padding
	maxIDLen     = 128
	maxRecordLen = 1 << 20
)

// Errors of tokens and records: each means signed out (store.ErrNotFound).
var (
	errBadToken  = fmt.Errorf("%w: %w: redisstore: malformed session token", errFinal, store.ErrNotFound)
	errNoSession = fmt.Errorf("%w: %w: redisstore: no such session (ended, expired or never made)", errFinal, store.ErrNotFound)
	errMismatch  = fmt.Errorf("%w: %w: redisstore: the token does not match the session", errFinal, store.ErrNotFound)
	errExpired   = fmt.Errorf("%w: %w: redisstore: session expired", errFinal, store.ErrNotFound)
	errBadRecord = fmt.Errorf("%w: redisstore: malformed session record", store.ErrNotFound)
)

// Save stores a new record with a fresh secret, expiring in Redis when the
// record does, and returns "<ID>.<secret>" for the cookie.
func (s *Store) Save(ctx context.Context, r store.Record) (string, error) {
	secret := make([]byte, secretBytes)
	rand.Read(secret) // crypto/rand.Read never fails (Go 1.24+)
	rec, err := encodeRecord(r, sha256.Sum256(secret))
	if err != nil {
		return "", err
	}
	key := s.sessionPrefix + r.ID
	err = s.call(ctx, "save session", func(ctx context.Context) error {
		err := s.client.SetArgs(ctx, key, rec, redis.SetArgs{Mode: "NX", ExpireAt: time.UnixMilli(r.ExpiresAt.UnixMilli())}).Err()
		if errors.Is(err, redis.Nil) {
			return fmt.Errorf("%w: redisstore: a session with this ID exists", errFinal)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	return r.ID + "." + base64.RawURLEncoding.EncodeToString(secret), nil
}

// replaceScript replaces a record with ARGV[2], expiring at ARGV[3] (unix
// ms), if it is still there and its hash is ARGV[1]: 1 replaced, 0 no
// record, -1 another secret's record. The hashes compared are SHA-256
// digests of secrets, so how long the comparison takes tells nothing of
// a secret.
var replaceScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then
  return 0
end
if string.sub(v, 4, 35) ~= ARGV[1] then
  return -1
end
redis.call('SET', KEYS[1], ARGV[2], 'PXAT', ARGV[3])
return 1`)

// Renew stores r, the renewal of the token's record, under the same key
// and secret, and returns the same token: copies of the cookie in
// concurrent requests keep working. It never brings back a record that
// was deleted meanwhile (sign-out), and replaces one only for its own
// token: the check and the write are one script.
func (s *Store) Renew(ctx context.Context, token string, r store.Record) (string, error) {
	if err := s.replace(ctx, "renew session", token, r); err != nil {
		return "", err
	}
	return token, nil
}

// Update stores r in place of the token's record, which the token keeps
// opening (store.Updater): an AuthKit session's refreshed tokens, read at
// once by every instance and every copy of the cookie. It is Renew, which
// already keeps the token.
func (s *Store) Update(ctx context.Context, token string, r store.Record) error {
	return s.replace(ctx, "update session", token, r)
}

// replace writes r over the record token opens (replaceScript).
func (s *Store) replace(ctx context.Context, what, token string, r store.Record) error {
	id, secret, err := parseToken(token)
	if err != nil {
		return err
	}
	if id != r.ID {
		return fmt.Errorf("%w: %w: redisstore: the token is another session's", errFinal, store.ErrNotFound)
	}
	hash := sha256.Sum256(secret)
	rec, err := encodeRecord(r, hash)
	if err != nil {
		return err
	}
	key := s.sessionPrefix + id
	return s.call(ctx, what, func(ctx context.Context) error {
		switch n, err := replaceScript.Run(ctx, s.client, []string{key}, hash[:], rec, r.ExpiresAt.UnixMilli()).Int(); {
		case err != nil:
			return err
		case n == 0:
			return errNoSession
		case n < 0:
			return errMismatch
		}
		return nil
	})
}

// Load returns the record a token opens: one GET. A token that is
// malformed, unknown, expired or whose secret does not match is an error
// wrapping store.ErrNotFound (signed out); Redis not answering within the
// timeout is an error wrapping store.ErrUnavailable.
func (s *Store) Load(ctx context.Context, token string) (store.Record, error) {
	id, secret, err := parseToken(token)
	if err != nil {
		return store.Record{}, err
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
		return store.Record{}, err
	}
	hash, r, legacyID, err := decodeRecord(raw)
	if err != nil {
		return store.Record{}, err
	}
	want := sha256.Sum256(secret)
	if subtle.ConstantTimeCompare(hash[:], want[:]) != 1 || legacyID != "" && legacyID != id {
		return store.Record{}, errMismatch
	}
	if !time.Now().Before(r.ExpiresAt) {
		return store.Record{}, errExpired
	}
	r.ID = id
	return r, nil
}

// deleteRetryFor is how long a deletion that could not reach Redis is
// retried: a session lives at most this long (core's default absolute
// lifetime), and its key expires by itself then.
const deleteRetryFor = 30 * 24 * time.Hour

// Delete ends the session with this ID: DEL. When Redis cannot be
// reached, the deletion is queued and retried until it lands (the error
// says so, wrapping store.ErrUnavailable); core has already ended the
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
	if qerr := s.queueDelete(id); qerr != nil {
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

// encodeRecord is a record's value in Redis, refusing what the store
// cannot keep: an ID unfit for a key or a token, an expiry past, a record
// over maxRecordLen.
func encodeRecord(r store.Record, hash [sha256.Size]byte) ([]byte, error) {
	switch {
	case r.ID == "" || len(r.ID) > maxIDLen || strings.IndexByte(r.ID, '.') >= 0 || strings.ContainsFunc(r.ID, func(c rune) bool { return c <= ' ' || c >= 0x7f }):
		return nil, fmt.Errorf("%w: redisstore: session ID unfit for a key", errFinal)
	case !r.ExpiresAt.After(time.Now()):
		return nil, errExpired
	case headerLen+8+len(r.Data) > maxRecordLen:
		return nil, fmt.Errorf("%w: redisstore: a session of %d bytes (at most %d)", errFinal, len(r.Data), maxRecordLen-headerLen-8)
	}
	rec := make([]byte, 0, headerLen+8+len(r.Data))
	rec = append(rec, recordMagic...)
	rec = append(rec, hash[:]...)
	rec = binary.BigEndian.AppendUint64(rec, uint64(r.ExpiresAt.UnixMilli()))
	return append(rec, r.Data...), nil
}

// decodeRecord reads what encodeRecord wrote, and records of the legacy
// layout (their session's JSON gives its ID, legacyID, and its expiry);
// it refuses anything else.
func decodeRecord(rec []byte) (hash [sha256.Size]byte, r store.Record, legacyID string, err error) {
	if len(rec) > maxRecordLen || len(rec) < headerLen {
		return hash, r, "", fmt.Errorf("%w: %w", errFinal, errBadRecord)
	}
	copy(hash[:], rec[len(recordMagic):])
	body := rec[headerLen:]
	switch {
	case bytes.HasPrefix(rec, []byte(recordMagic)) && len(body) >= 8:
		exp := int64(binary.BigEndian.Uint64(body))
		return hash, store.Record{ExpiresAt: time.UnixMilli(exp), Data: body[8:]}, "", nil
	case bytes.HasPrefix(rec, []byte(legacyMagic)):
		var h struct {
			ID  string `json:"sid"`
			Exp int64  `json:"exp"`
		}
		if json.Unmarshal(body, &h) != nil || h.ID == "" || h.Exp <= 0 {
			break
		}
		return hash, store.Record{ExpiresAt: time.Unix(h.Exp, 0), Data: body}, h.ID, nil
	}
	return hash, store.Record{}, "", fmt.Errorf("%w: %w", errFinal, errBadRecord)
}
