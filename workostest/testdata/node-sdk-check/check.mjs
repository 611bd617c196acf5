// The official WorkOS Node SDK against the workos-emulator program: SSO,
// organizations, AuthKit (sign-in, JWKS, refresh, organization
// memberships, the Sessions API, logout), Directory Sync, the Events API,
// signed webhooks and a fault injected over HTTP. Prints one line per
// check; exits 1 on the first failure.
import { WorkOS } from '@workos-inc/node';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import http from 'node:http';
import readline from 'node:readline';

const fail = (msg) => { console.log('FAIL', msg); process.exitCode = 1; throw new Error(msg); };
const check = (ok, msg) => { if (!ok) fail(msg); };

// A webhook endpoint that verifies each delivery with the SDK.
const secret = 'whsec_node_check';
const delivered = [];
let workos; // set once the emulator is up
const hook = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', async () => {
    try {
      const e = await workos.webhooks.constructEvent({ payload: JSON.parse(body), sigHeader: req.headers['workos-signature'], secret });
      delivered.push(e);
      res.writeHead(200).end();
    } catch (err) {
      console.log('webhook refused:', err.message);
      res.writeHead(400).end();
    }
  });
});
await new Promise((r) => hook.listen(0, '127.0.0.1', r));
const hookURL = `http://127.0.0.1:${hook.address().port}/webhooks`;

const redirectUri = 'http://app.test/auth/callback';
const emu = spawn(process.env.EMU ?? './workos-emulator', ['-addr', '127.0.0.1:0', '-redirect-uri', redirectUri,
  '-webhook-url', hookURL, '-webhook-secret', secret], { stdio: ['ignore', 'pipe', 'inherit'] });
const settings = {};
for await (const line of readline.createInterface({ input: emu.stdout })) {
  const [k, v] = line.split('=');
  if (k.startsWith('WORKOS_')) settings[k] = v;
  if (line.startsWith('seed:')) break;
}
const { WORKOS_BASE_URL: url, WORKOS_CLIENT_ID: clientId, WORKOS_API_KEY: apiKey } = settings;
const u = new URL(url);
workos = new WorkOS(apiKey, { apiHostname: u.hostname, port: Number(u.port), https: false, clientId });
const follow = async (authURL) => new URL((await fetch(authURL, { redirect: 'manual' })).headers.get('location')).searchParams.get('code');
const waitFor = async (type) => {
  for (let i = 0; i < 200; i++) {
    const e = delivered.find((d) => d.event === type);
    if (e) return e;
    await new Promise((r) => setTimeout(r, 25));
  }
  fail(`no ${type} webhook`);
};

