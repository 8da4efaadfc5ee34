/**
 * Zonal statistics of annual vegetation-carbon rasters (NPP or NEP, g C m⁻² a⁻¹) per zone
 * (province) and per region group (e.g. "Northwest" = five provinces): totals, area-weighted
 * means, the regional annual series, the regional trend (two definitions), change between the
 * first and last year, and area shares of per-pixel trend classes with an explicit no-data share.
 *
 * Streaming design: `ZonalAccumulator` takes one year at a time (and the per-pixel trend once),
 * so a caller never holds the whole stack; everything it keeps is O(zones × years).
 * Group statistics are sums of zone sums, so they are exactly consistent with the zones.
 */

import { senSlope } from "./trend";

/** 1 g m⁻² over 1 km² is 1 t (10⁶ m² × 1 g = 10⁶ g); tonnes CO2 = tonnes C × 44/12 (molar masses of CO2 and C). */
export const CO2_PER_C = 44 / 12;

/** How the regional trend slope of the regional-mean series is estimated (METHODS.md §6.4). */
export type SeriesSlopeMethod = "sen" | "ols";

/** Per-pixel trend class codes, as written by the trend engine's class.tif. */
export const TREND_CLASS = { increase: 1, noChange: 0, decrease: -1 } as const;

export interface ZoneRef {
  /** Zone id (adcode for provinces). */
  readonly id: string;
  readonly name: string;
  readonly nameEn?: string;
}

export interface RegionGroup {
  readonly id: string;
  readonly name: string;
  /** Ids of the zones in the group. */
  readonly zoneIds: readonly string[];
}

export interface YearStats {
  readonly year: number;
  /** Area of zone pixels with a valid value this year (km²). */
  readonly validAreaKm2: number;
  /** Area-weighted mean over valid pixels, g C m⁻² a⁻¹ (NaN → null when no valid pixel). */
  readonly meanGCPerM2PerYear: number | null;
  /** Σ value × area over valid pixels: tonnes C per year (1 g m⁻² × 1 km² = 1 t). */
  readonly totalTonnesC: number;
  readonly totalMtC: number;
  /** totalMtC × 44/12. */
  readonly totalMtCO2: number;
}

export interface TrendShares {
  /** Shares of the zone's area in %, summing to 100 (noData: zone pixels without a trend class). */
  readonly increasePct: number;
  readonly noChangePct: number;
  readonly decreasePct: number;
  readonly noDataPct: number;
}

/** Five-class shares (METHODS.md §6.4) in % of the zone's area, summing to 100. */
export interface TrendShares5 {
  readonly significantIncreasePct: number;
  readonly slightIncreasePct: number;
  readonly stablePct: number;
  readonly slightDecreasePct: number;
  readonly significantDecreasePct: number;
  readonly noDataPct: number;
}

export interface ZoneStats {
  readonly id: string;
  readonly name: string;
  readonly nameEn?: string;
  readonly kind: "zone" | "group";
  /** Area of all pixels of the zone (valid or not), km². */
  readonly areaKm2: number;
  readonly pixels: number;
  readonly series: YearStats[];
  /** (mean_last − mean_first) / |mean_first| × 100 on the area-weighted means (first/last years with data; |…| keeps the sign meaningful for negative NEP); null if undefined or mean_first = 0. */
  readonly changeFirstToLastPct: number | null;
  /** Slope of the regional-mean series (g C m⁻² a⁻²) by `seriesSlopeMethod`. */
  readonly seriesSlopeGCPerM2PerYear2: number | null;
  /** Area-weighted mean of per-pixel slopes (g C m⁻² a⁻²), when a per-pixel slope raster was added. */
  readonly meanPixelSlopeGCPerM2PerYear2: number | null;
  /** Class area shares, when a per-pixel class raster was added. */
  readonly trendShares: TrendShares | null;
  /** Five-class area shares, when a five-class raster was added. */
  readonly trendShares5: TrendShares5 | null;
}

