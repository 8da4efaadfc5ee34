/**
 * Validation of an MRIO table before any algebra: shapes, finiteness, non-negative output,
 * zero-output sectors and the row/column balance (Miller & Blair §2.2: x_i = Σ_j z_ij + f_i,
 * x_j = Σ_i z_ij + v_j).
 */
import { InputError } from "../util/errors";
import type { DenseMatrix, MrioTable } from "./types";
import { outputOf, rowSums } from "./core";

export interface ValidationOptions {
  /** Relative tolerance for |x − (Z·1 + Y·1 + e)| / max(|x|, 1) before a balance warning; default 1e-6. */
  readonly balanceTolerance?: number;
  /** How many worst rows a balance warning lists; default 5. */
  readonly worstRows?: number;
  /** File name to put into errors (the CLI passes the directory or file). */
  readonly file?: string;
}

export interface ValidationReport {
  /** (region, sector) labels of sectors with zero total output: their coefficients are set to 0. */
  readonly zeroOutput: string[];
  /** Human-readable warnings (balance off by more than the tolerance, listing the worst rows). */
  readonly warnings: string[];
}

/** Label "region/sector" of position p on the (region, sector) axis. */
export function sectorLabel(table: MrioTable, p: number): string {
  const n = table.sectors.length;
  return `${table.regions[Math.floor(p / n)]}/${table.sectors[p % n]}`;
}

function checkFinite(name: string, m: DenseMatrix, rowLabel: (i: number) => string, colLabel: (j: number) => string, file?: string): void {
  const d = m.data;
  for (let k = 0; k < d.length; k++) {
    const v = d[k];
    if (v - v !== 0) {
      const i = Math.floor(k / m.cols), j = k % m.cols;
      throw new InputError(`${name} contains ${v} (not a finite number)`, { file, place: `${name} row ${rowLabel(i)}, column ${colLabel(j)}` });
    }
  }
}

/**
 * Check an MRIO table and report problems. Throws InputError for hard errors (non-square Z,
 * shape/label mismatches, NaN/Infinity, negative total output); returns zero-output sectors
 * and balance warnings (row balance x vs Z·1 + Y·1 + e, and column balance x vs 1ᵀZ + VA
 * when value added is given), worst rows first.
 */
export function validateTable(table: MrioTable, options: ValidationOptions = {}): ValidationReport {
  const file = options.file;
  const tol = options.balanceTolerance ?? 1e-6;
  const worst = options.worstRows ?? 5;
  const m = table.regions.length, n = table.sectors.length, k = table.categories.length;
  const mn = m * n;
  if (m === 0 || n === 0) throw new InputError("table has no regions or no sectors", { file });
  if (table.Z.rows !== table.Z.cols) throw new InputError(`Z is ${table.Z.rows} × ${table.Z.cols}, not square`, { file, place: "Z" });
  if (table.Z.rows !== mn) throw new InputError(`Z is ${table.Z.rows} × ${table.Z.cols}, expected ${mn} × ${mn} (${m} regions × ${n} sectors)`, { file, place: "Z" });
  if (table.Y.rows !== mn || table.Y.cols !== m * k) {
    throw new InputError(`Y is ${table.Y.rows} × ${table.Y.cols}, expected ${mn} × ${m * k} (${m} regions × ${k} categories)`, { file, place: "Y" });
  }
  const rl = (i: number) => sectorLabel(table, i);
  const yl = (j: number) => `${table.regions[Math.floor(j / k)]}/${table.categories[j % k]}`;
  checkFinite("Z", table.Z, rl, rl, file);
  checkFinite("Y", table.Y, rl, yl, file);
  if (table.x && table.x.length !== mn) throw new InputError(`x has ${table.x.length} entries, expected ${mn}`, { file, place: "x" });
  if (table.exports && table.exports.length !== mn) throw new InputError(`exports has ${table.exports.length} entries, expected ${mn}`, { file, place: "exports" });
  for (const [name, v] of [["x", table.x], ["exports", table.exports]] as const) {
    if (!v) continue;
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) throw new InputError(`${name} is ${v[i]}`, { file, place: `${name} row ${rl(i)}` });
  }
  if (table.F) {
    const F = table.F;
    if (F.values.cols !== mn) throw new InputError(`F has ${F.values.cols} columns, expected ${mn} (region, sector) columns`, { file, place: "F" });
    checkFinite("F", F.values, (i) => F.index.keys[i].join("/"), rl, file);
  }
  if (table.F_Y) {
    const FY = table.F_Y;
    if (FY.values.cols !== m * k) throw new InputError(`F_Y has ${FY.values.cols} columns, expected ${m * k} (region, category) columns`, { file, place: "F_Y" });
    if (table.F && FY.values.rows !== table.F.values.rows) throw new InputError(`F_Y has ${FY.values.rows} stressor rows, F has ${table.F.values.rows}`, { file, place: "F_Y" });
    checkFinite("F_Y", FY.values, (i) => FY.index.keys[i].join("/"), yl, file);
  }
  const x = outputOf(table);
  const zeroOutput: string[] = [];
  for (let i = 0; i < mn; i++) {
    if (x[i] < 0) throw new InputError(`negative total output ${x[i]}`, { file, place: `x row ${rl(i)}` });
    if (x[i] === 0) zeroOutput.push(rl(i));
  }
  const warnings: string[] = [];
  if (zeroOutput.length > 0) {
    warnings.push(`${zeroOutput.length} sector(s) with zero total output (their coefficients are set to 0): ${zeroOutput.slice(0, 10).join(", ")}${zeroOutput.length > 10 ? ", …" : ""}`);
  }
  const describe = (what: string, off: Array<{ i: number; rel: number; diff: number }>) => {
    off.sort((a, b) => b.rel - a.rel);
    warnings.push(
      `${what} off by more than ${tol} (relative) in ${off.length} row(s); worst: ` +
        off.slice(0, worst).map((o) => `${rl(o.i)} (${o.diff.toPrecision(4)}, ${(o.rel * 100).toPrecision(3)}%)`).join(", "),
    );
  };
  if (table.x) {
    const recomputed = rowSums(table.Z);
    const y = rowSums(table.Y);
    const off: Array<{ i: number; rel: number; diff: number }> = [];
    for (let i = 0; i < mn; i++) {
      const diff = table.x[i] - (recomputed[i] + y[i] + (table.exports ? table.exports[i] : 0));
      const rel = Math.abs(diff) / Math.max(Math.abs(table.x[i]), 1);
      if (rel > tol) off.push({ i, rel, diff });
    }
    if (off.length) describe("row balance x = Z·1 + Y·1 + e", off);
  }
  if (table.valueAdded) {
    const va = table.valueAdded.values;
    const off: Array<{ i: number; rel: number; diff: number }> = [];
    const colZ = new Float64Array(mn);
    for (let i = 0; i < mn; i++) for (let j = 0; j < mn; j++) colZ[j] += table.Z.data[i * mn + j];
    for (let r = 0; r < va.rows; r++) for (let j = 0; j < mn; j++) colZ[j] += va.data[r * mn + j];
    for (let j = 0; j < mn; j++) {
      const diff = x[j] - colZ[j];
      const rel = Math.abs(diff) / Math.max(Math.abs(x[j]), 1);
      if (rel > tol) off.push({ i: j, rel, diff });
    }
    if (off.length) describe("column balance x = 1ᵀZ + value added", off);
  }
  return { zeroOutput, warnings };
}
