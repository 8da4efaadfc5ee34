/**
 * Synthetic demonstration vegetation for the five Northwest provinces (issue 6): annual NPP
 * 2000–2020 at 0.05° and monthly temperature / precipitation at 0.25°, EPSG:4326, written as
 * GeoTIFFs in the MODIS MOD17A3HGF convention so the loaders read demo and real data alike.
 *
 * THIS IS NOT MODIS DATA. It is a documented toy model that gives the right kind of picture
 * (greener, wetter south-east Shaanxi; near-zero NPP in the Taklimakan, Gobi, Qaidam and Badain
 * Jaran deserts; mountain belts; irrigated oases; a greening Loess Plateau; urban decline around
 * big cities; year-to-year climate noise). Its parameters were set from general geography, NOT
 * tuned to reproduce the study's numbers (+48.74 % Shaanxi, +43.38 % Ningxia, +4.22 % Qinghai,
 * 17.67 % of the area significantly increasing, 0.43 % decreasing); any agreement is loose by design.
 *
 * Model, per pixel centre (λ lon, φ lat in degrees), year y, month m = 0…11:
 * - Elevation proxy E (m): 1000 m base + plateau step (Qinghai–Tibet, 4000 m) + Gaussian ridges
 *   (Tianshan, Altai, Qilian, Kunlun, Qinling) − basins (Tarim, Junggar, Qaidam floors).
 * - Mean annual temperature T̄ = 16 − 0.0045·E − 0.45·(φ − 35) °C (lapse rate 4.5 K/km);
 *   seasonal amplitude A = 12 + 0.5·(φ − 32) °C; T_m = T̄ − A·cos(2π·m/12) + warming 0.03 °C a⁻¹ + anomaly.
 * - Annual precipitation P̄ = 25 + 950·exp(−d/6.5) (monsoon, d = distance in degrees from
 *   (111°E, 32°N)) + 280·G(99°E, 33.5°N; 2°) (plateau monsoon) + 0.12·E_ridges (orographic) +
 *   120 mm in north Xinjiang (westerlies) mm; monthly shares ∝ 1 + k·cos(2π(m − 6)/12), k = 0.6–0.9.
 * - NPP climatology: Miami model (Lieth 1975) NPP = 0.45·min(3000/(1 + e^{1.315 − 0.119 T̄}),
 *   3000·(1 − e^{−0.000664 P̄})) g C m⁻² a⁻¹ (0.45 = carbon fraction of dry matter), × vegetation
 *   cover σ((P̄ − 180)/50) for arid steppe/desert, + irrigated oases (Gaussians, up to +350 g C).
 * - Trend: relative growth r(λ, φ) per year: 0.3 % background, + 0.8 % where P̄ > 400 mm (afforestation in
 *   humid Shaanxi); up to 3.0 % more on the Loess Plateau
 *   (Grain-for-Green, N Shaanxi / S Ningxia / E Gansu); 2 % in oases (irrigation expansion);
 *   −2 % in urban cores (Xi'an, Lanzhou, Urumqi, Yinchuan, Xining); 0.2 % on the plateau.
 * - NPP_y = NPP̄·(1 + r·(y − 2000))·(1 + 0.5·a_y·w)·(1 + ε): a_y a smooth seeded random field (the
 *   year's relative precipitation anomaly, also applied to that year's precipitation), w the
 *   water-limitation weight, ε ~ N(0, 0.1²) per pixel-year.
 * - Qinghai Lake and Bosten Lake carry the MODIS water code 32766; outside the provinces 32767 (fill).
 *   Climate rasters cover the whole rectangle (climate products are continuous).
 * Seeded mulberry32 + Box–Muller: byte-identical output for the same options.
 */
import * as path from "node:path";
import type { GridGeometry } from "../vegetation/grid";
import { encodeGeoTiff } from "../sources/geotiff";
import { writeFilesAtomic } from "../util/atomic-write";
import { loadChinaProvinces, NORTHWEST_ADCODES, zonesBbox, type ZoneCollection } from "../sources/province-boundaries";
import { rasterizeZones } from "../vegetation/mask";

