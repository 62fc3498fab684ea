/**
 * The row scope travels with the request's first message (src/db/scope.ts carryScope, src/db/request-read.ts):
 * a compiled read is one round trip with its setting, a request transaction's BEGIN carries the setting, and
 * a pooled connection never lends one request's scope to the next — after a success, an error at execution,
 * an error at parse, or a rolled-back transaction. The connection pools here have ONE connection, so every
 * step reuses the same backend.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { startTestApp, TestApp } from '../helpers/app';
import { ok } from '../helpers/assert';
import { principalFor, Principal } from '../../src/auth/principal';
import { Agency } from '../../src/modules/client/agency';
import { inRequestScope, SCOPED_ROLE } from '../../src/db/scope';
import { initOrm, roundTripCount } from '../../src/db/orm';
import { requestRead, statementName, MAX_PREPARED_PER_CONNECTION } from '../../src/db/request-read';
import { createContext, Context } from '../../src/context';
import { makeCreditCode } from '../../src/validation/uscc';

let t: TestApp;
let orm: MikroORM;
let province: string;

const principal = (division: string): Principal => principalFor(t.app.cache, { id: 1, name: `ECO@${division}`, agency: Agency.ECO, divisionCode: division });
/** A request context on the one-connection pool, as contextFor builds one. */
const contextOf = (division: string): Context =>
  createContext({ orm, cache: t.app.cache, config: t.app.config, policy: t.app.policy, rules: t.app.systemContext().rules, today: '2026-11-29' }, principal(division));

/** The plots' counties as raw SQL without a scope clause: only row-level security narrows it. */
const COUNTIES = `select coalesce(json_agg(distinct county_code order by county_code), '[]')::text from plot`;
/** What the connection's setting is outside any request (a fresh transaction of its own). */
const settingNow = async () => (await orm.em.fork().execute(`select coalesce(current_setting('soilshare.scope', true), '') as s`))[0].s as string;
const plotsNow = async () => Number((await orm.em.fork().execute(`select count(*) as n from plot`))[0].n);

beforeAll(async () => {
  t = await startTestApp();
  province = await t.token('ECO', '140000', '山西省生态环境厅');
  for (const [i, county] of ['141181', '141102', '140702'].entries()) {
    ok(await t.gql(province, `mutation($input: PlotInput!) { registerPlot(input: $input) { id } }`, { input: { name: `往返测试地块${i}`, countyCode: county, source: 'KEY_INDUSTRY_SURVEY' } }));
  }
  ok(await t.gql(province, `mutation($input: KeyUnitInput!) { upsertKeyUnit(input: $input) { id } }`, { input: { creditCode: makeCreditCode('91141181MA0R0000X'), name: '往返测试单位', countyCode: '141181', industry: '焦化', listedOn: '2024-01-01' } }));
  orm = await initOrm({ url: t.dbUrl, role: SCOPED_ROLE, poolMax: 1 });
});
afterAll(async () => { await orm?.close(true); await t?.stop(); });

