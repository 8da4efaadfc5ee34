import { test } from "node:test";
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { lonLatToModisSinusoidal, rasterizeZones } from "../../src/vegetation/mask";
import { pointInRing } from "../../src/sources/province-boundaries";
import type { GridGeometry } from "../../src/vegetation/grid";

// 10 × 10 one-degree pixels covering lon 0…10, lat 0…10; row 0 is lat 9…10.
const grid: GridGeometry = { crs: "EPSG:4326", originX: 0, originY: 10, pixelWidth: 1, pixelHeight: 1, width: 10, height: 10 };
const square = (w: number, s: number, e: number, n: number) => [[w, s], [e, s], [e, n], [w, n], [w, s]];
const poly = (...rings: number[][][]) => ({ geometry: { type: "Polygon" as const, coordinates: rings } });

function cells(zoneIndex: Uint16Array, k: number): string[] {
  const out: string[] = [];
  zoneIndex.forEach((v, i) => {
    if (v === k) out.push(`${Math.floor(i / 10)},${i % 10}`);
  });
  return out;
}

test("a square: exactly the pixels whose centres are inside", () => {
  // lon 2…6, lat 2…6 → centres x = 2.5…5.5 (cols 2–5), y = 2.5…5.5 (rows 4–7)
  const r = rasterizeZones([poly(square(2, 2, 6, 6))], grid);
  assert.equal(r.pixelCounts[0], 16);
  const got = cells(r.zoneIndex, 1);
  for (const row of [4, 5, 6, 7]) for (const col of [2, 3, 4, 5]) assert.ok(got.includes(`${row},${col}`));
});

test("a polygon with a hole (holes excluded), and a MultiPolygon island", () => {
  const r = rasterizeZones([poly(square(2, 2, 6, 6), square(3, 3, 5, 5))], grid);
  assert.equal(r.pixelCounts[0], 12); // 16 − the 4 pixels with centres 3.5, 4.5 in both axes
  assert.equal(r.zoneIndex[5 * 10 + 3], 0); // row 5 (lat 4.5), col 3 (lon 3.5) is in the hole
  assert.equal(r.zoneIndex[4 * 10 + 2], 1);
  const multi = rasterizeZones([{ geometry: { type: "MultiPolygon", coordinates: [[square(0, 0, 1, 1)], [square(8, 8, 10, 10)]] } }], grid);
  assert.equal(multi.pixelCounts[0], 1 + 4);
});

test("pixel-centre ties: a centre on the west/south edge is inside, on the east/north edge outside", () => {
  // lon 2.5…4.5, lat 2.5…4.5: centres 2.5 and 3.5 qualify on each axis, 4.5 does not
  const r = rasterizeZones([poly(square(2.5, 2.5, 4.5, 4.5))], grid);
  assert.equal(r.pixelCounts[0], 4);
});

test("two zones sharing an edge: no pixel lost or counted twice (property)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 9 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (xi, frac, tilt) => {
      const x = xi - 1 + frac; // split line from (x, 0) to (x + tilt, 10)
      const a = poly([[0, 0], [x, 0], [x + tilt, 10], [0, 10], [0, 0]]);
      const b = poly([[x, 0], [10, 0], [10, 10], [x + tilt, 10], [x, 0]]);
      const r = rasterizeZones([a, b], grid);
      return r.pixelCounts[0] + r.pixelCounts[1] === 100 && r.overlapPixels === 0;
    }),
  );
});

test("agrees with a per-pixel point-in-polygon test on random polygons (property)", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.double({ min: 0.013, max: 9.987, noNaN: true }), fc.double({ min: 0.017, max: 9.983, noNaN: true })), { minLength: 3, maxLength: 12 }), (pts) => {
      const ring = [...pts.map(([x, y]) => [x, y]), [pts[0][0], pts[0][1]]];
      const r = rasterizeZones([poly(ring)], grid);
      for (let row = 0; row < 10; row++)
        for (let col = 0; col < 10; col++) {
          const xc = col + 0.5;
          const yc = 10 - row - 0.5;
          // random double vertices: a centre exactly on an edge has probability ~0, so no tie handling is needed here
          const expected = pointInRing(xc, yc, ring);
          if ((r.zoneIndex[row * 10 + col] === 1) !== expected) return false;
        }
      return true;
    }),
    { numRuns: 200 },
  );
});

test("overlap rule: first (default) or last zone keeps a shared pixel", () => {
  const a = poly(square(0, 0, 4, 4));
  const b = poly(square(2, 2, 6, 6));
  const first = rasterizeZones([a, b], grid);
  assert.equal(first.overlapPixels, 4);
  assert.deepEqual(Array.from(first.pixelCounts), [16, 12]);
  const last = rasterizeZones([a, b], grid, { overlap: "last" });
  assert.deepEqual(Array.from(last.pixelCounts), [12, 16]);
});

test("MODIS sinusoidal: projection and rasterization onto a sinusoidal grid", () => {
  const R = 6371007.181;
  const [x, y] = lonLatToModisSinusoidal(10, 60);
  assert.ok(Math.abs(x - (R * (10 * Math.PI) / 180) * 0.5) < 1e-6);
  assert.ok(Math.abs(y - (R * 60 * Math.PI) / 180) < 1e-6);
  // a 1° square at the equator on a 10 km sinusoidal grid ≈ 111.2 km × 111.2 km ≈ 123.6 pixels
  const sgrid: GridGeometry = { crs: "MODIS-sinusoidal", originX: -50000, originY: 150000, pixelWidth: 10000, pixelHeight: 10000, width: 20, height: 20 };
  const r = rasterizeZones([poly(square(0, 0, 1, 1))], sgrid);
  assert.ok(r.pixelCounts[0] >= 110 && r.pixelCounts[0] <= 132, `${r.pixelCounts[0]}`);
  assert.throws(() => rasterizeZones([poly(square(0, 0, 1, 1))], { ...sgrid, crs: "EPSG:3857" }));
});
