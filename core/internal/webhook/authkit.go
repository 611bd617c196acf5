package webhook

import (
	"encoding/json"
	"slices"

	"github.com/ssokit/workosauth/core/events"
)

// actedOn are the AuthKit event types workosauth acts on: their data must
// read, or the event is ErrBadEvent. Other events of these families whose
// data does not read are left raw (typed field nil), for Config.OnEvent.
var actedOn = []string{events.SessionRevoked, events.UserDeleted, events.OrganizationMembershipDeleted,
	events.OrganizationMembershipUpdated, events.RoleUpdated}

// decodeAuthKit decodes the data of AuthKit's event families (kind is
// the type up to its first dot) into e's typed fields; other kinds are
// left raw.
func decodeAuthKit(e *Event, kind string) error {
	var err error
	switch kind {
	case "session":
		e.Session, err = decodeInto[events.Session](e.Data)
	case "user":
		e.User, err = decodeInto[events.User](e.Data)
	case "organization_membership":
		e.OrganizationMembership, err = decodeInto[events.OrganizationMembership](e.Data)
	case "role":
		e.Role, err = decodeInto[events.Role](e.Data)
	}
	if err != nil && !slices.Contains(actedOn, e.Type) {
		return nil
	}
	return err
}

// decodeInto reads data as a T; nil with the error when it does not read.
func decodeInto[T any](data []byte) (*T, error) {
	v := new(T)
	if err := json.Unmarshal(data, v); err != nil {
		return nil, err
	}
	return v, nil
}
