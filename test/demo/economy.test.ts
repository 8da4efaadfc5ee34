import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { greatCircleKm, ras, regionalizeMrio, IMPORTS_ROW_LABEL, type ProvinceEmissions } from "../../src/demo/economy";
import { readProvinceSectorEmissions } from "../../src/demo/emissions";
import { demoMrio, STUDY_YEARS } from "../../src/dataset";
import { asHarmonized, readNationalIo, readSectors42, type HarmonizedNationalIo, type Sector42 } from "../../src/sources/national-io";
import { validateTable } from "../../src/mrio/validate";

const DATA = path.resolve(__dirname, "../../data");
const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

test("RAS: uniform prior with margins (3,1) × (2,2) gives the known r_i c_j / total", () => {
  const t = Float64Array.from([1, 1, 1, 1]);
  ras(t, 2, 2, [3, 1], [2, 2]);
  assert.deepEqual(Array.from(t, (v) => Math.round(v * 1e12) / 1e12), [1.5, 1.5, 0.5, 0.5]);
});

test("RAS: a non-uniform prior meets every row and column target", () => {
  // prior A⁰ and targets; the result must hit every row and column sum
  const t = Float64Array.from([120, 40, 80, 30, 150, 60, 50, 70, 200]);
  const rows = [300, 250, 350];
  const cols = [250, 300, 350];
  ras(t, 3, 3, rows, cols);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(t[i * 3] + t[i * 3 + 1] + t[i * 3 + 2] - rows[i]) < 1e-9);
  for (let j = 0; j < 3; j++) assert.ok(Math.abs(t[j] + t[3 + j] + t[6 + j] - cols[j]) < 1e-9);
});

test("great-circle distance Beijing–Shanghai ≈ 1067 km", () => {
  const d = greatCircleKm(116.4074, 39.9042, 121.4737, 31.2304);
  assert.ok(Math.abs(d - 1067) < 5, `${d}`);
  assert.equal(greatCircleKm(100, 30, 100, 30), 0);
});

/** A random small national table (n sectors) that satisfies the NBS identities. */
function randomNational(n: number, rnd: () => number): HarmonizedNationalIo {
  const sectors: Sector42[] = Array.from({ length: n }, (_, i) => ({ code: String(i + 1).padStart(2, "0"), nameEn: `s${i}`, nameZh: `s${i}`, group: "g" }));
  const Z = Float64Array.from({ length: n * n }, () => rnd() * 100);
  const fu = Float64Array.from({ length: n * 5 }, (_, k) => (k % 5 === 4 ? (rnd() - 0.5) * 20 : rnd() * 80));
  const ex = Float64Array.from({ length: n }, () => rnd() * 50);
  const im = Float64Array.from({ length: n }, () => rnd() * 40);
  const err = Float64Array.from({ length: n }, () => (rnd() - 0.5) * 5);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = ex[i] - im[i] + err[i];
    for (let j = 0; j < n; j++) s += Z[i * n + j];
    for (let c = 0; c < 5; c++) s += fu[i * 5 + c];
    x[i] = s;
  }
  const va = new Float64Array(4 * n);
  for (let j = 0; j < n; j++) {
    let col = 0;
    for (let i = 0; i < n; i++) col += Z[i * n + j];
    const v = x[j] - col;
    for (let q = 0; q < 4; q++) va[q * n + j] = v / 4;
  }
  return { year: 2000, sectors, Z: { rows: n, cols: n, data: Z }, finalUse: { rows: n, cols: 5, data: fu }, exportsWanYuan: ex, importsWanYuan: im, errorWanYuan: err, grossOutputWanYuan: x, valueAdded: { rows: 4, cols: n, data: va } };
}

