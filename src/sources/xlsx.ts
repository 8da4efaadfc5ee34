/**
 * Streaming .xlsx reading shared by the CEADs readers (exceljs `stream.xlsx.WorkbookReader`):
 * rows arrive one at a time and are dropped after the visitor has seen them, so memory does
 * not grow with the workbook (the 31 × 42 CEADs MRIO workbooks are ~30 MB). Usage:
 *
 *   const { sheetNames } = await streamWorkbook(file, (sheetName) =>
 *     sheetName === "Table" ? { row: (rowNumber, cells) => { … } } : undefined);
 *
 * Cells are plain values: number, string, boolean, Date, null (blank), or { error: "#DIV/0!" };
 * formulas give their cached result, rich text its concatenated text. Merged cells carry their
 * value only in the top-left cell (that is how .xlsx stores them): forward-fill when needed.
 *
 * Why exceljs and not the npm `xlsx` package: the registry's `xlsx` is stuck at 0.18.5 with
 * known prototype-pollution and ReDoS advisories (issue 4).
 */
import * as fs from "node:fs";
import type * as ExcelJS from "exceljs";
import { InputError } from "../util/errors";

export type CellValue = number | string | boolean | Date | null | { readonly error: string };

/** What to do with one worksheet's rows; `row` gets 1-based row numbers and a 1-based cell array. */
export interface SheetVisitor {
  row(rowNumber: number, cells: readonly CellValue[]): void;
  end?(): void;
}

/** Convert an exceljs cell value (formula, rich text, hyperlink, shared string…) to a plain value. */
export function plainCellValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return v;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("richText" in o && Array.isArray(o.richText)) return (o.richText as Array<{ text?: string }>).map((t) => t.text ?? "").join("");
    if ("formula" in o || "sharedFormula" in o) return plainCellValue(o.result);
    if ("error" in o) return { error: String(o.error) };
    if ("text" in o) return plainCellValue(o.text);
  }
  return String(v);
}

/** Column number (1-based) → letters: 1 → A, 28 → AB, 1305 → AXE. */
export function columnLetters(col: number): string {
  let s = "";
  let c = col;
  while (c > 0) {
    const r = (c - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    c = Math.floor((c - 1) / 26);
  }
  return s;
}

/** A1 reference of a 1-based (row, column), prefixed with the sheet: `sheet Table!AXE1306`. */
export function cellRef(sheet: string, row: number, col: number): string {
  return `sheet ${sheet}, cell ${columnLetters(col)}${row}`;
}

/** Human-readable description of a cell value for error messages (short, one line). */
export function describeCell(v: CellValue): string {
  if (v === null) return "a blank cell";
  if (typeof v === "object" && !(v instanceof Date)) return `the error value ${v.error}`;
  const s = v instanceof Date ? v.toISOString() : String(v);
  return `"${s.length > 40 ? s.slice(0, 40) + "…" : s}"`;
}

/**
 * Stream every worksheet of an .xlsx file. `pick(sheetName, position, allNames)` returns a visitor for
 * sheets to read, or undefined to skip one (its rows are still decompressed, not kept).
 * Returns the workbook's sheet names in file order. Errors: missing/unreadable file or a file
 * that is not an .xlsx → InputError naming the file.
 */
export async function streamWorkbook(
  file: string,
  pick: (sheetName: string, position: number, workbookSheetNames: readonly string[]) => SheetVisitor | undefined,
): Promise<{ sheetNames: string[] }> {
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (e) {
    throw new InputError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file });
  }
  // exceljs is loaded on first use: it costs ~0.3 s, which every CLI command would pay otherwise.
  const excel = require("exceljs") as typeof ExcelJS;
  const reader = new excel.stream.xlsx.WorkbookReader(file, {
    worksheets: "emit",
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "ignore",
    entries: "ignore",
  });
  const sheetNames: string[] = [];
  let position = 0;
  try {
    for await (const ws of reader) {
      const w = ws as unknown as { name?: string; id?: number } & AsyncIterable<ExcelJS.Row>;
      const name = w.name;
      if (name === undefined) throw new InputError("cannot determine a worksheet's name (workbook.xml not found before the sheet data)", { file });
      sheetNames.push(name);
      // workbook.xml (parsed before the first sheet is emitted) lists every sheet in tab order.
      const model = (reader as unknown as { model?: { sheets?: Array<{ name: string }> } }).model;
      const all = model?.sheets?.map((x) => x.name) ?? [name];
      const visitor = pick(name, position++, all);
      for await (const row of w) {
        if (!visitor) continue;
        const raw = row.values as unknown[];
        const cells: CellValue[] = new Array(raw.length);
        for (let c = 0; c < raw.length; c++) cells[c] = plainCellValue(raw[c]);
        visitor.row(row.number, cells);
      }
      visitor?.end?.();
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    if (/signature|zip|end of central directory|invalid|unexpected/i.test(msg)) {
      throw new InputError(`not a readable .xlsx workbook (${msg})`, { file, cause: e });
    }
    throw e;
  }
  return { sheetNames };
}
