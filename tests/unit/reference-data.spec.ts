/**
 * The shipped reference data (seeds/reference): the whole GB/T 21010-2017 table with each code's 一住两公 flag
 * and GB 36600-2018 land class (RULES.md §2), the key-industry reference with its GB/T 4754-2017 codes and
 * synonyms (RULES.md §4 gate 3), and how they reach the database, the cache and the API.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../../src/db/csv';
import { PROJECT_ROOT } from '../../src/config';
import { ReferenceCache } from '../../src/modules/division/division.cache';
import { loadReferenceData } from '../../seeds/reference';
import { startTestApp, TestApp } from '../helpers/app';

const read = (file: string) => parseCsv(fs.readFileSync(path.join(PROJECT_ROOT, 'seeds/reference', file), 'utf8'));
const gb = read('landuse_gbt21010.csv').filter((r) => r.scheme === 'GB/T 21010-2017');
const byCode = new Map(gb.map((r) => [r.code, r]));

/** GB/T 21010-2017: 12 first-level classes and the number of second-level codes under each (73 in all). */
const CHILDREN: [string, number][] = [
  ['01', 3], ['02', 4], ['03', 7], ['04', 4], ['05', 7], ['06', 4], ['07', 2], ['08', 10], ['09', 6], ['10', 9], ['11', 10], ['12', 7],
];

describe('the GB/T 21010-2017 land-use table', () => {
  it('has every first-level class 01–12 and every second-level code under it, once', () => {
    expect(gb.map((r) => r.code)).toEqual([...new Set(gb.map((r) => r.code))]);
    expect(gb.filter((r) => r.code.length === 2).map((r) => r.code)).toEqual(CHILDREN.map(([c]) => c));
    for (const [first, n] of CHILDREN) {
      const children = gb.filter((r) => r.code.length === 4 && r.code.startsWith(first)).map((r) => r.code);
      const expected = Array.from({ length: n }, (_, i) => `${first}${String(i + 1).padStart(2, '0')}`);
      expect(children).toEqual(expected);
    }
    expect(gb.every((r) => /^\d{2}(\d{2})?$/.test(r.code))).toBe(true);
    expect(CHILDREN.reduce((sum, [, n]) => sum + n, 0)).toBe(73);
    expect(gb).toHaveLength(12 + 73);
  });

  it('names the codes as the standard does (spot checks)', () => {
    const names = Object.fromEntries(gb.map((r) => [r.code, r.name_zh]));
    expect(names).toMatchObject({
      '0101': '水田', '0306': '灌丛沼泽', '0507': '其他商服用地', '0701': '城镇住宅用地', '0702': '农村宅基地',
      '0803': '教育用地', '0809': '公用设施用地', '0810': '公园与绿地', '0906': '风景名胜设施用地',
      '1004': '城镇村道路用地', '1110': '冰川及永久积雪', '1206': '裸土地', '1207': '裸岩石砾地',
    });
    expect(byCode.has('0508')).toBe(false); // a 三调 working code, not GB/T 21010-2017
    for (const r of gb) {
      expect(r.name_zh).not.toBe('');
      expect(r.name_en).not.toBe('');
      expect(r.group).toBe(`${r.code.slice(0, 2)} ${byCode.get(r.code.slice(0, 2))!.name_zh}`);
    }
  });

  it('flags every 07 and 08 code 一住两公 (土壤污染防治法 Art. 59 ¶2) and no other; 0809 and 0810 are left to configuration', () => {
    for (const r of gb) {
      if (/^0[78]/.test(r.code)) expect([r.code, r.is_yizhu_lianggong]).toEqual([r.code, ['0809', '0810'].includes(r.code) ? 'uncertain' : 'Y']);
      else expect([r.code, r.is_yizhu_lianggong]).toEqual([r.code, 'N']);
    }
    expect(gb.filter((r) => /^0[78]/.test(r.code))).toHaveLength(1 + 2 + 1 + 10);
  });

  it('gives each code the GB 36600-2018 land class its use needs: 07xx, 0803, 0805, 0806 FIRST, the rest SECOND', () => {
    const cls = (c: string) => byCode.get(c)!.land_class;
    for (const c of ['07', '0701', '0702', '0803', '0805', '0806']) expect([c, cls(c)]).toEqual([c, 'FIRST']);
    for (const c of ['0601', '0807', '0810', '0809', '0801', '08', '0501', '1201']) expect([c, cls(c)]).toEqual([c, 'SECOND']);
    expect(gb.filter((r) => r.land_class === 'FIRST').map((r) => r.code)).toEqual(['07', '0701', '0702', '0803', '0805', '0806']);
    expect(gb.every((r) => r.land_class === 'FIRST' || r.land_class === 'SECOND')).toBe(true);
  });
});

