package core

import (
	"bytes"
	"html/template"
	"regexp"
)

// SignInPageData is what the sign-in page template is executed with.
type SignInPageData struct {
	// AppName is Config.AppName.
	AppName string
	// Action is where the form posts: the sign-in path.
	Action string
	// Email is the email given before, to fill the field again.
	Email string
	// ReturnTo is passed on as a hidden field.
	ReturnTo string
	// Error is a failure to show, in plain words; ErrorCode its code.
	Error, ErrorCode string
	// Providers are the OAuth buttons to show.
	Providers []ProviderButton
	// Status is the HTTP status of the answer (on error pages).
	Status int
}

// ProviderButton is one OAuth provider on the sign-in page.
type ProviderButton struct {
	// ID is the WorkOS provider, e.g. "GoogleOAuth".
	ID string
	// Label is its name for people, e.g. "Google".
	Label string
}

var providerLabels = map[string]string{
	"GoogleOAuth": "Google", "MicrosoftOAuth": "Microsoft", "GitHubOAuth": "GitHub", "AppleOAuth": "Apple",
	"GitLabOAuth": "GitLab", "LinkedInOAuth": "LinkedIn", "SlackOAuth": "Slack", "SalesforceOAuth": "Salesforce",
	"BitbucketOAuth": "Bitbucket",
}

// errorMessages are the plain words for the error codes the sign-in page
// may be given in ?error=.
var errorMessages = map[string]string{
	"access_denied":                            "The sign-in was cancelled or denied.",
	"signin_consent_denied":                    "You did not consent to sign in.",
	"connection_invalid":                       "Your organization's single sign-on connection is not active. Ask your administrator.",
	"organization_invalid":                     "Your organization has no active single sign-on connection. Ask your administrator.",
	"invalid_connection_selector":              "That single sign-on connection does not exist.",
	"ambiguous_connection_selector":            "Your organization has more than one sign-on connection; ask your administrator.",
	"connection_strategy_invalid":              "Your organization's sign-on connection is not set up correctly. Ask your administrator.",
	"connection_unlinked":                      "Your organization's sign-on connection is not linked. Ask your administrator.",
	"profile_not_allowed_outside_organization": "Your account is not part of the organization.",
	"oauth_failed":                             "The sign-in provider failed. Please try again.",
	"server_error":                             "WorkOS had a problem. Please try again.",
	"state_mismatch":                           "This sign-in did not start here, or it was already used. Please sign in again.",
	"missing_state":                            "This sign-in link is incomplete. Please sign in again.",
	"flow_expired":                             "This sign-in took too long. Please sign in again.",
	"missing_code":                             "WorkOS did not return a sign-in code. Please sign in again.",
	"invalid_grant":                            "This sign-in link has expired or was already used. Please sign in again.",
	"signin_refused":                           "Your sign-in was refused.",
	"bad_request":                              "That sign-in request was not valid.",
	"sign_in_failed":                           "The sign-in failed. Please try again.",
	"session_too_large":                        "Your account has more groups or roles than this app's sessions can hold. Ask the app's administrator.",
}

var errorCodeRE = regexp.MustCompile(`^[a-z_]{1,64}$`)

// errorMessage returns the words for a code; unknown or malformed codes get
// a generic message (the code itself is never echoed).
func errorMessage(code string) (string, string) {
	if msg, ok := errorMessages[code]; ok {
		return code, msg
	}
	if errorCodeRE.MatchString(code) {
		return code, errorMessages["sign_in_failed"]
	}
	return "sign_in_failed", errorMessages["sign_in_failed"]
}

func (a *Auth) pageData(x Exchange) SignInPageData {
	d := SignInPageData{AppName: a.cfg.AppName, Action: a.signInPath}
	for _, p := range a.cfg.Providers {
		label := providerLabels[p]
		if label == "" {
			label = p
		}
		d.Providers = append(d.Providers, ProviderButton{ID: p, Label: label})
	}
	return d
}

// renderSignIn writes the sign-in page.
func (a *Auth) renderSignIn(x Exchange, status int, d SignInPageData) {
	var buf bytes.Buffer
	x.SetHeader("Cache-Control", "no-store")
	if err := a.page.Execute(&buf, d); err != nil {
		a.emit(x.Context(), Event{Type: EventConfigProblem, Code: "template_failed", Message: "the sign-in page template failed: " + err.Error()})
		buf.Reset()
		_ = defaultSignInPage.Execute(&buf, d)
	}
	x.Write(status, "text/html; charset=utf-8", buf.Bytes())
}

const pageStyle = `<style>
body{font-family:system-ui,-apple-system,sans-serif;background:#f6f7f9;color:#1c1e21;display:flex;justify-content:center;padding-top:10vh;margin:0}
main{background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);padding:2rem;width:22rem}
h1{font-size:1.4rem;margin:0 0 1.2rem}
label{display:block;font-size:.9rem;margin-bottom:.3rem}
input[type=email]{width:100%;box-sizing:border-box;padding:.6rem;border:1px solid #ccd;border-radius:6px;font-size:1rem}
button{width:100%;padding:.6rem;margin-top:.8rem;border:0;border-radius:6px;background:#6363f1;color:#fff;font-size:1rem;cursor:pointer}
button.alt{background:#fff;color:#1c1e21;border:1px solid #ccd}
.error{background:#fdecea;color:#8a1c1c;border-radius:6px;padding:.6rem;margin-bottom:1rem}
.or{text-align:center;color:#889;margin:1rem 0 .2rem;font-size:.85rem}
</style>`

var defaultSignInPage = template.Must(template.New("signin").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{.AppName}}</title>` + pageStyle + `</head>
<body><main>
<h1>{{.AppName}}</h1>
{{if .Error}}<p class="error" role="alert">{{.Error}}</p>{{end}}
<form method="post" action="{{.Action}}">
<label for="email">Work email</label>
<input type="email" id="email" name="email" value="{{.Email}}" placeholder="you@company.com" autocomplete="email" required autofocus>
{{if .ReturnTo}}<input type="hidden" name="return_to" value="{{.ReturnTo}}">{{end}}
<button type="submit">Continue with SSO</button>
</form>
{{if .Providers}}<p class="or">or</p>{{end}}
{{range .Providers}}<form method="post" action="{{$.Action}}">
<input type="hidden" name="provider" value="{{.ID}}">
{{if $.ReturnTo}}<input type="hidden" name="return_to" value="{{$.ReturnTo}}">{{end}}
<button class="alt" type="submit">Continue with {{.Label}}</button>
</form>{{end}}
</main></body></html>
`))

var errorPage = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sign-in problem</title>` + pageStyle + `</head>
<body><main>
<h1>Sign-in problem</h1>
<p class="error" role="alert">{{.Error}}</p>
<p><a href="{{.Action}}">Back to sign-in</a></p>
</main></body></html>
`))
