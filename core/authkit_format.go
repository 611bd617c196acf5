package core

// withoutTokens is a copy of s whose AuthKit part has no tokens, for an
// audit event: whatever OnAudit or a log sink does with it, it holds no
// secret.
func withoutTokens(s *Session) *Session {
	if s == nil || s.AuthKit == nil {
		return s
	}
	c, k := *s, *s.AuthKit
	k.AccessToken, k.refreshToken = Secret{}, Secret{}
	c.AuthKit = &k
	return &c
}
