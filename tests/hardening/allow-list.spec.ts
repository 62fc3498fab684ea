import crypto from 'node:crypto';
import { createApp, App } from '../../src/app';
import { startTestApp, TestApp } from '../helpers/app';

/** The production allow-list option: each client runs only the operations it registered. */
let t: TestApp;
let app: App;
beforeAll(async () => {
  t = await startTestApp();
  app = await createApp({ config: { databaseUrl: t.dbUrl, port: 0, demo: false, operationAllowList: true } });
});
afterAll(async () => { await app.stop(); await t.stop(); });

it('runs a registered operation and refuses anything else with FORBIDDEN', async () => {
  const token = await t.token('ECO', '141181', 'registered system');
  const [{ id }] = await t.app.orm.em.fork().getConnection().execute(`select id from api_client where name = 'registered system'`);
  const registered = 'query Units { keyUnits(first: 10) { totalCount } }';
  const sha = crypto.createHash('sha256').update(registered).digest('hex');
  await t.app.orm.em.fork().getConnection().execute(`insert into client_operation (client_id, sha256, name, document) values (?, ?, 'Units', ?)`, [id, sha, registered]);
  const ask = (query: string) => fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query }) });

  const ok = await ask(registered);
  expect(ok.status).toBe(200);
  expect((await ok.json()).data.keyUnits.totalCount).toBe(0);

  const other = await ask('query Units { keyUnits(first: 10) { totalCount nodes { contactPhone } } }');
  expect(other.status).toBe(403);
  const body = await other.json();
  expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
  expect(body.errors[0].extensions.http).toBeUndefined();
  expect(body.data).toBeUndefined();
});
