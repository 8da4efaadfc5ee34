/**
 * The study dataset: one entry point for notebooks, CLI and reports, switching between the
 * embedded demo dataset and a directory of real data.
 *
 *   const ds = await loadStudyDataset();                 // demo, or $CARBON_LEDGER_DATA when set
 *   const ds = await loadStudyDataset({ dataDir: "/data/ceads" });   // real data, laid out as data/README.md
 *   ds.caption                                            // print it under every demo figure
 *   const t = await ds.mrio(2017);                        // MrioTable, F in t CO2, F_Y households
 *   const veg = await ds.vegetation();                    // GeoTIFF file lists + grid
 *
 * Demo: national IO tables (real, harmonized, data/national-io), CEADs emissions (real,
 * data/emissions), estimated regionalization and inter-provincial trade (src/demo/economy.ts),
 * synthetic vegetation (src/demo/vegetation.ts). See data/demo/SOURCE.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { MrioTable } from "../mrio/types";
import { tableFromFrames } from "../mrio/table";
import type { GridGeometry } from "../vegetation/grid";
import { InputError } from "../util/errors";
import { loadRegions, type Province } from "../sources/regions";
import { parseCsv } from "../sources/csv";
import { asHarmonized, projectDataDir, readNationalIo, readSectors42, type Sector42 } from "../sources/national-io";
import { readPandasCsv } from "../sources/pandas-csv";
import { DEFAULT_REGIONALIZATION, regionalizeMrio, type DemoMrioTable, type ProvinceLocation, type RegionalizationOptions } from "../demo/economy";
import { provinceEmissionsForYear, readProvinceSectorEmissions, type ProvinceSectorEmission } from "../demo/emissions";

/** The five study years (MRIO table years). */
export const STUDY_YEARS: readonly number[] = [2007, 2010, 2012, 2015, 2017];

/** Caption every demo result must carry (issue 6). */
export const DEMO_CAPTION = "demo data: real CEADs emissions and national IO tables; estimated inter-provincial trade; synthetic vegetation";

/** Environment variable that points notebooks (Jupyter) at a real data directory. */
export const DATA_DIR_ENV = "CARBON_LEDGER_DATA";

/** Raster file lists of the vegetation side. */
export interface VegetationFiles {
  /** Annual NPP GeoTIFFs (MOD17A3HGF convention: int16 DN × 0.1 = g C m⁻² yr⁻¹). */
  readonly npp: ReadonlyArray<{ year: number; file: string }>;
  /** Monthly mean temperature GeoTIFFs. */
  readonly temperature: ReadonlyArray<{ year: number; month: number; file: string }>;
  /** Monthly precipitation GeoTIFFs. */
  readonly precipitation: ReadonlyArray<{ year: number; month: number; file: string }>;
  /** Grid of the NPP stack (read from the first file's header). */
  readonly grid: GridGeometry;
}

export interface SectorGroup {
  readonly name: string;
  readonly sectors: readonly string[];
}

export interface StudyDataset {
  readonly source: "demo" | "real";
  /** Caption for figures and reports ("" for real data). */
  readonly caption: string;
  /** The real data directory (undefined for the demo). */
  readonly dataDir: string | undefined;
  readonly years: readonly number[];
  /** 31 provinces (data/regions.csv). */
  readonly regions: readonly Province[];
  /** The 42 sectors of the demo (NBS 2017 numbering) with their reporting group. */
  readonly sectors: readonly Sector42[];
  /** Sector groups (METHODS.md §3.5; water with energy), in first-appearance order. */
  readonly sectorGroups: readonly SectorGroup[];
  /** The MRIO table of a study year; F in t CO2 (stressor "CO2"), F_Y = household direct emissions. */
  mrio(year: number): Promise<MrioTable>;
  /** Province × sector Scope-1 emissions (Mt CO2) behind F (demo: the committed CEADs table). */
  emissions(): Promise<readonly ProvinceSectorEmission[]>;
  vegetation(): Promise<VegetationFiles>;
}

export interface LoadStudyDatasetOptions {
  /** Real data directory; default $CARBON_LEDGER_DATA, else the demo dataset. */
  readonly dataDir?: string;
  /** Method choices of the demo regionalization (defaults: DEFAULT_REGIONALIZATION). */
  readonly regionalization?: RegionalizationOptions;
  /** Where the demo vegetation rasters are generated (default data/demo/generated/vegetation). */
  readonly generatedDir?: string;
}