export interface DemoVegetationOptions {
  /** First and last year (inclusive); default 2000–2020 (MOD17A3HGF v006 coverage). */
  readonly years?: readonly [number, number];
  /** Provinces (adcodes) to cover; default the five Northwest provinces. */
  readonly adcodes?: readonly string[];
  /** Zones to use instead of the built-in provinces (e.g. a test polygon). */
  readonly zones?: ZoneCollection;
  /** NPP pixel size in degrees; default 0.05 (≈ 5 km). */
  readonly nppResolutionDeg?: number;
  /** Climate pixel size in degrees; default 0.25 (ERA5-like); must be a multiple of the NPP size. */
  readonly climateResolutionDeg?: number;
  /** Seed of the random generator; default 20070217. */
  readonly seed?: number;
}

export interface DemoVegetationResult {
  /** One file per year: npp_YYYY.tif (int16, DN × 0.1 = g C m⁻² a⁻¹, fill 32767, water 32766). */
  readonly nppFiles: string[];
  /** 12 per year, year-major: climate/temperature_YYYY_MM.tif (int16, DN × 0.1 = °C, nodata −32768). */
  readonly temperatureFiles: string[];
  /** 12 per year, year-major: climate/precipitation_YYYY_MM.tif (int16, DN × 0.1 = mm, nodata −32768). */
  readonly precipitationFiles: string[];
  /** The NPP grid. */
  readonly grid: GridGeometry;
  /** The climate grid. */
  readonly climateGrid: GridGeometry;
  readonly years: number[];
}

/** mulberry32: a tiny seeded 32-bit generator (Tommy Ettinger, public domain); uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviates by the Box–Muller transform on a seeded uniform generator. */
function gaussian(u: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u1 = Math.max(u(), 1e-12);
    const u2 = u();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const gauss2 = (lon: number, lat: number, lon0: number, lat0: number, s: number) => Math.exp(-((lon - lon0) ** 2 + (lat - lat0) ** 2) / (2 * s * s));

/** Gaussian ridge along the segment (x0, y0)–(x1, y1), half-width `s` degrees. */
function ridge(lon: number, lat: number, x0: number, y0: number, x1: number, y1: number, s: number): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const t = Math.max(0, Math.min(1, ((lon - x0) * dx + (lat - y0) * dy) / (dx * dx + dy * dy)));
  const ex = lon - (x0 + t * dx);
  const ey = lat - (y0 + t * dy);
  return Math.exp(-(ex * ex + ey * ey) / (2 * s * s));
}

/** Mountain ridges (elevation above the surroundings, m) — also drive orographic precipitation. */
function ridgesM(lon: number, lat: number): number {
  return (
    3200 * ridge(lon, lat, 74.5, 40.0, 95.0, 43.3, 0.7) + // Tianshan
    2200 * ridge(lon, lat, 86.0, 48.6, 91.0, 46.6, 0.6) + // Altai
    2200 * ridge(lon, lat, 94.0, 39.4, 103.0, 37.2, 0.6) + // Qilian
    1800 * ridge(lon, lat, 75.0, 36.6, 93.0, 36.3, 0.6) + // Kunlun / Altun
    1800 * ridge(lon, lat, 104.5, 34.0, 111.0, 33.7, 0.4) // Qinling
  );
}

function elevationM(lon: number, lat: number): number {
  const plateau = 3300 * sigmoid((35.8 - lat + 0.05 * (lon - 90)) / 0.5) * sigmoid((102.5 - lon) / 0.7);
  const basins = 600 * gauss2(lon, lat, 83, 39.5, 3) + 500 * gauss2(lon, lat, 87, 45.5, 1.8) + 900 * gauss2(lon, lat, 94.5, 37.5, 1.5); // Tarim, Junggar, Qaidam floors
  return Math.max(0, 1000 + plateau + ridgesM(lon, lat) - basins);
}

interface Climatology {
  tMeanC: number;
  amplitudeC: number;
  pAnnualMm: number;
  seasonality: number;
}

