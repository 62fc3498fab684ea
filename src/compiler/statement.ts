import { statementName } from '../db/request-read';
import { lit } from './sql';

/**
 * The statement a plan runs for a token's counties: the scope's list either as a parameter or, from
 * INLINE_COUNTIES_FROM counties on, written into the text as a constant array.
 *
 * Why a constant: a plan is compiled once per scope SHAPE, and the counties used to be a parameter. A named
 * statement soon runs on its generic plan, where `county_code = any($n)` is compared with the list one
 * county at a time, and row-level security's `county_code = any(<setting>)` (which PostgreSQL evaluates
 * before the statement's own conditions) one division at a time: a keyset page of 50 plots for the bench's
 * province token (24 counties) passes ~1,400 plots to find 51, some 60 text comparisons each. With a
 * constant array PostgreSQL hashes the list (it does so only for constants of 9 elements or more) and, the
 * test being leakproof and cheap, evaluates it BEFORE row security: the scan's rows out of scope cost one
 * hash probe and row security's list runs on the 51 in scope. Measured, 50 plots for 24 counties, one
 * connection: 5.5–7.4 → 3.2–3.9 ms per execution, no planning per request (a custom plan would do the same
 * filtering but plans each time: 4.8–6.1 ms).
 * Row security is unchanged (it still holds if the statement's condition were wrong), and so are the
 * policies, so no other query's plan moves.
 *
 * The price: one prepared statement per scope (per list of 9 counties or more, in practice a city or
 * province token) instead of one per scope shape; each connection keeps at most MAX_PREPARED_PER_CONNECTION
 * (src/db/request-read.ts), least recently used closed first, and each plan at most MAX_INLINED texts.
 * A prepared compiled statement with its generic plan holds 0.2–0.33 MiB of its backend's memory (measured:
 * the change feed's page 201 KiB, the nested plots page 330 KiB), so the bound caps a pooled backend at
 * ~85 MiB of them — as before this change, but a province and its cities now count as scopes apiece.
 * Below 9 counties PostgreSQL would compare one by one anyway, so the list stays a parameter and one
 * statement serves every such token.
 */
export const INLINE_COUNTIES_FROM = 9;

/** The most per-scope texts one plan keeps (each ~the plan's text; oldest dropped first). */
export const MAX_INLINED = 64;

/** Where the compiler leaves the scope's counties in a plan's text (an SQL comment: never valid as left). */
export const COUNTIES_MARK = '/*scope counties*/';

export interface Statement {
  /** The prepared statement's name (statementName of the text, computed once here: one text, one name). */
  name: string;
  text: string;
  /**
   * How the scope's counties are in it: 'parameter' (the statement's last, `$n::text[]` after the plan's own),
   * 'constant' (written into the text), 'none' (the plan has no county condition: scope all or none).
   */
  counties: 'parameter' | 'constant' | 'none';
}

const named = (text: string, counties: Statement['counties']): Statement => ({
  name: statementName(text),
  text,
  counties,
});

/** A text[] constant: the array's text form (each element double-quoted, `"` and `\` escaped) as an SQL literal. */
export const textArrayLit = (xs: readonly string[]) => `${lit(`{${xs.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`)}::text[]`;

/** A plan's SQL with the counties left at COUNTIES_MARK, and the statements made from it. */
export class ScopedText {
  private readonly byParam: Statement;
  private readonly inlined = new Map<string, Statement>();

  /** `params`: how many parameters the plan's own getters fill ($1…$params). */
  constructor(private readonly template: string, params: number) {
    const uses = template.includes(COUNTIES_MARK);
    this.byParam = named(uses ? template.split(COUNTIES_MARK).join(`$${params + 1}::text[]`) : template, uses ? 'parameter' : 'none');
  }

  /** The statement for a token's counties (those of a 'some'-shaped scope; [] for the other shapes). */
  for(counties: readonly string[]): Statement {
    if (this.byParam.counties === 'none' || counties.length < INLINE_COUNTIES_FROM) return this.byParam;
    const key = counties.join(',');
    let s = this.inlined.get(key);
    if (!s) {
      s = named(this.template.split(COUNTIES_MARK).join(textArrayLit(counties)), 'constant');
      this.inlined.set(key, s);
      if (this.inlined.size > MAX_INLINED) this.inlined.delete(this.inlined.keys().next().value!);
    }
    return s;
  }
}
