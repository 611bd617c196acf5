package seal_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/ssokit/workosauth/core/internal/seal"
)

func TestEveryRawBitFlipFails(t *testing.T) {
	s := mustNew(t, purpose, pwA, pwB)
	raw := decode(t, mustSeal(t, s, []byte("a payload of some length"), []byte("aad")))
	for i := range raw {
		want := seal.ErrInvalid // nonce, ciphertext, tag
		switch {
		case i == 0:
			want = seal.ErrMalformed // version
		case i < 5:
			want = seal.ErrUnknownKey // key id
		}
		for bit := range 8 {
			flipped := bytes.Clone(raw)
			flipped[i] ^= 1 << bit
			pt, _, err := s.Open(encode(flipped), []byte("aad"))
			if !errors.Is(err, want) {
				t.Errorf("byte %d bit %d: Open error = %v, want %v", i, bit, err, want)
			}
			if pt != nil {
				t.Errorf("byte %d bit %d: plaintext returned", i, bit)
			}
		}
	}
}

func TestEveryTokenBitFlipFails(t *testing.T) {
	s := mustNew(t, purpose, pwA)
	// Lengths 0, 1 and 2 mod 3 give tokens with 0, 4 and 2 unused trailing bits.
	for _, n := range []int{30, 31, 32} {
		tok := mustSeal(t, s, bytes.Repeat([]byte("p"), n), nil)
		for i := range len(tok) {
			for bit := range 8 {
				b := []byte(tok)
				b[i] ^= 1 << bit
				if _, _, err := s.Open(string(b), nil); err == nil {
					t.Errorf("len %d: flipping char %d bit %d (%q -> %q) was accepted", n, i, bit, tok[i], b[i])
				}
			}
		}
	}
}

func TestWrongAAD(t *testing.T) {
	s := mustNew(t, purpose, pwA)
	tok := mustSeal(t, s, []byte("payload"), []byte("__session"))
	for _, aad := range [][]byte{nil, []byte(""), []byte("__Session"), []byte("__session\x00"), []byte("__sessio")} {
		if _, _, err := s.Open(tok, aad); !errors.Is(err, seal.ErrInvalid) {
			t.Errorf("aad %q: Open error = %v, want ErrInvalid", aad, err)
		}
	}
}

func TestTruncationsFail(t *testing.T) {
	s := mustNew(t, purpose, pwA)
	tok := mustSeal(t, s, []byte("payload payload"), nil)
	for n := range len(tok) {
		if _, _, err := s.Open(tok[:n], nil); err == nil {
			t.Errorf("token truncated to %d characters was accepted", n)
		}
	}
	raw := decode(t, tok)
	for n := range len(raw) {
		want := seal.ErrInvalid
		if n < 33 { // header + tag
			want = seal.ErrMalformed
		}
		if _, _, err := s.Open(encode(raw[:n]), nil); !errors.Is(err, want) {
			t.Errorf("raw token truncated to %d bytes: Open error = %v, want %v", n, err, want)
		}
	}
	if _, _, err := s.Open(tok+"A", nil); err == nil {
		t.Error("token with an extra character was accepted")
	}
	if _, _, err := s.Open(encode(append(raw, 0)), nil); !errors.Is(err, seal.ErrInvalid) {
		t.Errorf("token with an extra byte: Open error = %v, want ErrInvalid", err)
	}
}

func TestGarbageFails(t *testing.T) {
	s := mustNew(t, purpose, pwA)
	valid := mustSeal(t, s, []byte("payload"), nil)
	raw := decode(t, valid)
	withVersion := func(v byte) string {
		r := bytes.Clone(raw)
		r[0] = v
		return encode(r)
	}
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"empty", "", seal.ErrMalformed},
		{"short", "abc", seal.ErrMalformed},
		{"not base64", strings.Repeat("!", 60), seal.ErrMalformed},
		{"std alphabet", strings.NewReplacer("-", "+", "_", "/").Replace(valid) + "+/", seal.ErrMalformed},
		{"padded", base64.URLEncoding.EncodeToString(raw), seal.ErrMalformed},
		{"line break inside", valid[:20] + "\n" + valid[20:], seal.ErrMalformed},
		{"trailing CRLF", valid + "\r\n", seal.ErrMalformed},
		{"impossible length", valid[:45], seal.ErrMalformed},
		{"version 0", withVersion(0), seal.ErrMalformed},
		{"version 2", withVersion(2), seal.ErrMalformed},
		{"all zero bytes", encode(make([]byte, 64)), seal.ErrMalformed},
		{"version 1 zeros", encode(append([]byte{1}, make([]byte, 63)...)), seal.ErrUnknownKey},
		{"long junk", strings.Repeat("A", 1<<16), seal.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pt, _, err := s.Open(tt.token, nil)
			if !errors.Is(err, tt.want) {
				t.Errorf("Open error = %v, want %v", err, tt.want)
			}
			if pt != nil {
				t.Error("plaintext returned with an error")
			}
		})
	}
}
