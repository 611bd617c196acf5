package sessionfmt

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Version is the first byte of a binary session.
const Version = 2

// MaxDepth is how deep values nest in the binary form; a deeper subtree
// is written as JSON ([TagJSON]), as are values of types JSON does not
// decode to.
const MaxDepth = 32

// Tags of values.
const (
	TagNull   = 0 // no payload
	TagFalse  = 1 // no payload
	TagTrue   = 2 // no payload
	TagInt    = 3 // signed varint: a float64 with an integral value below 2^53
	TagFloat  = 4 // 8 bytes, little-endian IEEE 754 bits
	TagString = 5 // string
	TagArray  = 6 // uvarint count, values
	TagObject = 7 // uvarint count, then key strings and values, keys sorted
	TagJSON   = 8 // string of JSON, decoded with encoding/json
)

// maxExact is the bound below which every integer is exact in a float64.
const maxExact = 1 << 53

// ErrUnsupported is a value that JSON cannot encode either (NaN, an
// infinity, a channel...).
var ErrUnsupported = errors.New("sessionfmt: value JSON cannot encode")

// Writer appends the encoding to a buffer. The first error sticks and
// [Writer.Bytes] returns it.
type Writer struct {
	buf []byte
	err error
}

// NewWriter returns a Writer whose buffer starts with [Version] and has
// room for about size bytes.
func NewWriter(size int) *Writer {
	return &Writer{buf: append(make([]byte, 0, size), Version)}
}

// Bytes returns the encoding, or the first error.
func (w *Writer) Bytes() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	return w.buf, nil
}

// Byte writes one byte.
func (w *Writer) Byte(b byte) { w.buf = append(w.buf, b) }

// Bool writes b as 0 or 1.
func (w *Writer) Bool(b bool) {
	if b {
		w.Byte(1)
	} else {
		w.Byte(0)
	}
}

// Uint writes v as a uvarint.
func (w *Writer) Uint(v uint64) { w.buf = binary.AppendUvarint(w.buf, v) }

// Int writes v as a zigzag varint.
func (w *Writer) Int(v int64) { w.buf = binary.AppendVarint(w.buf, v) }

// String writes s with its length.
func (w *Writer) String(s string) {
	w.Uint(uint64(len(s)))
	w.buf = append(w.buf, s...)
}

// Strings writes a list of strings.
func (w *Writer) Strings(ss []string) {
	w.Uint(uint64(len(ss)))
	for _, s := range ss {
		w.String(s)
	}
}

// StringMap writes a map of strings, keys sorted.
func (w *Writer) StringMap(m map[string]string) {
	w.Uint(uint64(len(m)))
	for _, k := range sortedKeys(m) {
		w.String(k)
		w.String(m[k])
	}
}

// Object writes a map as a JSON object would be ([TagObject]'s payload,
// without the tag).
func (w *Writer) Object(m map[string]any) { w.object(m, 0) }

// Value writes v with its tag. Values of the types encoding/json decodes
// into an any are written as such; any other value is written as its JSON
// ([TagJSON]), so that it reads back as JSON would have read it.
func (w *Writer) Value(v any) { w.value(v, 0) }

func (w *Writer) value(v any, depth int) {
	if depth >= MaxDepth {
		w.json(v)
		return
	}
	switch v := v.(type) {
	case nil:
		w.Byte(TagNull)
	case bool:
		w.Byte(TagFalse + boolByte(v))
	case float64:
		w.float(v)
	case string:
		w.Byte(TagString)
		w.String(v)
	case []any:
		w.Byte(TagArray)
		w.Uint(uint64(len(v)))
		for _, e := range v {
			w.value(e, depth+1)
		}
	case map[string]any:
		w.Byte(TagObject)
		w.object(v, depth+1)
	default:
		w.json(v)
	}
}

func (w *Writer) object(m map[string]any, depth int) {
	w.Uint(uint64(len(m)))
	for _, k := range sortedKeys(m) {
		w.String(k)
		w.value(m[k], depth)
	}
}

// float writes a number: integral values as varints, others as bits.
func (w *Writer) float(f float64) {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		w.fail(fmt.Errorf("%w: %v", ErrUnsupported, f))
	case f == math.Trunc(f) && math.Abs(f) < maxExact && !(f == 0 && math.Signbit(f)):
		w.Byte(TagInt)
		w.Int(int64(f))
	default:
		w.Byte(TagFloat)
		w.buf = binary.LittleEndian.AppendUint64(w.buf, math.Float64bits(f))
	}
}

// json writes v as JSON.
func (w *Writer) json(v any) {
	js, err := json.Marshal(v)
	if err != nil {
		w.fail(fmt.Errorf("%w: %w", ErrUnsupported, err))
		return
	}
	w.Byte(TagJSON)
	w.String(string(js))
}

func (w *Writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
