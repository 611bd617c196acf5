package seal_test

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/ssokit/workosauth/core/internal/seal"
)

func TestRoundTrip(t *testing.T) {
	s := mustNew(t, purpose, pwA, pwB)
	tests := []struct {
		name      string
		plaintext []byte
		aad       []byte
	}{
		{"empty", nil, nil},
		{"empty with aad", []byte{}, []byte("__session")},
		{"one byte", []byte{0}, nil},
		{"json", []byte(`{"sub":"user_01","sid":"session_01"}`), []byte("__session")},
		{"500 bytes", bytes.Repeat([]byte("x"), 500), []byte("c")},
		{"64 KiB binary", bytes.Repeat([]byte{0, 1, 2, 0xff}, 16<<10), []byte{0, 0xff}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := mustSeal(t, s, tt.plaintext, tt.aad)
			if got, want := len(tok), seal.SealedLen(len(tt.plaintext)); got != want {
				t.Errorf("len(token) = %d, SealedLen = %d", got, want)
			}
			if strings.ContainsAny(tok, "+/=\r\n") {
				t.Errorf("token %q is not unpadded base64url", tok)
			}
			raw := decode(t, tok)
			if raw[0] != 1 {
				t.Errorf("version byte = %d, want 1", raw[0])
			}
			if len(tt.plaintext) > 8 && bytes.Contains(raw, tt.plaintext[:8]) {
				t.Error("token contains the plaintext")
			}
			got, idx, err := s.Open(tok, tt.aad)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if idx != 0 {
				t.Errorf("keyIndex = %d, want 0", idx)
			}
			if !bytes.Equal(got, tt.plaintext) {
				t.Errorf("plaintext = %q, want %q", got, tt.plaintext)
			}
		})
	}
}

func TestSealUsesFreshNonces(t *testing.T) {
	s := mustNew(t, purpose, pwA)
	seen := make(map[string]bool)
	for range 100 {
		raw := decode(t, mustSeal(t, s, []byte("same"), nil))
		nonce := string(raw[5:17])
		if seen[nonce] {
			t.Fatalf("nonce %x repeated", nonce)
		}
		seen[nonce] = true
	}
}

func TestSealedLen(t *testing.T) {
	tests := []struct{ n, want int }{
		{-1, 44}, // treated as 0
		{0, 44},  // 33 raw bytes
		{1, 46},  // 34
		{2, 47},  // 35
		{3, 48},  // 36
		{500, 711},
	}
	for _, tt := range tests {
		if got := seal.SealedLen(tt.n); got != tt.want {
			t.Errorf("SealedLen(%d) = %d, want %d", tt.n, got, tt.want)
		}
	}
}

func TestOpenResultDoesNotAliasLaterCalls(t *testing.T) {
	s := mustNew(t, purpose, pwA)
	tok := mustSeal(t, s, []byte("first"), nil)
	p1, _, err := s.Open(tok, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = append(p1, "-appended"...) // must not scribble on anything shared
	p2, _, err := s.Open(tok, nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(p1) != "first" || string(p2) != "first" {
		t.Errorf("got %q and %q, want %q twice", p1, p2, "first")
	}
}

func TestZeroSealer(t *testing.T) {
	var s seal.Sealer
	if _, err := s.Seal([]byte("x"), nil); err == nil {
		t.Error("Seal on zero Sealer: want error")
	}
	tok := mustSeal(t, mustNew(t, purpose, pwA), []byte("x"), nil)
	if _, _, err := s.Open(tok, nil); err == nil {
		t.Error("Open on zero Sealer: want error")
	}
	var nilSealer *seal.Sealer
	if _, _, err := nilSealer.Open(tok, nil); err == nil {
		t.Error("Open on nil Sealer: want error")
	}
}

func TestConcurrentUse(t *testing.T) {
	s := mustNew(t, purpose, pwA, pwB)
	old := mustSeal(t, mustNew(t, purpose, pwB), []byte("old"), nil)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				msg := []byte{byte(g), byte(i)}
				tok, err := s.Seal(msg, nil)
				if err != nil {
					errs <- err
					return
				}
				got, idx, err := s.Open(tok, nil)
				if err != nil || idx != 0 || !bytes.Equal(got, msg) {
					errs <- errors.Join(errors.New("round trip mismatch"), err)
					return
				}
				if _, idx, err := s.Open(old, nil); err != nil || idx != 1 {
					errs <- errors.Join(errors.New("old token"), err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
