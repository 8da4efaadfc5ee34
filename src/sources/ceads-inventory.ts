/**
 * CEADs provincial CO2 emission inventories (Emission_Inventories_for_30_Provinces_YYYY.xlsx,
 * Mt CO2; Shan et al. 2016, 2018, 2020; Guan et al. 2021) → tidy records, and → emissions by
 * IO sector through the concordances in data/concordances/. Usage:
 *
 *   const records = await readCeadsInventory(".../Emission_Inventories_for_30_Provinces_2017.xlsx");
 *   // 30 provinces × (45 sectors + Urban + Rural) = 1410 records; the total row is checked, not returned
 *   const io = inventoryToIoSectors(records, { scheme: "42-2017" });
 *   io.industry    // [{ year, province, ioCode, ioSector, emissionsMt }], households excluded
 *   io.households  // [{ year, province, household: "Urban" | "Rural", emissionsMt }]
 *   ioEmissionsMatrix(io, 2017).valuesMt  // provinces × IO sectors, row-major
 *
 * Closure self-test (METHODS.md §5): in every sheet the total row must equal the 45 production
 * sectors + Urban + Rural, column by column, within `closureAbsoluteMt`/`closureRelative`.
 * A failing sheet is an InputError by default (`onClosureFailure: "error"`); with
 * `onClosureFailure: "report"` the records are returned and readCeadsInventoryReport lists
 * every failing sheet and column in `closureFailures` — a sheet is never silently dropped.
 */
import * as path from "node:path";
import { InputError } from "../util/errors";
import { compactLabel, normalizeLabel, readConcordance, readSectorList, resolveConcordance, SectorEntry } from "./concordance";
import { findProvince, loadRegions, Province } from "./regions";
import { CellValue, cellRef, columnLetters, describeCell, streamWorkbook } from "./xlsx";

/** One row of one province sheet (a production sector or a household row). */
export interface InventoryRecord {
  year: number;
  /** Canonical English province name (data/regions.csv), e.g. "Inner Mongolia". */
  province: string;
  /** Sector label as in the file, trimmed, inner whitespace collapsed ("Urban"/"Rural" for households). */
  sector: string;
  /** 1..45 for production sectors in file order, 0 for households. */
  sectorIndex: number;
  isHousehold: boolean;
  /** The `Scope 1 Total` column, Mt CO2. */
  scope1TotalMt: number;
  /** Every value column by canonical header key (KNOWN_INVENTORY_COLUMNS, e.g. "raw_coal", "scope_1_total"), Mt CO2. */
  values: Record<string, number>;
}

/**
 * Canonical keys of the inventory value columns in file order (METHODS.md §4.1, §5). Headers
 * are matched ignoring case, spaces, underscores and punctuation, so "Scope_1_Total",
 * "Scope 1 Total" and "CleanedCoal" all match. Unknown extra columns keep a key derived from
 * their header text (normalised, spaces → underscores) and are reported in `warnings`.
 */
export const KNOWN_INVENTORY_COLUMNS: readonly string[] = [
  "raw_coal", "cleaned_coal", "other_washed_coal", "briquettes", "coke", "coke_oven_gas", "other_gas",
  "other_coking_products", "crude_oil", "gasoline", "kerosene", "diesel_oil", "fuel_oil", "lpg",
  "refinery_gas", "other_petroleum_products", "natural_gas", "scope_2_heat", "scope_2_electricity",
  "other_energy", "process", "scope_1_total",
];
const COLUMN_BY_COMPACT = new Map(KNOWN_INVENTORY_COLUMNS.map((k) => [compactLabel(k), k]));
/** Labels of the total row seen in the real files ("Total Consumption", "Total Emissions", "TotalEmissions"). */
const TOTAL_ROW_LABELS = new Set(["totalconsumption", "totalemissions", "total", "totalemission"]);
const HOUSEHOLD_LABELS = new Map([["urban", "Urban"], ["rural", "Rural"]]);

