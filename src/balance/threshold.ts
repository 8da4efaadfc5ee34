import { InputError } from "../util/errors";
import type { SequestrationBasis } from "../vegetation/nep";
import { CO2_PER_C } from "../vegetation/zonal";

/** Mass of CO2 per mass of carbon, 44/12 (the vegetation module's constant, re-exported). */
export { CO2_PER_C };
/**
 * What counts as a province's "sequestration" (and so its absorption threshold), the vegetation module's type:
 * "npp" — net primary production; the study's thresholds are NPP-sized (METHODS §7), default;
 * "nep" — net ecosystem production NEP = NPP − Rh, the stricter ecological sink.
 */
export type { SequestrationBasis };
/** Mass unit of the threshold: carbon ("C") or carbon dioxide ("CO2" = C × 44/12). Emissions are CO2, so "CO2" is the default. */
export type CarbonUnit = "C" | "CO2";
/** Which years form the threshold: the mean of all years given (default), the first or the last year, or one named year. */
export type ThresholdAggregate = "mean" | "first" | "last" | number;

/** A province's yearly vegetation totals in tonnes of carbon (from zonal statistics of NPP and, optionally, NEP rasters). */
export interface ProvinceSequestration {
  readonly province: string;
  readonly years: readonly number[];
  readonly nppTonnesC: readonly number[];
  readonly nepTonnesC?: readonly number[];
}

/** Options of `absorptionThreshold` (all method choices of METHODS §7, with defaults). */
export interface ThresholdOptions {
  readonly basis?: SequestrationBasis;
  readonly carbonUnit?: CarbonUnit;
  readonly aggregate?: ThresholdAggregate;
}

/** Default threshold definition: NPP basis, in CO2, mean over the years given. */
export const DEFAULT_THRESHOLD_OPTIONS: Required<ThresholdOptions> = { basis: "npp", carbonUnit: "CO2", aggregate: "mean" };

/**
 * Absorption threshold (carbon carrying capacity) of a province, in Mt per year:
 *   threshold_p = agg_t( S_p,t ) × u / 10⁶,  S = NPP or NEP total (t C/yr), u = 1 (C) or 44/12 (CO2),
 * agg = mean over the years, or the first/last/a named year. The study implies threshold_p = the
 * province's own vegetation sequestration (inferred; METHODS §7; cf. 碳源/汇 ratios in [S39–S41]).
 */
export function absorptionThreshold(seq: ProvinceSequestration, options: ThresholdOptions = {}): number {
  const o = { ...DEFAULT_THRESHOLD_OPTIONS, ...options };
  const series = o.basis === "npp" ? seq.nppTonnesC : seq.nepTonnesC;
  if (!series) throw new InputError(`absorption threshold: no ${o.basis.toUpperCase()} totals given for ${seq.province}`, { place: seq.province });
  if (series.length !== seq.years.length || series.length === 0) throw new InputError(`absorption threshold: ${seq.province} has ${seq.years.length} years but ${series.length} values`, { place: seq.province });
  series.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new InputError(`absorption threshold: non-finite ${o.basis.toUpperCase()} total in ${seq.years[i]}`, { place: `${seq.province}, ${seq.years[i]}` });
  });
  let tonnesC: number;
  if (o.aggregate === "mean") tonnesC = series.reduce((a, v) => a + v, 0) / series.length;
  else if (o.aggregate === "first") tonnesC = series[0];
  else if (o.aggregate === "last") tonnesC = series[series.length - 1];
  else {
    const i = seq.years.indexOf(o.aggregate);
    if (i < 0) throw new InputError(`absorption threshold: no year ${o.aggregate} for ${seq.province}`, { place: seq.province });
    tonnesC = series[i];
  }
  return (tonnesC * (o.carbonUnit === "CO2" ? CO2_PER_C : 1)) / 1e6;
}

/** Embodied emissions against the absorption threshold. */
export interface Pressure {
  /** embodied ÷ threshold (a fraction; 0.59 = 59 %); null when the threshold is ≤ 0 (no sink, pressure undefined). */
  readonly pressure: number | null;
  /** embodied > threshold, or the threshold is ≤ 0 while emissions are positive. */
  readonly exceeded: boolean;
}

/**
 * Absorption pressure P = E / T (embodied emissions over the absorption threshold, both Mt/yr);
 * P > 1 means the province's embodied emissions exceed what its vegetation absorbs (Ningxia in the study).
 */
export function absorptionPressure(embodiedMt: number, thresholdMt: number): Pressure {
  if (!Number.isFinite(embodiedMt) || !Number.isFinite(thresholdMt)) throw new InputError(`absorption pressure: non-finite input (embodied ${embodiedMt}, threshold ${thresholdMt})`);
  if (thresholdMt <= 0) return { pressure: null, exceeded: embodiedMt > 0 };
  const pressure = embodiedMt / thresholdMt;
  return { pressure, exceeded: pressure > 1 };
}
