import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  conclusion1Values,
  conclusion2Values,
  pressureSummary,
  sectorGroupSummary,
  DEFAULT_MRIO_PARAMETERS,
  DEFAULT_VEGETATION_PARAMETERS,
  transferSummary,
  yearTable,
  type VegetationSummary,
} from "../../src/balance/study";
import { loadStudyFigures } from "../../src/balance/study-figures";
import { publishedVsComputed } from "../../src/balance/published-vs-computed";
import { CO2_PER_C } from "../../src/balance/threshold";
import { loadRegions } from "../../src/sources/regions";
import type { MrioTable } from "../../src/mrio/types";

const PROVINCES = ["Beijing", "Shaanxi", "Gansu", "Guangdong"];
const regions = loadRegions().filter((p) => PROVINCES.includes(p.nameEn));

/** A small productive MRIO table (4 provinces × 2 sectors, 1 final-demand category) from a seeded generator. */
function smallTable(seed: number, scale = 1): MrioTable {
  let s = seed >>> 0 || 1;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const m = 4, n = 2, mn = m * n;
  const Z = new Float64Array(mn * mn).map(() => 5 + 20 * rnd());
  const Y = new Float64Array(mn * m).map(() => 50 + 100 * rnd() * scale);
  const exportsAbroad = new Float64Array(mn).map(() => 10 * rnd());
  const F = new Float64Array(mn).map(() => 1e6 * (1 + 10 * rnd()));
  return {
    regions: PROVINCES,
    sectors: ["01", "02"],
    categories: ["final demand"],
    Z: { rows: mn, cols: mn, data: Z },
    Y: { rows: mn, cols: m, data: Y },
    exports: exportsAbroad,
    F: { index: { names: ["stressor", "unit"], keys: [["CO2", "t"]] }, columns: { names: ["region", "sector"], keys: [] }, values: { rows: 1, cols: mn, data: F } },
  };
}

function fakeDataset(seed: number) {
  const tables = new Map([2007, 2012, 2017].map((y, i) => [y, smallTable(seed + i, 1 + i)]));
  return {
    years: [2007, 2012, 2017],
    regions,
    mrio: async (y: number) => tables.get(y)!,
    sectorGroups: [
      { name: "Energy industry", sectors: ["01"] },
      { name: "Services", sectors: ["02"] },
    ],
  };
}