describe('requestRead: one statement under the scope, one round trip', () => {
  it('returns the JSON text as PostgreSQL built it, rows of the scope only, in one round trip', async () => {
    await requestRead({ principal: principal('141181'), orm }, { text: COUNTIES }); // the connection exists and has parsed both
    const before = roundTripCount();
    const text = await requestRead({ principal: principal('141181'), orm }, { text: COUNTIES });
    expect(roundTripCount() - before).toBe(1);
    expect(text).toBe('["141181"]');
    // (the text exactly as json_agg wrote it: never parsed and re-serialised)
    expect(await requestRead({ principal: principal('141100'), orm }, { text: COUNTIES })).toBe('["141102", "141181"]');
    expect(await requestRead({ principal: principal('140000'), orm }, { text: COUNTIES })).toBe('["140702", "141102", "141181"]');
    // Parameters, and a statement that returns nothing.
    expect(await requestRead({ principal: principal('140000'), orm }, { text: `select json_agg(county_code)::text from plot where county_code = any($1::text[])`, values: [['140702']] })).toBe('["140702"]');
    expect(await requestRead({ principal: principal('140000'), orm }, { text: `select 1 where false` })).toBeNull();
  });

  it('leaves nothing on the connection: outside a request the same connection sees no plot', async () => {
    await requestRead({ principal: principal('140000'), orm }, { text: COUNTIES });
    expect(await settingNow()).toBe('');
    expect(await plotsNow()).toBe(0);
  });

  it('after an error at execution the next read on the connection has its own scope, and nothing is left', async () => {
    await expect(requestRead({ principal: principal('140000'), orm }, { text: `select (count(*) / 0)::text from plot` })).rejects.toThrow(/division by zero/);
    expect(await requestRead({ principal: principal('141102'), orm }, { text: COUNTIES })).toBe('["141102"]');
    await expect(requestRead({ principal: principal('140000'), orm }, { text: `select (count(*) / 0)::text from plot` })).rejects.toThrow(/division by zero/);
    expect(await settingNow()).toBe('');
    expect(await plotsNow()).toBe(0);
  });

  it('after an error at parse the statement is not taken as prepared: it fails the same way again, and the connection serves the next read', async () => {
    const bad = { text: `select json_agg(nope) from plot` };
    await expect(requestRead({ principal: principal('140000'), orm }, bad)).rejects.toThrow(/nope/);
    await expect(requestRead({ principal: principal('140000'), orm }, bad)).rejects.toThrow(/nope/);
    expect(await requestRead({ principal: principal('141181'), orm }, { text: COUNTIES })).toBe('["141181"]');
  });

  it('a name used for another text is refused before anything is sent', async () => {
    await requestRead({ principal: principal('141181'), orm }, { text: COUNTIES, name: 'one_name' });
    await expect(requestRead({ principal: principal('141181'), orm }, { text: `select '[]'`, name: 'one_name' })).rejects.toThrow(/different statement/);
    expect(statementName(COUNTIES)).toMatch(/^ss_[0-9a-f]{40}$/);
  });

  it(`a connection keeps at most ${MAX_PREPARED_PER_CONNECTION} of these statements prepared: the least recently used are closed, and a closed one is prepared again when asked`, async () => {
    const read = (text: string) => requestRead({ principal: principal('141181'), orm }, { text });
    const distinct = (i: number) => `select json_build_array(${i}, count(*))::text from plot`;
    const prepared = `select count(*)::text from pg_prepared_statements where name like 'ss\\_%' or name like 'soilshare\\_%' or name = 'one_name'`;
    const first = await read(distinct(0));
    for (let i = 1; i < MAX_PREPARED_PER_CONNECTION + 40; i++) await read(distinct(i));
    // requestRead's statements only (the counting one and the scope's among them): the driver may hold its own
    expect(Number(await read(prepared))).toBeLessThanOrEqual(MAX_PREPARED_PER_CONNECTION);
    // the first statement was closed long ago; asking it again prepares it again and answers the same
    expect(await read(distinct(0))).toBe(first);
    expect(Number(await read(prepared))).toBeLessThanOrEqual(MAX_PREPARED_PER_CONNECTION);
  });

  it('inside a request transaction it runs on that transaction (its writes visible, its scope)', async () => {
    const ctx = contextOf('141181');
    const seen = await inRequestScope(ctx, async () => {
      await ctx.em.execute(`update plot set name = name || '改' where county_code = '141181'`);
      return requestRead(ctx, { text: `select json_agg(name)::text from plot` });
    }).catch((e) => e);
    expect(seen).toBe('["往返测试地块0改"]');
    // (the update committed with the request; undo it for the other tests)
    await t.app.orm.em.fork().execute(`update plot set name = '往返测试地块0' where county_code = '141181'`);
  });
});

describe('the request transaction: BEGIN carries the scope', () => {
  it('one round trip fewer: BEGIN with the setting, the statement, COMMIT', async () => {
    const ctx = contextOf('141181');
    await inRequestScope(ctx, () => ctx.em.execute(COUNTIES)); // warm
    const before = roundTripCount();
    const [row] = await inRequestScope(ctx, () => ctx.em.execute(COUNTIES));
    expect(roundTripCount() - before).toBe(3);
    expect(Object.values(row)[0]).toBe('["141181"]');
  });

  it('scope A then scope B on one connection: each sees its own rows, and nothing after', async () => {
    for (const [division, counties] of [['141181', ['141181']], ['140702', ['140702']], ['141100', ['141102', '141181']]] as const) {
      const ctx = contextOf(division);
      const [row] = await inRequestScope(ctx, () => ctx.em.execute(COUNTIES));
      expect(JSON.parse(Object.values(row)[0] as string)).toEqual(counties);
    }
    expect(await settingNow()).toBe('');
    expect(await plotsNow()).toBe(0);
  });

  it('after a request that failed (rolled back), the next request on the connection has its own scope', async () => {
    const a = contextOf('140000');
    await expect(inRequestScope(a, async () => {
      expect(Number((await a.em.execute(`select count(*) as n from plot`))[0].n)).toBe(3);
      await a.em.execute(`select 1/0`);
    })).rejects.toThrow(/division by zero/);
    const b = contextOf('140702');
    const [row] = await inRequestScope(b, () => b.em.execute(COUNTIES));
    expect(Object.values(row)[0]).toBe('["140702"]');
    expect(await plotsNow()).toBe(0);
  });

  it('an error thrown by the request’s own code (not SQL) rolls back too, and the scope goes with it', async () => {
    const a = contextOf('140000');
    await expect(inRequestScope(a, async () => {
      await a.em.execute(COUNTIES);
      throw new Error('resolver failed');
    })).rejects.toThrow('resolver failed');
    expect(await settingNow()).toBe('');
    expect(await plotsNow()).toBe(0);
  });

  it('a nested scope (a savepoint inside the request) sets its setting by a statement and still sees its scope', async () => {
    const outer = contextOf('140000');
    const inner = contextOf('141181');
    const counties = await inRequestScope(outer, async () => {
      inner.em = outer.em;
      return inRequestScope(inner, async () => Object.values((await inner.em.execute(COUNTIES))[0])[0]);
    });
    expect(counties).toBe('["141181"]');
  });
});

