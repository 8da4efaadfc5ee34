/**
 * The study's computations, one function per side of the analysis, composed from the engines
 * (src/mrio for embodied flows, src/vegetation + the zonal pipeline for sequestration). Every
 * method choice the literature disagrees on is a named parameter with the default stated
 * (METHODS.md §10.2); the notebooks call these and show the results, and `computedFigures`
 * turns them into values for the published figures (data/reference/study-figures.json).
 */
import type { StudyDataset, VegetationFiles } from "../dataset/index";
import { readRaster, readStackHeaders } from "../sources/geotiff";
import type { GridGeometry } from "../vegetation/grid";
import { annualRhRaster, climateCellIndex, sequestrationRaster } from "../vegetation/nep";
import { trendOfStack } from "../vegetation/trend-raster";
import { DEFAULT_MIN_COUNT } from "../vegetation/trend";
import {
  aggregateFlows,
  bilateralFlows,
  concordanceFromMapping,
  embodiedIntensity,
  leontiefFactor,
  netTransfer,
  outputOf,
  technicalCoefficients,
  type BilateralFlows,
  type ExportsTreatment,
  type FlowMethod,
  type IntensityWeighting,
  type LuFactorization,
  type NetConvention,
  type ShareBasis,
} from "../mrio/index";
import type { MrioTable } from "../mrio/types";
import { REGION7_ORDER } from "../sources/regions";
// The zonal pipeline: masks, areas, per-pixel trend, shares.
import { zonalOfRasterFiles } from "../vegetation/zonal-files";
import { InputError } from "../util/errors";
import type { ZoneStats } from "../vegetation/zonal";
import type { SeriesSlopeMethod } from "../vegetation/zonal";
import { annualAverage, growthBetween, trendDirection, type AveragingMethod, type YearValue } from "./growth";
import type { ComputedValue } from "./published-vs-computed";
import { absorptionPressure, absorptionThreshold, CO2_PER_C, type CarbonUnit, type SequestrationBasis, type ThresholdAggregate } from "./threshold";

/** The five Northwest provinces, in the study's order. */
export const NORTHWEST_PROVINCES = ["Shaanxi", "Gansu", "Qinghai", "Ningxia", "Xinjiang"] as const;
/** The region the study is about. */
export const FOCUS_REGION = "Northwest";
/** Destinations used for "low-carbon supply to the central, southern and south-western regions". */
export const CENTRAL_SOUTH_SOUTHWEST = ["Central", "South", "Southwest"] as const;

/** What a province's (or region's) "embodied ('implicit') carbon emissions" are — the study does not say (METHODS §8). */
export type EmbodiedMeasure =
  /** Out^r = Σ_{s≠r} E[r←s]: emitted in r for other provinces' final demand (default). */
  | "outflow"
  /** Out^r + E[r←ROW]: also for exports abroad (needs exports "row"). */
  | "outflow-and-abroad"
  /** CBA^r = Σ_s E[s←r]: emitted anywhere for r's own final demand. */
  | "consumption"
  /** PBA^r = f^r x^r: emitted in r (territorial). */
  | "production";

/** Parameters of the MRIO side (defaults in DEFAULT_MRIO_PARAMETERS). */
export interface MrioParameters {
  /** Demand attribution: full MRIO (default), restricted L^{rs}y^{ss}, or EEBT (METHODS §2.5). */
  readonly method?: FlowMethod;
  /** Exports abroad: a ROW destination (default), folded into the exporter's final demand, or dropped (§2.6). */
  readonly exports?: ExportsTreatment;
  /** Net-transfer sign; default "outflow-minus-inflow" = the study's "net input" read as hosting emissions for others (§2.4). */
  readonly net?: NetConvention;
  /** Averaging "per year over the decade" (§2.9): mean over table years (default) or interpolated calendar years. */
  readonly averaging?: AveragingMethod;
  /** Embodied-emissions measure for growth and pressure (default "outflow"). */
  readonly embodied?: EmbodiedMeasure;
  /** Table years to use (default: the dataset's years). */
  readonly years?: readonly number[];
}

export const DEFAULT_MRIO_PARAMETERS: Required<Omit<MrioParameters, "years">> = {
  method: "mrio",
  exports: "row",
  net: "outflow-minus-inflow",
  averaging: "table-years",
  embodied: "outflow",
};

/** Values by name (province or region) per year, in Mt CO2/yr. */
export type SeriesByName = Record<string, YearValue[]>;

/** One year of the transfer analysis. */
export interface TransferYear {
  readonly year: number;
  /** Province × destination flows E[r←s] in Mt CO2 (destinations: provinces, then "ROW" when exports are a destination). */
  readonly provinces: BilateralFlows;
  /** The same aggregated to the seven geographical regions. */
  readonly regions7: BilateralFlows;
}

