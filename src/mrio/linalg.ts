/**
 * Dense linear algebra on row-major Float64Array for the Leontief model: a blocked LU
 * factorization with partial pivoting and multi-right-hand-side triangular solves.
 *
 * Why hand-written: the MRIO engine's hot path is one factorization of (I − A) followed by
 * solves with many right-hand sides (Golub & Van Loan, Matrix Computations, 4th ed.,
 * §3.2 and §3.4, Algorithm 3.2.11 "block outer-product LU"). Everything is expressed
 * through one cache-blocked kernel `gemmSub` (C −= A·B) so that the O(n³) work runs on
 * contiguous rows held in cache.
 */
import type { DenseMatrix } from "./types";
import { gemmSubParallel, sharedFloat64 } from "./parallel";

/** LU factorization P·A = L·U of a square matrix (L unit lower, U upper, packed in `lu`). */
export interface LuFactorization {
  readonly n: number;
  /** L below the diagonal (unit diagonal implied) and U on and above it, row-major n × n. */
  readonly lu: Float64Array;
  /** Row i of P·A is row perm[i] of A. */
  readonly perm: Int32Array;
  /** Smallest |u_ii| relative to the largest, a cheap conditioning hint. */
  readonly pivotRatio: number;
}

/** Error for a singular (or numerically singular) matrix: the Leontief inverse does not exist. */
export class SingularMatrixError extends Error {
  readonly column: number;
  constructor(column: number) {
    super(`matrix is singular (zero pivot in column ${column})`);
    this.name = "SingularMatrixError";
    this.column = column;
  }
}

/** Make a zero-filled rows × cols matrix. */
export function zeros(rows: number, cols: number): DenseMatrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Identity matrix Iₙ. */
export function identity(n: number): DenseMatrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** Transpose Aᵀ (a new matrix), done in tiles so both reads and writes stay in cache. */
export function transpose(a: DenseMatrix): DenseMatrix {
  const { rows, cols, data } = a;
  const out = new Float64Array(rows * cols);
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = Math.min(rows, i0 + T);
    for (let j0 = 0; j0 < cols; j0 += T) {
      const j1 = Math.min(cols, j0 + T);
      for (let i = i0; i < i1; i++) {
        const base = i * cols;
        for (let j = j0; j < j1; j++) out[j * rows + i] = data[base + j];
      }
    }
  }
  return { rows: cols, cols: rows, data: out };
}

/**
 * C[m × q] −= A[m × p] · B[p × q] on sub-blocks of row-major arrays (offset + leading
 * dimension each). The kernel (parallel.ts): two rows of C by four rows of B at a time, so
 * each C load and store is shared by eight multiply–adds; columns are tiled so B's tile stays
 * in cache. Large calls on SharedArrayBuffer-backed arrays are split over two threads.
 */
export const gemmSub = gemmSubParallel;

/** Block size of the blocked algorithms (rows of a panel). */
const NB = 64;

/**
 * LU factorization with partial (row) pivoting, P·A = L·U (Golub & Van Loan Alg. 3.4.1,
 * blocked as Alg. 3.2.11). The input is not modified. Throws SingularMatrixError on an
 * exactly zero pivot column.
 */