describe('the key-industry reference', () => {
  const industries = read('key_industries.csv');
  const split = (s: string) => s.split(';').map((x) => x.trim()).filter(Boolean);
  const cache = new ReferenceCache();
  cache.setKeyIndustries(
    industries.map((r) => r.name),
    industries.flatMap((r) => [
      ...split(r.gbt4754_codes).map((alias) => ({ kind: 'CODE' as const, alias, industry: r.name })),
      ...split(r.synonyms).map((alias) => ({ kind: 'SYNONYM' as const, alias, industry: r.name })),
    ]),
  );

  it('lists codes and synonyms for every key industry, each naming one industry', () => {
    expect(industries.map((r) => r.name).sort()).toEqual(['危险废物处置', '农药', '制革', '化工', '有色金属冶炼', '有色金属矿采选', '焦化', '电镀', '石油加工', '石油开采'].sort());
    const codes = Object.fromEntries(industries.map((r) => [r.name, split(r.gbt4754_codes)]));
    expect(codes).toMatchObject({
      焦化: ['2521'], 农药: ['263'], 有色金属冶炼: ['32'], 有色金属矿采选: ['09'], 石油开采: ['071'], 石油加工: ['251'],
      电镀: ['3360'], 危险废物处置: ['7724'],
    });
    expect(codes['化工']).toContain('26');
    expect(codes['制革']).toContain('191');
    const all = industries.flatMap((r) => [...split(r.gbt4754_codes), ...split(r.synonyms)]);
    expect(all).toEqual([...new Set(all)]);
    for (const r of industries) expect(split(r.synonyms).length).toBeGreaterThan(0);
  });

  it.each([
    ['山西某某焦化有限公司', '焦化'],
    ['2521', '焦化'],
    ['C2521', '焦化'],
    ['2521 炼焦', '焦化'],
    ['炼焦', '焦化'],
    ['焦化', '焦化'],
    ['焦炭', '焦化'],
    ['煤焦化', '焦化'],
    ['煤化工', '化工'],
    ['精细化工', '化工'],
    ['化学原料和化学制品制造业', '化工'],
    ['26', '化工'],
    ['2614', '化工'],
    ['263', '农药'],
    ['2631', '农药'],
    ['化学农药制造', '农药'],
    ['某某农药化工有限公司', '农药'], // equal length: the more specific industry
    ['3216', '有色金属冶炼'],
    ['电解铝', '有色金属冶炼'],
    ['0911', '有色金属矿采选'],
    ['铅锌矿采选', '有色金属矿采选'],
    ['0711', '石油开采'],
    ['2511', '石油加工'],
    ['3360', '电镀'],
    ['1910', '制革'],
    ['7724', '危险废物处置'],
    ['危险废物治理', '危险废物处置'],
    ['　焦化　', '焦化'], // full-width spaces
    ['洗煤', null],
    ['25', null],
    ['07', null],
    ['2524', null],
    ['机械制造', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('keyIndustryOf(%p) is %p', (text, expected) => {
    expect(cache.keyIndustryOf(text)).toBe(expected);
  });

  it('keeps `keyIndustries` as the set of canonical names', () => {
    expect(cache.keyIndustries.has('焦化')).toBe(true);
    expect(cache.keyIndustries.has('炼焦')).toBe(false);
  });
});

describe('reference data in the database and the API', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.stop(); });

  it('serves every GB/T 21010-2017 code through `landUses` with its land class, to every agency', async () => {
    for (const agency of ['ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS']) {
      const token = await t.token(agency, '140700');
      const r = await t.gql(token, '{ landUses { code name sensitive landClass } }');
      expect(r.errors).toBeUndefined();
      const lu = new Map<string, { code: string; name: string; sensitive: boolean; landClass: string }>(r.data.landUses.map((l: any) => [l.code, l]));
      expect([...lu.keys()].sort()).toEqual(gb.map((g) => g.code).sort());
      expect(lu.get('0701')).toEqual({ code: '0701', name: '城镇住宅用地', sensitive: true, landClass: 'FIRST' });
      expect(lu.get('0803')).toMatchObject({ sensitive: true, landClass: 'FIRST' });
      expect(lu.get('0805')!.landClass).toBe('FIRST');
      expect(lu.get('0806')!.landClass).toBe('FIRST');
      expect(lu.get('0807')).toMatchObject({ sensitive: true, landClass: 'SECOND' });
      expect(lu.get('0601')).toMatchObject({ sensitive: false, landClass: 'SECOND' });
      expect(lu.get('0810')).toMatchObject({ sensitive: false, landClass: 'SECOND' });
      expect(lu.get('0101')).toEqual({ code: '0101', name: '水田', sensitive: false, landClass: 'SECOND' });
    }
  });

  it('the boot cache matches codes and synonyms from the database', () => {
    expect(t.app.cache.keyIndustryOf('山西某某焦化有限公司')).toBe('焦化');
    expect(t.app.cache.keyIndustryOf('2631')).toBe('农药');
    expect(t.app.cache.keyIndustryOf('洗煤')).toBeNull();
    expect(t.app.cache.landUses.get('0805')).toEqual({ code: '0805', name: '医疗卫生用地', sensitive: true, landClass: 'FIRST' });
  });

  it('a database loaded before this reference gets the new rows, classes and aliases at the next boot', async () => {
    const em = t.app.orm.em.fork();
    const conn = em.getConnection();
    // As a database of the earlier reference looks after the migration: 06–08 only, every class the default.
    await conn.execute(`delete from land_use where code not like '06%' and code not like '07%' and code not like '08%'`);
    await conn.execute(`update land_use set land_class = 'SECOND'`);
    await conn.execute(`delete from key_industry_alias`);
    await conn.execute(`insert into key_industry_alias (kind, alias, industry) values ('SYNONYM', '洗煤', '焦化')`);
    await loadReferenceData(em);
    const rows = await conn.execute(`select code, land_class from land_use order by code`);
    expect(rows).toHaveLength(85);
    expect(rows.filter((r: any) => r.land_class === 'FIRST').map((r: any) => r.code)).toEqual(['07', '0701', '0702', '0803', '0805', '0806']);
    const cache = await ReferenceCache.load(em);
    expect(cache.keyIndustryOf('洗煤')).toBeNull(); // an alias the file no longer lists is dropped
    expect(cache.keyIndustryOf('机焦')).toBe('焦化');
    // Loading twice changes nothing.
    const before = await conn.execute(`select kind, alias, industry from key_industry_alias order by kind, alias`);
    await loadReferenceData(em);
    expect(await conn.execute(`select kind, alias, industry from key_industry_alias order by kind, alias`)).toEqual(before);
  });
});
