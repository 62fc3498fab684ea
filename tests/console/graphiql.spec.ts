/**
 * What the console's GraphiQL and map ask of the server (issue 19, parts 1 and 4): GET /graphql from a browser
 * goes to /console/graphiql (API clients unchanged); /graphiql/schema.json is the schema as the token may use
 * it, and follows the introspection setting; every example operation of every agency validates against that
 * agency's schema and runs with its token without FORBIDDEN (the change feed's subscription through the console's
 * fetcher, over graphql-ws, as GraphiQL runs it); /geo/counties.geojson gives the outlines of the
 * token's counties only, with their source and datum; an outline file in another datum stops the boot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildClientSchema, getOperationAST, GraphQLObjectType, IntrospectionQuery, parse, validate, validateSchema } from 'graphql';
import { startTestApp, TestApp } from '../helpers/app';
import { writeTestOutlines, removeTestOutlines } from '../helpers/county-outlines';
import WebSocket from 'ws';
import { AGENCIES, examplesFor, lastQuarter, plotQuery, type Agency } from '../../web/src/graphiql/examples';
import { createConsoleFetcher } from '../../web/src/graphiql/fetcher';
import { DEFAULT_POLICY } from '../../src/auth/policy';
import { loadCountyBoundaries } from '../../src/geo/counties';
import { creditCode } from '../waste/helpers';

const CITY = '141100'; // 吕梁市
const XIAOYI = '141181';

describe('GraphiQL and the map: the server side', () => {
  let t: TestApp;
  let outlines: string | undefined;
  let origin: string;
  const tokens = {} as Record<Agency, string>;
  let xiaoyiEco: string;
  let plot: { id: string; plotCode: string };
  let unit: { id: string };
  let yard: { id: string };
  let policeCase: { id: string };

  beforeAll(async () => {
    outlines = writeTestOutlines([{ code: '140702', name: '榆次区（范围外）', box: [112.6, 37.6, 112.8, 37.75] }]);
    t = await startTestApp({ config: { countyBoundariesFile: outlines } });
    origin = new URL(t.url).origin;
    for (const a of AGENCIES) tokens[a] = await t.token(a, CITY);
    xiaoyiEco = await t.token('ECO', XIAOYI);
    const r = await t.gql(tokens.ECO, `mutation($i: PlotInput!) { registerPlot(input: $i) { id plotCode } }`, {
      i: { name: '示例地块（GraphiQL 测试）', countyCode: XIAOYI, source: 'KEY_INDUSTRY_SURVEY', centroid: { lon: 111.77, lat: 37.15 }, identifiedOn: '2025-05-01' },
    });
    expect(r.errors).toBeUndefined();
    plot = r.data.registerPlot;
    // A farmland unit for AGRICULTURE's write (a category adjustment).
    const u = await t.gql(tokens.AGRICULTURE, `mutation($i: FarmlandUnitInput!) { registerFarmlandUnit(input: $i) { id } }`, {
      i: { code: 'GRAPHIQL-TEST-1', name: '示例耕地图斑（GraphiQL 测试）', countyCode: XIAOYI, category: 'PRIORITY_PROTECTION', areaM2: 12000, registeredOn: '2025-05-01' },
    });
    expect(u.errors).toBeUndefined();
    unit = u.data.registerFarmlandUnit;
    // A solid-waste yard for EMERGENCY's write (its safety procedure), a case referred to the police for PUBLIC_SECURITY's (its feedback).
    const y = await t.gql(tokens.ECO, `mutation($i: SolidWasteYardInput!) { registerSolidWasteYard(input: $i) { id } }`, {
      i: { name: '示例固废堆场（GraphiQL 测试）', countyCode: XIAOYI, operatorName: '示例煤业有限公司', operatorCreditCode: creditCode('141181'), registeredOn: '2025-05-01', centroid: { lon: 111.76, lat: 37.14 } },
    });
    expect(y.errors).toBeUndefined();
    yard = y.data.registerSolidWasteYard;
    const c = await t.gql(tokens.ECO, `mutation($i: CaseInput!) { openCase(input: $i) { id version } }`, {
      i: { caseNo: '孝环立〔示例〕GraphiQL号', countyCode: XIAOYI, openedOn: '2025-06-01', party: '示例企业', facts: '示例事实', plotId: plot.id },
    });
    expect(c.errors).toBeUndefined();
    const referred = await t.gql(tokens.ECO, `mutation($id: ID!, $v: Int!) { referCaseToPolice(id: $id, expectedVersion: $v, referredOn: "2025-06-10", receivingUnit: "孝义市公安局") { id } }`,
      { id: c.data.openCase.id, v: c.data.openCase.version });
    expect(referred.errors).toBeUndefined();
    policeCase = referred.data.referCaseToPolice;
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    removeTestOutlines(outlines);
  });

  const view = async (token: string): Promise<IntrospectionQuery> => {
    const res = await fetch(`${origin}/graphiql/schema.json`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: IntrospectionQuery }).data;
  };
  const fields = (q: IntrospectionQuery, type: string) => {
    const s = buildClientSchema(q);
    const ty = s.getType(type) as GraphQLObjectType | undefined;
    return ty ? Object.keys(ty.getFields()) : [];
  };

  /** The console's GraphiQL fetcher (web/src/graphiql/fetcher.ts) for a token, in Node (ws for the socket). */
  const consoleFetcher = (token: string) => createConsoleFetcher({
    url: t.url,
    wsUrl: t.url.replace(/^http/, 'ws'),
    token: () => token,
    http: async (params) => (await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(params) })).json(),
    webSocketImpl: WebSocket,
  });
  let written = 0;
  /**
   * Runs a subscription as GraphiQL does (the fetcher, no operationName, no parsed document): `after` the feed's
   * end as the token sees it, then a plot is written (by ECO, in 孝义市). What `changes` lists after that
   * cursor is what the subscription must send (whether it is registered before the write commits or after):
   * its first event; an agency whose feed does not list plots gets nothing — and no error — within 1.5 s.
   */
  const subscribeOnce = async (token: string, query: string, variables: Record<string, unknown>): Promise<{ errors?: unknown; data?: any; quiet?: true }> => {
    const feed = async (after: string | null) => {
      const r = await t.gql(token, `query($after: String) { changes(after: $after, first: 1000) { nodes { cursor entityId } pageInfo { endCursor hasNextPage } } }`, { after });
      expect(r.errors).toBeUndefined();
      expect(r.data.changes.pageInfo.hasNextPage).toBe(false);
      return r.data.changes;
    };
    const after = (await feed(null)).pageInfo.endCursor ?? null;
    const { fetcher, dispose } = consoleFetcher(token);
    try {
      const result = await fetcher({ query, variables: { ...variables, after } });
      const it = (result as AsyncIterable<any>)[Symbol.asyncIterator]();
      const next = it.next();
      const w = await t.gql(tokens.ECO, `mutation($i: PlotInput!) { registerPlot(input: $i) { id } }`, {
        i: { name: `订阅示例地块${++written}（GraphiQL 测试）`, countyCode: XIAOYI, source: 'KEY_INDUSTRY_SURVEY', centroid: { lon: 111.77, lat: 37.15 }, identifiedOn: '2025-05-02' },
      });
      expect(w.errors).toBeUndefined();
      const listed = (await feed(after)).nodes;
      let timer: NodeJS.Timeout | undefined;
      const got = await Promise.race([next, new Promise<'quiet'>((r) => { timer = setTimeout(() => r('quiet'), listed.length ? 10_000 : 1_500); })]);
      clearTimeout(timer);
      await it.return?.();
      if (!listed.length) {
        expect(got).toBe('quiet');
        return { quiet: true };
      }
      expect(got).not.toBe('quiet');
      const value = (got as IteratorResult<any>).value;
      expect(value?.data?.changeAdded?.cursor).toBe(listed[0].cursor);
      return value;
    } finally {
      await dispose();
    }
  };

  test('GET /graphql from a browser redirects to the console\'s GraphiQL; API clients are answered as before', async () => {
    const html = await fetch(`${origin}/graphql`, { redirect: 'manual', headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(html.status).toBe(302);
    expect(html.headers.get('location')).toBe('/console/graphiql');
    // JSON clients: unchanged (401 without a token, the answer with one).
    const json = await fetch(`${origin}/graphql`, { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(json.status).toBe(401);
    expect(((await json.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // A GET carrying an operation is an API request whatever it accepts: never redirected, never Apollo's CDN landing
    // page; Apollo's CSRF check still wants a preflight header on a GET.
    const get = (headers: Record<string, string>) => fetch(`${origin}/graphql?query=${encodeURIComponent('{ me { agency } }')}`, { redirect: 'manual', headers: { authorization: `Bearer ${tokens.ECO}`, ...headers } });
    const htmlGet = await get({ accept: 'text/html' });
    expect(htmlGet.status).toBe(400);
    expect(htmlGet.headers.get('content-type')).toMatch(/json/);
    const preflighted = await get({ accept: 'text/html, application/json;q=0.9', 'apollo-require-preflight': 'true' });
    expect(preflighted.status).toBe(200);
    expect(((await preflighted.json()) as any).data.me.agency).toBe('ECO');
  });

  test('the schema view: what each agency may use, a valid schema for every agency; no token → 401', async () => {
    expect((await fetch(`${origin}/graphiql/schema.json`)).status).toBe(401);
    const eco = await view(tokens.ECO);
    expect(fields(eco, 'Query')).toEqual(expect.arrayContaining(['jointDispatchReport', 'plots', 'auditLog', 'reserveTracker']));
    expect(fields(eco, 'KeyUnit')).toContain('contactPhone');
    expect(fields(eco, 'Mutation')).toEqual(expect.arrayContaining(['advancePlotStage', 'registerPlot']));

    const housing = await view(tokens.HOUSING);
    expect(fields(housing, 'Query')).toEqual(expect.arrayContaining(['plots', 'problems', 'violations']));
    expect(fields(housing, 'Query')).not.toEqual(expect.arrayContaining(['jointDispatchReport']));
    for (const f of ['jointDispatchReport', 'reserveTracker', 'reserveProjects', 'auditLog', 'dischargePermits']) expect(fields(housing, 'Query')).not.toContain(f);
    expect(fields(housing, 'KeyUnit')).not.toContain('contactPhone');
    expect(fields(housing, 'Plot')).not.toContain('reserveProjects');
    expect(fields(housing, 'Mutation')).toContain('reportConstructionStarted');
    expect(fields(housing, 'Mutation')).not.toContain('advancePlotStage');
    expect(buildClientSchema(housing).getType('ReserveTracker')).toBeUndefined();

    // The police write only their feedback on the cases referred to them, and read no plots.
    const police = await view(tokens.PUBLIC_SECURITY);
    expect(fields(police, 'Mutation')).toEqual(['recordPoliceFeedback']);
    expect(fields(police, 'Query')).toEqual(expect.arrayContaining(['me', 'divisions', 'landUses', 'cases']));
    expect(fields(police, 'Query')).not.toContain('plots');
    // The audit log is read at city or province scope only: a county ECO token's docs leave it out.
    expect(fields(await view(xiaoyiEco), 'Query')).not.toContain('auditLog');

    for (const a of AGENCIES) expect(validateSchema(buildClientSchema(await view(tokens[a])))).toEqual([]);
  });

  test('every example of every agency validates against that agency\'s schema and runs with its token: no FORBIDDEN', async () => {
    const ctx = { divisionCode: CITY, quarter: lastQuarter('2025-11-28'), today: '2025-11-28' };
    expect(ctx.quarter).toBe('2025Q3');
    const writes = (a: Agency) => Object.values(DEFAULT_POLICY).some((row) => row[a] === 'write');
    const readsQuarterly = (a: Agency) => DEFAULT_POLICY.jointDispatchReport[a] !== 'none' || DEFAULT_POLICY.problemList[a] !== 'none';
    const readsFeed = (a: Agency) => DEFAULT_POLICY.exports[a] !== 'none';
    expect(AGENCIES.filter(readsFeed).length).toBeGreaterThan(0);
    expect(AGENCIES.filter((a) => !readsFeed(a)).length).toBeGreaterThan(0);
    let ran = 0;
    const quiet: Agency[] = []; // subscribed without error, but plots are not in their feed
    for (const agency of AGENCIES) {
      const set = examplesFor(agency, ctx);
      const kinds = set.examples.map((e) => e.kind);
      // A first query for everyone; the quarterly report and a write exactly where the policy gives them, and the page says why not.
      expect(kinds).toContain('first');
      expect(kinds.includes('quarterly')).toBe(readsQuarterly(agency));
      expect(kinds.includes('write')).toBe(writes(agency));
      expect(kinds.includes('subscription')).toBe(readsFeed(agency));
      for (const k of ['quarterly', 'write', 'subscription'] as const) expect(kinds.includes(k) || set.missing.some((m) => m.kind === k)).toBe(true);

      const schema = buildClientSchema(await view(tokens[agency]));
      for (const ex of set.examples) {
        const doc = parse(ex.query);
        expect({ agency, title: ex.title, errors: validate(schema, doc).map((e) => e.message) }).toEqual({ agency, title: ex.title, errors: [] });
        let variables = ex.variables;
        if (ex.kind === 'subscription') {
          expect(getOperationAST(doc)?.operation).toBe('subscription');
          const got = await subscribeOnce(tokens[agency], ex.query, variables);
          expect({ agency, title: ex.title, errors: got.errors }).toEqual({ agency, title: ex.title, errors: undefined });
          if (got.quiet) quiet.push(agency);
          else expect(got.data.changeAdded).toEqual(expect.objectContaining({ cursor: expect.any(String), entity: 'Plot', action: expect.any(String) }));
          ran++;
          continue;
        }
        if (ex.kind === 'write' && 'yardId' in variables) {
          const cur = await t.gql(tokens[agency], `{ solidWasteYard(id: "${yard.id}") { id version } }`);
          variables = { ...variables, yardId: cur.data.solidWasteYard.id, expectedVersion: cur.data.solidWasteYard.version };
        } else if (ex.kind === 'write' && agency === 'PUBLIC_SECURITY') {
          const cur = await t.gql(tokens[agency], `{ case(id: "${policeCase.id}") { id version } }`);
          variables = { ...variables, id: cur.data.case.id, expectedVersion: cur.data.case.version };
        } else if (ex.kind === 'write' && 'unitId' in variables) {
          // As a person would: the farmland unit's id and current version from a query, then the write.
          const cur = await t.gql(tokens[agency], `{ farmlandUnit(id: "${unit.id}") { id version } }`);
          variables = { ...variables, unitId: cur.data.farmlandUnit.id, expectedVersion: cur.data.farmlandUnit.version };
        } else if (ex.kind === 'write') {
          // As a person would: the plot's id and current version from a query, then the write.
          const cur = await t.gql(tokens.ECO, `{ plot(id: "${plot.id}") { id version } }`);
          variables = { ...variables, plotId: cur.data.plot.id, expectedVersion: cur.data.plot.version };
        }
        const r = await t.gql(tokens[agency], ex.query, variables);
        const codes = (r.errors ?? []).map((e) => e.extensions?.code);
        expect({ agency, title: ex.title, forbidden: codes.filter((c) => c === 'FORBIDDEN' || c === 'GRAPHQL_VALIDATION_FAILED' || c === 'BAD_USER_INPUT') }).toEqual({ agency, title: ex.title, forbidden: [] });
        if (ex.kind !== 'write') expect({ agency, title: ex.title, errors: r.errors }).toEqual({ agency, title: ex.title, errors: undefined });
        if (ex.kind === 'write' && agency === 'ECO') expect(r.data.advancePlotStage.stage).toBe('UNDER_INVESTIGATION');
        if (ex.kind === 'write' && agency === 'EMERGENCY') expect(r.data.recordYardSafetyProcedure.safetyProcedure).toMatchObject({ documentNo: '应急安评〔示例〕1号' });
        if (ex.kind === 'write' && agency === 'PUBLIC_SECURITY') expect(r.data.recordPoliceFeedback.policeFeedback).toBe('已受理，正在审查（示例）');
        if (ex.kind === 'write' && agency === 'AGRICULTURE') expect(r.data.recordFarmlandCategoryChange).toMatchObject({ from: 'PRIORITY_PROTECTION', to: 'STRICT_CONTROL', approvedOn: null });
        ran++;
      }
    }
    expect(ran).toBe(AGENCIES.map((a) => examplesFor(a, ctx).examples.length).reduce((x, y) => x + y, 0));
    // Most agencies that may subscribe received the plot written meanwhile (the others do not read plots' changes).
    expect(quiet.length).toBeLessThan(AGENCIES.filter(readsFeed).length / 2);
    // The map's link: the plot's query, for every agency that reads plots.
    const pq = plotQuery(plot.plotCode);
    for (const a of ['ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS', 'AGRICULTURE'] as Agency[]) {
      const r = await t.gql(tokens[a], pq.query, pq.variables);
      expect({ a, errors: r.errors }).toEqual({ a, errors: undefined });
      expect(r.data.plot.plotCode).toBe(plot.plotCode);
    }
  });

  test('the console\'s fetcher: queries over HTTP, subscriptions over graphql-ws with the token in connectionParams', async () => {
    const { fetcher, wsClient, dispose } = consoleFetcher(tokens.ECO);
    const params: unknown[] = [];
    wsClient.on('connected', () => params.push('connected'));
    try {
      // A query: the HTTP answer, no socket opened (lazy).
      const q = (await fetcher({ query: '{ me { agency } }' })) as any;
      expect(q).toEqual({ data: { me: { agency: 'ECO' } } });
      expect(params).toEqual([]);
      // A named subscription whose name GraphiQL left out goes over the socket (over HTTP it would be BAD_REQUEST).
      const sub = (await fetcher({ query: 'subscription Feed { changeAdded { cursor entity entityId action } }' })) as AsyncIterable<any>;
      const it = sub[Symbol.asyncIterator]();
      const pending = it.next();
      for (let i = 0; i < 200 && !params.length; i++) await new Promise((r) => setTimeout(r, 25));
      expect(params).toEqual(['connected']);
      // The socket's token is the one given: a write by ECO is delivered live.
      const w = await t.gql(tokens.ECO, `mutation($i: PlotInput!) { registerPlot(input: $i) { id } }`, {
        i: { name: '订阅示例地块（GraphiQL 测试）', countyCode: XIAOYI, source: 'KEY_INDUSTRY_SURVEY', centroid: { lon: 111.77, lat: 37.15 }, identifiedOn: '2025-05-02' },
      });
      expect(w.errors).toBeUndefined();
      let got = await pending;
      // (a change committed between subscribing and the write may come first)
      for (let i = 0; i < 20 && got.value?.data?.changeAdded?.entityId !== w.data.registerPlot.id; i++) got = await it.next();
      expect(got.value.errors).toBeUndefined();
      expect(got.value.data.changeAdded).toEqual(expect.objectContaining({ entity: 'Plot', entityId: w.data.registerPlot.id, action: expect.any(String) }));
      await it.return?.();
      // An agency that may not read the feed: refused over the socket, as over HTTP. (The toolkit tests errors
      // with `instanceof CloseEvent`, a browser global Node 20 lacks.)
      (globalThis as any).CloseEvent ??= class CloseEvent {};
      const police = consoleFetcher(tokens.PUBLIC_SECURITY);
      try {
        const r = (await police.fetcher({ query: 'subscription { changeAdded { cursor } }' })) as AsyncIterable<any>;
        const first = await r[Symbol.asyncIterator]().next();
        expect(first.value.errors?.[0]?.extensions?.code ?? first.value.errors?.[0]?.message).toMatch(/FORBIDDEN|GRAPHQL_VALIDATION_FAILED|Cannot query field/);
      } catch (e) {
        // graphql-ws hands the server's `error` message (an array of errors) to the sink's error
        expect(JSON.stringify(e)).toMatch(/FORBIDDEN/);
      } finally {
        await police.dispose();
      }
    } finally {
      await dispose();
    }
  });
  test('county outlines: the token\'s counties only, with source, license and datum', async () => {
    const get = async (token: string | null) => fetch(`${origin}/geo/counties.geojson`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await get(null)).status).toBe(401);
    const city = await get(tokens.ECO);
    expect(city.status).toBe(200);
    expect(city.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const fc = (await city.json()) as any;
    expect(fc.metadata).toEqual({ source: expect.stringContaining('非行政界线'), license: '测试用', datum: expect.stringContaining('CGCS2000') });
    const codes = fc.features.map((f: any) => f.properties.code).sort();
    expect(codes.length).toBeGreaterThan(1);
    expect(codes.every((c: string) => c.startsWith('1411'))).toBe(true);
    expect(codes).not.toContain('140702'); // 榆次区 is in the file, not in 吕梁市
    const county = (await (await get(xiaoyiEco)).json()) as any;
    expect(county.features.map((f: any) => f.properties.code)).toEqual([XIAOYI]);
    // Any agency that signs in sees its scope's outlines (the map is drawn for every page that has it).
    expect(((await (await get(tokens.PUBLIC_SECURITY)).json()) as any).features.length).toBe(codes.length);
  });

  test('an outline file must state its source and be WGS84/CGCS2000: GCJ-02 or a bad code stops the boot; no file → none', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outlines-'));
    const write = (doc: unknown) => { const f = path.join(dir, `${Math.random()}.geojson`); fs.writeFileSync(f, JSON.stringify(doc)); return f; };
    const square = { type: 'Polygon', coordinates: [[[111, 37], [112, 37], [112, 38], [111, 38], [111, 37]]] };
    const ok = { type: 'FeatureCollection', metadata: { source: 's', license: 'l', datum: 'WGS84' }, features: [{ type: 'Feature', properties: { code: XIAOYI }, geometry: square }] };
    expect(loadCountyBoundaries(write(ok))!.features).toHaveLength(1);
    expect(() => loadCountyBoundaries(write({ ...ok, metadata: { ...ok.metadata, datum: 'GCJ-02' } }))).toThrow(/WGS84 or CGCS2000/);
    expect(() => loadCountyBoundaries(write({ ...ok, metadata: { license: 'l', datum: 'WGS84' } }))).toThrow(/metadata.source/);
    expect(() => loadCountyBoundaries(write({ ...ok, features: [{ type: 'Feature', properties: { code: '1411' }, geometry: square }] }))).toThrow(/six-digit/);
    expect(() => loadCountyBoundaries(write({ ...ok, features: [{ type: 'Feature', properties: { code: XIAOYI }, geometry: { type: 'Point', coordinates: [111, 37] } }] }))).toThrow(/Polygon/);
    expect(() => loadCountyBoundaries(path.join(dir, 'missing.geojson'))).toThrow(/cannot read/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('GraphiQL with introspection off (NODE_ENV=production default)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ config: { introspection: false } }); }, 120_000);
  afterAll(async () => { await t?.stop(); });

  test('the schema view is refused like /graphql\'s introspection; the redirect and queries still work; no outlines configured', async () => {
    const origin = new URL(t.url).origin;
    const token = await t.token('ECO', CITY);
    const res = await fetch(`${origin}/graphiql/schema.json`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).errors[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'INTROSPECTION_DISABLED' });
    const intro = await t.gql(token, '{ __schema { queryType { name } } }');
    expect(intro.errors?.length).toBeGreaterThan(0);
    expect((await fetch(`${origin}/graphql`, { redirect: 'manual', headers: { accept: 'text/html' } })).status).toBe(302);
    expect((await t.gql(token, '{ me { agency } }')).data.me.agency).toBe('ECO');
    const fc = (await (await fetch(`${origin}/geo/counties.geojson`, { headers: { authorization: `Bearer ${token}` } })).json()) as any;
    expect(fc).toEqual({ type: 'FeatureCollection', metadata: null, features: [] });
  });
});
