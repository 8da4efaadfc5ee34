import { test } from "node:test";
import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
  classify3,
  classify5,
  erfc,
  mannKendallS,
  mannKendallVariance,
  mannKendallVarianceNoTies,
  mannKendallZ,
  medianInPlace,
  normalCdf,
  senIntercept,
  senSlope,
  trendOfSeries,
  twoSidedP,
} from "../../src/vegetation/trend";

const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test("erfc matches reference values to ~1e-15 relative (values from C libm erfc)", () => {
  const ref: Array<[number, number]> = [
    [0, 1],
    [0.1, 0.8875370839817152],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [1.5, 0.033894853524689274],
    [2, 0.004677734981047265],
    [2.5, 0.0004069520174449589],
    [3, 2.2090496998585438e-5],
    [4, 1.541725790028002e-8],
    [5, 1.5374597944280351e-12],
    [6, 2.1519736712498916e-17],
    [10, 2.088487583762545e-45],
    [26, 5.663192408856143e-296],
  ];
  for (const [x, v] of ref) {
    assert.ok(Math.abs(erfc(x) - v) <= 5e-15 * v, `erfc(${x}) = ${erfc(x)}, expected ${v}`);
    assert.ok(Math.abs(erfc(-x) - (2 - v)) <= 1e-15 * 2, `erfc(${-x})`);
  }
  assert.equal(erfc(40), 0);
  assert.ok(Number.isNaN(erfc(NaN)));
  // The textbook critical values: |Z| = 1.96 ⇔ p ≈ 0.05, 2.5758 ⇔ 0.01, 1.6449 ⇔ 0.10.
  assert.ok(close(twoSidedP(1.96), 0.04999579029644087, 1e-13));
  assert.ok(Math.abs(twoSidedP(2.5758293035489) - 0.01) < 1e-12);
  assert.ok(Math.abs(twoSidedP(-1.6448536269514722) - 0.1) < 1e-12);
  assert.ok(close(normalCdf(0), 0.5) && close(normalCdf(1.96), 0.9750021048517795, 1e-13));
});