function climatology(lon: number, lat: number): Climatology {
  const e = elevationM(lon, lat);
  const d = Math.hypot(lon - 111, lat - 32);
  const monsoon = 950 * Math.exp(-d / 6.5);
  const plateauMonsoon = 280 * gauss2(lon, lat, 99, 33.5, 2);
  const westerly = 120 * sigmoid((lat - 43.5) / 1) * sigmoid((92 - lon) / 2);
  const pAnnualMm = 25 + monsoon + plateauMonsoon + 0.12 * ridgesM(lon, lat) + westerly;
  const monsoonShare = (monsoon + plateauMonsoon) / pAnnualMm;
  return {
    tMeanC: 16 - 0.0045 * e - 0.45 * (lat - 35),
    amplitudeC: 12 + 0.5 * (lat - 32),
    pAnnualMm,
    seasonality: 0.6 + 0.3 * monsoonShare,
  };
}

const OASES: ReadonlyArray<readonly [number, number, number, number]> = [
  // lon, lat, radius (deg), extra NPP g C m⁻² a⁻¹
  [75.9, 39.4, 0.35, 320], // Kashgar
  [80.3, 41.2, 0.3, 300], // Aksu
  [86.1, 41.7, 0.25, 280], // Korla
  [86.0, 44.3, 0.4, 330], // Shihezi – Urumqi
  [81.3, 43.9, 0.35, 300], // Ili valley
  [93.5, 42.8, 0.15, 220], // Hami
  [98.5, 39.7, 0.2, 260], // Jiuquan
  [100.5, 38.9, 0.25, 300], // Zhangye
  [102.6, 37.9, 0.25, 280], // Wuwei
  [106.2, 38.4, 0.25, 250], // Yinchuan plain (Yellow River irrigation)
];
const CITIES: ReadonlyArray<readonly [number, number, number]> = [
  // lon, lat, radius (deg)
  [108.94, 34.34, 0.25], // Xi'an
  [103.83, 36.06, 0.12], // Lanzhou
  [87.62, 43.83, 0.15], // Urumqi
  [106.23, 38.49, 0.1], // Yinchuan
  [101.78, 36.62, 0.1], // Xining
];
const LAKES: ReadonlyArray<readonly [number, number, number, number]> = [
  // lon, lat, semi-axis lon, semi-axis lat (deg)
  [100.2, 36.9, 0.33, 0.15], // Qinghai Lake (≈ 4,400 km²)
  [87.0, 42.0, 0.28, 0.1], // Bosten Lake
];

/** Mean NPP (g C m⁻² a⁻¹) and relative trend per year at a point, plus the water-limitation weight. */
function nppModel(lon: number, lat: number): { baseGC: number; relTrendPerYear: number; waterWeight: number; water: boolean } {
  const k = climatology(lon, lat);
  const nppT = 3000 / (1 + Math.exp(1.315 - 0.119 * k.tMeanC));
  const nppP = 3000 * (1 - Math.exp(-0.000664 * k.pAnnualMm));
  const cover = sigmoid((k.pAnnualMm - 180) / 50);
  let base = 0.45 * Math.min(nppT, nppP) * cover;
  let oasis = 0;
  for (const [x, y, r] of OASES) oasis = Math.max(oasis, gauss2(lon, lat, x, y, r));
  for (const [x, y, r, add] of OASES) base += add * gauss2(lon, lat, x, y, r);
  let urban = 0;
  for (const [x, y, r] of CITIES) urban = Math.max(urban, gauss2(lon, lat, x, y, r));
  base *= 1 - 0.5 * urban;
  const loess = Math.exp(-(((lon - 108.2) / 2.2) ** 2 + ((lat - 37.0) / 1.4) ** 2) / 2) + 0.8 * Math.exp(-(((lon - 106.0) / 1.3) ** 2 + ((lat - 36.3) / 1.0) ** 2) / 2);
  const plateau = sigmoid((35.8 - lat) / 0.5) * sigmoid((102.5 - lon) / 0.7);
  const humid = sigmoid((climatology(lon, lat).pAnnualMm - 400) / 80);
  const rel = 0.003 * (1 - plateau) + 0.002 * plateau + 0.008 * humid * (1 - plateau) + 0.03 * Math.min(1, loess) + 0.02 * oasis - 0.025 * urban;
  let water = false;
  for (const [x, y, a, b] of LAKES) if (((lon - x) / a) ** 2 + ((lat - y) / b) ** 2 <= 1) water = true;
  return { baseGC: base, relTrendPerYear: rel, waterWeight: sigmoid((700 - k.pAnnualMm) / 150), water };
}

