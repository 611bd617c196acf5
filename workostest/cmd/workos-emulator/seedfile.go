package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/ssokit/workosauth/workostest"
)

// seedFile is the JSON seed format: WorkOS's field names, every field
// but the names and emails optional (IDs are derived when absent, as
// workostest.Seed documents). Unknown fields are refused, so that a typo
// is an error rather than a silent default.
type seedFile struct {
	Organizations []fileOrganization  `json:"organizations"`
	Connections   []fileConnection    `json:"connections"`
	Directories   []fileDirectory     `json:"directories,omitempty"`
	Roles         map[string][]string `json:"roles,omitempty"` // AuthKit role slug: permissions
}

type fileOrganization struct {
	ID      string       `json:"id,omitempty"`
	Name    string       `json:"name"`
	Domains []fileDomain `json:"domains,omitempty"`
}

type fileDomain struct {
	Domain string `json:"domain"`
	State  string `json:"state,omitempty"`
}

type fileConnection struct {
	ID             string     `json:"id,omitempty"`
	OrganizationID string     `json:"organization_id,omitempty"`
	Type           string     `json:"connection_type,omitempty"`
	Provider       string     `json:"provider,omitempty"`
	Name           string     `json:"name,omitempty"`
	State          string     `json:"state,omitempty"`
	Users          []fileUser `json:"users,omitempty"`
}

type fileUser struct {
	ID               string         `json:"id,omitempty"`
	Email            string         `json:"email"`
	FirstName        string         `json:"first_name,omitempty"`
	LastName         string         `json:"last_name,omitempty"`
	IdpID            string         `json:"idp_id,omitempty"`
	Role             string         `json:"role,omitempty"`
	Roles            []string       `json:"roles,omitempty"`
	Groups           []string       `json:"groups,omitempty"`
	CustomAttributes map[string]any `json:"custom_attributes,omitempty"`
	RawAttributes    map[string]any `json:"raw_attributes,omitempty"`
}

type fileDirectory struct {
	ID             string              `json:"id,omitempty"`
	OrganizationID string              `json:"organization_id"`
	Name           string              `json:"name,omitempty"`
	Type           string              `json:"type,omitempty"`
	Users          []fileDirectoryUser `json:"users,omitempty"`
	Groups         []fileGroup         `json:"groups,omitempty"`
}

type fileDirectoryUser struct {
	ID        string   `json:"id,omitempty"`
	Email     string   `json:"email"`
	FirstName string   `json:"first_name,omitempty"`
	LastName  string   `json:"last_name,omitempty"`
	IdpID     string   `json:"idp_id,omitempty"`
	State     string   `json:"state,omitempty"`
	Groups    []string `json:"groups,omitempty"`
}

type fileGroup struct {
	ID    string `json:"id,omitempty"`
	Name  string `json:"name"`
	IdpID string `json:"idp_id,omitempty"`
}

// maxSeedBytes bounds a seed file.
const maxSeedBytes = 8 << 20

// decodeSeed reads a JSON seed file: the seed and the roles' permissions
// (nil when the file has none). The seed's own rules (required names,
// unique IDs, known organizations...) are checked when the emulator
// starts.
func decodeSeed(r io.Reader) (workostest.Seed, map[string][]string, error) {
	raw, err := io.ReadAll(io.LimitReader(r, maxSeedBytes+1))
	if err != nil {
		return workostest.Seed{}, nil, err
	}
	if len(raw) > maxSeedBytes {
		return workostest.Seed{}, nil, fmt.Errorf("the seed file is larger than %d bytes", maxSeedBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var f seedFile
	if err := dec.Decode(&f); err != nil {
		return workostest.Seed{}, nil, fmt.Errorf("the seed file is not a seed object: %w", err)
	}
	if dec.More() {
		return workostest.Seed{}, nil, errors.New("the seed file has more than one JSON value")
	}
	var seed workostest.Seed
	for _, o := range f.Organizations {
		org := workostest.Organization{ID: o.ID, Name: o.Name}
		for _, d := range o.Domains {
			org.Domains = append(org.Domains, workostest.Domain(d))
		}
		seed.Organizations = append(seed.Organizations, org)
	}
	for _, c := range f.Connections {
		conn := workostest.Connection{ID: c.ID, OrganizationID: c.OrganizationID, Type: c.Type, Provider: c.Provider, Name: c.Name, State: c.State}
		for _, u := range c.Users {
			conn.Users = append(conn.Users, workostest.User(u))
		}
		seed.Connections = append(seed.Connections, conn)
	}
	for _, d := range f.Directories {
		dir := workostest.Directory{ID: d.ID, OrganizationID: d.OrganizationID, Name: d.Name, Type: d.Type}
		for _, u := range d.Users {
			dir.Users = append(dir.Users, workostest.DirectoryUser(u))
		}
		for _, g := range d.Groups {
			dir.Groups = append(dir.Groups, workostest.DirectoryGroup(g))
		}
		seed.Directories = append(seed.Directories, dir)
	}
	if len(seed.Organizations) == 0 && len(seed.Connections) == 0 && len(seed.Directories) == 0 {
		return workostest.Seed{}, nil, errors.New("the seed file has no organizations, connections or directories")
	}
	return seed, f.Roles, nil
}

// encodeSeed writes seed and roles as a JSON seed file.
func encodeSeed(w io.Writer, seed workostest.Seed, roles map[string][]string) error {
	f := seedFile{Roles: roles}
	for _, o := range seed.Organizations {
		fo := fileOrganization{ID: o.ID, Name: o.Name}
		for _, d := range o.Domains {
			fo.Domains = append(fo.Domains, fileDomain(d))
		}
		f.Organizations = append(f.Organizations, fo)
	}
	for _, c := range seed.Connections {
		fc := fileConnection{ID: c.ID, OrganizationID: c.OrganizationID, Type: c.Type, Provider: c.Provider, Name: c.Name, State: c.State}
		for _, u := range c.Users {
			fc.Users = append(fc.Users, fileUser(u))
		}
		f.Connections = append(f.Connections, fc)
	}
	for _, d := range seed.Directories {
		fd := fileDirectory{ID: d.ID, OrganizationID: d.OrganizationID, Name: d.Name, Type: d.Type}
		for _, u := range d.Users {
			fd.Users = append(fd.Users, fileDirectoryUser(u))
		}
		for _, g := range d.Groups {
			fd.Groups = append(fd.Groups, fileGroup(g))
		}
		f.Directories = append(f.Directories, fd)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}
