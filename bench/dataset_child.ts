/** Child process of bench/dataset.ts: build the five demo MRIO tables, print the same checksums as dataset_numpy.py. */
import { demoMrio, STUDY_YEARS } from "../src/dataset/index";

async function main(): Promise<void> {
  const t0 = process.hrtime.bigint();
  for (const year of STUDY_YEARS) {
    const t = await demoMrio(year);
    const N = t.Z.rows;
    let s = 0;
    let w = 0;
    for (let p = 0; p < N; p++)
      for (let q = 0; q < N; q++) {
        const v = t.Z.data[p * N + q];
        s += v;
        w += v * ((p * 31 + q) % 97);
      }
    console.log(`${year} ${s.toExponential(12)} ${w.toExponential(12)}`);
  }
  // in-process time (reading the CSVs + regionalization + checksums), without Node/tsx start-up
  console.log(`# in-process ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(3)} s`);
}
main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