/** A smooth random field (sum of 4 seeded plane waves), std ≈ `amplitude`. */
function smoothField(rand: () => number, amplitude: number): (lon: number, lat: number) => number {
  const waves = Array.from({ length: 4 }, () => {
    const wavelengthDeg = 6 + 14 * rand();
    const angle = 2 * Math.PI * rand();
    return { kx: (2 * Math.PI * Math.cos(angle)) / wavelengthDeg, ky: (2 * Math.PI * Math.sin(angle)) / wavelengthDeg, phase: 2 * Math.PI * rand() };
  });
  const a = amplitude * Math.SQRT2 / 2; // 4 waves of amplitude a: variance 4·a²/2 = amplitude²
  return (lon, lat) => waves.reduce((s, w) => s + a * Math.cos(w.kx * lon + w.ky * lat + w.phase), 0);
}

/** Grid covering `zones` at `res` degrees, edges snapped outward to multiples of `snap` degrees (so the climate grid aligns). */
export function demoGrid(zones: ZoneCollection, res: number, snap: number): GridGeometry {
  const [w, s, e, n] = zonesBbox(zones);
  const west = Math.floor(w / snap) * snap;
  const east = Math.ceil(e / snap) * snap;
  const south = Math.floor(s / snap) * snap;
  const north = Math.ceil(n / snap) * snap;
  return { crs: "EPSG:4326", originX: west, originY: north, pixelWidth: res, pixelHeight: res, width: Math.round((east - west) / res), height: Math.round((north - south) / res) };
}

export const DEMO_NPP_FILL_DN = 32767;
export const DEMO_WATER_DN = 32766;
export const DEMO_CLIMATE_NODATA_DN = -32768;
export const DEMO_CLIMATE_SCALE = 0.1;

/**
 * Generate the synthetic demo vegetation stack into `outDir` (all files written as one unit,
 * atomically). See the module comment for the model; data/demo/SOURCE.md ("Vegetation") for provenance.
 * Default: 755 × 355 NPP pixels × 21 years (≈ 11 MB) + 151 × 71 climate cells × 12 months × 2 variables × 21 years (≈ 11 MB).
 */
