/**
 * An Excel workbook's first sheet as the same table a CSV gives (header row, then rows of text). Formulas are
 * never evaluated and external links never followed: a formula cell gives the result Excel saved with it, or
 * nothing. The archive's unpacked size is checked before anything is unpacked (a small file may unpack to
 * gigabytes), and rows beyond the limit are refused rather than cut.
 */
import ExcelJS from 'exceljs';
import type { Table } from './csv-table.ts';

/** Unpacked, a workbook may hold this much; real contact lists of 100,000 rows stay well under it. */
export const MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024;
export const MAX_XLSX_ROWS = 200_000;

export class XlsxRefused extends Error {
  constructor(
    readonly code: 'not_xlsx' | 'xlsx_too_large' | 'xlsx_too_many_rows',
    message: string,
  ) {
    super(message);
  }
}

/** Whether the bytes start as a ZIP archive does (an .xlsx is one). */
export const looksLikeXlsx = (bytes: Uint8Array): boolean =>
  bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** The sum of the entries' unpacked sizes, read from the ZIP's central directory (nothing is unpacked). */
export function zipUnpackedSize(bytes: Buffer): number {
  // The end-of-central-directory record: 22 bytes plus a comment of up to 64 KiB, at the very end.
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= floor; i--)
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) throw new XlsxRefused('not_xlsx', 'The file is not an Excel workbook (.xlsx).');
  const entries = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50)
      throw new XlsxRefused('not_xlsx', 'The file is not an Excel workbook (.xlsx).');
    total += bytes.readUInt32LE(at + 24);
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return total;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('formula' in value || 'sharedFormula' in value) {
    // The saved result only; a formula is never run here.
    const result = (value as ExcelJS.CellFormulaValue).result;
    return result === undefined || (typeof result === 'object' && !(result instanceof Date))
      ? ''
      : cellText(result as ExcelJS.CellValue);
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value) return String(value.text); // a hyperlink: its text, never its target
  if ('error' in value) return '';
  return '';
}

export async function parseXlsx(bytes: Buffer): Promise<Table> {
  if (!looksLikeXlsx(bytes)) throw new XlsxRefused('not_xlsx', 'The file is not an Excel workbook (.xlsx).');
  if (zipUnpackedSize(bytes) > MAX_XLSX_UNPACKED_BYTES)
    throw new XlsxRefused('xlsx_too_large', 'The workbook unpacks to more than 200 MB.');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new XlsxRefused('not_xlsx', 'The file is not an Excel workbook (.xlsx).');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { columns: [], rows: [] };
  if (sheet.rowCount > MAX_XLSX_ROWS + 1)
    throw new XlsxRefused('xlsx_too_many_rows', `Lists up to ${MAX_XLSX_ROWS} rows per upload.`);
  const width = sheet.columnCount;
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value).trim());
    records.push(cells);
  });
  const [header = [], ...rows] = records;
  return { columns: header, rows: rows.filter((r) => r.some((v) => v !== '')) };
}
