import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { deriveCeadsProvinceSector } from "../../src/demo/derive-emissions";
import { formatProvinceSectorCsv, readProvinceSectorEmissions } from "../../src/demo/emissions";
import { readCeadsInventory } from "../../src/sources/ceads-inventory";
import { inventoryFile } from "../../src/demo/derive-emissions";
import { SHARED_DIR } from "../shared-dir";

const INV = path.join(SHARED_DIR, "data/ceads-inventories");
const skip = fs.existsSync(path.join(INV, "Emission_Inventories_for_30_Provinces_2017.xlsx")) ? false : `CEADs inventories not found at ${INV}`;
const DATA = path.resolve(__dirname, "../../data");

test("committed ceads-province-sector.csv is exactly what the derivation gives from the real inventories", { skip }, async () => {
  const rows = await deriveCeadsProvinceSector(INV, [2007, 2010, 2012, 2015, 2017], path.join(DATA, "national-io"));
  assert.equal(fs.readFileSync(path.join(DATA, "emissions", "ceads-province-sector.csv"), "utf8"), formatProvinceSectorCsv(rows));
});

test("province totals (42 sectors + households) equal the inventory's 45 sectors + Urban + Rural", { skip }, async () => {
  const committed = readProvinceSectorEmissions();
  for (const year of [2007, 2017]) {
    const recs = await readCeadsInventory(inventoryFile(INV, year));
    for (const province of ["Shaanxi", "Xinjiang", "Beijing"]) {
      const want = recs.filter((r) => r.province === province).reduce((a, r) => a + r.scope1TotalMt, 0);
      const got = committed.filter((r) => r.year === year && r.province === province).reduce((a, r) => a + r.scope1TotalMt, 0);
      assert.ok(Math.abs(got - want) < 1e-9 * Math.max(1, want), `${year} ${province}: ${got} vs ${want}`);
    }
  }
});