/** Result of `transferSummary` (conclusion 1, and the embodied side of conclusion 4). */
export interface TransferSummary {
  readonly parameters: Required<Omit<MrioParameters, "years">> & { years: number[] };
  readonly years: number[];
  readonly perYear: TransferYear[];
  /** Net transfer per province and region (Mt CO2/yr) by year and averaged (`averaging`). Keys: province names and region names. */
  readonly netTransferMtPerYear: { readonly byYear: SeriesByName; readonly average: Record<string, number> };
  /** E[Northwest←destination] per year (Mt CO2/yr), destinations = the other six regions (+ "ROW"). */
  readonly flowsFromNorthwestMt: SeriesByName;
  /** Embodied emissions per province and region by the `embodied` measure (Mt CO2/yr). */
  readonly embodiedMt: SeriesByName;
}

// One LU factorization of I − A per table object: the notebooks compare several method variants on the same tables.
const leontiefCache = new WeakMap<MrioTable, LuFactorization>();
function leontiefFor(table: MrioTable): LuFactorization {
  let f = leontiefCache.get(table);
  if (!f) {
    f = leontiefFactor(technicalCoefficients(table.Z, outputOf(table)));
    leontiefCache.set(table, f);
  }
  return f;
}

// Flows per (table, method, exports): variants that differ only in sign, averaging or embodied measure reuse them.
const flowsCache = new WeakMap<MrioTable, Map<string, BilateralFlows>>();
function flowsFor(table: MrioTable, method: FlowMethod, exports: ExportsTreatment): BilateralFlows {
  let m = flowsCache.get(table);
  if (!m) flowsCache.set(table, (m = new Map()));
  const key = `${method}|${exports}`;
  let f = m.get(key);
  if (!f) {
    f = bilateralFlows(table, { method, exports, leontief: method === "eebt" ? undefined : leontiefFor(table) });
    m.set(key, f);
  }
  return f;
}

function scaleFlows(f: BilateralFlows, k: number): BilateralFlows {
  return { ...f, flows: { ...f.flows, data: f.flows.data.map((v) => v * k) }, production: f.production.map((v) => v * k) };
}

function region7Concordance(ds: Pick<StudyDataset, "regions">, table: MrioTable) {
  const mapping = new Map(ds.regions.map((p) => [p.nameEn, p.region7 as string]));
  const unknown = table.regions.filter((r) => !mapping.has(r));
  if (unknown.length) throw new InputError(`MRIO regions not in data/regions.csv: ${unknown.join(", ")}`, { file: "data/regions.csv" });
  return concordanceFromMapping(table.regions, mapping, REGION7_ORDER);
}

function checkUnit(table: MrioTable, year: number): number {
  const unit = table.F?.index.keys[0]?.[1];
  // F is in tonnes (the dataset's convention); anything else must be said, not guessed.
  if (unit === "t" || unit === undefined) return 1e-6;
  if (unit === "Mt") return 1;
  throw new InputError(`emission extension unit "${unit}" not understood (expected t or Mt)`, { place: `MRIO ${year}, F` });
}

function embodiedOf(f: BilateralFlows, r: number, measure: EmbodiedMeasure): number {
  const m = f.regions.length;
  const d = f.flows.cols;
  const E = f.flows.data;
  let v = 0;
  switch (measure) {
    case "outflow":
    case "outflow-and-abroad":
      for (let s = 0; s < m; s++) if (s !== r) v += E[r * d + s];
      if (measure === "outflow-and-abroad") {
        if (d === m) throw new InputError('embodied measure "outflow-and-abroad" needs exports "row"');
        v += E[r * d + m];
      }
      return v;
    case "consumption":
      for (let s = 0; s < m; s++) v += E[s * d + r];
      return v;
    case "production":
      return f.production[r];
  }
}

/**
 * Conclusion (1): bilateral embodied flows per table year (src/mrio `bilateralFlows`, method and exports as
 * parameters), aggregated to the seven regions (`aggregateFlows`), net transfers (`netTransfer`, sign as a
 * parameter) and their annual average (`annualAverage`):
 *   Net^r = Out^r − In^r (default) with Out^r = Σ_{s≠r} E[r←s], In^r = Σ_{s≠r} E[s←r];  Net_NW = Σ_{r∈NW} Net^r.
 * Ref.: METHODS §2.3–2.6, §2.9; Kanemoto et al. 2012; Feng et al. 2013.
 */
