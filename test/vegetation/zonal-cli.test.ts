import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { writeRaster } from "../../src/sources/geotiff";
import type { GridGeometry } from "../../src/vegetation/grid";
import { zonalOfRasterFiles } from "../../src/vegetation/zonal-files";
import { polygonAreaKm2 } from "../../src/vegetation/area";
import { lonLatToModisSinusoidal } from "../../src/vegetation/mask";

const root = path.resolve(__dirname, "../..");
const cli = (args: string[]) => spawnSync(process.execPath, [path.join(root, "bin/carbon-ledger.js"), ...args], { encoding: "utf8", cwd: root });

// 4 × 4 one-degree pixels, lon 100…104, lat 30…34. Zone A: columns 0–1 (8 pixels); zone B: columns 2–3, rows 0–1 (4 pixels).
const grid: GridGeometry = { crs: "EPSG:4326", originX: 100, originY: 34, pixelWidth: 1, pixelHeight: 1, width: 4, height: 4 };
const zones = {
  type: "FeatureCollection",
  features: [
    { type: "Feature", properties: { adcode: "A", name: "Zone A" }, geometry: { type: "Polygon", coordinates: [[[100, 30], [102, 30], [102, 34], [100, 34], [100, 30]]] } },
    { type: "Feature", properties: { adcode: "B", name: "Zone B" }, geometry: { type: "Polygon", coordinates: [[[102, 32], [104, 32], [104, 34], [102, 34], [102, 32]]] } },
  ],
};

async function fixture(): Promise<{ dir: string; files: string[]; zonesFile: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zonal-cli-"));
  const files: string[] = [];
  for (let k = 0; k < 5; k++) {
    const dn = new Int16Array(16).fill(32767);
    for (let r = 0; r < 4; r++) for (let c = 0; c < 2; c++) dn[r * 4 + c] = 1000 + 100 * k; // A: 100, 110, … 140 g C m⁻²
    dn[2] = 500; // B: 50 g C m⁻², constant
    dn[3] = 500;
    dn[6] = 500;
    dn[7] = 32767; // B's fourth pixel: no data in every year
    const f = path.join(dir, `npp_${2001 + k}.tif`);
    await writeRaster(f, grid, dn, { nodata: 32767, scale: 0.1 });
    files.push(f);
  }
  const zonesFile = path.join(dir, "zones.geojson");
  fs.writeFileSync(zonesFile, JSON.stringify(zones));
  return { dir, files, zonesFile };
}