export interface InventoryReadOptions {
  /** Closure tolerance, absolute (Mt CO2). Default 1e-6: the real files close to ~1e-13. */
  closureAbsoluteMt?: number;
  /** Closure tolerance relative to |total|. Default 1e-6. A column passes if within either bound. */
  closureRelative?: number;
  /** "error" (default): a sheet failing closure is an InputError. "report": records are returned, failures listed. */
  onClosureFailure?: "error" | "report";
  /** Blank cells inside the value block: "error" (default; the real files have explicit zeros) or "zero". */
  blankCells?: "error" | "zero";
  /** Number of production sectors expected per sheet (default 45). */
  expectedSectors?: number;
  /** Province table (default loadRegions()). */
  regions?: readonly Province[];
}

/** One column of one sheet whose total row does not equal the sum of its rows. */
export interface ClosureFailure {
  sheet: string;
  province: string;
  column: string;
  /** A1 cell of the total row in that column. */
  cell: string;
  totalMt: number;
  sumOfRowsMt: number;
  differenceMt: number;
}

export interface InventorySheetSummary {
  sheet: string;
  province: string;
  year: number;
  productionSectors: number;
  /** Largest |total − Σ rows| over all columns, Mt. */
  worstClosureDifferenceMt: number;
  closureOk: boolean;
}

export interface InventoryReadReport {
  file: string;
  year: number;
  records: InventoryRecord[];
  sheets: InventorySheetSummary[];
  closureFailures: ClosureFailure[];
  /** Things a reviewer should know that did not stop reading (ignored sheets, extra columns, missing unit row). */
  warnings: string[];
}

/** Year from a CEADs inventory file name (…_YYYY.xlsx, any case), or undefined. */
export function yearFromFileName(file: string): number | undefined {
  const m = /(?:^|[^0-9])((?:19|20)\d{2})\.xlsx$/i.exec(path.basename(file));
  return m ? Number(m[1]) : undefined;
}

/** Split a sheet name like "InnerMongolia2017" or "Shaanxi_2017" into (name, year); undefined if no trailing year. */
export function splitSheetName(sheet: string): { name: string; year: number } | undefined {
  const m = /^(.*?)[\s_-]*((?:19|20)\d{2})\s*$/.exec(sheet);
  if (!m || m[1].trim() === "") return undefined;
  return { name: m[1].trim(), year: Number(m[2]) };
}

function cleanLabel(v: CellValue): string {
  return typeof v === "string" ? v.replace(/\s+/g, " ").trim() : v === null ? "" : String(v);
}

function columnKey(header: string): string {
  return COLUMN_BY_COMPACT.get(compactLabel(header)) ?? normalizeLabel(header).replace(/[^\p{L}\p{N}]+/gu, "_").replace(/^_|_$/g, "");
}

/** Rows of one sheet kept for parsing (province sheets are ~51 × 23 cells). */
type SheetRows = Map<number, readonly CellValue[]>;

