package bench

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"

	"github.com/ssokit/workosauth/core"
)

// naiveBinary decodes a session record in workosauth's binary format
// (version 2: fields in a fixed order, lengths as varints, attribute
// values tagged) the way a team writing its own reader of those bytes
// would: encoding/binary for the varints, a string allocated for each
// field, maps and slices made as they come, no reuse. It is the decode
// half of the Redis miss's floor (BenchmarkRedisMiss/GET+decode): the
// same bytes the store reads, decoded without workosauth's reader.
type naiveBinary struct {
	b   []byte
	err error
}

var errNaive = errors.New("naive binary decode: malformed")

func (d *naiveBinary) byte() byte {
	if d.err != nil || len(d.b) == 0 {
		d.err = errNaive
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *naiveBinary) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if d.err != nil || n <= 0 {
		d.err = errNaive
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *naiveBinary) int() int64 {
	v, n := binary.Varint(d.b)
	if d.err != nil || n <= 0 {
		d.err = errNaive
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *naiveBinary) string() string {
	n := d.uint()
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errNaive
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *naiveBinary) strings() []string {
	n := d.uint()
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errNaive
		return nil
	}
	var ss []string
	for range n {
		ss = append(ss, d.string())
	}
	return ss
}

func (d *naiveBinary) value() any {
	switch d.byte() {
	case 0:
		return nil
	case 1:
		return false
	case 2:
		return true
	case 3:
		return float64(d.int())
	case 4:
		if len(d.b) < 8 {
			d.err = errNaive
			return nil
		}
		f := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
		d.b = d.b[8:]
		return f
	case 5:
		return d.string()
	case 6:
		var a []any
		for range d.uint() {
			a = append(a, d.value())
		}
		return a
	case 7:
		return d.object()
	case 8:
		var v any
		if json.Unmarshal([]byte(d.string()), &v) != nil {
			d.err = errNaive
		}
		return v
	}
	d.err = errNaive
	return nil
}

func (d *naiveBinary) object() map[string]any {
	m := map[string]any{}
	for n := d.uint(); n > 0 && d.err == nil; n-- {
		k := d.string()
		m[k] = d.value()
	}
	return m
}

// naiveDecodeBinary reads an SSO session bound to clientID.
func naiveDecodeBinary(raw []byte, clientID string) (*naiveSession, error) {
	d := &naiveBinary{b: raw}
	if d.byte() != 2 || d.byte() != 0x80 || d.string() != clientID {
		return nil, errNaive
	}
	s := &naiveSession{V: 2, ID: d.string(), Auth: d.int(), Iat: d.int(), Exp: d.int()}
	p := &s.P
	for _, f := range []*string{&p.ID, &p.Email, &p.FirstName, &p.LastName, &p.Name, &p.OrganizationID, &p.ConnectionID, &p.ConnectionType, &p.IdpID} {
		*f = d.string()
	}
	if d.byte() == 1 {
		p.Role = &core.Role{Slug: d.string()}
	}
	for _, slug := range d.strings() {
		p.Roles = append(p.Roles, core.Role{Slug: slug})
	}
	p.Permissions, p.Groups = d.strings(), d.strings()
	p.CustomAttributes, p.RawAttributes = d.object(), d.object()
	if d.err != nil || len(d.b) != 0 || s.ID == "" {
		return nil, errNaive
	}
	return s, nil
}