test("zonal CLI on small GeoTIFFs: hand-computable CSV", async () => {
  const { dir, files, zonesFile } = await fixture();
  try {
    const out = path.join(dir, "zonal.csv");
    const r = cli(["zonal", "--tif", ...files, "--zones", zonesFile, "--out", out, "--pixel-area", "constant"]);
    assert.equal(r.status, 0, r.stderr);
    const [head, ...rows] = fs.readFileSync(out, "utf8").trim().split("\n");
    const cols = head.split(",");
    const get = (row: string, name: string) => row.split(",")[cols.indexOf(name)];
    const [a, b] = rows;
    assert.equal(rows.length, 2);
    assert.equal(get(a, "area_km2"), "8.0");
    assert.equal(get(a, "mean_gC_m2_2001"), "100.000");
    assert.equal(get(a, "mean_gC_m2_2005"), "140.000");
    assert.equal(get(a, "change_first_last_pct"), "40.000");
    assert.equal(get(a, "series_slope_gC_m2_yr2"), "10.0000");
    assert.equal(get(a, "mean_pixel_slope_gC_m2_yr2"), "10.0000");
    // n = 5 strictly increasing: S = 10, Var(S) = 5·4·15/18, Z = 9/√16.67 = 2.20 → significant at 0.05
    assert.equal(get(a, "share_increase_pct"), "100.0000");
    assert.equal(get(b, "share_no_change_pct"), "75.0000");
    assert.equal(get(b, "share_no_data_pct"), "25.0000");
    assert.equal(get(a, "share5_significant_increase_pct"), "100.0000");
    assert.equal(get(b, "share5_stable_pct"), "75.0000"); // Sen slope exactly 0
    assert.equal(get(b, "valid_area_km2_2003"), "3.0");
    assert.equal(get(b, "mean_gC_m2_2003"), "50.000");
    // ellipsoidal areas (default): zone A ≈ 8 one-degree cells at 30–34°N ≈ 8 × 10,500 km²
    const out2 = path.join(dir, "zonal2.csv");
    assert.equal(cli(["zonal", "--tif", ...files, "--zones", zonesFile, "--out", out2, "--no-trend"]).status, 0);
    const row2 = fs.readFileSync(out2, "utf8").trim().split("\n")[1];
    const area = Number(get(row2, "area_km2"));
    assert.ok(area > 8 * 10000 && area < 8 * 10800, `${area}`);
    assert.equal(get(row2, "share_increase_pct"), "");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("zonal CLI bad input: one-line error, exit code 2, nothing written", async () => {
  const { dir, files, zonesFile } = await fixture();
  try {
    const out = path.join(dir, "bad.csv");
    const cases: string[][] = [
      ["--zones", path.join(dir, "missing.geojson")],
      ["--zones", zonesFile, "--alpha", "2"],
      ["--zones", zonesFile, "--years", "2001:2002"],
      ["--zones", zonesFile, "--group", "X=A,Q"],
      ["--zones", zonesFile, "--stable-slope", "-1"],
    ];
    for (const extra of cases) {
      const r = cli(["zonal", "--tif", ...files, "--out", out, ...extra]);
      assert.equal(r.status, 2, `${extra.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /^carbon-ledger: /);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.ok(!fs.existsSync(out));
    }
    const noYear = path.join(dir, "raster.tif");
    fs.copyFileSync(files[0], noYear);
    const r = cli(["zonal", "--tif", noYear, "--zones", zonesFile, "--out", out]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /raster\.tif.*year/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("MODIS sinusoidal stack: mask area matches the polygon's ellipsoidal area", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zonal-sinu-"));
  try {
    const px = 463.312716528;
    const [x0, y0] = lonLatToModisSinusoidal(107.8, 35.2);
    const sgrid: GridGeometry = { crs: "MODIS-sinusoidal", originX: x0, originY: y0, pixelWidth: px, pixelHeight: px, width: 160, height: 80 }; // 74 km × 37 km: the sinusoidal shear at 108°E moves the quad east of the origin
    const files: string[] = [];
    for (let k = 0; k < 5; k++) {
      const f = path.join(dir, `MOD17A3HGF.A${2010 + k}.tif`);
      await writeRaster(f, sgrid, new Int16Array(160 * 80).fill(2000 + k), { nodata: 32767 });
      files.push(f);
    }
    const ring = [[107.9, 34.9], [108.1, 34.9], [108.1, 35.1], [107.9, 35.1], [107.9, 34.9]];
    const dense: number[][] = [];
    for (let i = 0; i < 4; i++) for (let s = 0; s < 20; s++) dense.push([ring[i][0] + ((ring[i + 1][0] - ring[i][0]) * s) / 20, ring[i][1] + ((ring[i + 1][1] - ring[i][1]) * s) / 20]);
    dense.push(ring[0]);
    const zones = { type: "FeatureCollection" as const, features: [{ type: "Feature" as const, id: "Q", properties: { adcode: "Q", name: "quad" }, geometry: { type: "MultiPolygon" as const, coordinates: [[dense as [number, number][]]] } }] };
    const [q] = await zonalOfRasterFiles({ files, zones, alpha: false });
    const expected = polygonAreaKm2({ type: "Polygon", coordinates: [dense] });
    assert.ok(Math.abs(q.areaKm2 / expected - 1) < 0.03, `${q.areaKm2} vs ${expected}`);
    assert.ok(Math.abs(q.areaKm2 - q.pixels * 0.214659) < 1e-3);
    assert.ok(Math.abs(q.series[0].meanGCPerM2PerYear! - 200) < 1e-9);
    assert.equal(q.series[4].year, 2014);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
