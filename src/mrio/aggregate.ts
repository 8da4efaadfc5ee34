/**
 * Aggregation of an MRIO table by concordance (Miller & Blair §4.3: Z* = C·Z·Cᵀ, Y* = C·Y·D,
 * x* = C·x, F* = F·Cᵀ with 0/1 concordance matrices C). Flows are summed and coefficients
 * recomputed from them — averaging coefficients would change totals. Totals (ΣZ, ΣY, Σx,
 * ΣF, and hence ΣD_cba = ΣD_pba = ΣF) are invariant.
 */
import type { DenseMatrix, LabelledMatrix, MrioTable } from "./types";

/** A many-to-one concordance: `assign[i]` is the group index of item i. */
export interface Concordance {
  readonly groups: readonly string[];
  readonly assign: Int32Array;
}

/**
 * Concordance from a mapping item → group (e.g. province → geographical region). Every item
 * must be mapped; groups are ordered by first appearance in `items` order unless `groupOrder`
 * is given. Throws (plain Error; the CLI wraps it with the file name) on unmapped items.
 */
export function concordanceFromMapping(items: readonly string[], mapping: ReadonlyMap<string, string>, groupOrder?: readonly string[]): Concordance {
  const missing = items.filter((it) => !mapping.has(it));
  if (missing.length) throw new Error(`no group for ${missing.length} label(s): ${missing.slice(0, 10).join(", ")}`);
  const groups: string[] = [];
  if (groupOrder) {
    for (const g of groupOrder) if (!groups.includes(g) && items.some((it) => mapping.get(it) === g)) groups.push(g);
  } else {
    for (const it of items) {
      const g = mapping.get(it)!;
      if (!groups.includes(g)) groups.push(g);
    }
  }
  const pos = new Map(groups.map((g, i) => [g, i] as const));
  const assign = new Int32Array(items.length);
  items.forEach((it, i) => {
    assign[i] = pos.get(mapping.get(it)!)!;
  });
  return { groups, assign };
}

/**
 * Concordance from a 0/1 matrix C (groups × items, C[g, i] = 1 when item i belongs to group g).
 * Each column must hold exactly one 1 (many-to-one).
 */
export function concordanceFromMatrix(groups: readonly string[], C: DenseMatrix): Concordance {
  if (C.rows !== groups.length) throw new Error(`concordance matrix has ${C.rows} rows, ${groups.length} group names`);
  const assign = new Int32Array(C.cols);
  for (let i = 0; i < C.cols; i++) {
    let found = -1;
    for (let g = 0; g < C.rows; g++) {
      const v = C.data[g * C.cols + i];
      if (v === 0) continue;
      if (v !== 1 || found >= 0) throw new Error(`concordance column ${i} must hold exactly one 1 (many-to-one)`);
      found = g;
    }
    if (found < 0) throw new Error(`concordance column ${i} maps to no group`);
    assign[i] = found;
  }
  return { groups, assign };
}

/** The identity concordance (every item its own group). */
export function identityConcordance(items: readonly string[]): Concordance {
  return { groups: items, assign: Int32Array.from(items, (_, i) => i) };
}

/** Sum rows and/or columns of a matrix by index maps (rowMap/colMap give the target index). */
function sumBy(M: DenseMatrix, rowMap: Int32Array | null, rows: number, colMap: Int32Array | null, cols: number): DenseMatrix {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < M.rows; i++) {
    const ti = rowMap ? rowMap[i] : i;
    const o = ti * cols, b = i * M.cols;
    if (colMap) for (let j = 0; j < M.cols; j++) out[o + colMap[j]] += M.data[b + j];
    else for (let j = 0; j < M.cols; j++) out[o + j] += M.data[b + j];
  }
  return { rows, cols, data: out };
}

function sumVector(v: Float64Array, map: Int32Array, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < v.length; i++) out[map[i]] += v[i];
  return out;
}

/**
 * Aggregate regions and/or sectors of a table: every flow (Z, Y, x, exports, F, F_Y, value
 * added) is summed into its groups; categories are kept. Coefficients must then be recomputed
 * from the aggregated table (technicalCoefficients etc.).
 */
export function aggregateByConcordance(table: MrioTable, by: { regions?: Concordance; sectors?: Concordance }): MrioTable {
  const m = table.regions.length, n = table.sectors.length, k = table.categories.length;
  const rc = by.regions ?? identityConcordance(table.regions);
  const sc = by.sectors ?? identityConcordance(table.sectors);
  if (rc.assign.length !== m) throw new Error(`region concordance covers ${rc.assign.length} regions, the table has ${m}`);
  if (sc.assign.length !== n) throw new Error(`sector concordance covers ${sc.assign.length} sectors, the table has ${n}`);
  const M = rc.groups.length, N = sc.groups.length;
  const rs = new Int32Array(m * n);
  for (let r = 0; r < m; r++) for (let i = 0; i < n; i++) rs[r * n + i] = rc.assign[r] * N + sc.assign[i];
  const rcat = new Int32Array(m * k);
  for (let s = 0; s < m; s++) for (let c = 0; c < k; c++) rcat[s * k + c] = rc.assign[s] * k + c;
  const aggKeys = (): string[][] => {
    const keys: string[][] = [];
    for (const r of rc.groups) for (const s of sc.groups) keys.push([r, s]);
    return keys;
  };
  const aggCatKeys = (): string[][] => {
    const keys: string[][] = [];
    for (const r of rc.groups) for (const c of table.categories) keys.push([r, c]);
    return keys;
  };
  const ext = (L: LabelledMatrix | undefined, map: Int32Array, size: number, keys: () => string[][]): LabelledMatrix | undefined =>
    L && { index: L.index, columns: { names: L.columns.names, keys: keys() }, values: sumBy(L.values, null, L.values.rows, map, size) };
  return {
    regions: rc.groups,
    sectors: sc.groups,
    categories: table.categories,
    Z: sumBy(table.Z, rs, M * N, rs, M * N),
    Y: sumBy(table.Y, rs, M * N, rcat, M * k),
    x: table.x && sumVector(table.x, rs, M * N),
    exports: table.exports && sumVector(table.exports, rs, M * N),
    F: ext(table.F, rs, M * N, aggKeys),
    F_Y: ext(table.F_Y, rcat, M * k, aggCatKeys),
    valueAdded: ext(table.valueAdded, rs, M * N, aggKeys),
    unit: table.unit,
  };
}
