package core

import (
	"fmt"

	"github.com/ssokit/workosauth/core/store"
)

// logParts says, once at start, what the app uses for sessions,
// revocations and events, and warns when a part of the Config offers a
// capability the Config leaves unused: core uses each field for what it
// names and nothing more, so a Store that could share revocations shares
// none unless it is Config.Sessions.Revocations too.
func (a *Auth) logParts() {
	cfg := a.cfg
	sessions, revocations, events := "sealed cookies", "this process only", "in memory, each process its own"
	if cfg.Sessions.Store != nil {
		sessions = fmt.Sprintf("%T", cfg.Sessions.Store)
	}
	if cfg.Sessions.Revocations != nil {
		revocations = fmt.Sprintf("%T", cfg.Sessions.Revocations)
	}
	if cfg.Events.Log != nil {
		events = fmt.Sprintf("%T", cfg.Events.Log)
	}
	a.log.Info("workosauth: sessions, revocations and events", "sessions", sessions, "revocations", revocations, "events", events)
	if _, ok := cfg.Sessions.Store.(store.Feed); ok && cfg.Sessions.Revocations == nil {
		a.log.Warn("workosauth: Config.Sessions.Store can share revocations (store.Feed) but Config.Sessions.Revocations is not set: sign-outs and revocations stay in the process that made them (other instances end a signed-out session only when they next ask the store, and a revocation by user, connection or organization not at all). Set Config.Sessions.Revocations to the store as well",
			"store", sessions)
	}
	if cfg.Events.Log != nil || (len(cfg.Events.WebhookSecrets) == 0 && cfg.Events.OnEvent == nil) {
		return
	}
	for _, p := range []any{cfg.Sessions.Store, cfg.Sessions.Revocations} {
		if _, ok := p.(store.EventLog); ok {
			a.log.Warn("workosauth: the app handles WorkOS events and its store can share the event log (store.EventLog) but Config.Events.Log is not set: each instance remembers the events it handled and the Events API cursor on its own, so OnEvent may run once per instance. Set Config.Events.Log to the store as well",
				"store", fmt.Sprintf("%T", p))
			return
		}
	}
}
