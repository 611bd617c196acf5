// Package bench measures workosauth against the plumbing floor and its
// peers (gorilla/sessions, the Auth.js JWE session format via go-jose, an
// HS256 JWT via golang-jwt) in one run, on one typical SSO session.
//
// It is a module of its own so that the peers stay out of workosauth's
// go.mod. Everything is in the tests; run
//
//	go test -run '^$' -bench . -benchmem -count 3 -cpu 1,2 ./...
//
// and see BENCHMARKS.md at the repository root for the figures and what
// they mean. TestStructure asserts what does not depend on the machine:
// the allocations of the guarded request.
package bench
