import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { arbTable, close, sum } from "./helpers";
import { setParallelThreshold, parallelJobs } from "../../src/mrio/parallel";
import { luInverse } from "../../src/mrio/linalg";
import {
  accounts, aggregateByConcordance, bilateralFlows, netTransfer, aggregateFlows, leontiefFactor, leontiefInverse, leontiefSolve,
  outputOf, rowSums, technicalCoefficients, luFactor, luSolve, luSolveTransposed, transpose, matmul, concordanceFromMapping,
  embodiedIntensity, type MrioTable, type Concordance,
} from "../../src/mrio";

const RUNS = { numRuns: 60, seed: 20240601 };

function totalOf(t: MrioTable, q: number): number {
  const mn = t.Z.rows;
  return sum(t.F!.values.data.subarray(q * mn, q * mn + mn));
}

test("LU solve: A·X = B and Aᵀ·X = B on random (pivoting) matrices", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 140 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (n, q, seed) => {
      let s = (seed >>> 0) || 7;
      const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296) * 2 - 1;
      const A = { rows: n, cols: n, data: new Float64Array(n * n).map(rnd) };
      for (let i = 0; i < n; i++) A.data[i * n + i] += 2 * Math.sqrt(n) * (rnd() > 0 ? 1 : -1); // keep it well conditioned
      const B = { rows: n, cols: q, data: new Float64Array(n * q).map(rnd) };
      const f = luFactor(A);
      const X = luSolve(f, B);
      const AX = matmul(A, X);
      const XT = luSolveTransposed(f, B);
      const ATX = matmul(transpose(A), XT);
      for (let i = 0; i < n * q; i++) {
        assert.ok(Math.abs(AX.data[i] - B.data[i]) < 1e-11, `A·X ≠ B at ${i}`);
        assert.ok(Math.abs(ATX.data[i] - B.data[i]) < 1e-11, `Aᵀ·X ≠ B at ${i}`);
      }
    }),
    { numRuns: 40, seed: 11 },
  );
});

test("x = L·y for the total final demand y = Y·1 + e", () => {
  fc.assert(
    fc.property(arbTable({ exports: true }), (t) => {
      const x = outputOf(t);
      const y = rowSums(t.Y);
      for (let i = 0; i < y.length; i++) y[i] += t.exports![i];
      const fac = leontiefFactor(technicalCoefficients(t.Z, x));
      const solved = leontiefSolve(fac, { rows: y.length, cols: 1, data: y }).data;
      const L = leontiefInverse(fac);
      for (let i = 0; i < y.length; i++) {
        assert.ok(close(solved[i], x[i], 1e-10), `solve: ${solved[i]} vs ${x[i]}`);
        let lx = 0;
        for (let j = 0; j < y.length; j++) lx += L.data[i * y.length + j] * y[j];
        assert.ok(close(lx, x[i], 1e-10), `L·y: ${lx} vs ${x[i]}`);
      }
    }),
    RUNS,
  );
});

test("accounts: ΣD_cba = ΣD_pba = ΣF (+ΣF_Y per region), D_cba_reg = D_pba_reg + D_imp_reg − D_exp_reg", () => {
  fc.assert(
    fc.property(arbTable({ fy: true }), (t) => {
      const a = accounts(t);
      const kq = t.F!.values.rows, m = t.regions.length, mn = t.Z.rows;
      for (let q = 0; q < kq; q++) {
        const F = totalOf(t, q);
        const FY = sum(t.F_Y!.values.data.subarray(q * m * t.categories.length, (q + 1) * m * t.categories.length));
        assert.ok(close(sum(a.D_cba.data.subarray(q * mn, q * mn + mn)), F, 1e-10), "ΣD_cba = ΣF");
        assert.ok(close(sum(a.D_pba.data.subarray(q * mn, q * mn + mn)), F, 1e-10), "ΣD_pba = ΣF");
        assert.ok(close(sum(a.D_cba_reg.data.subarray(q * m, q * m + m)), F + FY, 1e-10), "ΣD_cba_reg = ΣF + ΣF_Y");
        assert.ok(close(sum(a.D_imp.data.subarray(q * mn, q * mn + mn)), sum(a.D_exp.data.subarray(q * mn, q * mn + mn)), 1e-10, 1e-6), "Σimports = Σexports");
        for (let r = 0; r < m; r++) {
          const i = q * m + r;
          const rhs = a.D_pba_reg.data[i] + a.D_imp_reg.data[i] - a.D_exp_reg.data[i];
          assert.ok(Math.abs(a.D_cba_reg.data[i] - rhs) <= 1e-10 * Math.max(F + FY, 1), `identity region ${r}: ${a.D_cba_reg.data[i]} vs ${rhs}`);
        }
      }
      // L given instead of the factorization: same numbers
      const b = accounts(t, { leontief: leontiefInverse(technicalCoefficients(t.Z, outputOf(t))) });
      for (let i = 0; i < a.D_imp.data.length; i++) assert.ok(close(a.D_imp.data[i], b.D_imp.data[i], 1e-10, 1e-6));
    }),
    RUNS,
  );
});

