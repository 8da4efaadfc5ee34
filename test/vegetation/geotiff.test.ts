import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fromFile, writeArrayBuffer } from "geotiff";
import { readRaster, readRasterHeader, readStackHeaders, writeRaster, encodeGeoTiff, gridDifference } from "../../src/sources/geotiff";
import { InputError } from "../../src/util/errors";
import type { GridGeometry } from "../../src/vegetation/grid";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cl-geotiff-"));
process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));

// MODIS tile h25v05, 500 m pixels (463.312716528 m), upper-left corner as in the HDF metadata.
const sinusoidal: GridGeometry = { width: 6, height: 4, crs: "MODIS-sinusoidal", originX: 7783653.637667, originY: 4447802.078667, pixelWidth: 463.312716528, pixelHeight: 463.312716528 };
const geographic: GridGeometry = { width: 5, height: 3, crs: "EPSG:4326", originX: 73.5, originY: 49.25, pixelWidth: 0.05, pixelHeight: 0.05 };

test("int16 MODIS-style round trip: DN × 0.1 g C, fill 32767 and land-cover codes masked, sinusoidal grid", async () => {
  const dn = new Int16Array(24).map((_, i) => i * 37 - 100);
  dn[2] = 32767;
  dn[3] = 32761;
  dn[4] = 32766;
  dn[5] = 32700; // the largest valid DN
  const file = path.join(dir, "npp_2007.tif");
  await writeRaster(file, sinusoidal, dn, { nodata: 32767, description: "NPP" });
  const r = await readRaster(file, { modis: true });
  assert.deepEqual(r.grid, sinusoidal);
  for (let i = 0; i < 24; i++) {
    if (i >= 2 && i <= 4) assert.ok(Number.isNaN(r.values[i]), `pixel ${i} should be no data`);
    else assert.ok(Math.abs(r.values[i] - Math.fround(dn[i] * 0.1)) < 1e-6, `pixel ${i}: ${r.values[i]}`);
  }
  // Without the MODIS convention: only the declared GDAL_NODATA is masked, DNs unscaled.
  const raw = await readRaster(file);
  assert.ok(Number.isNaN(raw.values[2]));
  assert.equal(raw.values[3], 32761);
  assert.equal(raw.values[0], -100);
  // An independent reader (geotiff.js) sees the same tags.
  const tiff = await fromFile(file);
  const img = await tiff.getImage();
  const keys = img.getGeoKeys() as Record<string, unknown>;
  assert.equal(keys.GTModelTypeGeoKey, 1);
  assert.equal(keys.ProjCoordTransGeoKey, 24);
  assert.equal(keys.GeogSemiMajorAxisGeoKey, 6371007.181);
  assert.equal(String(img.fileDirectory.getValue("GDAL_NODATA")).replace(/\0/g, ""), "32767");
  assert.deepEqual(img.getOrigin().slice(0, 2), [sinusoidal.originX, sinusoidal.originY]);
  await tiff.close();
});

test("float32 EPSG:4326 round trip with scale/offset in GDAL metadata and NaN nodata", async () => {
  const v = new Float32Array(15).map((_, i) => i / 4);
  v[7] = NaN;
  const file = path.join(dir, "f.tif");
  await writeRaster(file, geographic, v, { nodata: NaN, scale: 2, offset: -1, description: "a <test> & more" });
  const h = await readRasterHeader(file);
  assert.equal(h.scale, 2);
  assert.equal(h.offset, -1);
  assert.equal(h.sampleType, "float32");
  const r = await readRaster(file);
  assert.deepEqual(r.grid, geographic);
  for (let i = 0; i < 15; i++) {
    if (i === 7) assert.ok(Number.isNaN(r.values[i]));
    else assert.equal(r.values[i], (i / 4) * 2 - 1);
  }
  // options override the file's metadata
  const r2 = await readRaster(file, { scale: 1, offset: 0, nodata: [0] });
  assert.ok(Number.isNaN(r2.values[0]));
  assert.equal(r2.values[1], 0.25);
  const tiff = await fromFile(file);
  const keys = (await tiff.getImage()).getGeoKeys() as Record<string, unknown>;
  assert.equal(keys.GTModelTypeGeoKey, 2);
  assert.equal(keys.GeographicTypeGeoKey, 4326);
  await tiff.close();
});

test("int8 and uint8 round trips with a declared nodata value; multi-strip files", async () => {
  const g: GridGeometry = { ...geographic, width: 300, height: 250 };
  const a = new Int8Array(g.width * g.height).map((_, i) => ((i * 7) % 3) - 1);
  a[10] = -128;
  const f = path.join(dir, "c.tif");
  await writeRaster(f, g, a, { nodata: -128, rowsPerStrip: 7 });
  const r = await readRaster(f);
  for (let i = 0; i < a.length; i++) assert.ok(i === 10 ? Number.isNaN(r.values[i]) : r.values[i] === a[i]);
  const u = new Uint8Array(g.width * g.height).map((_, i) => i % 251);
  const fu = path.join(dir, "u.tif");
  await writeRaster(fu, g, u, { nodata: 250 });
  const ru = await readRaster(fu);
  for (let i = 0; i < u.length; i++) assert.ok(u[i] === 250 ? Number.isNaN(ru.values[i]) : ru.values[i] === u[i]);
});

