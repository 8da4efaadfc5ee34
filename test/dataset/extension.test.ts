import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { emissionExtensionFromInventory, writeEmissionExtension } from "../../src/dataset/extension";
import { readSectorList } from "../../src/sources/concordance";
import { readCeadsInventory } from "../../src/sources/ceads-inventory";
import { formatPandasCsv } from "../../src/sources/pandas-csv";
import { loadMrioDirectory } from "../../src/cli/mrio";
import { InputError } from "../../src/util/errors";
import { SHARED_DIR } from "../shared-dir";

const INV = path.join(SHARED_DIR, "data/ceads-inventories/Emission_Inventories_for_30_Provinces_2015.xlsx");
const skip = fs.existsSync(INV) ? false : `CEADs inventory not found: ${INV}`;

/** A 3-province table whose sectors are labelled by their Chinese names (2012 numbering), regions by mixed spellings. */
function writeSmallMrio(dir: string, sectorNames: string[]): void {
  const regions = ["Shaanxi", "西藏", "XJ"];
  const cats = ["Rural household consumption", "Urban household consumption", "Government"];
  const n = sectorNames.length;
  const mn = regions.length * n;
  const rs = { names: ["region", "sector"], keys: regions.flatMap((r) => sectorNames.map((s) => [r, s])) };
  const rc = { names: ["region", "category"], keys: regions.flatMap((r) => cats.map((c) => [r, c])) };
  const Z = new Float64Array(mn * mn).map((_, k) => ((k * 7919) % 13) + 1);
  const Y = new Float64Array(mn * regions.length * cats.length).map((_, k) => ((k * 104729) % 17) + 1);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Z.csv"), formatPandasCsv({ index: rs, columns: rs, values: { rows: mn, cols: mn, data: Z } }));
  fs.writeFileSync(path.join(dir, "Y.csv"), formatPandasCsv({ index: rs, columns: rc, values: { rows: mn, cols: regions.length * cats.length, data: Y } }));
}

test("extension from the real 2015 inventory: sectors matched by Chinese name, province totals kept, Tibet f = 0", { skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cl-ext-"));
  const names = readSectorList("sectors_io42_2012").map((s) => s.nameZh);
  writeSmallMrio(dir, names);
  const r = await writeEmissionExtension({ mrioDir: dir, inventoryFile: INV });
  assert.equal(r.files.length, 2);
  assert.ok(r.notes.some((s) => /Tibet has no CEADs inventory: F = 0/.test(s)));
  const t = loadMrioDirectory(dir).table; // the engine's loader accepts it (labels match Z and Y)
  const recs = await readCeadsInventory(INV);
  const n = 42;
  const tot = (p: string, hh: boolean) => recs.filter((x) => x.province === p && x.isHousehold === hh).reduce((a, x) => a + x.scope1TotalMt, 0) * 1e6;
  const fRegion = (r0: number) => t.F!.values.data.slice(r0 * n, (r0 + 1) * n).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(fRegion(0) - tot("Shaanxi", false)) < 1e-6 * tot("Shaanxi", false));
  assert.equal(fRegion(1), 0);
  assert.ok(Math.abs(fRegion(2) - tot("Xinjiang", false)) < 1e-6 * tot("Xinjiang", false));
  const fy = t.F_Y!.values.data;
  assert.ok(Math.abs(fy[0] + fy[1] - tot("Shaanxi", true)) < 1e-6 * tot("Shaanxi", true));
  assert.equal(fy[2], 0, "government has no direct household emissions");
});

test("extension: a sector label that matches no code or name is an InputError naming it", { skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cl-ext-"));
  const names = readSectorList("sectors_io42_2012").map((s) => s.nameZh);
  names[5] = "Widgets";
  writeSmallMrio(dir, names);
  await assert.rejects(emissionExtensionFromInventory({ mrioDir: dir, inventoryFile: INV }), (e: unknown) => e instanceof InputError && /sector "Widgets"/.test(e.message));
  assert.ok(!fs.existsSync(path.join(dir, "F.csv")));
});