export function luFactor(a: DenseMatrix): LuFactorization {
  if (a.rows !== a.cols) throw new Error(`luFactor: matrix is ${a.rows} × ${a.cols}, not square`);
  const n = a.rows;
  const lu = sharedFloat64(n * n);
  lu.set(a.data);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const tmp = new Float64Array(n);
  for (let k0 = 0; k0 < n; k0 += NB) {
    const k1 = Math.min(n, k0 + NB);
    // Panel factorization: columns k0..k1 of rows k0..n, swapping whole rows.
    for (let k = k0; k < k1; k++) {
      let piv = k;
      let best = Math.abs(lu[k * n + k]);
      for (let i = k + 1; i < n; i++) {
        const v = Math.abs(lu[i * n + k]);
        if (v > best) { best = v; piv = i; }
      }
      if (best === 0 || !Number.isFinite(best)) throw new SingularMatrixError(k);
      if (piv !== k) {
        const rk = k * n, rp = piv * n;
        tmp.set(lu.subarray(rk, rk + n));
        lu.copyWithin(rk, rp, rp + n);
        lu.set(tmp, rp);
        const t = perm[k]; perm[k] = perm[piv]; perm[piv] = t;
      }
      const dkk = lu[k * n + k];
      const rk = k * n;
      for (let i = k + 1; i < n; i++) {
        const ri = i * n;
        const l = (lu[ri + k] /= dkk);
        if (l === 0) continue;
        for (let j = k + 1; j < k1; j++) lu[ri + j] -= l * lu[rk + j];
      }
    }
    if (k1 >= n) break;
    // U12 = L11⁻¹ · A12 (unit lower triangular solve on the block row).
    for (let i = k0 + 1; i < k1; i++) {
      const ri = i * n;
      for (let j = k0; j < i; j++) {
        const l = lu[ri + j];
        if (l === 0) continue;
        const rj = j * n;
        for (let c = k1; c < n; c++) lu[ri + c] -= l * lu[rj + c];
      }
    }
    // A22 −= L21 · U12: the O(n³) part.
    gemmSub(lu, k1 * n + k1, n, lu, k1 * n + k0, n, lu, k0 * n + k1, n, n - k1, k1 - k0, n - k1);
  }
  let maxU = 0, minU = Infinity;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(lu[i * n + i]);
    if (v > maxU) maxU = v;
    if (v < minU) minU = v;
  }
  return { n, lu, perm, pivotRatio: n === 0 ? 1 : minU / maxU };
}

/** In place: B ← T⁻¹·B for lower-triangular T (row-major n × n), B n × q. */
function solveLowerInPlace(T: Float64Array, n: number, unitDiag: boolean, B: Float64Array, q: number): void {
  for (let i0 = 0; i0 < n; i0 += NB) {
    const i1 = Math.min(n, i0 + NB);
    if (i0 > 0) gemmSub(B, i0 * q, q, T, i0 * n, n, B, 0, q, i1 - i0, i0, q);
    for (let i = i0; i < i1; i++) {
      const ri = i * n, bi = i * q;
      for (let j = i0; j < i; j++) {
        const l = T[ri + j];
        if (l === 0) continue;
        const bj = j * q;
        for (let c = 0; c < q; c++) B[bi + c] -= l * B[bj + c];
      }
      if (!unitDiag) {
        const d = 1 / T[ri + i];
        for (let c = 0; c < q; c++) B[bi + c] *= d;
      }
    }
  }
}

/** In place: B ← T⁻¹·B for upper-triangular T (row-major n × n), B n × q. */
function solveUpperInPlace(T: Float64Array, n: number, unitDiag: boolean, B: Float64Array, q: number): void {
  const lastStart = Math.floor((n - 1) / NB) * NB;
  for (let i0 = lastStart; i0 >= 0; i0 -= NB) {
    const i1 = Math.min(n, i0 + NB);
    if (i1 < n) gemmSub(B, i0 * q, q, T, i0 * n + i1, n, B, i1 * q, q, i1 - i0, n - i1, q);
    for (let i = i1 - 1; i >= i0; i--) {
      const ri = i * n, bi = i * q;
      for (let j = i + 1; j < i1; j++) {
        const u = T[ri + j];
        if (u === 0) continue;
        const bj = j * q;
        for (let c = 0; c < q; c++) B[bi + c] -= u * B[bj + c];
      }
      if (!unitDiag) {
        const d = 1 / T[ri + i];
        for (let c = 0; c < q; c++) B[bi + c] *= d;
      }
    }
  }
}

/**
 * Solve A·X = B for X with many right-hand sides (B is n × q), given P·A = L·U:
 * X = U⁻¹ · L⁻¹ · P·B (Golub & Van Loan §3.4.6). One factorization serves every column.
 */
