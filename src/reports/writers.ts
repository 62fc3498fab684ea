import ExcelJS from 'exceljs';
import type { Table } from './tables';

/** RFC 4180 CSV with a UTF-8 byte-order mark and CRLF, so that Excel opens the Chinese text correctly. */
export function toCsv(t: Table): Buffer {
  const cell = (v: string | number | null) => {
    const s = v == null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [t.headers, ...t.rows].map((r) => r.map(cell).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

/**
 * A real workbook (exceljs): one sheet per report, a title row, bold headers, counts as numbers.
 * Money columns (headers in 万元) become number cells shown with two decimals, so Excel can sum them.
 */
export async function toXlsx(tables: Table[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'soilshare';
  wb.created = new Date();
  for (const t of tables) {
    const ws = wb.addWorksheet(t.sheet.slice(0, 31));
    ws.addRow([t.title]).font = { bold: true, size: 13 };
    ws.mergeCells(1, 1, 1, t.headers.length);
    const header = ws.addRow(t.headers);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'middle' };
    const money = t.headers.map((h) => h.endsWith('（万元）'));
    for (const r of t.rows) ws.addRow(r.map((v, i) => (money[i] && typeof v === 'string' ? Number(v) : v)));
    ws.columns.forEach((c, i) => {
      c.width = i === 0 ? 14 : 12;
      if (money[i]) c.numFmt = '0.00';
    });
    ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 2 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