export async function transferSummary(ds: Pick<StudyDataset, "mrio" | "years" | "regions">, params: MrioParameters = {}): Promise<TransferSummary> {
  const p = { ...DEFAULT_MRIO_PARAMETERS, ...params, years: [...(params.years ?? ds.years)] };
  const perYear: TransferYear[] = [];
  for (const year of p.years) {
    const table = await ds.mrio(year);
    const k = checkUnit(table, year);
    const prov = scaleFlows(flowsFor(table, p.method, p.exports), k);
    perYear.push({ year, provinces: prov, regions7: aggregateFlows(prov, region7Concordance(ds, table)) });
  }
  const byYear: SeriesByName = {};
  const embodied: SeriesByName = {};
  const push = (o: SeriesByName, name: string, year: number, value: number) => (o[name] ??= []).push({ year, value });
  for (const y of perYear) {
    for (const f of [y.provinces, y.regions7]) {
      const nt = netTransfer({ rows: f.regions.length, cols: f.flows.cols, data: f.flows.data }, f.regions, p.net);
      f.regions.forEach((name, r) => {
        push(byYear, name, y.year, nt.net[r]);
        push(embodied, name, y.year, embodiedOf(f, r, p.embodied));
      });
    }
  }
  const average: Record<string, number> = {};
  for (const [name, s] of Object.entries(byYear)) average[name] = annualAverage(s, p.averaging);
  const flowsFromNorthwestMt: SeriesByName = {};
  for (const y of perYear) {
    const f = y.regions7;
    const r = f.regions.indexOf(FOCUS_REGION);
    if (r < 0) throw new InputError(`no ${FOCUS_REGION} region in the MRIO table`, { file: "data/regions.csv" });
    f.destinations.forEach((dest, s) => {
      if (dest !== FOCUS_REGION) push(flowsFromNorthwestMt, dest, y.year, f.flows.data[r * f.flows.cols + s]);
    });
  }
  return { parameters: p, years: p.years, perYear, netTransferMtPerYear: { byYear, average }, flowsFromNorthwestMt, embodiedMt: embodied };
}

/** Parameters of the sector-group analysis (conclusion 2). */
export interface SectorGroupParameters extends MrioParameters {
  /** Group intensity: output-weighted total multiplier (default) or final-demand weighted (METHODS §2.7). */
  readonly intensity?: IntensityWeighting;
  /** Group share of the total: of direct (production-based) emissions (default) or of emissions embodied in final demand (§2.7). */
  readonly share?: ShareBasis;
  /** Compute the supply (outflow) series too (default true; false when only intensities and shares are wanted — faster). */
  readonly outflows?: boolean;
}

/** Result of `sectorGroupSummary`. */
export interface SectorGroupSummary {
  readonly parameters: Required<Omit<SectorGroupParameters, "years">> & { years: number[] };
  readonly years: number[];
  readonly groups: string[];
  /** Embodied intensity of each group over the Northwest provinces (t CO2 per 10⁴ yuan), by year and averaged. */
  readonly intensityTPerWanYuan: { readonly byYear: SeriesByName; readonly average: Record<string, number> };
  /** Each group's share of the total (percent), by year and averaged. */
  readonly shareOfTotalPercent: { readonly byYear: SeriesByName; readonly average: Record<string, number> };
  /** Emissions of each Northwest sector group embodied in other regions' final demand (Mt CO2/yr), by year. */
  readonly outflowMt: SeriesByName;
  /** The same split by destination region: outflowToRegionMt[group][region] (Mt CO2/yr), by year. */
  readonly outflowToRegionMt: Record<string, SeriesByName>;
}

/**
 * Conclusion (2): embodied intensity and share of each sector group in the Northwest (src/mrio
 * `embodiedIntensity` with the group concordance and the five provinces), and the emissions of each
 * Northwest sector group embodied in other regions' final demand:
 *   Out_g[NW→s] = Σ_{r∈NW} Σ_{i∈g} f_i^r (Σ_t L^{rt} y^{ts})_i,  s ∉ NW,
 * obtained from `bilateralFlows` with F restricted to group g's cells (attribution by the emitting sector).
 */
