// Package accesstoken verifies WorkOS AuthKit access tokens: JWTs in the
// JWS compact serialization, signed with RS256 under a key of WorkOS's
// published key set. It is the whole of what a token is allowed to be;
// core fetches the key set and decides which keys are current.
//
// [Parse] reads the compact form and checks the header. A token is exactly
// three parts of unpadded base64url joined by two dots, each part in the
// canonical encoding (no padding, no line breaks, no stray bits in the
// last character), at most [MaxBytes] long. The header is a JSON object
// decoded once into the members that matter:
//
//	alg   must be exactly "RS256" (no "none", no HMAC, no other RSA or EC
//	      algorithm); the algorithm is never taken from the key
//	kid   the key ID core looks the key up by (a string; empty finds no key)
//	typ   absent, "JWT" or "at+jwt" (RFC 9068), case-insensitive, with or
//	      without "application/"
//	crit, b64, cty
//	      refused when present: each changes what the signature covers or
//	      what the payload is, and WorkOS sends none
//
// Other members (jwk, jku, x5c, x5u, ...) are ignored: a key never comes
// from the token. [Token.Verify] is one RSASSA-PKCS1-v1_5 SHA-256
// verification (crypto/rsa) of the header and payload exactly as sent,
// with a signature as long as the key's modulus. [Token.Claims] decodes
// the payload once; core calls it after Verify, except for tokens it
// sealed itself after verifying them.
//
// The header, the claims and each key of a key set are read with go-jose's
// JSON decoder, as go-jose read them before: member names match case-sensitively and a duplicate
// member name at any depth is an error, so two readers of the same bytes
// cannot see different claims. A member of the wrong type is an error too.
//
// [DecodeKeySet] reads a JSON Web Key Set (go-jose reads the keys, n/e or
// x5c) and keeps the RSA keys of at least [MinRSABits] bits whose use is
// "sig" and whose alg is RS256 (either may be absent), by kid.
package accesstoken