test("transferSummary: Northwest's net = Σ of its provinces' nets with the rest (intra-group flows cancel); signs are exact negatives", async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 1e6 }), async (seed) => {
      const ds = fakeDataset(seed);
      const t = await transferSummary(ds);
      const flipped = await transferSummary(ds, { net: "inflow-minus-outflow" });
      for (const y of t.years) {
        const f = t.perYear.find((p) => p.year === y)!.provinces;
        const d = f.flows.cols;
        const idx = (r: string) => f.regions.indexOf(r);
        // Hand formula: Net_NW = Σ_{r∈NW} Σ_{s∉NW} (E[r←s] − E[s←r]).
        let expected = 0;
        for (const r of ["Shaanxi", "Gansu"]) for (const s of ["Beijing", "Guangdong"]) expected += f.flows.data[idx(r) * d + idx(s)] - f.flows.data[idx(s) * d + idx(r)];
        const got = t.netTransferMtPerYear.byYear.Northwest.find((v) => v.year === y)!.value;
        assert.ok(Math.abs(got - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${got} vs ${expected}`);
        assert.equal(flipped.netTransferMtPerYear.byYear.Shaanxi.find((v) => v.year === y)!.value, -t.netTransferMtPerYear.byYear.Shaanxi.find((v) => v.year === y)!.value);
      }
      const mean = t.netTransferMtPerYear.byYear.Gansu.reduce((a, v) => a + v.value, 0) / 3;
      assert.ok(Math.abs(t.netTransferMtPerYear.average.Gansu - mean) < 1e-9 * Math.max(1, Math.abs(mean)));
    }),
    { numRuns: 15 },
  );
});

test("transferSummary: production-based embodied = Σ F (in Mt); ROW destination present with exports 'row'", async () => {
  const ds = fakeDataset(7);
  const t = await transferSummary(ds, { embodied: "production" });
  const table = await ds.mrio(2007);
  const shaanxiF = (table.F!.values.data[2] + table.F!.values.data[3]) / 1e6;
  assert.ok(Math.abs(t.embodiedMt.Shaanxi[0].value - shaanxiF) < 1e-9);
  assert.ok("ROW" in t.flowsFromNorthwestMt);
  assert.deepEqual(Object.keys(t.flowsFromNorthwestMt).sort(), ["North", "ROW", "South"]);
});

test("sectorGroupSummary: group supplies add up to Northwest's outflow to the other regions; shares add to 100 %", async () => {
  const ds = fakeDataset(11);
  const t = await transferSummary(ds);
  const g = await sectorGroupSummary(ds);
  for (const y of g.years) {
    const sum = g.groups.reduce((a, grp) => a + g.outflowMt[grp].find((v) => v.year === y)!.value, 0);
    const f = t.perYear.find((p) => p.year === y)!.regions7;
    const nw = f.regions.indexOf("Northwest");
    let out = 0;
    f.destinations.forEach((dest, s) => {
      if (dest !== "Northwest" && dest !== "ROW") out += f.flows.data[nw * f.flows.cols + s];
    });
    assert.ok(Math.abs(sum - out) <= 1e-9 * out, `${sum} vs ${out}`);
    const shares = g.groups.reduce((a, grp) => a + g.shareOfTotalPercent.byYear[grp].find((v) => v.year === y)!.value, 0);
    assert.ok(Math.abs(shares - 100) < 1e-9);
  }
  // Only the Northwest provinces enter: with one sector per group the group intensity is the output-weighted mean of their multipliers.
  assert.ok(g.intensityTPerWanYuan.average["Energy industry"] > 0);
  const ids = [...conclusion1Values(t), ...conclusion2Values(g)].map((v) => v.id);
  const known = new Set(loadStudyFigures().figures.map((f) => f.id));
  for (const id of ids) assert.ok(known.has(id), id);
  const rows = publishedVsComputed(conclusion2Values(g), { conclusions: [2] });
  for (const id of ["c2-energy-intensity", "c2-energy-share", "c2-energy-supply", "c2-energy-supply-trend", "c2-services-supply-trend"]) {
    assert.notEqual(rows.find((r) => r.id === id)!.status, "not computed", id);
  }
  // Groups absent from the data are reported as not computed, never as a made-up number.
  assert.equal(rows.find((r) => r.id === "c2-heavy-supply")!.status, "not computed");
});

test("pressureSummary: threshold from the vegetation totals (NPP, CO2, mean), pressure = embodied ÷ threshold", async () => {
  const ds = fakeDataset(3);
  const t = await transferSummary(ds);
  const years = [2007, 2017];
  const provinceTonnesC: Record<string, { years: number[]; tonnesC: number[] }> = {};
  for (const p of ["Shaanxi", "Gansu", "Qinghai", "Ningxia", "Xinjiang"]) provinceTonnesC[p] = { years, tonnesC: [1e6, 3e6] };
  // Only Shaanxi and Gansu exist in the small table: pressureSummary must say so for the others.
  const veg = { parameters: { basis: "npp", carbonUnit: "CO2", aggregate: "mean" }, provinceTonnesC } as unknown as VegetationSummary;
  assert.throws(() => pressureSummary(t, veg), /no embodied emissions for Qinghai/);
  const full = { ...t, embodiedMt: { ...t.embodiedMt, Qinghai: t.embodiedMt.Gansu, Ningxia: t.embodiedMt.Gansu, Xinjiang: t.embodiedMt.Gansu } };
  const p = pressureSummary(full, veg);
  const threshold = (2e6 * CO2_PER_C) / 1e6;
  assert.ok(Math.abs(p[0].thresholdMt - threshold) < 1e-12);
  assert.ok(Math.abs(p[0].pressure! - t.embodiedMt.Shaanxi[2].value / threshold) < 1e-12);
  assert.equal(p[0].year, 2017);
});

test("yearTable: explicit column order (years after the name column)", () => {
  const tbl = yearTable({ a: [{ year: 2017, value: 2 }, { year: 2007, value: 1 }] }, ["a"], { nameColumn: "name", average: { a: 1.5 } });
  assert.deepEqual(tbl.columns, ["name", "2007", "2017", "average"]);
  assert.deepEqual(tbl.rows[0], { name: "a", "2017": 2, "2007": 1, average: 1.5 });
});

test("study-figures.json: the method parameters it names are the code's defaults", () => {
  const defaults: Record<string, unknown> = { ...DEFAULT_MRIO_PARAMETERS, ...DEFAULT_VEGETATION_PARAMETERS, intensity: "output-weighted", share: "direct-emissions" };
  let checked = 0;
  for (const f of loadStudyFigures().figures) {
    for (const [k, v] of Object.entries(f.computation.parameters)) {
      if (!(k in defaults)) continue;
      assert.deepEqual(v, defaults[k], `${f.id}: parameter ${k}`);
      checked++;
    }
  }
  assert.ok(checked > 80, `only ${checked} parameters checked`);
});
