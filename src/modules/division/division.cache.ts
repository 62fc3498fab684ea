import type { EntityManager } from '@mikro-orm/postgresql';
import { DivisionLevel } from './division.entity';

export interface DivisionInfo { code: string; name: string; level: DivisionLevel; parentCode: string | null; cityCode: string | null; provinceCode: string }

/**
 * Every division and land use, held in memory: they are reference data, small (thousands of rows) and
 * change only at boot, so `county`, `parent`, `currentUse` and scope checks cost no SQL.
 */
export class ReferenceCache {
  readonly divisions = new Map<string, DivisionInfo>();
  readonly children = new Map<string, string[]>();
  readonly landUses = new Map<string, { code: string; name: string; sensitive: boolean }>();
  readonly keyIndustries = new Set<string>();

  static async load(em: EntityManager): Promise<ReferenceCache> {
    const cache = new ReferenceCache();
    const conn = em.getConnection();
    const divs = await conn.execute(`select code, name, level, parent_code, city_code, province_code from division order by code`);
    for (const d of divs) {
      cache.divisions.set(d.code, { code: d.code, name: d.name, level: d.level, parentCode: d.parent_code, cityCode: d.city_code, provinceCode: d.province_code });
      if (d.parent_code) {
        const list = cache.children.get(d.parent_code) ?? [];
        list.push(d.code);
        cache.children.set(d.parent_code, list);
      }
    }
    for (const l of await conn.execute(`select code, name, sensitive from land_use order by code`)) cache.landUses.set(l.code, l as { code: string; name: string; sensitive: boolean });
    for (const k of await conn.execute(`select name from key_industry`)) cache.keyIndustries.add(k.name);
    return cache;
  }

  /** The county codes at or under a division, sorted (a county gives itself). */
  countiesUnder(code: string): string[] {
    const d = this.divisions.get(code);
    if (!d) return [];
    if (d.level === DivisionLevel.COUNTY) return [code];
    const out: string[] = [];
    const walk = (c: string) => {
      for (const child of this.children.get(c) ?? []) {
        if (this.divisions.get(child)!.level === DivisionLevel.COUNTY) out.push(child);
        else walk(child);
      }
    };
    walk(code);
    return out.sort();
  }

  /** The division itself and every division under it, at any level. */
  divisionsUnder(code: string): string[] {
    const out = [code];
    for (let i = 0; i < out.length; i++) out.push(...(this.children.get(out[i]) ?? []));
    return out;
  }

  /** True when `code` is `ancestor` or lies under it. */
  isWithin(code: string, ancestor: string): boolean {
    for (let cur = this.divisions.get(code); cur; cur = cur.parentCode ? this.divisions.get(cur.parentCode) : undefined) {
      if (cur.code === ancestor) return true;
    }
    return false;
  }
}
