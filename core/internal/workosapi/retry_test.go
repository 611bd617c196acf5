package workosapi

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"1", time.Second},
		{" 7 ", 7 * time.Second},
		{"-1", 0},
		{"1.5", 0},
		{"abc", 0},
		{"99999999999999999999999", maxRetryAfter},
		{"86401", maxRetryAfter},
		{"Sun, 01 Mar 2026 12:00:03 GMT", 3 * time.Second},
		{"Sunday, 01-Mar-26 12:00:03 GMT", 3 * time.Second},
		{"Sun Mar  1 12:00:03 2026", 3 * time.Second},
		{"Sun, 01 Mar 2026 11:59:00 GMT", 0},
		{"Fri, 01 Mar 2030 12:00:00 GMT", maxRetryAfter},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	c := &Client{backoffBase: initialBackoff}
	for attempt, want := range []time.Duration{200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, 1600 * time.Millisecond, maxBackoff, maxBackoff, maxBackoff} {
		for range 50 {
			got := c.backoff(attempt)
			if got < want*8/10 || got > want*12/10 {
				t.Fatalf("backoff(%d) = %v, want %v +-20%%", attempt, got, want)
			}
		}
	}
	if got := c.backoff(1000); got > maxBackoff*12/10 {
		t.Errorf("backoff(1000) = %v", got)
	}
	if got := (&Client{}).backoff(0); got != 0 {
		t.Errorf("zero base gave %v", got)
	}
}

func TestRetryable(t *testing.T) {
	live := context.Background()
	done, cancel := context.WithCancel(live)
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want bool
	}{
		{"429", live, &APIError{StatusCode: 429}, false},
		{"500", live, &APIError{StatusCode: 500}, true},
		{"599", live, &APIError{StatusCode: 599}, true},
		{"wrapped 503", live, fmt.Errorf("x: %w", &APIError{StatusCode: 503}), true},
		{"400", live, &APIError{StatusCode: 400}, false},
		{"401", live, &APIError{StatusCode: 401}, false},
		{"unavailable", live, fmt.Errorf("x: %w", ErrUnavailable), true},
		{"transport timeout", live, &timeoutError{op: "x"}, true},
		{"bad response", live, fmt.Errorf("x: %w", ErrBadResponse), false},
		{"context done", done, fmt.Errorf("x: %w", ErrUnavailable), false},
		{"other", live, errors.New("x"), false},
	}
	for _, tt := range tests {
		if got := retryable(tt.ctx, tt.err); got != tt.want {
			t.Errorf("%s: retryable = %v", tt.name, got)
		}
	}
}

func TestTimeoutErrorIs(t *testing.T) {
	cause := &APIError{Op: "organizations", StatusCode: 503}
	err := fmt.Errorf("wrapped: %w", &timeoutError{op: "organizations", cause: cause})
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Error("timeoutError must match ErrTimeout and context.DeadlineExceeded")
	}
	if errors.Is(err, ErrUnavailable) || errors.Is(err, context.Canceled) {
		t.Error("timeoutError matches too much")
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr != cause {
		t.Error("timeoutError must unwrap to its cause")
	}
}
