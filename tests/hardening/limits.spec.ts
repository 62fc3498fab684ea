import { createApp, App } from '../../src/app';
import { startTestApp, TestApp } from '../helpers/app';

let t: TestApp;
let eco: string;
beforeAll(async () => {
  t = await startTestApp();
  eco = await t.token('ECO', '141181');
});
afterAll(async () => { await t.stop(); });

const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(t.url, { method: 'POST', headers: { authorization: `Bearer ${eco}`, 'content-type': 'application/json', ...headers }, body });

describe('query limits → QUERY_TOO_COMPLEX naming the limit', () => {
  it('depth', async () => {
    let q = 'id';
    for (let i = 0; i < 8; i++) q = `keyUnit { plots { ${q} } }`;
    const r = await t.gql(eco, `{ plots { nodes { ${q} } } }`);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxDepth', max: 12 });
    expect(r.data).toBeUndefined();
  });

  it('aliases', async () => {
    const r = await t.gql(eco, `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: me { agency }`).join(' ')} }`);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxAliases', max: 30 });
  });

  it('directives', async () => {
    const r = await t.gql(eco, `{ me { ${Array.from({ length: 25 }, () => 'agency @include(if: true)').join(' ')} } }`);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxDirectives' });
  });

  it('tokens', async () => {
    const r = await t.gql(eco, `{ me { ${'agency '.repeat(7000)} } }`);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens' });
  });

  it('cost: 1000 plots × 1000 changes of nesting is refused, a 1000-plot page with history is not', async () => {
    const big = await t.gql(eco, `{ plots(first: 1000) { nodes { keyUnit { plots { stageHistory { to } violations { id } keyUnit { permits { permitNo } } } } } } }`);
    expect(big.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' });
    const ok = await t.gql(eco, `{ plots(first: 1000) { nodes { id keyUnit { name permits { permitNo status } } stageHistory { to effectiveOn } county { name } } } }`);
    expect(ok.errors).toBeUndefined();
  });

  it('a page size above the cap is capped, not refused', async () => {
    const r = await t.gql(eco, `{ plots(first: 100000) { pageInfo { hasNextPage } } }`);
    expect(r.errors).toBeUndefined();
  });
});

describe('HTTP edge', () => {
  it('refuses batched requests', async () => {
    const res = await post(JSON.stringify([{ query: '{ me { agency } }' }, { query: '{ me { agency } }' }]));
    expect(res.status).toBe(400);
  });

  it('answers 413 to an oversized body', async () => {
    const res = await post(JSON.stringify({ query: '{ me { agency } }', variables: { pad: 'x'.repeat(1_100_000) } }));
    expect(res.status).toBe(413);
  });

  it('refuses a NUL character in any variable as BAD_USER_INPUT naming it (PostgreSQL text cannot hold one)', async () => {
    const res = await post(JSON.stringify({ query: 'query($f: PlotFilter) { plots(filter: $f) { nodes { id } } }', variables: { f: { search: 'a\u0000b' } } }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'f.search' });
    const inQuery = await post(JSON.stringify({ query: '{ plots(filter: { search: "a\u0000b" }) { nodes { id } } }' }));
    expect((await inQuery.json()).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'query' });
    const escaped = await post(JSON.stringify({ query: '{ plots(filter: { search: "a\\u0000b" }) { nodes { id } } }' }));
    expect((await escaped.json()).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'query' });
  });

  it('answers 400 to malformed JSON', async () => {
    const res = await post('{"query": "{ me { agency } }"');
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('answers 415 to a wrong content type', async () => {
    const res = await post('query=%7B%20me%20%7D', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
  });

  it('never shows a stack trace or SQL', async () => {
    const r = await t.gql(eco, `{ plots(filter: { search: "'; drop table plot; --" }) { totalCount nodes { name } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.plots.totalCount).toBe(0);
    const bad = await t.gql(eco, `{ plot(id: "1") { nonexistent } }`);
    expect(JSON.stringify(bad)).not.toMatch(/stack|at \w+ \(|select |insert /i);
  });
});

describe('production settings', () => {
  let prod: App;
  beforeAll(async () => {
    prod = await createApp({ config: { databaseUrl: t.dbUrl, port: 0, demo: false, production: true, introspection: false } });
  });
  afterAll(async () => { await prod.stop(); });

  it('turns introspection off and hides field suggestions', async () => {
    const q = async (query: string) => (await fetch(prod.url, { method: 'POST', headers: { authorization: `Bearer ${eco}`, 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json();
    const intro = await q('{ __schema { types { name } } }');
    expect(intro.errors[0].message).toMatch(/introspection/i);
    const typo = await q('{ plot(id: "1") { nam } }');
    expect(typo.errors[0].message).not.toMatch(/Did you mean/);
  });
});

describe('operations', () => {
  it('/healthz reports the version, /readyz the database and migrations', async () => {
    const base = t.url.replace('/graphql', '');
    const h = await (await fetch(`${base}/healthz`)).json();
    expect(h).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const r = await fetch(`${base}/readyz`);
    expect(r.status).toBe(200);
    expect((await r.json()).status).toBe('ready');
  });
});
