// Package sessionfmt is the compact binary encoding of sealed sessions
// (format version 2): the primitives core writes a session's fields with
// and reads them back by, in a fixed order that core owns.
//
// A binary session starts with the byte [Version] (2). Version 1 was JSON,
// whose first byte is always '{', so a reader tells the two apart by the
// first byte and keeps reading cookies sealed before the change.
//
// The encoding:
//
//	unsigned integer  uvarint (encoding/binary)
//	signed integer    zigzag varint (binary.AppendVarint)
//	bool              one byte, 0 or 1
//	string            uvarint length, then the bytes
//	list of strings   uvarint count, then the strings
//	map of strings    uvarint count, then key and value strings, keys sorted
//	value             a tag byte, then (see Tag*): a JSON value as
//	                  encoding/json decodes it into an any
//
// A [Reader] reads from one string: every string it returns is a slice of
// it, so decoding a session allocates once for all its strings. Readers
// never panic on untrusted input; counts are bounded by the bytes left,
// values nest at most [MaxDepth] deep, and the first error sticks.
package sessionfmt
