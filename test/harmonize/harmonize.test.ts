import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import type { DenseMatrix, LabelledMatrix, MrioTable } from "../../src/mrio/types";
import { validateTable } from "../../src/mrio/validate";
import { detectSectorScheme, harmonizeMrio, harmonizeYears, tableTotals } from "../../src/sources/harmonize";
import { InputError } from "../../src/util/errors";

const dm = (rows: number[][]): DenseMatrix => ({ rows: rows.length, cols: rows[0]?.length ?? 0, data: Float64Array.from(rows.flat()) });
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
const close = (a: number, b: number, tol = 1e-10) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
const assertClose = (a: number, b: number, msg = "") => assert.ok(close(a, b), `${msg}: ${a} ≠ ${b}`);
function assertArrClose(a: ArrayLike<number>, b: ArrayLike<number>, msg = "") {
  assert.equal(a.length, b.length, `${msg}: length`);
  for (let i = 0; i < a.length; i++) assertClose(a[i], b[i], `${msg}[${i}]`);
}

/**
 * A complete table from Z, Y, exports, F: x = Z·1 + Y·1 + e, value added = x − 1ᵀZ, so the
 * table balances by rows and columns.
 */
function makeTable(regions: string[], sectors: string[], categories: string[], Z: number[][], Y: number[][], e: number[], F: number[], codes?: string[]): MrioTable & { sectorCodes?: string[] } {
  const mn = regions.length * sectors.length;
  const x = Z.map((row, i) => sum(row) + sum(Y[i]) + e[i]);
  const va = x.map((xi, j) => xi - Z.reduce((s, row) => s + row[j], 0));
  const keys = regions.flatMap((r) => sectors.map((s) => [r, s]));
  const lm = (name: string, label: string, v: number[]): LabelledMatrix => ({ index: { names: [name], keys: [[label]] }, columns: { names: ["region", "sector"], keys }, values: dm([v]) });
  assert.equal(x.length, mn);
  return {
    regions, sectors, categories, Z: dm(Z), Y: dm(Y), x: Float64Array.from(x), exports: Float64Array.from(e),
    F: lm("stressor", "CO2", F), valueAdded: lm("component", "total_value_added", va), unit: "10^4 yuan",
    ...(codes ? { sectorCodes: codes } : {}),
  };
}

/** Sum the sector axis of row-major (region, sector) data by a many-to-one map (an independent implementation for the expected values). */
function mergeSectors(t: MrioTable, groups: number[][], names: string[], codes?: string[]): MrioTable & { sectorCodes?: string[] } {
  const m = t.regions.length, n = t.sectors.length, k = t.categories.length, N = groups.length;
  const to = new Array<number>(n);
  groups.forEach((g, gi) => g.forEach((i) => (to[i] = gi)));
  const pos = (p: number) => Math.floor(p / n) * N + to[p % n];
  const Z = Array.from({ length: m * N }, () => new Array<number>(m * N).fill(0));
  const Y = Array.from({ length: m * N }, () => new Array<number>(m * k).fill(0));
  const e = new Array<number>(m * N).fill(0), F = new Array<number>(m * N).fill(0);
  for (let p = 0; p < m * n; p++) {
    for (let q = 0; q < m * n; q++) Z[pos(p)][pos(q)] += t.Z.data[p * m * n + q];
    for (let c = 0; c < m * k; c++) Y[pos(p)][c] += t.Y.data[p * m * k + c];
    e[pos(p)] += t.exports![p];
    F[pos(p)] += t.F!.values.data[p];
  }
  return makeTable([...t.regions], names, [...t.categories], Z, Y, e, F, codes);
}

/**
 * The "fine" economy: five activities known in both 42-sector numberings — other manufacturing,
 * scrap, construction, research, technical services — in Beijing, Tibet, Shaanxi (given out of
 * adcode order on purpose), two final-demand categories. Deterministic arithmetic numbers.
 */
