import { badInput } from '../errors';

/** One CSV record: the line it starts on (1-based; a quoted field may span lines) and its cells, untrimmed. */
export interface CsvRecord { line: number; cells: string[] }

/**
 * THE CSV reader (RFC 4180): quoted fields (a quote opens a field only at its start), doubled quotes, line
 * breaks inside quotes, CRLF / LF / CR line ends, a leading BOM. Empty lines are skipped; each record carries
 * the line it starts on. A quoted field left open is BAD_USER_INPUT on `field` (the argument the text came in).
 */
export function readCsv(text: string, field = 'content'): CsvRecord[] {
  const out: CsvRecord[] = [];
  let cells: string[] = []; let cell = ''; let quoted = false; let line = 1; let start = 1; let i = 0;
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const end = () => { cells.push(cell); if (cells.length > 1 || cells[0] !== '') out.push({ line: start, cells }); cells = []; cell = ''; };
  while (i < t.length) {
    const c = t[i];
    if (quoted) {
      if (c === '"') {
        if (t[i + 1] === '"') { cell += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      if (c === '\n' || (c === '\r' && t[i + 1] !== '\n')) line++;
      cell += c; i++; continue;
    }
    if (c === '"' && cell === '') { quoted = true; i++; continue; }
    if (c === ',') { cells.push(cell); cell = ''; i++; continue; }
    if (c === '\r' && t[i + 1] === '\n') { i++; continue; }
    if (c === '\n' || c === '\r') { end(); line++; start = line; i++; continue; }
    cell += c; i++;
  }
  if (quoted) throw badInput(field, `line ${start}: a quoted field is not closed`);
  if (cell !== '' || cells.length) end();
  return out;
}

/** The reference data files: the first record names the columns; every value trimmed. */
export function parseCsv(text: string): Record<string, string>[] {
  const [header, ...body] = readCsv(text).map((r) => r.cells);
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), (r[i] ?? '').trim()])));
}