const arbGrouping = (m: number): fc.Arbitrary<Concordance> =>
  fc.array(fc.integer({ min: 0, max: 2 }), { minLength: m, maxLength: m }).map((g) => {
    const items = Array.from({ length: m }, (_, i) => `r${i}`);
    return concordanceFromMapping(items, new Map(items.map((it, i) => [it, `G${g[i]}`])));
  });

test("aggregation by concordance: totals invariant (Z, Y, F, ΣD_cba = ΣD_pba = ΣF)", () => {
  fc.assert(
    fc.property(
      arbTable({ fy: true }).chain((t) => fc.tuple(fc.constant(t), arbGrouping(t.regions.length), fc.array(fc.integer({ min: 0, max: 1 }), { minLength: t.sectors.length, maxLength: t.sectors.length }))),
      ([t, rc, sg]) => {
        const sc = concordanceFromMapping(t.sectors, new Map(t.sectors.map((s, i) => [s, `S${sg[i]}`])));
        const g = aggregateByConcordance(t, { regions: rc, sectors: sc });
        assert.ok(close(sum(g.Z.data), sum(t.Z.data)));
        assert.ok(close(sum(g.Y.data), sum(t.Y.data)));
        assert.ok(close(sum(outputOf(g)), sum(outputOf(t))));
        const a = accounts(g);
        const mn = g.Z.rows;
        for (let q = 0; q < t.F!.values.rows; q++) {
          const F = totalOf(t, q);
          assert.ok(close(sum(a.D_cba.data.subarray(q * mn, q * mn + mn)), F, 1e-10));
          assert.ok(close(sum(a.D_pba.data.subarray(q * mn, q * mn + mn)), F, 1e-10));
        }
        // Production-based per group is exactly the sum of its members' (no averaging of coefficients).
        const pOrig = accounts(t).D_pba_reg, pAgg = a.D_pba_reg;
        const want = new Float64Array(rc.groups.length);
        for (let r = 0; r < t.regions.length; r++) want[rc.assign[r]] += pOrig.data[r];
        for (let G = 0; G < rc.groups.length; G++) assert.ok(close(pAgg.data[G], want[G], 1e-10, 1e-6));
      },
    ),
    RUNS,
  );
});

test("flows: closure PBA^r = Σ_s E[r←s] (+ E[r←ROW]) for mrio and eebt; group nets = sums of member nets", () => {
  fc.assert(
    fc.property(
      arbTable({ exports: true }).chain((t) => fc.tuple(fc.constant(t), arbGrouping(t.regions.length), fc.constantFrom("mrio" as const, "eebt" as const), fc.constantFrom("row" as const, "final-demand" as const))),
      ([t, rc, method, exportsT]) => {
        const fl = bilateralFlows(t, { method, exports: exportsT });
        const m = t.regions.length, d = fl.flows.cols;
        const F = totalOf(t, 0);
        for (let r = 0; r < m; r++) {
          const row = sum(fl.flows.data.subarray(r * d, r * d + d));
          assert.ok(Math.abs(row - fl.production[r]) <= 1e-10 * Math.max(F, 1), `closure region ${r}: ${row} vs ${fl.production[r]}`);
        }
        const a = netTransfer(fl.flows, fl.regions, "inflow-minus-outflow");
        const b = netTransfer(fl.flows, fl.regions, "outflow-minus-inflow");
        for (let r = 0; r < m; r++) assert.ok(Object.is(a.net[r], -b.net[r]) || (a.net[r] === 0 && b.net[r] === 0), "exact negatives");
        const g = aggregateFlows(fl, rc);
        const ng = netTransfer(g.flows, g.regions);
        const want = new Float64Array(rc.groups.length);
        for (let r = 0; r < m; r++) want[rc.assign[r]] += a.net[r];
        for (let G = 0; G < rc.groups.length; G++) assert.ok(Math.abs(ng.net[G] - want[G]) <= 1e-10 * Math.max(F, 1), "intra-group flows cancel");
        // ΣE (domestic destinations) + ROW = ΣF
        assert.ok(close(sum(fl.flows.data), F, 1e-10, 1e-6));
      },
    ),
    RUNS,
  );
});

