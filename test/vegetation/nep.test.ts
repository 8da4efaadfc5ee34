import { test } from "node:test";
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { annualRhGC, annualRhRaster, climateCellIndex, monthlyRhGC, nepGC, sequestrationRaster, DEFAULT_RH_COEFFICIENTS } from "../../src/vegetation/nep";
import type { GridGeometry } from "../../src/vegetation/grid";

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

test("monthly Rh at hand-computed (T, P) points", () => {
  // 0.22 × (e^0 + ln 1) × 30 × 0.465 = 0.22 × 13.95 = 3.069
  close(monthlyRhGC(0, 0), 3.069);
  // T = 10, P = 100: e^0.912 = 2.489296, ln(32.45) = 3.479700 → 5.968996 × 3.069 = 18.318851
  close(monthlyRhGC(10, 100), 18.31885, 1e-6);
  // T = 20, P = 50: e^1.824 = 6.196612, ln(16.725) = 2.816904 → 9.013516 × 3.069 = 27.662431
  close(monthlyRhGC(20, 50), 27.66243, 1e-6);
  // frozen month: stays positive (documented property of the formula)
  close(monthlyRhGC(-10, 5), 4.13271, 1e-6);
});

test("annual Rh sums 12 months; NEP = NPP − Rh", () => {
  const rh = annualRhGC(new Array(12).fill(0), new Array(12).fill(0));
  close(rh, 36.828);
  close(nepGC(100, rh), 63.172);
  assert.throws(() => annualRhGC([1, 2], [1, 2]), RangeError);
});

test("coefficients are parameters (Pei et al. 2009 daily coefficients, no heterotrophic share)", () => {
  const pei = { ...DEFAULT_RH_COEFFICIENTS, tempCoefficientPerC: 0.09, precipCoefficientPerMm: 0.31, daysPerMonth: 1, heterotrophicShare: 1 };
  // 0.22 × (e^0.9 + ln(4.1)) = 0.22 × (2.459603 + 1.410987) = 0.851530
  close(monthlyRhGC(10, 10, pei), 0.22 * (Math.exp(0.9) + Math.log(4.1)));
  close(monthlyRhGC(10, 10, pei), 0.85153, 1e-5);
});

test("negative precipitation is refused, NaN propagates", () => {
  assert.throws(() => monthlyRhGC(10, -1), RangeError);
  assert.ok(Number.isNaN(monthlyRhGC(NaN, 10)));
  const t = Array.from({ length: 12 }, () => new Float32Array([0, NaN, 0]));
  const p = Array.from({ length: 12 }, () => new Float32Array([0, 0, -5]));
  const r = annualRhRaster(t, p);
  assert.ok(Math.abs(r.rhGC[0] - 36.828) < 1e-4);
  assert.ok(Number.isNaN(r.rhGC[1]));
  assert.ok(Number.isNaN(r.rhGC[2]));
  assert.equal(r.negativePrecipitationPixels, 1);
});

test("Rh increases with temperature and with precipitation (property)", () => {
  fc.assert(
    fc.property(fc.double({ min: -30, max: 35, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0.01, max: 5, noNaN: true }), (t, p, d) => {
      const base = monthlyRhGC(t, p);
      return monthlyRhGC(t + d, p) > base && monthlyRhGC(t, p + d) > base && base > 0;
    }),
  );
});

test("climate cell lookup: NPP pixel centre → coarser climate cell", () => {
  const npp: GridGeometry = { crs: "EPSG:4326", originX: 100, originY: 40, pixelWidth: 0.05, pixelHeight: 0.05, width: 20, height: 10 };
  const clim: GridGeometry = { ...npp, pixelWidth: 0.25, pixelHeight: 0.25, width: 4, height: 2 };
  const idx = climateCellIndex(npp, clim);
  // pixel (row 7, col 12): centre (100.625, 39.625) → climate row 1, col 2 → 1·4 + 2 = 6
  assert.equal(idx[7 * 20 + 12], 6);
  assert.equal(idx[0], 0);
  assert.equal(idx[9 * 20 + 19], 7);
  const clim2: GridGeometry = { ...clim, width: 2 }; // covers only the west half
  assert.equal(climateCellIndex(npp, clim2)[19], -1);
  // identical grids: identity
  assert.deepEqual(Array.from(climateCellIndex(npp, npp).slice(0, 5)), [0, 1, 2, 3, 4]);
});

test("sequestration basis: npp passes through, nep subtracts Rh of the containing cell", () => {
  const npp = new Float32Array([100, 200, NaN]);
  assert.equal(sequestrationRaster(npp, "npp"), npp);
  const out = sequestrationRaster(npp, "nep", { rhGC: new Float32Array([30, 50]), cellIndex: new Int32Array([0, 1, 1]) });
  assert.deepEqual(Array.from(out.slice(0, 2)), [70, 150]);
  assert.ok(Number.isNaN(out[2]));
  assert.throws(() => sequestrationRaster(npp, "nep"));
});
