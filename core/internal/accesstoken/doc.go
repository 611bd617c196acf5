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
// the payload once, and only after Verify accepted the signature;
// [Token.UnverifiedClaims] is for tokens core sealed itself after
// verifying them. The claims must have a sub and an exp; the issuer and
// the times are core's to check.
//
// The header and the claims are read by a strict JSON reader of this
// package that keeps only what core reads and validates the rest; its
// rules are those of go-jose's decoder, which read tokens before (and
// which FuzzClaims compares it with): member names match exactly, after
// unescaping; a member of the wrong type is an error; null is as if the
// member were absent; strings unquote as go-jose unquotes them. Where the
// two differ the reader refuses more: a member name twice in any object
// (go-jose checks the objects it decodes into), nesting deeper than 32,
// null in a list of strings. No two readers of a token's bytes can thus
// see different claims through duplicate or differently cased names.
//
// [DecodeKeySet] reads a JSON Web Key Set (go-jose reads the keys, n/e or
// x5c) and keeps the RSA keys of at least [MinRSABits] bits whose use is
// "sig" and whose alg is RS256 (either may be absent), by kid.
package accesstoken