test("mrio flows agree with accounts: column sums of E = D_cba_reg without F_Y", () => {
  fc.assert(
    fc.property(arbTable(), (t) => {
      const fl = bilateralFlows(t, { method: "mrio" });
      const a = accounts(t);
      const m = t.regions.length;
      for (let s = 0; s < m; s++) {
        let col = 0;
        for (let r = 0; r < m; r++) col += fl.flows.data[r * m + s];
        assert.ok(close(col, a.D_cba_reg.data[s], 1e-10, 1e-6));
        assert.ok(close(col - fl.flows.data[s * m + s], a.D_imp_reg.data[s], 1e-9, 1e-6));
      }
    }),
    RUNS,
  );
});

test("embodied intensity: final-demand-weighted group shares sum to 1 and equal D_cba by product / ΣF", () => {
  fc.assert(
    fc.property(arbTable(), (t) => {
      const r = embodiedIntensity(t, { weighting: "final-demand" });
      const F = totalOf(t, 0);
      if (F > 0) assert.ok(close(sum(r.groupShare), 1, 1e-12));
      const a = accounts(t);
      const n = t.sectors.length, m = t.regions.length;
      for (let j = 0; j < n; j++) {
        let dj = 0;
        for (let s = 0; s < m; s++) dj += a.D_cba.data[s * n + j];
        if (F > 0) assert.ok(Math.abs(r.groupShare[j] - dj / F) < 1e-10);
      }
      for (const v of r.bySector) assert.ok(Number.isFinite(v));
    }),
    RUNS,
  );
});

test("two-thread kernel gives bit-identical LU, solves and inverse", () => {
  const n = 260; // > 2^16 elements, so buffers are shared
  let s = 99;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const A = { rows: n, cols: n, data: new Float64Array(n * n).map(() => -rnd() / n) };
  for (let i = 0; i < n; i++) A.data[i * n + i] += 1;
  const B = { rows: n, cols: 300, data: new Float64Array(n * 300).map(rnd) };
  const run = () => {
    const f = luFactor(A);
    return [f.lu, luSolve(f, B).data, luSolveTransposed(f, B).data, luInverse(f).data];
  };
  setParallelThreshold(Infinity);
  const one = run();
  setParallelThreshold(1);
  try {
    const before = parallelJobs();
    const two = run();
    if (process.env.CARBON_LEDGER_THREADS !== "1") assert.ok(parallelJobs() > before, "the helper thread ran");
    for (let k = 0; k < one.length; k++) assert.deepEqual(two[k], one[k], `result ${k} differs between 1 and 2 threads`);
    assert.ok(one[0].buffer instanceof SharedArrayBuffer, "buffers are shared (the 2-thread path really ran)");
  } finally {
    setParallelThreshold(1 << 21);
  }
});

test("restricted attribution f^r L^{rs} y^{ss} never exceeds the full model (non-negative tables)", () => {
  fc.assert(
    fc.property(arbTable(), (t) => {
      const full = bilateralFlows(t, { method: "mrio" }).flows.data;
      const restricted = bilateralFlows(t, { method: "restricted" }).flows.data;
      for (let i = 0; i < full.length; i++) assert.ok(restricted[i] <= full[i] * (1 + 1e-12) + 1e-9, `${restricted[i]} > ${full[i]}`);
      // with one region the two coincide
      if (t.regions.length === 1) assert.ok(close(restricted[0], full[0], 1e-12));
    }),
    RUNS,
  );
});

test("LU needs and does row pivoting: permutation matrices and unscaled random matrices", () => {
  const P = { rows: 3, cols: 3, data: Float64Array.from([0, 1, 0, 0, 0, 1, 1, 0, 0]) };
  const x = luSolve(luFactor(P), { rows: 3, cols: 1, data: Float64Array.from([1, 2, 3]) });
  assert.deepEqual(Array.from(x.data), [3, 1, 2]);
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 40 }), fc.integer(), (n, seed) => {
      let s = (seed >>> 0) || 5;
      const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296) * 2 - 1;
      const A = { rows: n, cols: n, data: new Float64Array(n * n).map(rnd) };
      A.data[0] = 1e-14; // a tiny leading pivot: fatal without pivoting
      const xTrue = { rows: n, cols: 1, data: new Float64Array(n).map(rnd) };
      const b = matmul(A, xTrue);
      const f = luFactor(A);
      if (f.pivotRatio < 1e-8) return; // (numerically singular draw: skip)
      const got = luSolve(f, b);
      const r = matmul(A, got);
      for (let i = 0; i < n; i++) assert.ok(Math.abs(r.data[i] - b.data[i]) < 1e-9, `residual ${r.data[i] - b.data[i]}`);
    }),
    { numRuns: 60, seed: 17 },
  );
});