export async function sectorGroupSummary(ds: Pick<StudyDataset, "mrio" | "years" | "regions" | "sectorGroups">, params: SectorGroupParameters = {}): Promise<SectorGroupSummary> {
  const p = { ...DEFAULT_MRIO_PARAMETERS, intensity: "output-weighted" as IntensityWeighting, share: "direct-emissions" as ShareBasis, outflows: true, ...params, years: [...(params.years ?? ds.years)] };
  const groupOf = new Map<string, string>();
  for (const g of ds.sectorGroups) for (const s of g.sectors) groupOf.set(s, g.name);
  const groups = ds.sectorGroups.map((g) => g.name);
  const intensity: SeriesByName = {};
  const share: SeriesByName = {};
  const outflow: SeriesByName = {};
  const toRegion: Record<string, SeriesByName> = {};
  const push = (o: SeriesByName, name: string, year: number, value: number) => (o[name] ??= []).push({ year, value });
  for (const year of p.years) {
    const table = await ds.mrio(year);
    const k = checkUnit(table, year);
    const sectorConc = concordanceFromMapping(table.sectors, groupOf, groups);
    const fac = leontiefFor(table);
    // The Northwest provinces are those data/regions.csv assigns to the region (the five, in the real tables).
    const nw = table.regions.filter((r) => ds.regions.find((p) => p.nameEn === r)?.region7 === FOCUS_REGION);
    if (nw.length === 0) throw new InputError(`the MRIO table of ${year} has no ${FOCUS_REGION} province`);
    const ei = embodiedIntensity(table, { weighting: p.intensity, shareBasis: p.share, sectorGroups: sectorConc, regions: nw, leontief: fac });
    // Intensity unit: F unit per table money unit; F in t and money in 10^4 yuan → t per 10^4 yuan.
    const intensityScale = k === 1 ? 1e6 : 1;
    ei.groups.forEach((g, i) => {
      push(intensity, g, year, ei.byGroup[i] * intensityScale);
      push(share, g, year, ei.groupShare[i] * 100);
    });
    if (!p.outflows) continue;
    // F restricted to one group's cells in the Northwest, one stressor row per group.
    const m = table.regions.length, n = table.sectors.length, mn = m * n;
    const Fsrc = table.F!.values.data; // stressor 0
    const Fg = new Float64Array(groups.length * mn);
    for (const r of nw) {
      const ri = table.regions.indexOf(r);
      for (let j = 0; j < n; j++) Fg[sectorConc.assign[j] * mn + ri * n + j] = Fsrc[ri * n + j];
    }
    const masked: MrioTable = { ...table, F: { index: { names: ["group"], keys: groups.map((g) => [g]) }, columns: table.F!.columns, values: { rows: groups.length, cols: mn, data: Fg } } };
    const conc = region7Concordance(ds, table);
    groups.forEach((g, gi) => {
      const f = aggregateFlows(scaleFlows(bilateralFlows(masked, { method: p.method, exports: p.exports, stressor: gi, leontief: p.method === "eebt" ? undefined : fac }), k), conc);
      const r = f.regions.indexOf(FOCUS_REGION);
      let total = 0;
      f.destinations.forEach((dest, s) => {
        if (dest === FOCUS_REGION || dest === "ROW") return;
        const v = f.flows.data[r * f.flows.cols + s];
        total += v;
        push((toRegion[g] ??= {}), dest, year, v);
      });
      push(outflow, g, year, total);
    });
  }
  const avg = (o: SeriesByName) => Object.fromEntries(Object.entries(o).map(([k2, s]) => [k2, annualAverage(s, p.averaging)]));
  return {
    parameters: p,
    years: p.years,
    groups,
    intensityTPerWanYuan: { byYear: intensity, average: avg(intensity) },
    shareOfTotalPercent: { byYear: share, average: avg(share) },
    outflowMt: outflow,
    outflowToRegionMt: toRegion,
  };
}

/** How the study's per-province "percentage increase" of sequestration is read (the abstract is ambiguous). */
export type ProvinceIncreaseMeasure = "percent-change-first-last" | "share-of-area-increasing";
/** Denominator of the trend-class area shares: the valid (classified) area (default) or the whole area incl. no data. */
export type ShareDenominator = "valid-area" | "all-area";

/** Parameters of the vegetation side (conclusion 3 and the thresholds of conclusion 4). */
export interface VegetationParameters {
  /** First and last year of the trend period (default 2007–2017, the MRIO decade). */
  readonly fromYear?: number;
  readonly toYear?: number;
  /** Sequestration basis: NPP (default; the study's numbers are NPP-sized, METHODS §7) or NEP = NPP − Rh. */
  readonly basis?: SequestrationBasis;
  /** Mass unit of totals and thresholds: "CO2" (default; comparable with emissions) or "C". */
  readonly carbonUnit?: CarbonUnit;
  /** Per-pixel Mann–Kendall significance level (default 0.05). */
  readonly alpha?: number;
  /** Slope of the regional-mean series: Theil–Sen (default) or OLS. */
  readonly seriesSlope?: SeriesSlopeMethod;
  /** Which regional trend is reported against the study's 10.81: "series-slope" (slope of the regional mean, default) or "mean-pixel-slope". */
  readonly regionalTrend?: "series-slope" | "mean-pixel-slope";
  readonly shareDenominator?: ShareDenominator;
  readonly provinceIncrease?: ProvinceIncreaseMeasure;
  /** Threshold/sequestration total over the years: mean (default), first, last or a named year. */
  readonly aggregate?: ThresholdAggregate;
}

export const DEFAULT_VEGETATION_PARAMETERS: Required<VegetationParameters> = {
  fromYear: 2007,
  toYear: 2017,
  basis: "npp",
  carbonUnit: "CO2",
  alpha: 0.05,
  seriesSlope: "sen",
  regionalTrend: "series-slope",
  shareDenominator: "valid-area",
  provinceIncrease: "percent-change-first-last",
  aggregate: "mean",
};

