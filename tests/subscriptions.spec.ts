/**
 * `changeAdded` over WebSocket (graphql-transport-ws): two instances on one database, a subscriber on A
 * receives what is written through B; concurrent writers on both instances arrive once each in cursor order,
 * exactly as `changes` lists them; a subscription `after` a cursor gets exactly the rest; row scope and the
 * policy filter as `changes`; the token is checked at connection_init, when it expires, when it is
 * revoked and when its agency or division changes (4401 / 4403 / 4410, on every instance); sockets per token
 * are limited (4429).
 */
import WebSocket from 'ws';
import { Client } from 'pg';
import { createClient } from 'graphql-ws';
import { startTestApp, TestApp } from './helpers/app';
import { createApp, App } from '../src/app';
import { issueToken, revokeToken } from '../src/auth/tokens';
import { ok } from './helpers/assert';

let a: TestApp; // instance A (the test app), SUBSCRIPTION_SOCKETS_PER_TOKEN 2
let b: App; // instance B, another server on the same database
let gqlB: (token: string, query: string, variables?: Record<string, unknown>) => Promise<any>;
let eco: string; // ECO 孝义市 (county 141181)
let ecoLiShi: string; // ECO 离石区 (county 141102)
let housing: string; // HOUSING 孝义市
let nrCity: string; // NATURAL_RESOURCES 吕梁市 (city 141100: both counties)
let police: string; // PUBLIC_SECURITY 孝义市: may not read the feed

const wsUrl = (app: { url: string }) => app.url.replace(/^http/, 'ws');

beforeAll(async () => {
  a = await startTestApp({ config: { socketsPerToken: 2 } });
  b = await createApp({ config: { databaseUrl: a.dbUrl, port: 0, demo: false, introspection: true, socketsPerToken: 2, logLevel: 'silent' } });
  gqlB = async (token, query, variables) => {
    const res = await fetch(b.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return { status: res.status, ...(await res.json()) };
  };
  eco = await a.token('ECO', '141181');
  ecoLiShi = await a.token('ECO', '141102');
  housing = await a.token('HOUSING', '141181');
  nrCity = await a.token('NATURAL_RESOURCES', '141100');
  police = await a.token('PUBLIC_SECURITY', '141181');
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

// ───────────── a raw graphql-transport-ws client: every message and the close code are visible ─────────────

interface Next { cursor: string; entity: string; entityId: string; action: string; agency: string; clientName: string; fields: string[]; at: string }

class Raw {
  readonly nexts = new Map<string, Next[]>();
  readonly errors = new Map<string, any[]>();
  readonly completed = new Set<string>();
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters: (() => void)[] = [];
  acked = false;
  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => { resolve({ code, reason: String(reason) }); this.poke(); }));
    ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type === 'connection_ack') this.acked = true;
      if (m.type === 'next') {
        if (m.payload.errors) this.errors.set(m.id, [...(this.errors.get(m.id) ?? []), ...m.payload.errors]);
        else this.nexts.set(m.id, [...(this.nexts.get(m.id) ?? []), m.payload.data.changeAdded]);
      }
      if (m.type === 'error') this.errors.set(m.id, m.payload);
      if (m.type === 'complete') this.completed.add(m.id);
      this.poke();
    });
  }
  private poke() {
    for (const w of this.waiters.splice(0)) w();
  }
  /** Resolves when `cond` holds (checked after every message), fails after `ms`. */
  async until(cond: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => { this.waiters.push(resolve); setTimeout(resolve, 50); });
    }
  }
  /** Opens a socket to `app` and sends connection_init with the token (in connectionParams, or the upgrade header). */
  static async open(app: { url: string }, token: string | null, via: 'params' | 'header' = 'params'): Promise<Raw> {
    const ws = new WebSocket(wsUrl(app), 'graphql-transport-ws', via === 'header' && token ? { headers: { authorization: `Bearer ${token}` } } : {});
    const raw = new Raw(ws);
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    ws.send(JSON.stringify({ type: 'connection_init', payload: via === 'params' && token ? { authorization: `Bearer ${token}` } : {} }));
    return raw;
  }
  static async connect(app: { url: string }, token: string, via: 'params' | 'header' = 'params'): Promise<Raw> {
    const raw = await Raw.open(app, token, via);
    await raw.until(() => raw.acked, 10_000, 'connection_ack');
    return raw;
  }
  subscribe(id: string, after?: string | null, query = SUB) {
    this.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables: after ? { after } : {} } }));
  }
  got(id = '1') {
    return this.nexts.get(id) ?? [];
  }
  close() {
    this.ws.close();
  }
}

