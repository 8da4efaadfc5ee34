import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { InputError } from "../util/errors";
import { parseCsv } from "../sources/csv";
import { yearFromFileName } from "../sources/raster-files";
import { writeFileAtomic, writeFilesAtomic } from "../util/atomic-write";
import { encodeGeoTiff, readRasterHeader, readStackHeaders, assertSameGrid, type RasterHeader, type ReadRasterOptions } from "../sources/geotiff";
import { trendOfSeries, type InterceptMethod, type TrendOptions } from "../vegetation/trend";
import { CLASS_NODATA, trendClassShares, trendOfStack } from "../vegetation/trend-raster";

interface TrendCliOptions {
  csv?: string;
  tif?: string[];
  out?: string;
  alpha: string;
  years?: string;
  minCount?: string;
  interceptMethod?: string;
  stableEpsilon?: string;
  modis?: boolean;
  scale?: string;
  offset?: string;
  nodata?: string[];
  workers?: string;
}

/** `carbon-ledger trend`: Theil–Sen + Mann–Kendall on CSV series or on a GeoTIFF stack. */
export function registerTrend(program: Command): void {
  program
    .command("trend")
    .description("Theil–Sen slope + Mann–Kendall test: per series of a CSV (--csv) or per pixel of a GeoTIFF stack (--tif)")
    .option("--csv <file>", "CSV: first column an id, other column headers are years, empty cell = missing")
    .option("--tif <files...>", "GeoTIFFs, one per year (year from a 4-digit year in the file name, or --years), or one multi-band file with --years")
    .option("--out <path>", "--csv: output CSV file; --tif: output directory (slope.tif, z.tif, p.tif, class.tif, summary.json)")
    .option("--alpha <a>", "two-sided significance level for the classes", "0.05")
    .option("--years <spec>", "years of the inputs, in order: 2007:2017 or 2007,2008,2010")
    .option("--min-count <n>", "minimum number of valid years per series/pixel (default 5, the smallest n that can reach p < 0.05)")
    .option("--intercept-method <m>", "Sen intercept: conover (median(x) − β·median(t)) or residual-median (median(x − β·t)); at the first year", "conover")
    .option("--stable-epsilon <e>", "five-class 'stable' band |slope| ≤ e (value units per year)", "0")
    .option("--modis", "MOD17A3HGF conventions: int16 DN × 0.1 = g C m-2 a-1; 32767 and 32761–32766 (DN > 32700) masked")
    .option("--scale <s>", "physical = DN × scale + offset (overrides the file's GDAL metadata)")
    .option("--offset <o>", "physical = DN × scale + offset")
    .option("--nodata <values...>", "extra DN values to treat as no data")
    .option("--workers <n>", "worker threads for --tif (default: one per core)")
    .action(async (opts: TrendCliOptions) => {
      if ((opts.csv === undefined) === (opts.tif === undefined)) throw new InputError("give exactly one of --csv FILE or --tif FILE…");
      if (!opts.out) throw new InputError("--out is required");
      const trendOptions = parseTrendOptions(opts);
      if (opts.csv !== undefined) await runCsv(opts.csv, opts.out, trendOptions);
      else await runTif(opts.tif!, opts.out, opts, trendOptions);
    });
}

function parseNumberOption(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === "" || !Number.isFinite(x)) throw new InputError(`${name} must be a number, got "${v}"`);
  return x;
}

function parseTrendOptions(opts: TrendCliOptions): TrendOptions {
  const alpha = parseNumberOption("--alpha", opts.alpha)!;
  if (!(alpha > 0 && alpha < 1)) throw new InputError(`--alpha must be between 0 and 1 (exclusive), got ${opts.alpha}`);
  const minCount = parseNumberOption("--min-count", opts.minCount);
  if (minCount !== undefined && !(Number.isInteger(minCount) && minCount >= 2)) throw new InputError(`--min-count must be an integer ≥ 2, got ${opts.minCount}`);
  const im = opts.interceptMethod ?? "conover";
  if (im !== "conover" && im !== "residual-median") throw new InputError(`--intercept-method must be conover or residual-median, got ${im}`);
  const eps = parseNumberOption("--stable-epsilon", opts.stableEpsilon) ?? 0;
  if (!(eps >= 0)) throw new InputError(`--stable-epsilon must be ≥ 0`);
  return { alpha, minCount, interceptMethod: im as InterceptMethod, stableSlopeEpsilon: eps };
}

