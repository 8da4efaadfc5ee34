/**
 * `carbon-ledger ceads …`: read real CEADs files into plain CSV.
 *
 *   carbon-ledger ceads inventory --file Emission_Inventories_for_30_Provinces_2017.xlsx [--file …] --out inventory.csv
 *       [--long] [--closure error|report] [--blank error|zero]
 *       [--io-scheme 42-2012|42-2017|30 --io-out io.csv [--logging agriculture|wood] [--information transport|others] [--tibet drop|zero]]
 *   carbon-ledger ceads mrio --file MRIO2017.xlsx --out DIR [--sheet NAME] [--year 2017] [--unit "10^4 yuan"] [--blank zero|error]
 *
 * Everything is read and checked first; outputs are then written together (writeFilesAtomic),
 * so a bad input (exit code 2, one-line message) leaves nothing behind.
 */
import * as path from "node:path";
import type { Command } from "commander";
import { InputError } from "../util/errors";
import { writeFilesAtomic } from "../util/atomic-write";
import { InventoryRecord, inventoryToIoSectors, IoScheme, KNOWN_INVENTORY_COLUMNS, readCeadsInventoryReport } from "../sources/ceads-inventory";
import { readCeadsMrio, CeadsMrioTable } from "../sources/ceads-mrio";
import { formatPandasCsv } from "../sources/pandas-csv";
import { findProvince, loadRegions } from "../sources/regions";
import type { LabelledMatrix } from "../mrio/types";

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function csvNumber(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`non-finite number ${v} in CSV output`);
  return String(v);
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`--${name} must be one of ${allowed.join(", ")}, got "${value}"`);
  return value as T;
}

/** The tidy inventory table: one row per year × province × sector (households included, total row excluded). */
export function formatInventoryCsv(records: readonly InventoryRecord[], long = false): string {
  const regions = loadRegions();
  const lines: string[] = [];
  const extra = [...new Set(records.flatMap((r) => Object.keys(r.values)))].filter((k) => k !== "scope_1_total");
  const ordered = [...KNOWN_INVENTORY_COLUMNS.filter((k) => extra.includes(k)), ...extra.filter((k) => !KNOWN_INVENTORY_COLUMNS.includes(k))];
  if (long) {
    lines.push("year,province,province_code,sector_index,sector,is_household,column,value_mt");
    for (const r of records) {
      const code = findProvince(regions, r.province)?.code ?? "";
      for (const k of ["scope_1_total", ...ordered]) {
        if (r.values[k] === undefined) continue;
        lines.push([String(r.year), csvField(r.province), code, String(r.sectorIndex), csvField(r.sector), String(r.isHousehold), k, csvNumber(r.values[k])].join(","));
      }
    }
  } else {
    lines.push(["year", "province", "province_code", "sector_index", "sector", "is_household", "scope1_total_mt", ...ordered.map((k) => `${k}_mt`)].join(","));
    for (const r of records) {
      const code = findProvince(regions, r.province)?.code ?? "";
      lines.push([String(r.year), csvField(r.province), code, String(r.sectorIndex), csvField(r.sector), String(r.isHousehold), csvNumber(r.scope1TotalMt), ...ordered.map((k) => (r.values[k] === undefined ? "" : csvNumber(r.values[k])))].join(","));
    }
  }
  return lines.join("\n") + "\n";
}

function frame(index: LabelledMatrix["index"], columns: LabelledMatrix["columns"], rows: number, cols: number, data: Float64Array): LabelledMatrix {
  return { index, columns, values: { rows, cols, data } };
}