export interface ZonalOptions {
  /** Default "sen" (Theil–Sen, robust, the same estimator as the per-pixel trend); "ols" for least squares. */
  readonly seriesSlopeMethod?: SeriesSlopeMethod;
}

/** The (t, y) pairs whose y is a finite number: missing years keep their real time distance. */
function validPoints(t: readonly number[], y: ReadonlyArray<number | null>): [number[], number[]] {
  const tt: number[] = [];
  const yy: number[] = [];
  t.forEach((ti, i) => {
    const yi = y[i];
    if (yi !== null && Number.isFinite(yi)) {
      tt.push(ti);
      yy.push(yi);
    }
  });
  return [tt, yy];
}

/**
 * Theil–Sen slope of a series with gaps: null/NaN values are dropped and the others keep their
 * real time distance, then β = median_{i<j} (y_j − y_i)/(t_j − t_i) (Sen 1968, JASA 63:1379; trend.ts `senSlope`).
 * null with fewer than 2 values.
 */
export function seriesSenSlope(t: readonly number[], y: ReadonlyArray<number | null>): number | null {
  const [tt, yy] = validPoints(t, y);
  return tt.length < 2 ? null : senSlope(tt, yy);
}

/** Ordinary least-squares slope Σ(t − t̄)(y − ȳ) / Σ(t − t̄)², skipping null values; null with fewer than 2 values. */
export function seriesOlsSlope(t: readonly number[], y: ReadonlyArray<number | null>): number | null {
  const [tt, yy] = validPoints(t, y);
  if (tt.length < 2) return null;
  const tm = tt.reduce((a, b) => a + b, 0) / tt.length;
  const ym = yy.reduce((a, b) => a + b, 0) / yy.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < tt.length; i++) {
    num += (tt[i] - tm) * (yy[i] - ym);
    den += (tt[i] - tm) ** 2;
  }
  return den === 0 ? null : num / den;
}

interface Sums {
  area: number;
  pixels: number;
  /** per added year: Σ a, Σ v·a over valid pixels */
  validArea: number[];
  valueArea: number[];
  slopeArea: number;
  slopeValidArea: number;
  classArea: [number, number, number, number]; // increase, noChange, decrease, noData
  class5Area: number[]; // 2, 1, 0, −1, −2, noData
}

function emptySums(): Sums {
  return { area: 0, pixels: 0, validArea: [], valueArea: [], slopeArea: 0, slopeValidArea: 0, classArea: [0, 0, 0, 0], class5Area: [0, 0, 0, 0, 0, 0] };
}

/**
 * Accumulates zonal sums one raster at a time. `zoneIndex` (from `rasterizeZones`): per pixel,
 * 0 = outside all zones, k = zones[k − 1]; `rowAreasKm2` (from `rowPixelAreasKm2`): area of a
 * pixel of each row. Values are physical (g C m⁻² a⁻¹) with NaN for no data.
 */
export class ZonalAccumulator {
  readonly years: number[] = [];
  private readonly sums: Sums[];
  private trendAdded = false;
  private trend5Added = false;
  private slopeAdded = false;

  constructor(
    private readonly zones: readonly ZoneRef[],
    private readonly zoneIndex: Uint16Array | Uint32Array | Int32Array,
    private readonly width: number,
    private readonly rowAreasKm2: Float64Array,
  ) {
    if (zoneIndex.length !== width * rowAreasKm2.length) {
      throw new Error(`ZonalAccumulator: zone raster has ${zoneIndex.length} pixels, grid ${width} × ${rowAreasKm2.length}`);
    }
    this.sums = zones.map(() => emptySums());
    for (let r = 0, p = 0; r < rowAreasKm2.length; r++) {
      const a = rowAreasKm2[r];
      for (let c = 0; c < width; c++, p++) {
        const z = zoneIndex[p];
        if (z === 0) continue;
        const s = this.sums[z - 1];
        if (s === undefined) throw new Error(`ZonalAccumulator: zone index ${z} at pixel ${p} but only ${zones.length} zones`);
        s.area += a;
        s.pixels++;
      }
    }
  }

