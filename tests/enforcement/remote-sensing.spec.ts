/**
 * The remote-sensing import (卫星遥感非现场检查, RULES §10): a batch over known plots gives exactly the expected
 * leads — one per polygon and plot where regular works would be refused at the acquisition date (gate 4, the
 * same answer as Plot.clearance.regularConstruction), boundaries or, without one, the centroid; polygons that
 * touch nothing are kept and counted; a county token reaches only its county's plots; a batch is imported once;
 * bad geometry is BAD_USER_INPUT naming the feature; a refused import leaves nothing; thousands of polygons take
 * a constant number of statements.
 */
import { COUNTY, OTHER_COUNTY, ok, startWorld, walk, World, Stage } from '../workflow/helpers';
import { refused } from '../helpers/assert';

let w: World;
let ecoOther: string, nr: string, ps: string, housing: string;
beforeAll(async () => {
  w = await startWorld();
  ecoOther = await w.t.token('ECO', OTHER_COUNTY);
  nr = w.tok.nr;
  housing = w.tok.housing;
  ps = await w.t.token('PUBLIC_SECURITY', COUNTY);
});
afterAll(async () => { await w.stop(); });

const sql = (q: string, params: unknown[] = []) => w.t.app.orm.em.fork().getConnection().execute(q, params);

type Ring = [number, number][];
const rect = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]] as Ring] });
const feature = (geometry: object, id?: string) => ({ type: 'Feature', properties: { 图斑编号: id ?? null }, geometry });
const fc = (features: object[]) => ({ type: 'FeatureCollection', features });

let seq = 0;
/** A plot with a boundary (or only a centroid), walked along `stages` from 2024-01-01 (one move every 20 days). */
async function plot(o: { boundary?: object; centroid?: { lon: number; lat: number }; source?: string; currentUseCode?: string; stages?: Stage[]; token?: string; county?: string }) {
  const r = await w.gql(o.token ?? w.tok.eco, `mutation($input: PlotInput!) { registerPlot(input: $input) { id plotCode stage version } }`, {
    input: { name: `遥感测试地块${++seq}`, countyCode: o.county ?? COUNTY, source: o.source ?? 'KEY_INDUSTRY_SURVEY', identifiedOn: '2024-01-01', boundary: o.boundary, centroid: o.centroid, currentUseCode: o.currentUseCode },
  });
  const p = ok(r).registerPlot;
  return o.stages?.length ? walk(w, p, o.stages) : p;
}

const IMPORT = `mutation($input: RemoteSensingImportInput!) { importRemoteSensing(input: $input) {
  batch { id batchNo acquiredOn polygonCount leadCount untouchedCount } polygons leadsCreated untouched
  leads { id source state plot { id } polygon { featureIndex batch { batchNo } } } } }`;
const importBatch = (token: string, batchNo: string, acquiredOn: string, collection: object) =>
  w.gql(token, IMPORT, { input: { batchNo, acquiredOn, featureCollection: collection } });

/** The answer's leads as "featureIndex:plotId", sorted. */
const pairs = (r: any) => r.leads.map((l: any) => `${l.polygon.featureIndex}:${l.plot.id}`).sort();

