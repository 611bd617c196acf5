package accesstoken

import (
	"bytes"
	"errors"

	"github.com/go-jose/go-jose/v4/json"
)

// A strict reader of the two JSON objects a token carries (its header and
// its claims), in place of a general decoder: it keeps only what core
// reads and skips the rest, validating it. Its rules are go-jose's
// decoder's (which read tokens before), with three differences, all
// refusals of what that decoder took:
//   - a member name twice in any object, including objects inside members
//     that are skipped (go-jose checks the objects it decodes into);
//   - values nested more than maxDepth deep;
//   - a list of strings (roles, permissions, ...) holding null.
//
// Member names match exactly (case-sensitively), after unescaping. Strings
// are returned as go-jose unquotes them: an escape or a non-ASCII byte
// sends the literal to its decoder, so invalid UTF-8 and lone surrogates
// read as U+FFFD there and here alike. null in a member core reads is as
// if the member were absent.

// maxDepth bounds how deep values nest.
const maxDepth = 32

// errJSON is any JSON the reader refuses; callers map it to their error.
var errJSON = errors.New("accesstoken: JSON not accepted")

// jsonReader reads one JSON text from b.
type jsonReader struct {
	b []byte
	i int
}

// ws skips whitespace.
func (r *jsonReader) ws() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// peek is the next byte after whitespace, or 0 at the end.
func (r *jsonReader) peek() byte {
	r.ws()
	if r.i < len(r.b) {
		return r.b[r.i]
	}
	return 0
}

// end checks that only whitespace is left.
func (r *jsonReader) end() error {
	if r.peek() != 0 || r.i != len(r.b) {
		return errJSON
	}
	return nil
}

// members reads an object, calling member for each name (unescaped) with
// the reader at its value, which member must consume (r.skip for names it
// does not read). A name seen twice is an error.
func (r *jsonReader) members(depth int, member func(name []byte) error) error {
	if depth > maxDepth || r.peek() != '{' {
		return errJSON
	}
	r.i++
	var seen names
	if r.peek() == '}' {
		r.i++
		return nil
	}
	for {
		if r.peek() != '"' {
			return errJSON
		}
		name, err := r.name()
		if err != nil || !seen.add(name) || r.peek() != ':' {
			return errJSON
		}
		r.i++
		r.ws()
		if err := member(name); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.i++
		case '}':
			r.i++
			return nil
		default:
			return errJSON
		}
	}
}

// names are the member names of one object seen so far: a few in a slice,
// more in a map.
type names struct {
	few  [16][]byte
	n    int
	many map[string]struct{}
}

// add records name, reporting false when it was seen before.
func (s *names) add(name []byte) bool {
	for _, x := range s.few[:s.n] {
		if bytes.Equal(x, name) {
			return false
		}
	}
	if s.many != nil {
		if _, dup := s.many[string(name)]; dup {
			return false
		}
	}
	if s.n < len(s.few) {
		s.few[s.n] = name
		s.n++
		return true
	}
	if s.many == nil {
		s.many = map[string]struct{}{}
	}
	s.many[string(name)] = struct{}{}
	return true
}

// literal reads a string literal, returning its bytes between the quotes
// and whether they are plain (printable ASCII, no escape): plain bytes
// are the string itself. Control characters are an error.
func (r *jsonReader) literal() (raw []byte, plain bool, err error) {
	if r.peek() != '"' {
		return nil, false, errJSON
	}
	start := r.i + 1
	plain = true
	for i := start; i < len(r.b); i++ {
		switch c := r.b[i]; {
		case c == '"':
			r.i = i + 1
			return r.b[start:i], plain, nil
		case c == '\\':
			plain = false
			i++ // the escaped byte; go-jose checks the escape itself
		case c < 0x20:
			return nil, false, errJSON
		case c >= 0x80:
			plain = false
		}
	}
	return nil, false, errJSON
}

// unquote is a literal that is not plain, unquoted by go-jose's decoder.
func unquote(lit []byte) ([]byte, error) {
	var s string
	q := make([]byte, 0, len(lit)+2)
	q = append(append(append(q, '"'), lit...), '"')
	if err := json.Unmarshal(q, &s); err != nil {
		return nil, errJSON
	}
	return []byte(s), nil
}

// name reads a member name.
func (r *jsonReader) name() ([]byte, error) {
	lit, plain, err := r.literal()
	if err != nil || plain {
		return lit, err
	}
	return unquote(lit)
}

// str reads a string, or null as "". It fails on any other value.
func (r *jsonReader) str() (string, error) {
	if r.null() {
		return "", nil
	}
	lit, plain, err := r.literal()
	if err != nil || plain {
		return string(lit), err
	}
	s, err := unquote(lit)
	return string(s), err
}

// null consumes a null if one is next.
func (r *jsonReader) null() bool {
	if r.peek() == 'n' && bytes.HasPrefix(r.b[r.i:], []byte("null")) {
		r.i += 4
		return true
	}
	return false
}

// strings reads an array of strings, or null as nil.
func (r *jsonReader) strings() ([]string, error) {
	if r.null() {
		return nil, nil
	}
	if r.peek() != '[' {
		return nil, errJSON
	}
	r.i++
	out := []string{}
	if r.peek() == ']' {
		r.i++
		return out, nil
	}
	for {
		if r.peek() != '"' {
			return nil, errJSON
		}
		s, err := r.str()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		switch r.peek() {
		case ',':
			r.i++
		case ']':
			r.i++
			return out, nil
		default:
			return nil, errJSON
		}
	}
}

// number reads a number literal (JSON's grammar) and returns its bytes.
func (r *jsonReader) number() ([]byte, error) {
	r.ws()
	start, b, i := r.i, r.b, r.i
	digits := func() bool {
		j := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i > j
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		return nil, errJSON
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return nil, errJSON
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return nil, errJSON
		}
	}
	r.i = i
	return b[start:i], nil
}

// skip reads and discards any value, nested at most maxDepth deep.
func (r *jsonReader) skip(depth int) error {
	if depth > maxDepth {
		return errJSON
	}
	switch c := r.peek(); {
	case c == '{':
		return r.members(depth, func([]byte) error { return r.skip(depth + 1) })
	case c == '[':
		r.i++
		if r.peek() == ']' {
			r.i++
			return nil
		}
		for {
			if err := r.skip(depth + 1); err != nil {
				return err
			}
			switch r.peek() {
			case ',':
				r.i++
			case ']':
				r.i++
				return nil
			default:
				return errJSON
			}
		}
	case c == '"':
		lit, plain, err := r.literal()
		if err == nil && !plain {
			_, err = unquote(lit) // validates the escapes
		}
		return err
	case c == '-' || '0' <= c && c <= '9':
		_, err := r.number()
		return err
	default:
		for _, lit := range [...]string{"true", "false", "null"} {
			if bytes.HasPrefix(r.b[r.i:], []byte(lit)) {
				r.i += len(lit)
				return nil
			}
		}
		return errJSON
	}
}
