/**
 * Legacy hazardous waste of the closed 4.3 m coke plants (遗留危废, Xiaoyi plan 8; RULES §11): the five named plants'
 * inventories and disposals add up in the quarterly report and its drill-down; DISPOSAL by its deadline; the monthly
 * manifest counts imported by credit code (CSV), all lines or none; agencies and scope.
 */
import { codeOf, ok, startWorld, World } from '../workflow/helpers';
import { creditCode, XIAOYI } from './helpers';

let w: World;
let eco: string;
let nr: string;
beforeAll(async () => {
  w = await startWorld();
  eco = await w.t.token('ECO', XIAOYI, '孝义市生态环境分局');
  nr = await w.t.token('NATURAL_RESOURCES', XIAOYI, '孝义市自然资源局');
});
afterAll(async () => { await w.stop(); });

const PLANTS: [string, [string, string, string][], string[]][] = [
  // name, inventory [code, description, tonnes], disposals (tonnes of the first line)
  ['金晖', [['HW11', '焦油渣', '420.5'], ['HW08', '废矿物油', '12.25']], ['120', '100.5']],
  ['红沟', [['HW11', '焦油渣', '310']], ['310']],
  ['曜鑫', [['HW11', '酸焦油', '85.125'], ['HW49', '废包装物', '3.5']], []],
  ['楼东一期', [['HW11', '洗油再生残渣', '156']], ['56']],
  ['楼东二期', [['HW11', '焦油渣', '230.75']], ['0.75']],
];

async function loadPlant(name: string, items: [string, string, string][], disposals: string[]) {
  const site = ok(await w.gql(eco, `mutation($i: LegacyWasteSiteInput!) { registerLegacyWasteSite(input: $i) { id creditCode } }`, {
    i: { countyCode: XIAOYI, name: `孝义市${name}煤焦有限公司（4.3米焦炉，示例）`, creditCode: creditCode(XIAOYI), closedOn: '2023-05-16' },
  })).registerLegacyWasteSite;
  const ids: string[] = [];
  for (const [code, description, tonnes] of items) {
    ids.push(ok(await w.gql(eco, `mutation($s: ID!, $c: String!, $d: String!, $t: Quantity!) { recordLegacyWaste(siteId: $s, wasteCode: $c, description: $d, tonnes: $t,
      inventoriedOn: "2024-03-01", disposeBy: "2025-12-31") { id } }`, { s: site.id, c: code, d: description, t: tonnes })).recordLegacyWaste.id);
  }
  for (const [k, t] of disposals.entries()) {
    ok(await w.gql(eco, `mutation($i: ID!, $t: Quantity!, $on: Date!) { recordLegacyWasteDisposal(itemId: $i, disposedOn: $on, tonnes: $t, receiverName: "山西示例危废处置有限公司",
      receiverCreditCode: "${creditCode('140100')}", receiverLicenceNo: "晋危废经第140100示例号", manifestNo: "HW-${site.id}-${k}") { id } }`, { i: ids[0], t, on: `2025-0${4 + k}-15` }));
  }
  return { ...site, items: ids };
}

const milli = (s: string) => Math.round(Number(s) * 1000);