function fineEconomy(seed = 0): MrioTable {
  const regions = ["Shaanxi", "Xizang", "Beijing"];
  const n = 5, m = 3, k = 2, mn = m * n;
  const Z = Array.from({ length: mn }, (_, p) => Array.from({ length: mn }, (_, q) => ((p * 7 + q * 3 + seed) % 11) + 1));
  const Y = Array.from({ length: mn }, (_, p) => Array.from({ length: m * k }, (_, c) => ((p * 5 + c * 2 + seed) % 7) + 1));
  const e = Array.from({ length: mn }, (_, p) => (p % 3) + 1);
  const F = Array.from({ length: mn }, (_, p) => p + 1);
  return makeTable(regions, ["other", "scrap", "construction", "research", "technical"], ["households", "gfcf"], Z, Y, e, F);
}
// The same economy in the 2012 numbering (research + technical = #36) and in the 2017 one (other + scrap = #22).
const as2012 = (f: MrioTable) => mergeSectors(f, [[0], [1], [2], [3, 4]], ["其他制造产品", "废品废料", "建筑", "科学研究和技术服务"]);
const as2017 = (f: MrioTable) =>
  mergeSectors(f, [[0, 1], [2], [3], [4]], [
    "Other manufactured products and scrap and waste", "Construction", "Scientific research (research and experimental development)", "Technical services (comprehensive technical services)",
  ]);
// …and on the 30 scheme (other manufacturing 21, construction 24, scientific research 29), the expected result.
const as30 = (f: MrioTable) => mergeSectors(f, [[0, 1], [2], [3, 4]], ["Other manufacturing", "Construction", "Scientific research"]);

function assertSameTable(a: MrioTable, b: MrioTable, msg: string) {
  assert.deepEqual(a.regions, b.regions, `${msg}: regions`);
  assert.deepEqual(a.sectors, b.sectors, `${msg}: sectors`);
  assertArrClose(a.Z.data, b.Z.data, `${msg}: Z`);
  assertArrClose(a.Y.data, b.Y.data, `${msg}: Y`);
  assertArrClose(a.x!, b.x!, `${msg}: x`);
  assertArrClose(a.exports!, b.exports!, `${msg}: exports`);
  assertArrClose(a.F!.values.data, b.F!.values.data, `${msg}: F`);
  assertArrClose(a.valueAdded!.values.data, b.valueAdded!.values.data, `${msg}: value added`);
}