describe('importRemoteSensing', () => {
  it('turns exactly the polygons over plots where regular works would be refused into leads, and counts the rest', async () => {
    const X = 112.70, Y = 37.70;
    const p1 = await plot({ boundary: rect(X, Y, X + 0.002, Y + 0.002) }); // SUSPECTED, SURVEY trigger: investigation required
    const p2 = await plot({ boundary: rect(X + 0.004, Y, X + 0.006, Y + 0.002), stages: ['UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT', 'LISTED'] }); // directory
    const p3 = await plot({ boundary: rect(X + 0.010, Y, X + 0.012, Y + 0.002), stages: ['UNDER_INVESTIGATION', 'BELOW_SCREENING'] }); // cleared
    const p4 = await plot({ centroid: { lon: X + 0.016, lat: Y + 0.001 }, stages: ['UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT'] }); // no boundary
    // SUSPECTED, its only trigger a use change of land already in 一住两公 use (the plans' exemption): nothing stands.
    const p5 = await plot({ boundary: rect(X + 0.020, Y, X + 0.022, Y + 0.002), source: 'LAND_USE_CHANGE', currentUseCode: '0701' });
    const p6 = await plot({ boundary: rect(X + 0.030, Y, X + 0.032, Y + 0.002), token: w.tok.ecoCity, county: OTHER_COUNTY }); // another county

    // The gate's own answer (TypeScript) for each plot today: the import must agree with it.
    const refusedNow: string[] = [];
    for (const p of [p1, p2, p3, p4, p5]) {
      const c = ok(await w.gql(w.tok.eco, `query($id: ID!) { plot(id: $id) { clearance { regularConstruction } } }`, { id: p.id })).plot.clearance;
      if (!c.regularConstruction) refusedNow.push(p.id);
    }
    expect(refusedNow).toEqual([p1.id, p2.id, p4.id]);

    const batch = fc([
      feature(rect(X + 0.0005, Y + 0.0005, X + 0.0010, Y + 0.0010), 'A'), // 0: inside p1
      feature(rect(X + 0.0015, Y + 0.0005, X + 0.0045, Y + 0.0010), 'B'), // 1: across p1 and p2
      feature(rect(X + 0.0105, Y + 0.0005, X + 0.0110, Y + 0.0010), 'C'), // 2: inside p3 (cleared): untouched
      feature(rect(X + 0.0155, Y + 0.0005, X + 0.0165, Y + 0.0015), 'D'), // 3: around p4's centroid
      feature(rect(X + 0.5, Y + 0.5, X + 0.501, Y + 0.501), 'E'), // 4: far away: untouched
      feature(rect(X + 0.006, Y + 0.0005, X + 0.007, Y + 0.0010), 'F'), // 5: shares p2's east edge
      feature(rect(X + 0.0205, Y + 0.0005, X + 0.0210, Y + 0.0010), 'G'), // 6: inside p5 (no standing trigger): untouched
      feature(rect(X + 0.0305, Y + 0.0005, X + 0.0310, Y + 0.0010), 'H'), // 7: p6, outside the token's county: untouched for it
      feature({ type: 'MultiPolygon', coordinates: [rect(X + 0.9, Y, X + 0.901, Y + 0.001).coordinates, rect(X + 0.0011, Y + 0.0011, X + 0.0012, Y + 0.0012).coordinates] }, 'I'), // 8: one part in p1
    ]);
    const r = ok(await importBatch(w.tok.eco, 'YG-2025-01', '2025-06-20', batch)).importRemoteSensing;
    expect(pairs(r)).toEqual([`0:${p1.id}`, `1:${p1.id}`, `1:${p2.id}`, `3:${p4.id}`, `5:${p2.id}`, `8:${p1.id}`].sort());
    expect(r).toMatchObject({ polygons: 9, leadsCreated: 6, untouched: 4, batch: { batchNo: 'YG-2025-01', acquiredOn: '2025-06-20', polygonCount: 9, leadCount: 6, untouchedCount: 4 } });
    expect(r.leads.every((l: any) => l.source === 'REMOTE_SENSING' && l.state === 'NEW' && l.polygon.batch.batchNo === 'YG-2025-01')).toBe(true);

    // Kept: every polygon of the batch, the untouched ones with no lead.
    const kept = await sql(`select p.feature_index, p.matched_plots, (select count(*)::int from lead l where l.polygon_id = p.id) as leads from remote_sensing_polygon p join remote_sensing_batch b on b.id = p.batch_id where b.batch_no = 'YG-2025-01' order by p.feature_index`);
    expect(kept.map((k: any) => [k.feature_index, k.matched_plots, k.leads])).toEqual([[0, 1, 1], [1, 2, 2], [2, 0, 0], [3, 1, 1], [4, 0, 0], [5, 1, 1], [6, 0, 0], [7, 0, 0], [8, 1, 1]]);

    // The plots' leads, on the plot (Plot.leads), and the feed and audit trail of the one transaction.
    const onPlot = ok(await w.gql(w.tok.eco, `query($id: ID!) { plot(id: $id) { leads { id source polygon { featureIndex } } } }`, { id: p1.id })).plot.leads;
    expect(onPlot.map((l: any) => l.polygon.featureIndex).sort()).toEqual([0, 1, 8]);
    const feed = ok(await w.gql(w.tok.eco, `{ changes(first: 1000) { nodes { entity entityId action } } }`)).changes.nodes;
    expect(feed.filter((c: any) => c.entity === 'Lead').map((c: any) => c.entityId).sort()).toEqual(r.leads.map((l: any) => l.id).sort());
    // The batch has no county of its own: its feed row is the platform's (county null), not a county token's.
    const batchRows = await sql(`select county_code from change_log where entity = 'RemoteSensingBatch' and entity_id = ?`, [String(r.batch.id)]);
    expect(batchRows).toEqual([{ county_code: null }]);
    const audit = await sql(`select count(*)::int as n from audit_log where operation = 'importRemoteSensing' and outcome = 'OK'`);
    expect(audit[0].n).toBe(7);

    // The other county's token, over the same polygons (another batch number): only its plot p6.
    const other = ok(await importBatch(ecoOther, 'YG-2025-01-B', '2025-06-20', batch)).importRemoteSensing;
    expect(pairs(other)).toEqual([`7:${p6.id}`]);
    expect(other.untouched).toBe(8);

    // As of an earlier date: p3 was then under investigation with its survey trigger (refused), p2 under risk assessment (refused).
    const early = ok(await importBatch(w.tok.eco, 'YG-2024-01', '2024-02-01', fc([feature(rect(X + 0.0105, Y + 0.0005, X + 0.0110, Y + 0.0010))]))).importRemoteSensing;
    expect(pairs(early)).toEqual([`0:${p3.id}`]);
    // Before a plot existed it is not one: imagery of 2023 finds none of them.
    const before = ok(await importBatch(w.tok.eco, 'YG-2023-01', '2023-12-01', batch)).importRemoteSensing;
    expect(before).toMatchObject({ leadsCreated: 0, untouched: 9 });
    void p5;
  });

  it('imports a batch once: the same batch number again is CONFLICT and adds nothing', async () => {
    const one = fc([feature(rect(113.0, 37.0, 113.001, 37.001))]);
    ok(await importBatch(w.tok.eco, 'YG-DUP', '2025-06-01', one));
    refused(await importBatch(w.tok.eco, 'YG-DUP', '2025-06-01', one), 'CONFLICT');
    const n = await sql(`select count(*)::int as n from remote_sensing_polygon p join remote_sensing_batch b on b.id = p.batch_id where b.batch_no = 'YG-DUP'`);
    expect(n[0].n).toBe(1);
  });

  it('refuses bad geometry at the edge, naming the feature, and writes nothing', async () => {
    const good = feature(rect(113.1, 37.1, 113.101, 37.101));
    const open = { type: 'Polygon', coordinates: [[[113.1, 37.1], [113.2, 37.1], [113.2, 37.2], [113.1, 37.2]]] };
    const cases: [object, string][] = [
      [{ type: 'Feature' }, 'input.featureCollection.type'],
      [{ type: 'FeatureCollection', features: [] }, 'input.featureCollection.features'],
      [fc([good, feature({ type: 'Point', coordinates: [113, 37] })]), 'input.featureCollection.features[1].geometry'],
      [fc([good, feature(open)]), 'input.featureCollection.features[1].geometry'],
      [fc([feature(rect(213, 37, 213.1, 37.1))]), 'input.featureCollection.features[0].geometry'],
      [fc([good, { type: 'Feature', geometry: null }]), 'input.featureCollection.features[1].geometry'],
      [fc([good, 'x' as never]), 'input.featureCollection.features[1]'],
    ];
    for (const [collection, field] of cases) refused(await importBatch(w.tok.eco, 'YG-BAD', '2025-06-01', collection), 'BAD_USER_INPUT', field);
    refused(await importBatch(w.tok.eco, 'YG-BAD', '2099-06-01', fc([good])), 'BAD_USER_INPUT', 'input.acquiredOn');
    refused(await importBatch(w.tok.eco, '  ', '2025-06-01', fc([good])), 'BAD_USER_INPUT', 'input.batchNo');
    const n = await sql(`select count(*)::int as n from remote_sensing_batch where batch_no = 'YG-BAD'`);
    expect(n[0].n).toBe(0);
  });

  it('only ECO imports; NATURAL_RESOURCES reads the batches; the rest are refused', async () => {
    const one = fc([feature(rect(113.2, 37.2, 113.201, 37.201))]);
    for (const t of [nr, housing, ps, w.tok.approvals]) refused(await importBatch(t, 'YG-FORBIDDEN', '2025-06-01', one), 'FORBIDDEN');
    expect(ok(await w.gql(nr, `{ remoteSensingBatches { batchNo } }`)).remoteSensingBatches.length).toBeGreaterThan(0);
    // Another county's token lists the batches it imported or that gave leads in its county, not this county's.
    const other = ok(await w.gql(ecoOther, `{ remoteSensingBatches { batchNo } }`)).remoteSensingBatches.map((b: any) => b.batchNo);
    expect(other).toEqual(['YG-2025-01-B']);
    for (const t of [housing, ps]) refused(await w.gql(t, `{ remoteSensingBatches { batchNo } }`), 'FORBIDDEN');
  });

  it('POST /imports/remote-sensing: the same import for large deliveries — 5,000 polygons in a constant number of statements', async () => {
    const X = 112.60, Y = 37.60;
    // 50 refused plots on a grid; polygons on a 100 × 50 grid, every 100th one over a plot.
    const plots: any[] = [];
    for (let i = 0; i < 10; i++) plots.push(await plot({ boundary: rect(X + i * 0.01, Y, X + i * 0.01 + 0.002, Y + 0.002) }));
    const features: object[] = [];
    for (let i = 0; i < 5000; i++) {
      const gx = X + (i % 100) * 0.001 + 0.0002, gy = Y + Math.floor(i / 100) * 0.001 + 0.0002;
      features.push(feature(rect(gx, gy, gx + 0.0005, gy + 0.0005)));
    }
    const post = (batchNo: string, body: object, acquiredOn = '2025-06-25') => fetch(`${w.t.url.replace(/\/graphql$/, '')}/imports/remote-sensing?batchNo=${encodeURIComponent(batchNo)}&acquiredOn=${acquiredOn}`, {
      method: 'POST', headers: { 'content-type': 'application/geo+json', authorization: `Bearer ${w.tok.eco}` }, body: JSON.stringify(body),
    });
    const small = await w.t.countStatements(() => post('YG-BULK-50', fc(features.slice(0, 50))));
    expect(small.result.status).toBe(200);
    const started = Date.now();
    const big = await w.t.countStatements(() => post('YG-BULK-5000', fc(features)));
    const ms = Date.now() - started;
    expect(big.result.status).toBe(200);
    const answer = await big.result.json() as any;
    // Polygons whose grid cell overlaps a plot: plot i covers x in [i*0.01, i*0.01+0.002] (cells 10i, 10i+1 and
    // 10i+2 touch it), y in [0, 0.002] (rows 0, 1 and 2 touch it).
    let expected = 0;
    for (let i = 0; i < 5000; i++) {
      const cx = (i % 100) * 0.001 + 0.0002, cy = Math.floor(i / 100) * 0.001 + 0.0002;
      for (let p = 0; p < 10; p++) if (cx <= p * 0.01 + 0.002 + 1e-12 && cx + 0.0005 >= p * 0.01 && cy <= 0.002 + 1e-12) expected++;
    }
    expect(answer.polygons).toBe(5000);
    expect(answer.leadsCreated).toBe(expected);
    expect(answer.untouched).toBe(5000 - expected);
    // A constant number of statements besides the leads' own inserts and feed rows (batched): not one per polygon.
    console.log(`remote-sensing import: 5,000 polygons, ${expected} leads, ${big.statements} statements (50 polygons: ${small.statements}), ${ms} ms`);
    expect(big.statements).toBeLessThanOrEqual(small.statements + 10);
    expect(big.statements).toBeLessThan(60);

    // Refusals through the route: the same batch again (409), a body that is not a FeatureCollection (400), no token (401).
    expect((await post('YG-BULK-5000', fc(features.slice(0, 1)))).status).toBe(409);
    const bad = await post('YG-BULK-BAD', { type: 'FeatureCollection', features: [feature({ type: 'Point', coordinates: [112, 37] })] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).errors[0].extensions.field).toBe('featureCollection.features[0].geometry');
    const tooMany = await post('YG-BULK-MANY', fc(Array(20_001).fill(features[0])));
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as any).errors[0].extensions.field).toBe('featureCollection.features');
    const member = await fetch(`${w.t.url.replace(/\/graphql$/, '')}/imports/remote-sensing`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${w.tok.eco}` },
      body: JSON.stringify({ ...fc(features.slice(0, 2)), batchNo: 'YG-MEMBERS', acquiredOn: '2025-06-25' }),
    });
    expect(member.status).toBe(200);
    const anon = await fetch(`${w.t.url.replace(/\/graphql$/, '')}/imports/remote-sensing?batchNo=X&acquiredOn=2025-06-25`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anon.status).toBe(401);
    void plots;
  });
});
