package seal_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/ssokit/workosauth/core/internal/seal"
)

// FuzzOpen feeds arbitrary tokens and aad to Open. It must not panic, must
// classify every failure with one of the package's errors, and anything it
// accepts must survive a re-seal and re-open unchanged.
func FuzzOpen(f *testing.F) {
	old := mustNew(f, purpose, pwB)
	s := mustNew(f, purpose, pwA, pwB)
	for _, seed := range []struct {
		s         *seal.Sealer
		plaintext string
		aad       string
	}{
		{s, "", ""},
		{s, "hello", "__session"},
		{s, `{"sub":"user_01H","exp":1700000000}`, "c"},
		{old, "from the previous password", "__session"},
	} {
		f.Add(mustSeal(f, seed.s, []byte(seed.plaintext), []byte(seed.aad)), []byte(seed.aad))
	}
	for _, junk := range []string{"", "A", "AQ", "AQID", "====", "\n\r", "!!!!!!!!", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"} {
		f.Add(junk, []byte(nil))
	}
	f.Fuzz(func(t *testing.T, token string, aad []byte) {
		pt, idx, err := s.Open(token, aad)
		if err != nil {
			if !errors.Is(err, seal.ErrMalformed) && !errors.Is(err, seal.ErrUnknownKey) && !errors.Is(err, seal.ErrInvalid) {
				t.Fatalf("unclassified error: %v", err)
			}
			if pt != nil || idx != 0 {
				t.Fatalf("error %v came with plaintext %q, index %d", err, pt, idx)
			}
			return
		}
		if idx < 0 || idx > 1 {
			t.Fatalf("keyIndex %d out of range", idx)
		}
		if got := seal.SealedLen(len(pt)); got != len(token) {
			t.Fatalf("accepted token of length %d, SealedLen(%d) = %d", len(token), len(pt), got)
		}
		again, err := s.Seal(pt, aad)
		if err != nil {
			t.Fatalf("re-seal: %v", err)
		}
		pt2, idx2, err := s.Open(again, aad)
		if err != nil || idx2 != 0 || !bytes.Equal(pt, pt2) {
			t.Fatalf("re-open = %q, %d, %v; want %q, 0, nil", pt2, idx2, err, pt)
		}
	})
}

// FuzzRoundTrip checks that every plaintext and aad survive Seal and Open,
// that the token has the advertised length, and that changing aad fails.
func FuzzRoundTrip(f *testing.F) {
	s := mustNew(f, purpose, pwA)
	f.Add([]byte(""), []byte(""))
	f.Add([]byte("hello"), []byte("__session"))
	f.Add(bytes.Repeat([]byte{0xff}, 500), []byte{0})
	f.Fuzz(func(t *testing.T, plaintext, aad []byte) {
		tok, err := s.Seal(plaintext, aad)
		if err != nil {
			t.Fatalf("Seal: %v", err)
		}
		if len(tok) != seal.SealedLen(len(plaintext)) {
			t.Fatalf("len(token) = %d, SealedLen = %d", len(tok), seal.SealedLen(len(plaintext)))
		}
		got, idx, err := s.Open(tok, aad)
		if err != nil || idx != 0 || !bytes.Equal(got, plaintext) {
			t.Fatalf("Open = %q, %d, %v; want %q, 0, nil", got, idx, err, plaintext)
		}
		if _, _, err := s.Open(tok, append(bytes.Clone(aad), 0)); !errors.Is(err, seal.ErrInvalid) {
			t.Fatalf("Open with extended aad = %v, want ErrInvalid", err)
		}
	})
}
