/**
 * Row scope's backstop: PostgreSQL row-level security (src/db/scope.ts, migrations/Migration20261128221000).
 * SQL that forgets its scope clause, run on a request's connection, still sees only the rows in scope; on a
 * request connection outside the request's transaction it sees none; the platform's own connections see all.
 */
import { startTestApp, TestApp } from '../helpers/app';
import { ok } from '../helpers/assert';
import { principalFor } from '../../src/auth/principal';
import { Agency } from '../../src/modules/client/agency';
import { inRequestScope } from '../../src/db/scope';
import type { Context } from '../../src/context';
import { makeCreditCode } from '../../src/validation/uscc';

let t: TestApp;
let province: string;

/** A context as the request path builds it, for a county or city ECO client. */
const contextOf = (division: string): Context =>
  t.app.contextFor(principalFor(t.app.cache, { id: 1, name: `ECO@${division}`, agency: Agency.ECO, divisionCode: division }));

const REGISTER = `mutation($input: PlotInput!) { registerPlot(input: $input) { id } }`;
const UNIT = `mutation($input: KeyUnitInput!) { upsertKeyUnit(input: $input) { id } }`;
const CHECK = `mutation($k: ID!) { recordHiddenDangerCheck(keyUnitId: $k, completedOn: "2024-05-01", rectified: true) { id } }`;

/** Counts of every county-bound table as raw SQL with no scope clause. */
async function countsNoClause(run: (sql: string) => Promise<{ n: string; counties: string[] | null }[]>) {
  const out: Record<string, { n: number; counties: string[] }> = {};
  for (const [table, county] of [
    ['plot', 'county_code'], ['key_unit', 'county_code'], ['change_log', 'county_code'], ['audit_log', 'county_code'],
    ['stage_event', '(select county_code from plot p where p.id = plot_id)'],
    ['hidden_danger_check', '(select county_code from key_unit k where k.id = key_unit_id)'],
  ]) {
    const [r] = await run(`select count(*) as n, array_agg(distinct ${county}) filter (where ${county} is not null) as counties from ${table}`);
    out[table] = { n: Number(r.n), counties: (r.counties ?? []).sort() };
  }
  return out;
}

beforeAll(async () => {
  t = await startTestApp();
  province = await t.token('ECO', '140000', '山西省生态环境厅');
  // Rows in two counties of 吕梁 (孝义 141181, 离石 141102) and one of 晋中 (榆次 140702).
  for (const [i, county] of ['141181', '141181', '141102', '140702'].entries()) {
    ok(await t.gql(province, REGISTER, { input: { name: `范围测试地块${i}`, countyCode: county, source: 'KEY_INDUSTRY_SURVEY' } }));
    const code = `91141181MA0C${String(i).padStart(5, '0')}`;
    const unit = ok(await t.gql(province, UNIT, { input: { creditCode: makeCreditCode(code), name: `范围测试单位${i}`, countyCode: county, industry: '焦化', listedOn: '2024-01-01' } }));
    ok(await t.gql(province, CHECK, { k: unit.upsertKeyUnit.id }));
  }
});
afterAll(async () => { await t?.stop(); });

it('raw SQL without a scope clause, in a request of 孝义, sees only 孝义 rows of every county-bound table', async () => {
  const ctx = contextOf('141181');
  const counts = await inRequestScope(ctx, () => countsNoClause((sql) => ctx.em.execute(sql)));
  expect(counts.plot).toEqual({ n: 2, counties: ['141181'] });
  expect(counts.key_unit).toEqual({ n: 2, counties: ['141181'] });
  expect(counts.stage_event.counties).toEqual(['141181']);
  expect(counts.hidden_danger_check).toEqual({ n: 2, counties: ['141181'] });
  expect(counts.change_log.counties).toEqual(['141181']);
  expect(counts.audit_log.counties).toEqual(['141181']);
});

it('a city request sees its counties and no other', async () => {
  const ctx = contextOf('141100');
  const counts = await inRequestScope(ctx, () => countsNoClause((sql) => ctx.em.execute(sql)));
  expect(counts.plot).toEqual({ n: 3, counties: ['141102', '141181'] });
  expect(counts.key_unit.counties).toEqual(['141102', '141181']);
});

it('a request connection outside the request transaction (no scope set) sees no county-bound row: it fails closed', async () => {
  const em = t.app.requestOrm.em.fork();
  const counts = await countsNoClause((sql) => em.execute(sql));
  for (const [table, c] of Object.entries(counts)) expect([table, c.n]).toEqual([table, 0]);
  // …but the tables that belong to no county are there (the token and reference tables).
  const [{ n }] = await em.execute(`select count(*) as n from division`);
  const [{ n: all }] = await t.app.orm.em.fork().execute(`select count(*) as n from division`);
  expect(Number(n)).toBeGreaterThan(0);
  expect(n).toBe(all);
});

it('the platform (the owner’s connections) sees every row, explicitly', async () => {
  const em = t.app.orm.em.fork();
  const counts = await countsNoClause((sql) => em.execute(sql));
  expect(counts.plot).toEqual({ n: 4, counties: ['140702', '141102', '141181'] });
});

it('a request cannot write a row outside its scope with raw SQL: the update touches nothing, an insert is refused', async () => {
  const ctx = contextOf('141181');
  await inRequestScope(ctx, async () => {
    const updated = await ctx.em.execute(`update plot set name = name || '改' where county_code = '141102' returning id`);
    expect(updated).toHaveLength(0);
  });
  await expect(inRequestScope(ctx, () => ctx.em.execute(
    `insert into plot (plot_code, name, county_code, source) values ('X-141102-1', '越权地块', '141102', 'OTHER')`,
  ))).rejects.toThrow(/row-level security/);
  const [{ n }] = await t.app.orm.em.fork().execute(`select count(*) as n from plot where name like '%改' or name = '越权地块'`);
  expect(Number(n)).toBe(0);
});

it('the change feed and the audit trail cannot be rewritten by a request (append only)', async () => {
  const ctx = contextOf('141181');
  await inRequestScope(ctx, async () => {
    expect(await ctx.em.execute(`update change_log set client_name = 'x' returning id`)).toHaveLength(0);
    expect(await ctx.em.execute(`delete from audit_log returning id`)).toHaveLength(0);
  });
});
