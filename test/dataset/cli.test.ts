import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/cli/main";
import { loadMrioDirectory } from "../../src/cli/mrio";
import { demoMrio } from "../../src/dataset";
import { EXPORTS_CATEGORY } from "../../src/dataset/export";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "cl-dscli-"));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  let out = "";
  let err = "";
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    const code = await main(["node", "carbon-ledger", ...args]);
    return { code, out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

test("dataset export writes pymrio CSVs that the MRIO engine's loader reads back (exports as a Y category)", async () => {
  const dir = path.join(tmp(), "out");
  const r = await run(["dataset", "export", "--year", "2015", "--out", dir]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /demo data: /);
  const loaded = loadMrioDirectory(dir);
  const t = await demoMrio(2015);
  assert.deepEqual(loaded.table.regions, t.regions);
  assert.deepEqual(loaded.table.categories, [...t.categories, EXPORTS_CATEGORY]);
  // exact round trip of the numbers (shortest round-trip digits)
  assert.ok(Buffer.from(loaded.table.Z.data.buffer).equals(Buffer.from(t.Z.data.buffer)));
  const n = t.sectors.length;
  const k = t.categories.length + 1;
  const m = t.regions.length;
  const p = 27 * n + 10; // Gansu (27th province, 0-based), sector 11: its own block holds its exports
  const r0 = Math.floor(p / n);
  assert.equal(loaded.table.Y.data[p * m * k + r0 * k + k - 1], t.exports![p]);
  let fsum = 0;
  for (const v of loaded.table.F!.values.data) fsum += v;
  let want = 0;
  for (const v of t.F!.values.data) want += v;
  assert.equal(fsum, want);
});

test("dataset info: demo reports every year; a real directory with nothing in it → exit 2 naming the files", async () => {
  const ok = await run(["dataset", "info"]);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /source: demo/);
  assert.match(ok.out, /mrio 2007: 31 regions × 42 sectors/);
  const dir = tmp();
  const bad = await run(["dataset", "info", "--data", dir]);
  assert.equal(bad.code, 2);
  assert.match(bad.out, new RegExp(`${path.join(dir, "mrio", "2017", "Z.csv").replace(/[.]/g, "\\.")}`));
  assert.match(bad.err, /missing/);
  const badYear = await run(["dataset", "export", "--year", "2016", "--out", path.join(dir, "x")]);
  assert.equal(badYear.code, 2);
  assert.ok(!fs.existsSync(path.join(dir, "x")), "nothing written");
});