export function luSolve(f: LuFactorization, b: DenseMatrix): DenseMatrix {
  const { n, lu, perm } = f;
  if (b.rows !== n) throw new Error(`luSolve: right-hand side has ${b.rows} rows, expected ${n}`);
  const q = b.cols;
  const x = sharedFloat64(n * q);
  for (let i = 0; i < n; i++) x.set(b.data.subarray(perm[i] * q, perm[i] * q + q), i * q);
  solveLowerInPlace(lu, n, true, x, q);
  solveUpperInPlace(lu, n, false, x, q);
  return { rows: n, cols: q, data: x };
}

/**
 * Solve Aᵀ·X = B (B is n × q), i.e. row-vector problems x·A = b written as columns.
 * With P·A = L·U, Aᵀ = Uᵀ·Lᵀ·P, so X = Pᵀ · L⁻ᵀ · U⁻ᵀ · B. This is how f·(I − A)⁻¹ is
 * computed without forming the inverse.
 */
export function luSolveTransposed(f: LuFactorization, b: DenseMatrix): DenseMatrix {
  const { n, perm } = f;
  if (b.rows !== n) throw new Error(`luSolveTransposed: right-hand side has ${b.rows} rows, expected ${n}`);
  const q = b.cols;
  const t = sharedFloat64(n * n);
  t.set(transpose({ rows: n, cols: n, data: f.lu }).data);
  const w = sharedFloat64(n * q);
  w.set(b.data);
  solveLowerInPlace(t, n, false, w, q); // Uᵀ is lower triangular with U's diagonal
  solveUpperInPlace(t, n, true, w, q); // Lᵀ is unit upper triangular
  const x = new Float64Array(n * q);
  for (let i = 0; i < n; i++) x.set(w.subarray(i * q, i * q + q), perm[i] * q);
  return { rows: n, cols: q, data: x };
}

/**
 * A⁻¹ from its LU factorization: A⁻¹ = U⁻¹·L⁻¹·P (Golub & Van Loan §3.4.8). L⁻¹ is unit lower
 * triangular, so its forward solve only touches columns up to the current block (a third of
 * the work of a general solve); the column permutation is applied at the end.
 * Prefer luSolve when only A⁻¹·B is needed.
 */
export function luInverse(f: LuFactorization): DenseMatrix {
  const { n, lu, perm } = f;
  const W = sharedFloat64(n * n);
  for (let i = 0; i < n; i++) W[i * n + i] = 1;
  // Forward: W ← L⁻¹, exploiting W[r, c] = 0 for c > r.
  for (let i0 = 0; i0 < n; i0 += NB) {
    const i1 = Math.min(n, i0 + NB);
    if (i0 > 0) gemmSub(W, i0 * n, n, lu, i0 * n, n, W, 0, n, i1 - i0, i0, i0);
    for (let i = i0; i < i1; i++) {
      const ri = i * n;
      for (let j = i0; j < i; j++) {
        const l = lu[ri + j];
        if (l === 0) continue;
        const rj = j * n;
        for (let c = 0; c <= j; c++) W[ri + c] -= l * W[rj + c];
      }
    }
  }
  // Backward: W ← U⁻¹·W (general).
  solveUpperInPlace(lu, n, false, W, n);
  // A⁻¹ = W·P: column perm[i] of A⁻¹ is column i of W.
  const X = sharedFloat64(n * n);
  for (let r = 0; r < n; r++) {
    const b = r * n;
    for (let i = 0; i < n; i++) X[b + perm[i]] = W[b + i];
  }
  return { rows: n, cols: n, data: X };
}

/** C = A·B (new matrix) through the blocked kernel. */
export function matmul(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  if (a.cols !== b.rows) throw new Error(`matmul: ${a.rows}×${a.cols} times ${b.rows}×${b.cols}`);
  const c = new Float64Array(a.rows * b.cols);
  // gemmSub subtracts; negate once at the end rather than copying A.
  gemmSub(c, 0, b.cols, a.data, 0, a.cols, b.data, 0, b.cols, a.rows, a.cols, b.cols);
  for (let i = 0; i < c.length; i++) c[i] = 0 - c[i]; // 0 − x, not −x: never produce −0
  return { rows: a.rows, cols: b.cols, data: c };
}