export async function generateDemoVegetation(outDir: string, options: DemoVegetationOptions = {}): Promise<DemoVegetationResult> {
  const [y0, y1] = options.years ?? [2000, 2020];
  const res = options.nppResolutionDeg ?? 0.05;
  const cres = options.climateResolutionDeg ?? 0.25;
  const ratio = Math.round(cres / res);
  if (Math.abs(ratio * res - cres) > 1e-9 || ratio < 1) throw new RangeError(`climate resolution ${cres}° must be a whole multiple of the NPP resolution ${res}°`);
  const zones = options.zones ?? loadChinaProvinces({ adcodes: options.adcodes ?? NORTHWEST_ADCODES });
  const grid = demoGrid(zones, res, cres);
  const climateGrid: GridGeometry = { ...grid, pixelWidth: cres, pixelHeight: cres, width: Math.round(grid.width / ratio), height: Math.round(grid.height / ratio) };
  const { zoneIndex } = rasterizeZones(zones.features, grid);
  const rand = mulberry32(options.seed ?? 20070217);
  const normal = gaussian(rand);

  // Static per-pixel fields.
  const n = grid.width * grid.height;
  const base = new Float32Array(n);
  const rel = new Float32Array(n);
  const wWeight = new Float32Array(n);
  const lonOf = (c: number) => grid.originX + (c + 0.5) * res;
  const latOf = (r: number) => grid.originY - (r + 0.5) * res;
  const inside = new Uint8Array(n); // 0 outside, 1 land, 2 water
  for (let r = 0, p = 0; r < grid.height; r++)
    for (let c = 0; c < grid.width; c++, p++) {
      if (zoneIndex[p] === 0) continue;
      const m = nppModel(lonOf(c), latOf(r));
      inside[p] = m.water ? 2 : 1;
      base[p] = m.baseGC;
      rel[p] = m.relTrendPerYear;
      wWeight[p] = m.waterWeight;
    }
  const cn = climateGrid.width * climateGrid.height;
  const clim: Climatology[] = new Array(cn);
  for (let r = 0, p = 0; r < climateGrid.height; r++)
    for (let c = 0; c < climateGrid.width; c++, p++) clim[p] = climatology(climateGrid.originX + (c + 0.5) * cres, climateGrid.originY - (r + 0.5) * cres);

  const files: Array<{ file: string; data: Uint8Array }> = [];
  const nppFiles: string[] = [];
  const temperatureFiles: string[] = [];
  const precipitationFiles: string[] = [];
  const years: number[] = [];
  const tag = "DEMO / synthetic (carbon-ledger demo vegetation model, NOT MODIS or observed data)";
  for (let year = y0; year <= y1; year++) {
    years.push(year);
    const pAnom = smoothField(rand, 0.15);
    const tAnom = smoothField(rand, 0.6);
    const dn = new Int16Array(n);
    for (let r = 0, p = 0; r < grid.height; r++) {
      const lat = latOf(r);
      for (let c = 0; c < grid.width; c++, p++) {
        if (inside[p] === 0) {
          dn[p] = DEMO_NPP_FILL_DN;
          continue;
        }
        const eps = normal(); // drawn for water pixels too, so the lakes do not shift the noise of other pixels
        if (inside[p] === 2) {
          dn[p] = DEMO_WATER_DN;
          continue;
        }
        const a = Math.max(-0.6, pAnom(lonOf(c), lat));
        const v = base[p] * (1 + rel[p] * (year - 2000)) * (1 + 0.5 * a * wWeight[p]) * (1 + 0.1 * eps);
        dn[p] = Math.max(0, Math.min(32700, Math.round(v / 0.1)));
      }
    }
    const nppFile = path.join(outDir, `npp_${year}.tif`);
    nppFiles.push(nppFile);
    files.push({ file: nppFile, data: encodeGeoTiff(grid, dn, { nodata: DEMO_NPP_FILL_DN, scale: 0.1, description: `${tag}: annual NPP ${year}, g C m-2 a-1 = DN x 0.1, fill 32767, water 32766 (MOD17A3HGF convention)` }) });
    for (let m = 0; m < 12; m++) {
      const t = new Int16Array(cn);
      const pr = new Int16Array(cn);
      for (let r = 0, p = 0; r < climateGrid.height; r++) {
        const lat = climateGrid.originY - (r + 0.5) * cres;
        for (let c = 0; c < climateGrid.width; c++, p++) {
          const lon = climateGrid.originX + (c + 0.5) * cres;
          const k = clim[p];
          const tC = k.tMeanC - k.amplitudeC * Math.cos((2 * Math.PI * m) / 12) + 0.03 * (year - 2000) + tAnom(lon, lat) + 0.8 * normal();
          const share = (1 + k.seasonality * Math.cos((2 * Math.PI * (m - 6)) / 12)) / 12;
          const pMm = k.pAnnualMm * share * Math.max(0.2, 1 + pAnom(lon, lat)) * Math.max(0, 1 + 0.3 * normal());
          t[p] = Math.round(tC / DEMO_CLIMATE_SCALE);
          pr[p] = Math.min(32767, Math.round(pMm / DEMO_CLIMATE_SCALE));
        }
      }
      const mm = String(m + 1).padStart(2, "0");
      const tf = path.join(outDir, "climate", `temperature_${year}_${mm}.tif`);
      const pf = path.join(outDir, "climate", `precipitation_${year}_${mm}.tif`);
      temperatureFiles.push(tf);
      precipitationFiles.push(pf);
      files.push({ file: tf, data: encodeGeoTiff(climateGrid, t, { nodata: DEMO_CLIMATE_NODATA_DN, scale: DEMO_CLIMATE_SCALE, description: `${tag}: monthly mean air temperature ${year}-${mm}, degC = DN x 0.1` }) });
      files.push({ file: pf, data: encodeGeoTiff(climateGrid, pr, { nodata: DEMO_CLIMATE_NODATA_DN, scale: DEMO_CLIMATE_SCALE, description: `${tag}: monthly precipitation ${year}-${mm}, mm = DN x 0.1` }) });
    }
  }
  writeFilesAtomic(files);
  return { nppFiles, temperatureFiles, precipitationFiles, grid, climateGrid, years };
}
