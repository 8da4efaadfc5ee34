/**
 * Embodied (total) emission intensity by sector and sector group, and group shares
 * (METHODS §2.7: the definition behind "energy industry 4.35 t/10⁴ yuan, 86.8 %" is not
 * known, so both the weighting and the share basis are parameters).
 */
import type { MrioTable } from "./types";
import { leontiefFactor, multipliers, outputOf, rowSums, stressorCoefficients, technicalCoefficients } from "./core";
import type { LuFactorization } from "./linalg";
import type { Concordance } from "./aggregate";
import { stressorIndex } from "./flows";

/**
 * Intensity of a set of (region, sector) cells J:
 * - "output-weighted": m_J = Σ_{j∈J} m_j x_j / Σ_{j∈J} x_j (output-weighted total multiplier);
 * - "final-demand": m_J = Σ_{j∈J} m_j y_j / Σ_{j∈J} y_j, i.e. emissions embodied in J's final
 *   products divided by their final demand (y = Y·1 + e).
 */
export type IntensityWeighting = "output-weighted" | "final-demand";

/**
 * Share of a group in the total:
 * - "embodied-in-final-demand": Σ_{j∈G} m_j y_j / Σ_j m_j y_j (sums to 1; consumption view);
 * - "direct-emissions": Σ_{j∈G} F_j / Σ_j F_j (production view).
 */
export type ShareBasis = "embodied-in-final-demand" | "direct-emissions";

export interface IntensityOptions {
  /** Default "output-weighted". */
  readonly weighting?: IntensityWeighting;
  /** Default "embodied-in-final-demand". */
  readonly shareBasis?: ShareBasis;
  /** Sector → group concordance; without it every sector is its own group. */
  readonly sectorGroups?: Concordance;
  /** Restrict to these regions (e.g. the five Northwest provinces); default all. */
  readonly regions?: readonly string[];
  /** Stressor row of F (index or label); default 0. */
  readonly stressor?: number | string;
  /** Precomputed factorization of I − A. */
  readonly leontief?: LuFactorization;
  /** Exports abroad count as final demand (y = Y·1 + e); default true. */
  readonly exportsInFinalDemand?: boolean;
}

export interface EmbodiedIntensity {
  readonly sectors: readonly string[];
  /** Intensity per sector over the selected regions (stressor unit per monetary unit). */
  readonly bySector: Float64Array;
  readonly groups: readonly string[];
  /** Intensity per sector group. */
  readonly byGroup: Float64Array;
  /** Each group's share of the total per `shareBasis` (fractions summing to 1 when the total is non-zero). */
  readonly groupShare: Float64Array;
  /** Total multipliers m = f·L per (region, sector) (the full vector, all regions). */
  readonly multipliers: Float64Array;
  readonly weighting: IntensityWeighting;
  readonly shareBasis: ShareBasis;
}

/**
 * Embodied intensities m = f·L (Miller & Blair eq. 10.8: total emission multipliers) and their
 * weighted averages per sector and sector group, with group shares of the total.
 * Sectors/groups with zero weight get intensity 0 (reported as such, not NaN).
 */
export function embodiedIntensity(table: MrioTable, options: IntensityOptions = {}): EmbodiedIntensity {
  if (!table.F) throw new Error("embodiedIntensity: the table has no stressor extension F");
  const weighting = options.weighting ?? "output-weighted";
  const shareBasis = options.shareBasis ?? "embodied-in-final-demand";
  const q = stressorIndex(table, options.stressor);
  const m = table.regions.length, n = table.sectors.length, mn = m * n;
  const x = outputOf(table);
  const fac = options.leontief ?? leontiefFactor(technicalCoefficients(table.Z, x));
  const Fq = { rows: 1, cols: mn, data: table.F.values.data.slice(q * mn, q * mn + mn) };
  const mult = multipliers(stressorCoefficients(Fq, x), fac).data;
  const y = rowSums(table.Y);
  if (table.exports && (options.exportsInFinalDemand ?? true)) for (let p = 0; p < mn; p++) y[p] += table.exports[p];
  const selected = new Uint8Array(m);
  if (options.regions) {
    for (const r of options.regions) {
      const i = table.regions.indexOf(r);
      if (i < 0) throw new Error(`embodiedIntensity: unknown region "${r}"`);
      selected[i] = 1;
    }
  } else selected.fill(1);
  const groups = options.sectorGroups?.groups ?? table.sectors;
  const assign = options.sectorGroups?.assign ?? Int32Array.from(table.sectors, (_, i) => i);
  if (assign.length !== n) throw new Error(`embodiedIntensity: sector concordance covers ${assign.length} sectors, the table has ${n}`);
  const G = groups.length;
  const secNum = new Float64Array(n), secDen = new Float64Array(n);
  const grpNum = new Float64Array(G), grpDen = new Float64Array(G), grpShare = new Float64Array(G);
  let shareTotal = 0;
  for (let r = 0; r < m; r++) {
    if (!selected[r]) continue;
    for (let j = 0; j < n; j++) {
      const p = r * n + j;
      const w = weighting === "output-weighted" ? x[p] : y[p];
      secNum[j] += mult[p] * w;
      secDen[j] += w;
      grpNum[assign[j]] += mult[p] * w;
      grpDen[assign[j]] += w;
      const s = shareBasis === "embodied-in-final-demand" ? mult[p] * y[p] : table.F.values.data[q * mn + p];
      grpShare[assign[j]] += s;
      shareTotal += s;
    }
  }
  const bySector = secNum.map((v, j) => (secDen[j] === 0 ? 0 : v / secDen[j]));
  const byGroup = grpNum.map((v, g) => (grpDen[g] === 0 ? 0 : v / grpDen[g]));
  if (shareTotal !== 0) for (let g = 0; g < G; g++) grpShare[g] /= shareTotal;
  return { sectors: table.sectors, bySector, groups, byGroup, groupShare: grpShare, multipliers: mult, weighting, shareBasis };
}