function parseProvinceSheet(
  file: string,
  sheet: string,
  province: string,
  year: number,
  rows: SheetRows,
  opts: Required<Pick<InventoryReadOptions, "closureAbsoluteMt" | "closureRelative" | "blankCells" | "expectedSectors">>,
  warnings: string[],
): { records: InventoryRecord[]; failures: ClosureFailure[]; summary: InventorySheetSummary } {
  const rowNumbers = [...rows.keys()].sort((a, b) => a - b);
  // Header row: the first row holding a "Scope 1 Total" header (any spelling).
  let headerRow = -1;
  let scope1Col = -1;
  for (const r of rowNumbers.slice(0, 20)) {
    const cells = rows.get(r)!;
    const c = cells.findIndex((v) => typeof v === "string" && compactLabel(v) === "scope1total");
    if (c > 0) {
      headerRow = r;
      scope1Col = c;
      break;
    }
  }
  if (headerRow < 0) throw new InputError('no header row with a "Scope 1 Total" column in the first 20 rows', { file, place: `sheet ${sheet}` });
  const header = rows.get(headerRow)!;
  // Value columns: every text header to the right of the label column. The label column is
  // the one holding the total row's label; find that first.
  let totalRow = -1;
  let labelCol = -1;
  for (const r of rowNumbers) {
    if (r <= headerRow) continue;
    const cells = rows.get(r)!;
    const c = cells.findIndex((v) => typeof v === "string" && TOTAL_ROW_LABELS.has(compactLabel(v)));
    if (c > 0) {
      totalRow = r;
      labelCol = c;
      break;
    }
  }
  if (totalRow < 0) throw new InputError('no total row ("Total Consumption" / "Total Emissions") below the header row', { file, place: `sheet ${sheet}` });
  if (labelCol >= scope1Col) throw new InputError(`the row labels (column ${columnLetters(labelCol)}) are not left of the value columns`, { file, place: `sheet ${sheet}` });
  const columns: Array<{ col: number; key: string; header: string }> = [];
  const seenKeys = new Set<string>();
  for (let c = labelCol + 1; c < header.length; c++) {
    const h = header[c];
    if (h === null || h === undefined || (typeof h === "string" && h.trim() === "")) continue;
    const text = String(h);
    const key = columnKey(text);
    if (seenKeys.has(key)) throw new InputError(`duplicated column header "${text}"`, { file, place: cellRef(sheet, headerRow, c) });
    seenKeys.add(key);
    if (!KNOWN_INVENTORY_COLUMNS.includes(key)) warnings.push(`${file}, sheet ${sheet}: extra column "${text}" read as "${key}"`);
    columns.push({ col: c, key, header: text });
  }
  for (const k of KNOWN_INVENTORY_COLUMNS) {
    if (!seenKeys.has(k)) throw new InputError(`missing column "${k.replace(/_/g, " ")}" in the header row`, { file, place: `sheet ${sheet}, row ${headerRow}` });
  }
  // Unit row(s) between header and total: any text under a value column must say Mt CO2.
  let sawUnit = false;
  for (const r of rowNumbers) {
    if (r <= headerRow || r >= totalRow) continue;
    const cells = rows.get(r)!;
    for (const { col } of columns) {
      const v = cells[col];
      if (typeof v === "string" && v.trim() !== "") {
        if (compactLabel(v) !== "mtco2") throw new InputError(`unit "${v}" is not Mt CO2`, { file, place: cellRef(sheet, r, col) });
        sawUnit = true;
      }
    }
  }
  if (!sawUnit) warnings.push(`${file}, sheet ${sheet}: no unit row between header and total row; assuming Mt CO2`);

  const readValues = (r: number): Record<string, number> => {
    const cells = rows.get(r)!;
    const out: Record<string, number> = {};
    for (const { col, key } of columns) {
      const v = cells[col] ?? null;
      if (typeof v === "number" && Number.isFinite(v)) out[key] = v;
      else if (v === null && opts.blankCells === "zero") out[key] = 0;
      else throw new InputError(`expected a number (Mt CO2), found ${describeCell(v)}`, { file, place: cellRef(sheet, r, col) });
    }
    return out;
  };

  const totals = readValues(totalRow);
  const records: InventoryRecord[] = [];
  const seenSectors = new Set<string>();
  let production = 0;
  let households = 0;
  for (const r of rowNumbers) {
    if (r <= totalRow) continue;
    const label = cleanLabel(rows.get(r)![labelCol] ?? null);
    if (label === "") {
      const nonBlank = rows.get(r)!.findIndex((v, c) => c > labelCol && v !== null && v !== undefined && !(typeof v === "string" && v.trim() === ""));
      if (nonBlank > 0) throw new InputError("values in a row without a sector label", { file, place: cellRef(sheet, r, labelCol) });
      continue;
    }
    const hh = HOUSEHOLD_LABELS.get(compactLabel(label));
    if (hh === undefined && households > 0) throw new InputError(`unexpected row "${label}" after the household rows`, { file, place: cellRef(sheet, r, labelCol) });
    const key = compactLabel(label);
    if (seenSectors.has(key)) throw new InputError(`duplicated sector row "${label}"`, { file, place: cellRef(sheet, r, labelCol) });
    seenSectors.add(key);
    const values = readValues(r);
    if (hh === undefined) production++;
    else households++;
    records.push({
      year,
      province,
      sector: hh ?? label,
      sectorIndex: hh === undefined ? production : 0,
      isHousehold: hh !== undefined,
      scope1TotalMt: values.scope_1_total,
      values,
    });
  }
  if (production !== opts.expectedSectors) {
    throw new InputError(`expected ${opts.expectedSectors} production sector rows below the total row, found ${production}`, { file, place: `sheet ${sheet}` });
  }
  for (const hh of HOUSEHOLD_LABELS.values()) {
    if (!records.some((x) => x.sector === hh)) throw new InputError(`missing household row "${hh}"`, { file, place: `sheet ${sheet}` });
  }
  // Closure: total row = Σ production + Urban + Rural, column by column.
  const failures: ClosureFailure[] = [];
  let worst = 0;
  for (const { col, key } of columns) {
    let sum = 0;
    for (const rec of records) sum += rec.values[key];
    const total = totals[key];
    const diff = total - sum;
    worst = Math.max(worst, Math.abs(diff));
    if (Math.abs(diff) > Math.max(opts.closureAbsoluteMt, opts.closureRelative * Math.abs(total))) {
      failures.push({ sheet, province, column: key, cell: `${columnLetters(col)}${totalRow}`, totalMt: total, sumOfRowsMt: sum, differenceMt: diff });
    }
  }
  return {
    records,
    failures,
    summary: { sheet, province, year, productionSectors: production, worstClosureDifferenceMt: worst, closureOk: failures.length === 0 },
  };
}

