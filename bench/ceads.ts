/**
 * CEADs readers: whole-process wall time and peak RSS (bench/harness measureProcess) for
 * - `carbon-ledger ceads mrio` on a generated full-size 31 × 42 workbook (the streaming reader),
 *   against exceljs' non-streaming `Workbook.xlsx.readFile` of the same file (the reference: the
 *   obvious alternative; python has no openpyxl here, so no pandas `read_excel` reference);
 * - `carbon-ledger ceads inventory` on one real inventory file (when ../shared/data is present beside the checkout).
 * The workbook is generated once into bench/out/ (gitignored) with test/ceads/mrio-workbook.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { measureProcess, report } from "./harness";
import { readSectorList } from "../src/sources/concordance";
import { loadRegions } from "../src/sources/regions";
import { writeMrioWorkbook } from "../test/ceads/mrio-workbook";

const root = path.resolve(__dirname, "..");
const outDir = path.join(root, "bench", "out");
const cli = path.join(root, "bin", "carbon-ledger.js");

export async function run(): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  const wbFile = path.join(outDir, "ceads-mrio-31x42.xlsx");
  if (!fs.existsSync(wbFile)) {
    const t0 = Date.now();
    await writeMrioWorkbook({
      file: wbFile,
      variant: "2017",
      regions: loadRegions().map((p) => p.nameZh),
      sectors: readSectorList("sectors_io42_2017").map((s) => ({ code: s.code, name: s.nameZh })),
      seed: 2017,
    });
    console.log(`generated ${path.relative(root, wbFile)} (${(fs.statSync(wbFile).size / 1e6).toFixed(1)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const tables = path.join(outDir, "ceads-mrio-31x42");
  const ours = measureProcess(process.execPath, [cli, "ceads", "mrio", "--file", wbFile, "--out", tables, "--year", "2017"]);
  if (ours.status !== 0) throw new Error(`ceads mrio failed: ${ours.stderr}`);
  const refScript = `const E=require(${JSON.stringify(path.join(root, "node_modules/exceljs"))});(async()=>{const w=new E.Workbook();await w.xlsx.readFile(${JSON.stringify(wbFile)});let s=0;w.worksheets[0].eachRow(r=>{s+=r.cellCount});console.log(s)})()`;
  const ref = measureProcess(process.execPath, ["-e", refScript]);
  console.log(report("ceads mrio 31×42 (stream-read + write pandas CSVs)", ours).replace("; numpy reference not available", ""));
  console.log(`  reference exceljs non-streaming readFile only: ${ref.wallSeconds.toFixed(2)} s, peak ${ref.peakRssMiB.toFixed(0)} MiB; memory ratio ${(ours.peakRssMiB / ref.peakRssMiB).toFixed(2)}× (< 1 = streaming uses less)`);
  const inv = path.resolve(__dirname, "..", "..", "shared", "data") + "/ceads-inventories/Emission_Inventories_for_30_Provinces_2017.xlsx";
  if (fs.existsSync(inv)) {
    const m = measureProcess(process.execPath, [cli, "ceads", "inventory", "--file", inv, "--out", path.join(outDir, "inventory-2017.csv")]);
    console.log(report("ceads inventory (one real file, 30 sheets)", m).replace("; numpy reference not available", "; no reference implementation"));
  } else console.log("ceads inventory: real file absent, skipped");
}
