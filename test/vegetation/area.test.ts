import { test } from "node:test";
import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
  authalicRadiusM,
  ellipsoidalCellAreaKm2,
  polygonAreaKm2,
  rowPixelAreasKm2,
  sphericalCellAreaKm2,
  MODIS_500M_PIXEL_AREA_KM2,
} from "../../src/vegetation/area";
import type { GridGeometry } from "../../src/vegetation/grid";

test("a 1° × 1° WGS84 cell at the equator is 12,308 km²", () => {
  const a = ellipsoidalCellAreaKm2(0, 1, 1);
  assert.ok(Math.abs(a - 12308.46) < 0.05, `got ${a}`);
  // the same cell as 100 rows of 0.01°: row areas add up to the cell
  const grid: GridGeometry = { crs: "EPSG:4326", originX: 0, originY: 1, pixelWidth: 1, pixelHeight: 0.01, width: 1, height: 100 };
  const rows = rowPixelAreasKm2(grid);
  assert.ok(Math.abs(rows.reduce((s, v) => s + v, 0) - a) < 1e-6);
  // rows shrink towards the pole
  assert.ok(rows[0] < rows[99]);
});

test("the whole WGS84 ellipsoid: 510,065,622 km² = 4π R_q²", () => {
  assert.ok(Math.abs(ellipsoidalCellAreaKm2(-90, 90, 360) - 510065621.7) < 1);
  assert.ok(Math.abs(authalicRadiusM() - 6371007.18) < 0.01);
});

test("band areas are additive (property)", () => {
  fc.assert(
    fc.property(fc.double({ min: -89, max: 88, noNaN: true }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }), (south, frac, dlon) => {
      const north = south + 1;
      const mid = south + frac;
      const whole = ellipsoidalCellAreaKm2(south, north, dlon);
      const parts = ellipsoidalCellAreaKm2(south, mid, dlon) + ellipsoidalCellAreaKm2(mid, north, dlon);
      return Math.abs(whole - parts) <= 1e-9 * whole && whole > 0;
    }),
  );
});

test("sphere vs ellipsoid differ by < 0.7 % for a 1° cell; MODIS 500 m pixel constant", () => {
  for (const lat of [0, 30, 45, 60]) {
    const e = ellipsoidalCellAreaKm2(lat, lat + 1, 1);
    const s = sphericalCellAreaKm2(lat, lat + 1, 1);
    assert.ok(Math.abs(e / s - 1) < 0.007, `lat ${lat}: ${e} vs ${s}`);
  }
  const modis: GridGeometry = { crs: "MODIS-sinusoidal", originX: 0, originY: 0, pixelWidth: 463.312716528, pixelHeight: 463.312716528, width: 3, height: 2 };
  const r = rowPixelAreasKm2(modis);
  assert.equal(r.length, 2);
  assert.ok(Math.abs(r[0] - MODIS_500M_PIXEL_AREA_KM2) < 1e-6);
  const constant = rowPixelAreasKm2({ ...modis, crs: "EPSG:4326", pixelWidth: 1, pixelHeight: 1, originY: 10 }, "constant");
  assert.deepEqual(Array.from(constant), [1, 1]);
  assert.throws(() => rowPixelAreasKm2({ ...modis, crs: "EPSG:3857" }));
});

/** A lon/lat rectangle ring, densified along the parallels (edges are then parallels/meridians). */
function rect(w: number, s: number, e: number, n: number, steps = 10): number[][] {
  const ring: number[][] = [];
  for (let i = 0; i <= steps; i++) ring.push([w + ((e - w) * i) / steps, s]);
  for (let i = 0; i <= steps; i++) ring.push([e - ((e - w) * i) / steps, n]);
  ring.push([w, s]);
  return ring;
}

test("polygon area: a lat/lon rectangle equals the cell area; holes are subtracted", () => {
  const cell = ellipsoidalCellAreaKm2(30, 32, 2);
  const a = polygonAreaKm2({ type: "Polygon", coordinates: [rect(100, 30, 102, 32)] });
  assert.ok(Math.abs(a / cell - 1) < 1e-9, `${a} vs ${cell}`);
  // clockwise ring gives the same area
  const cw = rect(100, 30, 102, 32).reverse();
  assert.ok(Math.abs(polygonAreaKm2({ type: "Polygon", coordinates: [cw] }) - a) < 1e-6);
  const hole = ellipsoidalCellAreaKm2(30.5, 31, 0.5);
  const withHole = polygonAreaKm2({ type: "Polygon", coordinates: [rect(100, 30, 102, 32), rect(100.5, 30.5, 101, 31)] });
  assert.ok(Math.abs(withHole - (cell - hole)) < 1e-6 * cell);
  const multi = polygonAreaKm2({ type: "MultiPolygon", coordinates: [[rect(100, 30, 102, 32)], [rect(110, 0, 111, 1)]] });
  assert.ok(Math.abs(multi - (cell + 12308.46)) < 0.1);
  // the spherical model (turf.js convention) is within 0.5 % here
  const sph = polygonAreaKm2({ type: "Polygon", coordinates: [rect(100, 30, 102, 32)] }, "sphere");
  assert.ok(Math.abs(sph / a - 1) < 0.005);
});