const SUB = `subscription($after: String) { changeAdded(after: $after) { cursor at agency clientName entity entityId action fields } }`;
const FEED = `query($after: String) { changes(after: $after, first: 1000) { nodes { cursor at agency clientName entity entityId action fields } pageInfo { endCursor } } }`;
const REGISTER = `mutation($input: PlotInput!) { registerPlot(input: $input) { id } }`;
let serial = 0;
const plotInput = (county = '141181') => ({ name: `订阅测试地块${++serial}`, countyCode: county, source: 'OTHER', centroid: { lon: 111.78, lat: 37.14 }, identifiedOn: '2025-01-02' });
const decode = (cursor: string) => Number(Buffer.from(cursor, 'base64url').toString().slice(2));

/** The feed's end for a token, by polling `changes`. */
async function headCursor(token: string): Promise<string | null> {
  let cursor: string | null = null;
  for (;;) {
    const c: { nodes: Next[]; pageInfo: { endCursor: string } } = ok(await a.gql(token, FEED, { after: cursor })).changes;
    if (!c.nodes.length) return cursor;
    cursor = c.pageInfo.endCursor;
  }
}
/** Every change `changes` lists after `after` for `token`. */
async function polled(token: string, after: string | null): Promise<Next[]> {
  return ok(await a.gql(token, FEED, { after })).changes.nodes;
}

/** Until a subscription is registered, changes are not its business: a write right after `subscribe` may land before it. */
async function subscribed(raw: Raw, id = '1', after?: string | null) {
  const hub = a.app.subscriptions.hub;
  const n = hub.size;
  raw.subscribe(id, after);
  await raw.until(() => hub.size > n, 5000, 'registration');
  await hub.idle();
}

