import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { parseCsv } from '../src/db/csv';
import { PROJECT_ROOT } from '../src/config';

const DIR = path.join(PROJECT_ROOT, 'seeds/reference');
const read = (file: string) => parseCsv(fs.readFileSync(path.join(DIR, file), 'utf8'));

/** The CSV's level names → the contract's DivisionLevel (BRIEF.md "Reference data"). */
const LEVEL: Record<string, string> = {
  province: 'PROVINCE', prefecture_city: 'CITY', county: 'COUNTY', county_district: 'COUNTY', county_city: 'COUNTY',
};

/** Land-use codes whose 一住两公 flag is "uncertain" in the source (0809 utilities, 0810 parks): not sensitive, configurable. */
const UNCERTAIN_SENSITIVE = (process.env.SOILSHARE_UNCERTAIN_LANDUSE_SENSITIVE ?? 'false') === 'true';

export interface DivisionRow { code: string; name: string; level: string; parentCode: string | null }

/** Inserts or updates a set of divisions, deriving each one's city and province from its parents. */
export async function upsertDivisions(em: EntityManager, rows: DivisionRow[]): Promise<void> {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const ancestor = (r: DivisionRow, level: string): string | null => {
    for (let cur: DivisionRow | undefined = r; cur; cur = cur.parentCode ? byCode.get(cur.parentCode) : undefined) {
      if (cur.level === level) return cur.code;
    }
    return null;
  };
  // Parents first, so the self-referencing foreign key holds at every insert.
  const depth = (r: DivisionRow): number => (r.parentCode && byCode.has(r.parentCode) ? 1 + depth(byCode.get(r.parentCode)!) : 0);
  const ordered = [...rows].sort((a, b) => depth(a) - depth(b));
  const conn = em.getConnection();
  for (let i = 0; i < ordered.length; i += 500) {
    const chunk = ordered.slice(i, i + 500);
    const values = chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ');
    const params = chunk.flatMap((r) => [r.code, r.name, r.level, r.parentCode, ancestor(r, 'CITY'), ancestor(r, 'PROVINCE') ?? r.code]);
    await conn.execute(
      `insert into division (code, name, level, parent_code, city_code, province_code) values ${values}
       on conflict (code) do update set name = excluded.name, level = excluded.level, parent_code = excluded.parent_code,
         city_code = excluded.city_code, province_code = excluded.province_code`,
      params,
    );
  }
}

/**
 * Loads the reference data shipped in seeds/reference at every boot. Idempotent: upserts by natural key,
 * so a corrected CSV corrects the database and running it twice changes nothing.
 */
export async function loadReferenceData(em: EntityManager): Promise<void> {
  const conn = em.getConnection();
  await upsertDivisions(
    em,
    read('shanxi_divisions.csv').map((r) => ({ code: r.code, name: r.name_zh, level: LEVEL[r.level], parentCode: r.parent_code || null })),
  );

  // Only the GB/T 21010-2017 rows are the platform's codes: the 2023 guide reuses codes with other meanings.
  const landUses = read('landuse_gbt21010.csv').filter((r) => r.scheme === 'GB/T 21010-2017');
  for (const r of landUses) {
    const sensitive = r.is_yizhu_lianggong === 'Y' || (r.is_yizhu_lianggong === 'uncertain' && UNCERTAIN_SENSITIVE);
    if (r.land_class !== 'FIRST' && r.land_class !== 'SECOND') throw new Error(`landuse_gbt21010.csv: ${r.code} has land_class "${r.land_class}" (FIRST or SECOND)`);
    await conn.execute(
      `insert into land_use (code, name, sensitive, scheme, land_class) values (?, ?, ?, ?, ?)
       on conflict (code) do update set name = excluded.name, sensitive = excluded.sensitive, scheme = excluded.scheme, land_class = excluded.land_class`,
      [r.code, r.name_zh, sensitive, r.scheme, r.land_class],
    );
  }

  // Key industries with their GB/T 4754-2017 codes and synonyms (`;`-separated). An alias dropped from the
  // file is dropped from the database; one alias names one industry.
  const industries = read('key_industries.csv');
  const split = (s: string | undefined) => (s ?? '').split(';').map((x) => x.trim()).filter(Boolean);
  const aliases: [string, string, string][] = [];
  for (const r of industries) {
    await conn.execute(`insert into key_industry (name, source) values (?, ?) on conflict (name) do update set source = excluded.source`, [r.name, r.source || null]);
    for (const c of split(r.gbt4754_codes)) {
      if (!/^\d{2,4}$/.test(c)) throw new Error(`key_industries.csv: ${r.name} has GB/T 4754 code "${c}" (2–4 digits)`);
      aliases.push(['CODE', c, r.name]);
    }
    for (const s of split(r.synonyms)) aliases.push(['SYNONYM', s, r.name]);
  }
  const seen = new Map<string, string>();
  for (const [kind, alias, industry] of aliases) {
    const other = seen.get(`${kind}:${alias}`);
    if (other && other !== industry) throw new Error(`key_industries.csv: "${alias}" names both ${other} and ${industry}`);
    seen.set(`${kind}:${alias}`, industry);
  }
  // Upsert, then drop what the file no longer lists: a server booting beside this one never sees the table empty.
  if (aliases.length) {
    await conn.execute(
      `insert into key_industry_alias (kind, alias, industry) values ${aliases.map(() => '(?, ?, ?)').join(', ')}
       on conflict (kind, alias) do update set industry = excluded.industry`,
      aliases.flat(),
    );
    await conn.execute(
      `delete from key_industry_alias where (kind, alias) not in (values ${aliases.map(() => '(?, ?)').join(', ')})`,
      aliases.flatMap(([kind, alias]) => [kind, alias]),
    );
  } else await conn.execute(`delete from key_industry_alias`);

  const num = (s: string) => (s && /^[0-9.]+$/.test(s) ? s : null);
  for (const r of read('gb36600_2018.csv')) {
    await conn.execute(
      `insert into gb36600_value (no, category, name_zh, name_en, cas, screen_class1, screen_class2, intervene_class1, intervene_class2, unit, group_zh, note)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (no) do update set category = excluded.category, name_zh = excluded.name_zh, name_en = excluded.name_en, cas = excluded.cas,
         screen_class1 = excluded.screen_class1, screen_class2 = excluded.screen_class2, intervene_class1 = excluded.intervene_class1,
         intervene_class2 = excluded.intervene_class2, unit = excluded.unit, group_zh = excluded.group_zh, note = excluded.note`,
      [Number(r.no), r.category, r.name_zh, r.name_en, r.cas || null, num(r.screen_class1), num(r.screen_class2), num(r.intervene_class1), num(r.intervene_class2), r.unit, r.group_zh || null, r.note || null],
    );
  }
}
