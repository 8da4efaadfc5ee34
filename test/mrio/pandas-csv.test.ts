import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { formatPandasCsv, parsePandasCsv, pythonFloatRepr, readPandasCsv } from "../../src/sources/pandas-csv";
import { parseMapping } from "../../src/sources/mapping-csv";
import { InputError } from "../../src/util/errors";
import { SHARED_DIR } from "../shared-dir";

const DATA = path.join(SHARED_DIR, "data/pymrio-test-mrio");
const haveData = fs.existsSync(path.join(DATA, "Z.csv"));

test("pythonFloatRepr matches Python's repr(float) (values checked with CPython 3)", () => {
  const cases: Array<[number, string]> = [
    [0, "0.0"], [-0, "-0.0"], [1, "1.0"], [-2.5, "-2.5"], [0.1, "0.1"], [1 / 3, "0.3333333333333333"],
    [1e-4, "0.0001"], [1e-5, "1e-05"], [9.9275703e-05, "9.9275703e-05"], [1.5e-7, "1.5e-07"], [1e-300, "1e-300"],
    [5e-324, "5e-324"], [1e15, "1000000000000000.0"], [9999999999999998, "9999999999999998.0"], [1e16, "1e+16"],
    [1.2345e21, "1.2345e+21"], [2 ** 60, "1.152921504606847e+18"], [1.7976931348623157e308, "1.7976931348623157e+308"],
    [123456.789, "123456.789"], [0.00012, "0.00012"], [Infinity, "inf"], [-Infinity, "-inf"],
  ];
  for (const [x, want] of cases) assert.equal(pythonFloatRepr(x), want, `repr(${x})`);
});

test("format → parse round-trips every double exactly (fast-check)", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 30 }), (xs) => {
      const frame = {
        index: { names: ["region", "sector"], keys: [["a", "b"]] },
        columns: { names: ["region", "sector"], keys: xs.map((_, j) => ["r", `s${j}`]) },
        values: { rows: 1, cols: xs.length, data: Float64Array.from(xs) },
      };
      const back = parsePandasCsv(formatPandasCsv(frame));
      for (let j = 0; j < xs.length; j++) assert.ok(Object.is(back.values.data[j], xs[j]) || (xs[j] === 0 && back.values.data[j] === 0), `${xs[j]} → ${back.values.data[j]}`);
    }),
    { numRuns: 300, seed: 3 },
  );
});

test("labels with commas and quotes are quoted as csv.QUOTE_MINIMAL and read back", () => {
  const frame = {
    index: { names: ["region", "sector"], keys: [["Inner Mongolia", 'Food, "tobacco"']] },
    columns: { names: ["stressor"], keys: [["CO2"], ["a,b"]] },
    values: { rows: 1, cols: 2, data: Float64Array.from([1, 2]) },
  };
  const text = formatPandasCsv(frame);
  assert.equal(text, 'region,sector,CO2,"a,b"\nInner Mongolia,"Food, ""tobacco""",1.0,2.0\n');
  const back = parsePandasCsv(text, { headerRows: 1 });
  assert.deepEqual(back.index.keys, frame.index.keys);
  assert.deepEqual(back.columns.keys, frame.columns.keys);
});

test("bad cells: InputError naming file, row and column labels", () => {
  const text = "region,,r1,r1\nsector,,s1,s2\nregion,sector,,\nr1,s1,1.0,2.0\nr1,s2,3.0,abc\n";
  assert.throws(() => parsePandasCsv(text, { file: "Z.csv" }), (e: unknown) => e instanceof InputError && /Z\.csv, line 5, row r1\/s2, column r1\/s2: "abc" is not a finite number/.test(e.message));
  assert.throws(() => parsePandasCsv(text.replace("3.0", ""), { file: "Z.csv" }), /empty cell/);
  assert.throws(() => parsePandasCsv(text.replace("3.0", "inf"), { file: "Z.csv" }), /not a finite number/);
  assert.throws(() => parsePandasCsv(text.replace("3.0,abc", "3.0"), { file: "Z.csv" }), /row has 3 fields, the header has 4/);
});

test("pymrio test system: read + write reproduces every file byte for byte", { skip: haveData ? false : `${DATA} not present` }, () => {
  for (const f of ["Z", "Y", "F", "F_Y"]) {
    const file = path.join(DATA, `${f}.csv`);
    const frame = readPandasCsv(file);
    assert.equal(formatPandasCsv(frame), fs.readFileSync(file, "utf8"), `${f}.csv differs after round trip`);
  }
  const Z = readPandasCsv(path.join(DATA, "Z.csv"));
  assert.equal(Z.values.rows, 48);
  assert.equal(Z.values.cols, 48);
  assert.deepEqual(Z.index.names, ["region", "sector"]);
  assert.deepEqual(Z.index.keys[1], ["reg1", "mining"]);
  assert.equal(Z.values.data[0], 23697.221);
  const Y = readPandasCsv(path.join(DATA, "Y.csv"));
  assert.equal(Y.values.cols, 42);
  assert.deepEqual(Y.columns.names, ["region", "category"]);
});

test("mapping CSV: header, many-to-one, errors with line numbers", () => {
  const m = parseMapping("province,region\nShaanxi,Northwest\nGansu,Northwest\n# comment\n\nBeijing,North\n");
  assert.equal(m.fromName, "province");
  assert.deepEqual(m.groups, ["Northwest", "North"]);
  assert.equal(m.map.get("Gansu"), "Northwest");
  assert.throws(() => parseMapping("a,b\nx,G1\nx,G2\n", "map.csv"), /map\.csv, line 3: "x" is mapped twice/);
  assert.throws(() => parseMapping("a,b\nx,G1,extra\n", "map.csv"), /line 2: expected 2 fields/);
  assert.throws(() => parseMapping("a,b\n", "map.csv"), /no rows/);
});