describe('changeAdded across instances', () => {
  it('a subscriber on A receives a change written through B, exactly as `changes` lists it', async () => {
    const start = await headCursor(eco);
    const raw = await Raw.connect(a.app, eco);
    raw.subscribe('1', start);
    const r = await gqlB(eco, REGISTER, { input: plotInput() });
    expect(r.errors).toBeUndefined();
    await raw.until(() => raw.got().length >= 1, 10_000, 'the change');
    const got = raw.got();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ entity: 'Plot', entityId: r.data.registerPlot.id, action: 'CREATED', agency: 'ECO' });
    expect(got).toEqual(await polled(eco, start));
    raw.close();
  });

  it('the real graphql-ws client (connectionParams) subscribes on B and receives a write made through A', async () => {
    const start = await headCursor(eco);
    const received: Next[] = [];
    const client = createClient({ url: wsUrl(b), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${eco}` }, retryAttempts: 0 });
    const done = new Promise<void>((resolve, reject) => {
      client.subscribe<{ changeAdded: Next }>({ query: SUB, variables: { after: start } }, {
        next: (v) => { received.push(v.data!.changeAdded); if (received.length === 2) resolve(); },
        error: reject,
        complete: () => undefined,
      });
    });
    const p1 = ok(await a.gql(eco, REGISTER, { input: plotInput() })).registerPlot;
    const p2 = ok(await a.gql(eco, REGISTER, { input: plotInput() })).registerPlot;
    await done;
    expect(received.map((c) => c.entityId)).toEqual([p1.id, p2.id]);
    await client.dispose();
  });

  it('concurrent writers on both instances: every change once, in cursor order, the same list as `changes`', async () => {
    const start = await headCursor(nrCity);
    const raws = [await Raw.connect(a.app, nrCity), await Raw.connect(b, nrCity)];
    for (const r of raws) r.subscribe('1', start);
    const writes = await Promise.all(Array.from({ length: 24 }, (_, i) =>
      (i % 2 ? gqlB : a.gql)(i % 3 ? eco : ecoLiShi, REGISTER, { input: plotInput(i % 3 ? '141181' : '141102') })));
    for (const w of writes) expect(w.errors).toBeUndefined();
    const ids = writes.map((w) => w.data.registerPlot.id).sort();
    for (const r of raws) await r.until(() => r.got().length >= 24, 20_000, '24 changes');
    await new Promise((r) => setTimeout(r, 300)); // nothing more arrives
    const expected = await polled(nrCity, start);
    expect(expected.map((c) => c.entityId).sort()).toEqual(ids);
    for (const r of raws) {
      const got = r.got();
      expect(got).toEqual(expected); // same changes, same order, same fields, no repeat
      const order = got.map((c) => decode(c.cursor));
      expect([...order].sort((x, y) => x - y)).toEqual(order);
      expect(new Set(order).size).toBe(order.length);
      r.close();
    }
  });

  it('a writer that took its id first but commits late holds the next ones back: delivered in id order, none skipped', async () => {
    const start = await headCursor(eco);
    const raw = await Raw.connect(a.app, eco);
    raw.subscribe('1', start);
    // A slow transaction appends to the feed as runWrite does (the commit-order lock, then its row) and waits.
    const slow = new Client({ connectionString: a.dbUrl });
    await slow.connect();
    await slow.query('begin');
    await slow.query('select pg_advisory_xact_lock(7411181)');
    const { rows } = await slow.query(`insert into change_log (agency, client_id, client_name, entity, entity_id, action, fields, county_code)
      values ('ECO', null, 'slow writer', 'Plot', '999999', 'UPDATED', '{name}', '141181') returning id`);
    const pending = gqlB(eco, REGISTER, { input: plotInput() }); // waits for the lock, so its id comes after
    await new Promise((r) => setTimeout(r, 500));
    expect(raw.got()).toEqual([]);
    await slow.query('commit');
    await slow.end();
    const fast = (await pending).data.registerPlot.id;
    await raw.until(() => raw.got().length >= 2, 10_000, 'both changes');
    expect(raw.got().map((c) => [c.entityId, c.clientName])).toEqual([['999999', 'slow writer'], [fast, 'ECO@141181']]);
    expect(decode(raw.got()[0].cursor)).toBe(Number(rows[0].id));
    raw.close();
  });

  it('`after` a cursor: exactly the changes after it, then the live ones, no gap and no repeat', async () => {
    const before = await headCursor(eco);
    const first = [];
    for (let i = 0; i < 3; i++) first.push(ok(await a.gql(eco, REGISTER, { input: plotInput() })).registerPlot.id);
    const mid = (await polled(eco, before))[0].cursor; // after the first of the three
    const raw = await Raw.connect(a.app, eco);
    raw.subscribe('1', mid);
    await raw.until(() => raw.got().length >= 2, 10_000, 'the backlog');
    const live = ok(await gqlB(eco, REGISTER, { input: plotInput() })).registerPlot.id;
    await raw.until(() => raw.got().length >= 3, 10_000, 'the live change');
    await new Promise((r) => setTimeout(r, 200));
    expect(raw.got().map((c) => c.entityId)).toEqual([first[1], first[2], live]);
    raw.close();
  });

  it('without `after`: only what is committed after subscribing', async () => {
    ok(await a.gql(eco, REGISTER, { input: plotInput() }));
    const raw = await Raw.connect(a.app, eco);
    await subscribed(raw);
    const p = ok(await gqlB(eco, REGISTER, { input: plotInput() })).registerPlot;
    await raw.until(() => raw.got().length >= 1, 10_000, 'the change');
    await new Promise((r) => setTimeout(r, 200));
    expect(raw.got().map((c) => c.entityId)).toEqual([p.id]);
    raw.close();
  });
});

describe('filtered exactly like `changes`', () => {
  it('a county token gets only its county; a city token both; HOUSING the field names it may read', async () => {
    const starts = await Promise.all([eco, ecoLiShi, nrCity, housing].map(headCursor));
    const raws = await Promise.all([eco, ecoLiShi, nrCity, housing].map((tk) => Raw.connect(a.app, tk)));
    raws.forEach((r, i) => r.subscribe('1', starts[i]));
    const xiaoyi = ok(await gqlB(eco, REGISTER, { input: plotInput('141181') })).registerPlot.id;
    const lishi = ok(await gqlB(ecoLiShi, REGISTER, { input: plotInput('141102') })).registerPlot.id;
    const [rEco, rLiShi, rCity, rHousing] = raws;
    await rCity.until(() => rCity.got().length >= 2, 10_000, 'city changes');
    await rHousing.until(() => rHousing.got().length >= 1, 10_000, 'housing change');
    await rEco.until(() => rEco.got().length >= 1, 10_000, 'county change');
    await rLiShi.until(() => rLiShi.got().length >= 1, 10_000, 'county change');
    await new Promise((r) => setTimeout(r, 300));
    expect(rEco.got().map((c) => c.entityId)).toEqual([xiaoyi]);
    expect(rLiShi.got().map((c) => c.entityId)).toEqual([lishi]);
    expect(rCity.got().map((c) => c.entityId)).toEqual([xiaoyi, lishi]);
    expect(rHousing.got().map((c) => c.entityId)).toEqual([xiaoyi]);
    // The same filter: each subscriber got exactly what `changes` gives its token.
    const tokens = [eco, ecoLiShi, nrCity, housing];
    for (let i = 0; i < raws.length; i++) expect(raws[i].got()).toEqual(await polled(tokens[i], starts[i]));
    raws.forEach((r) => r.close());
  });

  it('an agency that may not read the feed is refused (FORBIDDEN); queries are not served over the socket', async () => {
    const raw = await Raw.connect(a.app, police);
    raw.subscribe('1');
    await raw.until(() => raw.errors.has('1'), 5000, 'the refusal');
    expect(raw.errors.get('1')![0].extensions.code).toBe('FORBIDDEN');
    raw.ws.send(JSON.stringify({ id: '2', type: 'subscribe', payload: { query: '{ me { agency } }' } }));
    await raw.until(() => raw.errors.has('2'), 5000, 'the refusal');
    expect(raw.errors.get('2')![0].extensions.code).toBe('BAD_REQUEST');
    raw.subscribe('3', 'not-a-cursor');
    await raw.until(() => raw.errors.has('3'), 5000, 'the refusal');
    raw.close();
    const eco1 = await Raw.connect(a.app, eco);
    eco1.subscribe('1', 'not-a-cursor');
    await eco1.until(() => eco1.errors.has('1'), 5000, 'the refusal');
    expect(eco1.errors.get('1')![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    eco1.close();
  });
});

describe('over HTTP', () => {
  it('a subscription sent to POST /graphql is refused as the client\'s mistake, not a server error', async () => {
    const r = await a.gql(eco, SUB, {});
    expect(r.status).toBeLessThan(500);
    expect(r.errors?.[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('the token on the socket', () => {
  it('no token, or an unknown one: closed with 4401 at connection_init; the upgrade header works as connectionParams', async () => {
    const none = await Raw.open(a.app, null);
    expect((await none.closed).code).toBe(4401);
    const unknown = await Raw.open(a.app, 'ss_nope');
    expect((await unknown.closed).code).toBe(4401);
    const viaHeader = await Raw.connect(a.app, eco, 'header');
    expect(viaHeader.acked).toBe(true);
    viaHeader.close();
  });

  it('revoked while open: every socket of the token, on both instances, is closed with 4403; others stay open', async () => {
    const issued = await issueToken(a.app.orm.em.fork(), { agency: 'ECO', divisionCode: '141181', name: 'to be revoked' });
    const onA = await Raw.connect(a.app, issued.token);
    const onB = await Raw.connect(b, issued.token);
    const bystander = await Raw.connect(a.app, eco);
    await subscribed(onA);
    onB.subscribe('1');
    bystander.subscribe('1');
    // Revoked through instance B's database connection (as `npm run token -- --revoke` would, from anywhere).
    expect(await revokeToken(b.orm.em.fork(), issued.id)).toBe(true);
    const [ca, cb] = await Promise.all([onA.closed, onB.closed]);
    expect(ca).toEqual({ code: 4403, reason: 'token revoked' });
    expect(cb).toEqual({ code: 4403, reason: 'token revoked' });
    expect(bystander.ws.readyState).toBe(WebSocket.OPEN);
    // A revoked token cannot connect again.
    const again = await Raw.open(a.app, issued.token);
    expect((await again.closed).code).toBe(4403);
    // The bystander still receives.
    const p = ok(await gqlB(eco, REGISTER, { input: plotInput() })).registerPlot;
    await bystander.until(() => bystander.got().some((c) => c.entityId === p.id), 10_000, 'the change');
    bystander.close();
  });

  it('a token moved to another division while open: its sockets close with 4410 on every instance, and a new socket sees the new scope only', async () => {
    const issued = await issueToken(a.app.orm.em.fork(), { agency: 'ECO', divisionCode: '141181', name: 'moved from 孝义 to 离石' });
    const onA = await Raw.connect(a.app, issued.token);
    const onB = await Raw.connect(b, issued.token);
    await subscribed(onA);
    // An administrator moves the client to 离石区 (the api_client trigger's NOTIFY reaches every instance).
    await a.app.orm.em.fork().getConnection().execute(`update api_client set division_code = '141102' where id = ?`, [issued.id]);
    const closed = await Promise.all([onA.closed, onB.closed]);
    for (const c of closed) expect(c.code).toBe(4410);
    // Reconnecting with the same token is allowed, and the new socket has the new scope: a plot in 孝义 is no longer
    // its business, one in 离石 is.
    const again = await Raw.connect(a.app, issued.token);
    await subscribed(again);
    const xiaoyi = ok(await gqlB(eco, REGISTER, { input: plotInput('141181') })).registerPlot;
    const lishi = ok(await gqlB(ecoLiShi, REGISTER, { input: plotInput('141102') })).registerPlot;
    await again.until(() => again.got().some((c) => c.entityId === lishi.id), 10_000, 'the change in 离石');
    expect(again.got().some((c) => c.entityId === xiaoyi.id)).toBe(false);
    again.close();
  });

  it('expiry: the socket is closed with 4401 when the token expires', async () => {
    const issued = await issueToken(a.app.orm.em.fork(), { agency: 'ECO', divisionCode: '141181', name: 'short-lived', expiresAt: new Date(Date.now() + 1500) });
    const raw = await Raw.connect(a.app, issued.token);
    const t0 = Date.now();
    expect(await raw.closed).toEqual({ code: 4401, reason: 'token expired' });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('an expiry brought forward while open is heard by every instance', async () => {
    const issued = await issueToken(a.app.orm.em.fork(), { agency: 'ECO', divisionCode: '141181', name: 'shortened' });
    const onB = await Raw.connect(b, issued.token);
    await a.app.orm.em.fork().getConnection().execute(`update api_client set expires_at = now() - interval '1 second' where id = ?`, [issued.id]);
    expect((await onB.closed).code).toBe(4401);
  });

  it('sockets per token: the third on an instance is closed with 4429; closing one frees a place', async () => {
    const issued = await issueToken(a.app.orm.em.fork(), { agency: 'ECO', divisionCode: '141181', name: 'many sockets' });
    const s1 = await Raw.connect(a.app, issued.token);
    const s2 = await Raw.connect(a.app, issued.token);
    const s3 = await Raw.open(a.app, issued.token);
    expect((await s3.closed).code).toBe(4429);
    expect(a.app.subscriptions.sockets(issued.id)).toBe(2);
    s1.close();
    await s1.closed;
    await s1.until(() => a.app.subscriptions.sockets(issued.id) === 1, 5000, 'the socket to be forgotten');
    const s4 = await Raw.connect(a.app, issued.token);
    expect(s4.acked).toBe(true);
    s2.close();
    s4.close();
  });

  it('a path other than /graphql is not upgraded', async () => {
    const ws = new WebSocket(wsUrl(a.app).replace('/graphql', '/elsewhere'), 'graphql-transport-ws');
    const err = await new Promise<Error>((resolve) => ws.once('error', resolve));
    expect(err.message).toMatch(/404/);
  });
});

describe('the one listener per instance', () => {
  it('one LISTEN connection per instance, shared with the principal cache; no second trigger on api_client', async () => {
    const sql = new Client({ connectionString: a.dbUrl });
    await sql.connect();
    try {
      // Every session listening on anything: the two instances' listeners, no other (pg_stat_activity lists LISTEN as a query).
      const listening = (await sql.query(`select pid from pg_stat_activity where datname = current_database() and query ilike 'listen %'`)).rows.map((r) => r.pid);
      expect(listening.sort()).toEqual([a.app.listener.pid, b.listener.pid].sort());
      expect(b.principals.listenerPid).toBe(b.listener.pid);
      const triggers = (await sql.query(`select tgname from pg_trigger where tgrelid = 'api_client'::regclass and not tgisinternal`)).rows.map((r) => r.tgname);
      expect(triggers).toEqual(['api_client_changed']);
    } finally {
      await sql.end();
    }
  });

  it('while B\'s listener is down: a change written and a token revoked meanwhile reach B\'s sockets when it is back', async () => {
    const issued = await issueToken(a.app.orm.em.fork(), { agency: 'ECO', divisionCode: '141181', name: 'revoked while deaf' });
    const doomed = await Raw.connect(b, issued.token);
    const sub = await Raw.connect(b, eco);
    const hub = b.subscriptions.hub;
    const n = hub.size;
    sub.subscribe('1');
    await sub.until(() => hub.size > n, 5000, 'registration');
    await hub.idle();
    const sql = new Client({ connectionString: a.dbUrl });
    await sql.connect();
    try {
      // Held down long enough for both writes to commit unheard (the reconnect's first delay, set for the test).
      (b.listener as unknown as { retryMs: number }).retryMs = 1500;
      const pid = b.listener.pid;
      await sql.query('select pg_terminate_backend($1)', [pid]);
      for (let i = 0; i < 400 && b.listener.isUp; i++) await new Promise((r) => setTimeout(r, 5));
      expect(b.listener.isUp).toBe(false);
      expect(b.principals.listenerPid).toBeNull();
      await sql.query('update api_client set revoked_at = now() where id = $1', [issued.id]);
      const p = ok(await a.gql(eco, REGISTER, { input: plotInput() })).registerPlot;
      // Nothing was heard: B is still down, the socket open, the change not delivered.
      expect(b.listener.isUp).toBe(false);
      expect(doomed.ws.readyState).toBe(WebSocket.OPEN);
      expect(sub.got().some((c) => c.entityId === p.id)).toBe(false);
      await b.listener.ready();
      expect(b.listener.pid).not.toBe(pid);
      // Back: the feed is read again from the subscriber's cursor, and every open socket's token re-checked.
      await sub.until(() => sub.got().some((c) => c.entityId === p.id), 10_000, 'the change written while deaf');
      expect(await doomed.closed).toEqual({ code: 4403, reason: 'token revoked' });
      expect(sub.ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      await sql.end();
      sub.close();
    }
  });
});

describe('the hub reads once per group', () => {
  it('many subscribers with the same agency and scope cost one statement per wake-up', async () => {
    const raws = await Promise.all(Array.from({ length: 2 }, () => Raw.connect(b, nrCity)));
    const more = await Promise.all(Array.from({ length: 2 }, () => Raw.connect(b, housing)));
    const start = await headCursor(nrCity);
    for (const r of [...raws, ...more]) r.subscribe('1', start);
    await b.subscriptions.hub.idle();
    await new Promise((r) => setTimeout(r, 300));
    await b.subscriptions.hub.idle();
    const before = b.subscriptions.hub.reads;
    ok(await a.gql(eco, REGISTER, { input: plotInput() }));
    for (const r of [...raws, ...more]) await r.until(() => r.got().length >= 1, 10_000, 'the change');
    await b.subscriptions.hub.idle();
    // Two groups (NATURAL_RESOURCES city, HOUSING county): two statements for four subscribers.
    expect(b.subscriptions.hub.reads - before).toBe(2);
    [...raws, ...more].forEach((r) => r.close());
  });
});