/**
 * Read one CEADs inventory workbook with a full report (records, per-sheet closure, warnings).
 * Sheets: `<Province><Year>` (province in any spelling accepted by data/regions.csv); `NOTE`
 * and other sheets without a trailing year are skipped and listed in `warnings`. The year of
 * every province sheet must equal the year in the file name (when it has one) and each other.
 * Rows and columns are located by normalised header text, never by position.
 */
export async function readCeadsInventoryReport(file: string, options: InventoryReadOptions = {}): Promise<InventoryReadReport> {
  const opts = {
    closureAbsoluteMt: options.closureAbsoluteMt ?? 1e-6,
    closureRelative: options.closureRelative ?? 1e-6,
    blankCells: options.blankCells ?? "error",
    expectedSectors: options.expectedSectors ?? 45,
  };
  const regions = options.regions ?? loadRegions();
  const fileYear = yearFromFileName(file);
  const warnings: string[] = [];
  const sheets: Array<{ sheet: string; province: string; year: number; rows: SheetRows }> = [];
  const seenProvince = new Map<string, string>();
  const { sheetNames } = await streamWorkbook(file, (sheet) => {
    const parsed = splitSheetName(sheet);
    if (!parsed) {
      if (sheet.trim().toUpperCase() !== "NOTE") warnings.push(`${file}: sheet "${sheet}" skipped (name is not <Province><Year>)`);
      return undefined;
    }
    const p = findProvince(regions, parsed.name);
    if (!p) throw new InputError(`sheet name "${sheet}": unknown province "${parsed.name}"`, { file, place: `sheet ${sheet}` });
    if (fileYear !== undefined && parsed.year !== fileYear) {
      throw new InputError(`sheet year ${parsed.year} does not match the file's year ${fileYear}`, { file, place: `sheet ${sheet}` });
    }
    const prev = seenProvince.get(p.nameEn);
    if (prev !== undefined) throw new InputError(`province ${p.nameEn} appears twice (sheets "${prev}" and "${sheet}")`, { file, place: `sheet ${sheet}` });
    seenProvince.set(p.nameEn, sheet);
    const entry = { sheet, province: p.nameEn, year: parsed.year, rows: new Map<number, readonly CellValue[]>() };
    sheets.push(entry);
    return { row: (r, cells) => void entry.rows.set(r, cells) };
  });
  if (sheets.length === 0) {
    throw new InputError(`no province sheets named <Province><Year> (sheets: ${sheetNames.join(", ") || "none"})`, { file });
  }
  const years = new Set(sheets.map((s) => s.year));
  if (years.size > 1) throw new InputError(`province sheets hold several years (${[...years].join(", ")})`, { file });
  const year = sheets[0].year;
  // Sheets stream in zip-entry order, not tab order: return provinces in data/regions.csv (adcode) order.
  const order = new Map(regions.map((p, i) => [p.nameEn, i]));
  sheets.sort((a, b) => order.get(a.province)! - order.get(b.province)!);
  const records: InventoryRecord[] = [];
  const closureFailures: ClosureFailure[] = [];
  const summaries: InventorySheetSummary[] = [];
  for (const s of sheets) {
    const r = parseProvinceSheet(file, s.sheet, s.province, s.year, s.rows, opts, warnings);
    records.push(...r.records);
    closureFailures.push(...r.failures);
    summaries.push(r.summary);
  }
  if (closureFailures.length > 0 && (options.onClosureFailure ?? "error") === "error") {
    const f = closureFailures[0];
    throw new InputError(
      `closure check failed: total row ${f.totalMt} Mt ≠ Σ sectors + Urban + Rural ${f.sumOfRowsMt} Mt (difference ${f.differenceMt.toExponential(3)} Mt, column ${f.column}; ${closureFailures.length} failing column(s) in ${new Set(closureFailures.map((x) => x.sheet)).size} sheet(s); use onClosureFailure "report" / --closure report to read anyway)`,
      { file, place: `sheet ${f.sheet}, cell ${f.cell}` },
    );
  }
  return { file, year, records, sheets: summaries, closureFailures, warnings };
}

