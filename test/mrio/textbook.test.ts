import { test } from "node:test";
import assert from "node:assert/strict";
import { dm, close, twoRegionTable } from "./helpers";
import { InputError } from "../../src/util/errors";
import {
  technicalCoefficients, leontiefInverse, leontiefFactor, leontiefSolve, ghoshCoefficients, ghoshInverse,
  totalOutput, stressorCoefficients, multipliers, accounts, bilateralFlows, netTransfer, validateTable, embodiedIntensity, tableFromFrames,
} from "../../src/mrio";

const approx = (got: ArrayLike<number>, want: number[], tol = 1e-12) => {
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++) assert.ok(close(got[i], want[i], tol), `element ${i}: got ${got[i]}, want ${want[i]}`);
};

// Miller & Blair (2009), Input–Output Analysis, 2nd ed., §2.3.1–2.3.3: the two-sector example.
test("Miller & Blair ch. 2 two-sector example: A, L, x for new final demand", () => {
  const Z = dm([[150, 500], [200, 100]]);
  const x = Float64Array.from([1000, 2000]);
  const A = technicalCoefficients(Z, x);
  approx(A.data, [0.15, 0.25, 0.2, 0.05], 1e-15);
  // L = (I − A)⁻¹ = [[.95, .25], [.2, .85]] / 0.7575 (M&B: 1.2541 0.3300 / 0.2640 1.1221)
  const L = leontiefInverse(A);
  approx(L.data, [0.95 / 0.7575, 0.25 / 0.7575, 0.2 / 0.7575, 0.85 / 0.7575], 1e-14);
  assert.equal(L.data[0].toFixed(4), "1.2541");
  assert.equal(L.data[3].toFixed(4), "1.1221");
  // New final demand f = (600, 1500) gives x = (1247.52, 1841.58) (M&B eq. 2.13 example).
  const xNew = leontiefSolve(leontiefFactor(A), dm([[600], [1500]])).data;
  assert.equal(xNew[0].toFixed(2), "1247.52");
  assert.equal(xNew[1].toFixed(2), "1841.58");
  // Original final demand (350, 1700) reproduces x.
  approx(leontiefSolve(leontiefFactor(A), dm([[350], [1700]])).data, [1000, 2000], 1e-13);
});

test("Ghosh model on the M&B example: B = x̂⁻¹Z, G = (I − B)⁻¹ and vᵀG = xᵀ", () => {
  const Z = dm([[150, 500], [200, 100]]);
  const x = Float64Array.from([1000, 2000]);
  const B = ghoshCoefficients(Z, x);
  approx(B.data, [0.15, 0.5, 0.1, 0.05], 1e-15);
  const G = ghoshInverse(B);
  // value added v_j = x_j − Σ_i z_ij = (650, 1400)
  const v = [650, 1400];
  approx([v[0] * G.data[0] + v[1] * G.data[2], v[0] * G.data[1] + v[1] * G.data[3]], [1000, 2000], 1e-13);
});

test("zero-output sector: coefficients 1/0 → 0 and reported", () => {
  const Z = dm([[10, 0], [0, 0]]);
  const A = technicalCoefficients(Z, Float64Array.from([100, 0]));
  approx(A.data, [0.1, 0, 0, 0]);
  const S = stressorCoefficients(dm([[5, 3]]), Float64Array.from([100, 0]));
  approx(S.data, [0.05, 0]);
  const t = { ...twoRegionTable(), Z: dm([[20, 0], [0, 0]]), Y: dm([[40, 10], [0, 0]]) };
  const rep = validateTable(t);
  assert.deepEqual(rep.zeroOutput, ["south/goods"]);
  assert.match(rep.warnings[0], /zero total output/);
});

// Hand calculation: 2 regions × 1 sector. Z = [[20,30],[10,40]], Y = [[40,10],[20,30]],
// x = (100, 100), A = [[.2,.3],[.1,.4]], L = [[4/3, 2/3],[2/9, 16/9]], F = (50, 20), f = (.5, .2).
test("two-region interregional example: L, M, accounts", () => {
  const t = twoRegionTable();
  const x = totalOutput(t.Z, t.Y);
  approx(x, [100, 100]);
  const L = leontiefInverse(technicalCoefficients(t.Z, x));
  approx(L.data, [4 / 3, 2 / 3, 2 / 9, 16 / 9], 1e-14);
  const M = multipliers(stressorCoefficients(t.F!.values, x), L);
  approx(M.data, [32 / 45, 31 / 45], 1e-14);
  const a = accounts(t);
  approx(a.D_cba.data, [380 / 9, 250 / 9], 1e-14);
  approx(a.D_pba.data, [50, 20], 1e-14);
  approx(a.D_imp.data, [80 / 9, 50 / 3], 1e-14);
  approx(a.D_exp.data, [50 / 3, 80 / 9], 1e-14);
  approx(a.D_cba_reg.data, [380 / 9, 250 / 9], 1e-14);
  approx(a.D_pba_reg.data, [50, 20], 1e-14);
});

