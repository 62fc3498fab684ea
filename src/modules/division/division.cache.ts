import type { EntityManager } from '@mikro-orm/postgresql';
import { DivisionLevel } from './division.entity';
import { LandClass } from './land-class';

export interface DivisionInfo { code: string; name: string; level: DivisionLevel; parentCode: string | null; cityCode: string | null; provinceCode: string }

/** A GB/T 21010-2017 land use: `sensitive` is 一住两公; `landClass` the GB 36600-2018 class the use needs. */
export interface LandUseInfo { code: string; name: string; sensitive: boolean; landClass: LandClass }

/**
 * Every division and land use, held in memory: they are reference data, small (thousands of rows) and
 * change only at boot, so `county`, `parent`, `currentUse` and scope checks cost no SQL.
 */
export class ReferenceCache {
  readonly divisions = new Map<string, DivisionInfo>();
  readonly children = new Map<string, string[]>();
  readonly landUses = new Map<string, LandUseInfo>();
  /** The key industries' canonical names (exact names only; `keyIndustryOf` matches codes and synonyms too). */
  readonly keyIndustries = new Set<string>();
  /** GB/T 4754-2017 code (2–4 digits) → key industry. */
  private readonly industryCodes = new Map<string, string>();
  /** Synonyms and names, the longest first; on equal length the industry with the most specific codes first. */
  private industrySynonyms: { text: string; industry: string }[] = [];
  private readonly countiesMemo = new Map<string, readonly string[]>();
  private readonly divisionsMemo = new Map<string, readonly string[]>();

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
    for (const l of await conn.execute(`select code, name, sensitive, land_class from land_use order by code`)) {
      cache.landUses.set(l.code, { code: l.code, name: l.name, sensitive: l.sensitive, landClass: l.land_class as LandClass });
    }
    const names = (await conn.execute(`select name from key_industry order by name`)).map((k) => k.name as string);
    const aliases = await conn.execute(`select kind, alias, industry from key_industry_alias order by industry, kind, alias`);
    cache.setKeyIndustries(names, aliases.map((a) => ({ kind: a.kind, alias: a.alias, industry: a.industry })));
    return cache;
  }

  /** Fills the key-industry reference: names, and their GB/T 4754-2017 codes (kind CODE) and synonyms (kind SYNONYM). */
  setKeyIndustries(names: string[], aliases: { kind: 'CODE' | 'SYNONYM'; alias: string; industry: string }[]): void {
    this.keyIndustries.clear();
    this.industryCodes.clear();
    for (const n of names) this.keyIndustries.add(n);
    // An industry's specificity: the length of its shortest code (焦化 2521 is more specific than 化工 26).
    const specificity = new Map<string, number>();
    for (const a of aliases) {
      if (a.kind !== 'CODE' || !this.keyIndustries.has(a.industry)) continue;
      this.industryCodes.set(a.alias, a.industry);
      specificity.set(a.industry, Math.min(specificity.get(a.industry) ?? Infinity, a.alias.length));
    }
    const synonyms = new Map<string, string>(names.map((n) => [n.normalize('NFKC'), n]));
    for (const a of aliases) if (a.kind === 'SYNONYM' && this.keyIndustries.has(a.industry)) synonyms.set(a.alias.normalize('NFKC'), a.industry);
    this.industrySynonyms = [...synonyms].map(([text, industry]) => ({ text, industry }))
      .sort((a, b) => b.text.length - a.text.length || (specificity.get(b.industry) ?? 0) - (specificity.get(a.industry) ?? 0) || a.text.localeCompare(b.text));
  }

  /**
   * The key industry (its canonical name) of an industry as written on a permit or plot, or of a GB/T 4754-2017
   * code, or null (RULES.md §4 gate 3: matched by the reference, not by exact string). In order: a leading
   * code (section letter optional: "2521", "C2631", "2521 炼焦"), matched by its longest listed prefix
   * ("2631" → 263 农药, not 26 化工); an exact name; the longest name or synonym contained in the text
   * ("山西某某焦化有限公司" → 焦化, "煤化工" → 化工). Full-width characters are folded (NFKC).
   */
  keyIndustryOf(text: string | null | undefined): string | null {
    if (text == null) return null;
    const t = String(text).normalize('NFKC').trim();
    if (!t) return null;
    const code = /^[A-Ta-t]?\s*(\d{2,4})(?!\d)/.exec(t)?.[1];
    if (code) {
      for (let n = code.length; n >= 2; n--) {
        const k = this.industryCodes.get(code.slice(0, n));
        if (k) return k;
      }
    }
    if (this.keyIndustries.has(t)) return t;
    for (const s of this.industrySynonyms) if (t.includes(s.text)) return s.industry;
    return null;
  }

  /**
   * The county codes at or under a division, sorted (a county gives itself). Remembered per division (every
   * request's principal asks for its scope; the divisions are fixed once loaded): the same frozen array each time.
   */
  countiesUnder(code: string): readonly string[] {
    let out = this.countiesMemo.get(code);
    if (!out) {
      out = Object.freeze(this.walkCounties(code));
      this.countiesMemo.set(code, out);
    }
    return out;
  }

  private walkCounties(code: string): string[] {
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

  /** The division itself and every division under it, at any level (remembered as countiesUnder is). */
  divisionsUnder(code: string): readonly string[] {
    let out = this.divisionsMemo.get(code);
    if (!out) {
      const list = [code];
      for (let i = 0; i < list.length; i++) list.push(...(this.children.get(list[i]) ?? []));
      out = Object.freeze(list);
      this.divisionsMemo.set(code, out);
    }
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
