import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { readCeadsInventory, readCeadsInventoryReport, splitSheetName, yearFromFileName } from "../../src/sources/ceads-inventory";
import { InputError } from "../../src/util/errors";
import { patternValues, tempDir, writeInventoryWorkbook } from "./inventory-helpers";
import { SHARED_DIR } from "../shared-dir";

const REAL_DIR = path.join(SHARED_DIR, "data/ceads-inventories");
const realFile = (year: number): string | undefined => {
  if (!fs.existsSync(REAL_DIR)) return undefined;
  const f = fs.readdirSync(REAL_DIR).find((n) => n.toLowerCase() === `emission_inventories_for_30_provinces_${year}.xlsx`);
  return f ? path.join(REAL_DIR, f) : undefined;
};
const skipReal = realFile(2017) ? false : `real CEADs inventories not found in ${REAL_DIR}`;

describe("CEADs inventory: real files", () => {
  for (const year of [2007, 2010, 2012, 2015, 2017]) {
    test(`${year}: 30 provinces, 47 rows each, closure holds in every sheet`, { skip: skipReal }, async () => {
      const r = await readCeadsInventoryReport(realFile(year)!);
      assert.equal(r.year, year);
      assert.equal(r.sheets.length, 30);
      assert.equal(new Set(r.records.map((x) => x.province)).size, 30);
      assert.ok(!r.records.some((x) => x.province === "Tibet"));
      assert.equal(r.records.length, 30 * 47);
      assert.equal(r.closureFailures.length, 0);
      for (const s of r.sheets) assert.ok(s.closureOk && s.worstClosureDifferenceMt < 1e-9, s.sheet);
      assert.equal(r.records.filter((x) => x.isHousehold).length, 60);
      assert.ok(r.records.every((x) => x.year === year && Number.isFinite(x.scope1TotalMt)));
      assert.deepEqual(r.warnings, []);
    });
  }

  test("every other year 1997–2019 reads too (header variants: underscores, CleanedCoal, TotalEmissions)", { skip: skipReal }, async () => {
    for (let year = 1997; year <= 2019; year++) {
      if ([2007, 2010, 2012, 2015, 2017].includes(year)) continue;
      const r = await readCeadsInventoryReport(realFile(year)!);
      assert.equal(r.sheets.length, 30, String(year));
      assert.equal(r.closureFailures.length, 0, String(year));
    }
  });

  test("2017 values agree with an independent cell-by-position read (exceljs, non-streaming) for Shaanxi, Hunan (underscore variant) and Inner Mongolia", { skip: skipReal }, async () => {
    const file = realFile(2017)!;
    const records = await readCeadsInventory(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    for (const [sheet, province] of [["Shaanxi2017", "Shaanxi"], ["Hunan2017", "Hunan"], ["InnerMongolia2017", "Inner Mongolia"]]) {
      const ws = wb.getWorksheet(sheet)!;
      const mine = records.filter((x) => x.province === province);
      assert.equal(mine.length, 47);
      // README layout: rows 5–49 sectors, 50 Urban, 51 Rural; column W = Scope 1 Total, B = Raw Coal, V = Process.
      for (let r = 5; r <= 51; r++) {
        const rec = mine[r - 5];
        assert.equal(rec.scope1TotalMt, ws.getCell(`W${r}`).value, `${sheet} W${r}`);
        assert.equal(rec.values.raw_coal, ws.getCell(`B${r}`).value, `${sheet} B${r}`);
        assert.equal(rec.values.process, ws.getCell(`V${r}`).value, `${sheet} V${r}`);
        assert.equal(rec.sector, String(ws.getCell(`A${r}`).value).trim());
      }
    }
  });

  test("hand-checked numbers: Shanghai 2017 total 196.1535 Mt, power sector 66.2668 Mt, households 10.3959 + 2.6603 Mt", { skip: skipReal }, async () => {
    const records = (await readCeadsInventory(realFile(2017)!)).filter((x) => x.province === "Shanghai");
    const total = records.reduce((a, x) => a + x.scope1TotalMt, 0);
    assert.ok(Math.abs(total - 196.1535085486939) < 1e-9);
    const power = records.find((x) => x.sector === "Production and Supply of Electric Power, Steam and Hot Water")!;
    assert.equal(power.sectorIndex, 39);
    assert.ok(Math.abs(power.scope1TotalMt - 66.2668042946709) < 1e-12);
    assert.ok(Math.abs(records.find((x) => x.sector === "Urban")!.scope1TotalMt - 10.395911285834512) < 1e-12);
    assert.ok(Math.abs(records.find((x) => x.sector === "Rural")!.scope1TotalMt - 2.6603454182492925) < 1e-12);
  });
});

describe("CEADs inventory: synthetic workbooks", () => {
  const dir = tempDir("ceads-inv-");

  test("standard and underscore variants read identically; provinces canonical, adcode order", async () => {
    const f = await writeInventoryWorkbook(dir, "Emission_Inventories_for_30_Provinces_2015.xlsx", [
      { name: "Shaanxi2015" },
      { name: "InnerMongolia2015", underscoreVariant: true },
    ]);
    const r = await readCeadsInventoryReport(f);
    assert.equal(r.year, 2015);
    assert.deepEqual([...new Set(r.records.map((x) => x.province))], ["Inner Mongolia", "Shaanxi"]);
    const nm = r.records.filter((x) => x.province === "Inner Mongolia");
    const expected = patternValues(2);
    nm.forEach((rec, i) => assert.equal(rec.scope1TotalMt, expected[i][21]));
    assert.equal(nm[44].sector, "Others");
    assert.equal(nm[44].sectorIndex, 45);
    assert.equal(nm[45].sector, "Urban");
    assert.equal(nm[45].isHousehold, true);
    assert.equal(nm[0].sector, "Farming, Forestry, Animal Husbandry, Fishery and Water Conservancy");
  });

  test("a sheet failing closure is an error by default, and reported (not dropped) with onClosureFailure: report", async () => {
    const f = await writeInventoryWorkbook(dir, "Emission_Inventories_for_30_Provinces_2012.xlsx", [{ name: "Gansu2012", totalOffset: 0.5 }, { name: "Qinghai2012" }]);
    await assert.rejects(readCeadsInventory(f), (e: unknown) => e instanceof InputError && /closure/.test(e.message) && /sheet Gansu2012, cell W4/.test(e.message));
    const r = await readCeadsInventoryReport(f, { onClosureFailure: "report" });
    assert.equal(r.records.length, 94);
    assert.equal(r.closureFailures.length, 1);
    assert.equal(r.closureFailures[0].sheet, "Gansu2012");
    assert.equal(r.closureFailures[0].column, "scope_1_total");
    assert.ok(Math.abs(r.closureFailures[0].differenceMt - 0.5) < 1e-9);
    assert.equal(r.sheets.find((s) => s.sheet === "Gansu2012")!.closureOk, false);
  });

  const bad: Array<[string, string, Parameters<typeof writeInventoryWorkbook>[2], RegExp]> = [
    ["non-numeric cell", "Emission_Inventories_for_30_Provinces_2010.xlsx", [{ name: "Ningxia2010", patch: [[12, 5, "n/a"]] }], /sheet Ningxia2010, cell E12: expected a number .*"n\/a"/],
    ["blank cell", "Emission_Inventories_for_30_Provinces_2010.xlsx", [{ name: "Ningxia2010", patch: [[12, 5, null]] }], /cell E12: expected a number .*blank/],
    ["sheet year differs from file year", "Emission_Inventories_for_30_Provinces_2010.xlsx", [{ name: "Ningxia2011" }], /sheet Ningxia2011: sheet year 2011 does not match the file's year 2010/],
    ["duplicated province", "Emission_Inventories_for_30_Provinces_2010.xlsx", [{ name: "InnerMongolia2010" }, { name: "Inner_Mongolia2010" }], /Inner Mongolia appears twice/],
    ["unknown province", "Emission_Inventories_for_30_Provinces_2010.xlsx", [{ name: "Atlantis2010" }], /unknown province "Atlantis"/],
    ["missing Scope 1 Total header", "Emission_Inventories_for_30_Provinces_2010.xlsx", [{ name: "Xinjiang2010", patch: [[1, 23, "Total"]] }], /sheet Xinjiang2010: no header row with a "Scope 1 Total"/],
    ["wrong unit", "Emission_Inventories_for_30_Provinces_2010.xlsx", [{ name: "Xinjiang2010", patch: [[2, 3, "kt CO2"]] }], /cell C2: unit "kt CO2" is not Mt CO2/],
    ["missing household row", "Emission_Inventories_for_30_Provinces_2010.xlsx", [{ name: "Xinjiang2010", patch: [[51, 1, "Other rural"]] }], /unexpected row "Other rural" after the household rows/],
  ];
  for (const [what, name, sheets, re] of bad) {
    test(`bad input → one-line InputError naming file, sheet and cell: ${what}`, async () => {
      const d = tempDir("ceads-inv-bad-");
      const f = await writeInventoryWorkbook(d, name, sheets);
      await assert.rejects(readCeadsInventory(f), (e: unknown) => {
        assert.ok(e instanceof InputError, String(e));
        assert.match(e.message, re);
        assert.ok(e.message.startsWith(f), e.message);
        assert.ok(!e.message.includes("\n"));
        return true;
      });
    });
  }

  test("blank cells may be read as zero when asked", async () => {
    const d = tempDir("ceads-inv-blank-");
    const values = patternValues(1);
    const f = await writeInventoryWorkbook(d, "x_2010.xlsx", [{ name: "Ningxia2010", values, patch: [[12, 5, null], [4, 5, values.reduce((a, r) => a + r[3], 0) - values[7][3]]] }]);
    const recs = await readCeadsInventory(f, { blankCells: "zero" });
    assert.equal(recs[7].values.briquettes, 0);
  });

  test("missing file → InputError", async () => {
    await assert.rejects(readCeadsInventory(path.join(dir, "nope_2010.xlsx")), InputError);
  });

  test("file-name and sheet-name parsing", () => {
    assert.equal(yearFromFileName("/x/Emission_inventories_for_30_provinces_1997.xlsx"), 1997);
    assert.equal(yearFromFileName("/x/inventory.xlsx"), undefined);
    assert.deepEqual(splitSheetName("InnerMongolia2017"), { name: "InnerMongolia", year: 2017 });
    assert.deepEqual(splitSheetName("Shaanxi_2017"), { name: "Shaanxi", year: 2017 });
    assert.equal(splitSheetName("NOTE"), undefined);
  });
});
