import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { compareValue, compareDirection } from "../../src/balance/compare";
import { annualAverage, growthBetween, growthRate, olsSlope, trendDirection } from "../../src/balance/growth";
import { absorptionPressure, absorptionThreshold, CO2_PER_C } from "../../src/balance/threshold";
import { figuresForConclusion, loadStudyFigures, studyFigure } from "../../src/balance/study-figures";
import { formatPublishedVsComputed, publishedVsComputed } from "../../src/balance/published-vs-computed";
import { readScorecard, recordComputed } from "../../src/balance/scorecard";
import { InputError } from "../../src/util/errors";
import { SHARED_DIR } from "../shared-dir";
import { MILLER_BLAIR_TWO_SECTOR, nationalIntensities } from "../../src/balance/primer";
import { leontiefInverse, technicalCoefficients } from "../../src/mrio/index";

const ABSTRACT = path.join(SHARED_DIR, "seed/abstract.txt");

test("study figures: valid, unique ids, all four conclusions", () => {
  const f = loadStudyFigures();
  assert.equal(new Set(f.figures.map((x) => x.id)).size, f.figures.length);
  for (const c of [1, 2, 3, 4] as const) assert.ok(figuresForConclusion(c).length >= 3, `conclusion ${c}`);
  assert.equal(studyFigure("c1-nw-net-transfer").value, 192.82);
  assert.equal(studyFigure("c4-ningxia-threshold").value, 39.68);
  assert.throws(() => studyFigure("nope"), InputError);
});

test("study figures: every number printed in the abstract is in the JSON", { skip: fs.existsSync(ABSTRACT) ? false : `${ABSTRACT} absent` }, () => {
  const text = fs.readFileSync(ABSTRACT, "utf8");
  const results = text.slice(text.indexOf("(1)"));
  // Numbers that are dates, years or list markers are not results.
  // Every decimal number and every percentage of the four conclusions; "10,000 yuan" is a unit, not a result.
  const numbers = new Set([...results.replace(/10,000/g, "").matchAll(/(\d+\.\d+|\d+)(?=\s*(?:%|Mt|t\/|g C))/g)].map((m) => Number(m[1])));
  assert.ok(numbers.size >= 25, `parsed only ${numbers.size} numbers`);
  const published = new Set(loadStudyFigures().figures.filter((f) => typeof f.value === "number" && !f.derived).map((f) => f.value as number));
  const missing = [...numbers].filter((n) => !published.has(n));
  assert.deepEqual(missing, []);
  assert.ok(published.has(10));
});

test("study figures: a malformed file is refused with file and entry named", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sf-"));
  const file = path.join(dir, "bad.json");
  fs.writeFileSync(file, JSON.stringify({ figures: [{ id: "x", conclusion: 5, kind: "value", value: 1, unit: "t", computation: { function: "f" } }] }));
  assert.throws(() => loadStudyFigures(file), (e: unknown) => e instanceof InputError && /bad\.json, figures\[0\] \(x\): conclusion/.test(e.message));
});

test("compareValue: known answers and tolerance", () => {
  const c = compareValue(192.82, 200);
  assert.ok(Math.abs(c.difference - 7.18) < 1e-12);
  assert.ok(Math.abs(c.ratio! - 200 / 192.82) < 1e-15);
  assert.equal(c.withinTolerance, true); // 3.7 % < 5 %
  assert.equal(compareValue(192.82, 210).withinTolerance, false); // 8.9 %
  assert.equal(compareValue(192.82, 210, { relative: 0.1 }).withinTolerance, true);
  assert.equal(compareValue(0, 0.3, { absolute: 0.5 }).withinTolerance, true);
  assert.equal(compareValue(0, 0.3).ratio, null);
  assert.throws(() => compareValue(1, NaN), RangeError);
  assert.equal(compareDirection("increasing", "flat").agrees, false);
});

test("compareValue: property — difference + published = computed, and ratio·published = computed", () => {
  fc.assert(
    fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (p, c) => {
      const r = compareValue(p, c);
      assert.ok(Math.abs(r.published + r.difference - c) <= 1e-9 * Math.max(1, Math.abs(c)));
      if (r.ratio !== null) assert.ok(Math.abs(r.ratio * p - c) <= 1e-9 * Math.max(1, Math.abs(c)));
      assert.equal(compareValue(p, p).withinTolerance, true);
    }),
  );
});

