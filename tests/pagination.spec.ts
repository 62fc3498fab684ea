/**
 * Cursor pagination on plots and keyUnits: keyset pages by id, pageInfo, totalCount, the page-size cap
 * (config maxPageSize), refused arguments, and row scope in totalCount.
 */
import { startTestApp, TestApp } from './helpers/app';
import { makeCreditCode } from '../src/validation/uscc';
import { ok, refused } from './helpers/assert';

let t: TestApp;
let eco: string; // ECO 孝义市 (county)
let ecoLiShi: string; // ECO 离石区 (county)
let ecoLvliang: string; // ECO 吕梁市 (city)
let housing: string; // HOUSING 孝义市: reads plots and key units
const XIAOYI = { plots: 7, units: 5 };
const LISHI = { plots: 2, units: 3 };

let unitSerial = 0;
async function seed(app: TestApp, ecoToken: string, countyCode: string, plots: number, units: number) {
  for (let i = 0; i < plots; i++) {
    ok(await app.gql(ecoToken, `mutation($input: PlotInput!) { registerPlot(input: $input) { id } }`, { input: { name: `分页地块${countyCode}-${i}`, countyCode, source: 'OTHER' } }));
  }
  for (let i = 0; i < units; i++) {
    ok(await app.gql(ecoToken, `mutation($input: KeyUnitInput!) { upsertKeyUnit(input: $input) { id } }`, {
      input: { creditCode: makeCreditCode(`91${countyCode}MA${String(++unitSerial).padStart(7, '0')}`), name: `分页单位${countyCode}-${i}`, countyCode, industry: '焦化', listedOn: '2024-01-01' },
    }));
  }
}

beforeAll(async () => {
  t = await startTestApp();
  eco = await t.token('ECO', '141181', '孝义市生态环境分局');
  ecoLiShi = await t.token('ECO', '141102', '离石区生态环境分局');
  ecoLvliang = await t.token('ECO', '141100', '吕梁市生态环境局');
  housing = await t.token('HOUSING', '141181', '孝义市住房和城乡建设局');
  // Interleave the counties so that ids of one county are not contiguous.
  await seed(t, eco, '141181', 3, 2);
  await seed(t, ecoLiShi, '141102', 1, 2);
  await seed(t, eco, '141181', 4, 3);
  await seed(t, ecoLiShi, '141102', 1, 1);
});
afterAll(async () => { await t?.stop(); });

const page = (list: 'plots' | 'keyUnits') =>
  `query($first: Int, $after: String, $f: ${list === 'plots' ? 'PlotFilter' : 'KeyUnitFilter'}) { ${list}(first: $first, after: $after, filter: $f) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id county { code } } } }`;

interface Page { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string; county: { code: string } }[] }
async function getPage(token: string, list: 'plots' | 'keyUnits', vars: Record<string, unknown>, app: TestApp = t): Promise<Page> {
  return ok(await app.gql(token, page(list), vars))[list];
}

/** Walks a list `size` rows at a time; returns the ids in the order served and every page seen. */
async function walk(token: string, list: 'plots' | 'keyUnits', size: number, f?: Record<string, unknown>) {
  const ids: string[] = [];
  const pages: Page[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const p = await getPage(token, list, { first: size, after, f });
    pages.push(p);
    ids.push(...p.nodes.map((n) => n.id));
    if (!p.pageInfo.hasNextPage) break;
    after = p.pageInfo.endCursor;
  }
  return { ids, pages };
}

