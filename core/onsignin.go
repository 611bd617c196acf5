package core

import (
	"context"
	"errors"
	"net/http"
)

// signInRefusal is an OnSignIn hook's refusal of a sign-in. The callback
// answers it where it is, with the hook's status and words, rather than
// sending the browser to the sign-in page, which knows only the fixed
// words of its own error codes.
type signInRefusal struct{ e *Error }

func (r *signInRefusal) Error() string { return r.e.Error() }
func (r *signInRefusal) Unwrap() error { return r.e }

// authKitProfileFor is the profile of AuthKit session k, as
// Config.SignIn.OnSignIn leaves it (its refusal is the error). The profile's ID
// stays k's user ID, which the session's tokens and revocations go by.
func (a *Auth) authKitProfileFor(ctx context.Context, k *AuthKitSession) (Profile, error) {
	p := authKitProfile(k)
	err := a.runOnSignIn(ctx, &p)
	p.ID = k.User.ID
	return p, err
}

// runOnSignIn runs Config.OnSignIn. A refusal becomes a *signInRefusal:
// an *Error keeps its status (a 4xx or 5xx; anything else is 403), code
// (default "signin_refused") and message (default: the generic words);
// any other error is a 403 "signin_refused" with the generic words, its
// text never shown.
func (a *Auth) runOnSignIn(ctx context.Context, p *Profile) error {
	if a.cfg.SignIn.OnSignIn == nil {
		return nil
	}
	err := a.cfg.SignIn.OnSignIn(ctx, p)
	if err == nil {
		return nil
	}
	var e *Error
	if !errors.As(err, &e) {
		return &signInRefusal{&Error{Status: http.StatusForbidden, Code: "signin_refused", Message: errorMessages["signin_refused"], Err: err}}
	}
	answer := *e
	if answer.Status < 400 || answer.Status > 599 {
		answer.Status = http.StatusForbidden
	}
	if !errorCodeRE.MatchString(answer.Code) {
		answer.Code = "signin_refused"
	}
	if answer.Message == "" {
		answer.Message = errorMessages["signin_refused"]
	}
	return &signInRefusal{&answer}
}
