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
 *
 * Real data: every study year present under DIR/mrio/ (a pymrio CSV directory YYYY/ or a CEADs
 * workbook YYYY.xlsx) is loaded and put on ONE sector scheme and region set with harmonizeYears
 * (src/sources/harmonize.ts, docs/harmonize.md), so that years compare like with like; ds.sectors
 * and ds.sectorGroups describe that scheme (group concordance data/concordances/*_to_group7.csv).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { MrioTable } from "../mrio/types";
import { tableFromFrames } from "../mrio/table";
import type { GridGeometry } from "../vegetation/grid";
import { InputError } from "../util/errors";
import { loadRegions, type Province } from "../sources/regions";
import { parseCsv, readCsvRecords, splitCsvLine } from "../sources/csv";
import { asHarmonized, projectDataDir, readNationalIo, readSectors42, type Sector42 } from "../sources/national-io";
import { readPandasCsv } from "../sources/pandas-csv";
import { DEFAULT_REGIONALIZATION, regionalizeMrio, type DemoMrioTable, type ProvinceLocation, type RegionalizationOptions } from "../demo/economy";
import { provinceEmissionsForYear, readProvinceSectorEmissions, type ProvinceSectorEmission } from "../demo/emissions";
import { detectSectorScheme, harmonizeYears, type HarmonizedTable, type HarmonizeYearsOptions, type HarmonizeYearsReport, type RegionHandling, type SectorScheme } from "../sources/harmonize";
import { CONCORDANCE_DIR, readConcordance, readSectorList, resolveConcordance } from "../sources/concordance";
import { emissionExtensionForFrames, emissionExtensionFromInventory, type EmissionExtension } from "./extension";
import type { AxisIndex } from "../mrio/types";
import type { PandasFrame } from "../sources/pandas-csv";
import type { CeadsMrioTable } from "../sources/ceads-mrio";

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
  /**
   * Provinces of the tables (data/regions.csv rows): the demo's 31; real data: the 30 without
   * Tibet under the default `regions: "drop-tibet"`, all 31 with "keep".
   */
  readonly regions: readonly Province[];
  /**
   * Sectors of the tables' scheme with their reporting group; `code` is the label in the
   * tables' `sectors`. Demo: the 42 sectors (NBS 2017 numbering); real data: the harmonized scheme.
   */
  readonly sectors: readonly Sector42[];
  /** Sector groups (METHODS.md §3.5; water with energy by default), in first-appearance order; sector codes as in the tables. */
  readonly sectorGroups: readonly SectorGroup[];
  /** Sector scheme of `sectors` (the demo's 42 sectors are the NBS 2017 numbering, "42-2017"). */
  readonly sectorScheme: SectorScheme;
  /** The MRIO table of a study year; F in t CO2 (stressor "CO2"), F_Y = household direct emissions. Real data: harmonized. */
  mrio(year: number): Promise<MrioTable>;
  /** Real data: how the years were put on one scheme and region set (loads every year; harmonizeYears' report, incl. what left with Tibet). Demo: undefined. */
  harmonization(): Promise<HarmonizeYearsReport | undefined>;
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
  /**
   * Real data: the one sector scheme every year is put on ("30", "42-2012", "42-2017"). Default:
   * the finest scheme all present years share, as harmonizeYears chooses — "30" when any year
   * is a 30-sector table (2007/2010; a 30-sector table cannot be split), else "42-2017".
   */
  readonly sectorScheme?: SectorScheme;
  /**
   * Real data: Tibet handling, default "drop-tibet": the 2007/2010 tables and the CEADs
   * inventories have no Tibet, so keeping it would give years with different province sets (the
   * harmonizer refuses) and a province with f = 0 (no inventory). "keep" only when every year has it.
   */
  readonly regions?: RegionHandling;
  /** Real data: the other harmonization choices (droppedPurchases, droppedSales, concordanceOptions, splitReference, fromSchemes…; defaults of harmonizeYears, docs/harmonize.md). concordanceOptions also select the sector groups (e.g. water). */
  readonly harmonize?: Omit<HarmonizeYearsOptions, "sectorScheme" | "regions" | "sectorLabels" | "provinces" | "file">;
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
 * (two header rows region/category), F.csv and optionally F_Y.csv (stressor rows), x.csv and
 * exports.csv (as `carbon-ledger ceads mrio` writes them). The year's table as it is (not harmonized).
 */
export function loadRealMrio(dataDir: string, year: number): MrioTable {
  return csvMrio(dataDir, year);
}

/** The CSV table of a year; F/F_Y from `ext` (computed from an inventory) instead of F.csv when given. */
function csvMrio(dataDir: string, year: number, ext?: EmissionExtension): MrioTable {
  const dir = path.join(dataDir, "mrio", String(year));
  const zf = path.join(dir, "Z.csv");
  const yf = path.join(dir, "Y.csv");
  const ff = path.join(dir, "F.csv");
  requireFile(zf, `MRIO intermediate matrix for ${year} (or the CEADs workbook ${path.join(dataDir, "mrio", `${year}.xlsx`)})`);
  requireFile(yf, `MRIO final demand for ${year}`);
  if (!ext) requireFile(ff, `emission extension F for ${year} (or the CEADs inventory ${inventoryFile(dataDir, year)}, from which it is computed)`);
  const Z = readPandasCsv(zf);
  const Y = readPandasCsv(yf);
  const F = ext ? ext.F : readPandasCsv(ff, { headerRows: 2, indexCols: stressorIndexCols(ff) });
  const fyFile = path.join(dir, "F_Y.csv");
  const F_Y = ext ? ext.F_Y : fs.existsSync(fyFile) ? readPandasCsv(fyFile, { headerRows: 2, indexCols: stressorIndexCols(fyFile) }) : undefined;
  // Label checks (same regions/sectors/categories in every block) are the engine's.
  const table = tableFromFrames({ Z, Y, F, F_Y }, { Z: zf, Y: yf, F: ext ? zf : ff, F_Y: ext ? yf : fyFile });
  const column = (name: string) => {
    const f = path.join(dir, name);
    const v = fs.existsSync(f) ? readPandasCsv(f, { headerRows: 1, indexCols: 2 }).values.data : undefined;
    if (v && v.length !== table.Z.rows) throw new InputError(`${name} has ${v.length} rows, Z has ${table.Z.rows}`, { file: f });
    return v;
  };
  const x = column("x.csv");
  // exports.csv: the CEADs export column as `ceads mrio` writes it (kept out of Y there).
  const exports = table.exports ?? column("exports.csv");
  return { ...table, x, exports, unit: table.unit ?? "10^4 yuan" };
}

/** DIR/inventories/Emission_Inventories_for_30_Provinces_YYYY.xlsx (the CEADs file name). */
function inventoryFile(dataDir: string, year: number): string {
  return path.join(dataDir, "inventories", `Emission_Inventories_for_30_Provinces_${year}.xlsx`);
}

/** Where a year's table comes from: a pymrio CSV directory (wins when its Z.csv exists) or a CEADs workbook. */
type RealYearSource = { readonly kind: "csv" | "xlsx"; readonly file: string };

function realYearSource(dataDir: string, year: number): RealYearSource | undefined {
  const z = path.join(dataDir, "mrio", String(year), "Z.csv");
  if (fs.existsSync(z)) return { kind: "csv", file: z };
  const w = path.join(dataDir, "mrio", `${year}.xlsx`);
  if (fs.existsSync(w)) return { kind: "xlsx", file: w };
  return undefined;
}

/** (region, sector) and (region, category) frames of a workbook table, labelled as `ceads mrio` writes them. */
function workbookFrames(t: CeadsMrioTable): { Z: PandasFrame; Y: PandasFrame } {
  const rs: AxisIndex = { names: ["region", "sector"], keys: t.regions.flatMap((r) => t.sectors.map((s) => [r, s])) };
  const rc: AxisIndex = { names: ["region", "category"], keys: t.regions.flatMap((r) => t.categories.map((c) => [r, c])) };
  return { Z: { index: rs, columns: rs, values: t.Z }, Y: { index: rs, columns: rc, values: t.Y } };
}

/**
 * A year given as a CEADs workbook DIR/mrio/YYYY.xlsx (readCeadsMrio), with F from
 * DIR/mrio/YYYY/F.csv [+ F_Y.csv] (labels as `ceads mrio` writes: canonical province, sector as in
 * the workbook), else from the CEADs inventory of the year (emissionExtensionForFrames).
 */
async function workbookMrio(dataDir: string, year: number, t: CeadsMrioTable, scheme: SectorScheme): Promise<MrioTable> {
  const dir = path.join(dataDir, "mrio", String(year));
  const ff = path.join(dir, "F.csv");
  const fyFile = path.join(dir, "F_Y.csv");
  const inv = inventoryFile(dataDir, year);
  const frames = workbookFrames(t);
  let F: PandasFrame, F_Y: PandasFrame | undefined;
  if (fs.existsSync(ff)) {
    F = readPandasCsv(ff, { headerRows: 2, indexCols: stressorIndexCols(ff) });
    F_Y = fs.existsSync(fyFile) ? readPandasCsv(fyFile, { headerRows: 2, indexCols: stressorIndexCols(fyFile) }) : undefined;
  } else if (fs.existsSync(inv)) {
    const ext = await emissionExtensionForFrames({ ...frames, x: t.x }, { inventoryFile: inv, year, scheme, file: t.file });
    [F, F_Y] = [ext.F, ext.F_Y];
  } else {
    requireFile(ff, `emission extension F for the workbook ${t.file} (or the CEADs inventory ${inv}, from which it is computed)`);
    throw new Error("unreachable");
  }
  const checked = tableFromFrames({ ...frames, F, F_Y }, { Z: t.file, Y: t.file, F: ff, F_Y: fyFile });
  return { ...t, F: checked.F, F_Y: checked.F_Y };
}

/**
 * Sector labels of a pandas Z.csv from its first two header rows only (region row, sector row),
 * so that opening a dataset does not parse five 30 MB matrices; undefined when the header is not
 * the plain pymrio layout (the caller then reads the file).
 */
function peekCsvSectors(file: string): string[] | undefined {
  const fd = fs.openSync(file, "r");
  try {
    const chunk = Buffer.alloc(1 << 16);
    const parts: Buffer[] = [];
    let inQuote = false, lines = 0, end = -1, total = 0;
    while (end < 0 && total < 1 << 26) {
      const got = fs.readSync(fd, chunk, 0, chunk.length, total);
      if (got === 0) break;
      for (let i = 0; i < got && end < 0; i++) {
        const c = chunk[i];
        if (c === 0x22) inQuote = !inQuote;
        else if (c === 0x0a && !inQuote && ++lines === 2) end = total + i;
      }
      parts.push(Buffer.from(chunk.subarray(0, got)));
      total += got;
    }
    if (end < 0) return undefined;
    const rows = parseCsv(Buffer.concat(parts).subarray(0, end).toString("utf8"), file);
    if (rows.length < 2 || rows[0].length < 3 || rows[0].length !== rows[1].length) return undefined;
    const out: string[] = [];
    for (let j = 2; j < rows[0].length && rows[0][j] === rows[0][2]; j++) out.push(rows[1][j]);
    return out.length > 0 ? out : undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Sector labels of a Z.csv read in full (the engine's label checks apply). */
function zSectors(file: string): string[] {
  const keys = readPandasCsv(file).index.keys;
  if (keys.length === 0) throw new InputError("Z.csv has no rows", { file });
  return keys.filter((k) => k[0] === keys[0][0]).map((k) => k[1]);
}

const GROUP_CONCORDANCE: Record<SectorScheme, string> = { "30": "io30_to_group7", "42-2012": "io42_2012_to_group7", "42-2017": "io42_2017_to_group7" };
const SECTOR_LIST: Record<SectorScheme, string> = { "30": "sectors_io30", "42-2012": "sectors_io42_2012", "42-2017": "sectors_io42_2017" };

/**
 * The sectors of a scheme (data/concordances/sectors_*.csv) with their reporting group from the
 * scheme's group concordance (`*_to_group7.csv`, group names from groups7.csv; option links such
 * as water=energy|services resolved with `concordanceOptions`, defaults DEFAULT_CONCORDANCE_OPTIONS).
 * METHODS.md §3.5. Every sector must fall in exactly one group.
 */
export function schemeSectors(scheme: SectorScheme, concordanceOptions: Readonly<Record<string, string>> = {}): Sector42[] {
  const conc = readConcordance(GROUP_CONCORDANCE[scheme]);
  const links = resolveConcordance(conc, concordanceOptions);
  const groupsFile = path.join(CONCORDANCE_DIR, "groups7.csv");
  const names = new Map(readCsvRecords(groupsFile, ["code", "name_en"]).map((r) => [r.code, r.name_en]));
  return readSectorList(SECTOR_LIST[scheme]).map((e) => {
    const to = links.get(e.code) ?? [];
    if (to.length !== 1) throw new InputError(`sector ${e.code} "${e.nameEn}" is in ${to.length} groups, expected exactly one`, { file: conc.file });
    const group = names.get(to[0]);
    if (group === undefined) throw new InputError(`group "${to[0]}" is not in groups7.csv`, { file: conc.file, place: `sector ${e.code}` });
    return { code: e.code, nameEn: e.nameEn, nameZh: e.nameZh, group };
  });
}

/** The common scheme harmonizeYears picks when none is given (mirrors its rule, checked after harmonizing). */
function defaultScheme(schemes: readonly SectorScheme[]): SectorScheme {
  return schemes.includes("30") ? "30" : "42-2017";
}

/** Number of leading label columns of a stressor CSV: the count of leading empty cells in its first header row. */
function stressorIndexCols(file: string): number {
  const first = splitCsvLine(fs.readFileSync(file, "utf8").split(/\r?\n/, 1)[0], file, "line 1");
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
 *
 * Real data: `years` are the study years present under DIR/mrio/ (YYYY/Z.csv or YYYY.xlsx). Their
 * sector schemes are detected when the dataset is opened (from the Z.csv header; a workbook is
 * read then, unless `sectorScheme` is given); the first mrio() call loads every year and
 * harmonizes them together (harmonizeYears: one scheme, one region set, sectors labelled by
 * code), so every year's table has the sectors of `ds.sectors` and the provinces of `ds.regions`.
 */
export async function loadStudyDataset(options: LoadStudyDatasetOptions = {}): Promise<StudyDataset> {
  const dataDir = options.dataDir ?? (process.env[DATA_DIR_ENV] ? process.env[DATA_DIR_ENV] : undefined);
  const allRegions = loadRegions();
  if (dataDir === undefined) {
    const sectors = readSectors42();
    const generatedDir = options.generatedDir ?? path.join(projectDataDir(), "demo", "generated", "vegetation");
    let veg: Promise<VegetationFiles> | undefined;
    return {
      source: "demo",
      caption: DEMO_CAPTION,
      dataDir: undefined,
      years: STUDY_YEARS,
      regions: allRegions,
      sectors,
      sectorGroups: groupsOf(sectors),
      sectorScheme: "42-2017",
      mrio: (year) => demoMrio(year, options.regionalization),
      harmonization: async () => undefined,
      emissions: async () => readProvinceSectorEmissions(),
      vegetation: () => (veg ??= demoVegetation(generatedDir)),
    };
  }
  const dir = path.resolve(dataDir);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new InputError(`real data directory does not exist (set by ${options.dataDir !== undefined ? "--data/dataDir" : DATA_DIR_ENV}; layout: data/README.md)`, { file: dir });

  const regionHandling: RegionHandling = options.regions ?? "drop-tibet";
  const hopts = options.harmonize ?? {};
  const sources = new Map<number, RealYearSource>();
  for (const y of STUDY_YEARS) {
    const src = realYearSource(dir, y);
    if (src) sources.set(y, src);
  }
  const years = [...sources.keys()];
  // Workbooks read once: for the scheme now (when needed) and for the tables later.
  const workbooks = new Map<number, Promise<CeadsMrioTable>>();
  const workbook = (y: number): Promise<CeadsMrioTable> => {
    let p = workbooks.get(y);
    if (!p) {
      const { readCeadsMrio } = require("../sources/ceads-mrio") as typeof import("../sources/ceads-mrio");
      workbooks.set(y, (p = readCeadsMrio(sources.get(y)!.file, { year: y })));
      p.catch(() => workbooks.delete(y));
    }
    return p;
  };
  const fromSchemes = new Map<number, SectorScheme>();
  for (const y of years) {
    const given = hopts.fromSchemes?.get(y);
    if (given) {
      fromSchemes.set(y, given);
      continue;
    }
    const src = sources.get(y)!;
    if (src.kind === "xlsx" && options.sectorScheme !== undefined) continue; // detected when the workbook is read
    // Only the labels are read by detectSectorScheme.
    const labels = src.kind === "csv" ? peekCsvSectors(src.file) ?? zSectors(src.file) : undefined;
    const t = labels ? ({ sectors: labels } as unknown as MrioTable) : await workbook(y);
    fromSchemes.set(y, detectSectorScheme(t, src.file).scheme);
  }
  const scheme: SectorScheme = options.sectorScheme ?? defaultScheme([...fromSchemes.values()]);
  const sectors = schemeSectors(scheme, hopts.concordanceOptions);
  const regions = regionHandling === "drop-tibet" ? allRegions.filter((p) => p.nameEn !== "Tibet") : allRegions;

  let all: Promise<{ tables: Map<number, HarmonizedTable>; report: HarmonizeYearsReport }> | undefined;
  const harmonized = () => {
    if (!all) {
      all = (async () => {
        const raw = new Map<number, MrioTable>();
        for (const y of years) {
          const src = sources.get(y)!;
          if (src.kind === "xlsx") {
            const t = await workbook(y);
            const s = fromSchemes.get(y) ?? detectSectorScheme(t, src.file).scheme;
            fromSchemes.set(y, s);
            raw.set(y, await workbookMrio(dir, y, t, s));
          } else if (!fs.existsSync(path.join(dir, "mrio", String(y), "F.csv")) && fs.existsSync(inventoryFile(dir, y))) {
            const ext = await emissionExtensionFromInventory({ mrioDir: path.dirname(src.file), inventoryFile: inventoryFile(dir, y), year: y, scheme: fromSchemes.get(y) });
            raw.set(y, csvMrio(dir, y, ext));
          } else raw.set(y, csvMrio(dir, y));
        }
        const h = harmonizeYears(raw, {
          ...hopts,
          sectorScheme: options.sectorScheme,
          regions: regionHandling,
          sectorLabels: "code",
          fromSchemes,
          provinces: allRegions,
          file: path.join(dir, "mrio"),
        });
        // The sectors announced when the dataset was opened must be those of the tables.
        if (h.scheme !== scheme) throw new Error(`internal: harmonizeYears chose ${h.scheme}, the dataset announced ${scheme}`);
        workbooks.clear();
        return { tables: h.tables, report: h.report };
      })();
      all.catch(() => (all = undefined)); // a file added later is picked up by the next call
    }
    return all;
  };
  return {
    source: "real",
    caption: "",
    dataDir: dir,
    years,
    regions,
    sectors,
    sectorGroups: groupsOf(sectors),
    sectorScheme: scheme,
    mrio: async (year) => {
      if (!STUDY_YEARS.includes(year)) throw new InputError(`year ${year} is not a study year (${STUDY_YEARS.join(", ")})`);
      if (!sources.has(year)) {
        requireFile(path.join(dir, "mrio", String(year), "Z.csv"), `MRIO table for ${year}: a pymrio CSV directory mrio/${year}/ (Z.csv, Y.csv, F.csv) or the CEADs workbook ${path.join(dir, "mrio", `${year}.xlsx`)}`);
      }
      return (await harmonized()).tables.get(year)!;
    },
    harmonization: async () => (await harmonized()).report,
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