describe('one statement at a time on a connection (carryScope keeps the queue pg 9 will not)', () => {
  it('statements asked for at once inside one request run one after another, in the order asked, and pg is never handed one while another runs', async () => {
    // pg's Client.query, watched from before the pool's first connection: was the client still busy with a
    // statement (not ready for a query) when it was handed this one? pg 8 warns of that; pg 9 refuses it.
    const { Client } = require('pg');
    const handedWhileBusy: string[] = [];
    const own = Client.prototype.query;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: any, ...args: any[]) {
      if (this.readyForQuery === false) handedWhileBusy.push(String(args[0]?.text ?? args[0]).slice(0, 40));
      return own.apply(this, args);
    });
    const fresh = await initOrm({ url: t.dbUrl, role: SCOPED_ROLE, poolMax: 1 });
    try {
      const ctx = createContext({ orm: fresh, cache: t.app.cache, config: t.app.config, policy: t.app.policy, rules: t.app.systemContext().rules, today: '2026-11-29' }, principal('140000'));
      const finished: number[] = [];
      // The loaders' pattern: three statements on the request's one connection while the first still runs.
      const answers = await inRequestScope(ctx, () => Promise.all([3, 1, 2].map(async (n) => {
        const rows = await ctx.em.execute(`select ${n} as n, clock_timestamp() as at, pg_sleep(0.02)`);
        finished.push(n);
        return { n: Number(rows[0].n), at: new Date(rows[0].at).getTime() };
      })));
      expect(answers.map((a) => a.n)).toEqual([3, 1, 2]);
      expect(finished).toEqual([3, 1, 2]);
      expect(answers[1].at).toBeGreaterThanOrEqual(answers[0].at + 15);
      expect(answers[2].at).toBeGreaterThanOrEqual(answers[1].at + 15);
      // A compiled read on the same transaction while statements run: in its turn too.
      const [read, plain] = await inRequestScope(ctx, () => Promise.all([requestRead(ctx, { text: COUNTIES }), ctx.em.execute(`select 7 as n, pg_sleep(0.01)`), ctx.em.execute(`select 8 as n`)]));
      expect(read).toBe('["140702", "141102", "141181"]');
      expect(Number(plain[0].n)).toBe(7);
      expect(handedWhileBusy).toEqual([]);
    } finally {
      spy.mockRestore();
      await fresh.close(true);
    }
  });

  it('a statement that fails in the middle answers its error, and the ones after it still run', async () => {
    const conn = await (orm.em.getKnex() as any).client.acquireConnection();
    try {
      const results = await Promise.allSettled([conn.query(`select 1 as n, pg_sleep(0.01)`), conn.query(`select 1/0`), conn.query(`select 3 as n`)]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/division by zero/);
      expect(Number((results[2] as PromiseFulfilledResult<any>).value.rows[0].n)).toBe(3);
    } finally {
      (orm.em.getKnex() as any).client.releaseConnection(conn);
    }
  });

  it('statements still waiting when their connection ends fail at once, they do not hang', async () => {
    const other = await initOrm({ url: t.dbUrl, role: SCOPED_ROLE, poolMax: 1 });
    const knex = other.em.getKnex() as any;
    const conn = await knex.client.acquireConnection();
    try {
      const running = conn.query(`select pg_sleep(0.5)`);
      const waiting = [conn.query(`select 2 as n`), conn.query(`select 3 as n`)];
      // Watched from the start: the failures may arrive while the terminate's own answer is awaited, and a
      // rejection nobody handles yet fails the test by itself (it did, now and then).
      const settled = Promise.allSettled([running, ...waiting]);
      await t.app.orm.em.fork().execute(`select pg_terminate_backend(${conn.processID})`);
      expect((await settled).map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    } finally {
      knex.client.releaseConnection(conn);
      await other.close(true);
    }
  });
});
