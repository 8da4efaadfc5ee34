import type { GridGeometry } from "./grid";

/**
 * Soil heterotrophic respiration (Rh) from monthly temperature and precipitation, and net
 * ecosystem productivity NEP = NPP − Rh (METHODS.md §6.2).
 *
 * Units caveat (read before using the numbers): the regression of Pei et al. (2009, J. Integr.
 * Plant Biol. 51:521–526), E = 0.22·(exp(0.09·T) + ln(0.31·P + 1)), was fitted to DAILY soil CO2
 * efflux of one alpine steppe with DAILY T and P. The monthly form used by Chinese remote-sensing
 * NEP papers (coefficients 0.0912 and 0.3145, × 30 days, × 46.5 % heterotrophic share) plugs
 * MONTHLY mean T and MONTHLY precipitation sums into it, which the original fit never saw; that
 * form is reconstructed, not confirmed against a printed Chinese primary source. Treat Rh (and so
 * NEP) as indicative. Every coefficient is a parameter below.
 */

/** Coefficients of Rh_month = a·(exp(b·T) + ln(c·P + 1))·days·share (g C m⁻² month⁻¹). */
export interface RhCoefficients {
  /** a: 0.22 (Pei et al. 2009). */
  readonly a: number;
  /** b (per °C): 0.0912 (monthly form; Pei's daily fit: 0.09). */
  readonly tempCoefficientPerC: number;
  /** c (per mm): 0.3145 (monthly form; Pei's daily fit: 0.31). */
  readonly precipCoefficientPerMm: number;
  /** Days per month turning the daily regression into a monthly flux: 30. */
  readonly daysPerMonth: number;
  /** Heterotrophic (microbial) share of soil respiration: 0.465 (Pei et al. report 46 %). */
  readonly heterotrophicShare: number;
}

/** The monthly form used by Chinese remote-sensing NEP studies (METHODS.md §6.2). */
export const DEFAULT_RH_COEFFICIENTS: RhCoefficients = {
  a: 0.22,
  tempCoefficientPerC: 0.0912,
  precipCoefficientPerMm: 0.3145,
  daysPerMonth: 30,
  heterotrophicShare: 0.465,
};

/**
 * Monthly heterotrophic respiration, g C m⁻² month⁻¹:
 * Rh = a·(exp(b·T) + ln(c·P + 1))·days·share, T = monthly mean air temperature (°C), P = monthly
 * precipitation (mm, ≥ 0). Defaults give ≈ 3.07 g C at T = 0 °C, P = 0 (the formula stays
 * positive in frozen months — a known property, not a bug). NaN in → NaN out (no data).
 * Throws on negative precipitation (a units or sign error in the input, not a value to clamp).
 * Reference: Pei et al. 2009 [S18]; monthly form as in Gong et al. 2017 [S37] (METHODS.md §6.2; units caveat in the module comment).
 */
export function monthlyRhGC(temperatureC: number, precipitationMm: number, k: RhCoefficients = DEFAULT_RH_COEFFICIENTS): number {
  if (precipitationMm < 0) throw new RangeError(`monthlyRhGC: negative precipitation ${precipitationMm} mm`);
  return k.a * (Math.exp(k.tempCoefficientPerC * temperatureC) + Math.log(k.precipCoefficientPerMm * precipitationMm + 1)) * k.daysPerMonth * k.heterotrophicShare;
}

/** Annual Rh (g C m⁻² a⁻¹) = Σ over the 12 months of `monthlyRhGC`. Needs exactly 12 values each; NaN if any month is NaN. */
export function annualRhGC(temperaturesC: ArrayLike<number>, precipitationsMm: ArrayLike<number>, k: RhCoefficients = DEFAULT_RH_COEFFICIENTS): number {
  if (temperaturesC.length !== 12 || precipitationsMm.length !== 12) throw new RangeError("annualRhGC: needs 12 monthly temperatures and 12 monthly precipitations");
  let s = 0;
  for (let m = 0; m < 12; m++) s += monthlyRhGC(temperaturesC[m], precipitationsMm[m], k);
  return s;
}

/** NEP = NPP − Rh (g C m⁻² a⁻¹); > 0 is a carbon sink, < 0 a source. */
export function nepGC(nppGC: number, rhGC: number): number {
  return nppGC - rhGC;
}

/**
 * What "sequestration" means (METHODS.md §3.5, §7, open question 4): `"npp"` — NPP itself (the
 * default: the study's thresholds are NPP-sized); `"nep"` — NEP = NPP − Rh, the ecosystem's net uptake.
 */
export type SequestrationBasis = "npp" | "nep";

/**
 * Which climate cell feeds each NPP pixel: the cell containing the NPP pixel's centre
 * (nearest-neighbour; real climate products — CRU 0.5°, ERA5-Land 0.1° — are coarser than NPP).
 * Both grids must be EPSG:4326, or identical. Returns, per NPP pixel, the climate pixel index or −1 outside.
 */
