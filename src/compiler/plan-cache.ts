import { parse } from 'graphql';
import type { Agency } from '../modules/client/agency';
import type { Compiler, Plan } from './compile';
import { Fallback, type ScopeShape } from './sql';

/**
 * Plans per (document text, operation name, agency, scope shape): the policy depends on the agency, the scope's
 * SQL on its shape (all / no county / some counties, the counties themselves are a parameter). A document the
 * compiler does not handle is remembered as such (null), so the fallback costs one lookup. Least recently used
 * plans go first beyond `max`.
 */
/** The longest document the cache keeps a plan for (1,000 plans of at most 16 KB of text: 16 MB). */
export const MAX_PLAN_TEXT = 16_384;

export class PlanCache {
  private readonly plans = new Map<string, { plan: Plan | null; why?: string }>();
  compiled = 0;

  constructor(private readonly compiler: Compiler, private readonly maxTokens: number, private readonly max = 1000) {}

  get(query: string, operationName: string | undefined, agency: Agency, shape: ScopeShape): { plan: Plan | null; why?: string } {
    // A document's text is part of the key: a long one (comments and whitespace cost no token) would let a
    // client fill the cache with megabytes; it goes to the resolvers instead.
    if (query.length > MAX_PLAN_TEXT) return { plan: null, why: `a document over ${MAX_PLAN_TEXT} characters is not compiled` };
    const key = `${agency}\u0000${shape}\u0000${operationName ?? ''}\u0000${query}`;
    let entry = this.plans.get(key);
    if (entry) {
      this.plans.delete(key);
      this.plans.set(key, entry);
      return entry;
    }
    try {
      const document = parse(query, { maxTokens: this.maxTokens });
      entry = { plan: this.compiler.compile(document, operationName, agency, shape) };
      this.compiled++;
    } catch (e) {
      // Fallback: not compiled; a parse error: Apollo answers it; anything else is a compiler defect, and the
      // resolvers still answer (the reason is kept for compiledStatus / the tests)
      entry = { plan: null, why: e instanceof Fallback ? e.message : `${(e as Error).name}: ${(e as Error).message}` };
    }
    this.plans.set(key, entry);
    if (this.plans.size > this.max) this.plans.delete(this.plans.keys().next().value!);
    return entry;
  }

  clear() {
    this.plans.clear();
  }
}
