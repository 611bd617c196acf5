package telemetry

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

var signInSucceeded = []metric.AddOption{metric.WithAttributeSet(attribute.NewSet(keySignInOutcome.String("success")))}

// SignInSucceeded counts a sign-in that set a session
// (workosauth.sign_ins, outcome "success").
func (t *Telemetry) SignInSucceeded(ctx context.Context) {
	if t == nil {
		return
	}
	t.signIns.Add(ctx, 1, signInSucceeded...)
}

// SignInFailed counts a sign-in that ended without a session
// (workosauth.sign_ins): outcome "error" when status is 500 or more (WorkOS
// or the store failed), "refused" otherwise, and the code as error.type.
// The code is core's (an *Error's Code), kept when it is one core knows;
// with byApp it is the code the app's OnSignIn returned, kept when it
// looks like a code, up to 32 distinct ones. Anything else is "_OTHER".
func (t *Telemetry) SignInFailed(ctx context.Context, code string, status int, byApp bool) {
	if t == nil {
		return
	}
	t.signIns.Add(ctx, 1, metric.WithAttributes(keySignInOutcome.String(failureOutcome(status)), keyErrorType.String(t.refusalCode(code, byApp))))
}

// refusalCode is the error.type of a sign-in's refusal code.
func (t *Telemetry) refusalCode(c string, byApp bool) string {
	if byApp && isCode(c) && !knownCodes[c] {
		return t.appCodes.value(c)
	}
	return code(c)
}

// failureOutcome is "error" for a status of 500 or more, "refused"
// otherwise.
func failureOutcome(status int) string {
	if status >= 500 {
		return "error"
	}
	return "refused"
}

// SignedOut counts a session ended by sign-out (workosauth.sign_outs).
func (t *Telemetry) SignedOut(ctx context.Context) {
	if t == nil {
		return
	}
	t.signOuts.Add(ctx, 1)
}