/** Read data/demo/province-capitals.csv (lines starting with # are comments). */
export function readProvinceCapitals(file = path.join(projectDataDir(), "demo", "province-capitals.csv")): ProvinceLocation[] {
  const text = fs
    .readFileSync(file, "utf8")
    .split(/\r?\n/)
    .filter((l) => !l.startsWith("#"))
    .join("\n");
  const rows = parseCsv(text, file);
  const h = rows[0];
  const [iN, iLon, iLat] = ["name_en", "lon", "lat"].map((k) => {
    const i = h.indexOf(k);
    if (i < 0) throw new InputError(`missing column ${k}`, { file });
    return i;
  });
  return rows.slice(1).map((f, k) => {
    const lon = Number(f[iLon]);
    const lat = Number(f[iLat]);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new InputError(`bad coordinates`, { file, place: `data row ${k + 1}` });
    return { name: f[iN], lon, lat };
  });
}

function groupsOf(sectors: readonly Sector42[]): SectorGroup[] {
  const m = new Map<string, string[]>();
  for (const s of sectors) {
    if (!m.has(s.group)) m.set(s.group, []);
    m.get(s.group)!.push(s.code);
  }
  return [...m.entries()].map(([name, codes]) => ({ name, sectors: codes }));
}

const demoCache = new Map<string, Promise<DemoMrioTable>>();

/**
 * Build (or return the in-process memo of) the demo MRIO table of one year. Regeneration is
 * deterministic and takes ~0.1 s per year, about as long as reading a cached binary of the
 * 13 MB Z matrix, so nothing is written to disk (keeps data/demo/generated/ for the rasters).
 */
export function demoMrio(year: number, options: RegionalizationOptions = {}): Promise<DemoMrioTable> {
  if (!STUDY_YEARS.includes(year)) return Promise.reject(new InputError(`no demo MRIO table for ${year}; years: ${STUDY_YEARS.join(", ")}`));
  const key = JSON.stringify([year, { ...DEFAULT_REGIONALIZATION, ...options }]);
  let p = demoCache.get(key);
  if (!p) {
    p = (async () => {
      const sectors = readSectors42();
      const file = path.join(projectDataDir(), "national-io", `china-io-${year}-42.csv`);
      const national = asHarmonized(readNationalIo(file), sectors, year);
      const regions = loadRegions();
      const capitals = readProvinceCapitals();
      // Region order = data/regions.csv (adcode order); coordinates joined by English name.
      const provinces = regions.map((r) => {
        const c = capitals.find((q) => q.name === r.nameEn);
        if (!c) throw new InputError(`no capital coordinates for ${r.nameEn}`, { file: "data/demo/province-capitals.csv" });
        return c;
      });
      const emissions = provinceEmissionsForYear(readProvinceSectorEmissions(), year, sectors.map((s) => s.code));
      return regionalizeMrio(national, emissions, provinces, options);
    })();
    demoCache.set(key, p);
    p.catch(() => demoCache.delete(key));
  }
  return p;
}

function requireFile(file: string, what: string): void {
  if (!fs.existsSync(file)) throw new InputError(`missing ${what}: expected the file here (layout: data/README.md)`, { file });
}

/**
 * Load a real MRIO table from DIR/mrio/YYYY/ in pymrio's pandas CSV layout: Z.csv, Y.csv
 * (two header rows region/category), F.csv and optionally F_Y.csv (stressor rows) and x.csv.
 */
export function loadRealMrio(dataDir: string, year: number): MrioTable {
  const dir = path.join(dataDir, "mrio", String(year));
  const zf = path.join(dir, "Z.csv");
  const yf = path.join(dir, "Y.csv");
  const ff = path.join(dir, "F.csv");
  requireFile(zf, `MRIO intermediate matrix for ${year}`);
  requireFile(yf, `MRIO final demand for ${year}`);
  requireFile(ff, `emission extension F for ${year}`);
  const Z = readPandasCsv(zf);
  const Y = readPandasCsv(yf);
  const F = readPandasCsv(ff, { headerRows: 2, indexCols: stressorIndexCols(ff) });
  const fyFile = path.join(dir, "F_Y.csv");
  const F_Y = fs.existsSync(fyFile) ? readPandasCsv(fyFile, { headerRows: 2, indexCols: stressorIndexCols(fyFile) }) : undefined;
  // Label checks (same regions/sectors/categories in every block) are the engine's.
  const table = tableFromFrames({ Z, Y, F, F_Y }, { Z: zf, Y: yf, F: ff, F_Y: fyFile });
  const xFile = path.join(dir, "x.csv");
  const x = fs.existsSync(xFile) ? readPandasCsv(xFile, { headerRows: 1, indexCols: 2 }).values.data : undefined;
  if (x && x.length !== table.Z.rows) throw new InputError(`x.csv has ${x.length} rows, Z has ${table.Z.rows}`, { file: xFile });
  return { ...table, x, unit: table.unit ?? "10^4 yuan" };
}

