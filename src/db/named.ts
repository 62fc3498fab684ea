/** `?, ?, ?` for a list of bindings. */
export const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * `:name` placeholders for long raw statements (the reports), turned into the `?` bindings em.execute
 * takes. A statement that uses one date ten times names it once instead of repeating it in a parameter
 * list whose order must match the text. An array value becomes `?, ?, …` (for `array[:counties]`).
 * `::type` casts are left alone; a placeholder without a value throws rather than running wrong SQL.
 */
export function named(sql: string, values: Record<string, unknown>): [string, unknown[]] {
  const params: unknown[] = [];
  const text = sql.replace(/(?<![:\w]):([a-zA-Z]\w*)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for :${name}`);
    const v = values[name];
    if (Array.isArray(v)) {
      if (!v.length) throw new Error(`:${name} is an empty list`);
      params.push(...v);
      return marks(v.length);
    }
    params.push(v);
    return '?';
  });
  if (/(?<!\?)\?(?!\?)/.test(sql)) throw new Error('mix of ? and :name placeholders');
  return [text, params];
}
