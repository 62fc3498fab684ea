import { Client } from 'pg';
import { createApp, App } from '../../src/app';
import * as idempotency from '../../src/limits/idempotency';
import { startTestApp, TestApp } from '../helpers/app';

let t: TestApp;
let eco: string;
beforeAll(async () => {
  t = await startTestApp();
  eco = await t.token('ECO', '141181');
});
afterAll(async () => { await t.stop(); });

const CREATE = `mutation($name: String!) { createReserveProject(input: { name: $name, countyCode: "141181", category: OTHER, year: 2025, centralFundsRequested: "10.00" }) { id projectCode } }`;
const send = (url: string, token: string, key: string | undefined, name: string) =>
  fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify({ query: CREATE, variables: { name } }),
  });
const projects = async (name: string) =>
  (await t.app.orm.em.fork().getConnection().execute(`select count(*)::int as n from reserve_project where name = ?`, [name]))[0].n;

describe('Idempotency-Key', () => {
  it('a retry returns the first result and writes nothing again', async () => {
    const a = await send(t.url, eco, 'retry-1', '重试项目');
    const b = await send(t.url, eco, 'retry-1', '重试项目');
    expect(b.status).toBe(200);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(await b.json()).toEqual(await a.json());
    expect(await projects('重试项目')).toBe(1);
  });

  it('requests arriving at once with one key write once and all get the same answer', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(t.url, eco, 'burst-1', '并发项目').then((r) => r.json())));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0].data.createReserveProject.id).toBeDefined();
    expect(await projects('并发项目')).toBe(1);
  });

  it('the same key with a different request is refused (422)', async () => {
    await send(t.url, eco, 'reuse-1', '项目甲');
    const r = await send(t.url, eco, 'reuse-1', '项目乙');
    expect(r.status).toBe(422);
    expect((await r.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await projects('项目乙')).toBe(0);
  });

  it('keys belong to a client: another client with the same key writes its own', async () => {
    const other = await t.token('ECO', '141181', 'another system');
    await send(t.url, eco, 'shared-key', '客户端项目');
    await send(t.url, other, 'shared-key', '客户端项目');
    expect(await projects('客户端项目')).toBe(2);
  });

  it('a refused first request is replayed as refused, not run again', async () => {
    const bad = await fetch(t.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${eco}`, 'content-type': 'application/json', 'idempotency-key': 'bad-1' },
      body: JSON.stringify({ query: `mutation { createReserveProject(input: { name: "x", countyCode: "999999", category: OTHER, year: 2025 }) { id } }` }),
    });
    const first = await bad.json();
    expect(first.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const again = await fetch(t.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${eco}`, 'content-type': 'application/json', 'idempotency-key': 'bad-1' },
      body: JSON.stringify({ query: `mutation { createReserveProject(input: { name: "x", countyCode: "999999", category: OTHER, year: 2025 }) { id } }` }),
    });
    expect(await again.json()).toEqual(first);
  });
});

