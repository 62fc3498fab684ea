import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient, Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A value as PostgreSQL's COPY text format wants it: \N for null, backslash escapes for tab/newline/backslash. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  // Fast path: most values need no escaping.
  if (!/[\\\t\n\r]/.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** A PostgreSQL text[] literal. */
export const textArray = (items: string[]) => '{' + items.map((f) => '"' + f.replace(/["\\]/g, '\\$&') + '"').join(',') + '}';

/**
 * Streams rows into `table` with COPY FROM STDIN, in ~512 KB chunks (backpressure handled by the stream
 * pipeline). `rows` is a generator, so no table is ever held in memory as text. Returns the row count.
 */
export async function copyRows(client: Client | PoolClient, table: string, columns: string[], rows: Iterable<unknown[]>): Promise<number> {
  let count = 0;
  function* chunks(): Generator<string> {
    let buf: string[] = [];
    let size = 0;
    for (const row of rows) {
      const line = row.map(copyValue).join('\t') + '\n';
      buf.push(line);
      size += line.length;
      count++;
      if (size > 512 * 1024) {
        yield buf.join('');
        buf = [];
        size = 0;
      }
    }
    if (buf.length) yield buf.join('');
  }
  const stream = client.query(copyFrom(`COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks()), stream);
  return count;
}
