import { spawn, ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { Client } from 'pg';
import { startTestApp, TestApp } from '../helpers/app';
import { buildIfStale, exitOf } from '../faults/server-process';
import { PROJECT_ROOT } from '../../src/config';

/**
 * SOILSHARE_WORKERS=2 (src/server.ts): the built server as a cluster of two workers behind one port. Both
 * workers boot (each its own listener connection on the database, shared by the principal cache and the
 * subscriptions) and both answer requests; SIGTERM
 * stops every worker and the primary with code 0.
 */
let t: TestApp;
const port = 47000 + (process.pid % 2000);
beforeAll(async () => {
  buildIfStale();
  t = await startTestApp();
}, 180_000);
afterAll(async () => { await t?.stop(); });

const LISTENERS = `select count(*) as n from pg_stat_activity where datname = current_database() and application_name = 'soilshare listener'`;
const listenersNow = async () => {
  const c = new Client({ connectionString: t.dbUrl });
  await c.connect();
  try {
    return Number((await c.query(LISTENERS)).rows[0].n);
  } finally {
    await c.end();
  }
};

it('two workers serve on one port, and SIGTERM stops them all with code 0', async () => {
  const own = await listenersNow(); // the spec's in-process app has one
  const child: ChildProcess = spawn(process.execPath, ['dist/src/server.js'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: t.dbUrl, PORT: String(port), SOILSHARE_DEMO: 'false', SOILSHARE_WORKERS: '2', RATE_LIMIT_PER_MINUTE: '0', NODE_ENV: 'production', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The request log lines name their worker.
  const servedBy = new Set<number>();
  let allReady = false;
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const j = JSON.parse(line) as { msg?: string; worker?: number; path?: string };
      if (j.msg === 'request' && j.path === '/graphql' && j.worker != null) servedBy.add(j.worker);
      if (j.msg?.startsWith('2 workers serving')) allReady = true;
    } catch { /* not a log line */ }
  });
  try {
    // The primary says so once the second worker has booted (they boot one after the other).
    for (let i = 0; i < 1200 && !allReady; i++) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(allReady).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    // Two servers booted: two more listeners on the spec's database (the primary has no connection).
    expect(await listenersNow()).toBe(own + 2);

    const token = await t.token('ECO', '141181', '孝义市生态环境分局');
    // New connections go to the workers in turn.
    const answers = await Promise.all(Array.from({ length: 8 }, async () => {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', connection: 'close' }, body: JSON.stringify({ query: '{ me { clientName } }' }) });
      return ((await res.json()) as { data: { me: { clientName: string } } }).data.me.clientName;
    }));
    expect(answers).toEqual(Array(8).fill('孝义市生态环境分局'));
    for (let i = 0; i < 100 && servedBy.size < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect([...servedBy].sort()).toEqual([1, 2]);

    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5_000);
    // Every worker is gone with it: nothing of the server is connected any more.
    let left = await listenersNow();
    for (let i = 0; i < 100 && left > own; i++) {
      await new Promise((r) => setTimeout(r, 20)); // (a backend ends a moment after its client closed)
      left = await listenersNow();
    }
    expect(left).toBe(own);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}, 120_000);
