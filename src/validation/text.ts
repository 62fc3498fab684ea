/**
 * Text a request may not carry, found before anything runs, so that it is the client's mistake with the field
 * named (BAD_USER_INPUT) and not an internal error deep in a query:
 * - the NUL character (U+0000): PostgreSQL cannot hold it in text;
 * - a lone UTF-16 surrogate (U+D800–U+DFFF without its pair): it is no character at all; jsonb refuses it
 *   and a text column would silently store U+FFFD instead;
 * - JSON nested deeper than {@link MAX_JSON_DEPTH}: nothing in the contract nests that deep, and a walk
 *   over it must not be what overflows the stack.
 */

/** Deepest nesting of objects and arrays a request's JSON may have (a MultiPolygon in variables needs 8). */
export const MAX_JSON_DEPTH = 32;

export interface TextProblem { field: string; message: string }

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (UTF-16 code units). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Why a string may not be stored, or null. */
export function stringProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'text may not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'text may not contain a lone UTF-16 surrogate (U+D800 to U+DFFF without its pair)';
  return null;
}

/**
 * The same check for GraphQL source text, where a string literal may also spell the characters as escapes
 * (\u0000, \uD800, \u{0}): they are decoded here as graphql-js would, escaped backslashes skipped.
 */
export function sourceProblem(query: string): string | null {
  const direct = stringProblem(query);
  if (direct || !query.includes('\\u')) return direct;
  const decoded = query.replace(/\\(\\|u\{([0-9a-fA-F]{1,8})\}|u([0-9a-fA-F]{4}))/g, (all, _m, braced: string | undefined, fixed: string | undefined) => {
    if (all === '\\\\') return '';
    const code = parseInt(braced ?? fixed!, 16);
    return code > 0x10ffff ? '' : String.fromCharCode(...(code > 0xffff ? [0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff)] : [code]));
  });
  return stringProblem(decoded);
}

/**
 * The first problem in a parsed JSON value (a request body, a variables object), walked without recursion:
 * a string with NUL or a lone surrogate (keys included), or nesting deeper than `maxDepth`. The field is the
 * path from `root`, e.g. `variables.input.name`, `variables.input.plotIds[2]`.
 */
export function jsonProblem(value: unknown, root = '', maxDepth = MAX_JSON_DEPTH): TextProblem | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const p = root === '' && path === 'query' ? sourceProblem(v) : stringProblem(v);
      if (p) return { field: path, message: p };
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    if (depth >= maxDepth) return { field: path, message: `JSON may nest at most ${maxDepth} levels deep` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: `${path}[${i}]`, depth: depth + 1 });
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        const at = path ? `${path}.${k}` : k;
        const kp = stringProblem(k);
        if (kp) return { field: at, message: `a name: ${kp}` };
        stack.push({ v: (v as Record<string, unknown>)[k], path: at, depth: depth + 1 });
      }
    }
  }
  return null;
}

/**
 * The first query-string parameter (`?a=…&b=…`, as sent, percent-encoded) whose name or value is not valid
 * UTF-8 once decoded — a lone surrogate can only arrive that way, e.g. %ED%A0%80, which URLSearchParams
 * would silently turn into U+FFFD — or contains NUL.
 */
export function queryStringProblem(search: string): TextProblem | null {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const parts = eq < 0 ? [pair] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const decoded: string[] = [];
    for (const part of parts) {
      const bytes = Buffer.from(part.replace(/\+/g, ' ').replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      try {
        decoded.push(decoder.decode(bytes));
      } catch {
        return { field: decoded[0] ?? safeName(parts[0]), message: 'a query parameter is not valid UTF-8 (an encoded lone surrogate?)' };
      }
    }
    const problem = decoded.map(stringProblem).find((p) => p);
    if (problem) return { field: safeName(decoded[0]), message: problem };
  }
  return null;
}

/** A parameter name fit to be echoed in extensions.field. */
const safeName = (s: string) => (stringProblem(s) ? s.replace(/\u0000/g, '').replace(LONE_SURROGATES, '\uFFFD') : s).slice(0, 100);