/** "2007:2017" → [2007…2017]; "2007,2009" → [2007, 2009]. */
export function parseYearsSpec(spec: string): number[] {
  const range = /^\s*(-?\d+)\s*:\s*(-?\d+)\s*$/.exec(spec);
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    if (b < a) throw new InputError(`--years ${spec}: the end is before the start`);
    if (b - a > 10000) throw new InputError(`--years ${spec}: range too long`);
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const parts = spec.split(",").map((s) => s.trim());
  const ys = parts.map((p) => Number(p));
  if (parts.some((p) => p === "") || ys.some((y) => !Number.isFinite(y))) throw new InputError(`--years "${spec}": expected START:END or a comma-separated list of years`);
  for (let i = 1; i < ys.length; i++) if (!(ys[i] > ys[i - 1])) throw new InputError(`--years "${spec}": years must increase`);
  return ys;
}


function colName(i: number): string {
  let s = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function fmt(x: number): string {
  if (Number.isNaN(x)) return "";
  return String(Number(x.toPrecision(12)));
}

const CLASS_LABEL: Record<string, string> = { "1": "increasing", "0": "no trend", "-1": "decreasing", null: "no data" };

async function runCsv(file: string, out: string, options: TrendOptions): Promise<void> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read: ${(e as Error).message}`, { file, cause: e });
  }
  const rows = parseCsv(text, file);
  if (rows.length < 2) throw new InputError("expected a header row and at least one series", { file });
  const header = rows[0];
  if (header.length < 3) throw new InputError("expected an id column and at least two year columns", { file, place: "row 1" });
  const years: number[] = [];
  for (let c = 1; c < header.length; c++) {
    const h = header[c].trim();
    const y = Number(h);
    if (h === "" || !Number.isFinite(y)) throw new InputError(`column header "${header[c]}" is not a year`, { file, place: `cell ${colName(c)}1` });
    if (years.length && !(y > years[years.length - 1])) throw new InputError(`column years must increase (${years[years.length - 1]} then ${y})`, { file, place: `cell ${colName(c)}1` });
    years.push(y);
  }
  const lines = ["id,n,slope,intercept,s,var_s,z,p,class"];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== header.length) throw new InputError(`row has ${row.length} cells, the header has ${header.length}`, { file, place: `row ${r + 1}` });
    const values = new Float64Array(years.length);
    for (let c = 1; c < row.length; c++) {
      const t = row[c].trim();
      const v = t === "" ? NaN : Number(t);
      if (t !== "" && !Number.isFinite(v)) throw new InputError(`"${row[c]}" is not a number (leave the cell empty for a missing value)`, { file, place: `cell ${colName(c)}${r + 1} (id ${row[0]}, year ${years[c - 1]})` });
      values[c - 1] = v;
    }
    const t = trendOfSeries(years, values, options);
    lines.push([csvCell(row[0]), String(t.n), fmt(t.slope), fmt(t.intercept), fmt(t.s), fmt(t.varS), fmt(t.z), fmt(t.p), CLASS_LABEL[String(t.class3)]].join(","));
  }
  writeFileAtomic(out, lines.join("\n") + "\n");
}

// ------------------------------------------------------------------ GeoTIFF

function progressBar(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = -1;
  return (done, total) => {
    const pct = Math.floor((100 * done) / total);
    if (pct === last) return;
    last = pct;
    const w = 30;
    const f = Math.round((w * done) / total);
    process.stderr.write(`\rtrend [${"#".repeat(f)}${" ".repeat(w - f)}] ${String(pct).padStart(3)}% (${done}/${total} rows)${done === total ? "\n" : ""}`);
  };
}

async function runTif(files: string[], outDir: string, opts: TrendCliOptions, options: TrendOptions): Promise<void> {
  const read: ReadRasterOptions = {
    modis: opts.modis === true,
    scale: parseNumberOption("--scale", opts.scale),
    offset: parseNumberOption("--offset", opts.offset),
    nodata: (opts.nodata ?? []).map((v) => parseNumberOption("--nodata", v)!),
  };
  const workers = parseNumberOption("--workers", opts.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0)) throw new InputError(`--workers must be an integer ≥ 0`);
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) throw new InputError("--out must be a directory (it is a file)", { file: outDir });
  for (const f of files) if (!fs.existsSync(f)) throw new InputError("file not found", { file: f });

  let headers: RasterHeader[];
  let years: number[];
  if (files.length === 1) {
    // One file: its bands are the years (needs --years unless it has one band, which is an error anyway).
    const first = await readRasterHeader(files[0], { ...read, band: 0 });
    const bands = first.bands;
    if (bands < 2) throw new InputError("a single file needs several bands (one per year); give one file per year otherwise", { file: files[0] });
    if (!opts.years) throw new InputError("a multi-band file needs --years (one year per band)", { file: files[0] });
    years = parseYearsSpec(opts.years);
    if (years.length !== bands) throw new InputError(`--years gives ${years.length} years but the file has ${bands} bands`, { file: files[0] });
    headers = [first];
    for (let b = 1; b < bands; b++) headers.push(await readRasterHeader(files[0], { ...read, band: b }));
  } else {
    if (opts.years) {
      years = parseYearsSpec(opts.years);
      if (years.length !== files.length) throw new InputError(`--years gives ${years.length} years but ${files.length} files were given`);
      headers = await readStackHeaders(files, read);
    } else {
      const withYears = files.map((f) => {
        const y = yearFromFileName(f);
        if (y === undefined) throw new InputError("no single 4-digit year (19xx/20xx) in the file name: rename the file or give --years", { file: f });
        return { f, y };
      });
      withYears.sort((a, b) => a.y - b.y);
      for (let i = 1; i < withYears.length; i++)
        if (withYears[i].y === withYears[i - 1].y) throw new InputError(`two files for year ${withYears[i].y}: ${withYears[i - 1].f} and ${withYears[i].f}`, { file: withYears[i].f });
      years = withYears.map((w) => w.y);
      headers = await readStackHeaders(
        withYears.map((w) => w.f),
        read,
      );
    }
  }
  for (let i = 1; i < headers.length; i++) assertSameGrid(headers[0].file, headers[0].grid, headers[i].file, headers[i].grid);

  const t0 = Date.now();
  const result = await trendOfStack(headers, years, { ...options, workers, onProgress: progressBar() });
  const grid = result.grid;
  const shares = trendClassShares(result.class3, grid);
  const summary = {
    command: "carbon-ledger trend --tif",
    inputs: headers.map((h, k) => ({ file: h.file, band: h.band, year: years[k] })),
    grid,
    parameters: { ...options, minCount: options.minCount ?? 5, modis: read.modis, scale: headers[0].scale, offset: headers[0].offset },
    classes: { "1": "significant increase", "0": "no significant change", "-1": "significant decrease", [String(CLASS_NODATA)]: "no data (fewer valid years than minCount)" },
    pixelCounts: result.counts,
    areaShares: shares,
    seconds: (Date.now() - t0) / 1000,
  };
  const unit = headers[0].scale === 0.1 && read.modis ? "g C m-2 a-1 per year" : "value units per year";
  const outputs = [
    { file: path.join(outDir, "slope.tif"), data: encodeGeoTiff(grid, result.slope, { nodata: NaN, description: `Theil-Sen slope (${unit})` }) },
    { file: path.join(outDir, "z.tif"), data: encodeGeoTiff(grid, result.z, { nodata: NaN, description: "Mann-Kendall Z (continuity-corrected, tie-corrected variance)" }) },
    { file: path.join(outDir, "p.tif"), data: encodeGeoTiff(grid, result.p, { nodata: NaN, description: "Mann-Kendall two-sided p" }) },
    { file: path.join(outDir, "class.tif"), data: encodeGeoTiff(grid, result.class3, { nodata: CLASS_NODATA, description: `trend class at alpha=${options.alpha}: 1 increase, 0 none, -1 decrease, ${CLASS_NODATA} no data` }) },
    { file: path.join(outDir, "summary.json"), data: JSON.stringify(summary, null, 2) + "\n" },
  ];
  writeFilesAtomic(outputs);
  process.stderr.write(
    `trend: ${grid.width}×${grid.height} pixels × ${years.length} years → ${outDir}: increase ${(100 * shares.increase).toFixed(2)} %, no significant change ${(100 * shares.noChange).toFixed(2)} %, decrease ${(100 * shares.decrease).toFixed(2)} %, no data ${(100 * shares.noData).toFixed(2)} %\n`,
  );
}
