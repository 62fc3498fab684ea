/**
 * The compiled path's scalars are the bytes graphql-js + JSON.stringify write (src/compiler/sql.ts scalarJson),
 * or the SENTINEL where they would differ (the request then falls back): asked of PostgreSQL directly, value by
 * value, against JSON.stringify of what the resolver path serializes.
 */
import { Client } from 'pg';
import { scalarJson, SENTINEL_CHAR } from '../../src/compiler/sql';
import { toShanghaiIso } from '../../src/graphql/scalars';

let pg: Client;
beforeAll(async () => {
  pg = new Client({ connectionString: process.env.TEST_ADMIN_URL });
  await pg.connect();
});
afterAll(async () => pg?.end());

const one = async (sql: string, value: unknown) => (await pg.query({ text: `select ${sql} as v`, values: [value] })).rows[0].v as string;

it('strings: every escape JSON.stringify writes (quotes, backslashes, control characters, non-ASCII)', async () => {
  for (const s of ['plain', '孝义市 焦化厂', 'a"b\\c', 'tab\there\nline\r\u0008\u000c', '\u0001\u001f\u007f', '\u2028\u2029', '😀', '</script>', '']) {
    expect(await one(scalarJson('String', '$1::text', true), s)).toBe(JSON.stringify(s));
  }
  expect(await one(scalarJson('String', '$1::text', false), null)).toBe('null');
  expect(await one(scalarJson('String', '$1::text', true), null)).toBe(SENTINEL_CHAR);
});

it('floats: JavaScript\'s digits between 1e-4 and 1e15, -0 as 0, the sentinel outside (exponent forms differ), for NaN and infinities', async () => {
  for (const x of [0, -0, 1, -1, 1.5, 0.1, 0.3, 1 / 3, 2 / 3, 12345.678, 111.11, 0.0001, 123456789012345, 99999999999999.98, 37.87654321, 112.123456789]) {
    expect(await one(scalarJson('Float', '$1::float8', true), x)).toBe(JSON.stringify(x));
  }
  for (const x of ['1e-5', '1e15', '1e21', 'NaN', 'Infinity', '-Infinity', '0.00001234']) {
    expect(await one(scalarJson('Float', '$1::float8', true), x)).toBe(SENTINEL_CHAR);
  }
  expect(await one(scalarJson('Float', '$1::float8', false), null)).toBe('null');
});

it('Int, Boolean, ID, Date, DateTime and enums as graphql-js serializes them', async () => {
  for (const n of [0, 1, -5, 2147483647, -2147483648]) expect(await one(scalarJson('Int', '$1::int4', true), n)).toBe(JSON.stringify(n));
  expect(await one(scalarJson('Boolean', '$1::boolean', true), true)).toBe('true');
  expect(await one(scalarJson('Boolean', '$1::boolean', true), false)).toBe('false');
  expect(await one(scalarJson('Boolean', '$1::boolean', false), null)).toBe('null');
  expect(await one(scalarJson('ID', '$1::int4', true), 42)).toBe('"42"');
  expect(await one(scalarJson('Date', '$1::date', true), '2025-09-30')).toBe('"2025-09-30"');
  for (const at of ['2025-09-30T16:00:00.999Z', '2025-12-31T23:59:59Z', '2024-02-29T00:00:00.5+08:00']) {
    expect(await one(scalarJson('DateTime', '$1::timestamptz', true), at)).toBe(JSON.stringify(toShanghaiIso(at)));
  }
  const kind = { enum: [['VALID', 'VALID'], ['EXPIRED', 'EXPIRED']] as [string, string][] };
  expect(await one(scalarJson(kind, '$1::text', true), 'VALID')).toBe('"VALID"');
  expect(await one(scalarJson(kind, '$1::text', true), 'GONE')).toBe(SENTINEL_CHAR);
  expect(await one(scalarJson(kind, '$1::text', false), null)).toBe('null');
  expect(await one(scalarJson(kind, '$1::text', true), null)).toBe(SENTINEL_CHAR);
});