// Zonal statistics per (files, basis, α, slope method) within one process: the unit and aggregation variants reuse them.
const zonalCache = new Map<string, Promise<ZoneStats[]>>();

/** Result of `vegetationSummary`. */
export interface VegetationSummary {
  readonly parameters: Required<VegetationParameters>;
  readonly years: number[];
  /** Zonal statistics per Northwest province and for the Northwest group (src/vegetation/zonal `ZoneStats`). */
  readonly zones: ZoneStats[];
  /** Regional trend of Northwest (g C m⁻² yr⁻¹ per year): both definitions, and the one chosen by `regionalTrend`. */
  readonly regionalTrendGCPerM2PerYear: { readonly seriesSlope: number | null; readonly meanPixelSlope: number | null; readonly chosen: number | null };
  /** Northwest trend-class area shares (%), per `shareDenominator`. */
  readonly classSharesPercent: { readonly increase: number; readonly noChange: number; readonly decrease: number; readonly noData: number };
  /** Per province: sequestration (Mt C or Mt CO2 per year, per `carbonUnit`, aggregated per `aggregate`). */
  readonly provinceSequestrationMt: Record<string, number>;
  /** Per province: percentage increase per `provinceIncrease`, and both readings. */
  readonly provinceIncreasePercent: Record<string, { readonly chosen: number | null; readonly percentChange: number | null; readonly shareIncreasing: number | null }>;
  /** Northwest total sequestration per year (Mt C or Mt CO2). */
  readonly nwSequestrationSeries: YearValue[];
  /** Per province yearly totals in t C (input of `absorptionThreshold`). */
  readonly provinceTonnesC: Record<string, { years: number[]; tonnesC: number[] }>;
}

/**
 * Conclusion (3): zonal statistics of the NPP (or NEP) stack over the Northwest provinces for the trend period
 * (the zonal pipeline `zonalOfRasterFiles`: province masks, pixel areas, per-pixel Sen + Mann–Kendall, class
 * shares, regional trend by both definitions). Totals: Σ v·a (1 g m⁻² × 1 km² = 1 t C), × 44/12 for CO2.
 */
export async function vegetationSummary(
  ds: Pick<StudyDataset, "vegetation">,
  params: VegetationParameters = {},
  /** Progress messages of the raster pass (e.g. a notebook's `progressLine().update`); not a method parameter. */
  hooks: { onProgress?: (message: string) => void } = {},
): Promise<VegetationSummary> {
  const p = { ...DEFAULT_VEGETATION_PARAMETERS, ...params };
  const veg = await ds.vegetation();
  const npp = veg.npp.filter((f) => f.year >= p.fromYear && f.year <= p.toYear);
  // Fewer years than the per-pixel trend's minimum count would classify every pixel as no data.
  if (npp.length < DEFAULT_MIN_COUNT) throw new InputError(`need at least ${DEFAULT_MIN_COUNT} NPP rasters between ${p.fromYear} and ${p.toYear} for a Mann–Kendall trend, found ${npp.length}`);
  const years = npp.map((f) => f.year);
  const inYears = <T extends { year: number }>(l: readonly T[]) => l.filter((f) => years.includes(f.year));
  const zoneKey = JSON.stringify([npp.map((f) => f.file), p.basis, p.alpha, p.seriesSlope]);
  let zonesP = zonalCache.get(zoneKey);
  if (!zonesP) {
    zonesP = zonalOfRasterFiles({
      files: npp.map((f) => f.file),
      years,
      zones: "china-provinces",
      alpha: p.alpha,
      basis: p.basis,
      seriesSlopeMethod: p.seriesSlope,
      temperatureFiles: p.basis === "nep" ? inYears(veg.temperature).map((f) => f.file) : undefined,
      precipitationFiles: p.basis === "nep" ? inYears(veg.precipitation).map((f) => f.file) : undefined,
      onProgress: hooks.onProgress,
    });
    zonalCache.set(zoneKey, zonesP);
    zonesP.catch(() => zonalCache.delete(zoneKey));
  }
  const zones = await zonesP;
  const group = zones.find((z) => z.kind === "group");
  if (!group) throw new InputError("zonal statistics returned no Northwest group");
  const nameOf = (z: ZoneStats) => z.nameEn ?? z.name;
  const provinces = zones.filter((z) => z.kind === "zone");
  const sh = group.trendShares ?? { increasePct: NaN, noChangePct: NaN, decreasePct: NaN, noDataPct: NaN };
  const denom = p.shareDenominator === "valid-area" ? (100 - sh.noDataPct) / 100 : 1;
  const unitK = p.carbonUnit === "CO2" ? CO2_PER_C : 1;
  const provinceTonnesC: VegetationSummary["provinceTonnesC"] = {};
  const provinceSequestrationMt: Record<string, number> = {};
  const provinceIncreasePercent: VegetationSummary["provinceIncreasePercent"] = {};
  for (const z of provinces) {
    const name = nameOf(z);
    const tonnesC = z.series.map((y) => y.totalTonnesC);
    provinceTonnesC[name] = { years, tonnesC };
    provinceSequestrationMt[name] = absorptionThreshold({ province: name, years, nppTonnesC: tonnesC, nepTonnesC: tonnesC }, { basis: p.basis, carbonUnit: p.carbonUnit, aggregate: p.aggregate });
    const percentChange = z.changeFirstToLastPct;
    const shareIncreasing = z.trendShares ? z.trendShares.increasePct : null;
    provinceIncreasePercent[name] = { chosen: p.provinceIncrease === "percent-change-first-last" ? percentChange : shareIncreasing, percentChange, shareIncreasing };
  }
  const seriesSlope = group.seriesSlopeGCPerM2PerYear2;
  const meanPixelSlope = group.meanPixelSlopeGCPerM2PerYear2;
  return {
    parameters: p,
    years,
    zones,
    regionalTrendGCPerM2PerYear: { seriesSlope, meanPixelSlope, chosen: p.regionalTrend === "series-slope" ? seriesSlope : meanPixelSlope },
    classSharesPercent: { increase: sh.increasePct / denom, noChange: sh.noChangePct / denom, decrease: sh.decreasePct / denom, noData: sh.noDataPct },
    provinceSequestrationMt,
    provinceIncreasePercent,
    nwSequestrationSeries: group.series.map((y) => ({ year: y.year, value: (y.totalTonnesC * unitK) / 1e6 })),
    provinceTonnesC,
  };
}

