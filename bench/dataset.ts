/**
 * `npm run bench dataset`: building the five demo MRIO tables (31 provinces × 42 sectors, 2007–2017)
 * from the committed CSVs — the work every notebook session does on first use — as a whole process
 * (Node + tsx start-up included), against an independent numpy/pandas implementation of the same
 * regionalization (bench/dataset_numpy.py) measured in the same run. Both print per-year checksums
 * of Z (Σ z and a position-weighted Σ); the bench reports their largest relative difference,
 * which cross-checks the TypeScript implementation.
 */
import * as path from "node:path";
import { findPython, measureProcess, report } from "./harness";

function checksums(stdout: string): number[] {
  return stdout
    .trim()
    .split("\n")
    .filter((l) => !l.startsWith("#"))
    .flatMap((l) => l.trim().split(/\s+/).slice(1).map(Number));
}

export async function run(): Promise<void> {
  const root = path.resolve(__dirname, "..");
  const { spawnSync } = await import("node:child_process");
  const ours = measureProcess(process.execPath, ["--import", "tsx", path.join(root, "bench", "dataset_child.ts")], { cwd: root });
  const oursOut = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "bench", "dataset_child.ts")], { cwd: root, encoding: "utf8" }).stdout;
  const py = findPython(["numpy", "pandas"]);
  let ref;
  let agreement = "checksums: numpy reference not available";
  if (py) {
    ref = measureProcess(py, [path.join(root, "bench", "dataset_numpy.py"), path.join(root, "data")], { cwd: root });
    const refOut = spawnSync(py, [path.join(root, "bench", "dataset_numpy.py"), path.join(root, "data")], { cwd: root, encoding: "utf8" }).stdout;
    const a = checksums(oursOut);
    const b = checksums(refOut);
    let worst = 0;
    a.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - b[k]) / Math.abs(b[k]))));
    agreement = `checksums of Z (5 years × 2): largest relative difference TypeScript vs numpy = ${worst.toExponential(2)}`;
  }
  console.log(report("demo MRIO, build all 5 years (1302 × 1302 each)", ours, ref));
  console.log(agreement);
  const inproc = /# in-process ([\d.]+) s/.exec(oursOut);
  if (inproc) console.log(`carbon-ledger in-process (CSV reading + regionalization of 5 years, no start-up): ${inproc[1]} s`);
}
