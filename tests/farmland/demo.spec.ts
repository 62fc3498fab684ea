/**
 * The demo's farmland (seeds/demo/data.ts, part F) as the agriculture and ecology bureaus of 晋中 see it: 榆次区's
 * survey, its categories moving through 2025, the warning in Q2 (quality declined) and Q3 (the year's decrease),
 * none in Q1, and the reclamation of the old chemical plant refused.
 */
import { startTestApp, TestApp } from '../helpers/app';
import { ok } from '../helpers/assert';
import { loadDemo } from '../../seeds/demo/load';
import { farmlandUnitsTaigu, farmlandUnitsYuci } from '../../seeds/demo/data';
import { CITY, indicator, rowOf } from './helpers';

let t: TestApp;
let agr: string;
beforeAll(async () => {
  t = await startTestApp({ now: () => new Date('2025-12-20T12:00:00+08:00') });
  await loadDemo(t.app);
  agr = await t.token('AGRICULTURE', CITY, '晋中市农业农村局');
}, 300_000);
afterAll(async () => { await t.stop(); });

it('榆次区 through 2025: 2024 a move up, Q1 no warning, Q2 quality declined, Q3 the priority area decreased; 太谷区 quiet', async () => {
  const q = async (quarter: string) => rowOf(await indicator(t.gql, agr, { division: CITY, quarter }), '140702');
  const [q1, q2, q3] = [await q('2025Q1'), await q('2025Q2'), await q('2025Q3')];
  expect(q1.units).toBe(farmlandUnitsYuci.length);
  expect([q1.warning, q1.priorityAreaDecrease, q1.changesApproved]).toEqual([false, 0, 0]);
  expect(rowOf(await indicator(t.gql, agr, { division: CITY, quarter: '2024Q4' }), '140702').priorityAreaDecrease).toBeLessThan(0);
  expect([q2.warning, q2.categoryMovedDown]).toEqual([true, 1]);
  expect([q3.warning, q3.eiaRestricted, q3.categoryMovedDown, q3.priorityAreaDecrease > 0]).toEqual([true, true, 2, true]);
  const tg = rowOf(await indicator(t.gql, agr, { division: CITY, quarter: '2025Q4' }), '140703');
  expect([tg.units, tg.warning, tg.changesApproved]).toEqual([farmlandUnitsTaigu.length, false, 0]);
  const pending = ok(await t.gql(agr, `query { farmlandUnits(divisionCode: "140703", first: 100) { nodes { categoryChanges { approvedOn } } } }`)).farmlandUnits.nodes
    .flatMap((n: any) => n.categoryChanges);
  expect(pending).toEqual([{ approvedOn: null }]);
});

it('the old chemical plant may not be reclaimed for food: refused and kept in the audit trail', async () => {
  const rows = await t.app.orm.em.fork().getConnection().execute(`select agency, outcome from audit_log where operation = 'registerFarmlandUnit'`);
  expect(rows).toEqual([{ agency: 'AGRICULTURE', outcome: 'RESTRICTED_USE' }]);
  const plots = ok(await t.gql(agr, `query { plots(filter: { divisionCode: "140702", search: "老厂区" }) { nodes { name reclamationToFood { allowed grounds } } } }`)).plots.nodes;
  expect(plots[0].reclamationToFood).toEqual({ allowed: false, grounds: ['KEY_UNIT_LAND', 'KEY_INDUSTRY'] });
});
