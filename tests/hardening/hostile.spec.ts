/**
 * Hostile input, table-driven: every mutation (read from the schema) and every /exports/* route, each with
 * every class of bad input the server must refuse as the client's mistake — never HTTP 5xx, never
 * INTERNAL_SERVER_ERROR:
 * - text longer than its column, in every String/ID argument and input field (sizes from the entity metadata);
 * - a lone UTF-16 surrogate and a NUL character, in every String/ID argument and input field (variables),
 *   written as escapes in the query text, and in every export parameter;
 * - deeply nested JSON in variables (a raw body of 100,000 levels);
 * - an integer literal out of range written in the query, for every Int argument and input field;
 * - a persisted-query hash that does not match the query;
 * - a self-intersecting boundary.
 * The cases are generated from the schema, so a new mutation or field is covered without editing this file.
 */
import crypto from 'node:crypto';
import {
  getNamedType, getNullableType, GraphQLArgument, GraphQLField, GraphQLInputType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType,
} from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { startTestApp, TestApp } from '../helpers/app';
import { buildAppSchema } from '../../src/graphql/schema';
import { partOf } from '../../src/auth/parts';
import { allows, loadPolicy } from '../../src/auth/policy';
import { AGENCIES } from '../../src/modules/client/agency';
import { columnLength, STORED_IN, unlistedInputs } from '../../src/validation/columns';
import { MAX_JSON_DEPTH } from '../../src/validation/text';

const schema = buildAppSchema();
const policy = loadPolicy();
const MUTATIONS = Object.values(schema.getMutationType()!.getFields());
const COUNTY = '141181';

/** A value of the type, plausible enough to reach the resolver (optional inputs filled too, so each can be aimed at). */
function sample(type: GraphQLInputType, name: string): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [sample(t.ofType, name)];
  if (isInputObjectType(t)) return Object.fromEntries(Object.values(t.getFields()).filter((f) => getNamedType(f.type).name !== 'JSON').map((f) => [f.name, sample(f.type, f.name)]));
  if (isEnumType(t)) return t.getValues()[0].value;
  switch (getNamedType(t).name) {
    case 'String': return /UseCode$/.test(name) ? '0701' : 'x';
    case 'ID': return name === 'countyCode' ? COUNTY : '1';
    case 'Int': return /year$/i.test(name) ? 2024 : 1;
    case 'Float': return name === 'lon' ? 111.78 : name === 'lat' ? 37.14 : 100;
    case 'Boolean': return true;
    case 'Date': return '2024-01-01';
    case 'Decimal': return '1.00';
    case 'Quantity': return '1';
    default: return null;
  }
}

/** A scalar leaf of a mutation's arguments: the GraphQL path a client would name (`input.address`), its table key and type. */
interface Leaf { path: string[]; key: string; type: string; list: boolean }
function leaves(field: GraphQLField<unknown, unknown>): Leaf[] {
  const out: Leaf[] = [];
  const walk = (type: GraphQLInputType, path: string[], key: string, list: boolean) => {
    const t = getNullableType(type);
    if (isListType(t)) return walk(t.ofType, path, key, true);
    if (isInputObjectType(t)) {
      for (const f of Object.values(t.getFields())) walk(f.type, [...path, f.name], `${t.name}.${f.name}`, list);
      return;
    }
    if (isScalarType(t)) out.push({ path, key, type: t.name, list });
  };
  for (const a of field.args) walk(a.type, [a.name], `Mutation.${field.name}(${a.name})`, false);
  return out;
}

