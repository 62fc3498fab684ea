import { ChildProcess } from 'node:child_process';
import { startTestApp, TestApp } from '../helpers/app';
import { answerMismatches, buildIfStale, exitOf, KeyedReply, startServer } from './server-process';

/**
 * Two server processes on one database, keyed writes sent to both, and the servers SIGKILLed in turn (one
 * while the other serves, then the other after the first is back). A write whose server died is retried
 * with its key on the living one. Every write ends with a definite answer (its data, its replay, or
 * ALREADY_APPLIED when it committed but its answer died with the server), exists exactly once, and nothing
 * is half-written.
 */
let t: TestApp;
const ports = [43000 + (process.pid % 1000) * 2, 43001 + (process.pid % 1000) * 2];
const servers: (ChildProcess | undefined)[] = [undefined, undefined];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  buildIfStale();
  t = await startTestApp();
}, 120_000);
afterAll(async () => {
  for (const s of servers) s?.kill('SIGKILL');
  await t.stop();
});

const CREATE = `mutation($n: String!) { createReserveProject(input: { name: $n, countyCode: "141181", category: OTHER, year: 2025, centralFundsRequested: "1.00" }) { id } }`;
type Reply = KeyedReply;

it('servers SIGKILLed under keyed writes: every write answered definitely on a retry, none lost, none applied twice', async () => {
  const token = await t.token('ECO', '141181');
  // A short answer wait: a retry that finds a committed write whose server died answers ALREADY_APPLIED after it.
  const start = async (i: number) => { servers[i] = await startServer(t.dbUrl, ports[i], { IDEMPOTENCY_ANSWER_WAIT_MS: '500' }); };
  await Promise.all([start(0), start(1)]);
  const write = async (i: number, key: string, name: string): Promise<Reply | null> => {
    try {
      const res = await fetch(`http://127.0.0.1:${ports[i]}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ query: CREATE, variables: { n: name } }),
      });
      const body = await res.json();
      const e = body.errors?.[0]?.extensions;
      return { status: res.status, code: e?.code, id: body.data?.createReserveProject?.id, applied: e?.applied };
    } catch {
      return null; // the server is gone
    }
  };
  const answers = new Map<string, Reply>();
  const others: Reply[] = [];
  let retriedElsewhere = 0;
  let stop = false;
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const name = `杀进程-${w}-${i}`;
      let server = (w + i) % 2;
      const deadline = Date.now() + 30_000;
      for (let attempt = 0; ; attempt++) {
        const r = await write(server, `kill-${w}-${i}`, name);
        if (r && r.status === 200 && (r.id || r.code === 'ALREADY_APPLIED')) {
          answers.set(name, r);
          if (attempt) retriedElsewhere++;
          break;
        }
        if (r) others.push(r);
        if (Date.now() > deadline) throw new Error(`${name}: no definite answer in 30 s`);
        server = 1 - server; // retry on the other instance
        await sleep(20);
      }
    }
  };
  const writers = [0, 1, 2, 3, 4, 5].map(writer);
  await sleep(1_500);
  servers[0]!.kill('SIGKILL');
  await exitOf(servers[0]!);
  await sleep(1_000);
  await start(0);
  await sleep(1_000);
  servers[1]!.kill('SIGKILL');
  await exitOf(servers[1]!);
  await sleep(1_000);
  await start(1);
  await sleep(1_000);
  stop = true;
  await Promise.all(writers);

  expect(others).toEqual([]); // a dead server gives no answer at all; a living one only definite ones
  const sql = (q: string) => t.app.orm.em.fork().getConnection().execute(q);
  const stored = new Map<string, { n: number; id: string }>((await sql(`select name, count(*)::int as n, min(id)::text as id from reserve_project group by name`)).map((r: any) => [r.name, { n: r.n, id: r.id }]));
  expect(answerMismatches(answers, stored)).toEqual([]);
  expect([...stored.keys()].filter((n) => !answers.has(n))).toEqual([]);
  const orphans = await sql(`select
      (select count(*) from reserve_project p where (select count(*) from change_log c where c.entity = 'ReserveProject' and c.entity_id = p.id::text) <> 1)::int as without_feed,
      (select count(*) from reserve_project p where (select count(*) from audit_log a where a.entity = 'ReserveProject' and a.entity_id = p.id::text) <> 1)::int as without_audit`);
  expect(orphans[0]).toEqual({ without_feed: 0, without_audit: 0 });
  expect(retriedElsewhere).toBeGreaterThan(0);
  console.log(`keyed writes under SIGKILL: ${answers.size} writes, ${retriedElsewhere} retried on the other server, ` +
    `${[...answers.values()].filter((r) => r.code === 'ALREADY_APPLIED').length} ALREADY_APPLIED`);
}, 90_000);
