package core

import "fmt"

// clientBound is a store, feed or event log that keeps the data of each
// WorkOS environment apart, as sealed cookies are bound to their client
// ID: [New] tells it the app's client ID, before using it, through
// BindClientID (the Redis store puts every key under the client ID). An
// error (the part is already bound to another client ID) fails New.
type clientBound interface {
	BindClientID(clientID string) error
}

// bindClientID binds each part that is a clientBound to clientID.
func bindClientID(clientID string, parts ...any) error {
	for _, p := range parts {
		if b, ok := p.(clientBound); ok {
			if err := b.BindClientID(clientID); err != nil {
				return fmt.Errorf("%w: %w", ErrConfig, err)
			}
		}
	}
	return nil
}
