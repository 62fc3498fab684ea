import { startTestApp, TestApp } from './helpers/app';
let t: TestApp;
beforeAll(async () => { t = await startTestApp({ log: (m) => console.log(m) }); });
afterAll(async () => { await t?.stop(); });
it('dbg', async () => {
  const eco = await t.token('ECO', '141181');
  console.log(JSON.stringify(await t.gql(eco, `{ keyUnits(filter: {search: "x"}) { totalCount nodes { id } } }`)));
  console.log(JSON.stringify(await t.gql(eco, `{ plots(filter: {search: "x"}) { totalCount nodes { id } } }`)));
  console.log(JSON.stringify(await t.gql(eco, `mutation { upsertKeyUnit(input: {creditCode: "x", name: "a", countyCode: "141181", industry: "x", listedOn: "2025-02-30"}) { id } }`)));
  console.log(JSON.stringify(await t.gql(eco, `mutation($d: Date!) { upsertKeyUnit(input: {creditCode: "x", name: "a", countyCode: "141181", industry: "x", listedOn: $d}) { id } }`, { d: '2025-02-30' })));
  console.log(JSON.stringify(await t.gql(eco, `mutation($i: KeyUnitInput!) { upsertKeyUnit(input: $i) { id } }`, { i: {creditCode: "x", name: "a", countyCode: "141181", industry: "x", listedOn: '2025-02-30'} })));
});
