/**
 * The web console (web/, served under /console/) in a real browser: the Chromium of the npm package
 * @sparticuz/chromium (or CHROMIUM_PATH: tests/helpers/browser.ts) driven by playwright-core, against a test
 * server holding the demo data. Every number the console shows is checked against the GraphQL API's answer
 * for the same token; downloads, filters, paging, the map and the detail panel are exercised; a HOUSING token
 * sees 无权限 where the policy refuses it.
 *
 * Screenshots go to test-output/screenshots/; with UPDATE_DOCS_SCREENSHOTS=1 they are also copied to
 * docs/screenshots/ (the ones the README shows).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { findChromium } from '../helpers/browser';
import { loadDemo } from '../../seeds/demo/load';
import { writeTestOutlines, removeTestOutlines } from '../helpers/county-outlines';

const ROOT = path.resolve(__dirname, '..', '..');
const SHOTS = path.join(ROOT, 'test-output', 'screenshots');
const DOCS_SHOTS = path.join(ROOT, 'docs', 'screenshots');
const CITY = '141100'; // 吕梁市

const STAGES = ['SUSPECTED', 'UNDER_INVESTIGATION', 'BELOW_SCREENING', 'UNDER_RISK_ASSESSMENT', 'RISK_ACCEPTABLE', 'LISTED', 'RISK_CONTROL', 'REMEDIATION', 'EFFECT_EVALUATION', 'DELISTED'];
const STAGE_ZH: Record<string, string> = {
  SUSPECTED: '疑似污染地块', UNDER_INVESTIGATION: '调查中', BELOW_SCREENING: '未超筛选值', UNDER_RISK_ASSESSMENT: '风险评估中',
  RISK_ACCEPTABLE: '风险可接受', LISTED: '列入名录', RISK_CONTROL: '风险管控中', REMEDIATION: '修复中', EFFECT_EVALUATION: '效果评估中', DELISTED: '移出名录',
};
const pct = (v: number | null) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);

/** Newest modification time under a file or folder. */
function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
}

/** Builds the console when web/dist is missing or older than its sources. */
function ensureConsoleBuilt() {
  const built = newest(path.join(ROOT, 'web', 'dist', 'index.html'));
  const sources = Math.max(...['src', 'index.html', 'vite.config.ts'].map((f) => newest(path.join(ROOT, 'web', f))));
  // NODE_ENV is "test" under jest; the console is built as it ships.
  if (!built || built < sources) execSync('npm run build:web --silent', { cwd: ROOT, stdio: 'pipe', timeout: 180_000, env: { ...process.env, NODE_ENV: 'production' } });
}

