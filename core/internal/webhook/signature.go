package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// HeaderName is the header WorkOS signs deliveries in.
const HeaderName = "WorkOS-Signature"

// DefaultTolerance is how far the signature's time may be from now, in
// either direction: three minutes, as WorkOS's SDKs check.
const DefaultTolerance = 3 * time.Minute

// Errors of Verify; callers branch with errors.Is.
var (
	// ErrMalformed: the header is missing or is not "t=..., v1=...".
	ErrMalformed = errors.New("webhook: malformed signature header")
	// ErrMismatch: no v1 signature matches the body under any secret.
	ErrMismatch = errors.New("webhook: signature does not match")
	// ErrExpired: the signature's time is outside the tolerance.
	ErrExpired = errors.New("webhook: signature timestamp outside the tolerance")
)

// maxHeaderLen bounds the header parsed: a real one is under 100 bytes.
const maxHeaderLen = 4096

// maxSignatures bounds the v1 values tried.
const maxSignatures = 8

// Signature is a parsed WorkOS-Signature header.
type Signature struct {
	// Timestamp is t, as sent: unix milliseconds in decimal digits.
	Timestamp string
	// Time is Timestamp as a time.
	Time time.Time
	// V1 are the decoded v1 signatures (one from WorkOS; more are
	// accepted, as during a rotation on WorkOS's side).
	V1 [][]byte
}

// ParseHeader parses "t=<unix ms>, v1=<hex>" (pairs separated by commas,
// spaces around them ignored, unknown keys ignored). It needs exactly one
// t of 1 to 16 digits and at least one v1 of 64 hex digits.
func ParseHeader(h string) (Signature, error) {
	var s Signature
	if h == "" || len(h) > maxHeaderLen {
		return s, ErrMalformed
	}
	for part := range strings.SplitSeq(h, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return Signature{}, ErrMalformed
		}
		switch k {
		case "t":
			if s.Timestamp != "" || !digits(v, 16) {
				return Signature{}, ErrMalformed
			}
			ms, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return Signature{}, ErrMalformed
			}
			s.Timestamp, s.Time = v, time.UnixMilli(ms)
		case "v1":
			if len(v) != 2*sha256.Size || len(s.V1) == maxSignatures {
				return Signature{}, ErrMalformed
			}
			b, err := hex.DecodeString(v)
			if err != nil {
				return Signature{}, ErrMalformed
			}
			s.V1 = append(s.V1, b)
		}
	}
	if s.Timestamp == "" || len(s.V1) == 0 {
		return Signature{}, ErrMalformed
	}
	return s, nil
}

func digits(s string, most int) bool {
	if s == "" || len(s) > most {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Verify checks header against body: one of its v1 signatures must be the
// HMAC-SHA256 of "<t>.<body>" under one of secrets (compared in constant
// time), and t must be within tolerance of now. It returns the signature's
// time, or an error wrapping ErrMalformed, ErrMismatch or ErrExpired. The
// signature is checked before the time, so that an error never says
// whether a forged header's time would have been accepted.
func Verify(header string, body []byte, secrets []string, now time.Time, tolerance time.Duration) (time.Time, error) {
	s, err := ParseHeader(header)
	if err != nil {
		return time.Time{}, err
	}
	matched := false
	for _, secret := range secrets {
		if secret == "" {
			continue
		}
		want := mac(secret, s.Timestamp, body)
		for _, got := range s.V1 {
			if hmac.Equal(got, want) {
				matched = true
			}
		}
	}
	if !matched {
		return time.Time{}, ErrMismatch
	}
	if d := now.Sub(s.Time); d > tolerance || d < -tolerance {
		return time.Time{}, fmt.Errorf("%w: signed %s from now", ErrExpired, d.Round(time.Second))
	}
	return s.Time, nil
}

func mac(secret, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Sign returns the WorkOS-Signature header WorkOS would send for body,
// signed at t under secret.
func Sign(secret string, body []byte, t time.Time) string {
	ts := strconv.FormatInt(t.UnixMilli(), 10)
	return "t=" + ts + ", v1=" + hex.EncodeToString(mac(secret, ts, body))
}