  /** Add one year's raster: Σ v·a and Σ a over the valid (finite) pixels of each zone. */
  addYear(year: number, values: ArrayLike<number>): void {
    this.checkLength(values.length);
    if (this.years.length && year <= this.years[this.years.length - 1]) throw new Error(`ZonalAccumulator: years must increase (${year} after ${this.years[this.years.length - 1]})`);
    const n = this.zones.length;
    const va = new Float64Array(n);
    const vs = new Float64Array(n);
    const { zoneIndex, width, rowAreasKm2 } = this;
    for (let r = 0, p = 0; r < rowAreasKm2.length; r++) {
      const a = rowAreasKm2[r];
      for (let c = 0; c < width; c++, p++) {
        const z = zoneIndex[p];
        if (z === 0) continue;
        const v = values[p];
        if (v !== v) continue; // NaN = no data
        va[z - 1] += a;
        vs[z - 1] += v * a;
      }
    }
    this.years.push(year);
    this.sums.forEach((s, k) => {
      s.validArea.push(va[k]);
      s.valueArea.push(vs[k]);
    });
  }

  /** Add the per-pixel Sen slope raster (g C m⁻² a⁻², NaN = no data): its area-weighted zone mean is reported. */
  addPixelSlopes(slopes: ArrayLike<number>): void {
    this.checkLength(slopes.length);
    this.slopeAdded = true;
    this.forEachZonePixel((s, a, p) => {
      const v = slopes[p];
      if (v === v) {
        s.slopeArea += v * a;
        s.slopeValidArea += a;
      }
    });
  }

  /** Add the per-pixel trend classes (1 significant increase, 0 no significant change, −1 significant decrease; anything else = no data). */
  addTrendClasses(classes: ArrayLike<number>): void {
    this.checkLength(classes.length);
    this.trendAdded = true;
    this.forEachZonePixel((s, a, p) => {
      const k = classes[p];
      s.classArea[k === 1 ? 0 : k === 0 ? 1 : k === -1 ? 2 : 3] += a;
    });
  }

  /** Add five-class trend codes (2 significant increase, 1 slight increase, 0 stable, −1 slight decrease, −2 significant decrease; anything else = no data). */
  addTrendClasses5(classes: ArrayLike<number>): void {
    this.checkLength(classes.length);
    this.trend5Added = true;
    this.forEachZonePixel((s, a, p) => {
      const k = classes[p];
      s.class5Area[k >= -2 && k <= 2 && Number.isInteger(k) ? 2 - k : 5] += a;
    });
  }

  /** Statistics for every zone, then for every group (groups refer to zone ids). */
  finish(groups: readonly RegionGroup[] = [], options: ZonalOptions = {}): ZoneStats[] {
    const out = this.zones.map((z, k) => this.stats(this.sums[k], { id: z.id, name: z.name, nameEn: z.nameEn, kind: "zone" }, options));
    for (const g of groups) {
      const total = emptySums();
      total.validArea = this.years.map(() => 0);
      total.valueArea = this.years.map(() => 0);
      for (const id of g.zoneIds) {
        const k = this.zones.findIndex((z) => z.id === id);
        if (k < 0) throw new Error(`region group ${g.id}: no zone with id ${id}`);
        const s = this.sums[k];
        total.area += s.area;
        total.pixels += s.pixels;
        total.slopeArea += s.slopeArea;
        total.slopeValidArea += s.slopeValidArea;
        for (let i = 0; i < 4; i++) total.classArea[i] += s.classArea[i];
        for (let i = 0; i < 6; i++) total.class5Area[i] += s.class5Area[i];
        s.validArea.forEach((v, i) => (total.validArea[i] += v));
        s.valueArea.forEach((v, i) => (total.valueArea[i] += v));
      }
      out.push(this.stats(total, { id: g.id, name: g.name, kind: "group" }, options));
    }
    return out;
  }