describe('web console (chromium)', () => {
  let t: TestApp;
  let outlines: string | undefined;
  let origin: string;
  let eco: string;
  let housing: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const api = async <T = any>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> => {
    const r = await t.gql<T>(token, query, variables);
    if (r.errors?.length || !r.data) throw new Error(`API: ${JSON.stringify(r.errors)}`);
    return r.data;
  };
  /**
   * A screenshot of the whole page, of one element of it (`selector`), or of the window only ('viewport': GraphiQL
   * fills the window, and a full-page capture, which resizes the window, never settled).
   */
  const shot = async (name: string, selector?: string) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, `${name}.png`);
    // The console's font comes in slices as characters need them: all in before the picture.
    await page.evaluate(() => (globalThis as any).document.fonts.ready);
    // GraphiQL's page (Monaco, its workers) can take a while to hand over a frame on a busy machine.
    if (selector === 'viewport') await page.screenshot({ path: file, caret: 'hide', animations: 'disabled', timeout: 120_000 });
    else if (selector) await page.locator(selector).screenshot({ path: file });
    else await page.screenshot({ path: file, fullPage: true });
    if (process.env.UPDATE_DOCS_SCREENSHOTS) {
      fs.mkdirSync(DOCS_SHOTS, { recursive: true });
      fs.copyFileSync(file, path.join(DOCS_SHOTS, `${name}.png`));
    }
  };
  /** Waits until no query of the page is loading (the console marks loading parts aria-busy). */
  const settled = async () => {
    await page.waitForFunction(() => !(globalThis as any).document.querySelector('[aria-busy="true"], .loading'), undefined, { timeout: 20_000 });
  };
  const text = async (sel: string) => ((await page.locator(sel).first().textContent()) ?? '').trim();
  const signIn = async (token: string) => {
    await page.goto(`${origin}/console/`);
    await page.fill('[data-testid=token]', token);
    await page.click('[data-testid=sign-in]');
    await page.waitForSelector('[data-testid=who]');
    await settled();
  };
  const openPage = async (label: string, key: string) => {
    await page.click(`.topbar nav a:text-is("${label}")`);
    await page.waitForSelector(`[data-page=${key}]`);
    await settled();
  };

  beforeAll(async () => {
    const launch = findChromium();
    ensureConsoleBuilt();
    // County outlines: the repository ships none (seeds/boundaries/README.md); the test gives the server boxes
    // around each county's demo plots, labelled as test data on the map.
    outlines = writeTestOutlines();
    t = await startTestApp({ config: { countyBoundariesFile: outlines } });
    await loadDemo(t.app);
    origin = new URL(t.url).origin;
    eco = await t.token('ECO', CITY, '吕梁市生态环境局');
    housing = await t.token('HOUSING', CITY, '吕梁市住房和城乡建设局');
    browser = await chromium.launch({ ...launch, headless: true });
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    // The console needs nothing but its own server: any other request fails the test.
    await context.route((url) => url.origin !== origin, (route) => { pageErrors.push(`external request ${route.request().url()}`); return route.abort(); });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    removeTestOutlines(outlines);
  });

  test('signs in with a token kept in sessionStorage only', async () => {
    await page.goto(`${origin}/`);
    await page.waitForURL(/\/console\/$/);
    await page.waitForSelector('[data-testid=token]');
    await shot('signin');
    await page.fill('[data-testid=token]', 'ss_not-a-token');
    await page.click('[data-testid=sign-in]');
    await page.waitForSelector('.error-box');
    expect(await text('.error-box')).toContain('令牌无效');

    await signIn(eco);
    expect(await text('[data-testid=who]')).toContain('吕梁市生态环境局');
    const stored = await page.evaluate(() => {
      const w = globalThis as any;
      return { session: w.sessionStorage.getItem('soilshare.token'), local: w.localStorage.length, cookie: w.document.cookie };
    });
    expect(stored).toEqual({ session: eco, local: 0, cookie: '' });
  });

  test('季度调度: the table, the 合计 row, the chart and the safe-use rate equal the API; quarter filter; XLSX/CSV downloads', async () => {
    await openPage('季度调度', 'dispatch');
    const q = `query($quarter: String!, $d: ID!) { jointDispatchReport(quarter: $quarter, divisionCode: $d) {
      asOf rows { county { code name } ...r } total { ...r } } }
      fragment r on JointDispatchRow { plotsByStage { stage count } sensitiveUseChanges sensitiveUseChangesInvestigated listedInQuarter
        delistedInQuarter violationsOpen violationsRectifiedInQuarter keyUnits keyUnitsOverdue permitsEndedInQuarter vacatedSitesOpen
        reserveProjectsAdded safeUseRate }`;
    const metrics = ['sensitiveUseChanges', 'sensitiveUseChangesInvestigated', 'listedInQuarter', 'delistedInQuarter', 'violationsOpen',
      'violationsRectifiedInQuarter', 'keyUnits', 'keyUnitsOverdue', 'permitsEndedInQuarter', 'vacatedSitesOpen', 'reserveProjectsAdded'];
    const expected = (row: any): Record<string, string> => ({
      ...Object.fromEntries(STAGES.map((s) => [s, String(row.plotsByStage.find((x: any) => x.stage === s)?.count ?? 0)])),
      plots: String(row.plotsByStage.reduce((n: number, x: any) => n + x.count, 0)),
      ...Object.fromEntries(metrics.map((m) => [m, String(row[m])])),
      safeUseRate: pct(row.safeUseRate),
    });
    const check = async (quarter: string) => {
      const r = (await api(eco, q, { quarter, d: CITY })).jointDispatchReport;
      const shown: [string, Record<string, string>][] = await page.$$eval('[data-testid=dispatch-table] tr[data-row]', (trs: any[]) =>
        trs.map((tr) => [tr.getAttribute('data-row'), Object.fromEntries([...tr.querySelectorAll('td[data-col]')].map((td: any) => [td.getAttribute('data-col'), td.textContent.trim()]))]));
      expect(shown.map(([id]) => id)).toEqual([...r.rows.map((x: any) => x.county.code), 'total']);
      for (const row of r.rows) expect(Object.fromEntries(shown)[row.county.code]).toEqual(expected(row));
      expect(Object.fromEntries(shown).total).toEqual(expected(r.total));
      expect(await text('[data-testid=dispatch-table] tr[data-row=total] th')).toBe('合计');
      expect(await text('[data-testid=kpi-safe-use-rate]')).toBe(pct(r.total.safeUseRate));
      expect(await text('[data-testid=kpi-plots]')).toBe(expected(r.total).plots);
      expect(await text('[data-testid=kpi-violations]')).toBe(String(r.total.violationsOpen));
      expect(await text('[data-testid=report-caption]')).toContain(`截至 ${r.asOf}`);
      return r;
    };

    await page.selectOption('[data-testid=quarter]', '2025Q2');
    await settled();
    const q2 = await check('2025Q2');
    await page.selectOption('[data-testid=quarter]', '2025Q3');
    await settled();
    expect(new URL(page.url()).searchParams.get('quarter')).toBe('2025Q3');
    const q3 = await check('2025Q3');
    expect(q3.total).not.toEqual(q2.total); // the filter did change the numbers on the page
    expect(q3.total.safeUseRate).not.toBeNull();

    // The bar chart: one series per stage, one bar slot per county.
    await page.waitForSelector('[data-testid=dispatch-chart] svg');
    for (const s of STAGES) expect(await page.locator('[data-testid=dispatch-chart] svg text', { hasText: STAGE_ZH[s] }).count()).toBeGreaterThan(0);
    for (const row of q3.rows) expect(await page.locator('[data-testid=dispatch-chart] svg text', { hasText: row.county.name }).count()).toBeGreaterThan(0);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-xlsx]')]);
    expect(xlsx.suggestedFilename()).toBe(`季度调度-${CITY}-2025Q3.xlsx`);
    const xbytes = fs.readFileSync((await xlsx.path())!);
    expect(xbytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-csv]')]);
    const ctext = fs.readFileSync((await csv.path())!, 'utf8');
    expect(ctext.charCodeAt(0)).toBe(0xfeff);
    expect(ctext).toContain('合计');
    await page.waitForSelector('.downloads .hint.ok');
    await shot('dispatch');
  });

  test('项目储备: each county 达标/未达标, stages and funds equal the API; year filter', async () => {
    await openPage('项目储备', 'reserve');
    const check = async (year: number) => {
      const r = (await api(eco, `{ reserveTracker(year: ${year}, divisionCode: "${CITY}") { rows { county { code } projects newInCentralReserve targetMet
        byStage { stage count } centralFundsRequested centralFundsApproved } } }`)).reserveTracker;
      const shown: [string, Record<string, string>][] = await page.$$eval('[data-testid=reserve-table] tbody tr[data-row]', (trs: any[]) =>
        trs.map((tr) => [tr.getAttribute('data-row'), Object.fromEntries([...tr.querySelectorAll('td[data-col]')].map((td: any) => [td.getAttribute('data-col'), td.textContent.trim()]))]));
      expect(shown.map(([c]) => c)).toEqual(r.rows.map((x: any) => x.county.code));
      const byCode = Object.fromEntries(shown);
      for (const row of r.rows) {
        expect(byCode[row.county.code]).toEqual({
          targetMet: row.targetMet ? '达标' : '未达标',
          projects: String(row.projects),
          newInCentralReserve: String(row.newInCentralReserve),
          ...Object.fromEntries(row.byStage.map((s: any) => [s.stage, String(s.count)])),
          centralFundsRequested: row.centralFundsRequested,
          centralFundsApproved: row.centralFundsApproved,
        });
      }
      const met = r.rows.filter((x: any) => x.targetMet).length;
      expect(await text('[data-testid=kpi-target-met]')).toBe(`${met} / ${r.rows.length}`);
      await page.waitForSelector('[data-testid=reserve-chart] svg');
      // The chart marks every county under its name, as the table does.
      expect(await page.locator('[data-testid=reserve-chart] svg text', { hasText: /^未达标$/ }).count()).toBe(r.rows.length - met);
      const list = (await api(eco, `{ reserveProjects(year: ${year}, divisionCode: "${CITY}", first: 200) { totalCount } }`)).reserveProjects;
      expect(await page.locator('[data-testid=reserve-projects] tbody tr').count()).toBe(list.totalCount);
      return met;
    };
    await page.selectOption('[data-testid=year]', '2025');
    await settled();
    expect(await check(2025)).toBe(0); // 吕梁市 2025: projects, but none entered the central reserve yet
    await page.selectOption('[data-testid=year]', '2024');
    await settled();
    expect(new URL(page.url()).searchParams.get('year')).toBe('2024');
    expect(await check(2024)).toBeGreaterThan(0);
    await shot('reserve');
  });

  test('地块: list, filters, cursor paging, the offline map and the detail panel equal the API', async () => {
    await openPage('地块', 'plots');
    const list = async (filter: Record<string, unknown>, after?: string) => (await api(eco, `query($f: PlotFilter, $a: String) {
      plots(first: 15, after: $a, filter: $f) { totalCount pageInfo { endCursor hasNextPage } nodes { plotCode stage } } }`, { f: filter, a: after })).plots;
    const geo = async (filter: Record<string, unknown>) => (await api(eco, `query($f: PlotFilter) { plotsGeoJSON(filter: $f) }`, { f: filter })).plotsGeoJSON;
    const shownCodes = () => page.$$eval('[data-testid=plots-table] tbody tr', (trs: any[]) => trs.map((tr) => tr.getAttribute('data-plot-code')));

    // Everything in the city, two pages of 15.
    const all = await list({ divisionCode: CITY });
    expect(await text('[data-testid=plots-total] b')).toBe(String(all.totalCount));
    expect(await shownCodes()).toEqual(all.nodes.map((n: any) => n.plotCode));
    expect(all.pageInfo.hasNextPage).toBe(true);
    await page.click('[data-testid=next-page]');
    await settled();
    const second = await list({ divisionCode: CITY }, all.pageInfo.endCursor);
    expect(await shownCodes()).toEqual(second.nodes.map((n: any) => n.plotCode));
    expect(await text('[data-testid=page-no]')).toContain('第 2 页');
    await page.click('text=上一页');
    await settled();
    expect(await shownCodes()).toEqual(all.nodes.map((n: any) => n.plotCode));

    // The map: one dot per located plot, coloured by stage, drawn with no request beyond our server.
    const fc = await geo({ divisionCode: CITY });
    const located = fc.features.filter((f: any) => f.geometry);
    expect(Number(await page.getAttribute('[data-testid=plot-map]', 'data-features'))).toBe(located.length);
    expect(await page.locator('[data-testid=plot-map] circle.plot-dot').count()).toBe(located.length);
    expect(await page.locator('[data-testid=plot-map] path.plot-shape').count()).toBe(located.filter((f: any) => f.geometry.type !== 'Point').length);

    // County outlines of the token's scope under the plots, with their source and datum; plot boundaries in the legend.
    const outlines = await (await fetch(`${origin}/geo/counties.geojson`, { headers: { authorization: `Bearer ${eco}` } })).json() as any;
    expect(outlines.features.length).toBeGreaterThan(1);
    expect(await page.locator('[data-testid=plot-map] path.county-outline').count()).toBe(outlines.features.length);
    expect((await page.$$eval('[data-testid=plot-map] path.county-outline', (ps: any[]) => ps.map((p) => p.getAttribute('data-code')))).sort())
      .toEqual(outlines.features.map((f: any) => f.properties.code).sort());
    expect(await text('[data-testid=legend-outlines]')).toContain(`县（市、区）界 ${outlines.features.length}`);
    expect(await page.locator('[data-testid=legend-shapes]').count()).toBe(1);
    expect(await text('[data-testid=outline-source]')).toContain(outlines.metadata.datum);
    // Outlines are drawn under the plots: every outline precedes every plot shape and dot in the SVG.
    expect(await page.$eval('[data-testid=plot-map] svg g', (g: any) => {
      const kids = [...g.children];
      const lastOutline = Math.max(...kids.map((k: any, i: number) => (k.classList.contains('county-outline') ? i : -1)));
      const firstPlot = kids.findIndex((k: any) => k.classList.contains('plot-shape') || k.classList.contains('plot-dot'));
      return lastOutline < firstPlot;
    })).toBe(true);
    await shot('map', '[data-page=plots] .side .card');

    // Stage filter: list, count and map follow it.
    await page.selectOption('[data-testid=stage-filter]', 'BELOW_SCREENING');
    await settled();
    const below = await list({ divisionCode: CITY, stages: ['BELOW_SCREENING'] });
    expect(below.totalCount).toBeGreaterThan(0);
    expect(below.totalCount).toBeLessThan(all.totalCount);
    expect(await text('[data-testid=plots-total] b')).toBe(String(below.totalCount));
    expect(await shownCodes()).toEqual(below.nodes.map((n: any) => n.plotCode));
    const belowGeo = (await geo({ divisionCode: CITY, stages: ['BELOW_SCREENING'] })).features.filter((f: any) => f.geometry);
    expect(await page.locator('[data-testid=plot-map] circle.plot-dot').count()).toBe(belowGeo.length);
    expect(await page.locator('[data-testid=plot-map] circle.plot-dot:not([data-stage=BELOW_SCREENING])').count()).toBe(0);

    // Planned use 一住两公, then a county, then back to everything.
    await page.selectOption('[data-testid=stage-filter]', '');
    await page.selectOption('[data-testid=sensitive-filter]', 'yes');
    await settled();
    expect(await text('[data-testid=plots-total] b')).toBe(String((await list({ divisionCode: CITY, sensitivePlannedUse: true })).totalCount));
    await page.selectOption('[data-testid=sensitive-filter]', '');
    await page.selectOption('[data-testid=division-picker] select[data-level="0"]', '141182');
    await settled();
    expect(await text('[data-testid=plots-total] b')).toBe(String((await list({ divisionCode: '141182' })).totalCount));
    await page.selectOption('[data-testid=division-picker] select[data-level="0"]', '');
    await settled();

    // Search, open a plot from the list: stage timeline, land, construction and violations as the API has them.
    await page.fill('[data-testid=search]', '印染');
    await page.press('[data-testid=search]', 'Enter');
    await settled();
    const found = await list({ divisionCode: CITY, search: '印染' });
    expect(found.totalCount).toBe(1);
    const code = found.nodes[0].plotCode;
    await page.click(`[data-testid=plots-table] tr[data-plot-code="${code}"]`);
    await page.waitForSelector(`[data-testid=plot-detail][data-plot-code="${code}"] [data-testid=stage-timeline]`);
    await settled();
    const p = (await api(eco, `{ plot(plotCode: "${code}") { stage stageHistory { to effectiveOn } plannedUse { name } constructionPermitNo constructionStartedOn violations { kind rectifiedOn } } }`)).plot;
    expect(await text('[data-testid=detail-stage]')).toBe(STAGE_ZH[p.stage]);
    const items = await page.locator('[data-testid=stage-timeline] li').allTextContents();
    expect(items.length).toBe(p.stageHistory.length);
    p.stageHistory.forEach((e: any, i: number) => {
      expect(items[i]).toContain(e.effectiveOn);
      expect(items[i]).toContain(STAGE_ZH[e.to]);
    });
    expect(await text('[data-testid=detail-planned-use]')).toContain(p.plannedUse.name);
    const detail = await text('[data-testid=plot-detail]');
    expect(detail).toContain(p.constructionPermitNo);
    expect(detail).toContain(p.constructionStartedOn);
    expect(p.violations.length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=detail-violations] li').count()).toBe(p.violations.length);
    expect(await page.locator('[data-testid=detail-violations] li.open').count()).toBe(p.violations.filter((v: any) => !v.rectifiedOn).length);
    expect(await page.locator(`[data-testid=plot-map] circle.plot-dot.sel[data-plot-code="${code}"]`).count()).toBe(1);
    expect(await page.getAttribute('[data-testid=open-in-graphiql]', 'href')).toContain('/console/graphiql?query=');
    await shot('plots');

    // Clicking the map opens the plot under the dot.
    await page.click('text=清除筛选');
    await settled();
    const other = located.find((f: any) => f.properties.plotCode !== code && f.geometry.type === 'Point') ?? located.find((f: any) => f.properties.plotCode !== code);
    await page.locator(`[data-testid=plot-map] circle.plot-dot[data-plot-code="${other.properties.plotCode}"]`).click({ force: true });
    await page.waitForSelector(`[data-testid=plot-detail][data-plot-code="${other.properties.plotCode}"] [data-testid=detail-stage]`);
    expect(await text('[data-testid=plot-detail] h2')).toBe(other.properties.name);
  });

  test('待办: the overdue obligations and the open violations of the token\'s scope equal the API', async () => {
    await openPage('待办', 'todo');
    const d = await api(eco, `{ obligations(state: OVERDUE, divisionCode: "${CITY}") { kind keyUnit { creditCode contactPhone } }
      violations(open: true, divisionCode: "${CITY}", first: 100) { totalCount nodes { id } } }`);
    expect(d.obligations.length).toBeGreaterThan(0);
    expect(await text('[data-testid=obligations-total] b')).toBe(String(d.obligations.length));
    const keys = await page.$$eval('[data-testid=obligations-table] tbody tr', (trs: any[]) => trs.map((tr) => tr.getAttribute('data-key')));
    expect(keys.sort()).toEqual(d.obligations.map((o: any) => `${o.keyUnit.creditCode}|${o.kind}`).sort());
    // ECO may read the units' phone numbers.
    expect(await text('[data-testid=obligations-table] tbody')).toContain(d.obligations[0].keyUnit.contactPhone);
    expect(await text('[data-testid=violations-total] b')).toBe(String(d.violations.totalCount));
    const ids = await page.$$eval('[data-testid=violations-table] tbody tr', (trs: any[]) => trs.map((tr) => tr.getAttribute('data-id')));
    expect(ids.sort()).toEqual(d.violations.nodes.map((v: any) => v.id).sort());
    await shot('todo');
  });

  test('耕地: the agriculture bureau of 晋中 sees the county indicator with the warnings of the API, and exports it', async () => {
    const agr = await t.token('AGRICULTURE', '140700', '晋中市农业农村局');
    if (await page.locator('[data-testid=sign-out]').count()) {
      await page.click('[data-testid=sign-out]');
      await page.waitForSelector('[data-testid=token]');
    }
    await signIn(agr);
    await page.goto(`${origin}/console/farmland?quarter=2025Q3`);
    await page.waitForSelector('[data-page=farmland]');
    await settled();
    const d = await api(agr, `{ farmlandIndicator(divisionCode: "140700", quarter: "2025Q3") { rows { county { code } warning eiaRestricted } } }`);
    const warned = d.farmlandIndicator.rows.filter((r: any) => r.warning);
    expect(warned.map((r: any) => r.county.code)).toContain('140702');
    expect(await text('[data-testid=farmland-warned] b')).toBe(String(warned.length));
    expect(await text('[data-testid=farmland-table] tr[data-county="140702"] [data-col=eia]')).toBe('限批');
    expect(await text('[data-testid=farmland-table] tr[data-county="140703"] [data-col=warning]')).toBe('—');
    expect(await page.locator('[data-testid=download-xlsx]').count()).toBe(1);
    await shot('farmland');
    // Back to ECO, as the next test expects to find the console.
    await page.click('[data-testid=sign-out]');
    await page.waitForSelector('[data-testid=token]');
    await signIn(eco);
  });

  test('GraphiQL, offline: the signed-in token runs a query, the docs show its schema, a plot opens from the map', async () => {
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await openPage('GraphiQL', 'graphiql');
    await page.waitForSelector('[data-testid=graphiql] .graphiql-container');
    await page.waitForSelector('[data-testid=schema-note]');
    // The examples of ECO: a first query, the quarterly report, a write with expectedVersion, the change feed's subscription.
    expect(await page.locator('.graphiql-bar [data-testid^=example-]').count()).toBe(4);
    await page.click('[data-testid=example-first]');
    await page.waitForSelector('[data-testid=graphiql] .graphiql-query-editor .view-lines');
    await page.waitForFunction(() => ((globalThis as any).document.querySelector('.graphiql-query-editor .view-lines')?.textContent ?? '').includes('FirstPlots'));
    await page.click('.graphiql-execute-button');
    const response = async () => (await page.locator('.graphiql-response .view-lines').textContent()) ?? '';
    await page.waitForFunction(() => ((globalThis as any).document.querySelector('.graphiql-response .view-lines')?.textContent ?? '').includes('totalCount'), undefined, { timeout: 20_000 });
    const first = await api(eco, `query($d: ID!) { me { agency } plots(first: 5, filter: { divisionCode: $d }) { totalCount } }`, { d: CITY });
    // Monaco draws spaces as non-breaking ones.
    const shown = (await response()).replace(/\u00a0/g, ' ');
    expect(shown).toContain(`"totalCount": ${first.plots.totalCount}`);
    expect(shown).toContain('"agency": "ECO"');
    // Monaco's workers (GraphQL language service among them) come from the console's own files.
    expect(workers.length).toBeGreaterThan(0);
    for (const w of workers) expect(w.startsWith(`${origin}/console/assets/`) || w.startsWith('blob:')).toBe(true);
    // The docs: the token's schema, e.g. the quarterly report ECO may read.
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.waitForSelector('.graphiql-doc-explorer-title');
    await page.click('.graphiql-doc-explorer a:text-is("Query")');
    await page.waitForSelector('.graphiql-doc-explorer a:text-is("jointDispatchReport")');
    await page.click('.graphiql-doc-explorer-title'); // the editor's cursor off
    await shot('graphiql', 'viewport');

    // The subscription example runs over WebSocket (graphql-ws, the token in connectionParams): a plot written
    // meanwhile through the API shows up in the response pane.
    await page.click('[data-testid=example-subscription]');
    await page.waitForFunction(() => ((globalThis as any).document.querySelector('.graphiql-query-editor .view-lines')?.textContent ?? '').includes('ChangeAdded'));
    await page.click('.graphiql-execute-button');
    await page.waitForTimeout(1_500); // the socket opens and the subscription registers
    const added = await api(eco, `mutation($i: PlotInput!) { registerPlot(input: $i) { id } }`, {
      i: { name: 'GraphiQL 订阅测试地块', countyCode: '141181', source: 'OTHER', centroid: { lon: 111.78, lat: 37.14 }, identifiedOn: '2025-01-02' },
    });
    await page.waitForFunction((id: string) => {
      const text = ((globalThis as any).document.querySelector('.graphiql-response .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' ');
      return text.includes('changeAdded') && text.includes(`"entityId": "${id}"`);
    }, added.registerPlot.id, { timeout: 20_000 });
    await page.click('.graphiql-execute-button'); // stop

    // A plot from the map's detail panel opens in GraphiQL with its query, and runs.
    await openPage('地块', 'plots');
    const code = (await api(eco, `{ plots(first: 1, filter: { divisionCode: "${CITY}" }) { nodes { plotCode } } }`)).plots.nodes[0].plotCode;
    await page.click(`[data-testid=plots-table] tr[data-plot-code="${code}"]`);
    await page.waitForSelector('[data-testid=open-in-graphiql]');
    await page.click('[data-testid=open-in-graphiql]');
    await page.waitForSelector('[data-testid=graphiql] .graphiql-container');
    await page.waitForFunction(() => ((globalThis as any).document.querySelector('.graphiql-query-editor .view-lines')?.textContent ?? '').includes('plot(plotCode'));
    await page.click('.graphiql-execute-button');
    await page.waitForFunction((c: string) => ((globalThis as any).document.querySelector('.graphiql-response .view-lines')?.textContent ?? '').includes(c), code, { timeout: 20_000 });
  }, 300_000);

  test('the built console loads nothing from outside the server: no external script, style, font or worker URL in web/dist', () => {
    const dist = path.join(ROOT, 'web', 'dist');
    const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    expect(html.match(/\b(src|href)\s*=\s*["']?(https?:)?\/\//gi)).toBeNull();
    const assets = fs.readdirSync(path.join(dist, 'assets'));
    for (const f of assets.filter((a) => a.endsWith('.css'))) {
      const css = fs.readFileSync(path.join(dist, 'assets', f), 'utf8');
      expect({ f, urls: css.match(/url\(\s*["']?(https?:)?\/\/[^)]*\)/gi) }).toEqual({ f, urls: null });
      expect({ f, imports: css.match(/@import/gi) }).toEqual({ f, imports: null });
    }
    for (const f of assets.filter((a) => a.endsWith('.js'))) {
      const js = fs.readFileSync(path.join(dist, 'assets', f), 'utf8');
      // A script, worker or module loaded from an absolute URL, or a known CDN named anywhere.
      const loads = js.match(/(importScripts|new Worker|new SharedWorker|import)\s*\(\s*[`"'](https?:)?\/\/[^`"']*/g);
      expect({ f, loads }).toEqual({ f, loads: null });
      expect({ f, cdn: js.match(/esm\.sh|cdn\.jsdelivr|unpkg\.com|cdnjs|fonts\.googleapis|embeddable-sandbox|apollo-server-landing-page/g) }).toEqual({ f, cdn: null });
    }
    // GraphiQL's Monaco workers are files of the build.
    for (const w of ['editor.worker', 'json.worker', 'graphql.worker']) expect(assets.some((a) => a.startsWith(w) && a.endsWith('.js'))).toBe(true);
  });

  test('季度调度 drill-down: a number opens the rows behind it, as many as the number, with the change against the previous quarter', async () => {
    await openPage('季度调度', 'dispatch');
    await page.selectOption('[data-testid=quarter]', '2025Q4');
    await settled();
    const r = (await api(eco, `{ jointDispatchReport(quarter: "2025Q4", divisionCode: "${CITY}") {
      rows { county { code } cells { cell stage count previous change } } total { cells { cell stage count previous change } } } }`)).jointDispatchReport;
    const open = async (row: string, col: string) => {
      await page.click(`[data-testid=dispatch-table] tr[data-row="${row}"] td[data-col="${col}"] button.cell-link`);
      await page.waitForSelector('[data-testid=cell-rows]');
      await settled();
      return page.locator('[data-testid=cell-rows] tbody tr').count();
    };
    // the total of key units on the directory
    const ku = r.total.cells.find((c: any) => c.cell === 'KEY_UNITS');
    expect(ku.count).toBeGreaterThan(0);
    expect(await open('total', 'keyUnits')).toBe(ku.count);
    expect(await text('[data-testid=cell-count]')).toBe(`共 ${ku.count} 条`);
    expect(await text('[data-testid=cell-change]')).toBe(`本季度 ${ku.count}，上季度 ${ku.previous}，变化 ${ku.change > 0 ? '+' : ''}${ku.change}`);
    expect(new URL(page.url()).searchParams.get('cell')).toBe('KEY_UNITS');
    // a county's plots in one stage
    const [row, cell] = r.rows.flatMap((x: any) => x.cells.filter((c: any) => c.cell === 'PLOTS_BY_STAGE' && c.count > 0).map((c: any) => [x, c]))[0];
    expect(await open(row.county.code, cell.stage)).toBe(cell.count);
    const list = (await api(eco, `{ jointDispatchCell(quarter: "2025Q4", divisionCode: "${CITY}", cell: PLOTS_BY_STAGE, stage: ${cell.stage}, countyCode: "${row.county.code}") { rows { plot { name } } } }`)).jointDispatchCell;
    const names = await page.$$eval('[data-testid=cell-rows] tbody tr td:nth-child(3)', (tds: any[]) => tds.map((td) => td.textContent.trim()));
    expect(names).toEqual(list.rows.map((x: any) => x.plot.name));
    await shot('drilldown');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=cell-panel] [data-testid=download-csv]')]);
    const lines = fs.readFileSync((await csv.path())!, 'utf8').trim().split('\r\n');
    expect(lines.length - 1).toBe(cell.count);
    await page.click('[data-testid=cell-close]');
    expect(await page.locator('[data-testid=cell-panel]').count()).toBe(0);

    // 项目储备: a county's projects of the year open from its number
    await openPage('项目储备', 'reserve');
    await page.selectOption('[data-testid=year]', '2025');
    await settled();
    const tr = (await api(eco, `{ reserveTracker(year: 2025, divisionCode: "${CITY}") { rows { county { code } projects } } }`)).reserveTracker;
    const withProjects = tr.rows.find((x: any) => x.projects > 0);
    expect(withProjects).toBeDefined();
    await page.click(`[data-testid=reserve-table] tr[data-row="${withProjects.county.code}"] td[data-col=projects] button.cell-link`);
    await page.waitForSelector('[data-testid=reserve-cell-rows]');
    await settled();
    expect(await page.locator('[data-testid=reserve-cell-rows] tbody tr').count()).toBe(withProjects.projects);
  });

  test('问题清单: the OVERDUE duties and open violations at a quarter end equal the API; XLSX/CSV downloads', async () => {
    await openPage('问题清单', 'problems');
    await page.selectOption('[data-testid=problems-quarter]', '2025Q4');
    await settled();
    const p = (await api(eco, `{ problems(divisionCode: "${CITY}", quarter: "2025Q4") { asOf rows { source subject } byCounty { county { code } total } } }`)).problems;
    expect(p.rows.length).toBeGreaterThan(0);
    expect(await text('[data-testid=problems-total]')).toBe(String(p.rows.length));
    expect(await text('[data-testid=problems-caption]')).toContain(`截至 ${p.asOf}`);
    const subjects = await page.$$eval('[data-testid=problems-table] tbody tr td:nth-child(4)', (tds: any[]) => tds.map((td) => td.textContent.trim()));
    expect(subjects).toEqual(p.rows.map((x: any) => x.subject));
    const counties = await page.$$eval('[data-testid=problems-by-county] tbody tr', (trs: any[]) => trs.map((tr) => [tr.getAttribute('data-row'), tr.lastElementChild.textContent.trim()]));
    expect(counties).toEqual(p.byCounty.filter((c: any) => c.total > 0).map((c: any) => [c.county.code, String(c.total)]));
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-csv]')]);
    expect(csv.suggestedFilename()).toBe(`问题清单-${CITY}-${p.asOf}.csv`);
    expect(fs.readFileSync((await csv.path())!, 'utf8').trim().split('\r\n').length - 1).toBe(p.rows.length);
    await shot('problems');
  });

  test('清零核查: each 一住两公 plot with its checklist equals the API', async () => {
    await openPage('清零核查', 'review');
    const r = (await api(eco, `{ zeroViolationReview(divisionCode: "${CITY}") { plots { plot { id } problems steps { step state } } } }`)).zeroViolationReview;
    expect(r.plots.length).toBeGreaterThan(0);
    const shown = await page.$$eval('[data-testid=review-table] tbody tr', (trs: any[]) => trs.map((tr) => tr.getAttribute('data-row')));
    expect(shown).toEqual(r.plots.map((x: any) => x.plot.id));
    const first = r.plots[0];
    for (const s of first.steps) {
      expect(await page.locator(`[data-testid=review-table] tr[data-row="${first.plot.id}"] td[data-col=${s.step}]`).getAttribute('class')).toContain(s.state.toLowerCase());
    }
    await shot('review');
  });

  test('a HOUSING token sees 无权限 on 季度调度 and 项目储备, and the parts it may read', async () => {
    await page.click('[data-testid=sign-out]');
    await page.waitForSelector('[data-testid=token]');
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('soilshare.token'))).toBeNull();
    await signIn(housing);
    await openPage('季度调度', 'dispatch');
    await page.waitForSelector('[data-testid=no-access]');
    expect(await text('[data-page=dispatch] [data-testid=no-access]')).toContain('无权限');
    expect(await page.locator('[data-testid=dispatch-table]').count()).toBe(0);
    // No export buttons for a report the token may not read (the server refuses the export as well).
    expect(await page.locator('[data-testid=download-xlsx]').count()).toBe(0);
    const refusedExport = await page.evaluate(async (token: string) => (await fetch('/exports/joint-dispatch.xlsx?quarter=2025Q3&divisionCode=141100', { headers: { authorization: `Bearer ${token}` } })).status, housing);
    expect(refusedExport).toBe(403);
    await shot('no-access');

    await openPage('项目储备', 'reserve');
    await page.waitForSelector('[data-testid=no-access]');
    expect(await text('[data-page=reserve] [data-testid=no-access]')).toContain('无权限');
    expect(await page.locator('[data-testid=reserve-table]').count()).toBe(0);

    // HOUSING reads plots, obligations and violations; the units' phone numbers are ECO's only.
    await openPage('地块', 'plots');
    const plots = (await api(housing, `{ plots(filter: { divisionCode: "${CITY}" }) { totalCount } }`)).plots;
    expect(await text('[data-testid=plots-total] b')).toBe(String(plots.totalCount));
    await openPage('待办', 'todo');
    const n = (await t.gql(housing, `{ obligations(state: OVERDUE, divisionCode: "${CITY}") { kind } }`)).data!.obligations.length;
    expect(await text('[data-testid=obligations-total] b')).toBe(String(n));
    expect(await page.locator('[data-testid=obligations-table] [data-testid=no-access]').count()).toBe(n);

    // GraphiQL for HOUSING: its own examples (the problem list as its quarterly report), docs without the reports it may not read.
    await openPage('GraphiQL', 'graphiql');
    await page.waitForSelector('[data-testid=graphiql] .graphiql-container');
    expect(await text('[data-testid=example-quarterly]')).toContain('问题清单');
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.click('.graphiql-doc-explorer a:text-is("Query")');
    await page.waitForSelector('.graphiql-doc-explorer a:text-is("problems")');
    expect(await page.locator('.graphiql-doc-explorer a:text-is("jointDispatchReport")').count()).toBe(0);
  });

  test('no script errors and no request outside the server', () => {
    expect(pageErrors).toEqual([]);
  });
});
