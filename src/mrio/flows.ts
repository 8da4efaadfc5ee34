/**
 * Bilateral embodied-emission flows between regions and net transfers (METHODS §2.3–2.6).
 * E[r←s]: emissions released in region r that are embodied in final demand of region s.
 */
import type { DenseMatrix, MrioTable } from "./types";
import { luFactor, luSolve, type LuFactorization } from "./linalg";
import { leontiefFactor, outputOf, reciprocalOutput, technicalCoefficients } from "./core";
import type { Concordance } from "./aggregate";

/**
 * Demand attribution:
 * - "mrio": full multi-regional model, E[r←s] = f^r · Σ_t L^{rt} y^{ts} (Kanemoto et al. 2012;
 *   Feng et al. 2013) — follows supply chains to the final consumer;
 * - "restricted": E[r←s] = f^r · L^{rs} y^{ss}, only demand met by final products assembled
 *   in s itself (a reading of the thesis' "f_r L_rs y_s"; METHODS §2.5);
 * - "eebt": emissions embodied in bilateral trade with the exporter's domestic technology,
 *   E[r→s] = f^r (I − A^{rr})⁻¹ t^{rs}, t^{rs} = Z^{rs}·1 + Y^{rs}·1 for s ≠ r and
 *   t^{rr} = Y^{rr}·1 (Peters 2008; Kanemoto et al. 2012) — credits the direct trade partner.
 */
export type FlowMethod = "mrio" | "restricted" | "eebt";

/**
 * Exports abroad (METHODS §2.6): "row" adds a "rest of world" destination column
 * E[r←ROW]; "final-demand" folds them into the exporter's own final demand (inflating its
 * consumption-based account); "drop" leaves them out of the transfer analysis.
 */
export type ExportsTreatment = "row" | "final-demand" | "drop";

/**
 * Sign of net transfer (METHODS §2.4): "inflow-minus-outflow" Net^r = In^r − Out^r
 * (positive: r's consumption causes more emissions elsewhere than it hosts for others);
 * "outflow-minus-inflow" Net^r = Out^r − In^r (positive: r hosts emissions for others,
 * the 碳排放承接 reading). Both occur in the Chinese literature; one is the exact negative
 * of the other.
 */
export type NetConvention = "inflow-minus-outflow" | "outflow-minus-inflow";

export interface FlowOptions {
  /** Demand attribution; default "mrio". */
  readonly method?: FlowMethod;
  /** Exports abroad; default "row". Only matters when the table has `exports`. */
  readonly exports?: ExportsTreatment;
  /** Stressor row of F (index, or label: the index labels joined by "/" or the first level); default 0. */
  readonly stressor?: number | string;
  /** Precomputed factorization of I − A, for "mrio" and "restricted". */
  readonly leontief?: LuFactorization;
}

export interface BilateralFlows {
  /** Origin regions (rows). */
  readonly regions: readonly string[];
  /** Destinations (columns): the regions, then "ROW" when exports are "row" and the table has exports. */
  readonly destinations: readonly string[];
  /** E[r←s]: rows origin r (where emitted), columns destination s (whose final demand). */
  readonly flows: DenseMatrix;
  /** Production-based total per region, f^r·x^r (for closure checks). */
  readonly production: Float64Array;
  readonly method: FlowMethod;
  readonly exports: ExportsTreatment;
  readonly stressor: string;
}

/** Row index of a stressor given as index or label. */
export function stressorIndex(table: MrioTable, stressor: number | string | undefined): number {
  if (!table.F) throw new Error("the table has no stressor extension F");
  const keys = table.F.index.keys;
  if (stressor === undefined) return 0;
  if (typeof stressor === "number") {
    if (stressor < 0 || stressor >= keys.length) throw new Error(`stressor index ${stressor} out of range 0..${keys.length - 1}`);
    return stressor;
  }
  let found = keys.findIndex((k) => k.join("/") === stressor);
  if (found < 0) {
    const byFirst = keys.map((k, i) => (k[0] === stressor ? i : -1)).filter((i) => i >= 0);
    if (byFirst.length === 1) found = byFirst[0];
  }
  if (found < 0) throw new Error(`no stressor "${stressor}"; F has: ${keys.map((k) => k.join("/")).join(", ")}`);
  return found;
}

/**
 * The region × region matrix of embodied flows E[r←s] for one stressor, with the method and
 * exports treatment as parameters (see FlowMethod, ExportsTreatment). f = F·x̂⁻¹ (1/0 → 0).
 * Closure: with exports "row" or "final-demand", Σ_s E[r←s] = f^r·x^r = PBA^r whenever
 * x = Z·1 + Y·1 + e (balanced table), for every method.
 */
