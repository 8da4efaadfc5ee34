/**
 * The demo economy: a deterministic 31-province × 42-sector MRIO table per study year, built by
 * regionalizing China's real national input–output table with real CEADs emissions. What is
 * real and what is estimated is spelled out in data/demo/SOURCE.md; in short:
 *
 *   real       national technology (A), final-demand structure, exports, imports and totals
 *              (NBS tables, harmonized to 42 sectors); F = CEADs Scope-1 CO2 by province × sector;
 *              F_Y = CEADs Urban/Rural household direct emissions.
 *   estimated  province × sector output (proxy below), regional final demand, and ALL
 *              inter-provincial trade (gravity model + RAS). This trade is NOT the CEADs MRIO.
 *
 * Construction (for each product i; national values from the harmonized NBS table):
 *  1. Domestic/imported split, proportional import assumption (the same import share in every
 *     use of a product; Miller & Blair 2009, ch. 2, on competitive vs non-competitive imports):
 *       m_i = IM_i / (TIU_i + Σ_c FU_ic)   (share of imports in domestic use)
 *       Zd_ij = (1 − m_i) Z_ij,  Yd_ic = (1 − m_i) FU_ic (c ≠ inventories),
 *       Yd_i,inv = x_i − EX_i − Σ_j Zd_ij − Σ_{c≠inv} Yd_ic  (absorbs ERR; keeps the row exact).
 *  2. Province output x_ri = s_ri x_i with the emission proxy
 *       s_ri = (1 − w) e_ri / Σ_r e_ri + w E_r / Σ_r E_r
 *     (e = CEADs Scope-1 emissions of sector i, E_r = province total; i.e. output = emissions ÷
 *     national sector intensity, with a floor w so that no province-sector is empty), Tibet gets
 *     the fixed share `tibetOutputShare` (it has no inventory) and the others are scaled by (1 − share).
 *  3. National technology: the (domestic) input of i into (s, j) is a_ij x_sj, a_ij = Zd_ij / x_j.
 *     Regional final demand of category c: Yd_ic g_s with g_s = s's share of national value added.
 *     Exports abroad EX_ri = s_ri EX_i; inventory changes stay with the producer: s_ri Yd_i,inv.
 *  4. Trade: supply S_ri = s_ri (x_i − EX_i − Yd_i,inv), demand D_si = Σ_j a_ij x_sj + Σ_c Yd_ic g_s
 *     (c ≠ inv; Σ_r S_ri = Σ_s D_si exactly). A gravity prior T⁰(r,s) = S_ri D_si d_rs^(−β) (d = great-circle
 *     distance between provincial capitals; d_rr = `ownProvinceDistanceKm`, own-province kernel
 *     × `borderEffect`) is balanced to these
 *     margins by RAS (biproportional fitting; Bacharach 1970; Miller & Blair 2009, ch. 7).
 *  5. Each destination buys every product from origins in the same proportions for all its uses
 *     (the usual "import proportionality" assumption): Z[(r,i),(s,j)] = T_i(r,s) a_ij x_sj / D_si.
 *
 * Identities that hold by construction (and are tested): row balance x_ri = Σ Z + Σ Y + EX;
 * column balance x_sj = Σ Z + imports + value added; Σ_r,s of every block equals the national
 * table; Σ_sector F per province equals the CEADs total used.
 */
import type { DenseMatrix, LabelledMatrix, MrioTable } from "../mrio/types";
import { FINAL_USE_LABELS, VALUE_ADDED_LABELS, type HarmonizedNationalIo } from "../sources/national-io";
import { InputError } from "../util/errors";

/** Emissions of one province in one year, Mt CO2 (CEADs Scope-1 totals). */
export interface ProvinceEmissions {
  readonly province: string;
  /** Length 42, IO-sector order of the national table; Mt CO2. */
  readonly sectorMt: Float64Array;
  readonly urbanHouseholdMt: number;
  readonly ruralHouseholdMt: number;
}

/** A province with capital coordinates (degrees). */
export interface ProvinceLocation {
  readonly name: string;
  readonly lon: number;
  readonly lat: number;
}