const setAt = (vars: Record<string, unknown>, leaf: Leaf, value: unknown) => {
  const copy = structuredClone(vars);
  let o = copy as Record<string, unknown>;
  for (const k of leaf.path.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[leaf.path[leaf.path.length - 1]] = leaf.list ? [value] : value;
  return copy;
};

const typeName = (t: GraphQLInputType): string => (isNonNullType(t) ? `${typeName(t.ofType)}!` : isListType(t) ? `[${typeName(t.ofType)}]` : t.name);
const operation = (m: GraphQLField<unknown, unknown>) =>
  `mutation(${m.args.map((a) => `$${a.name}: ${typeName(a.type)}`).join(', ')}) { ${m.name}(${m.args.map((a) => `${a.name}: $${a.name}`).join(', ')}) { __typename } }`;

/** The same call with every value written in the query text (enums bare, strings JSON-quoted). */
function literal(value: unknown, type: GraphQLInputType): string {
  const t = getNullableType(type);
  if (value == null) return 'null';
  if (isListType(t)) return `[${(value as unknown[]).map((v) => literal(v, t.ofType)).join(', ')}]`;
  if (isInputObjectType(t)) return `{ ${Object.entries(value as object).map(([k, v]) => `${k}: ${literal(v, t.getFields()[k].type)}`).join(', ')} }`;
  if (isEnumType(t)) return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
const inlineOperation = (m: GraphQLField<unknown, unknown>, vars: Record<string, unknown>, raw: Record<string, string> = {}) =>
  `mutation { ${m.name}(${m.args.filter((a) => vars[a.name] !== undefined).map((a: GraphQLArgument) => `${a.name}: ${raw[a.name] ?? literal(vars[a.name], a.type)}`).join(', ')}) { __typename } }`;

/** The first agency that may run the mutation (so the refusal tested is the input's, not the permission's). */
const writer = (mutation: string) => AGENCIES.find((a) => allows(policy, partOf('Mutation', mutation)!, a, 'write'))!;

interface Answer { status: number; body: any; headers: Headers }
interface Case {
  name: string;
  agency: string;
  send: (t: TestApp, token: string, em: EntityManager) => Promise<Answer>;
  /** What the answer must be besides "not a server error": a code and, where a field is at fault, its path. */
  expect?: { code: string; field?: string | RegExp; status?: number };
}

const post = async (t: TestApp, token: string, body: string): Promise<Answer> => {
  const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { unparsable: text.slice(0, 200) };
  }
  return { status: res.status, body: parsed, headers: res.headers };
};

const LONE = 'a\ud800b';
const NUL = 'a\u0000b';
const cases: Case[] = [];
for (const m of MUTATIONS) {
  const agency = writer(m.name);
  const base = Object.fromEntries(m.args.map((a) => [a.name, sample(a.type, a.name)]));
  const query = operation(m);
  const ls = leaves(m);
  for (const leaf of ls.filter((l) => l.type === 'String' || l.type === 'ID')) {
    const path = leaf.path.join('.');
    const at = new RegExp(`^${path.replace(/\./g, '\\.')}(\\[0\\])?$`);
    cases.push({
      name: `${m.name} ${path}: longer than its column`, agency, expect: { code: 'BAD_USER_INPUT', field: at },
      send: (t, token, em) => {
        const stored = STORED_IN[leaf.key];
        const max = stored ? columnLength(em, stored[0], stored[1]) : undefined;
        // Unsized text (a row id, a text column, JSON) gets 100,000 characters: its own validation must bound it.
        return post(t, token, JSON.stringify({ query, variables: setAt(base, leaf, '长'.repeat((max ?? 99_999) + 1)) }));
      },
    });
    cases.push({ name: `${m.name} ${path}: lone surrogate`, agency, expect: { code: 'BAD_USER_INPUT', field: at, status: 400 }, send: (t, token) => post(t, token, JSON.stringify({ query, variables: setAt(base, leaf, LONE) })) });
    cases.push({ name: `${m.name} ${path}: NUL`, agency, expect: { code: 'BAD_USER_INPUT', field: at, status: 400 }, send: (t, token) => post(t, token, JSON.stringify({ query, variables: setAt(base, leaf, NUL) })) });
  }
  const firstText = ls.find((l) => l.type === 'String' && !l.list);
  if (firstText) {
    // Written in the query text as escapes, which GraphQL decodes into the characters.
    for (const [label, escape] of [['lone surrogate', '\\ud800'], ['NUL', '\\u0000']]) {
      cases.push({
        name: `${m.name} ${firstText.path.join('.')}: ${label} escaped in the query text`, agency, expect: { code: 'BAD_USER_INPUT', field: 'query', status: 400 },
        send: (t, token) => post(t, token, JSON.stringify({ query: inlineOperation(m, setAt(base, firstText, 'x')).replace('"x"', `"a${escape}b"`) })),
      });
    }
  }
  for (const leaf of ls.filter((l) => l.type === 'Int')) {
    const path = leaf.path.join('.');
    cases.push({
      name: `${m.name} ${path}: integer literal out of range`, agency, expect: { code: 'BAD_USER_INPUT', field: path, status: 400 },
      send: (t, token) => post(t, token, JSON.stringify({ query: inlineOperation(m, setAt(base, leaf, 99999999999)) })),
    });
  }
  const nested = m.args[0].name;
  cases.push({
    name: `${m.name}: 100,000 levels of nesting in variables`, agency, expect: { code: 'BAD_USER_INPUT', field: new RegExp(`^${nested}(\\[0\\])+$`), status: 400 },
    send: (t, token) => post(t, token, `{"query":${JSON.stringify(query)},"variables":{"${nested}":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`),
  });
  cases.push({
    name: `${m.name}: persisted-query hash that does not match`, agency, expect: { code: 'BAD_USER_INPUT', field: 'extensions.persistedQuery.sha256Hash', status: 400 },
    send: (t, token) => post(t, token, JSON.stringify({ query, variables: base, extensions: { persistedQuery: { version: 1, sha256Hash: crypto.createHash('sha256').update(query + ' ').digest('hex') } } })),
  });
  const boundary = ls.find((l) => l.path[l.path.length - 1] === 'boundary');
  // The input object that holds a boundary (PlotInput, FarmlandUnitInput, SolidWasteYardInput …); not every JSON
  // argument is one (importRemoteSensing takes a FeatureCollection).
  const plotInput = m.args.find((a) => getNamedType(a.type).name === 'PlotInput') ?? (boundary && boundary.path.length > 1 ? m.args.find((a) => a.name === boundary.path[0]) : undefined);
  if (plotInput && boundary) {
    const bowTie = { type: 'Polygon', coordinates: [[[111.78, 37.14], [111.79, 37.15], [111.79, 37.14], [111.78, 37.15], [111.78, 37.14]]] };
    const vars = { ...base, [plotInput.name]: { ...(base[plotInput.name] as object), boundary: bowTie, keyUnitId: undefined, formerCreditCode: undefined, currentUseCode: undefined, plotId: undefined } };
    cases.push({
      name: `${m.name}: self-intersecting boundary`, agency, expect: { code: 'BAD_USER_INPUT', field: `${plotInput.name}.boundary` },
      send: (t, token) => post(t, token, JSON.stringify({ query, variables: vars })),
    });
  }
}

/** Every export route and the parameters it reads (src/reports/export.routes.ts). */
const EXPORTS: [path: string, params: Record<string, string>][] = [
  ['/exports/joint-dispatch.xlsx', { quarter: '2025Q1', divisionCode: COUNTY, division: COUNTY }],
  ['/exports/joint-dispatch.csv', { quarter: '2025Q1', divisionCode: COUNTY, division: COUNTY }],
  ['/exports/reserve-tracker.xlsx', { year: '2025', divisionCode: COUNTY, division: COUNTY }],
  ['/exports/reserve-tracker.csv', { year: '2025', divisionCode: COUNTY, division: COUNTY }],
  ['/exports/problems.xlsx', { quarter: '2025Q1', divisionCode: COUNTY, division: COUNTY }],
  ['/exports/problems.csv', { quarter: '2025Q1', divisionCode: COUNTY, division: COUNTY }],
  ['/exports/farmland-indicator.xlsx', { quarter: '2025Q1', divisionCode: COUNTY, division: COUNTY }],
  ['/exports/farmland-indicator.csv', { quarter: '2025Q1', divisionCode: COUNTY, division: COUNTY }],
  ['/exports/joint-dispatch-cell.xlsx', { quarter: '2025Q1', divisionCode: COUNTY, division: COUNTY, cell: 'PLOTS_BY_STAGE', stage: 'SUSPECTED', countyCode: COUNTY }],
  ['/exports/joint-dispatch-cell.csv', { quarter: '2025Q1', divisionCode: COUNTY, division: COUNTY, cell: 'KEY_UNITS', countyCode: COUNTY }],
  ['/exports/zero-violation-review.xlsx', { quarter: '2025Q1', divisionCode: COUNTY, division: COUNTY }],
  ['/exports/zero-violation-review.csv', { asOf: '2025-03-31', divisionCode: COUNTY, division: COUNTY }],
  ['/exports/plots.geojson', { divisionCode: COUNTY, stages: 'SUSPECTED', landStatus: 'NONE', search: 'x', sensitivePlannedUse: 'true' }],
  ['/exports/solid-waste-yards.geojson', { divisionCode: COUNTY, division: COUNTY, includeClosed: 'true' }],
];
const get = async (t: TestApp, token: string, path: string): Promise<Answer> => {
  const res = await fetch(new URL(path, t.url), { headers: { authorization: `Bearer ${token}` } });
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') && !type.includes('geo+json') ? await res.json() : { bytes: (await res.arrayBuffer()).byteLength };
  return { status: res.status, body, headers: res.headers };
};
const query = (params: Record<string, string>, name: string, encoded: string) =>
  '?' + Object.entries(params).map(([k, v]) => `${k}=${k === name ? encoded : encodeURIComponent(v)}`).join('&');
for (const [path, params] of EXPORTS) {
  for (const name of Object.keys(params)) {
    cases.push({ name: `GET ${path} ${name}: NUL`, agency: 'ECO', expect: { code: 'BAD_USER_INPUT', field: name, status: 400 }, send: (t, token) => get(t, token, path + query(params, name, 'a%00b')) });
    cases.push({ name: `GET ${path} ${name}: lone surrogate`, agency: 'ECO', expect: { code: 'BAD_USER_INPUT', field: name, status: 400 }, send: (t, token) => get(t, token, path + query(params, name, 'a%ED%A0%80b')) });
    // Overlong and out-of-range values: whatever the route answers, it is not a server error.
    cases.push({ name: `GET ${path} ${name}: 4,000 characters`, agency: 'ECO', send: (t, token) => get(t, token, path + query(params, name, encodeURIComponent('长'.repeat(4000)))) });
    cases.push({ name: `GET ${path} ${name}: 99999999999`, agency: 'ECO', send: (t, token) => get(t, token, path + query(params, name, '99999999999')) });
  }
}
// OGC API – Features (src/ogc/): every items parameter, hostile, is a 400 (its own exception shape, { code, description }), never a 5xx.
const OGC_ITEMS: Record<string, string> = { bbox: '111,37,112,38', datetime: '2025-01-01/..', limit: '10', cursor: '1', 'bbox-crs': 'http://www.opengis.net/def/crs/OGC/1.3/CRS84', f: 'json' };
for (const collection of ['plots', 'vacated-sites']) {
  const path = `/ogc/collections/${collection}/items`;
  for (const name of Object.keys(OGC_ITEMS)) {
    for (const [label, encoded] of [['NUL', 'a%00b'], ['lone surrogate', 'a%ED%A0%80b'], ['4,000 characters', encodeURIComponent('长'.repeat(4000))], ['99999999999', '99999999999'], ['a huge number', '1e400']] as const) {
      cases.push({ name: `GET ${path} ${name}: ${label}`, agency: 'ECO', send: async (t, token) => {
        const r = await get(t, token, path + query(OGC_ITEMS, name, encoded));
        if (label === 'NUL' || label === 'lone surrogate') expect([r.status, r.body.code]).toEqual([400, 'InvalidParameterValue']);
        return r;
      } });
    }
  }
  for (const id of ['a%00b', '99999999999', '-1', encodeURIComponent('长'.repeat(1000))]) {
    cases.push({ name: `GET ${path}/${id.slice(0, 12)}: feature id`, agency: 'ECO', send: async (t, token) => {
      const r = await get(t, token, `${path}/${id}`);
      expect(r.status).toBe(404);
      return r;
    } });
  }
}
// GET /graphql carries the same text in its query parameters.
for (const [label, encoded, field] of [['NUL in variables', encodeURIComponent(JSON.stringify({ s: NUL })), 's'], ['escaped lone surrogate in variables', encodeURIComponent('{"s":"a\\ud800b"}'), 's'], ['encoded lone surrogate', 'a%ED%A0%80b', 'variables']] as const) {
  cases.push({
    name: `GET /graphql: ${label}`, agency: 'ECO', expect: { code: 'BAD_USER_INPUT', field, status: 400 },
    send: (t, token) => get(t, token, `/graphql?query=${encodeURIComponent('query($s: String) { plots(filter: { search: $s }) { totalCount } }')}&variables=${encoded}`),
  });
}
cases.push({
  name: `GET /graphql: ${MAX_JSON_DEPTH + 1} levels of nesting in variables`, agency: 'ECO', expect: { code: 'BAD_USER_INPUT', status: 400 },
  send: (t, token) => get(t, token, `/graphql?query=${encodeURIComponent('query($s: String) { plots(filter: { search: $s }) { totalCount } }')}&variables=${encodeURIComponent(`{"s":${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}}`)}`),
});

let t: TestApp;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp({ config: { ratePerMinute: 0 } });
  for (const a of AGENCIES) tokens[a] = await t.token(a, COUNTY);
}, 60_000);
afterAll(async () => { await t?.stop(); });

