package seal

import "errors"

// Errors returned by [Sealer.Open]. They are wrapped, so compare with
// [errors.Is].
var (
	// ErrMalformed reports a token that is not unpadded base64url, is too
	// short to hold a header and tag, or has an unsupported version byte.
	ErrMalformed = errors.New("seal: malformed token")
	// ErrUnknownKey reports a token whose key id matches none of the
	// Sealer's passwords, for example because its password was retired.
	ErrUnknownKey = errors.New("seal: token sealed with an unknown key")
	// ErrInvalid reports a token that failed authentication: it was altered,
	// sealed with different additional data, or sealed for another purpose.
	ErrInvalid = errors.New("seal: token failed authentication")
)
