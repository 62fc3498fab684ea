import { LockMode } from '@mikro-orm/core';
import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { readCsv } from '../../db/csv';
import { marks } from '../../db/named';
import { DomainError, ErrorCode } from '../../errors';
import { inScope } from '../../auth/principal';
import { isValidCreditCode } from '../../validation/uscc';
import { Division } from '../division/division.entity';
import { HazardousWasteManifestCount } from './waste.entity';

/**
 * Monthly hazardous-waste transfer-manifest counts (危险废物转移联单, RULES §11): the manifests live in the national
 * solid-waste system; soilshare keeps per unit (credit code) and month the count, imported as CSV
 * (`credit code, month, count`; a header line is skipped). The unit is found by its credit code among the key units
 * and the legacy-waste sites the token may see; its county is the row's county. One transaction: every line is
 * checked first and any bad line refuses the whole file (BAD_USER_INPUT with `extensions.lines`: line number,
 * column and message), so nothing is half-loaded. A count already kept for a unit and month is replaced.
 */

export const MAX_IMPORT_BYTES = 2_000_000;
export const MAX_IMPORT_LINES = 50_000;

export interface ImportLineError { line: number; column: string; message: string }
export interface ImportResult { imported: number; created: number; updated: number; unchanged: number }

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function importManifestCounts(ctx: Context, a: { csv: string }) {
  return runWrite(ctx, 'importHazardousWasteManifestCounts', { bytes: typeof a.csv === 'string' ? a.csv.length : null }, async (tx): Promise<ImportResult> => {
    const text = typeof a.csv === 'string' ? a.csv.replace(/^\uFEFF/, '') : '';
    if (!text.trim()) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'csv: is empty', { field: 'csv' });
    if (Buffer.byteLength(text) > MAX_IMPORT_BYTES) throw new DomainError(ErrorCode.BAD_USER_INPUT, `csv: larger than ${MAX_IMPORT_BYTES} bytes`, { field: 'csv' });
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'csv: must not contain control characters', { field: 'csv' });
    const rows = readCsv(text, 'csv');
    if (rows.length > MAX_IMPORT_LINES) throw new DomainError(ErrorCode.BAD_USER_INPUT, `csv: more than ${MAX_IMPORT_LINES} lines`, { field: 'csv' });
    const errors: ImportLineError[] = [];
    const parsed: { line: number; creditCode: string; month: string; count: number }[] = [];
    const seen = new Map<string, number>();
    rows.forEach(({ line, cells: r }, k) => {
      if (r.length === 1 && r[0].trim() === '') return; // blank line
      // A header line: the first line whose first cell does not even look like a credit code.
      if (k === 0 && !/^[0-9A-Z]{18}$/.test((r[0] ?? '').trim())) return;
      if (r.length !== 3) { errors.push({ line, column: 'row', message: `expected 3 columns (credit code, month, count), found ${r.length}` }); return; }
      const [cc, m, n] = r.map((x) => x.trim());
      let ok = true;
      if (!isValidCreditCode(cc)) { errors.push({ line, column: 'creditCode', message: `"${cc.slice(0, 30)}" is not a valid unified social credit code` }); ok = false; }
      if (!MONTH.test(m) || Number(m.slice(0, 4)) < 1990 || m > ctx.today.slice(0, 7)) {
        errors.push({ line, column: 'month', message: `"${m.slice(0, 20)}" is not a month YYYY-MM up to ${ctx.today.slice(0, 7)}` }); ok = false;
      }
      if (!/^\d{1,7}$/.test(n)) { errors.push({ line, column: 'count', message: `"${n.slice(0, 20)}" is not a whole number of manifests` }); ok = false; }
      if (!ok) return;
      const key = `${cc}|${m}`;
      if (seen.has(key)) { errors.push({ line, column: 'row', message: `the same unit and month as line ${seen.get(key)}` }); return; }
      seen.set(key, line);
      parsed.push({ line, creditCode: cc, month: `${m}-01`, count: Number(n) });
    });
    // The unit of each credit code, in the token's scope (row security holds the lookup to it).
    const codes = [...new Set(parsed.map((p) => p.creditCode))];
    const county = new Map<string, string>();
    if (codes.length) {
      const found = await tx.em.execute<{ credit_code: string; county_code: string }[]>(
        `select credit_code, county_code from key_unit where credit_code in (${marks(codes.length)})
         union select credit_code, county_code from legacy_waste_site where credit_code in (${marks(codes.length)})`, [...codes, ...codes]);
      for (const f of found) if (inScope(ctx.principal, f.county_code)) county.set(f.credit_code, f.county_code);
    }
    for (const p of parsed) {
      if (!county.has(p.creditCode)) errors.push({ line: p.line, column: 'creditCode', message: `no key unit or legacy-waste site with credit code ${p.creditCode} in this token's counties` });
    }
    if (!parsed.length && !errors.length) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'csv: no data lines (credit code, month YYYY-MM, count)', { field: 'csv' });
    if (errors.length) {
      errors.sort((x, y) => x.line - y.line);
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `csv: ${errors.length} line(s) refused, nothing imported; first: line ${errors[0].line} ${errors[0].column}: ${errors[0].message}`,
        { field: 'csv', lines: errors.slice(0, 200) });
    }
    const existing = parsed.length
      ? await tx.em.find(HazardousWasteManifestCount, { creditCode: { $in: codes } }, { lockMode: LockMode.PESSIMISTIC_WRITE })
      : [];
    const byKey = new Map(existing.map((e) => [`${e.creditCode}|${e.month}`, e]));
    const result: ImportResult = { imported: parsed.length, created: 0, updated: 0, unchanged: 0 };
    for (const p of parsed) {
      const countyCode = county.get(p.creditCode)!;
      const row = byKey.get(`${p.creditCode}|${p.month}`);
      if (row) {
        if (row.manifests === p.count) { result.unchanged++; continue; }
        tx.updating(row, 'HazardousWasteManifestCount', () => countyCode);
        row.manifests = p.count;
        row.agency = ctx.principal.agency;
        row.clientId = ctx.principal.clientId ?? undefined;
        result.updated++;
      } else {
        const rec = tx.em.create(HazardousWasteManifestCount, {
          county: tx.em.getReference(Division, countyCode), creditCode: p.creditCode, month: p.month, manifests: p.count,
          agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
        } as HazardousWasteManifestCount);
        tx.created(rec, 'HazardousWasteManifestCount', () => countyCode);
        result.created++;
      }
    }
    return result;
  });
}
