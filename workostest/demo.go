package workostest

// DemoSeed returns the data an emulator starts with when Options.Seed is
// zero. Its IDs are fixed:
//
//	org_01DEMOACME    "Acme"    acme.test (verified)
//	  conn_01DEMOACMEOKTA       OktaSAML
//	    prof_01DEMOALICE        alice@acme.test   Alice Liddell, role admin, groups Engineering and Admins,
//	                            custom attribute department=Engineering
//	    prof_01DEMOBOB          bob@acme.test     Bob Builder, role member, group Sales
//	org_01DEMOGLOBEX  "Globex"  globex.test (verified), globex-pending.test (pending)
//	  conn_01DEMOGLOBEXGOOGLE   GoogleSAML
//	    prof_01DEMOCAROL        carol@globex.test Carol Danvers, role member
//	conn_01DEMOGOOGLEOAUTH      GoogleOAuth (provider, no organization)
//	    prof_01DEMODAVE         dave@gmail.test   Dave Lister
//	conn_01DEMOMICROSOFTOAUTH   MicrosoftOAuth
//	    prof_01DEMOERIN         erin@outlook.test Erin Brockovich
//	conn_01DEMOGITHUBOAUTH      GitHubOAuth
//	    prof_01DEMOFRANK        frank@github.test Frank Castle
//	directory_01DEMOACME        Acme's Okta directory: groups Engineering, Admins, Sales;
//	    directory_user_01DEMOALICE alice@acme.test (idp_id 00u1demoalice, Engineering and Admins)
//	    directory_user_01DEMOBOB   bob@acme.test   (idp_id 00u1demobob, Sales)
//	directory_01DEMOGLOBEX      Globex's Google Workspace directory
//	    directory_user_01DEMOCAROL carol@globex.test (idp_id demo-carol)
//
// Each call returns fresh slices and maps.
func DemoSeed() Seed {
	return Seed{
		Organizations: []Organization{
			{ID: "org_01DEMOACME", Name: "Acme", Domains: []Domain{
				{Domain: "acme.test", State: "verified"},
			}},
			{ID: "org_01DEMOGLOBEX", Name: "Globex", Domains: []Domain{
				{Domain: "globex.test", State: "verified"},
				{Domain: "globex-pending.test", State: "pending"},
			}},
		},
		Connections: []Connection{
			{
				ID: "conn_01DEMOACMEOKTA", OrganizationID: "org_01DEMOACME",
				Type: "OktaSAML", Name: "Acme Okta", State: "active",
				Users: []User{
					{
						ID: "prof_01DEMOALICE", Email: "alice@acme.test",
						FirstName: "Alice", LastName: "Liddell", IdpID: "00u1demoalice",
						Role: "admin", Roles: []string{"admin"},
						Groups:           []string{"Engineering", "Admins"},
						CustomAttributes: map[string]any{"department": "Engineering"},
					},
					{
						ID: "prof_01DEMOBOB", Email: "bob@acme.test",
						FirstName: "Bob", LastName: "Builder", IdpID: "00u1demobob",
						Role: "member", Groups: []string{"Sales"},
					},
				},
			},
			{
				ID: "conn_01DEMOGLOBEXGOOGLE", OrganizationID: "org_01DEMOGLOBEX",
				Type: "GoogleSAML", Name: "Globex Google", State: "active",
				Users: []User{{
					ID: "prof_01DEMOCAROL", Email: "carol@globex.test",
					FirstName: "Carol", LastName: "Danvers", IdpID: "demo-carol", Role: "member",
				}},
			},
			{
				ID: "conn_01DEMOGOOGLEOAUTH", Type: "GoogleOAuth", Provider: "GoogleOAuth",
				Name: "Google OAuth", State: "active",
				Users: []User{{
					ID: "prof_01DEMODAVE", Email: "dave@gmail.test",
					FirstName: "Dave", LastName: "Lister", IdpID: "104200000000000000001",
				}},
			},
			{
				ID: "conn_01DEMOMICROSOFTOAUTH", Type: "MicrosoftOAuth", Provider: "MicrosoftOAuth",
				Name: "Microsoft OAuth", State: "active",
				Users: []User{{
					ID: "prof_01DEMOERIN", Email: "erin@outlook.test",
					FirstName: "Erin", LastName: "Brockovich", IdpID: "demo-erin-0001",
				}},
			},
			{
				ID: "conn_01DEMOGITHUBOAUTH", Type: "GitHubOAuth", Provider: "GitHubOAuth",
				Name: "GitHub OAuth", State: "active",
				Users: []User{{
					ID: "prof_01DEMOFRANK", Email: "frank@github.test",
					FirstName: "Frank", LastName: "Castle", IdpID: "1000001",
				}},
			},
		},
		Directories: []Directory{
			{
				ID: "directory_01DEMOACME", OrganizationID: "org_01DEMOACME", Name: "Acme Okta",
				Groups: []DirectoryGroup{{Name: "Engineering"}, {Name: "Admins"}, {Name: "Sales"}},
				Users: []DirectoryUser{
					{ID: "directory_user_01DEMOALICE", Email: "alice@acme.test", FirstName: "Alice", LastName: "Liddell",
						IdpID: "00u1demoalice", Groups: []string{"Engineering", "Admins"}},
					{ID: "directory_user_01DEMOBOB", Email: "bob@acme.test", FirstName: "Bob", LastName: "Builder",
						IdpID: "00u1demobob", Groups: []string{"Sales"}},
				},
			},
			{
				ID: "directory_01DEMOGLOBEX", OrganizationID: "org_01DEMOGLOBEX", Name: "Globex Google Workspace",
				Type: "gsuite directory",
				Users: []DirectoryUser{
					{ID: "directory_user_01DEMOCAROL", Email: "carol@globex.test", FirstName: "Carol", LastName: "Danvers", IdpID: "demo-carol"},
				},
			},
		},
	}
}
