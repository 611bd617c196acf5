package core

import "github.com/ssokit/workosauth/internal/seam"

// exchange is one HTTP request and its answer, as core sees them: an
// adapter implements it over its router's request (core/adapter's
// exchange documents each method). Core never touches a router directly.
// Values it returns need only live while core's call runs: core copies
// whatever it keeps.
type exchange = seam.Exchange
