import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { readRaster, readStackHeaders, writeRaster, type RasterHeader } from "../../src/sources/geotiff";
import { trendOfSeries } from "../../src/vegetation/trend";
import { CLASS_NODATA, DN_MISSING, makeKernelTables, selectKthBanded, selectKthBandedInt, trendClassShares, trendKernel, trendKernelDN, trendOfStack, type TrendKernelOutput, type TrendRasterResult } from "../../src/vegetation/trend-raster";
import type { GridGeometry } from "../../src/vegetation/grid";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cl-trend-raster-"));
process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));

const YEARS = [2007, 2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017];
const grid: GridGeometry = { width: 23, height: 17, crs: "MODIS-sinusoidal", originX: 7783653.637667, originY: 4447802.078667, pixelWidth: 463.312716528, pixelHeight: 463.312716528 };

/** Deterministic LCG (seeded; no Math.random in tests). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A MODIS-style int16 stack with trends, ties, fill values, land-cover codes and gaps. */
async function writeModisStack(): Promise<{ files: string[]; dn: Int16Array[] }> {
  const rnd = lcg(42);
  const n = grid.width * grid.height;
  const dn = YEARS.map(() => new Int16Array(n));
  for (let i = 0; i < n; i++) {
    const trend = ((i % 9) - 4) * 8;
    const level = 2000 + (i % 13) * 50;
    const coarse = i % 5 === 0; // coarse values → many ties
    for (let k = 0; k < YEARS.length; k++) {
      let v = level + trend * k + Math.round((rnd() - 0.5) * 400);
      if (coarse) v = Math.round(v / 200) * 200;
      dn[k][i] = v;
    }
    if (i % 17 === 3) for (let k = 0; k < YEARS.length; k++) dn[k][i] = 32766; // water: all years
    if (i % 11 === 4) dn[(i >> 2) % YEARS.length][i] = 32767; // one gap
    if (i % 23 === 7) for (let k = 0; k < 7; k++) dn[k][i] = 32765; // only 4 valid years → no data
    if (i % 29 === 1) for (const k of [1, 4, 8]) dn[k][i] = 32767; // three gaps
  }
  const files: string[] = [];
  for (let k = 0; k < YEARS.length; k++) {
    const f = path.join(dir, `npp_${YEARS[k]}.tif`);
    await writeRaster(f, grid, dn[k], { nodata: 32767, rowsPerStrip: 3 });
    files.push(f);
  }
  return { files, dn };
}

function assertAgreesWithSeries(result: TrendRasterResult, stack: Float32Array[], label: string): void {
  const n = grid.width * grid.height;
  let checked = 0;
  let nodata = 0;
  for (let i = 0; i < n; i++) {
    const series = stack.map((v) => v[i]);
    const ref = trendOfSeries(YEARS, series);
    if (ref.class3 === null) {
      assert.equal(result.class3[i], CLASS_NODATA, `${label} pixel ${i}: expected no data`);
      assert.ok(Number.isNaN(result.slope[i]));
      nodata++;
      continue;
    }
    assert.ok(Math.abs(result.slope[i] - ref.slope) <= 1e-5 * Math.max(1, Math.abs(ref.slope)), `${label} pixel ${i}: slope ${result.slope[i]} vs ${ref.slope}`);
    assert.ok(Math.abs(result.z[i] - ref.z) <= 1e-6 * Math.max(1, Math.abs(ref.z)), `${label} pixel ${i}: z ${result.z[i]} vs ${ref.z}`);
    assert.ok(Math.abs(result.p[i] - ref.p) <= 1e-6 * Math.max(1e-3, ref.p), `${label} pixel ${i}: p ${result.p[i]} vs ${ref.p}`);
    assert.equal(result.s[i], ref.s);
    assert.equal(result.n[i], ref.n);
    assert.equal(result.class3[i], ref.class3, `${label} pixel ${i}: class3`);
    assert.equal(result.class5[i], ref.class5, `${label} pixel ${i}: class5`);
    checked++;
  }
  assert.ok(checked > 300 && nodata > 20, `${label}: ${checked} pixels checked, ${nodata} no data`);
}

test("whole-raster engine agrees pixel by pixel with the one-series reference (int16 MODIS stack, main thread, workers, geotiff.js path)", async () => {
  const { files } = await writeModisStack();
  const headers = await readStackHeaders(files, { modis: true });
  const stack = await Promise.all(files.map(async (f) => (await readRaster(f, { modis: true })).values));
  const inline = await trendOfStack(headers, YEARS, { workers: 0, stripRows: 4 });
  assertAgreesWithSeries(inline, stack, "inline");
  let progressCalls = 0;
  let lastRows = 0;
  const threaded = await trendOfStack(headers, YEARS, { workers: 2, stripRows: 5, onProgress: (done, total) => { progressCalls++; lastRows = done; assert.equal(total, grid.height); } });
  assertAgreesWithSeries(threaded, stack, "workers");
  assert.equal(lastRows, grid.height);
  assert.equal(progressCalls, Math.ceil(grid.height / 5));
  assert.deepEqual(threaded.counts, inline.counts);
  // Non-direct path (geotiff.js decoding, as for compressed files) gives the same result.
  const viaLibrary: RasterHeader[] = headers.map((h) => ({ ...h, direct: undefined }));
  const lib = await trendOfStack(viaLibrary, YEARS, { workers: 0, stripRows: 6 });
  assert.deepEqual(Array.from(lib.class3), Array.from(inline.class3));
  assert.deepEqual(Array.from(lib.slope), Array.from(inline.slope));
  const c = inline.counts;
  assert.equal(c.increase + c.noChange + c.decrease + c.noData, c.pixels);
  assert.ok(c.increase > 0 && c.decrease > 0 && c.noChange > 0);
});