/**
 * Read one CEADs inventory workbook into records (one per province × row, the total row
 * excluded). Throws InputError on layout problems and, by default, on a closure failure.
 */
export async function readCeadsInventory(file: string, options: InventoryReadOptions = {}): Promise<InventoryRecord[]> {
  return (await readCeadsInventoryReport(file, options)).records;
}

// ---------------------------------------------------------------------------------------
// Inventory → IO sectors

export type IoScheme = "42-2012" | "42-2017" | "30";

const SCHEME_FILES: Record<IoScheme, { concordance: string; sectors: string }> = {
  "42-2012": { concordance: "inventory45_to_io42_2012", sectors: "sectors_io42_2012" },
  "42-2017": { concordance: "inventory45_to_io42_2017", sectors: "sectors_io42_2017" },
  "30": { concordance: "inventory45_to_io30", sectors: "sectors_io30" },
};

export interface InventoryToIoOptions {
  /** Target IO classification: 42 sectors in the 2012/2015 (NBS 2012) or 2017 numbering, or the 30-sector scheme of the 2007/2010 tables. */
  scheme: IoScheme;
  /**
   * Total output by province and IO sector code (any monetary unit; only ratios matter), e.g.
   * from the matching MRIO table: { "Shaanxi": { "15": 1.2e7, "23": 3.4e5, … } }. One-to-many
   * inventory rows are split in proportion to it (METHODS.md §4.2). When absent, every
   * one-to-many row is split equally, and the result says so (`splitRule: "equal"`).
   * The same outputs are used for every year in `records`: call once per year for year-specific tables.
   */
  outputShares?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Inventory row 8 (logging): "agriculture" (IO 01, default) or "wood" (IO 09). */
  logging?: "agriculture" | "wood";
  /** Information services: with inventory row 43 "transport" (default) or row 45 "others". */
  information?: "transport" | "others";
  /** Tibet has no CEADs inventory: "drop" (default; absent from the result) or "zero" (present with 0 Mt everywhere). */
  tibet?: "drop" | "zero";
  /** Which inventory column to map (default "scope_1_total"). */
  column?: string;
  /** Concordance file override (path or name in data/concordances/), for analysts' own mappings. */
  concordanceFile?: string;
  regions?: readonly Province[];
}

export interface IoSectorEmission {
  year: number;
  province: string;
  ioCode: string;
  ioSector: string;
  emissionsMt: number;
}

export interface HouseholdEmission {
  year: number;
  province: string;
  household: "Urban" | "Rural";
  emissionsMt: number;
}

export interface IoSectorEmissions {
  scheme: IoScheme;
  column: string;
  sectors: SectorEntry[];
  years: number[];
  /** Provinces present, in data/regions.csv (adcode) order. */
  provinces: string[];
  /** Every year × province × IO sector (zeros included), households excluded. */
  industry: IoSectorEmission[];
  /** Direct household emissions (METHODS.md §5: never part of industry intensities). */
  households: HouseholdEmission[];
  /** How one-to-many rows were split. */
  splitRule: "output-share" | "equal";
  tibet: "drop" | "zero";
  options: { logging: string; information: string };
  /** Plain-language notes: split rule, zero-output groups split equally, Tibet handling. */
  notes: string[];
}

