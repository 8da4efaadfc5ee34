/**
 * Coefficients and multipliers of the Leontief (demand-driven) and Ghosh (supply-driven)
 * models, in Miller & Blair's notation (Input–Output Analysis, 2nd ed., 2009, ch. 2, 6, 12):
 * x total output, Z intermediate flows, Y final demand, A = Z·x̂⁻¹, L = (I − A)⁻¹,
 * B = x̂⁻¹·Z, G = (I − B)⁻¹, S = F·x̂⁻¹, M = S·L. Names follow pymrio (iomath.py).
 */
import type { DenseMatrix, MrioTable } from "./types";
import { identity, luFactor, luInverse, luSolve, luSolveTransposed, transpose, type LuFactorization } from "./linalg";

/**
 * Reciprocal of total output with 1/0 → 0 (pymrio's convention): a sector with zero output
 * gets zero coefficients instead of Infinity/NaN. Such sectors are reported by validateTable.
 */
export function reciprocalOutput(x: Float64Array): Float64Array {
  const r = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) r[i] = x[i] === 0 ? 0 : 1 / x[i];
  return r;
}

/**
 * Row sums M·1 of a matrix (length rows).
 */
export function rowSums(m: DenseMatrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    const b = i * m.cols;
    for (let j = 0; j < m.cols; j++) s += m.data[b + j];
    out[i] = s;
  }
  return out;
}

/**
 * Total output from the row balance, x = Z·1 + Y·1 (+ e for a separate exports-abroad
 * column, as in CEADs tables). pymrio: `calc_x(Z, Y)`; Miller & Blair eq. 2.1.
 * A table's own `x` (the workbook's total-output column) is preferred where present:
 * see `outputOf`.
 */
export function totalOutput(Z: DenseMatrix, Y: DenseMatrix, exports?: Float64Array): Float64Array {
  const x = rowSums(Z);
  const y = rowSums(Y);
  for (let i = 0; i < x.length; i++) x[i] += y[i] + (exports ? exports[i] : 0);
  return x;
}

/** The table's total output: its given x, otherwise x = Z·1 + Y·1 + e. */
export function outputOf(table: MrioTable): Float64Array {
  return table.x ?? totalOutput(table.Z, table.Y, table.exports);
}

/**
 * Technical coefficients A = Z·x̂⁻¹, a_ij = z_ij / x_j (Miller & Blair eq. 2.4; pymrio
 * `calc_A`). Columns of zero-output sectors are 0.
 */
export function technicalCoefficients(Z: DenseMatrix, x: Float64Array): DenseMatrix {
  if (Z.rows !== Z.cols) throw new Error(`technicalCoefficients: Z is ${Z.rows} × ${Z.cols}, not square`);
  if (x.length !== Z.cols) throw new Error(`technicalCoefficients: x has ${x.length} entries, Z has ${Z.cols} columns`);
  const r = reciprocalOutput(x);
  const n = Z.cols;
  const a = new Float64Array(Z.rows * n);
  for (let i = 0; i < Z.rows; i++) {
    const b = i * n;
    for (let j = 0; j < n; j++) a[b + j] = Z.data[b + j] * r[j];
  }
  return { rows: Z.rows, cols: n, data: a };
}

/** I − A (the Leontief matrix), a new matrix. */
export function leontiefMatrix(A: DenseMatrix): DenseMatrix {
  const n = A.rows;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) out[i] = 0 - A.data[i];
  for (let i = 0; i < n; i++) out[i * n + i] += 1;
  return { rows: n, cols: n, data: out };
}

/**
 * LU factorization of I − A, the one O(n³) step behind every demand-driven result:
 * x = L·y is `luSolve(f, y)`, f·L is `luSolveTransposed(f, fᵀ)ᵀ`.
 */
export function leontiefFactor(A: DenseMatrix): LuFactorization {
  return luFactor(leontiefMatrix(A));
}

/**
 * Leontief inverse L = (I − A)⁻¹ (Miller & Blair eq. 2.10; pymrio `calc_L`), the total
 * requirements matrix. Formed explicitly for teaching and for L.csv; use `leontiefFactor`
 * and a solve when only L·Y or S·L is needed.
 */
export function leontiefInverse(A: DenseMatrix | LuFactorization): DenseMatrix {
  return luInverse("lu" in A ? A : leontiefFactor(A));
}

/**
 * Solve the Leontief model x = L·y = (I − A)⁻¹·y for one or many demand vectors (columns of y)
 * without forming L (Miller & Blair eq. 2.11).
 */
export function leontiefSolve(f: LuFactorization, y: DenseMatrix): DenseMatrix {
  return luSolve(f, y);
}

/**
 * Ghosh allocation (output) coefficients B = x̂⁻¹·Z, b_ij = z_ij / x_i (Miller & Blair
 * eq. 12.2; pymrio `calc_B`). Rows of zero-output sectors are 0.
 */
export function ghoshCoefficients(Z: DenseMatrix, x: Float64Array): DenseMatrix {
  const r = reciprocalOutput(x);
  const n = Z.cols;
  const b = new Float64Array(Z.rows * n);
  for (let i = 0; i < Z.rows; i++) {
    const base = i * n;
    const ri = r[i];
    for (let j = 0; j < n; j++) b[base + j] = Z.data[base + j] * ri;
  }
  return { rows: Z.rows, cols: n, data: b };
}

/** Ghosh inverse G = (I − B)⁻¹ (Miller & Blair eq. 12.7; pymrio `calc_G`): xᵀ = vᵀ·G. */
export function ghoshInverse(B: DenseMatrix): DenseMatrix {
  return luInverse(luFactor(leontiefMatrix(B)));
}

/**
 * Direct stressor coefficients S = F·x̂⁻¹, s_kj = f_kj / x_j (pymrio `calc_S`; the direct
 * emission intensity 直接碳排放系数, t CO2 per monetary unit when F is in t). 1/0 → 0.
 */
export function stressorCoefficients(F: DenseMatrix, x: Float64Array): DenseMatrix {
  if (F.cols !== x.length) throw new Error(`stressorCoefficients: F has ${F.cols} columns, x has ${x.length} entries`);
  return technicalCoefficientsLike(F, x);
}

function technicalCoefficientsLike(F: DenseMatrix, x: Float64Array): DenseMatrix {
  const r = reciprocalOutput(x);
  const out = new Float64Array(F.rows * F.cols);
  for (let i = 0; i < F.rows; i++) {
    const b = i * F.cols;
    for (let j = 0; j < F.cols; j++) out[b + j] = F.data[b + j] * r[j];
  }
  return { rows: F.rows, cols: F.cols, data: out };
}

/**
 * Total (embodied) multipliers M = S·L (pymrio `calc_M`; 完全碳排放系数), computed as the
 * solution of (I − A)ᵀ·Mᵀ = Sᵀ when given a factorization, or as a product when given L.
 */
export function multipliers(S: DenseMatrix, leontief: DenseMatrix | LuFactorization): DenseMatrix {
  if ("lu" in leontief) return transpose(luSolveTransposed(leontief, transpose(S)));
  const L = leontief;
  const n = L.cols;
  const out = new Float64Array(S.rows * n);
  for (let q = 0; q < S.rows; q++) {
    const o = q * n;
    for (let i = 0; i < S.cols; i++) {
      const s = S.data[q * S.cols + i];
      if (s === 0) continue;
      const li = i * n;
      for (let j = 0; j < n; j++) out[o + j] += s * L.data[li + j];
    }
  }
  return { rows: S.rows, cols: n, data: out };
}

/** Identity re-exported for teaching notebooks (I in I − A). */
export { identity };