test("growth: the study's +143 % and +10 %", () => {
  assert.ok(Math.abs(growthRate(100, 243) - 1.43) < 1e-12);
  assert.ok(Math.abs(growthBetween([{ year: 2017, value: 110 }, { year: 2007, value: 100 }, { year: 2012, value: 1 }]) - 0.1) < 1e-12);
  assert.throws(() => growthRate(0, 5), InputError);
  assert.throws(() => growthBetween([{ year: 2007, value: 1 }], { toYear: 2017 }), /no value for year 2017/);
});

test("annualAverage: table years vs calendar years (hand-computed)", () => {
  const s = [2007, 2010, 2012, 2015, 2017].map((year, i) => ({ year, value: [10, 40, 20, 20, 0][i] }));
  assert.equal(annualAverage(s), 18);
  // Interpolated 2007..2017: 10,20,30,40,30,20,20,20,20,10,0 → sum 220 / 11 = 20.
  assert.ok(Math.abs(annualAverage(s, "calendar-years") - 20) < 1e-12);
  assert.throws(() => annualAverage([{ year: 2007, value: NaN }]), InputError);
});

test("annualAverage: property — a linear series averages to its mid-period value under both methods", () => {
  fc.assert(
    fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: -1e3, max: 1e3, noNaN: true }), (a, b) => {
      const s = [2007, 2010, 2012, 2015, 2017].map((year) => ({ year, value: a + b * (year - 2007) }));
      const mid = a + b * 5;
      assert.ok(Math.abs(annualAverage(s, "calendar-years") - mid) < 1e-9 * Math.max(1, Math.abs(mid), Math.abs(b) * 10));
      assert.ok(Math.abs(olsSlope(s) - b) < 1e-9 * Math.max(1, Math.abs(b), Math.abs(a)));
    }),
  );
});

test("trendDirection: up, down, flat, first-last", () => {
  const up = [2007, 2010, 2012].map((year, i) => ({ year, value: 10 + i }));
  assert.equal(trendDirection(up), "increasing");
  assert.equal(trendDirection(up.map((p) => ({ ...p, value: 20 - p.value }))), "decreasing");
  assert.equal(trendDirection([{ year: 2007, value: 100 }, { year: 2017, value: 100.5 }]), "flat");
  assert.equal(trendDirection([{ year: 2007, value: 100 }, { year: 2010, value: 0 }, { year: 2017, value: 101 }], { method: "first-last", flatRelativeSlope: 0 }), "increasing");
});

test("absorption threshold and pressure: the study's Shaanxi and Ningxia numbers", () => {
  // Shaanxi 215.63 / 361.91 = 59.58 % (METHODS §7), Ningxia 111.88 / 39.68 = 282 %.
  assert.ok(Math.abs(absorptionPressure(215.63, 361.91).pressure! - 0.59581) < 1e-5);
  const nx = absorptionPressure(111.88, 39.68);
  assert.equal(nx.exceeded, true);
  assert.ok(Math.abs(nx.pressure! - 2.8196) < 1e-4);
  assert.deepEqual(absorptionPressure(5, 0), { pressure: null, exceeded: true });
  const seq = { province: "Ningxia", years: [2007, 2017], nppTonnesC: [10e6, 12e6], nepTonnesC: [1e6, 3e6] };
  assert.ok(Math.abs(absorptionThreshold(seq) - 11 * CO2_PER_C) < 1e-12);
  assert.ok(Math.abs(absorptionThreshold(seq, { basis: "nep", carbonUnit: "C", aggregate: "last" }) - 3) < 1e-12);
  assert.ok(Math.abs(absorptionThreshold(seq, { aggregate: 2007, carbonUnit: "C" }) - 10) < 1e-12);
  assert.throws(() => absorptionThreshold({ province: "X", years: [2007], nppTonnesC: [1] }, { basis: "nep" }), /no NEP totals/);
  assert.throws(() => absorptionThreshold({ ...seq, nppTonnesC: [1, NaN] }), (e: unknown) => e instanceof InputError && /Ningxia, 2017/.test(e.message));
});