describe("harmonizeMrio: Tibet, by hand", () => {
  // Tibet and Shaanxi × Agriculture, one category. Rows/columns: (Tibet, Shaanxi).
  const t = makeTable(["Tibet", "Shaanxi"], ["Agriculture"], ["households"], [[1, 2], [3, 4]], [[5, 6], [7, 8]], [1, 2], [10, 20]);
  test("dropping Tibet: purchases → exports, sales → primary-input row, every amount reported", () => {
    // x = (1+2+5+6+1, 3+4+7+8+2) = (15, 24); value added = x − 1ᵀZ = (11, 18).
    assert.deepEqual(Array.from(t.x!), [15, 24]);
    const h = harmonizeMrio(t, { sectorScheme: "30" });
    assert.deepEqual(h.regions, ["Shaanxi"]);
    assert.deepEqual(h.sectors, ["Agriculture"]);
    assert.deepEqual(h.sectorCodes, ["01"]);
    assert.deepEqual(Array.from(h.Z.data), [4]);
    assert.deepEqual(Array.from(h.Y.data), [8]);
    assert.deepEqual(Array.from(h.x!), [24]);
    assert.deepEqual(Array.from(h.exports!), [2 + 3 + 7]); // own exports + Z and Y sales to Tibet
    assert.deepEqual(h.valueAdded!.index.keys, [["total_value_added"], ["imports_from_tibet"]]);
    assert.deepEqual(Array.from(h.valueAdded!.values.data), [18, 2]); // 4 + 18 + 2 = 24 = x
    assert.deepEqual(Array.from(h.F!.values.data), [20]);
    const d = h.harmonization.dropped[0];
    assert.deepEqual(
      { region: d.region, output: d.output, zWithin: d.zWithin, zSales: d.zSales, zPurchases: d.zPurchases, yPurchases: d.yPurchases, yRows: d.yRows, yWithin: d.yWithin, exports: d.exports, F: d.F },
      { region: "Tibet", output: 15, zWithin: 1, zSales: 2, zPurchases: 3, yPurchases: 7, yRows: 11, yWithin: 5, exports: 1, F: { CO2: 10 } },
    );
    const b = h.harmonization.totalsBefore, a = h.harmonization.totalsAfter;
    assert.equal(a.Z, b.Z - d.zWithin - d.zSales - d.zPurchases);
    assert.equal(a.Y, b.Y - d.yRows - d.yPurchases);
    assert.equal(a.x, b.x - d.output);
    assert.equal(a.exports, b.exports - d.exports + d.zPurchases + d.yPurchases);
    assert.equal(a.F.CO2, b.F.CO2 - d.F.CO2);
    assert.deepEqual(validateTable(h).warnings, []);
  });
  test('droppedPurchases "others" and droppedSales "discard"', () => {
    const h = harmonizeMrio(t, { sectorScheme: "30", droppedPurchases: "others", droppedSales: "discard" });
    assert.deepEqual(Array.from(h.exports!), [2]);
    assert.deepEqual(Array.from(h.others!), [10]);
    assert.deepEqual(Array.from(h.valueAdded!.values.data), [18]);
  });
  test('regions "keep" keeps Tibet and puts provinces in data/regions.csv order', () => {
    const h = harmonizeMrio(t, { sectorScheme: "30", regions: "keep" });
    assert.deepEqual(h.regions, ["Tibet", "Shaanxi"]);
    assertClose(sum(h.Z.data), 10);
    assert.equal(h.harmonization.dropped.length, 0);
    const f = harmonizeMrio(as30(fineEconomy()), { sectorScheme: "30", regions: "keep" });
    assert.deepEqual(f.regions, ["Beijing", "Tibet", "Shaanxi"]); // adcodes 110000, 540000, 610000
  });
});

function writeConc(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harmonize-"));
  const f = path.join(dir, "conc.csv");
  fs.writeFileSync(f, "from_code,from_name,to_code,to_name,option,note\n" + text);
  return f;
}

