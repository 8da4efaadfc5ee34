// End to end: a synthetic CEADs workbook (2017 layout, the ceads tests' writer) → readCeadsMrio → harmonizeMrio.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readCeadsMrio } from "../../src/sources/ceads-mrio";
import { readSectorList } from "../../src/sources/concordance";
import { harmonizeMrio } from "../../src/sources/harmonize";
import { writeMrioWorkbook } from "../ceads/mrio-workbook";

const sum = (a: ArrayLike<number> | undefined) => (a ? Array.from(a).reduce((s, v) => s + v, 0) : 0);
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)), `${what}: ${a} ≠ ${b}`);

test("CEADs 2017 workbook (codes 21–24, 35, 36; Tibet) → 30 sectors: sectors by code, others/imports carried, CEADs row balance kept", async () => {
  const list = readSectorList("sectors_io42_2017");
  const sectors = ["21", "22", "23", "24", "35", "36"].map((c) => list.find((s) => s.code === c)!).map((s) => ({ code: s.code, name: s.nameZh }));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "harmonize-ceads-")), "MRIO2017.xlsx");
  await writeMrioWorkbook({ file, variant: "2017", regions: ["Shaanxi", "西藏", "Beijing"], sectors });
  const t = await readCeadsMrio(file);
  const h = harmonizeMrio(t, { sectorScheme: "30" });
  assert.equal(h.harmonization.fromScheme, "42-2017");
  assert.deepEqual(h.regions, ["Beijing", "Shaanxi"]);
  // 21 instruments → 20; 22 other mfg + scrap and 23 repair → 21; 24 electricity → 22; 35 + 36 → 29.
  assert.deepEqual(h.sectorCodes, ["20", "21", "22", "29"]);
  assert.deepEqual(h.harmonization.merged.map((g) => [g.toCode, g.from.length]), [["21", 2], ["29", 2]]);
  const d = h.harmonization.dropped[0];
  assert.equal(d.region, "Tibet");
  close(sum(h.others), sum(t.others) - sumRegion(t.others!, 1, 6), "Σ others");
  close(sum(h.Z.data), sum(t.Z.data) - d.zWithin - d.zSales - d.zPurchases, "Σ Z");
  close(sum(h.x), sum(t.x) - d.output, "Σ x");
  assert.ok(h.imports && h.imports.values.cols === 8);
  // Row balance of the CEADs tables, x = Z·1 + Y·1 + e + o, still holds row by row.
  const N = h.x!.length, K = h.Y.cols;
  for (let i = 0; i < N; i++) {
    const s = sum(h.Z.data.subarray(i * N, (i + 1) * N)) + sum(h.Y.data.subarray(i * K, (i + 1) * K)) + h.exports![i] + h.others![i];
    close(s, h.x![i], `row ${i}`);
  }
});

function sumRegion(v: Float64Array, r: number, n: number): number {
  return sum(v.subarray(r * n, (r + 1) * n));
}
