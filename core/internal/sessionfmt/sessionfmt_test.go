package sessionfmt

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// roundTrip writes v and reads it back.
func roundTrip(t *testing.T, v any) any {
	t.Helper()
	w := NewWriter(0)
	w.Value(v)
	raw, err := w.Bytes()
	if err != nil {
		t.Fatalf("%#v: %v", v, err)
	}
	r := NewReader(string(raw))
	got := r.Value()
	if err := r.Close(); err != nil {
		t.Fatalf("%#v: %v", v, err)
	}
	return got
}

func TestValuesRoundTrip(t *testing.T) {
	deep := any("x")
	for range MaxDepth + 5 {
		deep = []any{deep}
	}
	for _, c := range []struct {
		name   string
		in     any
		want   any
		tagged byte
	}{
		{"null", nil, nil, TagNull},
		{"true", true, true, TagTrue},
		{"false", false, false, TagFalse},
		{"small int", 42.0, 42.0, TagInt},
		{"negative int", -7.0, -7.0, TagInt},
		{"2^53 is a float", float64(1 << 53), float64(1 << 53), TagFloat},
		{"fraction", 0.1, 0.1, TagFloat},
		{"negative zero", math.Copysign(0, -1), math.Copysign(0, -1), TagFloat},
		{"string", "héllo\x00", "héllo\x00", TagString},
		{"array", []any{1.0, "a", nil}, []any{1.0, "a", nil}, TagArray},
		{"empty array", []any{}, []any{}, TagArray},
		{"object", map[string]any{"b": 1.0, "a": map[string]any{}}, map[string]any{"b": 1.0, "a": map[string]any{}}, TagObject},
		{"int as JSON", 3, 3.0, TagJSON},
		{"typed slice as JSON", []string{"a"}, []any{"a"}, TagJSON},
		{"nil slice as JSON", []string(nil), nil, TagJSON},
		{"deep", deep, deep, TagArray},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := roundTrip(t, c.in)
			if !reflect.DeepEqual(got, c.want) || (c.name == "negative zero" && !math.Signbit(got.(float64))) {
				t.Fatalf("got %#v, want %#v", got, c.want)
			}
			w := NewWriter(0)
			w.Value(c.in)
			if raw, _ := w.Bytes(); raw[1] != c.tagged {
				t.Fatalf("tag %d, want %d", raw[1], c.tagged)
			}
		})
	}
}

func TestUnsupportedValues(t *testing.T) {
	for _, v := range []any{math.NaN(), math.Inf(1), []any{math.Inf(-1)}, make(chan int)} {
		w := NewWriter(0)
		w.Value(v)
		if _, err := w.Bytes(); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%#v: %v, want ErrUnsupported", v, err)
		}
	}
}

func TestPrimitivesRoundTrip(t *testing.T) {
	w := NewWriter(0)
	w.Byte(9)
	w.Bool(true)
	w.Uint(math.MaxUint64)
	w.Int(math.MinInt64)
	w.String("s")
	w.Strings([]string{"a", ""})
	w.Strings(nil)
	w.StringMap(map[string]string{"k": "v", "a": ""})
	w.StringMap(nil)
	w.Object(nil)
	w.Object(nil)
	w.Object(map[string]any{"k": "v"})
	raw, err := w.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	r := NewReader(string(raw))
	if r.Byte() != 9 || !r.Bool() || r.Uint() != math.MaxUint64 || r.Int() != math.MinInt64 || r.String() != "s" ||
		!reflect.DeepEqual(r.Strings(), []string{"a", ""}) || r.Strings() != nil ||
		!reflect.DeepEqual(r.StringMap(), map[string]string{"k": "v", "a": ""}) || r.StringMap() != nil ||
		!reflect.DeepEqual(r.Object(), map[string]any{}) || r.OptionalObject() != nil ||
		!reflect.DeepEqual(r.OptionalObject(), map[string]any{"k": "v"}) {
		t.Fatal("primitives do not read back")
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestMalformed(t *testing.T) {
	v := string([]byte{Version})
	for name, c := range map[string]struct {
		in   string
		read func(r *Reader)
	}{
		"empty":              {"", func(r *Reader) {}},
		"wrong version":      {"{", func(r *Reader) {}},
		"trailing":           {v + "x", func(r *Reader) {}},
		"short byte":         {v, func(r *Reader) { r.Byte() }},
		"bad bool":           {v + "\x02", func(r *Reader) { r.Bool() }},
		"uvarint overflow":   {v + strings.Repeat("\xff", 10) + "\x01", func(r *Reader) { r.Uint() }},
		"unterminated":       {v + "\x80", func(r *Reader) { r.Uint() }},
		"string too long":    {v + "\x05abc", func(r *Reader) { _ = r.String() }},
		"list too long":      {v + "\x7f", func(r *Reader) { r.Strings() }},
		"map too long":       {v + "\x02\x01a", func(r *Reader) { r.StringMap() }},
		"bad tag":            {v + "\x09", func(r *Reader) { r.Value() }},
		"int out of range":   {v + "\x03\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", func(r *Reader) { r.Value() }},
		"short float":        {v + "\x04\x00\x00", func(r *Reader) { r.Value() }},
		"NaN":                {v + "\x04\x01\x00\x00\x00\x00\x00\xf8\x7f", func(r *Reader) { r.Value() }},
		"bad JSON":           {v + "\x08\x01{", func(r *Reader) { r.Value() }},
		"too deep":           {v + strings.Repeat("\x06\x01", MaxDepth+2) + "\x00", func(r *Reader) { r.Value() }},
		"object key missing": {v + "\x07\x01", func(r *Reader) { r.Value() }},
	} {
		r := NewReader(c.in)
		c.read(r)
		if err := r.Close(); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
	}
}

// FuzzValue reads arbitrary bytes as a value: never a panic; what reads
// writes and reads back the same.
func FuzzValue(f *testing.F) {
	for _, v := range []any{nil, 1.5, -3.0, "s", []any{true, map[string]any{"k": []any{}}}, 7} {
		w := NewWriter(0)
		w.Value(v)
		raw, _ := w.Bytes()
		f.Add(raw[1:])
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		r := NewReader(string(append([]byte{Version}, in...)))
		v := r.Value()
		if r.Close() != nil {
			return
		}
		if got := roundTrip(t, v); !reflect.DeepEqual(got, v) {
			t.Fatalf("%#v read back as %#v", v, got)
		}
	})
}
