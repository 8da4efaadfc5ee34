/**
 * Zonal-statistics benchmark (`npm run bench -- zonal`): a stack of 11 annual int16 NPP GeoTIFFs
 * over the five Northwest provinces at 0.0072° (5243 × 2465 ≈ 12.9 M pixels, the size of the
 * NW region at MODIS 500 m), written to bench/out/zonal/; then whole-process wall time and peak
 * RSS of `carbon-ledger zonal --zones china-provinces --no-trend` (rasterizes the provinces AND
 * computes per-province yearly totals/means) versus numpy (bench/zonal_numpy.py: reads the same
 * files with tifffile and computes the same sums with np.bincount, given the zone raster that our
 * code rasterized — so numpy does strictly less work). The per-pixel trend has its own benchmark.
 * The two results are compared (max relative difference of the yearly totals).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { findPython, measureProcess, report } from "./harness";
import { writeRaster } from "../src/sources/geotiff";
import { loadChinaProvinces, NORTHWEST_ADCODES } from "../src/sources/province-boundaries";
import { rasterizeZones } from "../src/vegetation/mask";
import type { GridGeometry } from "../src/vegetation/grid";

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "bench/out/zonal");
const YEARS = Array.from({ length: 11 }, (_, i) => 2007 + i);

async function writeStack(): Promise<string[]> {
  const grid: GridGeometry = { crs: "EPSG:4326", originX: 73.5, originY: 49.25, pixelWidth: 0.0072, pixelHeight: 0.0072, width: 5243, height: 2465 };
  const files = YEARS.map((y) => path.join(OUT, `npp_${y}.tif`));
  const zoneFile = path.join(OUT, "zones.tif");
  if ([...files, zoneFile].every((f) => fs.existsSync(f))) return files;
  fs.mkdirSync(OUT, { recursive: true });
  const zones = loadChinaProvinces({ adcodes: NORTHWEST_ADCODES });
  const { zoneIndex } = rasterizeZones(zones.features, grid);
  await writeRaster(zoneFile, grid, Uint8Array.from(zoneIndex), { nodata: 0 });
  const n = grid.width * grid.height;
  const dn = new Int16Array(n);
  for (const [k, f] of files.entries()) {
    let h = 2166136261 ^ k;
    for (let p = 0; p < n; p++) {
      if (zoneIndex[p] === 0) {
        dn[p] = 32767;
        continue;
      }
      h = Math.imul(h ^ p, 16777619) >>> 0; // cheap deterministic noise
      const r = Math.floor(p / grid.width);
      dn[p] = 500 + ((r * 3) % 3000) + (h & 1023) + 20 * k;
    }
    await writeRaster(f, grid, dn, { nodata: 32767, scale: 0.1, description: "benchmark synthetic NPP" });
  }
  return files;
}

export async function run(): Promise<void> {
  const files = await writeStack();
  const csv = path.join(OUT, "zonal.csv");
  const ours = measureProcess(process.execPath, [path.join(ROOT, "bin/carbon-ledger.js"), "zonal", "--tif", ...files, "--zones", "china-provinces", "--no-trend", "--out", csv]);
  if (ours.status !== 0) throw new Error(`carbon-ledger zonal failed: ${ours.stderr}`);
  const py = findPython(["numpy", "tifffile"]);
  let ref;
  const refOut = path.join(OUT, "zonal_numpy.json");
  if (py) {
    ref = measureProcess(py, [path.join(ROOT, "bench/zonal_numpy.py"), path.join(OUT, "zones.tif"), refOut, ...files]);
    if (ref.status !== 0) throw new Error(`numpy reference failed: ${ref.stderr}`);
  }
  console.log(report("zonal, 5 provinces × 11 years × 12.9 M pixels (no trend)", ours, ref));
  if (ref) {
    const lines = fs.readFileSync(csv, "utf8").trim().split("\n");
    const head = lines[0].split(",");
    const np = JSON.parse(fs.readFileSync(refOut, "utf8")) as number[][]; // [zone][year] total t C
    let maxRel = 0;
    lines.slice(1, 6).forEach((line, z) => {
      const cells = line.split(",");
      YEARS.forEach((y, k) => {
        const ourMt = Number(cells[head.indexOf(`total_MtC_${y}`)]);
        maxRel = Math.max(maxRel, Math.abs(ourMt - np[z][k] / 1e6) / Math.max(1e-12, np[z][k] / 1e6));
      });
    });
    console.log(`  agreement of yearly province totals with numpy: max relative difference ${maxRel.toExponential(2)} (CSV rounding 1e-6 Mt)`);
  }
}
