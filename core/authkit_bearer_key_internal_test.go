package core

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestSameToken(t *testing.T) {
	// sameToken agrees with == on equal strings, on strings of every
	// length up to 100 differing in any one byte or bit, and on strings
	// of different lengths.
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 101 {
		a := make([]byte, n)
		for i := range a {
			a[i] = byte(r.UintN(256))
		}
		if !sameToken(string(a), string(append([]byte(nil), a...))) {
			t.Fatalf("length %d: equal strings differ", n)
		}
		for i := range n {
			for _, bit := range []byte{0x01, 0x80, 0xff} {
				b := append([]byte(nil), a...)
				b[i] ^= bit
				if sameToken(string(a), string(b)) {
					t.Fatalf("length %d: a difference at %d (^%#x) not seen", n, i, bit)
				}
			}
		}
		if sameToken(string(a), string(a)+"x") || sameToken(string(a)+"x", string(a)) {
			t.Fatalf("length %d: strings of different lengths equal", n)
		}
	}
	if !sameToken("", "") || sameToken("", "a") {
		t.Fatal("empty strings")
	}
	tok := strings.Repeat("ab.", 300)
	if got := bearerKey(tok); got != tok[len(tok)-bearerKeyLen:] || bearerKey("short") != "short" {
		t.Fatalf("bearerKey: %q", got)
	}
}