test("publishedVsComputed: statuses, differences, every figure of a conclusion listed", () => {
  const rows = publishedVsComputed(
    [
      { id: "c1-nw-net-transfer", value: 200 },
      { id: "c1-shaanxi-net-transfer", value: 100 },
      { id: "c1-nw-to-east-trend", value: "decreasing" },
      { id: "c1-nw-to-south-trend", value: "flat" },
    ],
    { conclusions: [1] },
  );
  assert.equal(rows.length, figuresForConclusion(1).length);
  const by = Object.fromEntries(rows.map((r) => [r.id, r]));
  assert.equal(by["c1-nw-net-transfer"].status, "agrees");
  assert.ok(Math.abs(by["c1-nw-net-transfer"].difference! - 7.18) < 1e-9);
  assert.equal(by["c1-shaanxi-net-transfer"].status, "differs");
  assert.equal(by["c1-nw-to-east-trend"].status, "agrees");
  assert.equal(by["c1-nw-to-south-trend"].status, "differs");
  assert.equal(by["c1-xinjiang-net-transfer"].status, "not computed");
  const shown = formatPublishedVsComputed(rows);
  assert.equal(shown[0].Difference, "+7.18");
  assert.throws(() => publishedVsComputed([{ id: "bogus", value: 1 }]), /unknown figure id/);
  assert.equal(publishedVsComputed([{ id: "c2-heavy-industry-pillar", value: null }])[0].status, "not scored");
});

test("scorecard: record and read back, deterministic bytes", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sc-"));
  const rec = { notebook: "02-x", section: "Published vs computed", caption: "demo", values: [{ id: "c1-nw-net-transfer", value: 1.5 }] };
  const f = recordComputed(rec, dir);
  const bytes = fs.readFileSync(f, "utf8");
  recordComputed(rec, dir);
  assert.equal(fs.readFileSync(f, "utf8"), bytes);
  assert.deepEqual(readScorecard(dir), [rec]);
  assert.deepEqual(readScorecard(path.join(dir, "absent")), []);
});

test("national intensities: f = e/x from the industry rows of one year, m = f·L (hand-computed two-sector case)", () => {
  const table = { ...MILLER_BLAIR_TWO_SECTOR, sectorInfo: [{ code: "01", nameEn: "Agriculture", nameZh: "", group: "" }, { code: "02", nameEn: "Manufacturing", nameZh: "", group: "" }] };
  const L = leontiefInverse(technicalCoefficients(table.Z, table.totalOutput));
  const rows = [
    { year: 2017, province: "A", sectorCode: "01", isHousehold: false, scope1TotalMt: 20e-6 },
    { year: 2017, province: "B", sectorCode: "01", isHousehold: false, scope1TotalMt: 30e-6 },
    { year: 2017, province: "A", sectorCode: "02", isHousehold: false, scope1TotalMt: 400e-6 },
    { year: 2017, province: "A", sectorCode: "urban", isHousehold: true, scope1TotalMt: 999 },
    { year: 2015, province: "A", sectorCode: "02", isHousehold: false, scope1TotalMt: 999 },
  ];
  const { direct, embodied } = nationalIntensities(table, L, rows, 2017);
  assert.ok(Math.abs(direct[0] - 0.05) < 1e-12 && Math.abs(direct[1] - 0.2) < 1e-12);
  // m_j = Σ_i f_i L_ij with L ≈ [[1.2541, 0.3300], [0.2640, 1.1221]]
  assert.ok(Math.abs(embodied[0] - (0.05 * L.data[0] + 0.2 * L.data[2])) < 1e-12);
  assert.ok(Math.abs(embodied[1] - (0.05 * L.data[1] + 0.2 * L.data[3])) < 1e-12);
  // Σ m_j y_j = Σ e_j: every tonne emitted is embodied in some final demand.
  assert.ok(Math.abs(embodied[0] * 350 + embodied[1] * 1700 - 450) < 1e-9);
  assert.throws(() => nationalIntensities(table, L, [{ ...rows[0], sectorCode: "99" }], 2017), /sector code "99"/);
});
