/**
 * Refusals that must look the same wherever they happen: the rate limit on exports as on /graphql (429 with
 * Retry-After), a write refused by the permission layer recorded in the audit trail with personal data
 * redacted as a write refused inside a mutation is, and a refused agency told FORBIDDEN before any size check.
 */
import { startTestApp, TestApp } from '../helpers/app';
import { makeCreditCode } from '../../src/validation/uscc';

let t: TestApp;
beforeAll(async () => { t = await startTestApp({ config: { ratePerMinute: 2 } }); }, 60_000);
afterAll(async () => { await t?.stop(); });

it('answers exports over the rate limit with 429 and Retry-After, as /graphql', async () => {
  const token = await t.token('ECO', '141181', 'export rate');
  const ask = () => fetch(new URL('/exports/plots.geojson?divisionCode=141181', t.url), { headers: { authorization: `Bearer ${token}` } });
  const answers = [await ask(), await ask(), await ask()];
  expect(answers.slice(0, 2).map((r) => r.status)).toEqual([200, 200]);
  const limited = answers[2];
  expect(limited.status).toBe(429);
  const retryAfter = Number(limited.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  const body = await limited.json();
  expect(body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfter });
  const graphql = await t.gql(token, '{ me { agency } }');
  expect(graphql.status).toBe(429);
});

it('redacts personal data of a write the permission layer refuses, as a refused mutation does', async () => {
  const phone = '13800138000';
  const input = { creditCode: makeCreditCode('91141181MA0RED4CX'), name: '脱敏单位', countyCode: '141181', industry: '化工', listedOn: '2023-01-01', contactPhone: phone };
  const housing = await t.token('HOUSING', '141181', 'refused by policy');
  const r = await t.gql(housing, 'mutation($i: KeyUnitInput!) { upsertKeyUnit(input: $i) { id } }', { i: input });
  expect(r.errors?.[0].extensions.code).toBe('FORBIDDEN');
  const eco = await t.token('ECO', '141181', 'refused by the service');
  const refusedInside = await t.gql(eco, 'mutation($i: KeyUnitInput!) { upsertKeyUnit(input: $i) { id } }', { i: { ...input, listedOn: '2999-01-01' } });
  expect(refusedInside.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  const rows: { client_name: string; outcome: string; after: any }[] = await t.app.orm.em.fork().getConnection().execute(`select client_name, outcome, after from audit_log where operation = 'upsertKeyUnit' and action = 'REFUSED' order by id`);
  expect(rows.map((x) => [x.client_name, x.outcome])).toEqual([['refused by policy', 'FORBIDDEN'], ['refused by the service', 'BAD_USER_INPUT']]);
  for (const row of rows) {
    expect(JSON.stringify(row.after)).not.toContain(phone);
    expect(row.after.input.contactPhone).toBe('<redacted>');
  }
});

it('tells an agency that may not write FORBIDDEN before it checks sizes', async () => {
  const housing = await t.token('HOUSING', '141181', 'size and policy');
  const r = await t.gql(housing, 'mutation($i: KeyUnitInput!) { upsertKeyUnit(input: $i) { id } }', {
    i: { creditCode: 'x', name: '名'.repeat(256), countyCode: '141181', industry: '化工', listedOn: '2023-01-01' },
  });
  expect(r.errors?.[0].extensions.code).toBe('FORBIDDEN');
});
