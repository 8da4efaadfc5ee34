/**
 * Consumption- and production-based accounts with pymrio's conventions and names
 * (pymrio `iomath.calc_accounts` and `Extension.calc_system`; Peters 2008, "From production-
 * based to consumption-based national emission inventories", Ecol. Econ. 65:13–23).
 */
import type { AxisIndex, DenseMatrix, MrioTable } from "./types";
import { luSolve, luSolveTransposed, type LuFactorization } from "./linalg";
import { leontiefFactor, outputOf, stressorCoefficients, technicalCoefficients } from "./core";

/**
 * What to do with a separate exports-abroad column (CEADs' e): fold it into the exporting
 * region's own final demand ("final-demand", which is what pymrio does with an "Export"
 * final-demand category), or leave it out ("drop"; then ΣD_pba < ΣF).
 */
export type AccountsExports = "final-demand" | "drop";

export interface AccountsOptions {
  /** Exports abroad (table.exports); default "final-demand". */
  readonly exportsAbroad?: AccountsExports;
  /** A precomputed L or LU factorization of I − A, to reuse. */
  readonly leontief?: DenseMatrix | LuFactorization;
}

/** pymrio's account matrices: stressors × (region, sector) and stressors × region. */
export interface Accounts {
  readonly regions: readonly string[];
  readonly sectors: readonly string[];
  /** Stressor labels (F's index). */
  readonly stressors: AxisIndex;
  /** Consumption-based account by consuming region and final product: D_cba = S·L·Ŷ (columns (s, j)). */
  readonly D_cba: DenseMatrix;
  /** Production-based account by producing (region, sector): D_pba = S ∘ (L·Y·1)ᵀ. */
  readonly D_pba: DenseMatrix;
  /** Emissions abroad embodied in each region's final demand: D_cba without the domestic block. */
  readonly D_imp: DenseMatrix;
  /** Emissions of each (region, sector) embodied in other regions' final demand. */
  readonly D_exp: DenseMatrix;
  /** Per region: Σ_j D_cba + F_Y (households' direct emissions). */
  readonly D_cba_reg: DenseMatrix;
  /** Per region: Σ_i D_pba + F_Y. */
  readonly D_pba_reg: DenseMatrix;
  /** Per region: Σ_j D_imp (no F_Y). */
  readonly D_imp_reg: DenseMatrix;
  /** Per region: Σ_i D_exp (no F_Y). */
  readonly D_exp_reg: DenseMatrix;
}

/**
 * Final demand aggregated per consuming region, Y_agg (mn × m): Y_agg[(r,i), s] =
 * Σ_c Y[(r,i),(s,c)] (pymrio: `Y.T.groupby(level="region", sort=False).sum().T`), with
 * exports abroad added to the exporter's own column when `exportsAbroad` is "final-demand".
 */
export function finalDemandByRegion(table: MrioTable, exportsAbroad: AccountsExports = "final-demand"): DenseMatrix {
  const m = table.regions.length, n = table.sectors.length, k = table.categories.length;
  const mn = m * n;
  const out = new Float64Array(mn * m);
  const Y = table.Y.data, yc = m * k;
  for (let p = 0; p < mn; p++) {
    for (let s = 0; s < m; s++) {
      let sum = 0;
      const b = p * yc + s * k;
      for (let c = 0; c < k; c++) sum += Y[b + c];
      out[p * m + s] = sum;
    }
    if (exportsAbroad === "final-demand" && table.exports) out[p * m + Math.floor(p / n)] += table.exports[p];
  }
  return { rows: mn, cols: m, data: out };
}

/** Sum column groups of consecutive width `k` (e.g. F_Y over categories per region). */
export function sumColumnBlocks(M: DenseMatrix, k: number): DenseMatrix {
  const g = M.cols / k;
  const out = new Float64Array(M.rows * g);
  for (let q = 0; q < M.rows; q++) {
    for (let s = 0; s < g; s++) {
      let sum = 0;
      for (let c = 0; c < k; c++) sum += M.data[q * M.cols + s * k + c];
      out[q * g + s] = sum;
    }
  }
  return { rows: M.rows, cols: g, data: out };
}

