/**
 * The demo's enforcement story over 孝义 (seeds/demo/data.ts, section G) replayed through the services: the
 * remote-sensing batch's leads are on the plots it names (the loader checks the exact set), the case referred
 * to 孝义市公安局 is the only one 孝义's police see, with their feedback, and the joint meeting's minutes are read.
 */
import { loadDemo } from '../../seeds/demo/load';
import { startTestApp, TestApp } from '../helpers/app';
import { ok, refused } from '../helpers/assert';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.app);
}, 180_000);
afterAll(async () => { await t.stop(); });

it('shows the 孝义 batch, the referred case and the meeting to each bureau as its parts allow', async () => {
  const eco = await t.token('ECO', '141181', '孝义市生态环境分局');
  const police = await t.token('PUBLIC_SECURITY', '141181', '孝义市公安局');
  const housing = await t.token('HOUSING', '141181', '孝义市住房和城乡建设局');
  const batches = ok(await t.gql(eco, `{ remoteSensingBatches { batchNo polygonCount leadCount untouchedCount } }`)).remoteSensingBatches;
  expect(batches).toEqual([{ batchNo: '孝义市2025年第三季度卫星遥感变化图斑（示例）', polygonCount: 4, leadCount: 2, untouchedCount: 2 }]);
  const leads = ok(await t.gql(eco, `{ leads(filter: { divisionCode: "141181" }) { nodes { source state plot { name inspections { method problems } cases { caseNo state policeFeedback } } } } }`)).leads.nodes;
  expect(leads.map((l: any) => [l.plot.name, l.state]).sort()).toEqual([['孝义市示例棚户区改造项目地块', 'VERIFYING'], ['孝义市示例铝业有限公司赤泥堆场周边地块', 'CASE']]);
  const alu = leads.find((l: any) => l.state === 'CASE').plot;
  expect(alu.inspections[0].method).toBe('ON_SITE');
  expect(alu.cases).toEqual([{ caseNo: '孝环立〔2025〕031号（示例）', state: 'REFERRED', policeFeedback: '已受理，经审查符合立案条件，已立案侦查（示例）。' }]);

  const seen = ok(await t.gql(police, `{ cases { nodes { caseNo referredTo policeFeedback } } jointMeetings { title decisions cases { caseNo } } }`));
  expect(seen.cases.nodes).toEqual([{ caseNo: '孝环立〔2025〕031号（示例）', referredTo: '孝义市公安局', policeFeedback: '已受理，经审查符合立案条件，已立案侦查（示例）。' }]);
  expect(seen.jointMeetings[0].cases).toEqual([{ caseNo: '孝环立〔2025〕031号（示例）' }]);
  refused(await t.gql(police, `{ leads { nodes { id } } }`), 'FORBIDDEN');
  expect(ok(await t.gql(housing, `{ jointMeetings { title decisions } }`)).jointMeetings[0].decisions.length).toBe(4);
});
