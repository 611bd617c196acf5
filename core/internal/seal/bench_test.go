package seal_test

import (
	"bytes"
	"testing"
)

// benchPayload is the size of a typical session cookie payload.
var benchPayload = bytes.Repeat([]byte(`{"k":"v"}`), 56)[:500]

func BenchmarkSeal(b *testing.B) {
	s := mustNew(b, purpose, pwA)
	aad := []byte("__session")
	b.ReportAllocs()
	b.SetBytes(int64(len(benchPayload)))
	for b.Loop() {
		if _, err := s.Seal(benchPayload, aad); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	s := mustNew(b, purpose, pwB, pwA)
	aad := []byte("__session")
	tok := mustSeal(b, s, benchPayload, aad)
	b.ReportAllocs()
	b.SetBytes(int64(len(benchPayload)))
	for b.Loop() {
		if _, _, err := s.Open(tok, aad); err != nil {
			b.Fatal(err)
		}
	}
}