describe('Idempotency-Key under faults: one key, one write, one answer', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const sql = (q: string, p: unknown[] = []) => t.app.orm.em.fork().getConnection().execute(q, p);
  const answer = async (r: Response) => ({ status: r.status, replayed: r.headers.get('idempotent-replayed') === 'true', body: await r.json() });
  let lock: Client;
  const wait = idempotency.settings.answerWaitMs;
  beforeEach(async () => {
    lock = new Client({ connectionString: t.dbUrl });
    await lock.connect();
  });
  afterEach(async () => {
    idempotency.settings.answerWaitMs = wait;
    await lock.end();
  });

  it('a first attempt held up longer than any wait, retried with its key, is applied once and both get its answer', async () => {
    idempotency.settings.answerWaitMs = 500; // far below the hold: no time limit hands the key to the retry
    await lock.query('begin');
    await lock.query('lock table reserve_project in share mode'); // the insert of the first attempt waits
    const first = send(t.url, eco, 'slow-1', '慢项目');
    await sleep(300);
    const retry = send(t.url, eco, 'slow-1', '慢项目');
    await sleep(3_000);
    expect(await projects('慢项目')).toBe(0);
    await lock.query('commit');
    const [a, b] = await Promise.all([first.then(answer), retry.then(answer)]);
    expect(a.status).toBe(200);
    expect(a.body.data.createReserveProject.id).toBeDefined();
    expect(b).toEqual({ status: 200, replayed: true, body: a.body });
    expect(await projects('慢项目')).toBe(1);
    const later = await answer(await send(t.url, eco, 'slow-1', '慢项目'));
    expect(later).toEqual({ status: 200, replayed: true, body: a.body });
  }, 30_000);

  it('a held-up first attempt that dies (its connection killed) leaves the key free: the waiting retry applies it, once', async () => {
    await lock.query('begin');
    await lock.query('lock table reserve_project in share mode');
    const first = send(t.url, eco, 'slow-2', '中断项目').then(answer);
    await sleep(300);
    const retry = send(t.url, eco, 'slow-2', '中断项目').then(answer);
    await sleep(500);
    // The first attempt waits on the table lock, the retry on the first attempt's key.
    const waiting = await lock.query(`select pid from pg_locks where relation = 'reserve_project'::regclass and not granted`);
    expect(waiting.rows).toHaveLength(1);
    await lock.query(`select pg_terminate_backend($1)`, [waiting.rows[0].pid]);
    const a = await first;
    expect(a.status).toBe(503);
    expect(a.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    await sleep(300);
    expect(await projects('中断项目')).toBe(0);
    await lock.query('commit');
    const b = await retry;
    expect(b.status).toBe(200);
    expect(b.body.data.createReserveProject.id).toBeDefined();
    expect(await projects('中断项目')).toBe(1);
    expect(await answer(await send(t.url, eco, 'slow-2', '中断项目'))).toEqual({ status: 200, replayed: true, body: b.body });
  }, 30_000);

  it('a write that committed but whose answer was never stored (a crash in between) answers every retry ALREADY_APPLIED with what it wrote', async () => {
    idempotency.settings.answerWaitMs = 300;
    const a = await answer(await send(t.url, eco, 'lost-1', '丢失应答'));
    const id = a.body.data.createReserveProject.id;
    // What a server killed between the commit and storing the answer leaves behind.
    await sql(`update idempotency_key set state = 'COMMITTED', http_status = null, response = null where key = 'lost-1'`);
    const expected = {
      status: 200, replayed: true,
      body: { data: null, errors: [{ message: expect.any(String), extensions: { code: 'ALREADY_APPLIED', applied: [{ operation: 'createReserveProject', entity: 'ReserveProject', id: String(id), action: 'CREATED' }] } }] },
    };
    for (let i = 0; i < 3; i++) expect(await answer(await send(t.url, eco, 'lost-1', '丢失应答'))).toEqual(expected);
    expect(await projects('丢失应答')).toBe(1);
    // A different request under the key is still refused.
    expect((await send(t.url, eco, 'lost-1', '别的项目')).status).toBe(422);
  });

  it('when the answer cannot be stored (the database fails right after the commit) the first attempt still gets it, retries get ALREADY_APPLIED', async () => {
    idempotency.settings.answerWaitMs = 300;
    await sql(`create function fail_answer() returns trigger language plpgsql as $$ begin raise exception 'injected fault'; end $$`);
    await sql(`create trigger fail_answer before insert or update on idempotency_key for each row when (new.state = 'DONE') execute function fail_answer()`);
    try {
      const a = await answer(await send(t.url, eco, 'lost-2', '存储失败'));
      expect(a.status).toBe(200);
      const id = a.body.data.createReserveProject.id;
      for (let i = 0; i < 2; i++) {
        const b = await answer(await send(t.url, eco, 'lost-2', '存储失败'));
        expect(b.status).toBe(200);
        expect(b.body.errors[0].extensions).toEqual({ code: 'ALREADY_APPLIED', applied: [{ operation: 'createReserveProject', entity: 'ReserveProject', id: String(id), action: 'CREATED' }] });
      }
    } finally {
      await sql(`drop trigger fail_answer on idempotency_key`);
      await sql(`drop function fail_answer()`);
    }
    expect(await projects('存储失败')).toBe(1);
  });

  it('a database failure inside a resolver is HTTP 503 SERVICE_UNAVAILABLE, as everywhere else', async () => {
    await lock.query('begin');
    await lock.query('lock table reserve_project in access exclusive mode'); // the page's read waits
    const reply = t.gql(eco, '{ reserveProjects(first: 5) { totalCount } }');
    await sleep(500);
    const waiting = await lock.query(`select pid from pg_locks where relation = 'reserve_project'::regclass and not granted`);
    expect(waiting.rows).toHaveLength(1);
    await lock.query(`select pg_terminate_backend($1)`, [waiting.rows[0].pid]);
    await lock.query('rollback');
    const r = await reply;
    expect({ status: r.status, code: r.errors?.[0].extensions.code }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it('a refusal is stored too: the retry gets the same refusal without running, and a query with a key writes no key', async () => {
    const bad = `mutation { createReserveProject(input: { name: "越权", countyCode: "140105", category: OTHER, year: 2025 }) { id } }`;
    const post = (key: string, query: string) => fetch(t.url, { method: 'POST', headers: { authorization: `Bearer ${eco}`, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ query }) });
    const first = await answer(await post('refused-1', bad));
    expect(first.body.errors[0].extensions.code).toMatch(/FORBIDDEN|BAD_USER_INPUT/);
    const again = await answer(await post('refused-1', bad));
    expect(again).toEqual({ ...first, replayed: true });
    await post('query-1', '{ me { agency } }');
    expect(await sql(`select count(*)::int as n from idempotency_key where key = 'query-1'`)).toEqual([{ n: 0 }]);
  });
});

describe('rate limits hold across instances', () => {
  let a: App;
  let b: App;
  beforeAll(async () => {
    a = await createApp({ config: { databaseUrl: t.dbUrl, port: 0, demo: false, ratePerMinute: 6 } });
    b = await createApp({ config: { databaseUrl: t.dbUrl, port: 0, demo: false, ratePerMinute: 6 } });
  });
  afterAll(async () => { await a.stop(); await b.stop(); });

  it('counts one token\'s requests on both servers together: RATE_LIMITED with a retry-after', async () => {
    const token = await t.token('NATURAL_RESOURCES', '141100', 'busy system');
    // Align to the start of a minute window if we are close to its end, so all requests fall in one window.
    const s = new Date().getSeconds();
    if (s > 50) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
    const ask = (app: App) => fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { agency } }' }) });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await ask(a)).status, (await ask(b)).status);
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    const limited = await ask(a);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
  }, 30_000);
});

describe('rate limits claim quota in batches', () => {
  let c: App;
  beforeAll(async () => {
    // 200 a minute: each claim takes 2 (1% of the limit), so 100 statements count 200 requests.
    c = await createApp({ config: { databaseUrl: t.dbUrl, port: 0, demo: false, ratePerMinute: 200 } });
  });
  afterAll(async () => { await c.stop(); });

  it('lets exactly the limit through on one instance, writing the counter once per batch, not per request', async () => {
    const token = await t.token('ECO', '141181', 'batch counter');
    const s = new Date().getSeconds();
    if (s > 45) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
    const ask = () => fetch(c.url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { agency } }' }) });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push(...(await Promise.all(Array.from({ length: 8 }, () => ask().then((r) => r.status)))));
    expect(statuses.filter((x) => x !== 200)).toEqual([]);
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect((await refused.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
    const rows = await t.app.orm.em.fork().getConnection().execute(`select r.count from rate_limit r join api_client c on c.id = r.client_id where c.name = 'batch counter'`);
    // 100 claims of 2, one at a time however many requests wait (the refused request claims 2 more);
    // a counter written per request would read 201.
    expect(Number(rows[0].count)).toBe(202);
  }, 60_000);
});