export function climateCellIndex(nppGrid: GridGeometry, climateGrid: GridGeometry): Int32Array {
  const n = nppGrid.width * nppGrid.height;
  const out = new Int32Array(n);
  const same =
    nppGrid.crs === climateGrid.crs &&
    nppGrid.width === climateGrid.width &&
    nppGrid.height === climateGrid.height &&
    nppGrid.originX === climateGrid.originX &&
    nppGrid.originY === climateGrid.originY &&
    nppGrid.pixelWidth === climateGrid.pixelWidth &&
    nppGrid.pixelHeight === climateGrid.pixelHeight;
  if (same) {
    for (let i = 0; i < n; i++) out[i] = i;
    return out;
  }
  if (nppGrid.crs !== "EPSG:4326" || climateGrid.crs !== "EPSG:4326") {
    throw new Error(`climateCellIndex: different grids must both be EPSG:4326 (got ${nppGrid.crs} and ${climateGrid.crs}); reproject the climate rasters onto the NPP grid first`);
  }
  const cols = new Int32Array(nppGrid.width);
  for (let c = 0; c < nppGrid.width; c++) {
    const x = nppGrid.originX + (c + 0.5) * nppGrid.pixelWidth;
    const cc = Math.floor((x - climateGrid.originX) / climateGrid.pixelWidth);
    cols[c] = cc >= 0 && cc < climateGrid.width ? cc : -1;
  }
  for (let r = 0, p = 0; r < nppGrid.height; r++) {
    const y = nppGrid.originY - (r + 0.5) * nppGrid.pixelHeight;
    const rr = Math.floor((climateGrid.originY - y) / climateGrid.pixelHeight);
    const inRow = rr >= 0 && rr < climateGrid.height;
    for (let c = 0; c < nppGrid.width; c++, p++) out[p] = inRow && cols[c] >= 0 ? rr * climateGrid.width + cols[c] : -1;
  }
  return out;
}

/**
 * Annual Rh raster (g C m⁻² a⁻¹) on the climate grid from 12 monthly temperature rasters (°C)
 * and 12 monthly precipitation rasters (mm): per pixel Σ_m `monthlyRhGC`. NaN where any month is
 * no data. Negative precipitation is treated as no data here (a raster can carry −9999-like
 * values that escaped masking) — the count is returned so callers can report it.
 */
export function annualRhRaster(
  temperaturesC: ReadonlyArray<ArrayLike<number>>,
  precipitationsMm: ReadonlyArray<ArrayLike<number>>,
  k: RhCoefficients = DEFAULT_RH_COEFFICIENTS,
): { rhGC: Float32Array; negativePrecipitationPixels: number } {
  if (temperaturesC.length !== 12 || precipitationsMm.length !== 12) throw new RangeError("annualRhRaster: needs 12 monthly temperature and 12 monthly precipitation rasters");
  const n = temperaturesC[0].length;
  for (const a of [...temperaturesC, ...precipitationsMm]) if (a.length !== n) throw new RangeError("annualRhRaster: monthly rasters differ in size");
  const out = new Float32Array(n);
  let negative = 0;
  const f = k.a * k.daysPerMonth * k.heterotrophicShare;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let m = 0; m < 12; m++) {
      const t = temperaturesC[m][i];
      const p = precipitationsMm[m][i];
      if (p < 0) {
        negative++;
        s = NaN;
        break;
      }
      s += f * (Math.exp(k.tempCoefficientPerC * t) + Math.log(k.precipCoefficientPerMm * p + 1));
    }
    out[i] = s; // NaN propagates from NaN inputs
  }
  return { rhGC: out, negativePrecipitationPixels: negative };
}

/**
 * Sequestration raster (g C m⁻² a⁻¹) on the NPP grid: NPP (basis "npp") or NEP = NPP − Rh
 * (basis "nep"), with Rh taken from the climate cell containing each NPP pixel's centre
 * (`climateCellIndex`). NaN where NPP or Rh is no data.
 */
export function sequestrationRaster(
  nppGC: Float32Array,
  basis: SequestrationBasis,
  rh?: { rhGC: ArrayLike<number>; cellIndex: Int32Array },
): Float32Array {
  if (basis === "npp") return nppGC;
  if (!rh) throw new Error("sequestrationRaster: basis 'nep' needs an Rh raster (from monthly temperature and precipitation)");
  if (rh.cellIndex.length !== nppGC.length) throw new Error("sequestrationRaster: cell index does not match the NPP raster");
  const out = new Float32Array(nppGC.length);
  for (let i = 0; i < nppGC.length; i++) {
    const j = rh.cellIndex[i];
    out[i] = j < 0 ? NaN : nppGC[i] - rh.rhGC[j];
  }
  return out;
}