/** The MRIO table as pymrio-style pandas CSV files (name → content). */
export function mrioCsvFiles(t: CeadsMrioTable): Array<{ name: string; data: string }> {
  const rs = { names: ["region", "sector"], keys: t.regions.flatMap((r) => t.sectors.map((s) => [r, s])) };
  const rc = { names: ["region", "category"], keys: t.regions.flatMap((r) => t.categories.map((c) => [r, c])) };
  const N = rs.keys.length;
  const one = (name: string) => ({ names: [""], keys: [[name]] });
  const files: Array<{ name: string; data: string }> = [
    { name: "Z.csv", data: formatPandasCsv(frame(rs, rs, N, N, t.Z.data)) },
    { name: "Y.csv", data: formatPandasCsv(frame(rs, rc, N, rc.keys.length, t.Y.data)) },
  ];
  if (t.x) files.push({ name: "x.csv", data: formatPandasCsv(frame(rs, one("indout"), N, 1, t.x)) });
  if (t.exports) files.push({ name: "exports.csv", data: formatPandasCsv(frame(rs, one("exports"), N, 1, t.exports)) });
  if (t.others) files.push({ name: "others.csv", data: formatPandasCsv(frame(rs, one("others"), N, 1, t.others)) });
  if (t.valueAdded) files.push({ name: "value_added.csv", data: formatPandasCsv(t.valueAdded) });
  if (t.imports) files.push({ name: "imports.csv", data: formatPandasCsv(t.imports) });
  if (t.importsFinalDemand) files.push({ name: "imports_final_demand.csv", data: formatPandasCsv(t.importsFinalDemand) });
  const meta = {
    source: path.resolve(t.file), sheet: t.sheet, year: t.year ?? null, unit: t.unit, unitSource: t.unitSource,
    regions: t.regions, regionLabels: t.regionLabels, sectorCodes: t.sectorCodes, sectors: t.sectors, categories: t.categories,
    layout: t.layout, rowBalance: t.rowBalance ?? null, warnings: t.warnings,
  };
  files.push({ name: "meta.json", data: JSON.stringify(meta, null, 2) + "\n" });
  return files;
}

