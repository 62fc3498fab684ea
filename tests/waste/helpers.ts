/**
 * Shared steps of the waste specs (RULES §11): every step through the GraphQL API with the token of the agency that
 * does it. Rows live in 榆次区 (140702) unless a spec says otherwise; 孝义市 (141181) holds the Xiaoyi plan's plants.
 */
import { ok } from '../helpers/assert';
import { makeCreditCode } from '../../src/validation/uscc';
import type { World } from '../workflow/helpers';

export const XIAOYI = '141181';
let seq = 0;
export function creditCode(county = '140702'): string {
  seq += 1;
  return makeCreditCode(`91${county}MA${String(Date.now() % 1e3).padStart(3, '0')}${String(seq).padStart(4, '0')}`);
}

export const YARD = `id name operatorName operatorCreditCode registeredOn closedOn version wasteTypes capacityTonnes
  county { code } centroid { lon lat } landProcedure { documentNo issuedOn } eiaProcedure { documentNo issuedOn }`;

export async function registerYard(w: World, token: string, o: { county?: string; registeredOn?: string; name?: string; land?: boolean } = {}) {
  const r = await w.gql(token, `mutation($i: SolidWasteYardInput!) { registerSolidWasteYard(input: $i) { ${YARD} } }`, {
    i: {
      countyCode: o.county ?? '140702', name: o.name ?? `示例煤矸石堆场${++seq}`, operatorName: '示例煤业有限公司', operatorCreditCode: creditCode(o.county),
      registeredOn: o.registeredOn ?? '2025-03-01', wasteTypes: ['煤矸石', '粉煤灰'], capacityTonnes: '120000', centroid: { lon: 112.75, lat: 37.69 },
      ...(o.land ? { landDocumentNo: '晋中国土〔2024〕11号', landIssuedOn: '2024-05-01' } : {}),
    },
  });
  return ok(r).registerSolidWasteYard;
}

export function inspect(w: World, token: string, yardId: string, on: string, method = 'ON_SITE') {
  return w.gql(token, `mutation($i: InspectionInput!) { recordInspection(input: $i) { id inspectedOn method agency subjectKind solidWasteYard { id } } }`,
    { i: { subjectKind: 'SOLID_WASTE_YARD', subjectId: yardId, inspectedOn: on, method, findings: '台账完整，防尘网覆盖到位' } });
}

/** MONTHLY_INSPECTION rows of one yard from the `duties` query at a date, as [month's last day, state]. */
export async function monthlyDuties(w: World, token: string, yardId: string, asOf: string, division = '140702') {
  const r = ok(await w.gql(token, `query($d: ID, $on: Date) { duties(divisionCode: $d, subject: SOLID_WASTE_YARD, kind: MONTHLY_INSPECTION, asOf: $on) {
    kind state dueOn detail solidWasteYard { id } } }`, { d: division, on: asOf }));
  return (r.duties as any[]).filter((d) => d.solidWasteYard?.id === yardId).map((d) => [d.dueOn, d.state]);
}

/** The change feed's end cursor for a token (walks every page). */
export async function feedEnd(w: World, token: string): Promise<string | null> {
  let cursor: string | null = null;
  for (;;) {
    const page: any = ok(await w.gql(token, `query($a: String) { changes(after: $a, first: 500) { nodes { entity } pageInfo { endCursor } } }`, { a: cursor })).changes;
    if (!page.nodes.length) return cursor;
    cursor = page.pageInfo.endCursor;
  }
}

/** The change feed after a cursor. */
export async function changesAfter(w: World, token: string, cursor: string | null): Promise<{ entity: string; entityId: string; action: string; fields: string[]; agency: string }[]> {
  return ok(await w.gql(token, `query($a: String) { changes(after: $a, first: 500) { nodes { entity entityId action fields agency } } }`, { a: cursor })).changes.nodes;
}
