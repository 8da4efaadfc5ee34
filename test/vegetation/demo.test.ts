import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generateDemoVegetation } from "../../src/demo/vegetation";
import { readRaster, readStackHeaders } from "../../src/sources/geotiff";
import { zonesFromGeoJson } from "../../src/sources/province-boundaries";
import { zonalOfRasterFiles } from "../../src/vegetation/zonal-files";

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));
const small = zonesFromGeoJson({ type: "Polygon", coordinates: [[[105.3, 35.6], [106.9, 35.6], [106.9, 37.1], [105.3, 37.1], [105.3, 35.6]]] });

function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: false }).map(String).filter((f) => f.endsWith(".tif")).sort();
}

test("small-region demo: byte-identical across runs, seed-dependent", async () => {
  const a = tmp("demo-a-");
  const b = tmp("demo-b-");
  const c = tmp("demo-c-");
  try {
    const opts = { zones: small, years: [2000, 2002] as const };
    const ra = await generateDemoVegetation(a, opts);
    await generateDemoVegetation(b, opts);
    await generateDemoVegetation(c, { ...opts, seed: 1 });
    assert.equal(ra.nppFiles.length, 3);
    assert.equal(ra.temperatureFiles.length, 36);
    const files = allFiles(a);
    assert.deepEqual(files, allFiles(b));
    for (const f of files) assert.ok(fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))), `${f} differs between runs`);
    assert.ok(!fs.readFileSync(path.join(a, "npp_2001.tif")).equals(fs.readFileSync(path.join(c, "npp_2001.tif"))), "seed has no effect");
    // NEP basis through the file pipeline: NEP = NPP − Rh, with Rh of the size the formula gives at mean T ≈ 10 °C, P ≈ 400 mm (≈ 200 g C m⁻² a⁻¹)
    const npp = await zonalOfRasterFiles({ files: ra.nppFiles, zones: small, alpha: false });
    const nep = await zonalOfRasterFiles({ files: ra.nppFiles, zones: small, alpha: false, basis: "nep", temperatureFiles: ra.temperatureFiles, precipitationFiles: ra.precipitationFiles });
    npp[0].series.forEach((y, k) => {
      const rh = y.meanGCPerM2PerYear! - nep[0].series[k].meanGCPerM2PerYear!;
      assert.ok(rh > 50 && rh < 400, `${y.year}: mean Rh ${rh}`);
    });
    await assert.rejects(
      zonalOfRasterFiles({ files: ra.nppFiles, zones: small, alpha: false, basis: "nep", temperatureFiles: ra.temperatureFiles.slice(1), precipitationFiles: ra.precipitationFiles }),
      /missing the temperature raster for 2000-01/,
    );
  } finally {
    for (const d of [a, b, c]) fs.rmSync(d, { recursive: true, force: true });
  }
});

test("full demo: files, size, raster loader, plausible values, DEMO tags, zonal pattern", async () => {
  const dir = tmp("demo-full-");
  try {
    const r = await generateDemoVegetation(dir);
    assert.equal(r.nppFiles.length, 21);
    assert.equal(r.temperatureFiles.length, 21 * 12);
    assert.equal(r.precipitationFiles.length, 21 * 12);
    assert.equal(r.grid.pixelWidth, 0.05);
    const bytes = allFiles(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
    assert.ok(bytes < 50e6, `${bytes} bytes`);
    // the NPP stack passes the raster loader with MODIS conventions (same grid everywhere)
    const headers = await readStackHeaders(r.nppFiles, { modis: true });
    assert.equal(headers[0].sampleType, "int16");
    const npp = await readRaster(r.nppFiles[10], { modis: true });
    let valid = 0;
    let max = -Infinity;
    let min = Infinity;
    for (const v of npp.values)
      if (!Number.isNaN(v)) {
        valid++;
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
    assert.ok(valid > 0.4 * npp.values.length && valid < npp.values.length, `${valid} valid pixels`);
    assert.ok(min >= 0 && max < 1500, `NPP range ${min}…${max} g C m⁻² a⁻¹`);
    const t = await readRaster(r.temperatureFiles[6]); // July 2000
    const p = await readRaster(r.precipitationFiles[6]);
    for (const v of t.values) assert.ok(v > -40 && v < 40, `July temperature ${v}`);
    for (const v of p.values) assert.ok(v >= 0 && v < 1000, `July precipitation ${v}`);
    const tJan = await readRaster(r.temperatureFiles[0]);
    assert.ok(tJan.values.reduce((s, v) => s + v, 0) < t.values.reduce((s, v) => s + v, 0), "January colder than July");
    for (const f of [r.nppFiles[0], r.temperatureFiles[0], r.precipitationFiles[0]]) assert.ok(fs.readFileSync(f).includes("DEMO / synthetic"), `${f} lacks the DEMO tag`);
    const stats = await zonalOfRasterFiles({ files: r.nppFiles, zones: "china-provinces", alpha: false });
    const mean = (id: string) => {
      const s = stats.find((x) => x.id === id)!;
      return s.series.reduce((a, y) => a + (y.meanGCPerM2PerYear ?? 0), 0) / s.series.length;
    };
    // wetter Shaanxi greener than desert Xinjiang; Loess Plateau provinces green up faster than Qinghai
    assert.ok(mean("610000") > 2 * mean("650000"));
    const change = (id: string) => stats.find((x) => x.id === id)!.changeFirstToLastPct!;
    assert.ok(change("640000") > change("630000") && change("610000") > change("630000"));
    assert.ok(stats.some((s) => s.id === "northwest" && s.kind === "group"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
