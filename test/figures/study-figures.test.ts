import { test } from "node:test";
import assert from "node:assert/strict";
import { northwestSankey, pressureBars, pressurePercentBars, netTransferLines } from "../../src/figures/study";
import type { TransferSummary, ProvincePressure } from "../../src/balance/study";

const CAP = "demo data: test";
const pressures: ProvincePressure[] = [
  { province: "Shaanxi", year: 2017, embodiedMt: 215.63, thresholdMt: 361.91, pressure: 215.63 / 361.91, exceeded: false },
  { province: "Ningxia", year: 2017, embodiedMt: 111.88, thresholdMt: 39.68, pressure: 111.88 / 39.68, exceeded: true },
];

test("pressure figures: the title names the province over its threshold; thresholds drawn per province and at 100 %", () => {
  const f = pressureBars(pressures, CAP);
  assert.match((f.layout.title as { text: string }).text, /^Ningxia emits more embodied CO2 than its vegetation absorbs/);
  assert.deepEqual((f.data[1] as { y: number[] }).y, [361.91, 39.68]);
  const p = pressurePercentBars(pressures, CAP);
  assert.equal((p.layout.shapes as Array<{ y0: number }>)[0].y0, 100);
  assert.ok(Math.abs((p.data[0] as { y: number[] }).y[1] - 281.96) < 0.01);
});

// Region-level flows E[r←s] (Mt): regions North, Northwest, East; destinations + ROW.
const regions = ["North", "Northwest", "East"];
const E = [
  [50, 10, 5, 1],
  [20, 100, 30, 7],
  [3, 4, 60, 2],
];
const fake = {
  years: [2017],
  parameters: { method: "mrio", exports: "row", net: "outflow-minus-inflow", averaging: "table-years", embodied: "outflow", years: [2017] },
  perYear: [{ year: 2017, provinces: null, regions7: { regions, destinations: [...regions, "ROW"], flows: { rows: 3, cols: 4, data: Float64Array.from(E.flat()) }, production: new Float64Array(3) } }],
  netTransferMtPerYear: { byYear: Object.fromEntries(["Northwest", "Shaanxi", "Gansu", "Qinghai", "Ningxia", "Xinjiang"].map((n) => [n, [{ year: 2017, value: 36 }]])), average: { Northwest: 36 } },
} as unknown as TransferSummary;

test("Northwest Sankey: flows out of and into Northwest, own consumption left out, ROW labelled", () => {
  const f = northwestSankey(fake, 2017, CAP);
  const tr = f.data[0] as { node: { label: string[] }; link: { source: number[]; target: number[]; value: number[] } };
  const links = tr.link.value.map((v, k) => `${tr.node.label[tr.link.source[k]]}→${tr.node.label[tr.link.target[k]]}:${v}`);
  assert.deepEqual(links.sort(), ["East (emitted)→Northwest (consumed):4", "North (emitted)→Northwest (consumed):10", "Northwest (emitted)→East (consumed):30", "Northwest (emitted)→North (consumed):20", "Northwest (emitted)→Rest of world (consumed):7"].sort());
  // Out = 20 + 30 + 7 = 57, in = 10 + 4 = 14.
  assert.match((f.layout.title as { text: string }).text, /emits 57.0 Mt CO2 for others' final demand, others emit 14.0/);
  assert.match((netTransferLines(fake, CAP).layout.title as { text: string }).text, /net host of embodied emissions: 36.0/);
});