test("two-region example: bilateral flows (mrio, restricted, eebt) and net transfer", () => {
  const t = twoRegionTable();
  const mrio = bilateralFlows(t, { method: "mrio" });
  assert.deepEqual(mrio.destinations, ["north", "south"]);
  approx(mrio.flows.data, [100 / 3, 50 / 3, 80 / 9, 100 / 9], 1e-14);
  const restricted = bilateralFlows(t, { method: "restricted" });
  approx(restricted.flows.data, [80 / 3, 10, 16 / 9, 32 / 3], 1e-14);
  const eebt = bilateralFlows(t, { method: "eebt" });
  approx(eebt.flows.data, [25, 25, 10, 10], 1e-14);
  const inOut = netTransfer(mrio.flows, mrio.regions, "inflow-minus-outflow");
  approx(inOut.inflow, [80 / 9, 50 / 3], 1e-14);
  approx(inOut.outflow, [50 / 3, 80 / 9], 1e-14);
  approx(inOut.net, [-70 / 9, 70 / 9], 1e-14);
  const outIn = netTransfer(mrio.flows, mrio.regions, "outflow-minus-inflow");
  approx(outIn.net, [70 / 9, -70 / 9], 1e-14);
});

test("two-region example: exports abroad as ROW, folded into final demand, or dropped", () => {
  const t = { ...twoRegionTable(), exports: Float64Array.from([10, 0]) }; // x becomes (110, 100)
  const row = bilateralFlows(t, { exports: "row" });
  assert.deepEqual(row.destinations, ["north", "south", "ROW"]);
  // closure: Σ_s E[r←s] + E[r←ROW] = F^r
  for (let r = 0; r < 2; r++) assert.ok(close(row.flows.data[r * 3] + row.flows.data[r * 3 + 1] + row.flows.data[r * 3 + 2], [50, 20][r]));
  const fd = bilateralFlows(t, { exports: "final-demand" });
  assert.ok(close(fd.flows.data[0], row.flows.data[0] + row.flows.data[2]));
  const drop = bilateralFlows(t, { exports: "drop" });
  assert.ok(close(drop.flows.data[0], row.flows.data[0]));
  assert.equal(drop.flows.cols, 2);
});

test("embodied intensity: output-weighted and final-demand-weighted, group shares", () => {
  const t = twoRegionTable();
  const r = embodiedIntensity(t);
  // one sector: output-weighted over both regions = (32/45·100 + 31/45·100) / 200
  approx(r.bySector, [(32 / 45 + 31 / 45) / 2], 1e-14);
  approx(r.groupShare, [1]);
  const fd = embodiedIntensity(t, { weighting: "final-demand", regions: ["north"] });
  // north: y = 50, m = 32/45
  approx(fd.byGroup, [32 / 45], 1e-14);
});

test("validation: NaN, negative output, shape and label mismatches, balance warnings", () => {
  const t = twoRegionTable();
  assert.throws(() => validateTable({ ...t, Z: dm([[20, NaN], [10, 40]]) }, { file: "in" }), (e: unknown) => e instanceof InputError && /in, Z row north\/goods, column south\/goods: Z contains NaN/.test(e.message));
  assert.throws(() => validateTable({ ...t, x: Float64Array.from([100, -1]) }), /negative total output -1/);
  assert.throws(() => validateTable({ ...t, Z: dm([[1, 2, 3], [4, 5, 6]]) }), /not square/);
  const rep = validateTable({ ...t, x: Float64Array.from([100, 90]) });
  assert.match(rep.warnings[0], /row balance .* 1 row\(s\); worst: south\/goods \(-10\.00, 11\.1%\)/);
  const idx = { names: ["region", "sector"], keys: [["north", "goods"], ["south", "goods"]] };
  const Z = { index: idx, columns: { names: ["region", "sector"], keys: [["north", "goods"], ["south", "good"]] }, values: t.Z };
  const Y = { index: idx, columns: { names: ["region", "category"], keys: [["north", "hh"], ["south", "hh"]] }, values: t.Y };
  assert.throws(() => tableFromFrames({ Z, Y }, { Z: "Z.csv" }), /Z\.csv, Z columns "south\/good": label mismatch at position 2/);
  const ok = tableFromFrames({ Z: { ...Z, columns: idx }, Y });
  assert.deepEqual(ok.regions, ["north", "south"]);
  assert.deepEqual(ok.categories, ["hh"]);
});