test("Var(S) without ties: n = 11 → 165 (METHODS.md §6.4); significance needs |S| ≥ 27 at 0.05", () => {
  assert.equal(mannKendallVarianceNoTies(11), 165);
  assert.equal(mannKendallVariance([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 165);
  assert.ok(twoSidedP(mannKendallZ(27, 165)) < 0.05);
  assert.ok(twoSidedP(mannKendallZ(25, 165)) > 0.05);
  assert.ok(twoSidedP(mannKendallZ(23, 165)) < 0.1 && twoSidedP(mannKendallZ(21, 165)) > 0.1);
  assert.ok(twoSidedP(mannKendallZ(35, 165)) < 0.01 && twoSidedP(mannKendallZ(33, 165)) > 0.01);
});

test("hand-computed S and Var(S) with ties", () => {
  // x = 3 3 3 1 1: pairs (3,3)×3 → 0, (3,1)×6 → −1, (1,1) → 0: S = −6.
  // Var = [5·4·15 − (3·2·11 + 2·1·9)]/18 = (300 − 66 − 18)/18 = 12; Z = (−6 + 1)/√12.
  const x = [3, 3, 3, 1, 1];
  assert.equal(mannKendallS(x), -6);
  assert.equal(mannKendallVariance(x), 12);
  assert.ok(close(mannKendallZ(-6, 12), -5 / Math.sqrt(12)));
  // all equal: Var(S) = 0 → Z = 0, p = 1
  assert.equal(mannKendallVariance([2, 2, 2, 2]), 0);
  assert.equal(mannKendallZ(0, 0), 0);
  const r = trendOfSeries([1, 2, 3, 4, 5], [2, 2, 2, 2, 2]);
  assert.equal(r.slope, 0);
  assert.equal(r.p, 1);
  assert.equal(r.class3, 0);
  assert.equal(r.class5, 0);
});

test("Sen slopes of short series (hand-computed)", () => {
  // pairs: (3−1)/1 = 2, (2−1)/2 = 0.5, (2−3)/1 = −1 → median 0.5
  assert.equal(senSlope([0, 1, 2], [1, 3, 2]), 0.5);
  // 6 pairs: 1, 1.5, 2/3, 2, 0.5, −1 → sorted −1, 0.5, 2/3, 1, 1.5, 2 → (2/3 + 1)/2
  assert.ok(close(senSlope([0, 1, 2, 3], [0, 1, 3, 2]), (2 / 3 + 1) / 2));
  // intercepts at t0 = 0: Conover median(x) − β·median(t) = 2 − 0.5·1; residual median of 1, 2.5, 1 = 1
  assert.equal(senIntercept([0, 1, 2], [1, 3, 2], 0.5, 0, "conover"), 1.5);
  assert.equal(senIntercept([0, 1, 2], [1, 3, 2], 0.5, 0, "residual-median"), 1);
  assert.equal(medianInPlace([5, 1, 4, 2], 4), 3);
  assert.equal(medianInPlace([7], 1), 7);
});

test("a series with a gap keeps the real time distances", () => {
  // 2000, 2001, (missing 2002–2004), 2005: values 0, 1, 5 → every pair slope is 1 per year.
  const r = trendOfSeries([2000, 2001, 2002, 2003, 2004, 2005], [0, 1, NaN, NaN, NaN, 5], { minCount: 3 });
  assert.equal(r.n, 3);
  assert.equal(r.slope, 1);
  assert.equal(r.intercept, 0); // fitted value in 2000
  assert.equal(r.s, 3);
  // Hand computation of the CLI example: x = 1 2 2 3 _ 5 at 2007…2012.
  // Slopes: 1, .5, 2/3, .8, 0, .5, .75, 1, 1, 1 → median (.75 + .8)/2 = .775; S = 9;
  // Var = (5·4·15 − 2·1·9)/18 = 282/18; Z = 8/√(282/18).
  const t = trendOfSeries([2007, 2008, 2009, 2010, 2011, 2012], [1, 2, 2, 3, NaN, 5]);
  assert.equal(t.n, 5);
  assert.ok(close(t.slope, 0.775));
  assert.equal(t.s, 9);
  assert.ok(close(t.varS, 282 / 18));
  assert.ok(close(t.z, 8 / Math.sqrt(282 / 18)));
  assert.ok(close(t.p, 0.043262727806910206, 1e-10));
  assert.equal(t.class3, 1);
  assert.equal(t.class5, 2);
  // too few values → no data
  const few = trendOfSeries([1, 2, 3, 4, 5, 6], [1, NaN, 2, NaN, 3, NaN]);
  assert.equal(few.n, 3);
  assert.ok(Number.isNaN(few.slope));
  assert.equal(few.class3, null);
});

test("classes at α: 3-class and 5-class rules", () => {
  assert.equal(classify3(0.5, 0.01), 1);
  assert.equal(classify3(-0.5, 0.01), -1);
  assert.equal(classify3(0.5, 0.2), 0);
  assert.equal(classify3(0.5, 0.07, 0.1), 1);
  assert.equal(classify3(0, 0.001), 0);
  assert.equal(classify5(0.5, 0.01), 2);
  assert.equal(classify5(0.5, 0.3), 1);
  assert.equal(classify5(0, 0.3), 0);
  assert.equal(classify5(0.05, 0.01, 0.05, 0.1), 0);
  assert.equal(classify5(-0.5, 0.3), -1);
  assert.equal(classify5(-0.5, 0.001), -2);
});

test("bad arguments are refused", () => {
  assert.throws(() => trendOfSeries([1, 2, 2], [1, 2, 3]), /strictly increasing/);
  assert.throws(() => trendOfSeries([1, 2], [1]), /differ in length/);
  assert.throws(() => trendOfSeries([1, 2, 3], [1, 2, 3], { alpha: 1.5 }), /alpha/);
  assert.throws(() => trendOfSeries([1, 2, 3], [1, Infinity, 3]), /not finite/);
});

const series = fc
  .array(fc.oneof({ weight: 5, arbitrary: fc.integer({ min: -50, max: 50 }) }, { weight: 1, arbitrary: fc.constant(NaN) }), { minLength: 5, maxLength: 14 })
  .filter((a) => a.filter((v) => !Number.isNaN(v)).length >= 5);

test("symmetry: reversing a series negates slope, S and Z (property)", () => {
  fc.assert(
    fc.property(series, (x) => {
      const t = x.map((_, i) => 2000 + i);
      const a = trendOfSeries(t, x);
      const b = trendOfSeries(t, [...x].reverse());
      assert.ok(close(b.slope, -a.slope, 1e-12) || (b.slope === 0 && a.slope === 0));
      assert.ok(b.s === -a.s, `S ${b.s} vs ${-a.s}`);
      assert.ok(close(b.z, -a.z, 1e-12));
      assert.ok(close(b.p, a.p, 1e-12));
      assert.equal(b.varS, a.varS);
    }),
    { numRuns: 300 },
  );
});

test("invariance: adding a constant changes only the intercept (property)", () => {
  fc.assert(
    fc.property(series, fc.integer({ min: -1000, max: 1000 }), (x, c) => {
      const t = x.map((_, i) => 2000 + i);
      const a = trendOfSeries(t, x);
      const b = trendOfSeries(
        t,
        x.map((v) => v + c),
      );
      assert.ok(close(b.slope, a.slope, 1e-9));
      assert.equal(b.s, a.s);
      assert.equal(b.varS, a.varS);
      assert.equal(b.z, a.z);
      assert.ok(close(b.intercept, a.intercept + c, 1e-9));
    }),
    { numRuns: 300 },
  );
});

test("median by selection equals the median of the sorted values (property)", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 80 }), (a) => {
      const s = [...a].sort((p, q) => p - q);
      const n = s.length;
      const want = n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
      assert.ok(close(medianInPlace(Float64Array.from(a), n), want, 1e-12));
    }),
  );
});
