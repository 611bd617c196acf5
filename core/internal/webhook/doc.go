// Package webhook verifies and decodes WorkOS webhook deliveries: the
// WorkOS-Signature header ("t=<unix ms>, v1=<hex HMAC-SHA256 of
// "<t>.<raw body>">"), checked in constant time under one or more
// secrets with a tolerance on t, and the event the body carries, with
// typed data for the events workosauth acts on. It is standard library
// only and holds no state.
package webhook
