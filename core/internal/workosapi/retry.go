package workosapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfter caps a parsed Retry-After so arithmetic cannot overflow; any
// wait this long is past every call deadline anyway.
const maxRetryAfter = 24 * time.Hour

// getWithRetry GETs rawURL with the Bearer API key, retrying 5xx and
// transport failures with exponential backoff (honouring Retry-After) up to
// c.maxRetries times. A 429 is never retried: WorkOS is saying the app's
// quota is spent, and each retry would spend more of it while the visitor
// waits. It never sleeps past ctx's deadline: when the next
// wait would end after it, it gives up and returns the last error.
func (c *Client) getWithRetry(ctx context.Context, op, rawURL string) ([]byte, error) {
	return c.getRetrying(ctx, op, rawURL, true)
}

// getRetrying is getWithRetry, sending the API key only when withKey (a
// public document such as the key set goes without it).
func (c *Client) getRetrying(ctx context.Context, op, rawURL string, withKey bool) ([]byte, error) {
	return c.retrying(ctx, op, http.MethodGet, rawURL, nil, withKey)
}

// retrying sends method rawURL (with body as JSON when not nil) and
// retries it as getWithRetry does: for GETs and for idempotent POSTs.
func (c *Client) retrying(ctx context.Context, op, method, rawURL string, body []byte, withKey bool) ([]byte, error) {
	ctx, call := c.startCall(ctx, c.endpointOf(rawURL))
	defer call.End()
	for attempt := 0; ; attempt++ {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, rawURL, rd)
		if err != nil {
			return nil, fmt.Errorf("workosapi: %s: building request: %w", op, err)
		}
		if withKey {
			req.Header.Set("Authorization", "Bearer "+c.apiKey)
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", userAgent)

		answer, err := c.send(ctx, call, op, req)
		if err == nil {
			return answer, nil
		}
		if attempt >= c.maxRetries || !retryable(ctx, err) {
			return nil, err
		}
		wait := c.backoff(attempt)
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.RetryAfter > wait {
			wait = apiErr.RetryAfter
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= wait {
			return nil, err
		}
		if sleepErr := sleep(ctx, wait); sleepErr != nil {
			if errors.Is(sleepErr, context.DeadlineExceeded) {
				return nil, &timeoutError{op: op, cause: err}
			}
			return nil, fmt.Errorf("workosapi: %s: %w", op, sleepErr)
		}
	}
}

// retryable reports whether err may go away on a new attempt: a 5xx
// answer, a transport failure, or a transport timeout while the call still
// has time. A 429 is not: retrying it spends the quota it reports spent.
func retryable(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Temporary() && apiErr.StatusCode != http.StatusTooManyRequests
	}
	return errors.Is(err, ErrUnavailable) || errors.Is(err, ErrTimeout)
}

// backoff returns the delay before retry number attempt+1: backoffBase
// doubled per attempt, capped at maxBackoff, with +-20% jitter.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.backoffBase
	for i := 0; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	d = min(d, maxBackoff)
	spread := d * 2 / 5
	if spread <= 0 {
		return d
	}
	return d - spread/2 + rand.N(spread)
}

// sleep waits d or until ctx is done, returning ctx's error in that case.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// parseRetryAfter decodes a Retry-After header: delay-seconds or an HTTP
// date (relative to now). Absent, malformed, negative or past values give 0;
// values are capped at maxRetryAfter.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if isDigits(v) {
		secs, err := strconv.ParseInt(v, 10, 64)
		if err != nil || secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		return time.Duration(secs) * time.Second
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	d := t.Sub(now)
	if d <= 0 {
		return 0
	}
	return min(d, maxRetryAfter)
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