describe.each(['plots', 'keyUnits'] as const)('%s', (list) => {
  const inXiaoyi = list === 'plots' ? XIAOYI.plots : XIAOYI.units;
  const inLishi = list === 'plots' ? LISHI.plots : LISHI.units;

  it('pages of 2 walk every row exactly once, in id order, with pageInfo and a stable totalCount', async () => {
    const all = await getPage(ecoLvliang, list, { first: 1000 });
    expect(all.totalCount).toBe(inXiaoyi + inLishi);
    expect(all.nodes).toHaveLength(inXiaoyi + inLishi);
    expect(all.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
    const expected = all.nodes.map((n) => Number(n.id));
    expect(expected).toEqual([...expected].sort((a, b) => a - b));

    const { ids, pages } = await walk(ecoLvliang, list, 2);
    expect(ids.map(Number)).toEqual(expected);
    expect(pages).toHaveLength(Math.ceil(expected.length / 2));
    pages.forEach((p, i) => {
      const last = i === pages.length - 1;
      expect(p.totalCount).toBe(expected.length);
      expect(p.nodes.length).toBe(last ? expected.length - 2 * i : 2);
      expect(p.pageInfo.hasNextPage).toBe(!last);
      expect(p.pageInfo.endCursor).toEqual(expect.any(String));
    });
    // The last cursor leads to an empty page.
    const end = await getPage(ecoLvliang, list, { first: 2, after: pages[pages.length - 1].pageInfo.endCursor });
    expect(end).toEqual({ totalCount: expected.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] });
  });

  it('an exact multiple of the page size ends with hasNextPage false on the last full page', async () => {
    const size = inXiaoyi + inLishi;
    const p = await getPage(ecoLvliang, list, { first: size });
    expect(p.nodes).toHaveLength(size);
    expect(p.pageInfo.hasNextPage).toBe(false);
    const q = await getPage(ecoLvliang, list, { first: size - 1 });
    expect(q.nodes).toHaveLength(size - 1);
    expect(q.pageInfo.hasNextPage).toBe(true);
  });

  it('first: 0 gives no rows but the totalCount', async () => {
    const p = await getPage(ecoLvliang, list, { first: 0 });
    expect(p.nodes).toEqual([]);
    expect(p.totalCount).toBe(inXiaoyi + inLishi);
    expect(p.pageInfo.endCursor).toBeNull();
  });

  // Relay cursor spec: with `first` set, hasNextPage is true when more rows than `first` exist, also for first: 0.
  it('first: 0 says hasNextPage when rows exist', async () => {
    expect((await getPage(ecoLvliang, list, { first: 0 })).pageInfo.hasNextPage).toBe(true);
  });

  it('refuses a negative first (field first) and a garbage after (field after)', async () => {
    refused(await t.gql(ecoLvliang, page(list), { first: -1 }), 'BAD_USER_INPUT', 'first');
    for (const after of ['garbage', 'YzphYmM', Buffer.from('c:-1').toString('base64url'), Buffer.from('x:12').toString('base64url'), '!!!']) {
      refused(await t.gql(ecoLvliang, page(list), { first: 2, after }), 'BAD_USER_INPUT', 'after');
    }
  });

  it('an unfiltered page (written without the query builder) serves what the filtered path serves', async () => {
    // The filter names the token's own division: the same rows, through MikroORM's query builder.
    for (const [token, division] of [[ecoLvliang, '141100'], [eco, '141181'], [ecoLiShi, '141102']] as const) {
      for (const size of [1, 3, 100]) {
        const plain = await walk(token, list, size);
        const filtered = await walk(token, list, size, { divisionCode: division });
        expect(plain.ids.length).toBeGreaterThan(0);
        expect(plain).toEqual(filtered);
      }
    }
  });

  it('row scope: a county token counts and pages only its own county', async () => {
    const mine = await walk(eco, list, 2);
    expect(mine.ids).toHaveLength(inXiaoyi);
    mine.pages.forEach((p) => {
      expect(p.totalCount).toBe(inXiaoyi);
      expect(p.nodes.every((n) => n.county.code === '141181')).toBe(true);
    });
    expect((await getPage(ecoLiShi, list, { first: 1 })).totalCount).toBe(inLishi);
    expect((await getPage(housing, list, { first: 1 })).totalCount).toBe(inXiaoyi);
    // A filter naming another county gives nothing rather than widening the scope.
    expect(await getPage(eco, list, { first: 5, f: { divisionCode: '141102' } })).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] });
    // A cursor from a wider scope still only yields rows in scope.
    const wide = await getPage(ecoLvliang, list, { first: 1 });
    const rest = await walk(eco, list, 100);
    const afterWide = await getPage(eco, list, { first: 100, after: wide.pageInfo.endCursor });
    expect(afterWide.nodes.every((n) => n.county.code === '141181')).toBe(true);
    expect(afterWide.nodes.map((n) => n.id)).toEqual(rest.ids.filter((id) => Number(id) > Number(wide.nodes[0].id)));
  });

  it('a filtered walk pages the filtered rows, and totalCount counts them', async () => {
    const f = { search: '141181' };
    const { ids, pages } = await walk(ecoLvliang, list, 2, f);
    expect(ids).toHaveLength(inXiaoyi);
    expect(pages.every((p) => p.totalCount === inXiaoyi)).toBe(true);
  });
});

