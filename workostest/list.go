package workostest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// fixedTimestamp is the created_at and updated_at of every seeded object, so
// that answers are the same on every run.
const fixedTimestamp = "2026-01-01T00:00:00.000Z"

// listJSON is WorkOS's list envelope.
type listJSON[T any] struct {
	Object       string       `json:"object"`
	Data         []T          `json:"data"`
	ListMetadata listMetadata `json:"list_metadata"`
}

// listMetadata holds the cursors of the pages before and after a list.
type listMetadata struct {
	Before *string `json:"before"`
	After  *string `json:"after"`
}

// listParams are the pagination parameters of a list endpoint.
type listParams struct {
	limit         int
	before, after string
	desc          bool // newest first
}

// parseListParams reads limit (1 to 100, default 10), order (asc, desc,
// or normal, which is asc; defaultDesc says which an empty one is),
// before and after. It returns a validation message when one is wrong.
func parseListParams(q url.Values, defaultDesc bool) (listParams, string) {
	p := listParams{limit: 10, before: q.Get("before"), after: q.Get("after"), desc: defaultDesc}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return p, "limit must be an integer from 1 to 100"
		}
		p.limit = n
	}
	switch q.Get("order") {
	case "":
	case "asc", "normal":
		p.desc = false
	case "desc":
		p.desc = true
	default:
		return p, "order must be asc, desc or normal"
	}
	if p.before != "" && p.after != "" {
		return p, "before and after cannot be used together"
	}
	return p, ""
}

// writeValidationError answers 422 as WorkOS does for bad parameters.
func writeValidationError(w http.ResponseWriter, message string) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
		"code":    "invalid_request_parameters",
		"message": "Validation failed: " + message + ".",
	})
}

// paginate returns the page of items p asks for, with its cursors (the IDs
// of its first and last items when there are items before or after it). An
// unknown cursor gives an empty page.
func paginate[T any](items []T, id func(T) string, p listParams) listJSON[T] {
	start, end := 0, min(p.limit, len(items))
	if p.after != "" || p.before != "" {
		i := slices.IndexFunc(items, func(t T) bool { return id(t) == p.after || id(t) == p.before })
		switch {
		case i < 0:
			start, end = 0, 0
		case p.after != "":
			start, end = i+1, min(i+1+p.limit, len(items))
		default:
			start, end = max(0, i-p.limit), i
		}
	}
	out := listJSON[T]{Object: "list", Data: slices.Clone(items[start:end])}
	if out.Data == nil {
		out.Data = []T{}
	}
	if len(out.Data) > 0 {
		if start > 0 {
			first := id(out.Data[0])
			out.ListMetadata.Before = &first
		}
		if end < len(items) {
			last := id(out.Data[len(out.Data)-1])
			out.ListMetadata.After = &last
		}
	}
	return out
}

// ordered returns items, oldest first, in the order p asks for: a
// reversed copy when desc.
func ordered[T any](items []T, desc bool) []T {
	if !desc {
		return items
	}
	out := slices.Clone(items)
	slices.Reverse(out)
	return out
}
