import type { EntityManager } from '@mikro-orm/postgresql';
import { CityRules, needsFirstClass } from './city-rules';

/**
 * The class each land use needs (RULES.md §2) is a city rule (landClass.firstClassUseCodes); the reference
 * table's `land_class` holds GB 36600's default (seeds/reference/landuse_gbt21010.csv, equal to the rule's
 * default: tests/unit/city-rules.spec.ts). At boot the city's rule is written into the table, so that the
 * SQL readers (duties, reports) and the reference cache read one value. Returns the codes whose class changed.
 */
export async function applyLandClasses(em: EntityManager, rules: CityRules): Promise<string[]> {
  const rows = await em.execute<{ code: string; land_class: string }[]>(`select code, land_class from land_use`);
  const changed = rows.filter((r) => (needsFirstClass(rules, r.code) ? 'FIRST' : 'SECOND') !== r.land_class).map((r) => r.code);
  if (changed.length) {
    const first = changed.filter((c) => needsFirstClass(rules, c));
    await em.execute(`update land_use set land_class = case when code = any(?::text[]) then 'FIRST' else 'SECOND' end where code = any(?::text[])`,
      [`{${first.join(',')}}`, `{${changed.join(',')}}`]);
  }
  return changed;
}