test("regionalization identities on random tables (fast-check): balances, national totals, F totals", () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 2 ** 30 }), (n, m, seed) => {
      let s = seed;
      const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
      const nat = randomNational(n, rnd);
      const provinces = Array.from({ length: m }, (_, r) => ({ name: `P${r}`, lon: 90 + rnd() * 30, lat: 25 + rnd() * 15 }));
      // the last province has no emissions (like Tibet)
      const emissions: ProvinceEmissions[] = provinces.slice(0, m - 1).map((p) => ({
        province: p.name,
        sectorMt: Float64Array.from({ length: n }, () => (rnd() < 0.2 ? 0 : rnd() * 10)),
        urbanHouseholdMt: rnd(),
        ruralHouseholdMt: rnd(),
      }));
      const t = regionalizeMrio(nat, emissions, provinces);
      const mn = m * n;
      const mk = m * 5;
      const x = t.x!;
      const tol = (v: number) => 1e-9 * Math.max(1, Math.abs(v));
      // row balance
      for (let p = 0; p < mn; p++) {
        let r = t.exports![p];
        for (let q = 0; q < mn; q++) r += t.Z.data[p * mn + q];
        for (let q = 0; q < mk; q++) r += t.Y.data[p * mk + q];
        if (Math.abs(r - x[p]) > tol(x[p]) * 100) return false;
      }
      // column balance incl. imports row
      const report = validateTable(t, { balanceTolerance: 1e-9 });
      if (report.warnings.some((w) => /balance/.test(w))) return false;
      // national totals: Σ_r x_ri = x_i; Σ Z blocks (domestic) + intermediate imports = national Z column totals
      for (let i = 0; i < n; i++) {
        let xi = 0;
        for (let r = 0; r < m; r++) xi += x[r * n + i];
        if (Math.abs(xi - nat.grossOutputWanYuan[i]) > tol(xi)) return false;
      }
      if (Math.abs(sum(t.Z.data) + sum(t.importsIntermediate) - sum(nat.Z.data)) > tol(sum(nat.Z.data)) * 10) return false;
      if (Math.abs(sum(t.exports!) - sum(nat.exportsWanYuan)) > tol(sum(nat.exportsWanYuan))) return false;
      // F per province = emissions × 10⁶ t; the province without emissions has F = 0
      for (let r = 0; r < m; r++) {
        let f = 0;
        for (let i = 0; i < n; i++) f += t.F!.values.data[r * n + i];
        const want = r < m - 1 ? sum(emissions[r].sectorMt) * 1e6 : 0;
        if (Math.abs(f - want) > 1e-6 * Math.max(1, want)) return false;
      }
      for (const v of t.Z.data) if (!(v >= 0)) return false;
      return true;
    }),
    { numRuns: 60, seed: 7 },
  );
});

test("demo MRIO, all five years: passes the engine's validation with no balance warning", async () => {
  for (const year of STUDY_YEARS) {
    const t = await demoMrio(year);
    assert.equal(t.regions.length, 31);
    assert.equal(t.sectors.length, 42);
    assert.equal(t.categories.length, 5);
    assert.equal(t.valueAdded!.index.keys[0][0], IMPORTS_ROW_LABEL);
    const report = validateTable(t, { balanceTolerance: 1e-9 });
    assert.deepEqual(report.warnings.filter((w) => /balance/.test(w)), [], `${year}`);
    // Only the repair sector (23) of 2007/2010 has zero output (the NBS tables have no such product then).
    assert.ok(report.zeroOutput.every((l) => l.endsWith("/23")), `${year}: ${report.zeroOutput.slice(0, 3)}`);
    assert.equal(report.zeroOutput.length, year <= 2010 ? 31 : 0);
  }
});

test("demo MRIO reproduces the national totals of the harmonized NBS table (relative 1e-9)", async () => {
  const sectors = readSectors42();
  for (const year of STUDY_YEARS) {
    const nat = asHarmonized(readNationalIo(path.join(DATA, "national-io", `china-io-${year}-42.csv`)), sectors, year);
    const t = await demoMrio(year);
    const n = 42;
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
    for (let i = 0; i < n; i++) {
      let xi = 0;
      for (let r = 0; r < 31; r++) xi += t.x![r * n + i];
      assert.ok(rel(xi, nat.grossOutputWanYuan[i]) < 1e-9, `${year} GO ${sectors[i].code}`);
    }
    assert.ok(rel(sum(t.Z.data) + sum(t.importsIntermediate), sum(nat.Z.data)) < 1e-9, `${year} Z`);
    assert.ok(rel(sum(t.exports!), sum(nat.exportsWanYuan)) < 1e-9, `${year} EX`);
    let va = 0;
    for (let q = 1; q < 5; q++) for (let p = 0; p < 31 * n; p++) va += t.valueAdded!.values.data[q * 31 * n + p];
    assert.ok(rel(va, sum(nat.valueAdded.data)) < 1e-9, `${year} VA`);
  }
});