try {
  // SSO and organizations.
  const ssoCode = await follow(workos.sso.getAuthorizationUrl({ organization: 'org_01DEMOACME', redirectUri, clientId, state: 's', loginHint: 'bob@acme.test' }));
  const { profile } = await workos.sso.getProfileAndToken({ code: ssoCode, clientId });
  console.log('sso.getProfileAndToken:', profile.id, profile.email, profile.organizationId, profile.connectionType, profile.role?.slug);
  const orgs = await workos.organizations.listOrganizations();
  console.log('organizations.listOrganizations:', orgs.data.map((o) => o.name).join(', '));

  // AuthKit: sign-in with PKCE, the key set, refresh, reuse refused.
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const code = await follow(workos.userManagement.getAuthorizationUrl({ provider: 'authkit', redirectUri, clientId, state: 's', codeChallenge: challenge, codeChallengeMethod: 'S256', loginHint: 'alice@acme.test' }));
  const auth = await workos.userManagement.authenticateWithCode({ clientId, code, codeVerifier: verifier });
  console.log('authenticateWithCode:', auth.user.id, auth.user.email, auth.organizationId, auth.authenticationMethod);
  const jwks = createRemoteJWKSet(new URL(workos.userManagement.getJwksUrl(clientId)));
  const { payload } = await jwtVerify(auth.accessToken, jwks, { issuer: `${url}/user_management/${clientId}` });
  console.log('jwtVerify:', payload.sub, payload.sid.slice(0, 10) + '...', payload.org_id, payload.role, payload.permissions);
  const r2 = await workos.userManagement.authenticateWithRefreshToken({ clientId, refreshToken: auth.refreshToken });
  console.log('authenticateWithRefreshToken: rotated', r2.refreshToken !== auth.refreshToken);
  try { await workos.userManagement.authenticateWithRefreshToken({ clientId, refreshToken: auth.refreshToken }); fail('reuse accepted'); }
  catch (e) { console.log('reuse refused:', e.status, e.error ?? e.code); }
  const created = await waitFor('session.created');
  console.log('webhook session.created:', created.data.id === payload.sid, created.data.userId, created.data.authMethod);

  // Organization memberships.
  const mine = await workos.userManagement.listOrganizationMemberships({ userId: auth.user.id });
  console.log('listOrganizationMemberships:', mine.data.map((m) => `${m.organizationName}:${m.role.slug}:${m.status}`).join(', '));
  const om = await workos.userManagement.createOrganizationMembership({ organizationId: 'org_01DEMOGLOBEX', userId: auth.user.id, roleSlug: 'member' });
  console.log('createOrganizationMembership:', om.organizationId, om.role.slug, om.status);
  const switched = await workos.userManagement.authenticateWithRefreshToken({ clientId, refreshToken: r2.refreshToken, organizationId: 'org_01DEMOGLOBEX' });
  console.log('switch to the new organization:', switched.organizationId);
  const updated = await workos.userManagement.updateOrganizationMembership(om.id, { roleSlug: 'admin' });
  console.log('updateOrganizationMembership:', updated.role.slug);
  const off = await workos.userManagement.deactivateOrganizationMembership(om.id);
  const on = await workos.userManagement.reactivateOrganizationMembership(om.id);
  console.log('deactivate, reactivate:', off.status, on.status);
  await workos.userManagement.deleteOrganizationMembership(om.id);
  try { await workos.userManagement.getOrganizationMembership(om.id); fail('deleted membership found'); }
  catch (e) { console.log('deleteOrganizationMembership: then', e.status); }
  for (const t of ['organization_membership.created', 'organization_membership.updated', 'organization_membership.deleted']) {
    const e = await waitFor(t);
    check(e.data.id === om.id, `${t} for another membership`);
  }
  console.log('webhooks organization_membership.created/updated/deleted: verified');

  // The Sessions API.
  const fresh = await workos.userManagement.authenticateWithRefreshToken({ clientId, refreshToken: (await workos.userManagement.authenticateWithCode({ clientId, code: await follow(workos.userManagement.getAuthorizationUrl({ provider: 'authkit', redirectUri, clientId, state: 's', codeChallenge: challenge, codeChallengeMethod: 'S256', loginHint: 'alice@acme.test' })), codeVerifier: verifier })).refreshToken });
  const sessions = await workos.userManagement.listSessions(auth.user.id);
  console.log('listSessions:', sessions.data.length, 'active,', sessions.data.map((s) => s.status).join(' '));
  const sid = (await jwtVerify(fresh.accessToken, jwks)).payload.sid;
  await workos.userManagement.revokeSession({ sessionId: sid });
  try { await workos.userManagement.authenticateWithRefreshToken({ clientId, refreshToken: fresh.refreshToken }); fail('revoked session refreshed'); }
  catch (e) { console.log('revokeSession: then refresh', e.status, e.error ?? e.code); }
  const revoked = await waitFor('session.revoked');
  console.log('webhook session.revoked:', revoked.data.id === sid, revoked.data.status);
  const left = await workos.userManagement.listSessions(auth.user.id);
  console.log('listSessions after:', left.data.length, 'active', left.data.some((s) => s.id === sid) ? '(revoked one listed: bad)' : '');

  // Directory Sync.
  const dirs = await workos.directorySync.listDirectories({ organizationId: 'org_01DEMOACME' });
  const dir = await workos.directorySync.getDirectory(dirs.data[0].id);
  console.log('listDirectories, getDirectory:', dir.id, dir.name, dir.state, dir.type);
  const users = await workos.directorySync.listUsers({ directory: dir.id });
  const all = await users.autoPagination();
  console.log('listUsers:', all.map((x) => `${x.email} [${x.groups.map((g) => g.name).join(' ')}]`).join(', '));
  const groups = await workos.directorySync.listGroups({ directory: dir.id });
  const eng = groups.data.find((g) => g.name === 'Engineering');
  const inEng = await workos.directorySync.listUsers({ group: eng.id });
  console.log('listGroups:', groups.data.map((g) => g.name).join(', '), '; in Engineering:', inEng.data.map((x) => x.email).join(', '));
  const alice = await workos.directorySync.getUser(all.find((x) => x.email === 'alice@acme.test').id);
  const g = await workos.directorySync.getGroup(eng.id);
  console.log('getUser, getGroup:', alice.idpId, alice.state, g.name);

  // Directory Sync events through the admin endpoint, delivered and listed.
  const del = await fetch(`${url}/_emulator/directory_users/delete`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ user: 'bob@acme.test' }) });
  check(del.status === 200, `admin delete: ${del.status}`);
  const dsync = await waitFor('dsync.user.deleted');
  console.log('webhook dsync.user.deleted:', dsync.data.email, dsync.data.state);
  const events = await workos.events.listEvents({ events: ['dsync.user.deleted', 'session.revoked', 'organization_membership.deleted'] });
  console.log('events.listEvents:', events.data.map((e) => e.event).join(', '));

  // A fault over HTTP: one 503, which the SDK retries.
  const f = await fetch(`${url}/_emulator/faults`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: '/organizations', status: 503, times: 1 }) });
  check(f.status === 200, `inject: ${f.status}`);
  const again = await workos.organizations.listOrganizations();
  console.log('a 503 injected over HTTP, retried by the SDK:', again.data.length, 'organizations');

  // Logout.
  const logout = workos.userManagement.getLogoutUrl({ sessionId: payload.sid, returnTo: 'http://app.test/' });
  const lr = await fetch(logout, { redirect: 'manual' });
  console.log('logout:', lr.status, lr.headers.get('location'));
  console.log('webhooks verified by the SDK:', delivered.length);
} finally {
  emu.kill('SIGTERM');
  hook.close();
}