/**
 * Origin-resolved consumption footprints, the building block of D_cba, D_imp and the
 * bilateral flows: C[q][r][(s,j)] = Σ_t Σ_i S_q,(r,i) · L[(r,i),(t,j)] · Y_agg[(t,j), s],
 * i.e. stressor q emitted in region r for final product j bought by region s.
 * Computed with one transposed solve with (stressors × regions) right-hand sides
 * (W = S^(r)·L), never forming L. Returned as a (q·m + r) × (m·n) matrix.
 */
export function originConsumptionFootprint(S: DenseMatrix, leontief: DenseMatrix | LuFactorization, Yagg: DenseMatrix, nSectors: number): DenseMatrix {
  const mn = S.cols, m = Yagg.cols, n = nSectors, kq = S.rows;
  // W[(t,j)][q·m + r] = (S^(r)·L)[q,(t,j)]
  let W: Float64Array;
  const w = kq * m;
  if ("lu" in leontief) {
    const R = new Float64Array(mn * w);
    for (let q = 0; q < kq; q++) for (let p = 0; p < mn; p++) R[p * w + q * m + Math.floor(p / n)] = S.data[q * mn + p];
    W = luSolveTransposed(leontief, { rows: mn, cols: w, data: R }).data;
  } else {
    const L = leontief.data;
    W = new Float64Array(mn * w);
    const row = new Float64Array(mn);
    for (let q = 0; q < kq; q++) {
      for (let r = 0; r < m; r++) {
        row.fill(0);
        for (let i = r * n; i < r * n + n; i++) {
          const s = S.data[q * mn + i];
          if (s === 0) continue;
          const li = i * mn;
          for (let c = 0; c < mn; c++) row[c] += s * L[li + c];
        }
        for (let c = 0; c < mn; c++) W[c * w + q * m + r] = row[c];
      }
    }
  }
  const out = new Float64Array(w * mn);
  const Y = Yagg.data;
  for (let qr = 0; qr < w; qr++) {
    const o = qr * mn;
    for (let s = 0; s < m; s++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let t = 0; t < m; t++) {
          const p = t * n + j;
          sum += W[p * w + qr] * Y[p * m + s];
        }
        out[o + s * n + j] = sum;
      }
    }
  }
  return { rows: w, cols: mn, data: out };
}

/**
 * pymrio's calc_accounts(S, L, Y_agg): with x_diag = L·diag-blocks(Y_agg),
 *   D_cba = S·x_diag,  D_pba = S ∘ (x_diag·1)ᵀ,
 *   D_imp = S·x_trade,  D_exp = S ∘ (x_trade·1)ᵀ,
 * where x_trade is x_diag with the domestic (r = s) blocks set to zero. Region totals sum
 * columns per region and add F_Y to D_cba_reg and D_pba_reg only (pymrio `calc_system`).
 * Identity: D_cba_reg = D_pba_reg + D_imp_reg − D_exp_reg.
 */
