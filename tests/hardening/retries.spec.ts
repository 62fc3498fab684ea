import { createApp, App } from '../../src/app';
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