test("float32 stack with NaN gaps and a scale: float kernel agrees with the reference", async () => {
  const rnd = lcg(7);
  const g: GridGeometry = { width: 19, height: 11, crs: "EPSG:4326", originX: 80, originY: 45, pixelWidth: 0.1, pixelHeight: 0.1 };
  const n = g.width * g.height;
  const files: string[] = [];
  const stack: Float32Array[] = [];
  for (let k = 0; k < YEARS.length; k++) {
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) v[i] = i % 13 === 2 && k % 3 === 0 ? NaN : 100 + ((i % 7) - 3) * k * 1.7 + (rnd() - 0.5) * 20;
    const f = path.join(dir, `nep_${YEARS[k]}.tif`);
    await writeRaster(f, g, v, { nodata: NaN, scale: 0.5 });
    files.push(f);
    stack.push(v.map((x) => x * 0.5));
  }
  const headers = await readStackHeaders(files);
  const r = await trendOfStack(headers, YEARS, { workers: 0 });
  for (let i = 0; i < n; i++) {
    const ref = trendOfSeries(YEARS, stack.map((v) => v[i]));
    assert.ok(Math.abs(r.slope[i] - ref.slope) <= 1e-5 * Math.max(1, Math.abs(ref.slope)), `pixel ${i}`);
    assert.equal(r.class3[i], ref.class3);
    assert.equal(r.s[i], ref.s);
  }
});

test("integer-DN kernel and float kernel agree; negative scale reverses the trend (property)", () => {
  const tables = makeKernelTables(YEARS, { minCount: 4 });
  const mk = (np: number): TrendKernelOutput => ({ slope: new Float32Array(np), z: new Float32Array(np), p: new Float32Array(np), class3: new Int8Array(np), class5: new Int8Array(np), s: new Int16Array(np), n: new Uint8Array(np) });
  fc.assert(
    fc.property(fc.array(fc.array(fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -300, max: 300 }) }, { weight: 1, arbitrary: fc.constant(DN_MISSING) }), { minLength: 11, maxLength: 11 }), { minLength: 1, maxLength: 20 }), fc.constantFrom(0.1, 2, -0.5), (pixels, scale) => {
      const np = pixels.length;
      const dn = new Int32Array(11 * np);
      const f = new Float64Array(11 * np);
      pixels.forEach((px, i) => px.forEach((v, k) => { dn[k * np + i] = v; f[k * np + i] = v === DN_MISSING ? NaN : v * scale + 7; }));
      const a = mk(np);
      const b = mk(np);
      trendKernelDN(dn, np, scale, tables, a, 0);
      trendKernel(f, np, tables, b, 0);
      for (let i = 0; i < np; i++) {
        assert.equal(a.class3[i], b.class3[i]);
        // A zero slope on DNs can come out as ±1e-16 from physical floats (DN × scale + offset
        // rounds), which moves the 5-class "stable" label; the DN kernel is the exact one.
        if (Math.abs(b.slope[i]) > 1e-9) assert.equal(a.class5[i], b.class5[i]);
        else assert.ok(a.slope[i] === 0, `slope ${a.slope[i]}`);
        assert.equal(a.s[i], b.s[i]);
        if (!Number.isNaN(b.slope[i])) assert.ok(Math.abs(a.slope[i] - b.slope[i]) <= 1e-5 * Math.max(1, Math.abs(b.slope[i])));
      }
    }),
    { numRuns: 200 },
  );
});

test("banded selection returns the exact k-th smallest (property)", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -1e8, max: 1e8 }), { minLength: 1, maxLength: 70 }), fc.nat(), (a, kk) => {
      const k = kk % a.length;
      const want = [...a].sort((p, q) => p - q)[k];
      assert.equal(selectKthBandedInt(Int32Array.from(a), new Int32Array(a.length), a.length, k), want);
      assert.equal(selectKthBanded(Float64Array.from(a, (x) => x / 7), new Float64Array(a.length), a.length, k), want / 7);
    }),
    { numRuns: 500 },
  );
});

test("class area shares include no data and add to 1; geographic rows are weighted by cell area", () => {
  const g: GridGeometry = { width: 2, height: 2, crs: "EPSG:4326", originX: 0, originY: 60, pixelWidth: 30, pixelHeight: 30 };
  // row 0 (60°N–30°N) both increase, row 1 (30°N–0°) decrease + no data.
  const s = trendClassShares(Int8Array.from([1, 1, -1, CLASS_NODATA]), g);
  const w0 = Math.sin(Math.PI / 3) - Math.sin(Math.PI / 6);
  const w1 = Math.sin(Math.PI / 6);
  assert.ok(Math.abs(s.increase - w0 / (w0 + w1)) < 1e-12);
  assert.ok(Math.abs(s.decrease - w1 / 2 / (w0 + w1)) < 1e-12);
  assert.ok(Math.abs(s.increase + s.noChange + s.decrease + s.noData - 1) < 1e-12);
  const eq = trendClassShares(Int8Array.from([1, 0, 0, CLASS_NODATA]), { ...g, crs: "MODIS-sinusoidal" });
  assert.deepEqual([eq.increase, eq.noChange, eq.noData, eq.weighting], [0.25, 0.5, 0.25, "equal-area"]);
});