describe('the five named plants', () => {
  let sites: any[];
  beforeAll(async () => {
    sites = [];
    for (const [name, items, disposals] of PLANTS) sites.push(await loadPlant(name, items, disposals));
  });

  it("their legacy waste totals add up in the report, its total and the drill-down", async () => {
    const expected = PLANTS.reduce((s, [, items, disposals]) => s + items.reduce((a, i) => a + milli(i[2]), 0) - disposals.reduce((a, d) => a + milli(d), 0), 0);
    // 金晖 420.5+12.25-220.5 = 212.25; 红沟 0; 曜鑫 88.625; 楼东一期 100; 楼东二期 230 → 630.875
    expect(expected).toBe(630_875);
    const perSite = ok(await w.gql(eco, `{ legacyWasteSites(divisionCode: "${XIAOYI}") { name totalTonnes remainingTonnes inventory { wasteCode remainingTonnes } } }`)).legacyWasteSites;
    expect(perSite).toHaveLength(5);
    expect(perSite.reduce((s: number, x: any) => s + milli(x.remainingTonnes), 0)).toBe(expected);

    const r = ok(await w.gql(eco, `{ jointDispatchReport(quarter: "2025Q2", divisionCode: "${XIAOYI}") { rows { county { code } legacyWasteRemainingTonnes } total { legacyWasteRemainingTonnes } } }`)).jointDispatchReport;
    expect(r.rows).toEqual([{ county: { code: XIAOYI }, legacyWasteRemainingTonnes: '630.875' }]);
    expect(r.total.legacyWasteRemainingTonnes).toBe('630.875');
    // 2025Q1 (31 March): nothing disposed yet, the whole inventory.
    const q1 = ok(await w.gql(eco, `{ jointDispatchReport(quarter: "2025Q1", divisionCode: "${XIAOYI}") { total { legacyWasteRemainingTonnes } } }`)).jointDispatchReport;
    expect(q1.total.legacyWasteRemainingTonnes).toBe('1218.125');
    // the drill-down: one row per inventory line with waste left, its tonnes summing to the cell
    const list = ok(await w.gql(eco, `{ jointDispatchCell(cell: LEGACY_WASTE_REMAINING, divisionCode: "${XIAOYI}", quarter: "2025Q2") {
      count rows { subject kind quantity legacyWasteSite { name } } } }`)).jointDispatchCell;
    expect(list.rows.reduce((s: number, x: any) => s + milli(x.quantity), 0)).toBe(expected);
    expect(list.rows).toHaveLength(6); // 红沟's one line is all disposed
    expect(list.count).toBe(6);
    expect(new Set(list.rows.map((x: any) => x.legacyWasteSite.name)).size).toBe(4);
  });

  it('DISPOSAL is met when all is disposed, overdue after its deadline; more than is left is refused', async () => {
    const duty = async (asOf: string) => ok(await w.gql(eco, `query($on: Date) { duties(divisionCode: "${XIAOYI}", kind: DISPOSAL, asOf: $on) { state dueOn legacyWasteSite { name } } }`, { on: asOf }))
      .duties.map((d: any) => d.state).sort();
    expect(await duty('2025-06-30')).toEqual(['DUE', 'DUE', 'DUE', 'DUE', 'DUE', 'DUE', 'MET']);
    expect(await duty('2026-01-01')).toEqual(['MET', 'OVERDUE', 'OVERDUE', 'OVERDUE', 'OVERDUE', 'OVERDUE', 'OVERDUE']);
    const r = await w.gql(eco, `mutation($i: ID!) { recordLegacyWasteDisposal(itemId: $i, disposedOn: "2025-06-20", tonnes: "100.001", receiverName: "x", receiverCreditCode: "${creditCode('140100')}", receiverLicenceNo: "y") { id } }`,
      { i: sites[3].items[0] });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.field).toBe('tonnes');
    expect(codeOf(await w.gql(eco, `mutation($s: ID!) { recordLegacyWaste(siteId: $s, wasteCode: "HW99", description: "x", tonnes: "1", inventoriedOn: "2025-01-01") { id } }`, { s: sites[0].id }))).toBe('BAD_USER_INPUT');
  });

  it('agencies and scope: ECO writes, natural resources and emergency read, housing nothing; 榆次 sees none of 孝义', async () => {
    const q = `{ legacyWasteSites { name } }`;
    expect(ok(await w.gql(nr, q)).legacyWasteSites).toHaveLength(5);
    expect(ok(await w.gql(await w.t.token('EMERGENCY', XIAOYI), q)).legacyWasteSites).toHaveLength(5);
    expect(codeOf(await w.gql(await w.t.token('HOUSING', XIAOYI), q))).toBe('FORBIDDEN');
    expect(codeOf(await w.gql(nr, `mutation($s: ID!) { recordLegacyWaste(siteId: $s, wasteCode: "HW11", description: "x", tonnes: "1", inventoriedOn: "2025-01-01") { id } }`, { s: sites[0].id }))).toBe('FORBIDDEN');
    expect(ok(await w.gql(w.tok.eco, q)).legacyWasteSites).toEqual([]);
    expect(codeOf(await w.gql(w.tok.eco, `mutation($s: ID!) { recordLegacyWaste(siteId: $s, wasteCode: "HW11", description: "x", tonnes: "1", inventoriedOn: "2025-01-01") { id } }`, { s: sites[0].id }))).toBe('NOT_FOUND');
  });

  it('monthly manifest counts import by credit code: all lines or none, with line numbers; by mutation and by POST', async () => {
    const [a, b] = [sites[0].creditCode, sites[1].creditCode];
    const imp = (csv: string) => w.gql(eco, `mutation($c: String!) { importHazardousWasteManifestCounts(csv: $c) { imported created updated unchanged } }`, { c: csv });
    const bad = await imp(`统一社会信用代码,月份,联单数\n${a},2025-04,12\n${b},2025-13,3\n91140702MA0000000X,2025-04,1\n`);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect((bad.errors![0].extensions as any).lines.map((l: any) => [l.line, l.column])).toEqual([[3, 'month'], [4, 'creditCode']]);
    const counts = async () => ok(await w.gql(eco, `{ hazardousWasteManifestCounts { creditCode month manifests } }`)).hazardousWasteManifestCounts;
    expect(await counts()).toEqual([]);
    expect(ok(await imp(`${a},2025-04,12\r\n${a},2025-05,9\r\n${b},2025-05,2`)).importHazardousWasteManifestCounts).toEqual({ imported: 3, created: 3, updated: 0, unchanged: 0 });
    expect(ok(await imp(`${a},2025-04,12\n${a},2025-05,10`)).importHazardousWasteManifestCounts).toEqual({ imported: 2, created: 0, updated: 1, unchanged: 1 });
    // A credit code of another county is unknown to this token.
    const yuciUnit = creditCode();
    expect(codeOf(await w.gql(w.tok.eco, `mutation { importHazardousWasteManifestCounts(csv: "${a},2025-04,1") { imported } }`))).toBe('BAD_USER_INPUT');
    expect(yuciUnit).toHaveLength(18);

    const post = await fetch(`${new URL(w.t.url).origin}/imports/hazardous-waste-manifests`, {
      method: 'POST', headers: { authorization: `Bearer ${eco}`, 'content-type': 'text/csv' }, body: `${b},2025-06,4\n`,
    });
    expect(post.status).toBe(200);
    expect(await post.json()).toEqual({ imported: 1, created: 1, updated: 0, unchanged: 0 });
    const refused = await fetch(`${new URL(w.t.url).origin}/imports/hazardous-waste-manifests`, {
      method: 'POST', headers: { authorization: `Bearer ${nr}`, 'content-type': 'text/csv' }, body: `${b},2025-06,5\n`,
    });
    expect(refused.status).toBe(403);
    const badPost = await fetch(`${new URL(w.t.url).origin}/imports/hazardous-waste-manifests`, {
      method: 'POST', headers: { authorization: `Bearer ${eco}`, 'content-type': 'text/csv' }, body: `${b},2025-06,x\n`,
    });
    expect(badPost.status).toBe(400);
    expect(((await badPost.json()) as any).lines).toEqual([{ line: 1, column: 'count', message: expect.any(String) }]);
    expect((await counts()).find((c: any) => c.creditCode === b && c.month === '2025-06-01').manifests).toBe(4);
    const wrongType = await fetch(`${new URL(w.t.url).origin}/imports/hazardous-waste-manifests`, {
      method: 'POST', headers: { authorization: `Bearer ${eco}`, 'content-type': 'application/json' }, body: JSON.stringify({ csv: `${b},2025-06,5` }),
    });
    expect(wrongType.status).toBe(415);
    const anonymous = await fetch(`${new URL(w.t.url).origin}/imports/hazardous-waste-manifests`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: `${b},2025-06,5\n` });
    expect(anonymous.status).toBe(401);
  });
});
