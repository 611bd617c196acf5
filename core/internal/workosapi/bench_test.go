package workosapi

import (
	"context"
	"io"
	"net/http"
	"testing"
)

func BenchmarkExchangeCode(b *testing.B) {
	srv, _ := countingServer(b, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, testTokenBody)
	})
	c := newTestClient(b, srv.URL, nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.ExchangeCode(ctx, testCode, testVerifier); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeToken(b *testing.B) {
	body := []byte(testTokenBody)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeToken(body); err != nil {
			b.Fatal(err)
		}
	}
}
