package workosapi

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
)

// fetchList GETs {base}{path}?{query}&limit=100 and follows the after
// cursor until the last page, at most maxListPages pages, all within one
// Timeout. Each page is fetched with getWithRetry and decoded by decode.
func fetchList[T any](ctx context.Context, c *Client, op, path string, query url.Values, decode func([]byte) ([]T, string, error)) ([]T, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	query.Set("limit", strconv.Itoa(listPageLimit))
	var all []T
	seen := make(map[string]bool)
	for range maxListPages {
		body, err := c.getWithRetry(ctx, op, c.base+path+"?"+query.Encode())
		if err != nil {
			return nil, err
		}
		items, after, err := decode(body)
		if err != nil {
			return nil, fmt.Errorf("workosapi: %s: %w", op, err)
		}
		all = append(all, items...)
		if after == "" {
			return all, nil
		}
		if seen[after] {
			return nil, fmt.Errorf("workosapi: %s: %w: pagination cursor repeated", op, ErrBadResponse)
		}
		seen[after] = true
		query.Set("after", after)
	}
	return nil, fmt.Errorf("workosapi: %s: %w: list longer than %d pages", op, ErrBadResponse, maxListPages)
}
