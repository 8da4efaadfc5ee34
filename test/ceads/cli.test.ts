import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { readPandasCsv } from "../../src/sources/pandas-csv";
import { readSectorList } from "../../src/sources/concordance";
import { tempDir, writeInventoryWorkbook } from "./inventory-helpers";
import { writeMrioWorkbook } from "./mrio-workbook";

const root = path.resolve(__dirname, "../..");
const cli = (args: string[]) => spawnSync(process.execPath, [path.join(root, "bin/carbon-ledger.js"), ...args], { encoding: "utf8", cwd: root });

describe("carbon-ledger ceads (CLI)", () => {
  test("inventory: tidy CSV with households, total row excluded; IO mapping alongside", async () => {
    const d = tempDir("ceads-cli-");
    const f = await writeInventoryWorkbook(d, "Emission_Inventories_for_30_Provinces_2015.xlsx", [{ name: "Shaanxi2015" }, { name: "Gansu2015", underscoreVariant: true }]);
    const out = path.join(d, "out", "inv.csv");
    const io = path.join(d, "out", "io.csv");
    const r = cli(["ceads", "inventory", "--file", f, "--out", out, "--io-scheme", "30", "--io-out", io]);
    assert.equal(r.status, 0, r.stderr);
    const lines = fs.readFileSync(out, "utf8").trim().split("\n");
    assert.match(lines[0], /^year,province,province_code,sector_index,sector,is_household,scope1_total_mt,raw_coal_mt,/);
    assert.equal(lines.length, 1 + 2 * 47);
    assert.ok(lines[1].startsWith("2015,Shaanxi,SN,1,"), lines[1]);
    assert.equal(lines.filter((l) => l.includes(",true,")).length, 4);
    assert.ok(!lines.some((l) => /Total/.test(l)));
    const ioLines = fs.readFileSync(io, "utf8").trim().split("\n");
    assert.equal(ioLines.length, 1 + 2 * 30 + 2 * 2);
  });

  test("inventory: bad input → exit 2, one line naming file/sheet/cell, nothing written", async () => {
    const d = tempDir("ceads-cli-bad-");
    const f = await writeInventoryWorkbook(d, "Emission_Inventories_for_30_Provinces_2015.xlsx", [{ name: "Shaanxi2015", patch: [[9, 4, "?"]] }]);
    const out = path.join(d, "inv.csv");
    const r = cli(["ceads", "inventory", "--file", f, "--out", out]);
    assert.equal(r.status, 2);
    assert.match(r.stderr.trim(), /^carbon-ledger: .*Emission_Inventories_for_30_Provinces_2015\.xlsx, sheet Shaanxi2015, cell D9: expected a number/);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.ok(!fs.existsSync(out));
    assert.deepEqual(fs.readdirSync(d).filter((n) => n.includes("tmp")), []);
  });

  test("mrio: pandas-style Z/Y/x/value added that read back to the same numbers; bad sheet → exit 2, nothing written", async () => {
    const d = tempDir("ceads-cli-mrio-");
    const file = path.join(d, "MRIO2017.xlsx");
    const sectors = readSectorList("sectors_io42_2017").slice(0, 3).map((s) => ({ code: s.code, name: s.nameZh }));
    const exp = await writeMrioWorkbook({ file, variant: "2017", regions: ["Ningxia", "Qinghai"], sectors });
    const out = path.join(d, "tables");
    const r = cli(["ceads", "mrio", "--file", file, "--out", out, "--year", "2017"]);
    assert.equal(r.status, 0, r.stderr);
    for (const n of ["Z.csv", "Y.csv", "x.csv", "value_added.csv", "exports.csv", "others.csv", "imports.csv", "meta.json"]) assert.ok(fs.existsSync(path.join(out, n)), n);
    const Z = readPandasCsv(path.join(out, "Z.csv"));
    assert.deepEqual(Z.index.keys[0], ["Ningxia", sectors[0].name]);
    assert.deepEqual(Array.from(Z.values.data), Array.from(exp.Z));
    const x = readPandasCsv(path.join(out, "x.csv"), { headerRows: 1, indexCols: 2 });
    assert.deepEqual(Array.from(x.values.data), Array.from(exp.x));
    const meta = JSON.parse(fs.readFileSync(path.join(out, "meta.json"), "utf8"));
    assert.equal(meta.unit, "10^4 yuan");
    const out2 = path.join(d, "tables2");
    const bad = cli(["ceads", "mrio", "--file", file, "--out", out2, "--sheet", "Table"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /no sheet "Table" \(sheets: Table_2017\)/);
    assert.ok(!fs.existsSync(out2));
  });
});