describe("harmonizeMrio: sectors by name, not by index", () => {
  test("scheme detection from names (Chinese or English) and codes", () => {
    assert.equal(detectSectorScheme(as2012(fineEconomy())).scheme, "42-2012");
    assert.equal(detectSectorScheme(as2017(fineEconomy())).scheme, "42-2017");
    assert.equal(detectSectorScheme(as30(fineEconomy())).scheme, "30");
    const codes30 = { ...as30(fineEconomy()), sectors: Array.from({ length: 30 }, (_, i) => String(i + 1).padStart(2, "0")) };
    assert.deepEqual(detectSectorScheme(codes30), { scheme: "30", by: "codes" });
    const codes42 = { ...codes30, sectors: Array.from({ length: 42 }, (_, i) => String(i + 1)) };
    assert.throws(() => detectSectorScheme(codes42), (e: unknown) => e instanceof InputError && /2012 and 2017 numberings/.test(e.message));
  });

  test("2012-numbered and 2017-numbered tables of the same economy give the same 30-sector table", () => {
    const fine = fineEconomy();
    const h12 = harmonizeMrio(as2012(fine), { sectorScheme: "30" });
    const h17 = harmonizeMrio(as2017(fine), { sectorScheme: "30" });
    assert.equal(h12.harmonization.fromScheme, "42-2012");
    assert.equal(h17.harmonization.fromScheme, "42-2017");
    assertSameTable(h12, h17, "2012 vs 2017");
    // Expected: the fine economy on 3 sectors, Tibet dropped by hand (below), Beijing before Shaanxi.
    assert.deepEqual(h12.regions, ["Beijing", "Shaanxi"]);
    assert.deepEqual(h12.sectors, ["Other manufacturing", "Construction", "Scientific research"]);
    assert.deepEqual(h12.sectorCodes, ["21", "24", "29"]);
    const keep = harmonizeMrio(as30(fine), { sectorScheme: "30", regions: "keep" });
    assertArrClose(harmonizeMrio(as2012(fine), { sectorScheme: "30", regions: "keep" }).Z.data, keep.Z.data, "keep Z");
    assertArrClose(harmonizeMrio(as2017(fine), { sectorScheme: "30", regions: "keep" }).Y.data, keep.Y.data, "keep Y");
    assertSameTable(harmonizeMrio(as30(fine), { sectorScheme: "30" }), h12, "30 vs 2012");
    // Merges reported.
    assert.deepEqual(h12.harmonization.merged.map((g) => [g.toCode, g.from]), [["21", ["其他制造产品", "废品废料"]]]);
    assert.deepEqual(h17.harmonization.merged.map((g) => [g.toCode, g.from.length]), [["29", 2]]);
    for (const h of [h12, h17]) assert.deepEqual(validateTable(h).warnings, []);
  });

  test("totals: Σ Z, Σ Y, Σ x, Σ F invariant apart from Tibet's reported share", () => {
    const fine = fineEconomy();
    for (const t of [as2012(fine), as2017(fine), as30(fine)]) {
      const before = tableTotals(t);
      const kept = harmonizeMrio(t, { sectorScheme: "30", regions: "keep" }).harmonization.totalsAfter;
      for (const key of ["Z", "Y", "x", "exports"] as const) assertClose(kept[key], before[key], key);
      assertClose(kept.F.CO2, before.F.CO2, "F");
      const h = harmonizeMrio(t, { sectorScheme: "30" });
      const d = h.harmonization.dropped[0], a = h.harmonization.totalsAfter;
      assertClose(a.Z, before.Z - d.zWithin - d.zSales - d.zPurchases, "Z");
      assertClose(a.Y, before.Y - d.yRows - d.yPurchases, "Y");
      assertClose(a.x, before.x - d.output, "x");
      assertClose(a.F.CO2, before.F.CO2 - d.F.CO2, "F");
      // Tibet is region 2 of 3 in the fine table (positions 5–9): F = 6 + 7 + 8 + 9 + 10.
      assert.equal(d.F.CO2, 40);
    }
  });

  test("42-2012 → 42-2017 splits #36 by the reference table's output shares", () => {
    // One region, 2012 sectors construction (28) and research & technical services (36).
    const t = makeTable(["Shaanxi"], ["建筑", "科学研究和技术服务"], ["households"], [[10, 20], [30, 40]], [[100], [200]], [0, 0], [1, 2]);
    const ref = makeTable(["Shaanxi"], ["建筑", "研究和试验发展", "综合技术服务"], ["households"], [[0, 0, 0], [0, 0, 0], [0, 0, 0]], [[1], [25], [75]], [0, 0, 0], [0, 0, 0]);
    const h = harmonizeMrio(t, { sectorScheme: "42-2017", splitReference: ref, sectorLabels: "code" });
    assert.deepEqual(h.sectors, ["27", "35", "36"]);
    assert.deepEqual(Array.from(h.Z.data), [10, 5, 15, 7.5, 2.5, 7.5, 22.5, 7.5, 22.5]);
    assert.deepEqual(Array.from(h.Y.data), [100, 50, 150]);
    assert.deepEqual(Array.from(h.x!), [130, 67.5, 202.5]);
    assert.deepEqual(Array.from(h.F!.values.data), [1, 0.5, 1.5]);
    const s = h.harmonization.splits[0];
    assert.deepEqual([s.fromCode, s.toCodes, s.method, s.sharesByRegion.Shaanxi], ["36", ["35", "36"], "reference-output", [0.25, 0.75]]);
    assert.deepEqual(validateTable(h).warnings, []);
    // Without a reference: equal shares, stated.
    const eq = harmonizeMrio(t, { sectorScheme: "42-2017" });
    assert.deepEqual(Array.from(eq.Y.data), [100, 100, 100]);
    assert.equal(eq.harmonization.splits[0].method, "equal");
    assert.ok(eq.harmonization.notes.some((n) => /equal shares/.test(n)));
    // Back to 42-2012 gives the original table (research and technical merge again).
    const back = harmonizeMrio(h, { sectorScheme: "42-2012", sectorLabels: "name_zh" });
    assert.deepEqual(back.sectors, ["建筑", "科学研究和技术服务"]);
    assertArrClose(back.Z.data, t.Z.data, "round trip Z");
  });

  test("2012 and 2017 codes alone map differently: the same code 28 is construction in 2012 and trade in 2017", () => {
    const t = makeTable(["Shaanxi"], ["28"], ["households"], [[1]], [[1]], [0], [0]);
    assert.deepEqual(harmonizeMrio(t, { sectorScheme: "30", fromScheme: "42-2012" }).sectorCodes, ["24"]);
    assert.deepEqual(harmonizeMrio(t, { sectorScheme: "30", fromScheme: "42-2017" }).sectorCodes, ["26"]);
  });
});

