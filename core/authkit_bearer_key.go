package core

// The cache of verified Bearer tokens is keyed by the tail of each token
// (bearerKey), not by the whole token: a cached token is asked for on
// every API request, and hashing an AuthKit access token whole (about 880
// bytes) to find its shard and its entry cost more than the rest of a
// cache hit; its last bearerKeyLen characters hash in a fraction of that.
//
// Why a token that is not the cached one can never use its entry: the key
// only finds a candidate. Before an entry is used, the token presented is
// compared with the token the entry was made from (the whole of it,
// header, payload and signature, in constant time: sameToken), and
// anything but an exact match is a miss, which verifies the token presented
// as if it had never been seen (its signature over its own header and
// payload). So a token made of a cached token's signature (or its last
// characters) and another header or payload, a swapped payload with a
// known signature, finds the cached entry and is refused by the comparison,
// then by the verification: the signature covers the header and payload
// as sent. Two tokens that do verify and share a tail would only replace
// each other's entry (the last verified is kept), never be served the
// other's session: the tail is the end of an RS256 signature, 48 of its
// 256 bytes, which no two tokens share in practice. The comparison takes
// the same time wherever the tokens differ, so that a client that knows a
// cached token's tail learns nothing of the rest of it from the time its
// own attempts take.

// bearerKeyLen is how many of a token's last characters key its entry in
// the cache of verified Bearer tokens: the tail of its signature.
const bearerKeyLen = 64

// bearerKey is the key of token in the cache of verified Bearer tokens:
// its last bearerKeyLen characters (a shorter token whole). It is a slice
// of token, not a copy.
func bearerKey(token string) string {
	return token[max(0, len(token)-bearerKeyLen):]
}

// sameToken reports whether a and b are the same token, in a time that
// depends on their length only (the length of a token is no secret: it
// is about the same for every token of an issuer). It compares eight
// bytes at a time; crypto/subtle.ConstantTimeCompare compares one, and
// would take longer than the hash it replaces.
func sameToken(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	var d0, d1, d2, d3 uint64
	for len(a) >= 32 && len(b) >= 32 {
		d0 |= le64(a[0:8]) ^ le64(b[0:8])
		d1 |= le64(a[8:16]) ^ le64(b[8:16])
		d2 |= le64(a[16:24]) ^ le64(b[16:24])
		d3 |= le64(a[24:32]) ^ le64(b[24:32])
		a, b = a[32:], b[32:]
	}
	for i := 0; i < len(a) && i < len(b); i++ {
		d0 |= uint64(a[i] ^ b[i])
	}
	return d0|d1|d2|d3 == 0
}

// le64 reads the first eight bytes of s as a little-endian integer (the
// compiler makes it one load).
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
