/**
 * `carbon-ledger dataset info|export`: the study dataset (demo, or real data with --data DIR /
 * $CARBON_LEDGER_DATA) from the shell.
 *
 *   carbon-ledger dataset info [--data DIR]                 which data, what is present, what is missing
 *   carbon-ledger dataset export --year 2017 --out DIR      the MRIO table as pymrio CSV (Z, Y, x, F, F_Y)
 *   carbon-ledger dataset extension --mrio DIR/mrio/2017 --inventory XLSX   F.csv/F_Y.csv from CEADs inventories
 */
import * as path from "node:path";
import type { Command } from "commander";
import { InputError, isInputError } from "../util/errors";
import { loadStudyDataset, STUDY_YEARS } from "../dataset/index";
import { EXPORTS_CATEGORY, writeMrioCsv } from "../dataset/export";
import { writeEmissionExtension } from "../dataset/extension";
import type { IoScheme } from "../sources/ceads-inventory";

function parseYear(v: string): number {
  const y = Number(v);
  if (!STUDY_YEARS.includes(y)) throw new InputError(`--year must be one of ${STUDY_YEARS.join(", ")}; got "${v}"`);
  return y;
}

export function registerDataset(program: Command): void {
  const ds = program.command("dataset").description("the study dataset: embedded demo, or real data laid out as data/README.md");
  ds.command("info")
    .description("say which dataset is used and check that every expected file is present")
    .option("--data <dir>", "real data directory (default: $CARBON_LEDGER_DATA, else the demo)")
    .action(async (opts: { data?: string }) => {
      const d = await loadStudyDataset({ dataDir: opts.data });
      const out: string[] = [`source: ${d.source}${d.dataDir ? ` (${d.dataDir})` : ""}`];
      if (d.caption) out.push(`caption: ${d.caption}`);
      if (d.source === "real") out.push(`sector scheme: ${d.sectorScheme} (${d.sectors.length} sectors, ${d.sectorGroups.length} groups; every year harmonized onto it)`);
      let missing = 0;
      // Every study year, so that a year absent from a real directory is reported with its expected file.
      for (const y of STUDY_YEARS) {
        try {
          const t = await d.mrio(y);
          out.push(`mrio ${y}: ${t.regions.length} regions × ${t.sectors.length} sectors, ${t.categories.length} final-demand categories`);
        } catch (e) {
          if (!isInputError(e)) throw e;
          missing++;
          out.push(`mrio ${y}: MISSING — ${e.message}`);
        }
      }
      try {
        const v = await d.vegetation();
        out.push(`vegetation: ${v.npp.length} NPP rasters (${v.npp[0].year}–${v.npp[v.npp.length - 1].year}), ${v.temperature.length} temperature, ${v.precipitation.length} precipitation; grid ${v.grid.width} × ${v.grid.height}`);
      } catch (e) {
        if (!isInputError(e)) throw e;
        missing++;
        out.push(`vegetation: MISSING — ${e.message}`);
      }
      process.stdout.write(out.join("\n") + "\n");
      if (missing > 0) throw new InputError(`${missing} piece(s) of the dataset are missing (see above; layout: data/README.md)`);
    });
  ds.command("export")
    .description(`write one year's MRIO table as pymrio CSV files (Z, Y, x, F, F_Y; exports abroad as Y category "${EXPORTS_CATEGORY}")`)
    .requiredOption("--year <year>", `study year (${STUDY_YEARS.join(", ")})`)
    .requiredOption("--out <dir>", "output directory")
    .option("--data <dir>", "real data directory (default: $CARBON_LEDGER_DATA, else the demo)")
    .action(async (opts: { year: string; out: string; data?: string }) => {
      const year = parseYear(opts.year);
      const d = await loadStudyDataset({ dataDir: opts.data });
      const files = writeMrioCsv(await d.mrio(year), opts.out);
      process.stdout.write(`${d.caption ? d.caption + "\n" : ""}wrote ${files.map((f) => path.basename(f)).join(", ")} to ${opts.out}\n`);
    });
  ds.command("extension")
    .description("write F.csv (t CO2) and F_Y.csv for a real MRIO directory from a CEADs inventory workbook (sectors matched by code/name)")
    .requiredOption("--mrio <dir>", "directory with Z.csv and Y.csv (e.g. DIR/mrio/2017)")
    .requiredOption("--inventory <xlsx>", "Emission_Inventories_for_30_Provinces_YYYY.xlsx")
    .option("--scheme <scheme>", "sector scheme of the table: 42-2012 | 42-2017 | 30 (default: by sector count and year)")
    .option("--year <year>", "inventory year (default: the workbook's year)")
    .action(async (opts: { mrio: string; inventory: string; scheme?: string; year?: string }) => {
      if (opts.scheme !== undefined && !["42-2012", "42-2017", "30"].includes(opts.scheme)) throw new InputError(`--scheme must be 42-2012, 42-2017 or 30; got "${opts.scheme}"`);
      const year = opts.year === undefined ? undefined : Number(opts.year);
      if (year !== undefined && !Number.isInteger(year)) throw new InputError(`--year must be a year; got "${opts.year}"`);
      const r = await writeEmissionExtension({ mrioDir: opts.mrio, inventoryFile: opts.inventory, scheme: opts.scheme as IoScheme | undefined, year });
      process.stdout.write(`${r.notes.map((s) => `note: ${s}\n`).join("")}wrote ${r.files.join(", ")}\n`);
    });
}
