package workostest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// normalize validates seed and returns a deep copy with every default
// filled in (IDs, states, types, roles). It reports every problem at once.
func normalize(seed Seed) (Seed, error) {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf(format, args...))
	}
	out := Seed{
		Organizations: make([]Organization, 0, len(seed.Organizations)),
		Connections:   make([]Connection, 0, len(seed.Connections)),
	}

	orgIDs := map[string]bool{}
	domainOwner := map[string]string{}
	for i, o := range seed.Organizations {
		where := "organization " + strconv.Itoa(i)
		if o.Name == "" {
			fail("%s: Name is required", where)
		}
		if o.ID == "" {
			o.ID = derivedID("org_", "organization", o.Name)
		}
		if orgIDs[o.ID] {
			fail("%s: duplicate organization ID %q", where, o.ID)
		}
		orgIDs[o.ID] = true
		doms := make([]Domain, 0, len(o.Domains))
		for _, d := range o.Domains {
			d.Domain = strings.ToLower(strings.TrimSpace(d.Domain))
			if d.Domain == "" || strings.ContainsAny(d.Domain, "@/ ") {
				fail("%s (%s): invalid domain %q", where, o.ID, d.Domain)
			}
			if d.State == "" {
				d.State = "verified"
			}
			switch d.State {
			case "verified", "pending", "failed", "legacy_verified", "unverified":
			default:
				fail("%s (%s): domain %q: unknown state %q", where, o.ID, d.Domain, d.State)
			}
			if owner, dup := domainOwner[d.Domain]; dup {
				fail("%s (%s): domain %q already belongs to %s", where, o.ID, d.Domain, owner)
			}
			domainOwner[d.Domain] = o.ID
			doms = append(doms, d)
		}
		o.Domains = doms
		out.Organizations = append(out.Organizations, o)
	}

	connIDs := map[string]bool{}
	profileIDs := map[string]bool{}
	activeProvider := map[string]string{}
	for i, c := range seed.Connections {
		where := "connection " + strconv.Itoa(i)
		switch {
		case c.OrganizationID == "" && c.Provider == "":
			fail("%s: set OrganizationID, or Provider for an OAuth provider connection", where)
		case c.OrganizationID == "" && !knownProvider(c.Provider):
			fail("%s: unknown provider %q", where, c.Provider)
		case c.OrganizationID != "" && c.Provider != "":
			fail("%s: Provider is for connections without an organization", where)
		case c.OrganizationID != "" && !orgIDs[c.OrganizationID]:
			fail("%s: unknown organization %q", where, c.OrganizationID)
		}
		if c.Type == "" {
			c.Type = c.Provider
			if c.Type == "" {
				c.Type = "GenericSAML"
			}
		}
		if c.ID == "" {
			c.ID = derivedID("conn_", "connection", strconv.Itoa(i), c.OrganizationID, c.Provider, c.Type)
		}
		if connIDs[c.ID] {
			fail("%s: duplicate connection ID %q", where, c.ID)
		}
		connIDs[c.ID] = true
		if c.Name == "" {
			c.Name = c.Type
		}
		if c.State == "" {
			c.State = "active"
		}
		if !validConnectionState(c.State) {
			fail("%s (%s): unknown state %q", where, c.ID, c.State)
		}
		if c.Provider != "" && c.State == "active" {
			if other, dup := activeProvider[c.Provider]; dup {
				fail("%s (%s): provider %s already has the active connection %s", where, c.ID, c.Provider, other)
			}
			activeProvider[c.Provider] = c.ID
		}
		users := make([]User, 0, len(c.Users))
		emails := map[string]bool{}
		for j, u := range c.Users {
			uwhere := fmt.Sprintf("%s (%s) user %d", where, c.ID, j)
			if !strings.Contains(u.Email, "@") {
				fail("%s: invalid email %q", uwhere, u.Email)
			}
			key := strings.ToLower(u.Email)
			if emails[key] {
				fail("%s: duplicate email %q", uwhere, u.Email)
			}
			emails[key] = true
			if u.ID == "" {
				u.ID = derivedID("prof_", "profile", c.ID, key)
			}
			if profileIDs[u.ID] {
				fail("%s: duplicate profile ID %q", uwhere, u.ID)
			}
			profileIDs[u.ID] = true
			if u.IdpID == "" {
				u.IdpID = derivedIdpID(c.ID, key)
			}
			u.Roles = append([]string(nil), u.Roles...)
			switch {
			case u.Role == "" && len(u.Roles) == 0:
				u.Role, u.Roles = "member", []string{"member"}
			case u.Role == "":
				u.Role = u.Roles[0]
			case len(u.Roles) == 0:
				u.Roles = []string{u.Role}
			}
			u.Groups = append([]string(nil), u.Groups...)
			var err error
			if u.CustomAttributes, err = cloneAttributes(u.CustomAttributes); err != nil {
				fail("%s: CustomAttributes: %v", uwhere, err)
			}
			if u.RawAttributes, err = cloneAttributes(u.RawAttributes); err != nil {
				fail("%s: RawAttributes: %v", uwhere, err)
			}
			users = append(users, u)
		}
		c.Users = users
		out.Connections = append(out.Connections, c)
	}
	out.Directories = normalizeDirectories(seed.Directories, orgIDs, fail)
	if len(errs) > 0 {
		return Seed{}, fmt.Errorf("workostest: invalid seed: %w", errors.Join(errs...))
	}
	return out, nil
}

func validConnectionState(s string) bool {
	switch s {
	case "active", "inactive", "draft", "validating":
		return true
	}
	return false
}

// cloneAttributes deep-copies an attribute map through JSON, which also
// checks that it is encodable. Numbers stay exact (json.Number).
func cloneAttributes(m map[string]any) (map[string]any, error) {
	if m == nil {
		return map[string]any{}, nil
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	out := map[string]any{}
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	return out, nil
}

// cloneSeed deep-copies an already normalized seed.
func cloneSeed(s Seed) Seed {
	out := Seed{
		Organizations: make([]Organization, len(s.Organizations)),
		Connections:   make([]Connection, len(s.Connections)),
	}
	for i, o := range s.Organizations {
		o.Domains = append([]Domain(nil), o.Domains...)
		out.Organizations[i] = o
	}
	for i, c := range s.Connections {
		out.Connections[i] = cloneConnection(c)
	}
	if s.Directories != nil {
		out.Directories = make([]Directory, len(s.Directories))
	}
	for i, d := range s.Directories {
		out.Directories[i] = cloneDirectory(d)
	}
	return out
}

// cloneConnection deep-copies a normalized connection.
func cloneConnection(c Connection) Connection {
	users := make([]User, len(c.Users))
	for j, u := range c.Users {
		u.Roles = append([]string(nil), u.Roles...)
		u.Groups = append([]string(nil), u.Groups...)
		u.CustomAttributes, _ = cloneAttributes(u.CustomAttributes) // checked by normalize
		u.RawAttributes, _ = cloneAttributes(u.RawAttributes)
		users[j] = u
	}
	c.Users = users
	return c
}
