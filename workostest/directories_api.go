package workostest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The Directory Sync reads (API key), as the official SDKs call them:
//
//	GET /directories             list: organization_id, search, domain, limit, before, after, order
//	GET /directories/{id}        read one
//	GET /directory_users         list: directory or group (one is required), limit, before, after, order
//	GET /directory_users/{id}    read one
//	GET /directory_groups        list: directory or user (one is required), limit, before, after, order
//	GET /directory_groups/{id}   read one
//
// Lists are newest first unless order=asc; the seed's objects count as
// created in the seed's order. A deleted directory user is gone from them.

// Endpoint names of the Directory Sync reads, as Calls and InjectFault
// take them.
const (
	endpointDirectories     = "/directories"
	endpointDirectory       = "/directories/{id}"
	endpointDirectoryUsers  = "/directory_users"
	endpointDirectoryUser   = "/directory_users/{id}"
	endpointDirectoryGroups = "/directory_groups"
	endpointDirectoryGroup  = "/directory_groups/{id}"
)

// directoryJSON is WorkOS's directory object. s.mu is held.
func (s *Server) directoryJSON(d *Directory) map[string]any {
	var domain *string
	for _, o := range s.seed.Organizations {
		if o.ID != d.OrganizationID {
			continue
		}
		for _, od := range o.Domains {
			if domain == nil && (od.State == "verified" || od.State == "legacy_verified") {
				domain = &od.Domain
			}
		}
	}
	return map[string]any{
		"object": "directory", "id": d.ID, "organization_id": d.OrganizationID, "name": d.Name,
		"type": d.Type, "state": "active", "domain": domain, "external_key": derivedIdpID(d.ID, "key"),
		"created_at": fixedTimestamp, "updated_at": fixedTimestamp,
	}
}

// listDirectories answers GET /directories.
func (s *Server) listDirectories(w http.ResponseWriter, r *http.Request) {
	p, q, ok := s.listRequest(w, r)
	if !ok {
		return
	}
	orgID, search, domain := q.Get("organization_id"), strings.ToLower(q.Get("search")), strings.ToLower(q.Get("domain"))
	var items []map[string]any
	s.mu.Lock()
	for i := range s.seed.Directories {
		d := &s.seed.Directories[i]
		if (orgID != "" && d.OrganizationID != orgID) || (search != "" && !strings.Contains(strings.ToLower(d.Name), search)) {
			continue
		}
		if domain != "" && !slices.ContainsFunc(s.seed.Organizations, func(o Organization) bool {
			return o.ID == d.OrganizationID && slices.ContainsFunc(o.Domains, func(od Domain) bool { return od.Domain == domain })
		}) {
			continue
		}
		items = append(items, s.directoryJSON(d))
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, paginate(ordered(items, p.desc), objectID, p))
}

// getDirectory answers GET /directories/{id}.
func (s *Server) getDirectory(w http.ResponseWriter, r *http.Request, id string) {
	s.getOne(w, r, "Directory", id, func() map[string]any {
		for i := range s.seed.Directories {
			if s.seed.Directories[i].ID == id {
				return s.directoryJSON(&s.seed.Directories[i])
			}
		}
		return nil
	})
}

// listDirectoryUsers answers GET /directory_users.
func (s *Server) listDirectoryUsers(w http.ResponseWriter, r *http.Request) {
	s.listInDirectories(w, r, "group", func(d *Directory, groupID string) []map[string]any {
		group := ""
		if groupID != "" {
			gi := slices.IndexFunc(d.Groups, func(g DirectoryGroup) bool { return g.ID == groupID })
			if gi < 0 {
				return nil
			}
			group = d.Groups[gi].Name
		}
		var out []map[string]any
		for _, u := range d.Users {
			if group == "" || slices.Contains(u.Groups, group) {
				out = append(out, d.userJSON(u, fixedTimestamp))
			}
		}
		return out
	})
}

// getDirectoryUser answers GET /directory_users/{id}.
func (s *Server) getDirectoryUser(w http.ResponseWriter, r *http.Request, id string) {
	s.getOne(w, r, "Directory user", id, func() map[string]any {
		for i := range s.seed.Directories {
			d := &s.seed.Directories[i]
			for _, u := range d.Users {
				if u.ID == id {
					return d.userJSON(u, fixedTimestamp)
				}
			}
		}
		return nil
	})
}

// listDirectoryGroups answers GET /directory_groups.
func (s *Server) listDirectoryGroups(w http.ResponseWriter, r *http.Request) {
	s.listInDirectories(w, r, "user", func(d *Directory, userID string) []map[string]any {
		var of []string // the groups of userID
		if userID != "" {
			ui := slices.IndexFunc(d.Users, func(u DirectoryUser) bool { return u.ID == userID })
			if ui < 0 {
				return nil
			}
			of = d.Users[ui].Groups
		}
		var out []map[string]any
		for _, g := range d.Groups {
			if userID == "" || slices.Contains(of, g.Name) {
				out = append(out, d.groupJSON(g, fixedTimestamp))
			}
		}
		return out
	})
}

// listInDirectories answers a list of the objects pick returns for each
// directory the directory parameter selects (every one when absent),
// given the filter parameter's value; directory or filter is required.
// pick runs with s.mu held.
func (s *Server) listInDirectories(w http.ResponseWriter, r *http.Request, filter string, pick func(d *Directory, value string) []map[string]any) {
	p, q, ok := s.listRequest(w, r)
	if !ok {
		return
	}
	dirID, value := q.Get("directory"), q.Get(filter)
	if dirID == "" && value == "" {
		writeValidationError(w, "directory or "+filter+" is required")
		return
	}
	var items []map[string]any
	s.mu.Lock()
	for i := range s.seed.Directories {
		if d := &s.seed.Directories[i]; dirID == "" || d.ID == dirID {
			items = append(items, pick(d, value)...)
		}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, paginate(ordered(items, p.desc), objectID, p))
}

// getDirectoryGroup answers GET /directory_groups/{id}.
func (s *Server) getDirectoryGroup(w http.ResponseWriter, r *http.Request, id string) {
	s.getOne(w, r, "Directory group", id, func() map[string]any {
		for i := range s.seed.Directories {
			d := &s.seed.Directories[i]
			for _, g := range d.Groups {
				if g.ID == id {
					return d.groupJSON(g, fixedTimestamp)
				}
			}
		}
		return nil
	})
}

// listRequest checks the API key and reads the pagination of a list
// whose default order is desc; it answers the error itself.
func (s *Server) listRequest(w http.ResponseWriter, r *http.Request) (listParams, url.Values, bool) {
	if !s.authorizeAPI(w, r) {
		return listParams{}, nil, false
	}
	q := r.URL.Query()
	p, msg := parseListParams(q, true)
	if msg != "" {
		writeValidationError(w, msg)
		return listParams{}, nil, false
	}
	return p, q, true
}

// getOne checks the API key and answers the object find returns (called
// with s.mu held), or 404 entity_not_found for kind and id.
func (s *Server) getOne(w http.ResponseWriter, r *http.Request, kind, id string, find func() map[string]any) {
	if !s.authorizeAPI(w, r) {
		return
	}
	s.mu.Lock()
	obj := find()
	s.mu.Unlock()
	if obj == nil {
		writeNotFoundEntity(w, kind, id)
		return
	}
	writeJSON(w, http.StatusOK, obj)
}