it('lists where every String and ID a mutation takes is stored (so its size is known)', () => {
  expect(unlistedInputs(schema)).toEqual([]);
});

it('has a case of every class for every mutation and export', () => {
  for (const m of MUTATIONS) {
    expect(cases.filter((c) => c.name.startsWith(`${m.name}:`) && /nesting|persisted/.test(c.name))).toHaveLength(2);
    expect(cases.some((c) => c.name.startsWith(`${m.name} `) && /NUL$/.test(c.name))).toBe(true);
  }
  for (const [path] of EXPORTS) expect(cases.filter((c) => c.name.startsWith(`GET ${path} `)).length).toBeGreaterThanOrEqual(12);
  // The count is reported by the test run (README, Hardening).
  console.log(`hostile-input table: ${cases.length} cases`);
});

it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
  const r = await c.send(t, tokens[c.agency], t.app.orm.em as EntityManager);
  const errors: { message: string; extensions?: { code?: string; field?: string } }[] = r.body?.errors ?? [];
  expect(r.status).toBeLessThan(500);
  expect(errors.map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
  if (c.expect) {
    expect(errors[0]?.extensions?.code).toBe(c.expect.code);
    if (typeof c.expect.field === 'string') expect(errors[0]?.extensions?.field).toBe(c.expect.field);
    else if (c.expect.field) expect(errors[0]?.extensions?.field).toMatch(c.expect.field);
    if (c.expect.status) expect(r.status).toBe(c.expect.status);
  }
});
