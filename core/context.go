package core

import "context"

// ctxKey is the context key of the session; a pointer type with a name so
// that it prints readably and never collides.
type ctxKey struct{ name string }

func (k *ctxKey) String() string { return "workosauth context value " + k.name }

var sessionKey = &ctxKey{"session"}

// WithSession returns a context that carries s. Adapters call it; handlers
// read it back with [SessionFrom] or [ProfileFrom].
func WithSession(ctx context.Context, s *Session) context.Context {
	return context.WithValue(ctx, sessionKey, s)
}

// SessionFrom returns the session a guard put in the context.
func SessionFrom(ctx context.Context) (*Session, bool) {
	s, ok := ctx.Value(sessionKey).(*Session)
	return s, ok && s != nil
}

// ProfileFrom returns the signed-in user's profile that a guard put in the
// context. Its maps and slices are shared: read, do not modify.
func ProfileFrom(ctx context.Context) (Profile, bool) {
	s, ok := SessionFrom(ctx)
	if !ok {
		return Profile{}, false
	}
	return s.Profile, true
}

// WithDenial returns a context that carries d, for a handler given with
// [OnDenied] to read with [DenialFrom].
func WithDenial(ctx context.Context, d *Denial) context.Context {
	return context.WithValue(ctx, denialKey, d)
}

// DenialFrom returns why a guard refused the request, in a handler given
// with [OnDenied].
func DenialFrom(ctx context.Context) (*Denial, bool) {
	d, ok := ctx.Value(denialKey).(*Denial)
	return d, ok && d != nil
}