/** Method choices of the regionalization, each with its default. */
export interface RegionalizationOptions {
  /** β in the gravity kernel d^(−β). Default 1 (the classic gravity model; Isard 1954). */
  readonly distanceExponent?: number;
  /** Distance (km) used for trade within a province (an "internal distance"). Default 50 km. */
  readonly ownProvinceDistanceKm?: number;
  /**
   * Border effect: the own-province gravity kernel is multiplied by this factor. Chinese
   * provinces trade far more with themselves than distance alone explains (Poncet 2003,
   * "Measuring Chinese domestic and international integration", China Economic Review 14:1–21,
   * estimates border effects well above 10). Default 8, which with the other defaults puts about
   * 70 % of domestic purchases inside the buying province (reported as `intraProvincialShare`).
   */
  readonly borderEffect?: number;
  /** Floor weight w of the output proxy (share of output following the province's total emissions). Default 0.1. */
  readonly outputProxyFloorWeight?: number;
  /**
   * Share of national output of every sector given to Tibet, which has no CEADs inventory. Default
   * 0.0015 (≈ Tibet's share of China's GDP in 2007–2017, about 0.15 %, NBS statistical yearbooks).
   */
  readonly tibetOutputShare?: number;
  /** RAS stops when every row and column sum is within this relative tolerance. Default 1e-12. */
  readonly rasTolerance?: number;
  /** RAS iteration limit. Default 10000. */
  readonly rasMaxIterations?: number;
}

export const DEFAULT_REGIONALIZATION: Required<RegionalizationOptions> = {
  distanceExponent: 1,
  ownProvinceDistanceKm: 50,
  borderEffect: 8,
  outputProxyFloorWeight: 0.1,
  tibetOutputShare: 0.0015,
  rasTolerance: 1e-12,
  rasMaxIterations: 10000,
};

/** Label of the foreign-imports row placed first in `valueAdded` (it is not value added). */
export const IMPORTS_ROW_LABEL = "Imports (foreign, intermediate use)";

function vaWithImports(imports: Float64Array, va: Float64Array, mn: number): Float64Array {
  const out = new Float64Array(5 * mn);
  out.set(imports, 0);
  out.set(va, mn);
  return out;
}

/** A demo MRIO table: an MrioTable plus its foreign-imports rows and diagnostics. */
export interface DemoMrioTable extends MrioTable {
  readonly year: number;
  /** Foreign imports used by each (region, sector) as intermediate input, length mn (10⁴ yuan). */
  readonly importsIntermediate: Float64Array;
  /** Foreign imports bought by each (region, category) of final demand, length mk (10⁴ yuan). */
  readonly importsFinal: Float64Array;
  /** Share of domestic purchases (intermediate + final) sourced from the own province. */
  readonly intraProvincialShare: number;
}

/**
 * Great-circle distance (km) on a sphere of radius 6371.0088 km (haversine formula;
 * Sinnott 1984, "Virtues of the Haversine", Sky & Telescope 68(2):159).
 */
export function greatCircleKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dphi = (lat2 - lat1) * rad;
  const dl = (lon2 - lon1) * rad;
  const a = Math.sin(dphi / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dl / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * RAS / biproportional fitting (Bacharach 1970; Miller & Blair 2009, ch. 7): find
 * T = diag(r) T⁰ diag(c) with row sums `rowTargets` and column sums `colTargets`
 * (Σ rowTargets must equal Σ colTargets). Rows/columns with target 0 are zeroed. In place on `t`
 * (row-major m × k). Returns the number of iterations. Throws when it does not converge.
 */
export function ras(t: Float64Array, m: number, k: number, rowTargets: ArrayLike<number>, colTargets: ArrayLike<number>, tolerance = 1e-12, maxIterations = 10000): number {
  let total = 0;
  for (let i = 0; i < m; i++) total += rowTargets[i];
  for (let it = 1; it <= maxIterations; it++) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += t[i * k + j];
      const f = s > 0 ? rowTargets[i] / s : 0;
      for (let j = 0; j < k; j++) t[i * k + j] *= f;
    }
    const cs = new Float64Array(k);
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) cs[j] += t[i * k + j];
    let worst = 0;
    for (let j = 0; j < k; j++) {
      const f = cs[j] > 0 ? colTargets[j] / cs[j] : 0;
      for (let i = 0; i < m; i++) t[i * k + j] *= f;
    }
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += t[i * k + j];
      worst = Math.max(worst, Math.abs(s - rowTargets[i]));
    }
    if (worst <= tolerance * Math.max(total, 1e-300)) return it;
  }
  throw new Error(`RAS did not converge in ${maxIterations} iterations`);
}

