/**
 * THE compiled read path's guard (issue 18 part 2, "fall back, never differ"): every request is sent twice
 * on one app and one database, with the compiler on and off (config.compiler, SOILSHARE_COMPILER=off), and the
 * two HTTP answers must be the same bytes: status, content type and body (so the same data and the same
 * errors). Asked: every field of every compiled type alone, through every way in, and random selections
 * (fast-check: aliases, fragments, @include/@skip, __typename, variables), for all seven agencies at province,
 * city and county scope. A test below breaks one field's SQL and requires the comparison to see it.
 */
import fc from 'fast-check';
import { getNamedType, GraphQLObjectType, isLeafType, isNonNullType, isObjectType } from 'graphql';
import { startTestApp, TestApp } from '../helpers/app';
import { loadDemo } from '../../seeds/demo/load';
import { stats, CUSTOM_PLAN_FROM_ROWS } from '../../src/compiler/run';
import { MAX_PLAN_TEXT } from '../../src/compiler/plan-cache';
import { INLINE_COUNTIES_FROM, textArrayLit } from '../../src/compiler/statement';
import { TYPES } from '../../src/compiler/fields';
import { buildAppSchema } from '../../src/graphql/schema';
import { AGENCIES } from '../../src/modules/client/agency';
import { loadConfig } from '../../src/config';

jest.setTimeout(600_000);
let t: TestApp;
const SCOPES = { province: '140000', city: '141100', county: '141181' } as const;
const tokens: { agency: string; scope: string; token: string }[] = [];
const schema = buildAppSchema();

interface Answer { status: number; type: string | null; body: string }

async function ask(token: string, query: string, variables?: unknown, extra: Record<string, unknown> = {}): Promise<Answer> {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables, ...extra }),
  });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

/** Where two answers differ (null: the same bytes). The comparator of every test here. */
export function difference(on: Answer, off: Answer): string | null {
  if (on.status !== off.status) return `status ${on.status} vs ${off.status}`;
  if (on.type !== off.type) return `content-type ${on.type} vs ${off.type}`;
  if (on.body === off.body) return null;
  let i = 0;
  while (i < on.body.length && on.body[i] === off.body[i]) i++;
  return `body differs at ${i}: …${on.body.slice(Math.max(0, i - 80), i + 80)}… vs …${off.body.slice(Math.max(0, i - 80), i + 80)}…`;
}

/** The request on both paths; whether the compiled path answered it. */
async function both(token: string, query: string, variables?: unknown, extra?: Record<string, unknown>) {
  t.app.config.compiler = true;
  const before = stats.compiled;
  const on = await ask(token, query, variables, extra);
  const compiled = stats.compiled > before;
  t.app.config.compiler = false;
  const off = await ask(token, query, variables, extra);
  t.app.config.compiler = true;
  return { on, off, compiled, diff: difference(on, off) };
}

let checked = 0;
let compiledCount = 0;
async function same(token: string, query: string, variables?: unknown, extra?: Record<string, unknown>) {
  const r = await both(token, query, variables, extra);
  checked++;
  if (r.compiled) compiledCount++;
  if (r.diff) throw new Error(`${query} ${JSON.stringify(variables ?? {})}\n${r.diff}`);
  return r;
}

let plotId = '';
let plotCode = '';
let unitId = '';
let creditCode = '';
beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.app);
  for (const agency of AGENCIES) for (const [scope, code] of Object.entries(SCOPES)) tokens.push({ agency, scope, token: await t.token(agency, code, `diff-${agency}-${scope}`) });
  const eco = tokens[0].token;
  const r = JSON.parse((await ask(eco, `{ keyUnits(first: 200) { nodes { id creditCode plots { id plotCode } } } }`)).body);
  const unit = r.data.keyUnits.nodes.find((u: any) => u.plots.length);
  unitId = unit.id;
  creditCode = unit.creditCode;
  plotId = unit.plots[0].id;
  plotCode = unit.plots[0].plotCode;
});
afterAll(async () => t?.stop());

/** The smallest selection of a field: itself, or its first scalar field without arguments (else __typename). */
function alone(type: GraphQLObjectType, name: string): string | null {
  const f = type.getFields()[name];
  if (f.args.some((a) => isNonNullType(a.type))) return null;
  const target = getNamedType(f.type);
  if (isLeafType(target)) return name;
  const sub = isObjectType(target) ? Object.values(target.getFields()).find((x) => isLeafType(getNamedType(x.type)) && !x.args.length) : undefined;
  return `${name} { ${sub ? sub.name : '__typename'} }`;
}

