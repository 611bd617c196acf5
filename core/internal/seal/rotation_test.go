package seal_test

import (
	"errors"
	"testing"

	"github.com/ssokit/workosauth/core/internal/seal"
)

func TestRotation(t *testing.T) {
	aad := []byte("__session")
	before := mustNew(t, purpose, pwA)
	during := mustNew(t, purpose, pwB, pwA)     // B current, A still accepted
	later := mustNew(t, purpose, pwC, pwB, pwA) // A now at index 2
	after := mustNew(t, purpose, pwB)           // A retired

	oldTok := mustSeal(t, before, []byte("payload"), aad)
	newTok := mustSeal(t, during, []byte("payload"), aad)

	tests := []struct {
		name    string
		s       *seal.Sealer
		token   string
		wantIdx int
		wantErr error
	}{
		{"old token, old sealer", before, oldTok, 0, nil},
		{"old token, previous password", during, oldTok, 1, nil},
		{"old token, two rotations later", later, oldTok, 2, nil},
		{"old token, password removed", after, oldTok, 0, seal.ErrUnknownKey},
		{"new token, new sealer", during, newTok, 0, nil},
		{"new token, after retirement", after, newTok, 0, nil},
		{"new token, one rotation later", later, newTok, 1, nil},
		{"new token, old sealer", before, newTok, 0, seal.ErrUnknownKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, idx, err := tt.s.Open(tt.token, aad)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Open error = %v, want %v", err, tt.wantErr)
				}
				if got != nil {
					t.Errorf("plaintext = %q on error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if idx != tt.wantIdx || string(got) != "payload" {
				t.Errorf("Open = %q, %d; want %q, %d", got, idx, "payload", tt.wantIdx)
			}
		})
	}
}

func TestResealAfterRotation(t *testing.T) {
	old := mustSeal(t, mustNew(t, purpose, pwA), []byte("p"), nil)
	s := mustNew(t, purpose, pwB, pwA)
	pt, idx, err := s.Open(old, nil)
	if err != nil || idx != 1 {
		t.Fatalf("Open old = %d, %v; want index 1", idx, err)
	}
	fresh := mustSeal(t, s, pt, nil)
	if _, idx, err := mustNew(t, purpose, pwB).Open(fresh, nil); err != nil || idx != 0 {
		t.Fatalf("re-sealed token: index %d, %v; want 0, nil", idx, err)
	}
}

// These two 32-byte passwords have the same key id for collisionPurpose
// (found by a birthday search), so Open must try both keys.
const (
	collisionPurpose = "workosauth collision test"
	collideA         = "collision-test-password-00001154"
	collideB         = "collision-test-password-00043171"
)

func TestKeyIDCollision(t *testing.T) {
	tokA := mustSeal(t, mustNew(t, collisionPurpose, collideA), []byte("from A"), []byte("aad"))
	tokB := mustSeal(t, mustNew(t, collisionPurpose, collideB), []byte("from B"), []byte("aad"))
	if decode(t, tokA)[1] != decode(t, tokB)[1] || string(decode(t, tokA)[1:5]) != string(decode(t, tokB)[1:5]) {
		t.Fatal("test passwords no longer collide; the key derivation changed")
	}

	tests := []struct {
		name      string
		passwords []string
		token     string
		want      string
		wantIdx   int
	}{
		{"first of two", []string{collideA, collideB}, tokA, "from A", 0},
		{"second of two", []string{collideA, collideB}, tokB, "from B", 1},
		{"second of two, reversed", []string{collideB, collideA}, tokA, "from A", 1},
		{"with an unrelated key between", []string{collideB, pwA, collideA}, tokA, "from A", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustNew(t, collisionPurpose, tt.passwords...)
			got, idx, err := s.Open(tt.token, []byte("aad"))
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if string(got) != tt.want || idx != tt.wantIdx {
				t.Errorf("Open = %q, %d; want %q, %d", got, idx, tt.want, tt.wantIdx)
			}
			// Every colliding key fails: authentication error, not unknown key.
			if _, _, err := s.Open(tt.token, []byte("other")); !errors.Is(err, seal.ErrInvalid) {
				t.Errorf("Open with wrong aad = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestPurposeSeparation(t *testing.T) {
	session := mustNew(t, "workosauth session v1", pwA)
	state := mustNew(t, "workosauth oauth state v1", pwA)
	tok := mustSeal(t, session, []byte("secret"), nil)

	if _, _, err := state.Open(tok, nil); !errors.Is(err, seal.ErrUnknownKey) {
		t.Errorf("other purpose: Open = %v, want ErrUnknownKey", err)
	}

	// Even with the header rewritten to the other purpose's key id, the key
	// itself differs, so authentication fails.
	forged := decode(t, tok)
	copy(forged[1:5], decode(t, mustSeal(t, state, nil, nil))[1:5])
	if _, _, err := state.Open(encode(forged), nil); !errors.Is(err, seal.ErrInvalid) {
		t.Errorf("forged key id: Open = %v, want ErrInvalid", err)
	}
}