/**
 * Build the demo MRIO table of one year (see the module comment for every formula).
 * `provinces` fixes the region order (31 provinces); `emissions` holds the CEADs provinces
 * (any province absent — Tibet — gets f = 0 and the `tibetOutputShare` of output).
 */
export function regionalizeMrio(
  national: HarmonizedNationalIo,
  emissions: readonly ProvinceEmissions[],
  provinces: readonly ProvinceLocation[],
  options: RegionalizationOptions = {},
): DemoMrioTable {
  const o = { ...DEFAULT_REGIONALIZATION, ...options };
  const n = national.sectors.length;
  const m = provinces.length;
  const K = 5;
  const INV = 4; // index of "Changes in inventories" in FINAL_USE_CODES
  const x = national.grossOutputWanYuan;
  const Z = national.Z.data;
  const FU = national.finalUse.data;
  const byName = new Map(emissions.map((e) => [e.province, e]));
  for (const e of emissions) {
    if (!provinces.some((p) => p.name === e.province)) throw new InputError(`emissions for unknown province "${e.province}"`, { place: `year ${national.year}` });
    if (e.sectorMt.length !== n) throw new InputError(`emissions of ${e.province} have ${e.sectorMt.length} sectors, expected ${n}`, { place: `year ${national.year}` });
    e.sectorMt.forEach((v, i) => {
      if (!Number.isFinite(v) || v < 0) throw new InputError(`emission ${v} Mt is negative or not finite`, { place: `${e.province}, sector ${national.sectors[i].code}, year ${national.year}` });
    });
  }

  // 1. domestic / imported split
  const mShare = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let use = 0;
    for (let j = 0; j < n; j++) use += Z[i * n + j];
    for (let c = 0; c < K; c++) use += FU[i * K + c];
    const raw = use > 0 ? national.importsWanYuan[i] / use : 0;
    mShare[i] = Math.min(1, Math.max(0, raw)); // clamp: inventory-driven oddities must not flip signs
  }
  const Zd = new Float64Array(n * n);
  const Yd = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    let rest = x[i] - national.exportsWanYuan[i];
    for (let j = 0; j < n; j++) {
      Zd[i * n + j] = (1 - mShare[i]) * Z[i * n + j];
      rest -= Zd[i * n + j];
    }
    for (let c = 0; c < K; c++) {
      if (c === INV) continue;
      Yd[i * K + c] = (1 - mShare[i]) * FU[i * K + c];
      rest -= Yd[i * K + c];
    }
    Yd[i * K + INV] = rest;
  }

  // 2. output shares s_ri
  const tibetLike = provinces.map((p) => !byName.has(p.name));
  const nMissing = tibetLike.filter(Boolean).length;
  const keepShare = 1 - o.tibetOutputShare * nMissing;
  if (keepShare <= 0) throw new InputError(`tibetOutputShare × provinces without emissions (${nMissing}) must be < 1`);
  const E = provinces.map((p) => {
    const e = byName.get(p.name);
    let s = 0;
    if (e) for (let i = 0; i < n; i++) s += e.sectorMt[i];
    return s;
  });
  const Etot = E.reduce((a, b) => a + b, 0);
  if (!(Etot > 0)) throw new InputError(`no emissions at all in year ${national.year}`);
  const share = new Float64Array(m * n); // share[r*n+i]
  for (let i = 0; i < n; i++) {
    let ei = 0;
    provinces.forEach((p) => (ei += byName.get(p.name)?.sectorMt[i] ?? 0));
    const w = ei > 0 ? o.outputProxyFloorWeight : 1; // sector without any emissions: size by province totals
    for (let r = 0; r < m; r++) {
      if (tibetLike[r]) share[r * n + i] = o.tibetOutputShare;
      else {
        const eri = byName.get(provinces[r].name)!.sectorMt[i];
        share[r * n + i] = keepShare * ((1 - w) * (ei > 0 ? eri / ei : 0) + (w * E[r]) / Etot);
      }
    }
  }
  const xr = new Float64Array(m * n);
  for (let r = 0; r < m; r++) for (let i = 0; i < n; i++) xr[r * n + i] = share[r * n + i] * x[i];

  // 3. technology, regional final demand
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = x[j] > 0 ? Zd[i * n + j] / x[j] : 0;
  const vaCoef = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let v = 0;
    for (let q = 0; q < 4; q++) v += national.valueAdded.data[q * n + j];
    vaCoef[j] = x[j] > 0 ? v / x[j] : 0;
  }
  const g = new Float64Array(m);
  let vaTot = 0;
  for (let r = 0; r < m; r++) {
    for (let j = 0; j < n; j++) g[r] += vaCoef[j] * xr[r * n + j];
    vaTot += g[r];
  }
  for (let r = 0; r < m; r++) g[r] /= vaTot;

  // distances
  const kernel = new Float64Array(m * m);
  for (let r = 0; r < m; r++)
    for (let s = 0; s < m; s++) {
      const d = r === s ? o.ownProvinceDistanceKm : greatCircleKm(provinces[r].lon, provinces[r].lat, provinces[s].lon, provinces[s].lat);
      if (!(d > 0)) throw new InputError(`distance between ${provinces[r].name} and ${provinces[s].name} is ${d} km`);
      kernel[r * m + s] = Math.pow(d, -o.distanceExponent) * (r === s ? o.borderEffect : 1);
    }

  // 4–5. trade per product, then fill Z and Y
  const mn = m * n;
  const mk = m * K;
  const Zout = new Float64Array(mn * mn);
  const Yout = new Float64Array(mn * mk);
  const exportsOut = new Float64Array(mn);
  const T = new Float64Array(m * m);
  const supply = new Float64Array(m);
  const demand = new Float64Array(m);
  let intra = 0;
  let all = 0;
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < m; r++) {
      supply[r] = share[r * n + i] * (x[i] - national.exportsWanYuan[i] - Yd[i * K + INV]);
      exportsOut[r * n + i] = share[r * n + i] * national.exportsWanYuan[i];
      Yout[(r * n + i) * mk + r * K + INV] = share[r * n + i] * Yd[i * K + INV];
    }
    for (let s = 0; s < m; s++) {
      let d = 0;
      for (let j = 0; j < n; j++) d += a[i * n + j] * xr[s * n + j];
      for (let c = 0; c < K; c++) if (c !== INV) d += Yd[i * K + c] * g[s];
      demand[s] = d;
    }
    let sTot = 0;
    for (let r = 0; r < m; r++) sTot += supply[r];
    if (sTot <= 0) continue; // nothing traded domestically (e.g. a sector with zero output)
    for (let r = 0; r < m; r++) for (let s = 0; s < m; s++) T[r * m + s] = Math.max(supply[r], 0) * demand[s] * kernel[r * m + s];
    ras(T, m, m, supply, demand, o.rasTolerance, o.rasMaxIterations);
    for (let s = 0; s < m; s++) {
      if (demand[s] <= 0) continue;
      for (let r = 0; r < m; r++) {
        const t = T[r * m + s];
        if (t === 0) continue;
        all += t;
        if (r === s) intra += t;
        const f = t / demand[s];
        const row = (r * n + i) * mn + s * n;
        for (let j = 0; j < n; j++) Zout[row + j] = f * a[i * n + j] * xr[s * n + j];
        const yrow = (r * n + i) * mk + s * K;
        for (let c = 0; c < K; c++) if (c !== INV) Yout[yrow + c] = f * Yd[i * K + c] * g[s];
      }
    }
  }

  // imports and value added by column
  const impCoef = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let v = 0;
    for (let i = 0; i < n; i++) v += mShare[i] * Z[i * n + j];
    impCoef[j] = x[j] > 0 ? v / x[j] : 0;
  }
  // Value-added coefficients; operating surplus (VA004) absorbs the national table's rounding gap
  // GO_j − (TII_j + TVA_j) (at most 0.44 × 10⁴ yuan, NBS 2007) so the column balance is exact.
  const vaCoefs = new Float64Array(4 * n);
  for (let j = 0; j < n; j++) {
    if (!(x[j] > 0)) continue;
    let gap = x[j];
    for (let i = 0; i < n; i++) gap -= Z[i * n + j];
    for (let q = 0; q < 4; q++) {
      vaCoefs[q * n + j] = national.valueAdded.data[q * n + j] / x[j];
      gap -= national.valueAdded.data[q * n + j];
    }
    vaCoefs[3 * n + j] += gap / x[j];
  }
  const importsIntermediate = new Float64Array(mn);
  const va = new Float64Array(4 * mn);
  for (let s = 0; s < m; s++)
    for (let j = 0; j < n; j++) {
      const xs = xr[s * n + j];
      importsIntermediate[s * n + j] = impCoef[j] * xs;
      for (let q = 0; q < 4; q++) va[q * mn + s * n + j] = vaCoefs[q * n + j] * xs;
    }
  const importsFinal = new Float64Array(mk);
  for (let s = 0; s < m; s++)
    for (let c = 0; c < K; c++) {
      let v = 0;
      for (let i = 0; i < n; i++) v += mShare[i] * FU[i * K + c];
      importsFinal[s * K + c] = v * g[s];
    }

  // extensions
  const regionNames = provinces.map((p) => p.name);
  const sectorCodes = national.sectors.map((s) => s.code);
  const F = new Float64Array(mn);
  const FY = new Float64Array(mk);
  for (let r = 0; r < m; r++) {
    const e = byName.get(provinces[r].name);
    if (!e) continue; // Tibet: no inventory, f = 0 (documented in data/demo/SOURCE.md)
    for (let i = 0; i < n; i++) F[r * n + i] = e.sectorMt[i] * 1e6;
    FY[r * K + 0] = e.ruralHouseholdMt * 1e6;
    FY[r * K + 1] = e.urbanHouseholdMt * 1e6;
  }
  const rsIndex = { names: ["region", "sector"], keys: regionNames.flatMap((r) => sectorCodes.map((s) => [r, s])) };
  const rcIndex = { names: ["region", "category"], keys: regionNames.flatMap((r) => FINAL_USE_LABELS.map((c) => [r, c])) };
  const stressor = { names: ["stressor", "unit"], keys: [["CO2", "t"]] };
  const lm = (index: LabelledMatrix["index"], columns: LabelledMatrix["columns"], data: Float64Array, rows: number, cols: number): LabelledMatrix => ({
    index,
    columns,
    values: { rows, cols, data } as DenseMatrix,
  });
  return {
    year: national.year,
    regions: regionNames,
    sectors: sectorCodes,
    categories: [...FINAL_USE_LABELS],
    Z: { rows: mn, cols: mn, data: Zout },
    Y: { rows: mn, cols: mk, data: Yout },
    x: xr,
    exports: exportsOut,
    F: lm(stressor, rsIndex, F, 1, mn),
    F_Y: lm(stressor, rcIndex, FY, 1, mk),
    // Row 0 is foreign imports (as in the CEADs table layout, the row between Z and value added):
    // the column balance x = 1ᵀZ + imports + VA then holds exactly.
    valueAdded: lm({ names: ["component"], keys: [[IMPORTS_ROW_LABEL], ...VALUE_ADDED_LABELS.map((v) => [v])] }, rsIndex, vaWithImports(importsIntermediate, va, mn), 5, mn),
    unit: "10^4 yuan",
    importsIntermediate,
    importsFinal,
    intraProvincialShare: all > 0 ? intra / all : 0,
  };
}
