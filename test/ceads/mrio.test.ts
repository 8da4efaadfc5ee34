import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { outputSharesFromMrio, readCeadsMrio, unitFromText } from "../../src/sources/ceads-mrio";
import { inventoryToIoSectors } from "../../src/sources/ceads-inventory";
import { readSectorList } from "../../src/sources/concordance";
import { InputError } from "../../src/util/errors";
import { INVENTORY_SECTORS, tempDir } from "./inventory-helpers";
import { MrioWorkbookSpec, SyntheticMrio, writeMrioWorkbook } from "./mrio-workbook";

const s17 = readSectorList("sectors_io42_2017").slice(0, 4).map((s) => ({ code: s.code, name: s.nameZh }));
const s30 = readSectorList("sectors_io30").slice(0, 3).map((s) => ({ code: s.code, name: s.nameEn }));
const dir = tempDir("ceads-mrio-");
let counter = 0;
const fileFor = (name = "MRIO2017.xlsx") => path.join(tempDir(`ceads-mrio-${counter++}-`), name);

function assertArray(actual: ArrayLike<number> | undefined, expected: ArrayLike<number>, what: string): void {
  assert.ok(actual, `${what} missing`);
  assert.equal(actual!.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++) if (Math.abs(actual![i] - expected[i]) > 1e-9 * Math.max(1, Math.abs(expected[i]))) assert.fail(`${what}[${i}] = ${actual![i]}, expected ${expected[i]}`);
}

describe("CEADs MRIO workbook reader: documented layouts", () => {
  test("2017 layout (3 provinces × 4 sectors): every block, merged headers, blank zero cells, AXF-like total column skipped", async () => {
    const file = fileFor();
    const exp: SyntheticMrio = await writeMrioWorkbook({ file, variant: "2017", regions: ["Shaanxi", "Gansu", "内蒙古"], sectors: s17, extraSheets: ["Table_2017_consistent"] });
    await assert.rejects(readCeadsMrio(file, { year: 2017 }), /several sheets hold year 2017 \(Table_2017_consistent, Table_2017\)/);
    const t = await readCeadsMrio(file, { sheet: "Table_2017", year: 2017 });
    assert.deepEqual(t.regions, ["Shaanxi", "Gansu", "Inner Mongolia"]);
    assert.deepEqual(t.regionLabels, ["Shaanxi", "Gansu", "内蒙古"]);
    assert.deepEqual(t.sectorCodes, ["01", "02", "03", "04"]);
    assert.deepEqual(t.sectors, s17.map((s) => s.name));
    assert.deepEqual(t.categories, ["rural_household", "urban_household", "government", "gfcf", "inventory"]);
    assert.equal(t.unit, "10^4 yuan");
    assert.equal(t.year, 2017);
    assert.equal(t.Z.rows, 12);
    assertArray(t.Z.data, exp.Z, "Z");
    assert.equal(t.Y.cols, 15);
    assertArray(t.Y.data, exp.Y, "Y");
    assertArray(t.exports, exp.exports, "exports");
    assertArray(t.others, exp.others, "others");
    assertArray(t.x, exp.x, "x");
    assertArray(t.imports!.values.data, exp.imports, "imports");
    assertArray(t.importsFinalDemand!.values.data, exp.importsFinal, "imports (final demand)");
    assert.deepEqual(t.valueAdded!.index.keys.map((k) => k[0]), ["compensation_of_employees", "net_production_taxes", "depreciation", "operating_surplus", "total_value_added"]);
    for (let k = 0; k < 4; k++) assertArray(t.valueAdded!.values.data.subarray(k * 12, (k + 1) * 12), exp.va[k], `VA ${k}`);
    assertArray(t.totalInput, exp.x, "total input");
    assert.ok(t.rowBalance!.maxRelResidual < 1e-12);
    assert.equal(t.layout.intermediateBlock, "D5:O16");
    assert.equal(t.layout.exportsColumn, "AF");
    assert.ok(t.warnings.some((w) => /中间使用合计/.test(w) && /skipped/.test(w)));
  });

  test("2012 Output_Raw layout: no code row or column, Z at C4, total final use column skipped, no exports", async () => {
    const file = fileFor("WEC nexus data_2012.xlsx");
    const exp = await writeMrioWorkbook({ file, variant: "2012raw", regions: ["Beijing", "Tianjin"], sectors: s17.slice(0, 3), sheet: "Output_Raw", title: "2012年中国省区间投入产出表 单位：万元" });
    const t = await readCeadsMrio(file, { year: 2012 });
    assert.equal(t.sheet, "Output_Raw");
    assert.equal(t.layout.intermediateBlock, "C4:H9");
    assert.equal(t.layout.sectorCodeRow, "none");
    assertArray(t.Z.data, exp.Z, "Z");
    assertArray(t.Y.data, exp.Y, "Y");
    assertArray(t.x, exp.x, "x");
    assert.equal(t.exports, undefined);
    assert.ok(t.warnings.some((w) => /no exports column/.test(w)));
    assert.deepEqual(t.valueAdded!.index.keys, [["total_value_added"]]);
  });

  test("English 30-sector layout: numeric codes, English category names, unit 10,000 yuan", async () => {
    const file = fileFor("china_mrio_2010.xlsx");
    const exp = await writeMrioWorkbook({ file, variant: "english30", regions: ["Xinjiang", "Ningxia", "Qinghai", "Guangdong"], sectors: s30, sheet: "2010" });
    const t = await readCeadsMrio(file);
    assert.equal(t.year, 2010);
    assert.equal(t.unit, "10^4 yuan");
    assert.deepEqual(t.sectorCodes, ["01", "02", "03"]);
    assert.deepEqual(t.regions, ["Xinjiang", "Ningxia", "Qinghai", "Guangdong"]);
    assertArray(t.Z.data, exp.Z, "Z");
    assertArray(t.Y.data, exp.Y, "Y");
    assertArray(t.exports, exp.exports, "exports");
    assertArray(t.x, exp.x, "x");
    assert.equal(t.valueAdded!.values.rows, 5);
  });

  test("unit texts", () => {
    assert.equal(unitFromText("单位：万元"), "10^4 yuan");
    assert.equal(unitFromText("(unit: 10,000 yuan)"), "10^4 yuan");
    assert.equal(unitFromText("Unit: million yuan"), "10^6 yuan");
    assert.equal(unitFromText("单位：亿元"), "10^8 yuan");
    assert.equal(unitFromText("100 million yuan"), "10^8 yuan");
    assert.equal(unitFromText("Table 2017"), undefined);
  });
});