/** One Northwest province against its absorption threshold. */
export interface ProvincePressure {
  readonly province: string;
  readonly year: number;
  readonly embodiedMt: number;
  readonly thresholdMt: number;
  /** embodied ÷ threshold (fraction), null when the threshold is ≤ 0. */
  readonly pressure: number | null;
  readonly exceeded: boolean;
}

/**
 * Conclusion (4): each Northwest province's embodied emissions in `year` (default the last table year, the
 * study's "currently") against its absorption threshold T_p = its vegetation sequestration (`absorptionThreshold`
 * with the vegetation parameters): pressure P_p = E_p / T_p (METHODS §7).
 */
export function pressureSummary(transfers: TransferSummary, vegetation: VegetationSummary, options: { year?: number } = {}): ProvincePressure[] {
  const year = options.year ?? transfers.years[transfers.years.length - 1];
  const vp = vegetation.parameters;
  return NORTHWEST_PROVINCES.map((province) => {
    const e = transfers.embodiedMt[province]?.find((v) => v.year === year);
    if (!e) throw new InputError(`no embodied emissions for ${province} in ${year}`);
    const seq = vegetation.provinceTonnesC[province];
    if (!seq) throw new InputError(`no vegetation totals for ${province}`);
    const thresholdMt = absorptionThreshold({ province, years: seq.years, nppTonnesC: seq.tonnesC, nepTonnesC: seq.tonnesC }, { basis: vp.basis, carbonUnit: vp.carbonUnit, aggregate: vp.aggregate });
    const pr = absorptionPressure(e.value, thresholdMt);
    return { province, year, embodiedMt: e.value, thresholdMt, pressure: pr.pressure, exceeded: pr.exceeded };
  });
}

const lower = (s: string) => s.toLowerCase();

/** Computed values for the figures of conclusion (1). */
export function conclusion1Values(t: TransferSummary): ComputedValue[] {
  const out: ComputedValue[] = [
    { id: "c1-nw-net-transfer", value: t.netTransferMtPerYear.average[FOCUS_REGION] ?? null },
    { id: "c1-shaanxi-net-transfer", value: t.netTransferMtPerYear.average.Shaanxi ?? null },
    { id: "c1-xinjiang-net-transfer", value: t.netTransferMtPerYear.average.Xinjiang ?? null },
  ];
  for (const reg of ["East", "Central", "South", "Southwest"]) {
    const s = t.flowsFromNorthwestMt[reg];
    out.push({ id: `c1-nw-to-${lower(reg)}-trend`, value: s ? trendDirection(s) : null });
  }
  return out;
}