/** Every way in to each compiled type: a query around a selection of that type. */
const ways: { type: string; wrap: (s: string) => string }[] = [
  { type: 'Plot', wrap: (s) => `{ plots(first: 12) { nodes { id ${s} } } }` },
  { type: 'Plot', wrap: (s) => `{ plot(id: "${plotId}") { ${s} } }` },
  { type: 'Plot', wrap: (s) => `{ keyUnit(id: "${unitId}") { plots { id ${s} } } }` },
  { type: 'KeyUnit', wrap: (s) => `{ keyUnits(first: 12) { nodes { id ${s} } } }` },
  { type: 'KeyUnit', wrap: (s) => `{ keyUnit(creditCode: "${creditCode}") { ${s} } }` },
  { type: 'KeyUnit', wrap: (s) => `{ plots(first: 12) { nodes { keyUnit { id ${s} } } } }` },
  { type: 'KeyUnit', wrap: (s) => `{ keyUnits(first: 20) { nodes { permits { keyUnit { ${s} } } } } }` },
  { type: 'DischargePermit', wrap: (s) => `{ keyUnits(first: 12) { nodes { permits { id ${s} } } } }` },
  { type: 'StageEvent', wrap: (s) => `{ plots(first: 12) { nodes { stageHistory { ${s} } } } }` },
  { type: 'Document', wrap: (s) => `{ plots(first: 12) { nodes { stageHistory { evidence { ${s} } } } } }` },
  { type: 'Document', wrap: (s) => `{ keyUnits(first: 12) { nodes { onePlantPolicy { ${s} } } } }` },
  { type: 'Division', wrap: (s) => `{ plots(first: 5) { nodes { county { ${s} parent { ${s} } } } } }` },
  { type: 'Division', wrap: (s) => `{ me { division { ${s} } } }` },
  { type: 'LandUse', wrap: (s) => `{ plots(first: 12) { nodes { plannedUse { ${s} } currentUse { ${s} } } } }` },
  { type: 'Point', wrap: (s) => `{ plots(first: 12) { nodes { centroid { ${s} } } } }` },
  { type: 'HiddenDangerCheck', wrap: (s) => `{ keyUnits(first: 12) { nodes { hiddenDangerChecks { ${s} } } } }` },
  { type: 'MonitoringRecord', wrap: (s) => `{ keyUnits(first: 12) { nodes { monitoringRecords { ${s} } } } }` },
  { type: 'Obligation', wrap: (s) => `{ keyUnits(first: 12) { nodes { id obligations { ${s} } } } }` },
  { type: 'Change', wrap: (s) => `{ changes(first: 50) { nodes { ${s} } } }` },
  { type: 'PlotConnection', wrap: (s) => `{ plots(first: 7) { ${s} } }` },
  { type: 'KeyUnitConnection', wrap: (s) => `{ keyUnits(first: 7) { ${s} } }` },
  { type: 'ChangeConnection', wrap: (s) => `{ changes(first: 7) { ${s} } }` },
  { type: 'PageInfo', wrap: (s) => `{ plots(first: 3) { pageInfo { ${s} } } }` },
  { type: 'Principal', wrap: (s) => `{ me { ${s} } }` },
];

describe('the switch', () => {
  it('SOILSHARE_COMPILER=off turns the compiled read path off; it is on by default', () => {
    expect(loadConfig({ SOILSHARE_COMPILER: 'off' } as NodeJS.ProcessEnv, []).compiler).toBe(false);
    expect(loadConfig({} as NodeJS.ProcessEnv, []).compiler).toBe(true);
  });
});

describe('the comparator', () => {
  it('sees one changed value, a changed status and a changed content type', () => {
    const a: Answer = { status: 200, type: 'application/json; charset=utf-8', body: '{"data":{"plot":{"name":"孝义焦化"}}}\n' };
    expect(difference(a, { ...a })).toBeNull();
    expect(difference(a, { ...a, body: a.body.replace('焦化', '焦炭') })).toMatch(/body differs/);
    expect(difference(a, { ...a, body: a.body.replace('\n', '') })).toMatch(/body differs/);
    expect(difference(a, { ...a, status: 400 })).toMatch(/status/);
    expect(difference(a, { ...a, type: 'application/graphql-response+json; charset=utf-8' })).toMatch(/content-type/);
  });
});