  private stats(s: Sums, head: { id: string; name: string; nameEn?: string; kind: "zone" | "group" }, options: ZonalOptions): ZoneStats {
    const series: YearStats[] = this.years.map((year, i) => {
      const tC = s.valueArea[i];
      return {
        year,
        validAreaKm2: s.validArea[i],
        meanGCPerM2PerYear: s.validArea[i] > 0 ? tC / s.validArea[i] : null,
        totalTonnesC: tC,
        totalMtC: tC / 1e6,
        totalMtCO2: (tC / 1e6) * CO2_PER_C,
      };
    });
    const means = series.map((y) => y.meanGCPerM2PerYear);
    const first = means.find((m) => m !== null) ?? null;
    const last = [...means].reverse().find((m) => m !== null) ?? null;
    const slopeFn = (options.seriesSlopeMethod ?? "sen") === "ols" ? seriesOlsSlope : seriesSenSlope;
    const shares: TrendShares | null =
      this.trendAdded && s.area > 0
        ? {
            increasePct: (100 * s.classArea[0]) / s.area,
            noChangePct: (100 * s.classArea[1]) / s.area,
            decreasePct: (100 * s.classArea[2]) / s.area,
            noDataPct: (100 * s.classArea[3]) / s.area,
          }
        : null;
    const pct = (x: number) => (100 * x) / s.area;
    const c5 = s.class5Area;
    const shares5: TrendShares5 | null =
      this.trend5Added && s.area > 0
        ? { significantIncreasePct: pct(c5[0]), slightIncreasePct: pct(c5[1]), stablePct: pct(c5[2]), slightDecreasePct: pct(c5[3]), significantDecreasePct: pct(c5[4]), noDataPct: pct(c5[5]) }
        : null;
    return {
      ...head,
      areaKm2: s.area,
      pixels: s.pixels,
      series,
      changeFirstToLastPct: first !== null && last !== null && first !== 0 && series.length > 1 ? ((last - first) / Math.abs(first)) * 100 : null,
      seriesSlopeGCPerM2PerYear2: slopeFn(this.years, means),
      meanPixelSlopeGCPerM2PerYear2: this.slopeAdded && s.slopeValidArea > 0 ? s.slopeArea / s.slopeValidArea : null,
      trendShares: shares,
      trendShares5: shares5,
    };
  }

  private checkLength(n: number): void {
    if (n !== this.zoneIndex.length) throw new Error(`ZonalAccumulator: raster has ${n} pixels, zone raster ${this.zoneIndex.length}`);
  }

  private forEachZonePixel(f: (s: Sums, areaKm2: number, p: number) => void): void {
    const { zoneIndex, width, rowAreasKm2 } = this;
    for (let r = 0, p = 0; r < rowAreasKm2.length; r++) {
      const a = rowAreasKm2[r];
      for (let c = 0; c < width; c++, p++) {
        const z = zoneIndex[p];
        if (z !== 0) f(this.sums[z - 1], a, p);
      }
    }
  }
}

/**
 * Convenience: zonal statistics of a whole in-memory stack (one array per year).
 * Same results as feeding a `ZonalAccumulator` year by year.
 */