test("a big-endian file written by geotiff.js is read through the byte-swapping path", async () => {
  const values = Array.from({ length: 12 }, (_, i) => i * 1000 - 3000);
  const buf = writeArrayBuffer(new Int16Array(values) as unknown as number[], {
    width: 4,
    height: 3,
    BitsPerSample: [16],
    SampleFormat: [2],
    ModelPixelScale: [0.5, 0.5, 0],
    ModelTiepoint: [0, 0, 0, 100, 40, 0],
    GeographicTypeGeoKey: 4326,
    GTModelTypeGeoKey: 2,
    GTRasterTypeGeoKey: 1,
  } as never);
  const f = path.join(dir, "be.tif");
  fs.writeFileSync(f, new Uint8Array(buf));
  const h = await readRasterHeader(f);
  assert.equal(h.direct?.littleEndian, false);
  const r = await readRaster(f);
  assert.equal(r.grid.crs, "EPSG:4326");
  assert.equal(r.grid.originX, 100);
  // Our direct reader must agree with geotiff.js's own decoder on the same big-endian file.
  const tiff = await fromFile(f);
  const ref = Array.from((await (await tiff.getImage()).readRasters({ interleave: true })) as unknown as ArrayLike<number>);
  await tiff.close();
  assert.deepEqual(Array.from(r.values), ref);
  assert.ok(ref.some((v) => v !== 0));
});

test("bands of a multi-band (pixel-interleaved) file: each band read equals geotiff.js's decoding", async () => {
  const W = 5, H = 4, B = 3;
  const vals: number[] = [];
  for (let p = 0; p < W * H; p++) for (let b = 0; b < B; b++) vals.push((40 * b + 3 * p) % 256);
  const buf = writeArrayBuffer(vals, { width: W, height: H, SamplesPerPixel: B, ModelPixelScale: [0.5, 0.5, 0], ModelTiepoint: [0, 0, 0, 100, 40, 0], GeographicTypeGeoKey: 4326, GTModelTypeGeoKey: 2, GTRasterTypeGeoKey: 1 } as never);
  const f = path.join(dir, "multiband.tif");
  fs.writeFileSync(f, new Uint8Array(buf));
  const tiff = await fromFile(f);
  const img = await tiff.getImage();
  for (let b = 0; b < B; b++) {
    const ref = Array.from((await img.readRasters({ samples: [b], interleave: true })) as unknown as ArrayLike<number>);
    const h = await readRasterHeader(f, { band: b });
    assert.equal(h.bands, B);
    assert.equal(h.direct?.bandOffsetBytes, b);
    assert.deepEqual(Array.from((await readRaster(f, { band: b })).values), ref);
    assert.deepEqual(ref, vals.filter((_, i) => i % B === b));
  }
  await tiff.close();
});

test("not a TIFF, a missing band, no georeferencing: InputError naming the file (and band)", async () => {
  const bad = path.join(dir, "bad.tif");
  fs.writeFileSync(bad, "hello, not a tiff");
  await assert.rejects(readRaster(bad), (e: unknown) => e instanceof InputError && e.file === bad && /not a TIFF/.test(e.message));
  await assert.rejects(readRaster(path.join(dir, "missing.tif")), (e: unknown) => e instanceof InputError && /cannot open/.test(e.message));
  const f = path.join(dir, "one.tif");
  await writeRaster(f, geographic, new Float32Array(15));
  await assert.rejects(readRaster(f, { band: 1 }), (e: unknown) => e instanceof InputError && e.place === "band 1" && e.message.includes(f) && /1 band/.test(e.message));
  const plain = path.join(dir, "plain.tif");
  fs.writeFileSync(plain, minimalTiffWithoutGeoTags());
  await assert.rejects(readRaster(plain), (e: unknown) => e instanceof InputError && /georeferenc/.test(e.message));
});

test("a stack whose grids differ is refused with both file names", async () => {
  const a = path.join(dir, "s_2007.tif");
  const b = path.join(dir, "s_2008.tif");
  const c = path.join(dir, "s_2009.tif");
  await writeRaster(a, geographic, new Int16Array(15));
  await writeRaster(b, { ...geographic, originX: geographic.originX + 0.05 }, new Int16Array(15));
  await writeRaster(c, { ...geographic, crs: "MODIS-sinusoidal" }, new Int16Array(15));
  await assert.rejects(readStackHeaders([a, b]), (e: unknown) => e instanceof InputError && e.message.includes(a) && e.message.includes(b) && /origin/.test(e.message));
  await assert.rejects(readStackHeaders([a, c]), (e: unknown) => e instanceof InputError && /CRS/.test(e.message));
  assert.match(gridDifference(geographic, { ...geographic, width: 6 }) ?? "", /size/);
  assert.equal(gridDifference(geographic, { ...geographic }), undefined);
});

test("encodeGeoTiff refuses a value array that does not fit the grid", () => {
  assert.throws(() => encodeGeoTiff(geographic, new Float32Array(14)), /grid needs 15/);
});

/** A 2 × 2 uint8 baseline TIFF with no GeoTIFF tags at all (TIFF 6.0 minimum tag set). */
function minimalTiffWithoutGeoTags(): Uint8Array {
  const tags: Array<[number, number, number]> = [
    [256, 3, 2], [257, 3, 2], [258, 3, 8], [259, 3, 1], [262, 3, 1], [273, 4, 0], [277, 3, 1], [278, 3, 2], [279, 4, 4],
  ];
  const ifdSize = 2 + tags.length * 12 + 4;
  const dataAt = 8 + ifdSize;
  const out = new Uint8Array(dataAt + 4);
  const dv = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  dv.setUint32(4, 8, true);
  dv.setUint16(8, tags.length, true);
  tags.forEach(([tag, type, value], i) => {
    const p = 10 + i * 12;
    dv.setUint16(p, tag, true);
    dv.setUint16(p + 2, type, true);
    dv.setUint32(p + 4, 1, true);
    if (type === 3) dv.setUint16(p + 8, value, true);
    else dv.setUint32(p + 8, tag === 273 ? dataAt : value, true);
  });
  out.set([1, 2, 3, 4], dataAt);
  return out;
}
