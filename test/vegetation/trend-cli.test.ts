import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { writeArrayBuffer } from "geotiff";
import { readRaster, readRasterHeader, writeRaster } from "../../src/sources/geotiff";
import { parseYearsSpec } from "../../src/cli/trend";
import { yearFromFileName } from "../../src/sources/raster-files";
import type { GridGeometry } from "../../src/vegetation/grid";

const root = path.resolve(__dirname, "../..");
const cli = (args: string[]) => spawnSync(process.execPath, [path.join(root, "bin/carbon-ledger.js"), ...args], { encoding: "utf8", cwd: root });
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "trend-cli-"));

test("trend --csv: hand-computed rows (ties, a gap, too few values, a quoted id)", () => {
  const dir = tmp();
  try {
    const input = path.join(dir, "series.csv");
    fs.writeFileSync(input, 'id,2007,2008,2009,2010,2011,2012\na,1,2,2,3,,5\n"b, c",5,4,3,2,1,0\nshort,1,,,,,2\nflat,3,3,3,3,3,3\n');
    const out = path.join(dir, "out.csv");
    const r = cli(["trend", "--csv", input, "--out", out]);
    assert.equal(r.status, 0, r.stderr);
    const lines = fs.readFileSync(out, "utf8").trim().split("\n");
    assert.equal(lines[0], "id,n,slope,intercept,s,var_s,z,p,class");
    // a: slopes median .775, S = 9, Var = 282/18, Z = 8/√15.667 = 2.0212, p = 0.04326 (see trend.test.ts)
    assert.equal(lines[1], "a,5,0.775,0.45,9,15.6666666667,2.02116461056,0.0432627278069,increasing");
    // b, c: exact line of slope −1, S = −15, Var = 6·5·17/18 = 28.333, Z = −14/√28.333
    assert.equal(lines[2], '"b, c",6,-1,5,-15,28.3333333333,-2.63014202256,0.00853492041423,decreasing');
    assert.equal(lines[3], "short,2,,,,,,,no data");
    assert.equal(lines[4], "flat,6,0,3,0,0,0,1,no trend");
    // --alpha 0.01 turns "a" into no trend
    const r2 = cli(["trend", "--csv", input, "--out", out, "--alpha", "0.01"]);
    assert.equal(r2.status, 0, r2.stderr);
    assert.match(fs.readFileSync(out, "utf8").split("\n")[1], /,no trend$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("trend --csv bad input: exit 2, the cell named, no output", () => {
  const dir = tmp();
  try {
    const input = path.join(dir, "bad.csv");
    fs.writeFileSync(input, "id,2007,2008,2009\na,1,x,3\n");
    const out = path.join(dir, "out.csv");
    const r = cli(["trend", "--csv", input, "--out", out]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /bad\.csv, cell C2/);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.ok(!fs.existsSync(out));
    fs.writeFileSync(input, "id,2007,year2008\na,1,2\n");
    const r2 = cli(["trend", "--csv", input, "--out", out]);
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /cell C1.*not a year/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const grid: GridGeometry = { width: 4, height: 3, crs: "EPSG:4326", originX: 90, originY: 40, pixelWidth: 0.5, pixelHeight: 0.5 };

async function stack(dir: string, names: (y: number) => string): Promise<string[]> {
  const files: string[] = [];
  for (let k = 0; k < 6; k++) {
    const y = 2010 + k;
    const dn = new Int16Array(12);
    for (let i = 0; i < 12; i++) dn[i] = i < 4 ? 1000 + 50 * k : i < 8 ? 1000 - 30 * k : 1000 + (k % 2) * 10; // rows: up, down, flat-ish
    dn[11] = 32767; // one pixel without data
    const f = path.join(dir, names(y));
    await writeRaster(f, grid, dn, { nodata: 32767 });
    files.push(f);
  }
  return files;
}

test("trend --tif: four GeoTIFFs on the input grid and summary.json", async () => {
  const dir = tmp();
  try {
    const files = await stack(dir, (y) => `MOD17A3HGF.A${y}001.h25v05.061.tif`);
    const out = path.join(dir, "out");
    const r = cli(["trend", "--tif", ...files.reverse(), "--out", out, "--modis"]);
    assert.equal(r.status, 0, r.stderr);
    for (const f of ["slope.tif", "z.tif", "p.tif", "class.tif", "summary.json"]) assert.ok(fs.existsSync(path.join(out, f)), f);
    const cls = await readRaster(path.join(out, "class.tif"));
    const clsHeader = await readRasterHeader(path.join(out, "class.tif"));
    assert.equal(clsHeader.sampleType, "int8");
    assert.deepEqual(clsHeader.nodataDN, [-128]);
    assert.deepEqual(cls.grid, grid);
    assert.deepEqual(Array.from(cls.values.slice(0, 8)), [1, 1, 1, 1, -1, -1, -1, -1]);
    assert.equal(cls.values[8], 0);
    assert.ok(Number.isNaN(cls.values[11]));
    const slope = await readRaster(path.join(out, "slope.tif"));
    assert.ok(Math.abs(slope.values[0] - 5) < 1e-5); // 50 DN per year × 0.1
    assert.ok(Math.abs(slope.values[4] + 3) < 1e-5);
    const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
    assert.deepEqual(summary.inputs.map((i: { year: number }) => i.year), [2010, 2011, 2012, 2013, 2014, 2015]);
    assert.equal(summary.pixelCounts.increase, 4);
    assert.equal(summary.pixelCounts.decrease, 4);
    assert.equal(summary.pixelCounts.noData, 1);
    const sh = summary.areaShares;
    assert.ok(Math.abs(sh.increase + sh.noChange + sh.decrease + sh.noData - 1) < 1e-12);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("trend --tif bad input: exit 2, one line naming the file, no outputs left", async () => {
  const dir = tmp();
  try {
    const files = await stack(dir, (y) => `npp_${y}.tif`);
    const out = path.join(dir, "out");
    // a grid that differs
    await writeRaster(files[3], { ...grid, width: 3 }, new Int16Array(9));
    let r = cli(["trend", "--tif", ...files, "--out", out]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /grids differ/);
    assert.ok(r.stderr.includes(files[0]) && r.stderr.includes(files[3]));
    assert.ok(!fs.existsSync(out));
    // not a TIFF
    fs.writeFileSync(files[3], "not a tiff");
    r = cli(["trend", "--tif", ...files, "--out", out]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /npp_2013\.tif: not a TIFF/);
    assert.ok(!fs.existsSync(out));
    // no year in a file name
    const noYear = path.join(dir, "npp_latest.tif");
    fs.copyFileSync(files[0], noYear);
    r = cli(["trend", "--tif", files[0], files[1], noYear, "--out", out]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /npp_latest\.tif: no single 4-digit year/);
    // --years with the wrong count
    r = cli(["trend", "--tif", files[0], files[1], noYear, "--years", "2007:2010", "--out", out]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /4 years but 3 files/);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.ok(!fs.existsSync(out));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("trend --tif with one multi-band file: one band per year from --years", async () => {
  const dir = tmp();
  try {
    // 2 × 2 pixels, 6 bands (uint8, pixel-interleaved): pixel p rises by p − 1 per year.
    const vals: number[] = [];
    for (let p = 0; p < 4; p++) for (let b = 0; b < 6; b++) vals.push(100 + (p - 1) * b * 3 + (b % 2));
    const f = path.join(dir, "stack.tif");
    fs.writeFileSync(f, new Uint8Array(writeArrayBuffer(vals, { width: 2, height: 2, SamplesPerPixel: 6, ModelPixelScale: [1, 1, 0], ModelTiepoint: [0, 0, 0, 100, 40, 0], GeographicTypeGeoKey: 4326, GTModelTypeGeoKey: 2, GTRasterTypeGeoKey: 1 } as never)));
    const out = path.join(dir, "out");
    let r = cli(["trend", "--tif", f, "--out", out]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /needs --years/);
    r = cli(["trend", "--tif", f, "--years", "2010:2015", "--out", out]);
    assert.equal(r.status, 0, r.stderr);
    const cls = await readRaster(path.join(out, "class.tif"));
    assert.deepEqual(Array.from(cls.values), [-1, 0, 1, 1]);
    const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
    assert.deepEqual(summary.inputs.map((i: { band: number; year: number }) => [i.band, i.year]), [[0, 2010], [1, 2011], [2, 2012], [3, 2013], [4, 2014], [5, 2015]]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("years from file names and --years specs", () => {
  assert.equal(yearFromFileName("/x/MOD17A3HGF.A2007001.h25v05.061.2021237000000.tif"), 2007);
  assert.equal(yearFromFileName("npp_2015_gc.tif"), 2015);
  assert.equal(yearFromFileName("NPP2015.tif"), 2015);
  assert.equal(yearFromFileName("npp_2015_vs_2016.tif"), undefined);
  assert.equal(yearFromFileName("npp_123456.tif"), undefined);
  assert.deepEqual(parseYearsSpec("2007:2010"), [2007, 2008, 2009, 2010]);
  assert.deepEqual(parseYearsSpec("2007,2009,2010"), [2007, 2009, 2010]);
  assert.throws(() => parseYearsSpec("2010:2007"), /before the start/);
  assert.throws(() => parseYearsSpec("2009,2007"), /increase/);
});
