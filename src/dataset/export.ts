/**
 * Write a study-dataset MRIO table as pymrio-style pandas CSV files (Z.csv, Y.csv, x.csv, F.csv,
 * F_Y.csv), the layout `carbon-ledger mrio accounts|flows --mrio DIR` and pymrio users read.
 *
 * Exports abroad (MrioTable.exports, the CEADs-style one column per province) are written as an
 * extra final-demand category EXPORTS_CATEGORY in the producing province's own block of Y
 * (Y[(r,i),(r,"Exports abroad")] = e_ri; zero elsewhere), with F_Y = 0 there, so that
 * `mrio flows --export-category "Exports abroad"` moves them back out of Y. Nothing is lost:
 * x = Z·1 + Y·1 holds in the written files.
 */
import * as path from "node:path";
import type { AxisIndex, MrioTable } from "../mrio/types";
import { formatPandasCsv, type PandasFrame } from "../sources/pandas-csv";
import { writeFilesAtomic } from "../util/atomic-write";

export const EXPORTS_CATEGORY = "Exports abroad";

/** CSV texts of a table, by file name (nothing written). */
export function mrioCsvFiles(table: MrioTable): Array<{ name: string; data: string }> {
  const m = table.regions.length;
  const n = table.sectors.length;
  const k = table.categories.length;
  const mn = m * n;
  const withExports = table.exports !== undefined;
  const k2 = k + (withExports ? 1 : 0);
  const rs: AxisIndex = { names: ["region", "sector"], keys: table.regions.flatMap((r) => table.sectors.map((s) => [r, s])) };
  const cats = withExports ? [...table.categories, EXPORTS_CATEGORY] : [...table.categories];
  const rc: AxisIndex = { names: ["region", "category"], keys: table.regions.flatMap((r) => cats.map((c) => [r, c])) };
  const Y = new Float64Array(mn * m * k2);
  for (let p = 0; p < mn; p++) {
    for (let s = 0; s < m; s++) for (let c = 0; c < k; c++) Y[p * m * k2 + s * k2 + c] = table.Y.data[p * m * k + s * k + c];
    if (withExports) Y[p * m * k2 + Math.floor(p / n) * k2 + k] = table.exports![p];
  }
  const out: Array<{ name: string; data: string }> = [];
  const frame = (index: AxisIndex, columns: AxisIndex, rows: number, cols: number, data: Float64Array): PandasFrame => ({ index, columns, values: { rows, cols, data } });
  out.push({ name: "Z.csv", data: formatPandasCsv(frame(rs, rs, mn, mn, table.Z.data)) });
  out.push({ name: "Y.csv", data: formatPandasCsv(frame(rs, rc, mn, m * k2, Y)) });
  if (table.x) out.push({ name: "x.csv", data: formatPandasCsv(frame(rs, { names: [""], keys: [["indout"]] }, mn, 1, Float64Array.from(table.x))) });
  if (table.F) out.push({ name: "F.csv", data: formatPandasCsv(frame(table.F.index, rs, table.F.values.rows, mn, table.F.values.data)) });
  if (table.F_Y) {
    const rows = table.F_Y.values.rows;
    const FY = new Float64Array(rows * m * k2);
    for (let q = 0; q < rows; q++) for (let s = 0; s < m; s++) for (let c = 0; c < k; c++) FY[q * m * k2 + s * k2 + c] = table.F_Y.values.data[q * m * k + s * k + c];
    out.push({ name: "F_Y.csv", data: formatPandasCsv(frame(table.F_Y.index, rc, rows, m * k2, FY)) });
  }
  return out;
}

/** Write mrioCsvFiles(table) into `outDir`, all files or none (atomic). Returns the paths. */
export function writeMrioCsv(table: MrioTable, outDir: string): string[] {
  const files = mrioCsvFiles(table).map((f) => ({ file: path.join(outDir, f.name), data: f.data }));
  writeFilesAtomic(files);
  return files.map((f) => f.file);
}