/**
 * Map inventory records onto IO sectors: e_j^r = Σ_k e_k^r · w_kj^r, where k are inventory
 * rows, j IO sectors, and w_kj^r the share of row k given to sector j (1 for one-to-one links;
 * for a one-to-many row, x_j^r / Σ_{j'∈J(k)} x_{j'}^r with output shares, else 1/|J(k)|).
 * Rows are matched to data/concordances/inventory45_to_*.csv by sector NAME (normalised),
 * never by position. Totals are conserved: Σ_j e_j^r = Σ_k e_k^r for every province and year.
 * Reference: METHODS.md §4.2 (mapping, split rule, Tibet), §5 (households kept apart).
 */
export function inventoryToIoSectors(records: readonly InventoryRecord[], options: InventoryToIoOptions): IoSectorEmissions {
  const scheme = options.scheme;
  if (!(scheme in SCHEME_FILES)) throw new InputError(`unknown IO scheme "${scheme}" (use 42-2012, 42-2017 or 30)`);
  const regions = options.regions ?? loadRegions();
  const column = options.column ?? "scope_1_total";
  const tibet = options.tibet ?? "drop";
  const conc = readConcordance(options.concordanceFile ?? SCHEME_FILES[scheme].concordance);
  const sectors = readSectorList(SCHEME_FILES[scheme].sectors);
  const logging = options.logging ?? "agriculture";
  const information = options.information ?? "transport";
  const map = resolveConcordance(conc, { logging, information });
  const sectorByCode = new Map(sectors.map((s) => [s.code, s]));
  for (const targets of map.values()) {
    for (const t of targets) if (!sectorByCode.has(t)) throw new InputError(`target code ${t} is not a sector of scheme ${scheme}`, { file: conc.file });
  }
  // Inventory sector name → from_code, by normalised name.
  const codeByName = new Map<string, string>();
  for (const l of conc.links) codeByName.set(compactLabel(l.fromName), l.fromCode);

  const notes: string[] = [];
  const splitRule = options.outputShares ? "output-share" : "equal";
  notes.push(
    splitRule === "equal"
      ? "One-to-many inventory rows (metal products, transport incl. telecom, trade & catering, others) are split EQUALLY among their IO sectors: no output shares were given."
      : "One-to-many inventory rows are split in proportion to the IO sectors' total output (outputShares).",
  );
  const outputs = new Map<string, Readonly<Record<string, number>>>();
  if (options.outputShares) {
    for (const [name, byCode] of Object.entries(options.outputShares)) {
      const p = findProvince(regions, name);
      if (!p) throw new InputError(`outputShares: unknown province "${name}"`);
      outputs.set(p.nameEn, byCode);
    }
  }

  const years = [...new Set(records.map((r) => r.year))].sort((a, b) => a - b);
  const provinceSet = new Set<string>();
  const acc = new Map<string, Float64Array>(); // `${year}|${province}` → emissions by sector position
  const households: HouseholdEmission[] = [];
  const sectorPos = new Map(sectors.map((s, i) => [s.code, i]));
  const seen = new Set<string>();
  const provinceCache = new Map<string, Province | undefined>();
  for (const rec of records) {
    if (!provinceCache.has(rec.province)) provinceCache.set(rec.province, findProvince(regions, rec.province));
    const p = provinceCache.get(rec.province);
    if (!p) throw new InputError(`unknown province "${rec.province}" in inventory records`);
    const province = p.nameEn;
    provinceSet.add(province);
    const v = column === "scope_1_total" ? rec.scope1TotalMt : rec.values[column];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new InputError(`inventory record has no finite value for column "${column}"`, { place: `${province} ${rec.year}, sector "${rec.sector}"` });
    }
    const dupKey = `${rec.year}|${province}|${compactLabel(rec.sector)}`;
    if (seen.has(dupKey)) throw new InputError(`duplicated inventory record`, { place: `${province} ${rec.year}, sector "${rec.sector}"` });
    seen.add(dupKey);
    if (rec.isHousehold) {
      const hh = HOUSEHOLD_LABELS.get(compactLabel(rec.sector));
      if (!hh) throw new InputError(`household record is neither Urban nor Rural`, { place: `${province} ${rec.year}, sector "${rec.sector}"` });
      households.push({ year: rec.year, province, household: hh as "Urban" | "Rural", emissionsMt: v });
      continue;
    }
    const from = codeByName.get(compactLabel(rec.sector));
    if (from === undefined) {
      throw new InputError(`inventory sector "${rec.sector}" is not in the concordance (match is by name)`, { file: conc.file, place: `${province} ${rec.year}` });
    }
    const targets = map.get(from)!;
    const key = `${rec.year}|${province}`;
    let row = acc.get(key);
    if (!row) acc.set(key, (row = new Float64Array(sectors.length)));
    let weights: number[];
    if (targets.length === 1 || v === 0) weights = targets.map(() => 1 / targets.length); // v = 0: nothing to split
    else if (options.outputShares) {
      const out = outputs.get(province);
      if (!out) throw new InputError(`outputShares has no entry for province ${province}`, { place: `outputShares` });
      const xs = targets.map((t) => {
        const x = out[t];
        if (typeof x !== "number" || !Number.isFinite(x) || x < 0) throw new InputError(`outputShares[${province}][${t}] must be a finite output ≥ 0, got ${String(x)}`, { place: "outputShares" });
        return x;
      });
      const sum = xs.reduce((a, b) => a + b, 0);
      if (sum > 0) weights = xs.map((x) => x / sum);
      else {
        weights = targets.map(() => 1 / targets.length);
        notes.push(`${province} ${rec.year}: IO sectors ${targets.join(", ")} have zero output; "${rec.sector}" split equally.`);
      }
    } else weights = targets.map(() => 1 / targets.length);
    targets.forEach((t, i) => (row![sectorPos.get(t)!] += v * weights[i]));
  }

  const tibetP = regions.find((p) => !p.inCeadsInventory);
  if (tibetP && !provinceSet.has(tibetP.nameEn)) {
    if (tibet === "zero") {
      provinceSet.add(tibetP.nameEn);
      for (const y of years) {
        acc.set(`${y}|${tibetP.nameEn}`, new Float64Array(sectors.length));
        households.push({ year: y, province: tibetP.nameEn, household: "Urban", emissionsMt: 0 }, { year: y, province: tibetP.nameEn, household: "Rural", emissionsMt: 0 });
      }
      notes.push(`${tibetP.nameEn} has no CEADs inventory: included with 0 Mt in every sector (tibet: "zero"), so its direct intensity f = 0.`);
    } else {
      notes.push(`${tibetP.nameEn} has no CEADs inventory: left out (tibet: "drop"); drop its rows/columns from the MRIO table too.`);
    }
  }
  const order = new Map(regions.map((p, i) => [p.nameEn, i]));
  const provinces = [...provinceSet].sort((a, b) => order.get(a)! - order.get(b)!);
  const industry: IoSectorEmission[] = [];
  for (const y of years) {
    for (const p of provinces) {
      const row = acc.get(`${y}|${p}`);
      if (!row) throw new InputError(`no production-sector records for ${p} in ${y}`);
      sectors.forEach((s, i) => industry.push({ year: y, province: p, ioCode: s.code, ioSector: s.nameZh || s.nameEn, emissionsMt: row[i] }));
    }
  }
  households.sort((a, b) => a.year - b.year || order.get(a.province)! - order.get(b.province)! || a.household.localeCompare(b.household));
  return { scheme, column, sectors, years, provinces, industry, households, splitRule, tibet, options: { logging, information }, notes };
}

/**
 * Emissions of one year as a provinces × IO-sectors matrix (row-major, Mt CO2), in the
 * result's province and sector order — the vector e of f = e / x (METHODS.md §2.2).
 */
export function ioEmissionsMatrix(result: IoSectorEmissions, year: number): { provinces: string[]; sectorCodes: string[]; valuesMt: Float64Array } {
  if (!result.years.includes(year)) throw new InputError(`year ${year} is not in the inventory records (have ${result.years.join(", ")})`);
  const n = result.sectors.length;
  const pIndex = new Map(result.provinces.map((p, i) => [p, i]));
  const sIndex = new Map(result.sectors.map((s, i) => [s.code, i]));
  const valuesMt = new Float64Array(result.provinces.length * n);
  for (const e of result.industry) if (e.year === year) valuesMt[pIndex.get(e.province)! * n + sIndex.get(e.ioCode)!] = e.emissionsMt;
  return { provinces: result.provinces, sectorCodes: result.sectors.map((s) => s.code), valuesMt };
}