describe("CEADs MRIO workbook reader: bad input → InputError naming file, sheet, cell", () => {
  const base = (over: Partial<MrioWorkbookSpec>): MrioWorkbookSpec => ({ file: fileFor(), variant: "2017", regions: ["Shaanxi", "Gansu"], sectors: s17.slice(0, 3), ...over });
  const cases: Array<[string, Partial<MrioWorkbookSpec>, Parameters<typeof readCeadsMrio>[1], RegExp]> = [
    ["wrong sheet", {}, { sheet: "Table_2015" }, /no sheet "Table_2015" \(sheets: Table_2017\)/],
    ["year not in file", {}, { year: 2015 }, /year 2015 is not in this file/],
    ["non-numeric cell in Z", { patch: [[6, 5, "n.a."]] }, { sheet: "Table_2017" }, /sheet Table_2017, cell E6: expected a number inside the table, found "n\.a\."/],
    ["non-numeric cell in final demand", { patch: [[5, 12, "x"]] }, {}, /cell L5: expected a number/],
    ["duplicated province", { regionHeaderOverride: [[1, "Shaanxi"]] }, {}, /sheet Table_2017, cell G2: duplicated province "Shaanxi"/],
    ["missing header (no province row)", { regionHeaderOverride: [[0, "Atlantis"], [1, "Utopia"]] }, {}, /sheet Table_2017: no province header row/],
    ["sector block mismatch", { patch: [[4, 8, "09"]] }, {}, /cell H3: sector column "09 .*" of Gansu does not match position 2/],
    ["no unit in title", { title: "China MRIO 2017" }, {}, /no monetary unit/],
  ];
  for (const [what, over, opts, re] of cases) {
    test(what, async () => {
      const spec = base(over);
      await writeMrioWorkbook(spec);
      await assert.rejects(readCeadsMrio(spec.file, opts), (e: unknown) => {
        assert.ok(e instanceof InputError, String(e));
        assert.match(e.message, re);
        assert.ok(e.message.startsWith(spec.file));
        assert.ok(!e.message.includes("\n"));
        return true;
      });
    });
  }

  test("missing row in the intermediate block", async () => {
    const spec = base({ patch: [[7, 2, "不存在的部门"], [7, 3, "99"]] });
    await writeMrioWorkbook(spec);
    await assert.rejects(readCeadsMrio(spec.file), /no row for Shaanxi \/ 03/);
  });

  test("unit option when the title has none", async () => {
    const spec = base({ title: "China MRIO 2017" });
    await writeMrioWorkbook(spec);
    const t = await readCeadsMrio(spec.file, { unit: "10^4 yuan" });
    assert.equal(t.unit, "10^4 yuan");
  });

  test("not an xlsx file", async () => {
    const f = path.join(dir, "bad.xlsx");
    fs.writeFileSync(f, "this is not a zip");
    await assert.rejects(readCeadsMrio(f), InputError);
  });
});