export function calcAccounts(
  S: DenseMatrix,
  leontief: DenseMatrix | LuFactorization,
  Yagg: DenseMatrix,
  nSectors: number,
  F_Yagg?: DenseMatrix,
): { D_cba: DenseMatrix; D_pba: DenseMatrix; D_imp: DenseMatrix; D_exp: DenseMatrix; D_cba_reg: DenseMatrix; D_pba_reg: DenseMatrix; D_imp_reg: DenseMatrix; D_exp_reg: DenseMatrix } {
  const mn = S.cols, m = Yagg.cols, n = nSectors, kq = S.rows;
  if (Yagg.rows !== mn || m * n !== mn) throw new Error(`calcAccounts: shapes S ${kq}×${mn}, Y_agg ${Yagg.rows}×${m}, ${n} sectors do not fit`);
  // X = L·Y_agg: output of every (r,i) driven by each region's final demand.
  const X = "lu" in leontief ? luSolve(leontief, Yagg).data : matmulDense(leontief, Yagg);
  const xTot = new Float64Array(mn), xExp = new Float64Array(mn);
  for (let p = 0; p < mn; p++) {
    const own = Math.floor(p / n);
    let tot = 0, exp = 0;
    for (let s = 0; s < m; s++) {
      const v = X[p * m + s];
      tot += v;
      if (s !== own) exp += v;
    }
    xTot[p] = tot;
    xExp[p] = exp;
  }
  const D_pba = new Float64Array(kq * mn), D_exp = new Float64Array(kq * mn);
  for (let q = 0; q < kq; q++) {
    for (let p = 0; p < mn; p++) {
      D_pba[q * mn + p] = S.data[q * mn + p] * xTot[p];
      D_exp[q * mn + p] = S.data[q * mn + p] * xExp[p];
    }
  }
  const C = originConsumptionFootprint(S, leontief, Yagg, n).data;
  const D_cba = new Float64Array(kq * mn), D_imp = new Float64Array(kq * mn);
  for (let q = 0; q < kq; q++) {
    for (let s = 0; s < m; s++) {
      for (let j = 0; j < n; j++) {
        const col = s * n + j;
        let cba = 0, imp = 0;
        for (let r = 0; r < m; r++) {
          const v = C[(q * m + r) * mn + col];
          cba += v;
          if (r !== s) imp += v;
        }
        D_cba[q * mn + col] = cba;
        D_imp[q * mn + col] = imp;
      }
    }
  }
  const mk = (d: Float64Array): DenseMatrix => ({ rows: kq, cols: mn, data: d });
  const reg = (d: Float64Array, addFY: boolean): DenseMatrix => {
    const out = sumColumnBlocks(mk(d), n);
    if (addFY && F_Yagg) for (let i = 0; i < out.data.length; i++) out.data[i] += F_Yagg.data[i];
    return out;
  };
  return {
    D_cba: mk(D_cba), D_pba: mk(D_pba), D_imp: mk(D_imp), D_exp: mk(D_exp),
    D_cba_reg: reg(D_cba, true), D_pba_reg: reg(D_pba, true), D_imp_reg: reg(D_imp, false), D_exp_reg: reg(D_exp, false),
  };
}

function matmulDense(a: DenseMatrix, b: DenseMatrix): Float64Array {
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    const o = i * b.cols;
    for (let k = 0; k < a.cols; k++) {
      const v = a.data[i * a.cols + k];
      if (v === 0) continue;
      const bk = k * b.cols;
      for (let j = 0; j < b.cols; j++) out[o + j] += v * b.data[bk + j];
    }
  }
  return out;
}

/**
 * All pymrio accounts of a table (requires F). S = F·x̂⁻¹ with x the table's total output
 * (given, or Z·1 + Y·1 + e), L from A = Z·x̂⁻¹, Y aggregated per region; F_Y summed per
 * region is added to D_cba_reg and D_pba_reg.
 */
export function accounts(table: MrioTable, options: AccountsOptions = {}): Accounts {
  if (!table.F) throw new Error("accounts: the table has no stressor extension F");
  const x = outputOf(table);
  const leontief = options.leontief ?? leontiefFactor(technicalCoefficients(table.Z, x));
  const S = stressorCoefficients(table.F.values, x);
  const Yagg = finalDemandByRegion(table, options.exportsAbroad ?? "final-demand");
  const FY = table.F_Y ? sumColumnBlocks(table.F_Y.values, table.categories.length) : undefined;
  const r = calcAccounts(S, leontief, Yagg, table.sectors.length, FY);
  return { regions: table.regions, sectors: table.sectors, stressors: table.F.index, ...r };
}