/** Computed values for the figures of conclusion (2); `year` = the year of the supply figures (default the last table year). */
export function conclusion2Values(g: SectorGroupSummary, options: { year?: number } = {}): ComputedValue[] {
  const year = options.year ?? g.years[g.years.length - 1];
  const at = (s: YearValue[] | undefined) => s?.find((v) => v.year === year)?.value ?? null;
  const sumOver = (group: string, regions: readonly string[]): YearValue[] =>
    g.years.map((y) => ({ year: y, value: regions.reduce((acc, r) => acc + (g.outflowToRegionMt[group]?.[r]?.find((v) => v.year === y)?.value ?? 0), 0) }));
  const out: ComputedValue[] = [
    { id: "c2-energy-intensity", value: g.intensityTPerWanYuan.average["Energy industry"] ?? null },
    { id: "c2-energy-share", value: g.shareOfTotalPercent.average["Energy industry"] ?? null },
    { id: "c2-energy-supply", value: at(g.outflowMt["Energy industry"]), note: `${year}` },
    { id: "c2-heavy-supply", value: at(g.outflowMt["Heavy manufacturing"]), note: `${year}` },
    { id: "c2-energy-supply-trend", value: g.outflowMt["Energy industry"] ? trendDirection(g.outflowMt["Energy industry"]) : null },
    { id: "c2-heavy-supply-trend", value: g.outflowMt["Heavy manufacturing"] ? trendDirection(g.outflowMt["Heavy manufacturing"]) : null },
  ];
  for (const [grp, id] of [["Light manufacturing", "light"], ["Agriculture", "agriculture"], ["Services", "services"]] as const) {
    out.push({ id: `c2-${id}-supply-trend`, value: g.outflowToRegionMt[grp] ? trendDirection(sumOver(grp, CENTRAL_SOUTH_SOUTHWEST)) : null });
  }
  return out;
}

/** Computed values for the figures of conclusion (3). */
export function conclusion3Values(v: VegetationSummary): ComputedValue[] {
  const inc = (p: string) => v.provinceIncreasePercent[p]?.chosen ?? null;
  return [
    { id: "c3-nw-regional-trend", value: v.regionalTrendGCPerM2PerYear.chosen },
    { id: "c3-share-no-change", value: v.classSharesPercent.noChange },
    { id: "c3-share-increase", value: v.classSharesPercent.increase },
    { id: "c3-share-decrease", value: v.classSharesPercent.decrease },
    { id: "c3-shaanxi-sequestration", value: v.provinceSequestrationMt.Shaanxi ?? null },
    { id: "c3-gansu-sequestration", value: v.provinceSequestrationMt.Gansu ?? null },
    { id: "c3-qinghai-increase", value: inc("Qinghai") },
    { id: "c3-shaanxi-increase", value: inc("Shaanxi") },
    { id: "c3-ningxia-increase", value: inc("Ningxia") },
  ];
}

/** Computed values for the figures of conclusion (4). Growth rates are 2017/2007 − 1 in percent (first and last years available). */
export function conclusion4Values(t: TransferSummary, v: VegetationSummary, pressures: readonly ProvincePressure[]): ComputedValue[] {
  const pct = (x: number) => x * 100;
  const nwEmb = t.embodiedMt[FOCUS_REGION];
  const out: ComputedValue[] = [
    { id: "c4-sequestration-growth", value: pct(growthBetween(v.nwSequestrationSeries)) },
    { id: "c4-embodied-growth", value: nwEmb ? pct(growthBetween(nwEmb)) : null },
  ];
  for (const p of pressures) {
    const id = lower(p.province);
    out.push({ id: `c4-${id}-embodied`, value: p.embodiedMt });
    if (p.province === "Ningxia") {
      out.push({ id: "c4-ningxia-threshold", value: p.thresholdMt });
      out.push({ id: "c4-ningxia-pressure", value: p.pressure === null ? null : pct(p.pressure) });
    } else out.push({ id: `c4-${id}-pressure`, value: p.pressure === null ? null : pct(p.pressure) });
  }
  return out;
}

/** Rasters for the maps of conclusion (3). */
export interface VegetationRasters {
  readonly grid: GridGeometry;
  readonly years: number[];
  /** Mean NPP over the years (g C m⁻² yr⁻¹), NaN = no data. */
  readonly meanNppGC: Float32Array;
  /** NEP = NPP − Rh of `nepYear` (g C m⁻² yr⁻¹). */
  readonly nepGC: Float32Array;
  readonly nepYear: number;
  /** Per-pixel Theil–Sen slope (g C m⁻² yr⁻²) and class (1 increase, 0 no change, −1 decrease, −128 no data). */
  readonly slope: Float32Array;
  readonly class3: Int8Array;
}

/**
 * The rasters behind the maps of conclusion (3): mean NPP of the trend period, NEP of one year (NPP − Rh from
 * that year's 12 monthly temperature and precipitation rasters, src/vegetation/nep), and the per-pixel trend
 * (src/vegetation/trend-raster `trendOfStack`: Sen slope, Mann–Kendall class at α).
 */
