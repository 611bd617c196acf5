package events_test

import (
	"context"
	"fmt"
	"slices"

	"github.com/ssokit/workosauth/core"
	"github.com/ssokit/workosauth/core/events"
)

// An app's OnEvent sees every verified WorkOS event once per event ID,
// after workosauth has ended the sessions it selects; the typed data is
// set for the families workosauth reads, Data and Raw hold the JSON.
func Example() {
	onEvent := func(_ context.Context, e events.Event) error {
		switch {
		case e.Type == events.DirectoryUserDeleted:
			fmt.Println("deprovision", e.DirectoryUser.Email, "of", e.DirectoryUser.OrganizationID)
		case e.Organization != nil:
			fmt.Println(e.Type, e.Organization.Name)
		default:
			fmt.Println("for the app:", e.Type, string(e.Data))
		}
		return nil // an error: WorkOS delivers the event again
	}
	cfg := core.ConfigFromEnv()
	cfg.Events.OnEvent = onEvent

	ctx := context.Background()
	onEvent(ctx, events.Event{ID: "event_01", Type: events.DirectoryUserDeleted,
		DirectoryUser: &events.DirectoryUser{Email: "alice@acme.test", OrganizationID: "org_01ACME"}})
	onEvent(ctx, events.Event{ID: "event_02", Type: events.OrganizationDeleted, Organization: &events.Organization{ID: "org_01ACME", Name: "Acme"}})
	onEvent(ctx, events.Event{ID: "event_03", Type: "user.created", Data: []byte(`{"id":"user_01"}`)})
	// Output:
	// deprovision alice@acme.test of org_01ACME
	// organization.deleted Acme
	// for the app: user.created {"id":"user_01"}
}

// Handled lists the event types workosauth acts on; the poller
// (core.Auth.PollEvents) asks the Events API for them.
func ExampleHandled() {
	fmt.Println(slices.Contains(events.Handled(), events.ConnectionDeactivated), len(events.Handled()))
	// Output: true 6
}

// A directory user's addresses: the primary email and every other one,
// once each.
func ExampleDirectoryUser_Addresses() {
	u := events.DirectoryUser{Email: "alice@acme.test", Emails: []events.DirectoryEmail{{Value: "Alice@acme.test"}, {Value: "a.liddell@acme.test"}}}
	fmt.Println(u.Addresses())
	// Output: [alice@acme.test a.liddell@acme.test]
}
