import { Client } from 'pg';
import { createApp, App } from '../../src/app';
import { issueToken } from '../../src/auth/tokens';
import { startTestApp, TestApp } from '../helpers/app';

/**
 * The principal cache (src/auth/principal-cache.ts): a token's client is read once per instance for a few
 * seconds, and still every instance refuses a revoked token on the next request after the revocation's NOTIFY
 * reaches it, an expired one on the first request after its expiry, and reads the row again while its
 * listener is down. Two instances on one database; the revocations are made by a plain SQL UPDATE on a
 * connection of its own (as a DBA would), so that only the notification can tell the instances.
 */
let t: TestApp;
let a: App;
let b: App;
let sql: Client;
beforeAll(async () => {
  t = await startTestApp();
  // A TTL far longer than the test: only a notification or the expiry check can end an entry here.
  const config = { databaseUrl: t.dbUrl, port: 0, demo: false, ratePerMinute: 0, principalCacheSeconds: 600 };
  a = await createApp({ config });
  b = await createApp({ config });
  sql = new Client({ connectionString: t.dbUrl });
  await sql.connect();
});
afterAll(async () => { await sql?.end(); await a?.stop(); await b?.stop(); await t?.stop(); });

const me = async (app: App, token: string) => {
  const res = await fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { clientName } }' }) });
  const body = (await res.json()) as { data?: { me: { clientName: string } }; errors?: { message: string; extensions: { code: string } }[] };
  return { status: res.status, name: body.data?.me.clientName, code: body.errors?.[0].extensions.code, message: body.errors?.[0].message };
};

/** Requests on `app` until one is refused, at most `ms`: how long that took, or null. */
async function refusedWithin(app: App, token: string, ms: number): Promise<number | null> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if ((await me(app, token)).status === 401) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 5));
  }
  return null;
}

/** Statements naming api_client that run on `app` while `fn` runs. */
async function tokenReads(app: App, fn: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const k = app.orm.em.getKnex();
  const listener = (q: { sql: string }) => {
    if (/from api_client/.test(q.sql)) n++;
  };
  k.on('query', listener);
  try {
    await fn();
  } finally {
    k.removeListener('query', listener);
  }
  return n;
}

it('serves a known token from the cache: the second request reads no api_client row', async () => {
  const token = await t.token('ECO', '141181', 'cache 孝义');
  expect(await tokenReads(a, () => me(a, token))).toBe(1);
  expect(await tokenReads(a, async () => expect((await me(a, token)).name).toBe('cache 孝义'))).toBe(0);
});

it('a revocation on the database reaches the other instances: each refuses the token once the notification is in', async () => {
  const { id, token } = await issueToken(a.orm.em.fork(), { agency: 'ECO', divisionCode: '141181', name: 'revoked elsewhere' });
  for (const app of [a, b]) expect((await me(app, token)).name).toBe('revoked elsewhere');
  // Both have it cached now (no row read on the next request).
  for (const app of [a, b]) expect(await tokenReads(app, () => me(app, token))).toBe(0);
  await sql.query(`update api_client set revoked_at = now() where id = $1`, [id]);
  // The notification is delivered at commit; each instance refuses within its round trip, not a TTL.
  for (const app of [a, b]) {
    const ms = await refusedWithin(app, token, 2_000);
    expect(ms).not.toBeNull();
    expect(ms!).toBeLessThan(2_000);
  }
  for (const app of [a, b]) expect(await me(app, token)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', message: 'token revoked' });
});

it('revokeToken on one instance: that instance refuses on the very next request, the other after the notification', async () => {
  const { revokeToken } = await import('../../src/auth/tokens');
  const { id, token } = await issueToken(a.orm.em.fork(), { agency: 'HOUSING', divisionCode: '140702', name: 'revoked here' });
  for (const app of [a, b]) expect((await me(app, token)).status).toBe(200);
  await revokeToken(a.orm.em.fork(), id);
  expect((await me(a, token)).status).toBe(401);
  expect(await refusedWithin(b, token, 2_000)).not.toBeNull();
});

it('a change of the client (its division) is seen at once too, not after the TTL', async () => {
  const { id, token } = await issueToken(a.orm.em.fork(), { agency: 'ECO', divisionCode: '141181', name: 'moved' });
  const division = `{ me { division { code } } }`;
  const ask = async (app: App) => ((await (await fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query: division }) })).json()) as any).data.me.division.code;
  expect(await ask(b)).toBe('141181');
  await sql.query(`update api_client set division_code = '140702' where id = $1`, [id]);
  const start = Date.now();
  let code = await ask(b);
  while (code !== '140702' && Date.now() - start < 2_000) code = await ask(b);
  expect(code).toBe('140702');
});

it('an expired token is refused on the first request after its expiry, though cached', async () => {
  const { token } = await issueToken(a.orm.em.fork(), { agency: 'ECO', divisionCode: '141181', name: 'short lived', expiresAt: new Date(Date.now() + 1_500) });
  expect((await me(a, token)).status).toBe(200);
  expect(await tokenReads(a, () => me(a, token))).toBe(0); // cached
  await new Promise((r) => setTimeout(r, 1_550));
  expect(await me(a, token)).toMatchObject({ status: 401, message: 'token expired' });
});

it('while its listener is down an instance reads the row on every request, and refuses a revocation made meanwhile', async () => {
  const { id, token } = await issueToken(a.orm.em.fork(), { agency: 'ECO', divisionCode: '141181', name: 'listener down' });
  expect((await me(b, token)).status).toBe(200);
  const pid = b.principals.listenerPid;
  expect(pid).not.toBeNull();
  // Cut b's listener, and revoke before it can be back: no notification can reach b for this.
  await sql.query(`select pg_terminate_backend($1)`, [pid]);
  // (b learns of the loss when its socket closes; a listener cut off silently is bounded by the TTL instead.)
  for (let i = 0; i < 400 && b.principals.listenerPid === pid; i++) await new Promise((r) => setTimeout(r, 5));
  expect(b.principals.listenerPid).not.toBe(pid);
  await sql.query(`update api_client set revoked_at = now() where id = $1`, [id]);
  expect(await me(b, token)).toMatchObject({ status: 401, message: 'token revoked' });
  // Back: the listener reconnects by itself and the cache serves again.
  await b.principals.ready();
  expect(b.principals.listenerPid).not.toBe(pid);
  const other = await t.token('ECO', '141181', 'after reconnect');
  await me(b, other);
  expect(await tokenReads(b, () => me(b, other))).toBe(0);
});

it('with the cache off (SOILSHARE_PRINCIPAL_CACHE_SECONDS=0) every request reads the row', async () => {
  const c = await createApp({ config: { databaseUrl: t.dbUrl, port: 0, demo: false, ratePerMinute: 0, principalCacheSeconds: 0 } });
  try {
    const token = await t.token('ECO', '141181', 'no cache');
    await me(c, token);
    expect(await tokenReads(c, () => me(c, token))).toBe(1);
  } finally {
    await c.stop();
  }
});