describe('rows added while paging', () => {
  it('appear once, at the end, and never repeat a row already served', async () => {
    const first = await getPage(eco, 'plots', { first: 2 });
    ok(await t.gql(eco, `mutation($input: PlotInput!) { registerPlot(input: $input) { id } }`, { input: { name: '分页中新增地块', countyCode: '141181', source: 'OTHER' } }));
    const ids = first.nodes.map((n) => n.id);
    let after = first.pageInfo.endCursor;
    for (;;) {
      const p = await getPage(eco, 'plots', { first: 2, after });
      ids.push(...p.nodes.map((n) => n.id));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(XIAOYI.plots + 1);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((a, b) => a - b));
  });
});

describe('the page-size cap (config maxPageSize)', () => {
  let small: TestApp;
  let token: string;
  beforeAll(async () => {
    small = await startTestApp({ config: { maxPageSize: 3 } });
    token = await small.token('ECO', '141181', '孝义市生态环境分局');
    await seed(small, token, '141181', 5, 5);
  });
  afterAll(async () => { await small?.stop(); });

  it('defaults to 1000', () => {
    expect(t.app.config.maxPageSize).toBe(1000);
  });

  it.each(['plots', 'keyUnits'] as const)('caps first above it, and the default, for %s', async (list) => {
    const capped = await getPage(token, list, { first: 1000 }, small);
    expect(capped.nodes).toHaveLength(3);
    expect(capped.totalCount).toBe(5);
    expect(capped.pageInfo.hasNextPage).toBe(true);
    const dflt = ok(await small.gql(token, `{ ${list} { nodes { id } pageInfo { hasNextPage } } }`))[list];
    expect(dflt.nodes).toHaveLength(3);
    expect(dflt.pageInfo.hasNextPage).toBe(true);
    const next = await getPage(token, list, { first: 1000, after: capped.pageInfo.endCursor }, small);
    expect(next.nodes).toHaveLength(2);
    expect(next.pageInfo.hasNextPage).toBe(false);
    expect([...capped.nodes, ...next.nodes].map((n) => n.id)).toEqual((await walkOn(small, token, list)).map(String));
  });

  it('the change feed is capped too', async () => {
    const r = ok(await small.gql(token, `{ changes(first: 1000) { nodes { cursor } pageInfo { hasNextPage } } }`)).changes;
    expect(r.nodes).toHaveLength(3);
    expect(r.pageInfo.hasNextPage).toBe(true);
    refused(await small.gql(token, `{ changes(after: "garbage") { nodes { cursor } } }`), 'BAD_USER_INPUT', 'after');
    refused(await small.gql(token, `{ changes(first: -1) { nodes { cursor } } }`), 'BAD_USER_INPUT', 'first');
  });
});

/** Every id of a list by pages of 1 (independent of the cap). */
async function walkOn(app: TestApp, token: string, list: 'plots' | 'keyUnits'): Promise<number[]> {
  const ids: number[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const p = await getPage(token, list, { first: 1, after }, app);
    ids.push(...p.nodes.map((n) => Number(n.id)));
    if (!p.pageInfo.hasNextPage) break;
    after = p.pageInfo.endCursor;
  }
  return ids;
}
