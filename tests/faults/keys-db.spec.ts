import fs from 'node:fs';
import path from 'node:path';
import { createApp, App } from '../../src/app';
import { issueToken } from '../../src/auth/tokens';
import { PROJECT_ROOT } from '../../src/config';
import * as idempotency from '../../src/limits/idempotency';
import { freePort, PgProcess } from '../helpers/pg-process';
import { answerMismatches, KeyedReply } from './server-process';

/**
 * One key, one write, one answer while PostgreSQL fails under keyed writes: restarted fast (SIGINT) and
 * immediately (SIGQUIT, crash recovery), and its postmaster killed (SIGKILL). Every write is retried with its
 * key until it gets a definite answer; while the database is away the only other answer is HTTP 503
 * SERVICE_UNAVAILABLE. Afterwards every write exists exactly once, and every ALREADY_APPLIED names its row.
 */
let pg: PgProcess;
let app: App;
let token: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  pg = new PgProcess(path.join(PROJECT_ROOT, '.data', `fault-keys-${process.pid}`), await freePort());
  await pg.init();
  await pg.start();
  app = await createApp({ config: { databaseUrl: pg.url, port: 0, demo: false, ratePerMinute: 0 } });
  token = (await issueToken(app.orm.em.fork(), { agency: 'ECO', divisionCode: '141181', name: 'keyed fault test' })).token;
  idempotency.settings.answerWaitMs = 500;
}, 60_000);
afterAll(async () => {
  await app?.stop().catch(() => undefined);
  await pg?.destroy();
});

const CREATE = `mutation($n: String!) { createReserveProject(input: { name: $n, countyCode: "141181", category: OTHER, year: 2025, centralFundsRequested: "1.00" }) { id name } }`;
interface Reply extends KeyedReply { replayed: boolean }
async function write(key: string, name: string): Promise<Reply | null> {
  try {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ query: CREATE, variables: { n: name } }),
    });
    const body = await res.json();
    const e = body.errors?.[0]?.extensions;
    return { status: res.status, code: e?.code, id: body.data?.createReserveProject?.id, applied: e?.applied, replayed: res.headers.get('idempotent-replayed') === 'true' };
  } catch {
    return null; // no answer at all (connection reset): the client retries
  }
}
const definite = (r: Reply | null) => !!r && r.status === 200 && (!!r.id || r.code === 'ALREADY_APPLIED');
const rows = async () => new Map<string, { n: number; id: string }>(
  (await app.orm.em.fork().getConnection().execute(`select name, count(*)::int as n, min(id)::text as id from reserve_project group by name`)).map((r: any) => [r.name, { n: r.n, id: r.id }]),
);
const postmasterPid = () => Number(fs.readFileSync(path.join(pg.dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/** Starts the database again; after a killed postmaster its backends take a moment to notice and leave. */
async function restart() {
  for (let i = 0; ; i++) {
    try {
      await pg.start();
      return;
    } catch (e) {
      if (i >= 5) throw e;
      await sleep(500);
    }
  }
}

it('a write and its retries are answered 503 while the database is down, then applied once', async () => {
  expect((await write('down-0', '热身'))!.status).toBe(200);
  await pg.stop();
  for (let i = 0; i < 3; i++) expect(await write('down-1', '停机写入')).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE', id: undefined, applied: undefined, replayed: false });
  await pg.start();
  let r = await write('down-1', '停机写入');
  for (let i = 0; i < 50 && r!.status === 503; i++) r = (await sleep(100), await write('down-1', '停机写入'));
  expect(r!.status).toBe(200);
  expect(r!.id).toBeDefined();
  expect(await write('down-1', '停机写入')).toEqual({ ...r, replayed: true });
  expect((await rows()).get('停机写入')!.n).toBe(1);
}, 60_000);

it('keyed writes through a fast restart, an immediate restart and a killed postmaster: none lost, none applied twice, every one answered', async () => {
  const answers = new Map<string, Reply>();
  const others: Reply[] = [];
  let attempts = 0;
  let stop = false;
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const name = `故障-${w}-${i}`;
      const deadline = Date.now() + 30_000;
      for (;;) {
        attempts++;
        const r = await write(`k-${w}-${i}`, name);
        if (definite(r)) {
          answers.set(name, r!);
          break;
        }
        if (r) others.push(r);
        if (Date.now() > deadline) throw new Error(`${name}: no definite answer in 30 s (last ${JSON.stringify(r)})`);
        await sleep(50);
      }
    }
  };
  const writers = [0, 1, 2, 3, 4, 5].map(writer);
  const faults: [string, () => Promise<void>][] = [
    ['fast', () => pg.stop()],
    ['immediate', async () => { const pid = postmasterPid(); process.kill(pid, 'SIGQUIT'); while (alive(pid)) await sleep(20); }],
    ['postmaster killed', async () => { const pid = postmasterPid(); process.kill(pid, 'SIGKILL'); while (alive(pid)) await sleep(20); await sleep(300); }],
  ];
  for (const [, fault] of faults) {
    await sleep(1_500);
    await fault();
    await sleep(700);
    await restart();
  }
  // The writers go on after the last restart until enough writes have been answered to judge (more than 100),
  // at most 30 s: how many fit between the faults depends on the machine (this spec alone: ~400; in the full
  // suite on CI: 86 and 90, twice on 29 Nov 2026), and the count is a sample size, not what is being tested.
  await sleep(1_500);
  for (const until = Date.now() + 30_000; answers.size <= 100 && Date.now() < until;) await sleep(100);
  stop = true;
  await Promise.all(writers);

  // Only definite answers, or a clear 503 while the database was away.
  expect(others.filter((r) => !(r.status === 503 && r.code === 'SERVICE_UNAVAILABLE'))).toEqual([]);
  expect(others.length).toBeGreaterThan(0);
  const stored = await rows();
  expect(answerMismatches(answers, stored)).toEqual([]);
  // No write that was never answered exists either (every one was retried to its answer).
  expect([...stored.keys()].filter((n) => n.startsWith('故障-') && !answers.has(n))).toEqual([]);
  expect(answers.size).toBeGreaterThan(100);
  console.log(`keyed writes under database faults: ${answers.size} writes, ${attempts} attempts, ${others.length} answered 503, ` +
    `${[...answers.values()].filter((r) => r.code === 'ALREADY_APPLIED').length} ALREADY_APPLIED, ${[...answers.values()].filter((r) => r.replayed && r.id).length} replayed`);
}, 120_000);
