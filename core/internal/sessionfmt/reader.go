package sessionfmt

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
)

// ErrMalformed is input that is not a binary session: short, long, a bad
// tag, a count beyond the input, or too deep.
var ErrMalformed = errors.New("sessionfmt: malformed binary session")

// Reader reads the encoding from a string. The first error sticks: every
// read after it returns a zero value, and [Reader.Close] reports it.
type Reader struct {
	s   string
	off int
	err error
}

// NewReader returns a Reader of a binary session: it checks the version
// byte and reads what follows. Strings read are slices of s.
func NewReader(s string) *Reader {
	r := &Reader{s: s}
	if r.Byte() != Version {
		r.fail()
	}
	return r
}

// Close returns the first error, or ErrMalformed if bytes are left.
func (r *Reader) Close() error {
	if r.err == nil && r.off != len(r.s) {
		r.fail()
	}
	return r.err
}

func (r *Reader) fail() {
	if r.err == nil {
		r.err = ErrMalformed
	}
	r.off = len(r.s)
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if r.off >= len(r.s) {
		r.fail()
		return 0
	}
	b := r.s[r.off]
	r.off++
	return b
}

// Bool reads 0 or 1.
func (r *Reader) Bool() bool {
	switch r.Byte() {
	case 0:
		return false
	case 1:
		return true
	}
	r.fail()
	return false
}

// Uint reads a uvarint.
func (r *Reader) Uint() uint64 {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		b := r.Byte()
		if r.err != nil {
			return 0
		}
		if shift == 63 && b > 1 {
			break
		}
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v
		}
	}
	r.fail()
	return 0
}

// Int reads a zigzag varint.
func (r *Reader) Int() int64 {
	u := r.Uint()
	return int64(u>>1) ^ -int64(u&1)
}

// count reads a count of items that take at least minSize bytes each,
// refusing one larger than the bytes left.
func (r *Reader) count(minSize int) int {
	n := r.Uint()
	if n > uint64((len(r.s)-r.off)/minSize) {
		r.fail()
		return 0
	}
	return int(n)
}

// String reads a string: a slice of the Reader's input.
func (r *Reader) String() string {
	n := r.count(1)
	s := r.s[r.off : r.off+n]
	r.off += n
	return s
}

// Strings reads a list of strings; an empty list is nil.
func (r *Reader) Strings() []string {
	n := r.count(1)
	if n == 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.String()
	}
	return ss
}

// StringMap reads a map of strings; an empty map is nil.
func (r *Reader) StringMap() map[string]string {
	n := r.count(2)
	if n == 0 {
		return nil
	}
	m := make(map[string]string, n)
	for range n {
		k := r.String()
		m[k] = r.String()
	}
	return m
}

// Object reads what [Writer.Object] wrote: never nil.
func (r *Reader) Object() map[string]any { return r.object(0) }

// OptionalObject reads what [Writer.Object] wrote, nil when empty.
func (r *Reader) OptionalObject() map[string]any {
	if r.off < len(r.s) && r.s[r.off] == 0 { // an empty object: its count, 0
		r.off++
		return nil
	}
	return r.object(0)
}

// Value reads what [Writer.Value] wrote.
func (r *Reader) Value() any { return r.value(0) }

func (r *Reader) value(depth int) any {
	if depth > MaxDepth {
		r.fail()
		return nil
	}
	switch r.Byte() {
	case TagNull:
		return nil
	case TagFalse:
		return false
	case TagTrue:
		return true
	case TagInt:
		v := r.Int()
		if v <= -maxExact || v >= maxExact {
			r.fail()
		}
		return float64(v)
	case TagFloat:
		if len(r.s)-r.off < 8 {
			r.fail()
			return nil
		}
		f := math.Float64frombits(binary.LittleEndian.Uint64([]byte(r.s[r.off : r.off+8])))
		r.off += 8
		if math.IsNaN(f) || math.IsInf(f, 0) {
			r.fail()
		}
		return f
	case TagString:
		return r.String()
	case TagArray:
		a := make([]any, r.count(1))
		for i := range a {
			a[i] = r.value(depth + 1)
		}
		return a
	case TagObject:
		return r.object(depth + 1)
	case TagJSON:
		var v any
		if json.Unmarshal([]byte(r.String()), &v) != nil {
			r.fail()
		}
		return v
	}
	r.fail()
	return nil
}

func (r *Reader) object(depth int) map[string]any {
	n := r.count(2)
	m := make(map[string]any, n)
	for range n {
		k := r.String()
		m[k] = r.value(depth)
	}
	return m
}
