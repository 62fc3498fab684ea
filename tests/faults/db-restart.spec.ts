import path from 'node:path';
import { createApp, App } from '../../src/app';
import { issueToken } from '../../src/auth/tokens';
import { PROJECT_ROOT } from '../../src/config';
import { freePort, PgProcess } from '../helpers/pg-process';

/** The database stopped and restarted under load: clear SERVICE_UNAVAILABLE while it is down, service again after, with no server restart. */
let pg: PgProcess;
let app: App;
let token: string;

beforeAll(async () => {
  pg = new PgProcess(path.join(PROJECT_ROOT, '.data', `fault-pg-${process.pid}`), await freePort());
  await pg.init();
  await pg.start();
  app = await createApp({ config: { databaseUrl: pg.url, port: 0, demo: false } });
  token = (await issueToken(app.orm.em.fork(), { agency: 'ECO', divisionCode: '141181', name: 'fault test' })).token;
}, 60_000);
afterAll(async () => {
  await app?.stop().catch(() => undefined);
  await pg?.destroy();
});

async function ask(): Promise<{ status: number; code?: string }> {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ plots(first: 5) { totalCount } }' }),
  });
  const body = await res.json();
  return { status: res.status, code: body.errors?.[0]?.extensions?.code };
}

it('answers SERVICE_UNAVAILABLE while the database is down and recovers by itself', async () => {
  expect(await ask()).toEqual({ status: 200, code: undefined });

  // Load while the database goes away: every answer is either a success or a clear 503.
  const seen: { status: number; code?: string }[] = [];
  let running = true;
  const load = (async () => {
    for (let i = 0; running && i < 2000; i++) seen.push(await ask());
  })();
  await new Promise((r) => setTimeout(r, 200));
  await pg.stop();
  await new Promise((r) => setTimeout(r, 500));
  const down = await ask();
  expect(down).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  await pg.start();

  // Back without restarting the server (the pool reconnects).
  let up = await ask();
  for (let i = 0; i < 50 && up.status !== 200; i++) {
    await new Promise((r) => setTimeout(r, 100));
    up = await ask();
  }
  running = false;
  await load;
  expect(up).toEqual({ status: 200, code: undefined });
  // A database outage is HTTP 503 wherever it surfaces (before the operation or inside a resolver).
  const unexpected = seen.filter((s) => !(s.status === 200 && !s.code) && !(s.status === 503 && s.code === 'SERVICE_UNAVAILABLE'));
  expect(unexpected).toEqual([]);
  expect(seen.some((s) => s.code === 'SERVICE_UNAVAILABLE')).toBe(true);
}, 60_000);
