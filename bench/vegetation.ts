/**
 * Per-pixel trend benchmark (`npm run bench -- vegetation`): a deterministic stack of 11 annual
 * int16 MODIS-convention NPP GeoTIFFs, 4000 × 3100 = 12.4 M pixels (Northwest China at 500 m),
 * generated once into bench/out/vegetation/ (≈ 273 MB, cached). Then, in the same run:
 *  - whole-process wall time and peak RSS of `carbon-ledger trend --tif … --out … --modis`
 *    (reads, computes Sen + MK per pixel on all cores, writes slope/z/p/class GeoTIFFs + summary);
 *  - the same computation vectorized in numpy (bench/vegetation_numpy.py, tifffile reading the
 *    same files, writing the same four rasters), and the ratio;
 *  - agreement: class counts and the largest slope difference between the two outputs.
 * Targets (issue 5): ≥ 4× faster than numpy on the 2-core machine, peak memory < 2 GB.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { findPython, measureProcess, report } from "./harness";
import { encodeGeoTiff, readRaster } from "../src/sources/geotiff";
import { writeFileAtomic } from "../src/util/atomic-write";
import type { GridGeometry } from "../src/vegetation/grid";

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "bench/out/vegetation");
const YEARS = Array.from({ length: 11 }, (_, i) => 2007 + i);
/** MODIS sinusoidal 500 m grid over NW China (origin near h23v04's corner; the numbers only need to be plausible). */
const GRID: GridGeometry = { width: 4000, height: 3100, crs: "MODIS-sinusoidal", originX: 6671703.118, originY: 5559752.598333, pixelWidth: 463.312716528, pixelHeight: 463.312716528 };

/** Deterministic synthetic NPP: smooth level and trend fields, noise, water/barren/fill codes, gaps. */
function writeStack(): string[] {
  const files = YEARS.map((y) => path.join(OUT, `npp_${y}.tif`));
  if (files.every((f) => fs.existsSync(f))) return files;
  fs.mkdirSync(OUT, { recursive: true });
  const { width, height } = GRID;
  const n = width * height;
  const level = new Float32Array(n);
  const trend = new Float32Array(n);
  const code = new Int16Array(n); // 0 = vegetated, else a land-cover code for all years
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      const u = c / width;
      const v = r / height;
      level[i] = 800 + 2500 * (0.5 + 0.5 * Math.sin(6 * u + 2 * Math.cos(5 * v))) * (0.3 + 0.7 * v);
      trend[i] = 25 * Math.sin(9 * v + 4 * u) + 10 * Math.cos(13 * u);
      const desert = Math.sin(7 * u) * Math.cos(6 * v) > 0.75; // barren blobs
      const lake = (u - 0.3) ** 2 + (v - 0.6) ** 2 < 0.0016;
      code[i] = lake ? 32766 : desert ? 32765 : 0;
    }
  let h = 0x9e3779b9;
  const rnd = () => {
    h = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    h ^= h >>> 13;
    return (h >>> 0) / 4294967296;
  };
  const dn = new Int16Array(n);
  for (const [k, f] of files.entries()) {
    for (let i = 0; i < n; i++) {
      if (code[i] !== 0) dn[i] = code[i];
      else if (rnd() < 0.004) dn[i] = 32767; // a gap (fill) in this year
      else dn[i] = Math.max(0, Math.round(level[i] + trend[i] * k + (rnd() - 0.5) * 0.25 * level[i]));
    }
    writeFileAtomic(f, encodeGeoTiff(GRID, dn, { nodata: 32767, description: "benchmark synthetic MOD17A3HGF-style NPP (DN x 0.1 g C m-2 a-1)" }));
  }
  return files;
}

export async function run(): Promise<void> {
  const t0 = Date.now();
  const files = writeStack();
  console.log(`  stack: ${GRID.width} × ${GRID.height} = ${((GRID.width * GRID.height) / 1e6).toFixed(1)} M pixels × ${YEARS.length} years, int16 GeoTIFFs in ${path.relative(ROOT, OUT)} (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const outOurs = path.join(OUT, "trend-ours");
  const ours = measureProcess(process.execPath, [path.join(ROOT, "bin/carbon-ledger.js"), "trend", "--tif", ...files, "--out", outOurs, "--modis"]);
  if (ours.status !== 0) throw new Error(`carbon-ledger trend failed: ${ours.stderr}`);
  const py = findPython(["numpy", "tifffile"]);
  const outNumpy = path.join(OUT, "trend-numpy");
  let ref;
  if (py) {
    ref = measureProcess(py, [path.join(ROOT, "bench/vegetation_numpy.py"), outNumpy, "0.05", ...files]);
    if (ref.status !== 0) throw new Error(`numpy reference failed: ${ref.stderr}`);
  }
  console.log(report("trend --tif, 12.4 M pixels × 11 years (Sen + Mann–Kendall, 4 GeoTIFFs out)", ours, ref));
  if (ref) {
    console.log(`  speed-up over numpy: ${(ref.wallSeconds / ours.wallSeconds).toFixed(2)}× (target ≥ 4×); peak memory ${ours.peakRssMiB.toFixed(0)} MiB (target < 2048 MiB)`);
    const summary = JSON.parse(fs.readFileSync(path.join(outOurs, "summary.json"), "utf8")) as { pixelCounts: Record<string, number> };
    const np = JSON.parse(fs.readFileSync(path.join(outNumpy, "counts.json"), "utf8")) as Record<string, number>;
    const a = summary.pixelCounts;
    console.log(`  class counts ours/numpy: increase ${a.increase}/${np.increase}, no change ${a.noChange}/${np.noChange}, decrease ${a.decrease}/${np.decrease}, no data ${a.noData}/${np.noData}`);
    const s1 = (await readRaster(path.join(outOurs, "slope.tif"))).values;
    const raw = fs.readFileSync(path.join(outNumpy, "slope.f32")); // tifffile's TIFFs carry no georeferencing
    const s2 = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
    let maxAbs = 0;
    let nanMismatch = 0;
    for (let i = 0; i < s1.length; i++) {
      if (Number.isNaN(s1[i]) !== Number.isNaN(s2[i])) nanMismatch++;
      else if (!Number.isNaN(s1[i])) maxAbs = Math.max(maxAbs, Math.abs(s1[i] - s2[i]));
    }
    console.log(`  slopes: max |ours − numpy| = ${maxAbs.toExponential(2)} g C m⁻² a⁻², no-data mismatches ${nanMismatch}`);
  }
}