export function zonalStatistics(input: {
  zones: readonly ZoneRef[];
  zoneIndex: Uint16Array;
  width: number;
  rowAreasKm2: Float64Array;
  years: readonly number[];
  values: ReadonlyArray<ArrayLike<number>>;
  pixelSlopes?: ArrayLike<number>;
  trendClasses?: ArrayLike<number>;
  trendClasses5?: ArrayLike<number>;
  groups?: readonly RegionGroup[];
  options?: ZonalOptions;
}): ZoneStats[] {
  if (input.years.length !== input.values.length) throw new Error(`zonalStatistics: ${input.years.length} years but ${input.values.length} rasters`);
  const acc = new ZonalAccumulator(input.zones, input.zoneIndex, input.width, input.rowAreasKm2);
  input.years.forEach((y, i) => acc.addYear(y, input.values[i]));
  if (input.pixelSlopes) acc.addPixelSlopes(input.pixelSlopes);
  if (input.trendClasses) acc.addTrendClasses(input.trendClasses);
  if (input.trendClasses5) acc.addTrendClasses5(input.trendClasses5);
  return acc.finish(input.groups ?? [], input.options);
}

/**
 * The zonal results as a wide CSV table, one row per zone/group:
 * kind, id, name, name_en, area_km2, pixels, change_first_last_pct, series_slope_gC_m2_yr2,
 * mean_pixel_slope_gC_m2_yr2, share_increase_pct, share_no_change_pct, share_decrease_pct,
 * share_no_data_pct, [when five classes were added: share5_significant_increase_pct, share5_slight_increase_pct,
 * share5_stable_pct, share5_slight_decrease_pct, share5_significant_decrease_pct, share5_no_data_pct,]
 * then per year mean_gC_m2_YYYY, total_MtC_YYYY, total_MtCO2_YYYY, valid_area_km2_YYYY.
 * Empty cells where a value is undefined (never "NaN").
 */
export function zonalToCsv(stats: readonly ZoneStats[]): string {
  const years = stats.length ? stats[0].series.map((y) => y.year) : [];
  const with5 = stats.some((s) => s.trendShares5 !== null);
  const head = [
    "kind",
    "id",
    "name",
    "name_en",
    "area_km2",
    "pixels",
    "change_first_last_pct",
    "series_slope_gC_m2_yr2",
    "mean_pixel_slope_gC_m2_yr2",
    "share_increase_pct",
    "share_no_change_pct",
    "share_decrease_pct",
    "share_no_data_pct",
    ...(with5 ? ["share5_significant_increase_pct", "share5_slight_increase_pct", "share5_stable_pct", "share5_slight_decrease_pct", "share5_significant_decrease_pct", "share5_no_data_pct"] : []),
    ...years.flatMap((y) => [`mean_gC_m2_${y}`, `total_MtC_${y}`, `total_MtCO2_${y}`, `valid_area_km2_${y}`]),
  ];
  const num = (v: number | null | undefined, digits: number) => (v === null || v === undefined || !Number.isFinite(v) ? "" : v.toFixed(digits));
  const text = (s: string | undefined) => (s === undefined ? "" : /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [head.join(",")];
  for (const s of stats) {
    const t = s.trendShares;
    lines.push(
      [
        s.kind,
        text(s.id),
        text(s.name),
        text(s.nameEn),
        num(s.areaKm2, 1),
        String(s.pixels),
        num(s.changeFirstToLastPct, 3),
        num(s.seriesSlopeGCPerM2PerYear2, 4),
        num(s.meanPixelSlopeGCPerM2PerYear2, 4),
        num(t?.increasePct, 4),
        num(t?.noChangePct, 4),
        num(t?.decreasePct, 4),
        num(t?.noDataPct, 4),
        ...(with5
          ? [s.trendShares5?.significantIncreasePct, s.trendShares5?.slightIncreasePct, s.trendShares5?.stablePct, s.trendShares5?.slightDecreasePct, s.trendShares5?.significantDecreasePct, s.trendShares5?.noDataPct].map((v) => num(v, 4))
          : []),
        ...s.series.flatMap((y) => [num(y.meanGCPerM2PerYear, 3), num(y.totalMtC, 6), num(y.totalMtCO2, 6), num(y.validAreaKm2, 1)]),
      ].join(","),
    );
  }
  return lines.join("\n") + "\n";
}
