package workosapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/ssokit/workosauth/core/internal/telemetry"
)

// send performs one HTTP exchange and returns the bounded body of a 2xx
// answer. A non-2xx answer yields an *APIError (with secrets redacted from
// WorkOS's text); a transport failure yields a timeout, cancellation or
// ErrUnavailable error. send never retries.
func (c *Client) send(ctx context.Context, call *telemetry.WorkOSCall, op string, req *http.Request, secrets ...string) ([]byte, error) {
	resp, err := c.roundTrip(ctx, call, req)
	if err != nil {
		return nil, transportError(ctx, op, err)
	}
	defer drainAndClose(resp.Body)

	body, tooLarge, err := readBounded(resp.Body, maxBodyBytes)
	if err != nil {
		return nil, transportError(ctx, op, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, newAPIError(op, resp, body, time.Now(), append(secrets, c.apiKey)...)
	}
	if tooLarge {
		return nil, fmt.Errorf("workosapi: %s: %w: body exceeds %d bytes", op, ErrBadResponse, maxBodyBytes)
	}
	return body, nil
}

// readBounded reads at most limit bytes of r and reports whether there was
// more.
func readBounded(r io.Reader, limit int64) (body []byte, tooLarge bool, err error) {
	body, err = io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(body)) > limit {
		return body[:limit], true, nil
	}
	return body, false, nil
}

// drainAndClose discards a bounded remainder of the body so the connection
// can be reused, then closes it.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	_ = body.Close()
}

// transportError classifies a failed round trip (or body read): the call's
// deadline or a network timeout gives a timeout error, a cancelled context
// gives the context's error, anything else ErrUnavailable. err comes from
// net/http and names at most the method and URL, which carry no secret.
func transportError(ctx context.Context, op string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		if errors.Is(ctxErr, context.DeadlineExceeded) {
			return &timeoutError{op: op, cause: err}
		}
		return fmt.Errorf("workosapi: %s: %w", op, ctxErr)
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return &timeoutError{op: op, cause: err}
	}
	return fmt.Errorf("workosapi: %s: %w: %w", op, ErrUnavailable, err)
}
