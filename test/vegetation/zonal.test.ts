import { test } from "node:test";
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { seriesOlsSlope, seriesSenSlope, zonalStatistics, zonalToCsv, ZonalAccumulator, CO2_PER_C } from "../../src/vegetation/zonal";

const close = (a: number | null, b: number, tol = 1e-9) => assert.ok(a !== null && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

// 2 × 2 grid; row 0 pixels are 1 km², row 1 pixels 2 km². Zones: [1, 1 / 2, 0].
const zones = [
  { id: "A", name: "zone A" },
  { id: "B", name: "zone B" },
];
const zoneIndex = new Uint16Array([1, 1, 2, 0]);
const rowAreas = new Float64Array([1, 2]);

test("hand-computed totals, means, change and units", () => {
  const stats = zonalStatistics({
    zones,
    zoneIndex,
    width: 2,
    rowAreasKm2: rowAreas,
    years: [2000, 2001],
    values: [new Float32Array([100, 200, 50, 999]), new Float32Array([NaN, 300, 60, 999])],
    groups: [{ id: "AB", name: "A+B", zoneIds: ["A", "B"] }],
  });
  const [a, b, ab] = stats;
  assert.equal(a.areaKm2, 2);
  assert.equal(b.areaKm2, 2);
  // A 2000: (100 + 200) g/m² × 1 km² = 300 t over 2 km² → mean 150; 2001: only 300 over 1 km²
  assert.equal(a.series[0].totalTonnesC, 300);
  assert.equal(a.series[0].meanGCPerM2PerYear, 150);
  assert.equal(a.series[1].validAreaKm2, 1);
  assert.equal(a.series[1].meanGCPerM2PerYear, 300);
  close(a.changeFirstToLastPct, 100);
  close(a.series[0].totalMtCO2, 300e-6 * CO2_PER_C);
  // B: 50 × 2 = 100 t, 60 × 2 = 120 t → +20 %
  assert.equal(b.series[0].totalTonnesC, 100);
  close(b.changeFirstToLastPct, 20);
  // group = sum of zones; its mean is area-weighted over valid pixels: 2000: 400 t / 4 km² = 100
  assert.equal(ab.kind, "group");
  assert.equal(ab.series[0].totalTonnesC, 400);
  assert.equal(ab.series[0].meanGCPerM2PerYear, 100);
  // 2001: (300 + 120) t / (1 + 2) km² = 140
  close(ab.series[1].meanGCPerM2PerYear, 140);
  assert.equal(a.trendShares, null);
});

test("trend-class shares include no data and add to 100 %; mean of per-pixel slopes", () => {
  const [a, b, ab] = zonalStatistics({
    zones,
    zoneIndex,
    width: 2,
    rowAreasKm2: rowAreas,
    years: [2000],
    values: [new Float32Array(4)],
    trendClasses: new Int8Array([1, -128, 0, 1]),
    pixelSlopes: new Float32Array([2, NaN, 5, 100]),
    groups: [{ id: "AB", name: "A+B", zoneIds: ["A", "B"] }],
  });
  assert.deepEqual(a.trendShares, { increasePct: 50, noChangePct: 0, decreasePct: 0, noDataPct: 50 });
  assert.deepEqual(b.trendShares, { increasePct: 0, noChangePct: 100, decreasePct: 0, noDataPct: 0 });
  assert.deepEqual(ab.trendShares, { increasePct: 25, noChangePct: 50, decreasePct: 0, noDataPct: 25 });
  assert.equal(a.meanPixelSlopeGCPerM2PerYear2, 2);
  assert.equal(a.trendShares5, null);
  // group: (2 × 1 + 5 × 2) / (1 + 2) = 4 (pixel outside every zone ignored)
  assert.equal(ab.meanPixelSlopeGCPerM2PerYear2, 4);
});

test("shares always sum to 100 % (property)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(1, 0, -1, -128, 7)), { minLength: 6, maxLength: 6 }),
      fc.array(fc.double({ min: 0.1, max: 100, noNaN: true }), { minLength: 3, maxLength: 3 }),
      (px, areas) => {
        const zi = new Uint16Array(px.map((p) => p[0]));
        if (!zi.some((z) => z > 0)) return true;
        const stats = zonalStatistics({
          zones: [{ id: "1", name: "1" }, { id: "2", name: "2" }, { id: "3", name: "3" }],
          zoneIndex: zi,
          width: 2,
          rowAreasKm2: new Float64Array(areas),
          years: [2000],
          values: [new Float32Array(6)],
          trendClasses: new Int8Array(px.map((p) => p[1])),
          groups: [{ id: "all", name: "all", zoneIds: ["1", "2", "3"] }],
        });
        return stats.every((s) => {
          if (s.pixels === 0) return s.trendShares === null;
          const t = s.trendShares!;
          return Math.abs(t.increasePct + t.noChangePct + t.decreasePct + t.noDataPct - 100) < 1e-9;
        });
      },
    ),
  );
});

