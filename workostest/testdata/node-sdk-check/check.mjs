import { WorkOS } from '@workos-inc/node';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import readline from 'node:readline';

const emu = spawn(process.env.EMU ?? './emu', [], { stdio: ['pipe', 'pipe', 'inherit'] });
const line = await new Promise(r => readline.createInterface({ input: emu.stdout }).once('line', r));
const { url, clientId, apiKey } = JSON.parse(line);
const u = new URL(url);
const workos = new WorkOS(apiKey, { apiHostname: u.hostname, port: Number(u.port), https: false, clientId });
const verifier = randomBytes(32).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');
const authURL = workos.userManagement.getAuthorizationUrl({ provider: 'authkit', redirectUri: 'http://app.test/auth/callback', clientId, state: 's', codeChallenge: challenge, codeChallengeMethod: 'S256', loginHint: 'alice@acme.test' });
const res = await fetch(authURL, { redirect: 'manual' });
const code = new URL(res.headers.get('location')).searchParams.get('code');
const auth = await workos.userManagement.authenticateWithCode({ clientId, code, codeVerifier: verifier });
console.log('authenticateWithCode:', auth.user.id, auth.user.email, auth.organizationId, auth.authenticationMethod);
const jwks = createRemoteJWKSet(new URL(workos.userManagement.getJwksUrl(clientId)));
const { payload } = await jwtVerify(auth.accessToken, jwks, { issuer: `${url}/user_management/${clientId}` });
console.log('jwtVerify:', payload.sub, payload.sid, payload.org_id, payload.role, payload.permissions);
const r2 = await workos.userManagement.authenticateWithRefreshToken({ clientId, refreshToken: auth.refreshToken });
console.log('authenticateWithRefreshToken: rotated', r2.refreshToken !== auth.refreshToken);
try { await workos.userManagement.authenticateWithRefreshToken({ clientId, refreshToken: auth.refreshToken }); console.log('REUSE ACCEPTED (bad)'); }
catch (e) { console.log('reuse refused:', e.status, e.error ?? e.code); }
const logout = workos.userManagement.getLogoutUrl({ sessionId: payload.sid, returnTo: 'http://app.test/' });
const lr = await fetch(logout, { redirect: 'manual' });
console.log('logout:', lr.status, lr.headers.get('location'));
emu.stdin.end('\n');