export async function vegetationRasters(ds: Pick<StudyDataset, "vegetation">, params: VegetationParameters & { nepYear?: number } = {}): Promise<VegetationRasters> {
  const p = { ...DEFAULT_VEGETATION_PARAMETERS, ...params };
  const veg = await ds.vegetation();
  const npp = veg.npp.filter((f) => f.year >= p.fromYear && f.year <= p.toYear);
  // Fewer years than the per-pixel trend's minimum count would classify every pixel as no data.
  if (npp.length < DEFAULT_MIN_COUNT) throw new InputError(`need at least ${DEFAULT_MIN_COUNT} NPP rasters between ${p.fromYear} and ${p.toYear} for a Mann–Kendall trend, found ${npp.length}`);
  const years = npp.map((f) => f.year);
  const headers = await readStackHeaders(npp.map((f) => f.file), { modis: true });
  const grid = headers[0].grid;
  const nPix = grid.width * grid.height;
  const sum = new Float64Array(nPix);
  const cnt = new Uint16Array(nPix);
  let last: Float32Array | undefined;
  const nepYear = params.nepYear ?? years[years.length - 1];
  for (const f of npp) {
    const band = await readRaster(f.file, { modis: true });
    for (let i = 0; i < nPix; i++) {
      const v = band.values[i];
      if (Number.isFinite(v)) {
        sum[i] += v;
        cnt[i]++;
      }
    }
    if (f.year === nepYear) last = band.values;
  }
  if (!last) throw new InputError(`no NPP raster for the NEP year ${nepYear}`);
  const meanNppGC = Float32Array.from(sum, (s, i) => (cnt[i] ? s / cnt[i] : NaN));
  const month = (l: VegetationFiles["temperature"]) =>
    Array.from({ length: 12 }, (_, m) => {
      const f = l.find((x) => x.year === nepYear && x.month === m + 1);
      if (!f) throw new InputError(`missing monthly climate raster for ${nepYear}-${String(m + 1).padStart(2, "0")}`);
      return f.file;
    });
  const tBands = await Promise.all(month(veg.temperature).map((f) => readRaster(f)));
  const pBands = await Promise.all(month(veg.precipitation).map((f) => readRaster(f)));
  const rh = annualRhRaster(tBands.map((b) => b.values), pBands.map((b) => b.values));
  const nepGC = sequestrationRaster(last, "nep", { rhGC: rh.rhGC, cellIndex: climateCellIndex(grid, tBands[0].grid) });
  const t = await trendOfStack(headers, years, { alpha: p.alpha });
  return { grid, years, meanNppGC, nepGC, nepYear, slope: t.slope, class3: t.class3 };
}

/** One row of `transferVariantsTable`. */
export interface TransferVariantRow {
  readonly variant: string;
  readonly method: FlowMethod;
  readonly net: NetConvention;
  /** Average net transfer (Mt CO2/yr) of Northwest and each Northwest province. */
  readonly [name: string]: string | number;
}

/**
 * Side-by-side average net transfers under method variants (full MRIO / restricted / EEBT, and both sign
 * conventions: "outflow-minus-inflow" values are the exact negatives of "inflow-minus-outflow").
 */
export function transferVariantsTable(variants: ReadonlyArray<{ label: string; summary: TransferSummary }>): TransferVariantRow[] {
  const rows: TransferVariantRow[] = [];
  for (const v of variants) {
    const row: Record<string, string | number> = { variant: v.label, method: v.summary.parameters.method, net: v.summary.parameters.net };
    for (const name of [FOCUS_REGION, ...NORTHWEST_PROVINCES]) row[name] = v.summary.netTransferMtPerYear.average[name];
    rows.push(row as TransferVariantRow);
  }
  return rows;
}

/** The data-source caption of a dataset: the demo caption, or "real data: <dir>" (issue 6: every figure says which). */
export function datasetCaption(ds: Pick<StudyDataset, "caption" | "source" | "dataDir">): string {
  return ds.caption || (ds.source === "real" ? `real data: ${ds.dataDir ?? "user directory"} (CEADs MRIO, CEADs inventories, MODIS MOD17A3HGF)` : "");
}

/**
 * Rows for a "name × year" table (plus an optional average column) and the column order to show them in
 * (JavaScript puts integer-like keys such as "2007" first in objects, so the order is returned explicitly).
 */
export function yearTable(
  series: SeriesByName,
  names: readonly string[],
  options: { nameColumn: string; average?: Readonly<Record<string, number>>; averageColumn?: string },
): { rows: Array<Record<string, string | number>>; columns: string[] } {
  const years = [...new Set(names.flatMap((n) => (series[n] ?? []).map((v) => v.year)))].sort((a, b) => a - b);
  const avgCol = options.averageColumn ?? "average";
  const rows = names.map((n) => {
    const row: Record<string, string | number> = { [options.nameColumn]: n };
    for (const v of series[n] ?? []) row[String(v.year)] = v.value;
    if (options.average) row[avgCol] = options.average[n];
    return row;
  });
  return { rows, columns: [options.nameColumn, ...years.map(String), ...(options.average ? [avgCol] : [])] };
}