describe('compiled and resolver paths answer the same bytes', () => {
  it('the demo has rows on every way in, and the compiled path answers them', async () => {
    const eco = tokens[0].token;
    const r = await same(eco, `{ plots(first: 30) { totalCount nodes { id keyUnit { id } stageHistory { evidence { title } } centroid { lon } plannedUse { code } } }
      keyUnits(first: 30) { nodes { permits { id keyUnit { id } } plots { id } hiddenDangerChecks { id } monitoringRecords { id } obligations { kind } onePlantPolicy { title } } }
      changes(first: 50) { nodes { fields } } me { clientName } }`);
    expect({ compiled: r.compiled, why: r.compiled ? '' : stats.lastWhy }).toEqual({ compiled: true, why: '' });
    const d = JSON.parse(r.on.body).data;
    for (const has of [(p: any) => p.keyUnit, (p: any) => p.stageHistory.some((e: any) => e.evidence), (p: any) => p.centroid, (p: any) => p.plannedUse]) expect(d.plots.nodes.some(has)).toBe(true);
    for (const has of [(u: any) => u.permits.some((p: any) => p.keyUnit), (u: any) => u.plots.length, (u: any) => u.hiddenDangerChecks.length, (u: any) => u.monitoringRecords.length, (u: any) => u.obligations.length]) {
      expect(d.keyUnits.nodes.some(has)).toBe(true);
    }
    expect(d.keyUnits.nodes.some((u: any) => u.onePlantPolicy)).toBe(true);
    expect(d.changes.nodes.length).toBeGreaterThan(0);
  });

  it('every field of every compiled type alone: every way in for the 7 agencies at province scope, the first way in to each type at city and county scope for ECO and HOUSING', async () => {
    const queries: string[] = [];
    for (const w of ways) {
      const type = schema.getType(w.type) as GraphQLObjectType;
      for (const name of Object.keys(type.getFields())) {
        const sel = alone(type, name);
        if (sel) queries.push(w.wrap(sel));
      }
      queries.push(w.wrap('__typename'));
    }
    // Every way in for each agency at province scope; the first way in to each type also at city and county
    // scope for two agencies of different rights (the random selections below take every token).
    const firstWays = new Set<string>();
    const firstQueries: string[] = [];
    for (const w of ways) {
      if (firstWays.has(w.type)) continue;
      firstWays.add(w.type);
      const type = schema.getType(w.type) as GraphQLObjectType;
      for (const name of Object.keys(type.getFields())) {
        const sel = alone(type, name);
        if (sel) firstQueries.push(w.wrap(sel));
      }
    }
    const start = compiledCount;
    let asked = 0;
    for (const { token, scope, agency } of tokens) {
      const qs = scope === 'province' ? queries : agency === 'ECO' || agency === 'HOUSING' ? firstQueries : [];
      for (const q of qs) await same(token, q);
      asked += qs.length;
    }
    // most of them are compiled (the rest: fields not compiled, or refused to the agency)
    expect(compiledCount - start).toBeGreaterThan(asked * 0.3);
  });

  it('the compiled types cover what the field table says (every field in TYPES exists in the schema)', () => {
    for (const [type, fields] of Object.entries(TYPES)) {
      const t2 = schema.getType(type) as GraphQLObjectType;
      expect(t2).toBeDefined();
      for (const f of Object.keys(fields)) expect(`${type}.${f} ${!!t2.getFields()[f]}`).toBe(`${type}.${f} true`);
    }
  });

  it('arguments, pages, variables, errors: the same answer', async () => {
    const eco = tokens[0].token;
    const page = `query($first: Int, $after: String) { plots(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id name } } }`;
    let after: string | null = null;
    for (let i = 0; i < 4; i++) {
      const r = await same(eco, page, { first: 4, after });
      expect({ compiled: r.compiled, why: r.compiled ? '' : stats.lastWhy }).toEqual({ compiled: true, why: '' });
      after = JSON.parse(r.on.body).data.plots.pageInfo.endCursor;
    }
    for (const vars of [{ first: 0 }, { first: -1 }, { first: 5000 }, { after: 'bogus' }, { after: '' }, { first: 'x' }, { first: 2.5 }, { after: 'YzoxMjM0NTY3ODkwMTIzNDU2Nzg5' }]) await same(eco, page, vars);
    await same(eco, `{ plots(first: 3, filter: {}) { nodes { id } } }`);
    await same(eco, `{ plots(first: 3, filter: { divisionCode: null }) { nodes { id } } }`);
    await same(eco, `{ plots(first: 3, filter: { stages: [LISTED] }) { nodes { id } } }`);
    for (const args of [`id: "${plotId}"`, `id: "abc"`, `id: "9999999"`, `id: "1234567890"`, `plotCode: " ${plotCode} "`, `plotCode: "nope"`, ``, `id: "${plotId}", plotCode: "nope"`]) {
      await same(eco, `{ plot${args ? `(${args})` : ''} { id name stage } }`);
    }
    for (const args of [`id: "${unitId}"`, `creditCode: "${creditCode}"`, `id: "x"`, ``]) await same(eco, `{ keyUnit${args ? `(${args})` : ''} { id name inPermitManagement } }`);
    const changes = `query($first: Int, $after: String) { changes(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { cursor at agency clientName entity entityId action fields } } }`;
    for (const vars of [{}, { first: 3 }, { first: 0 }, { first: 0, after: '' }, { after: 'bogus' }, { first: 2, after: 'YzoxMA' }, { first: 2, after: 'YzoxMDAwMDAw' }]) {
      for (const { token } of tokens) await same(token, changes, vars);
    }
    // several operations, a chosen one; a mutation; a missing variable; an unknown field; too deep
    const two = `query A { me { agency } } query B { plots(first: 2) { nodes { id } } }`;
    await same(eco, two, {}, { operationName: 'B' });
    await same(eco, two, {}, { operationName: 'C' });
    await same(eco, two);
    await same(eco, `query($id: ID!) { plot(id: $id) { id } }`, {});
    await same(eco, `{ plots { nodes { nope } } }`);
    await same(eco, `{ plots(first: 1) { nodes { keyUnit { plots { keyUnit { plots { keyUnit { plots { keyUnit { plots { keyUnit { plots { id } } } } } } } } } } } } }`);
    await same(eco, `mutation { recordHiddenDangerCheck(keyUnitId: "0", completedOn: "2025-01-01", rectified: true) { id } }`);
    await same(eco, `{ __schema { queryType { name } } }`);
    await same(eco, `{ __typename a: plots(first: 1) { nodes { id } } b: plots(first: 2) { totalCount } }`);
  });

  it('random selections (fast-check) for every agency and scope', async () => {
    const field = (type: GraphQLObjectType, depth: number): fc.Arbitrary<string> => {
      const names = Object.keys(TYPES[type.name] ?? {}).filter((n) => !type.getFields()[n].args.length);
      const one = fc.constantFrom(...names, '__typename').chain((name): fc.Arbitrary<string> => {
        if (name === '__typename') return fc.constant(name);
        const target = getNamedType(type.getFields()[name].type);
        if (isLeafType(target)) return fc.constant(name);
        if (depth >= 3 || !isObjectType(target) || !TYPES[target.name]) return fc.constant(`${name} { __typename }`);
        return selection(target, depth + 1).map((s) => `${name} { ${s} }`);
      });
      return fc.tuple(one, fc.option(fc.constantFrom('x', 'y', 'z'), { freq: 4 }), fc.constantFrom('', '', '', ' @include(if: true)', ' @skip(if: true)', ' @include(if: false)'))
        .map(([f, alias, dir]) => {
          const [head, ...rest] = f.split(' ');
          return `${alias ? `${alias}: ` : ''}${head}${dir}${rest.length ? ' ' + rest.join(' ') : ''}`;
        });
    };
    const selection = (type: GraphQLObjectType, depth: number): fc.Arbitrary<string> =>
      fc.array(field(type, depth), { minLength: 1, maxLength: 5 }).chain((fs) =>
        fc.constantFrom('plain', 'inline', 'plain').map((how) => (how === 'inline' ? `... on ${type.name} { ${fs.join(' ')} }` : fs.join(' '))));
    const T = (n: string) => schema.getType(n) as GraphQLObjectType;
    const query = fc.oneof(
      selection(T('Plot'), 1).map((s) => ({ q: `query($first: Int) { plots(first: $first) { totalCount pageInfo { endCursor hasNextPage } nodes { ${s} } } }`, v: { first: 12 } })),
      selection(T('KeyUnit'), 1).map((s) => ({ q: `query($first: Int) { keyUnits(first: $first) { nodes { ${s} } } }`, v: { first: 12 } })),
      selection(T('Plot'), 1).map((s) => ({ q: `query($id: ID) { plot(id: $id) { ...f } } fragment f on Plot { ${s} }`, v: { id: plotId } })),
      selection(T('KeyUnit'), 1).map((s) => ({ q: `{ keyUnit(id: "${unitId}") { ${s} } me { clientName division { name } } }`, v: {} })),
      selection(T('Change'), 1).map((s) => ({ q: `{ changes(first: 20) { nodes { ${s} } } }`, v: {} })),
    );
    await fc.assert(
      fc.asyncProperty(query, fc.integer({ min: 0, max: tokens.length - 1 }), async ({ q, v }, i) => {
        const r = await both(tokens[i].token, q, v);
        checked++;
        if (r.compiled) compiledCount++;
        if (r.diff) throw new Error(`${tokens[i].agency}/${tokens[i].scope} ${q}\n${r.diff}`);
      }),
      { numRuns: 150, seed: 18 },
    );
  });

  it('a GET request, a persisted query and an Accept header the compiler does not serve go to Apollo, the same', async () => {
    const eco = tokens[0].token;
    const q = `{ plots(first: 2) { nodes { id } } }`;
    const get = async () => {
      const res = await fetch(`${t.url}?query=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${eco}`, 'apollo-require-preflight': 'true' } });
      return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
    };
    const before = stats.compiled;
    const g = await get();
    expect(g.status).toBe(200);
    expect(stats.compiled).toBe(before);
    t.app.config.compiler = false;
    expect(difference(g, await get())).toBeNull();
    t.app.config.compiler = true;
    const accept = async () => {
      const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${eco}` }, body: JSON.stringify({ query: q }) });
      return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
    };
    const a = await accept();
    t.app.config.compiler = false;
    expect(difference(a, await accept())).toBeNull();
    t.app.config.compiler = true;
  });

  it('breaking one field\'s SQL makes the comparison fail', async () => {
    const eco = tokens[0].token;
    const q = `{ plots(first: 5) { nodes { id name } } }`;
    expect((await both(eco, q)).diff).toBeNull();
    const original = TYPES.Plot.name;
    TYPES.Plot.name = { scalar: (row) => `${row.col('name')} || '·'` };
    t.app.plans.clear();
    try {
      const r = await both(eco, q);
      expect(r.compiled).toBe(true);
      expect(r.diff).toMatch(/body differs/);
    } finally {
      TYPES.Plot.name = original;
      t.app.plans.clear();
    }
    expect((await both(eco, q)).diff).toBeNull();
  });

  it('the switch: with the compiler off nothing is compiled', async () => {
    t.app.config.compiler = false;
    const before = stats.compiled;
    await ask(tokens[0].token, `{ plots(first: 2) { nodes { id } } }`);
    expect(stats.compiled).toBe(before);
    t.app.config.compiler = true;
    await ask(tokens[0].token, `{ plots(first: 2) { nodes { id } } }`);
    expect(stats.compiled).toBe(before + 1);
  });

  it('a compiled read is one round trip: the scope setting and the one statement, pipelined (the token is cached)', async () => {
    const eco = tokens[0].token;
    const q = `{ plots(first: 50) { totalCount pageInfo { endCursor } nodes { id name county { name } keyUnit { name permits { permitNo status } obligations { kind } } stageHistory { to effectiveOn } } } }`;
    await ask(eco, q); // the token's principal cached, the plan compiled
    const { statements, roundTrips, aside, sql } = await t.countStatements(() => ask(eco, q));
    const reads = sql.filter((s) => !/^\s*(begin|commit)\b/i.test(s) && !/set_config\(|api_client/i.test(s));
    // (a rate-limit claim, when this request spends its batch's last unit, is a round trip of its own: aside)
    expect({ statements, roundTrips: roundTrips - aside, reads: reads.length, sql: sql.map((x) => x.slice(0, 45)) }).toEqual({
      statements: 2, roundTrips: 1, reads: 1, sql: [expect.stringMatching(/^select set_config\('soilshare.scope'/), expect.stringMatching(/^select /)],
    });
    t.app.config.compiler = false;
    const off = await t.countStatements(() => ask(eco, q));
    t.app.config.compiler = true;
    expect(off.statements).toBeGreaterThan(2);
    expect(off.roundTrips).toBeGreaterThan(1);
  });

  it('plan modes: with the counties a parameter (a county token) a page of 100 rows or more is planned for its values and a smaller one left to PostgreSQL; with them a constant (a province token) every page runs on the generic plan; the answers are the resolvers\' either way', async () => {
    const eco = (scope: string) => tokens.find((x) => x.agency === 'ECO' && x.scope === scope)!.token;
    const q = `query P($first: Int) { plots(first: $first) { nodes { id name stageHistory { to } } pageInfo { hasNextPage endCursor } } }`;
    const settingOf = async (token: string, query: string, variables?: Record<string, unknown>) => {
      await same(token, query, variables);
      const { sql } = await t.countStatements(() => ask(token, query, variables));
      return sql.find((s) => /set_config\('soilshare.scope'/.test(s)) ?? '';
    };
    const county = eco('county');
    expect(await settingOf(county, q, { first: CUSTOM_PLAN_FROM_ROWS })).toMatch(/set_config\('plan_cache_mode', 'force_custom_plan', true\)/);
    expect(await settingOf(county, q, { first: CUSTOM_PLAN_FROM_ROWS - 1 })).not.toMatch(/plan_cache_mode/);
    // the change feed's default page is 100
    expect(await settingOf(county, `{ changes { nodes { cursor } } }`)).toMatch(/'force_custom_plan'/);
    const province = eco('province');
    for (const first of [CUSTOM_PLAN_FROM_ROWS, 3]) {
      expect(await settingOf(province, q, { first })).toMatch(/set_config\('plan_cache_mode', 'force_generic_plan', true\)/);
    }
    expect(await settingOf(province, `{ changes { nodes { cursor } } }`)).toMatch(/'force_generic_plan'/);
  });

  it('a scope of 9 counties or more is written into the statement as a constant (one statement per such scope), fewer are its last parameter; the answers are the resolvers\' either way', async () => {
    const q = `{ plots(first: 5) { nodes { id county { name } keyUnit { name permits { permitNo status } } } pageInfo { endCursor } } }`;
    const eco = (scope: string) => tokens.find((x) => x.agency === 'ECO' && x.scope === scope)!.token;
    const readOf = async (token: string) => {
      expect((await same(token, q)).compiled).toBe(true);
      const { sql, bindings } = await t.countStatements(() => ask(token, q));
      const i = sql.findIndex((s) => /^select '\{"data"/.test(s));
      return { sql: sql[i], bindings: bindings[i] };
    };
    const cityCounties = t.app.cache.countiesUnder(SCOPES.city);
    expect(cityCounties.length).toBeGreaterThanOrEqual(INLINE_COUNTIES_FROM);
    const city = await readOf(eco('city'));
    const province = await readOf(eco('province'));
    const county = await readOf(eco('county'));
    expect(city.sql).toContain(`t.county_code = any(${textArrayLit(cityCounties)})`);
    expect(city.bindings.filter(Array.isArray)).toEqual([]);
    expect(province.sql).toContain(textArrayLit(t.app.cache.countiesUnder(SCOPES.province)));
    expect(province.sql).not.toBe(city.sql);
    expect(county.sql).not.toMatch(/'\{"\d+"/);
    expect(county.sql).toMatch(/t\.county_code = any\(\$\d+::text\[\]\)/);
    expect(county.bindings[county.bindings.length - 1]).toEqual([SCOPES.county]);
  });

  it('a document longer than the plan cache keeps is answered by the resolvers, with the same bytes', async () => {
    const eco = tokens[0].token;
    const q = `# ${'x'.repeat(MAX_PLAN_TEXT)}\n{ plots(first: 3) { nodes { id name } } }`;
    const r = await same(eco, q);
    expect({ compiled: r.compiled, status: r.on.status, data: JSON.parse(r.on.body).data.plots.nodes.length }).toEqual({ compiled: false, status: 200, data: 3 });
  });

  afterAll(() => {
    // eslint-disable-next-line no-console
    console.log(`differential: ${checked} requests compared, ${compiledCount} of them answered by the compiled path`);
  });
});