describe("harmonizeMrio: bad input", () => {
  const isInput = (re: RegExp) => (e: unknown) => e instanceof InputError && re.test(e.message);
  test("a sector missing from the concordance names the sector label", () => {
    const t = as2012(fineEconomy());
    // A concordance that forgets 23 (scrap and waste).
    const f = writeConc("22,其他制造产品,21,其他制造业,,\n28,建筑,24,建筑,,\n36,科学研究和技术服务,29,科学研究,,\n");
    assert.throws(() => harmonizeMrio(t, { sectorScheme: "30", concordanceFile: f }), isInput(/sector "废品废料" \(42-2012 code 23\) is not in the concordance/));
  });
  test("an unknown sector label is named", () => {
    const t = makeTable(["Shaanxi"], ["建筑", "Unobtainium mining"], ["households"], [[1, 0], [0, 1]], [[1], [1]], [0, 0], [0, 0]);
    assert.throws(() => harmonizeMrio(t, { sectorScheme: "30" }), isInput(/Unobtainium mining/));
    assert.throws(() => harmonizeMrio(t, { sectorScheme: "30", fromScheme: "42-2012" }), isInput(/sector "Unobtainium mining" is not in the 42-2012 sector list/));
  });
  test("a name and a code that disagree (wrong numbering) are an error", () => {
    const t = { ...makeTable(["Shaanxi"], ["建筑"], ["households"], [[1]], [[1]], [0], [0]), sectorCodes: ["27"] };
    assert.throws(() => harmonizeMrio(t, { sectorScheme: "30", fromScheme: "42-2012" }), isInput(/is 28 by name but has code 27/));
  });
  test("30 → 42 is refused; unknown provinces and duplicated provinces are named", () => {
    assert.throws(() => harmonizeMrio(as30(fineEconomy()), { sectorScheme: "42-2017" }), isInput(/cannot be disaggregated/));
    const t = makeTable(["Atlantis"], ["建筑"], ["households"], [[1]], [[1]], [0], [0]);
    assert.throws(() => harmonizeMrio(t, { sectorScheme: "30", fromScheme: "42-2012" }), isInput(/unknown province "Atlantis"/));
    // "建筑" alone fits every scheme: detection refuses to guess.
    assert.throws(() => harmonizeMrio(t, { sectorScheme: "30" }), isInput(/cannot tell the sector scheme/));
    const d = makeTable(["Shaanxi", "陕西"], ["建筑"], ["households"], [[1, 0], [0, 1]], [[1, 0], [0, 1]], [0, 0], [0, 0]);
    assert.throws(() => harmonizeMrio(d, { sectorScheme: "30", fromScheme: "42-2012" }), isInput(/Shaanxi appears twice/));
  });
});