describe("MRIO output → inventory split shares", () => {
  test("outputSharesFromMrio feeds inventoryToIoSectors (hand check on a 1-province table)", async () => {
    const sectors = readSectorList("sectors_io42_2017").map((s) => ({ code: s.code, name: s.nameZh }));
    const file = fileFor();
    const exp = await writeMrioWorkbook({ file, variant: "2017", regions: ["Shaanxi"], sectors, seed: 3 });
    const t = await readCeadsMrio(file);
    const shares = outputSharesFromMrio(t);
    assert.equal(shares.Shaanxi["15"], exp.x[14]);
    const inv = INVENTORY_SECTORS.map((s, i) => ({
      year: 2017, province: "Shaanxi", sector: s, sectorIndex: i + 1, isHousehold: false, scope1TotalMt: i === 29 ? 10 : 0, values: {},
    }));
    const io = inventoryToIoSectors(inv, { scheme: "42-2017", outputShares: shares });
    const e15 = io.industry.find((e) => e.ioCode === "15")!.emissionsMt;
    const e23 = io.industry.find((e) => e.ioCode === "23")!.emissionsMt;
    assert.ok(Math.abs(e15 - (10 * exp.x[14]) / (exp.x[14] + exp.x[22])) < 1e-9);
    assert.ok(Math.abs(e15 + e23 - 10) < 1e-12);
  });
});

describe("MRIO reader round trip (property)", () => {
  test("any small table written in any documented variant reads back block for block", async () => {
    const all = readSectorList("sectors_io42_2012").map((s) => ({ code: s.code, name: s.nameZh }));
    const provinces = ["Beijing", "Hebei", "Xinjiang", "Tibet", "Hainan"];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom("2017" as const, "2012raw" as const, "english30" as const),
        fc.integer({ min: 1, max: 1000 }),
        async (m, n, variant, seed) => {
          const file = fileFor(`t_${variant}_2012.xlsx`);
          const exp = await writeMrioWorkbook({ file, variant, regions: provinces.slice(0, m), sectors: all.slice(0, n), seed, sheet: "Table" });
          const t = await readCeadsMrio(file);
          assert.deepEqual(t.regions, provinces.slice(0, m));
          assert.equal(t.sectorCodes.length, n);
          assertArray(t.Z.data, exp.Z, "Z");
          assertArray(t.Y.data, exp.Y, "Y");
          assertArray(t.x, exp.x, "x");
          if (variant !== "2012raw") assertArray(t.exports, exp.exports, "exports");
          assert.ok(t.rowBalance!.maxRelResidual < 1e-9);
        },
      ),
      { numRuns: 12, seed: 42 },
    );
  });
});
