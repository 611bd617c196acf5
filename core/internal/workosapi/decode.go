package workosapi

import (
	"encoding/json"
	"errors"
	"fmt"
)

// This file holds the decoders of WorkOS's bytes. They are plain functions
// over []byte (no I/O) so they can be fuzzed directly. They never panic and
// their errors never quote the input.

// parseErrorBody extracts WorkOS's error code and description from an error
// answer. It accepts both shapes WorkOS uses, {"error","error_description"}
// and {"message"} (optionally with "code"), ignores fields of the wrong type,
// and returns "", "" for anything unparseable.
func parseErrorBody(body []byte) (code, description string) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return "", ""
	}
	str := func(key string) string {
		raw, ok := fields[key]
		if !ok {
			return ""
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return ""
		}
		return s
	}
	code = str("error")
	if code == "" {
		code = str("code")
	}
	description = str("error_description")
	if description == "" {
		description = str("message")
	}
	return code, description
}

// describeJSONError turns a json error into a message that does not quote
// the input (a SyntaxError would quote a byte of it).
func describeJSONError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("%w: body is not valid JSON (offset %d)", ErrBadResponse, syn.Offset)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return fmt.Errorf("%w: body has the wrong JSON type", ErrBadResponse)
		}
		return fmt.Errorf("%w: field %q has the wrong JSON type", ErrBadResponse, typ.Field)
	default:
		return fmt.Errorf("%w: body is not valid JSON", ErrBadResponse)
	}
}

// isJSONObject reports whether raw (as captured by json.RawMessage, so
// already valid JSON without surrounding space) is an object.
func isJSONObject(raw json.RawMessage) bool {
	return len(raw) > 0 && raw[0] == '{'
}

// listEnvelope is the shape of a WorkOS list answer.
type listEnvelope[T any] struct {
	Data         *[]T `json:"data"`
	ListMetadata *struct {
		After *string `json:"after"`
	} `json:"list_metadata"`
}

// decodeList decodes a list answer and returns its items and the cursor of
// the next page ("" when this is the last one).
func decodeList[T any](body []byte) (items []T, after string, err error) {
	var env listEnvelope[T]
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, "", describeJSONError(err)
	}
	if env.Data == nil {
		return nil, "", fmt.Errorf("%w: list has no data array", ErrBadResponse)
	}
	if env.ListMetadata != nil && env.ListMetadata.After != nil {
		after = *env.ListMetadata.After
	}
	return *env.Data, after, nil
}