describe("harmonizeYears", () => {
  test("any 30-sector year → everything on 30, regions agree, merges reported", () => {
    const fine = fineEconomy();
    const t07 = harmonizeMrio(as30(fineEconomy(3)), { sectorScheme: "30" }); // no Tibet, like the 2007/2010 tables
    const { scheme, tables, report } = harmonizeYears(new Map<number, MrioTable>([[2017, as2017(fine)], [2007, t07], [2012, as2012(fine)]]));
    assert.equal(scheme, "30");
    assert.match(report.reason, /2007/);
    assert.deepEqual([...tables.keys()], [2007, 2012, 2017]);
    assert.deepEqual(report.regions, ["Beijing", "Shaanxi"]);
    assert.deepEqual(report.years.map((y) => y.fromScheme), ["30", "42-2012", "42-2017"]);
    assertSameTable(tables.get(2012)!, tables.get(2017)!, "2012 vs 2017");
    for (const h of tables.values()) assert.deepEqual(validateTable(h).warnings, []);
  });
  test("only 42-sector years → 42-2017, 2012's #36 split by the 2017 output shares", () => {
    const fine = fineEconomy();
    const { scheme, tables, report } = harmonizeYears(new Map<number, MrioTable>([[2012, as2012(fine)], [2017, as2017(fine)]]));
    assert.equal(scheme, "42-2017");
    const s = report.years[0].report.splits[0];
    assert.equal(s.method, "reference-output");
    const h17 = tables.get(2017)!, h12 = tables.get(2012)!;
    // Research / technical shares in Beijing from the 2017 table's output.
    const n = h17.sectors.length, bj = h17.regions.indexOf("Beijing");
    const xr = h17.x![bj * n + 2], xt = h17.x![bj * n + 3];
    assertArrClose(s.sharesByRegion.Beijing, [xr / (xr + xt), xt / (xr + xt)], "shares");
    // Totals agree (same economy), and output of research + technical agrees per region.
    assertClose(sum(h12.x!), sum(h17.x!), "Σx");
    assertClose(h12.x![bj * n + 2] + h12.x![bj * n + 3], xr + xt, "research + technical");
  });
  test('regions "keep" with a year lacking Tibet fails with a hint', () => {
    const t07 = harmonizeMrio(as30(fineEconomy(3)), { sectorScheme: "30" });
    assert.throws(
      () => harmonizeYears(new Map<number, MrioTable>([[2007, t07], [2017, as2017(fineEconomy())]]), { regions: "keep" }),
      (e: unknown) => e instanceof InputError && /2017 has Tibet.*drop-tibet/.test(e.message),
    );
  });
});

describe("properties", () => {
  test("random economies: 2012 and 2017 numberings → the same 30-sector table; totals kept (Tibet kept)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 225, maxLength: 225 }), (seed, zs) => {
        const base = fineEconomy(seed);
        const Z = Array.from({ length: 15 }, (_, p) => Array.from({ length: 15 }, (_, q) => zs[p * 15 + q]));
        const Y = Array.from({ length: 15 }, (_, p) => Array.from({ length: 6 }, (_, c) => base.Y.data[p * 6 + c]));
        const fine = makeTable([...base.regions], [...base.sectors], [...base.categories], Z, Y, Array.from(base.exports!), Array.from(base.F!.values.data));
        const a = harmonizeMrio(as2012(fine), { sectorScheme: "30", regions: "keep" });
        const b = harmonizeMrio(as2017(fine), { sectorScheme: "30", regions: "keep" });
        assertSameTable(a, b, "2012 vs 2017");
        assertClose(sum(a.Z.data), sum(fine.Z.data), "ΣZ");
        assertClose(sum(a.x!), sum(fine.x!), "Σx");
        const d = harmonizeMrio(as2017(fine), { sectorScheme: "30" });
        assert.deepEqual(validateTable(d, { balanceTolerance: 1e-9 }).warnings.filter((w) => /balance/.test(w)), []);
      }),
      { numRuns: 40, seed: 42 },
    );
  });
});