test("regional series slope: Sen and OLS by hand; gaps keep real time distance", () => {
  // t = 0…3, y = 0, 1, 2, 10. Pair slopes 1, 1, 10/3, 1, 4.5, 8 → median (1 + 10/3)/2 = 13/6
  close(seriesSenSlope([0, 1, 2, 3], [0, 1, 2, 10]), 13 / 6);
  // OLS: Σ(t − 1.5)(y − 3.25) = 15.5, Σ(t − 1.5)² = 5 → 3.1
  close(seriesOlsSlope([0, 1, 2, 3], [0, 1, 2, 10]), 3.1);
  close(seriesSenSlope([2000, 2001, 2005], [0, null, 10]), 2);
  assert.equal(seriesSenSlope([2000, 2001], [1, null]), null);
  const stats = zonalStatistics({
    zones: [zones[0]],
    zoneIndex: new Uint16Array([1, 1, 0, 0]),
    width: 2,
    rowAreasKm2: rowAreas,
    years: [0, 1, 2, 3].map((y) => 2000 + y),
    values: [0, 1, 2, 10].map((v) => new Float32Array([v, v, 0, 0])),
    options: { seriesSlopeMethod: "ols" },
  });
  close(stats[0].seriesSlopeGCPerM2PerYear2, 3.1, 1e-6);
});

test("accumulator checks sizes and year order; CSV has no NaN", () => {
  const acc = new ZonalAccumulator(zones, zoneIndex, 2, rowAreas);
  assert.throws(() => acc.addYear(2000, new Float32Array(3)));
  acc.addYear(2001, new Float32Array([NaN, NaN, NaN, NaN]));
  assert.throws(() => acc.addYear(2000, new Float32Array(4)));
  assert.throws(() => new ZonalAccumulator(zones, zoneIndex, 3, rowAreas));
  const stats = acc.finish();
  assert.equal(stats[0].series[0].meanGCPerM2PerYear, null);
  const csv = zonalToCsv(stats);
  assert.ok(!/NaN/.test(csv));
  const [head, row] = csv.trim().split("\n");
  assert.ok(head.startsWith("kind,id,name,name_en,area_km2"));
  assert.ok(head.includes("mean_gC_m2_2001,total_MtC_2001,total_MtCO2_2001,valid_area_km2_2001"));
  assert.equal(row.split(",").length, head.split(",").length);
});

test("five-class shares (with no data) add to 100 % and appear in the CSV", () => {
  const stats = zonalStatistics({
    zones,
    zoneIndex,
    width: 2,
    rowAreasKm2: rowAreas,
    years: [2000],
    values: [new Float32Array(4)],
    trendClasses5: new Int8Array([2, -2, -128, 1]),
    groups: [{ id: "AB", name: "A+B", zoneIds: ["A", "B"] }],
  });
  assert.deepEqual(stats[0].trendShares5, { significantIncreasePct: 50, slightIncreasePct: 0, stablePct: 0, slightDecreasePct: 0, significantDecreasePct: 50, noDataPct: 0 });
  assert.equal(stats[1].trendShares5!.noDataPct, 100);
  assert.deepEqual(stats[2].trendShares5, { significantIncreasePct: 25, slightIncreasePct: 0, stablePct: 0, slightDecreasePct: 0, significantDecreasePct: 25, noDataPct: 50 });
  const csv = zonalToCsv(stats);
  assert.ok(csv.split("\n")[0].includes("share5_significant_increase_pct,share5_slight_increase_pct,share5_stable_pct"));
  assert.ok(!zonalToCsv(zonalStatistics({ zones, zoneIndex, width: 2, rowAreasKm2: rowAreas, years: [2000], values: [new Float32Array(4)] })).includes("share5"));
});