/** Number of leading label columns of a stressor CSV: the count of leading empty cells in its first header row. */
function stressorIndexCols(file: string): number {
  const first = fs.readFileSync(file, "utf8").split(/\r?\n/, 1)[0].split(",");
  let k = 1;
  while (k < first.length && first[k] === "") k++;
  return k;
}

/**
 * Expected names of the real vegetation rasters under DIR (see data/README.md) — the same
 * names the demo generator writes, so one loader reads both.
 */
export const REAL_VEGETATION_LAYOUT = {
  npp: (year: number) => path.join("vegetation", `npp_${year}.tif`),
  temperature: (year: number, month: number) => path.join("vegetation", "climate", `temperature_${year}_${String(month).padStart(2, "0")}.tif`),
  precipitation: (year: number, month: number) => path.join("vegetation", "climate", `precipitation_${year}_${String(month).padStart(2, "0")}.tif`),
  nppYears: Array.from({ length: 21 }, (_, k) => 2000 + k),
};

async function realVegetation(dataDir: string): Promise<VegetationFiles> {
  const L = REAL_VEGETATION_LAYOUT;
  const npp = L.nppYears.map((year) => ({ year, file: path.join(dataDir, L.npp(year)) }));
  for (const f of npp) requireFile(f.file, `MODIS MOD17A3HGF annual NPP raster for ${f.year}`);
  const monthly = (kind: "temperature" | "precipitation") => {
    const out: Array<{ year: number; month: number; file: string }> = [];
    for (const year of L.nppYears) for (let month = 1; month <= 12; month++) out.push({ year, month, file: path.join(dataDir, L[kind](year, month)) });
    return out;
  };
  const temperature = monthly("temperature");
  const precipitation = monthly("precipitation");
  for (const f of [...temperature, ...precipitation]) requireFile(f.file, `monthly climate raster ${f.year}-${f.month}`);
  const { readRasterHeader } = require("../sources/geotiff") as typeof import("../sources/geotiff");
  const grid = (await readRasterHeader(npp[0].file)).grid;
  return { npp, temperature, precipitation, grid };
}

/**
 * Open the study dataset. `dataDir` (or $CARBON_LEDGER_DATA) selects real data laid out as
 * data/README.md describes; without either, the demo dataset. Missing real files raise an
 * InputError naming the expected path when the piece is first requested (mrio(year),
 * vegetation()); a dataDir that does not exist fails immediately.
 */
export async function loadStudyDataset(options: LoadStudyDatasetOptions = {}): Promise<StudyDataset> {
  const dataDir = options.dataDir ?? (process.env[DATA_DIR_ENV] ? process.env[DATA_DIR_ENV] : undefined);
  const regions = loadRegions();
  const sectors = readSectors42();
  const sectorGroups = groupsOf(sectors);
  if (dataDir === undefined) {
    const generatedDir = options.generatedDir ?? path.join(projectDataDir(), "demo", "generated", "vegetation");
    let veg: Promise<VegetationFiles> | undefined;
    return {
      source: "demo",
      caption: DEMO_CAPTION,
      dataDir: undefined,
      years: STUDY_YEARS,
      regions,
      sectors,
      sectorGroups,
      mrio: (year) => demoMrio(year, options.regionalization),
      emissions: async () => readProvinceSectorEmissions(),
      vegetation: () => (veg ??= demoVegetation(generatedDir)),
    };
  }
  const dir = path.resolve(dataDir);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new InputError(`real data directory does not exist (set by ${options.dataDir !== undefined ? "--data/dataDir" : DATA_DIR_ENV}; layout: data/README.md)`, { file: dir });
  return {
    source: "real",
    caption: "",
    dataDir: dir,
    years: STUDY_YEARS,
    regions,
    sectors,
    sectorGroups,
    mrio: async (year) => {
      if (!STUDY_YEARS.includes(year)) throw new InputError(`year ${year} is not a study year (${STUDY_YEARS.join(", ")})`);
      return loadRealMrio(dir, year);
    },
    emissions: async () => {
      const f = path.join(dir, "emissions", "ceads-province-sector.csv");
      requireFile(f, "province × sector emissions table (derive it with scripts/derive-data.ts --inventories DIR/inventories --out DIR)");
      return readProvinceSectorEmissions(f);
    },
    vegetation: () => realVegetation(dir),
  };
}

/**
 * Generate (once, cached on disk) the synthetic vegetation rasters and list them. Loaded on
 * demand so that MRIO-only users (and notebooks) do not load the raster stack.
 */
async function demoVegetation(outDir: string): Promise<VegetationFiles> {
  const { demoVegetationFiles } = require("./demo-vegetation") as typeof import("./demo-vegetation");
  return demoVegetationFiles(outDir);
}
