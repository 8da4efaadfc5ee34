/**
 * Derive the small, committable tables the demo dataset is built from, out of the real files
 * in ../shared/data beside the checkout (or paths given as arguments). Run:
 *
 *   node --import tsx scripts/derive-data.ts [--national-io DIR] [--inventories DIR] [--out DATA_DIR] [--only national|emissions]
 *
 * Writes (atomically, all or nothing per part):
 *   data/national-io/china-io-YYYY-42.csv   NBS tables harmonized to the 42-sector scheme (10⁴ yuan)
 *   data/emissions/ceads-province-sector.csv CEADs Scope-1 CO2 by province × 42 IO sector + households (Mt CO2)
 * The raw inputs are never copied; see the SOURCE.md files written beside the outputs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  formatHarmonizedCsv,
  harmonizeNationalIo,
  projectDataDir,
  readNationalConcordance,
  readNationalIo,
  readSectors42,
} from "../src/sources/national-io";
import { writeFilesAtomic } from "../src/util/atomic-write";
import { formatProvinceSectorCsv } from "../src/demo/emissions";

/** Which raw national table feeds each study year (and its concordance). */
export const NATIONAL_SOURCES: ReadonlyArray<{ year: number; file: string; concordance: string }> = [
  { year: 2007, file: "china-io-2007_135.csv", concordance: "national-2007-135.csv" },
  { year: 2010, file: "china-io-2010_41.csv", concordance: "national-2010-41.csv" },
  { year: 2012, file: "china-io-2012_139.csv", concordance: "national-2012-139.csv" },
  { year: 2015, file: "china-io-2015_42.csv", concordance: "national-2015-42.csv" },
  // The 149-sector competitive table, not the 42-sector non-competitive one: only it has the
  // rural/urban/government split of consumption that the five final-demand categories need.
  { year: 2017, file: "china-io-2017_149.csv", concordance: "national-2017-149.csv" },
];

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}

async function main(): Promise<void> {
  const nationalDir = arg("--national-io", path.resolve(__dirname, "..", "..", "shared", "data") + "/china-national-io");
  const inventoryDir = arg("--inventories", path.resolve(__dirname, "..", "..", "shared", "data") + "/ceads-inventories");
  const outDir = arg("--out", projectDataDir());
  const only = arg("--only", "");
  const sectors = readSectors42();
  if (only === "" || only === "national") {
    const files: Array<{ file: string; data: string }> = [];
    for (const s of NATIONAL_SOURCES) {
      const table = readNationalIo(path.join(nationalDir, s.file));
      const conc = readNationalConcordance(path.join(projectDataDir(), "concordances", s.concordance));
      const h = harmonizeNationalIo(table, conc, sectors, s.year);
      const csv = formatHarmonizedCsv(h);
      files.push({ file: path.join(outDir, "national-io", `china-io-${s.year}-42.csv`), data: csv });
      let go = 0;
      h.grossOutputWanYuan.forEach((v) => (go += v));
      console.log(`national ${s.year}: ${s.file} (${table.codes.length} sectors) -> 42; GO ${(go / 1e8).toFixed(2)} trillion yuan`);
    }
    writeFilesAtomic(files);
  }
  if (only === "" || only === "emissions") {
    const years = [2007, 2010, 2012, 2015, 2017];
    // Loaded lazily so that `--only national` runs without the inventory reader.
    const { deriveCeadsProvinceSector } = require("../src/demo/derive-emissions") as typeof import("../src/demo/derive-emissions");
    const rows = await deriveCeadsProvinceSector(inventoryDir, years, path.join(outDir, "national-io"));
    writeFilesAtomic([{ file: path.join(outDir, "emissions", "ceads-province-sector.csv"), data: formatProvinceSectorCsv(rows) }]);
    console.log(`emissions: ${rows.length} rows written`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  });
}