test("demo MRIO: Σ_sector F per province equals the committed real CEADs totals; F_Y = households; Tibet f = 0", async () => {
  const rows = readProvinceSectorEmissions();
  for (const year of STUDY_YEARS) {
    const t = await demoMrio(year);
    const n = 42;
    t.regions.forEach((province, r) => {
      const mine = rows.filter((e) => e.year === year && e.province === province);
      let f = 0;
      for (let i = 0; i < n; i++) f += t.F!.values.data[r * n + i];
      const want = sum(mine.filter((e) => !e.isHousehold).map((e) => e.scope1TotalMt)) * 1e6;
      if (province === "Tibet") assert.equal(mine.length, 0);
      assert.ok(Math.abs(f - want) <= 1e-9 * Math.max(1, want), `${year} ${province}: ${f} vs ${want}`);
      const hh = sum(mine.filter((e) => e.isHousehold).map((e) => e.scope1TotalMt)) * 1e6;
      const fy = t.F_Y!.values.data[r * 5] + t.F_Y!.values.data[r * 5 + 1];
      assert.ok(Math.abs(fy - hh) <= 1e-9 * Math.max(1, hh), `${year} ${province} households`);
    });
  }
});

test("demo MRIO is deterministic: two builds give the same bytes", () => {
  const sectors = readSectors42();
  const year = 2012;
  const nat = asHarmonized(readNationalIo(path.join(DATA, "national-io", `china-io-${year}-42.csv`)), sectors, year);
  const caps = fs.readFileSync(path.join(DATA, "demo", "province-capitals.csv"), "utf8").split("\n").filter((l) => l && !l.startsWith("#")).slice(1).map((l) => l.split(","));
  const provinces = caps.map((c) => ({ name: c[1], lon: Number(c[3]), lat: Number(c[4]) }));
  const e = readProvinceSectorEmissions().filter((r) => r.year === year);
  const by = new Map<string, ProvinceEmissions>();
  for (const r of e) {
    if (!by.has(r.province)) by.set(r.province, { province: r.province, sectorMt: new Float64Array(42), urbanHouseholdMt: 0, ruralHouseholdMt: 0 });
    if (!r.isHousehold) by.get(r.province)!.sectorMt[Number(r.sectorCode) - 1] += r.scope1TotalMt;
  }
  const a = regionalizeMrio(nat, [...by.values()], provinces);
  const b = regionalizeMrio(nat, [...by.values()], provinces);
  assert.ok(Buffer.from(a.Z.data.buffer).equals(Buffer.from(b.Z.data.buffer)));
  assert.ok(Buffer.from(a.Y.data.buffer).equals(Buffer.from(b.Y.data.buffer)));
});

test("committed emissions table: 30 provinces × (42 sectors + 2 households) × 5 years, no Tibet, plausible national totals", () => {
  const rows = readProvinceSectorEmissions();
  assert.equal(rows.length, 5 * 30 * 44);
  assert.ok(!rows.some((r) => r.province === "Tibet"));
  // CEADs national Scope-1 totals (sum of provinces) are ~6.8 Gt (2007) to ~10.2 Gt (2017)
  const total = (y: number) => sum(rows.filter((r) => r.year === y).map((r) => r.scope1TotalMt));
  assert.ok(total(2007) > 6000 && total(2007) < 7500, `${total(2007)}`);
  assert.ok(total(2017) > 9500 && total(2017) < 11000, `${total(2017)}`);
});