export function registerCeads(program: Command): void {
  const ceads = program.command("ceads").description("read real CEADs files (provincial CO2 inventories, MRIO workbooks) into CSV");
  const collect = (v: string, prev: string[]) => [...prev, v];

  ceads
    .command("inventory")
    .description("CEADs provincial CO2 inventories (Mt CO2) → tidy CSV: one row per year × province × sector, households included, total row excluded")
    .requiredOption("--file <xlsx>", "an Emission_Inventories_for_30_Provinces_YYYY.xlsx (repeat for several years)", collect, [] as string[])
    .requiredOption("--out <csv>", "output CSV")
    .option("--long", "long format: one row per sector × column (year, province, sector, column, value_mt)")
    .option("--closure <mode>", "a sheet whose total row ≠ Σ sectors + Urban + Rural: error (default) or report (print and continue)", "error")
    .option("--blank <mode>", "blank cells in the value block: error (default) or zero", "error")
    .option("--io-scheme <scheme>", "also map onto IO sectors: 42-2012, 42-2017 or 30")
    .option("--io-out <csv>", "output CSV for the IO-sector mapping (with --io-scheme)")
    .option("--logging <where>", "inventory row 'Logging and Transport of Wood and Bamboo' → agriculture (IO 01, default) or wood (IO 09)", "agriculture")
    .option("--information <where>", "information services with inventory row transport (default) or others", "transport")
    .option("--tibet <mode>", "Tibet has no inventory: drop (default) or zero", "drop")
    .action(async (opts: { file: string[]; out: string; long?: boolean; closure: string; blank: string; ioScheme?: string; ioOut?: string; logging: string; information: string; tibet: string }) => {
      const closure = oneOf("closure", opts.closure, ["error", "report"] as const);
      const blank = oneOf("blank", opts.blank, ["error", "zero"] as const);
      if ((opts.ioScheme === undefined) !== (opts.ioOut === undefined)) throw new InputError("--io-scheme and --io-out go together");
      const records: InventoryRecord[] = [];
      const seenYears = new Map<number, string>();
      for (const f of opts.file) {
        const rep = await readCeadsInventoryReport(f, { onClosureFailure: closure, blankCells: blank });
        const prev = seenYears.get(rep.year);
        if (prev !== undefined) throw new InputError(`year ${rep.year} is also in ${prev}`, { file: f });
        seenYears.set(rep.year, f);
        for (const w of rep.warnings) process.stderr.write(`carbon-ledger: warning: ${w}\n`);
        for (const c of rep.closureFailures) {
          process.stderr.write(`carbon-ledger: closure FAILED: ${f}, sheet ${c.sheet}, cell ${c.cell} (${c.column}): total ${c.totalMt} Mt, Σ rows ${c.sumOfRowsMt} Mt, difference ${c.differenceMt} Mt\n`);
        }
        records.push(...rep.records);
      }
      records.sort((a, b) => a.year - b.year); // stable: provinces keep adcode order within a year
      const outputs = [{ file: opts.out, data: formatInventoryCsv(records, opts.long === true) }];
      if (opts.ioScheme !== undefined) {
        const scheme = oneOf("io-scheme", opts.ioScheme, ["42-2012", "42-2017", "30"] as const) as IoScheme;
        const io = inventoryToIoSectors(records, {
          scheme,
          logging: oneOf("logging", opts.logging, ["agriculture", "wood"] as const),
          information: oneOf("information", opts.information, ["transport", "others"] as const),
          tibet: oneOf("tibet", opts.tibet, ["drop", "zero"] as const),
        });
        const lines = ["year,province,io_scheme,io_code,io_sector,is_household,emissions_mt"];
        for (const e of io.industry) lines.push([e.year, csvField(e.province), scheme, e.ioCode, csvField(e.ioSector), "false", csvNumber(e.emissionsMt)].join(","));
        for (const h of io.households) lines.push([h.year, csvField(h.province), scheme, "", h.household, "true", csvNumber(h.emissionsMt)].join(","));
        outputs.push({ file: opts.ioOut!, data: lines.join("\n") + "\n" });
        for (const note of io.notes) process.stderr.write(`carbon-ledger: note: ${note}\n`);
      }
      writeFilesAtomic(outputs);
      process.stderr.write(`carbon-ledger: ${records.length} rows (${seenYears.size} year(s), ${new Set(records.map((r) => r.province)).size} provinces) → ${opts.out}\n`);
    });

  ceads
    .command("mrio")
    .description("a CEADs MRIO workbook (31 × 42 or 30 × 30) → Z.csv, Y.csv, x.csv, value_added.csv, exports.csv, others.csv, imports*.csv, meta.json (pymrio pandas layout)")
    .requiredOption("--file <xlsx>", "the MRIO workbook")
    .requiredOption("--out <dir>", "output directory")
    .option("--sheet <name>", "sheet to read (default: the only table sheet, or the one naming --year)")
    .option("--year <year>", "expected table year (must appear in the sheet name, title or file name)")
    .option("--unit <unit>", "monetary unit when the title rows state none, e.g. '10^4 yuan'")
    .option("--blank <mode>", "blank cells inside blocks: zero (default) or error", "zero")
    .action(async (opts: { file: string; out: string; sheet?: string; year?: string; unit?: string; blank: string }) => {
      let year: number | undefined;
      if (opts.year !== undefined) {
        if (!/^\d{4}$/.test(opts.year)) throw new InputError(`--year must be a 4-digit year, got "${opts.year}"`);
        year = Number(opts.year);
      }
      const t = await readCeadsMrio(opts.file, { sheet: opts.sheet, year, unit: opts.unit, blankCells: oneOf("blank", opts.blank, ["zero", "error"] as const) });
      for (const w of t.warnings) process.stderr.write(`carbon-ledger: warning: ${w}\n`);
      writeFilesAtomic(mrioCsvFiles(t).map((f) => ({ file: path.join(opts.out, f.name), data: f.data })));
      process.stderr.write(`carbon-ledger: ${t.regions.length} regions × ${t.sectors.length} sectors, ${t.categories.length} final-demand categories, unit ${t.unit}, year ${t.year ?? "?"} → ${opts.out}\n`);
    });
}