export function bilateralFlows(table: MrioTable, options: FlowOptions = {}): BilateralFlows {
  const method = options.method ?? "mrio";
  const exportsT = options.exports ?? "row";
  const q = stressorIndex(table, options.stressor);
  const m = table.regions.length, n = table.sectors.length, k = table.categories.length;
  const mn = m * n;
  const x = outputOf(table);
  const rx = reciprocalOutput(x);
  const F = table.F!.values;
  const f = new Float64Array(mn);
  for (let p = 0; p < mn; p++) f[p] = F.data[q * mn + p] * rx[p];
  const production = new Float64Array(m);
  for (let p = 0; p < mn; p++) production[Math.floor(p / n)] += F.data[q * mn + p];
  // A ROW column only when there are exports abroad to attribute.
  const hasRow = exportsT === "row" && table.exports !== undefined;
  const d = m + (hasRow ? 1 : 0);
  const e = table.exports;
  // Final demand by destination region: y^{ts} per (t, j) row, s column.
  const Ydest = new Float64Array(mn * d);
  for (let p = 0; p < mn; p++) {
    for (let s = 0; s < m; s++) {
      let sum = 0;
      const b = p * m * k + s * k;
      for (let c = 0; c < k; c++) sum += table.Y.data[b + c];
      Ydest[p * d + s] = sum;
    }
    if (e) {
      if (hasRow) Ydest[p * d + m] = e[p];
      else if (exportsT === "final-demand") Ydest[p * d + Math.floor(p / n)] += e[p];
    }
  }
  const E = new Float64Array(m * d);
  if (method === "mrio" || method === "restricted") {
    const fac = options.leontief ?? leontiefFactor(technicalCoefficients(table.Z, x));
    let rhs = Ydest;
    if (method === "restricted") {
      // Keep only y^{ss} (block s of column s); the ROW column keeps all origins' exports.
      rhs = new Float64Array(mn * d);
      for (let p = 0; p < mn; p++) {
        const t = Math.floor(p / n);
        rhs[p * d + t] = Ydest[p * d + t];
        if (hasRow) rhs[p * d + m] = Ydest[p * d + m];
      }
    }
    const X = luSolve(fac, { rows: mn, cols: d, data: rhs }).data;
    for (let p = 0; p < mn; p++) {
      const r = Math.floor(p / n);
      const fp = f[p];
      if (fp === 0) continue;
      for (let s = 0; s < d; s++) E[r * d + s] += fp * X[p * d + s];
    }
  } else {
    // EEBT: per exporter r, (I − A^{rr})⁻¹ applied to its bilateral shipments t^{rs}.
    const Z = table.Z.data;
    for (let r = 0; r < m; r++) {
      const Irr = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) Irr[i * n + j] = 0 - Z[(r * n + i) * mn + r * n + j] * rx[r * n + j];
        Irr[i * n + i] += 1;
      }
      const T = new Float64Array(n * d);
      for (let i = 0; i < n; i++) {
        const p = r * n + i;
        for (let s = 0; s < m; s++) {
          let t = Ydest[p * d + s];
          if (s !== r) for (let j = 0; j < n; j++) t += Z[p * mn + s * n + j];
          T[i * d + s] = t;
        }
        if (hasRow) T[i * d + m] = Ydest[p * d + m];
      }
      const X = luSolve(luFactor({ rows: n, cols: n, data: Irr }), { rows: n, cols: d, data: T }).data;
      for (let i = 0; i < n; i++) {
        const fp = f[r * n + i];
        for (let s = 0; s < d; s++) E[r * d + s] += fp * X[i * d + s];
      }
    }
  }
  return {
    regions: table.regions,
    destinations: hasRow ? [...table.regions, "ROW"] : [...table.regions],
    flows: { rows: m, cols: d, data: E },
    production,
    method,
    exports: exportsT,
    stressor: table.F!.index.keys[q].join("/"),
  };
}

export interface NetTransfer {
  readonly regions: readonly string[];
  /** In^r = Σ_{s≠r} E[s←r]: emitted elsewhere for r's final demand (调入). */
  readonly inflow: Float64Array;
  /** Out^r = Σ_{s≠r} E[r←s]: emitted in r for other regions' final demand (调出). */
  readonly outflow: Float64Array;
  /** Net per the convention. */
  readonly net: Float64Array;
  readonly convention: NetConvention;
}

/**
 * Inflow, outflow and net transfer per region from a square flow matrix E (the domestic
 * regions; a ROW column, if present, is ignored): Out^r = Σ_{s≠r} E[r←s],
 * In^r = Σ_{s≠r} E[s←r], Net^r = In^r − Out^r or Out^r − In^r (METHODS §2.4). Floating-point
 * subtraction is sign-symmetric, so the two conventions are exact negatives.
 */
export function netTransfer(flows: DenseMatrix, regions: readonly string[], convention: NetConvention = "inflow-minus-outflow"): NetTransfer {
  const m = regions.length;
  if (flows.rows !== m || flows.cols < m) throw new Error(`netTransfer: flow matrix is ${flows.rows} × ${flows.cols}, expected ${m} regions`);
  const d = flows.cols;
  const inflow = new Float64Array(m), outflow = new Float64Array(m), net = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    for (let s = 0; s < m; s++) {
      if (s === r) continue;
      outflow[r] += flows.data[r * d + s];
      inflow[r] += flows.data[s * d + r];
    }
  }
  for (let r = 0; r < m; r++) net[r] = convention === "inflow-minus-outflow" ? inflow[r] - outflow[r] : outflow[r] - inflow[r];
  return { regions, inflow, outflow, net, convention };
}

/**
 * Aggregate a flow matrix to region groups by summing blocks: E_G[g←h] = Σ_{r∈g} Σ_{s∈h} E[r←s]
 * (a ROW column is carried along). Flows within a group land on the diagonal, so
 * netTransfer on the result cancels intra-group flows: Net_G = Σ_{r∈G} Net^r.
 */
export function aggregateFlows(flows: BilateralFlows, regions: Concordance): BilateralFlows {
  const m = flows.regions.length, g = regions.groups.length;
  const d = flows.flows.cols, hasRow = d > m;
  const dg = g + (hasRow ? 1 : 0);
  const E = new Float64Array(g * dg);
  const production = new Float64Array(g);
  for (let r = 0; r < m; r++) {
    const gr = regions.assign[r];
    production[gr] += flows.production[r];
    for (let s = 0; s < d; s++) {
      const gs = s < m ? regions.assign[s] : g;
      E[gr * dg + gs] += flows.flows.data[r * d + s];
    }
  }
  return {
    ...flows,
    regions: regions.groups,
    destinations: hasRow ? [...regions.groups, "ROW"] : [...regions.groups],
    flows: { rows: g, cols: dg, data: E },
    production,
  };
}
