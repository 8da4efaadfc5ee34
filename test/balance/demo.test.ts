import { test } from "node:test";
import assert from "node:assert/strict";
import { loadStudyDataset } from "../../src/dataset/index";
import {
  conclusion1Values,
  conclusion2Values,
  conclusion3Values,
  conclusion4Values,
  pressureSummary,
  sectorGroupSummary,
  transferSummary,
  vegetationSummary,
} from "../../src/balance/study";
import { publishedVsComputed } from "../../src/balance/published-vs-computed";
import { loadStudyFigures } from "../../src/balance/study-figures";

// The whole chain on the embedded demo dataset (real CEADs emissions + national IO, estimated trade, synthetic vegetation).
test("demo dataset: every scored published figure gets a finite computed value", async () => {
  const ds = await loadStudyDataset({ dataDir: undefined });
  const t = await transferSummary(ds);
  const g = await sectorGroupSummary(ds);
  const v = await vegetationSummary(ds);
  const p = pressureSummary(t, v);
  const values = [...conclusion1Values(t), ...conclusion2Values(g), ...conclusion3Values(v), ...conclusion4Values(t, v, p)];
  const rows = publishedVsComputed(values, { conclusions: [1, 2, 3, 4] });
  assert.equal(rows.length, loadStudyFigures().figures.length);
  for (const r of rows) {
    if (r.status === "not scored") continue;
    assert.notEqual(r.status, "not computed", r.id);
    if (typeof r.computed === "number") assert.ok(Number.isFinite(r.computed), r.id);
  }
  // Class shares of the valid area add to 100 %; pressures are embodied ÷ threshold.
  const s = v.classSharesPercent;
  assert.ok(Math.abs(s.increase + s.noChange + s.decrease - 100) < 1e-6);
  for (const q of p) assert.ok(Math.abs(q.pressure! - q.embodiedMt / q.thresholdMt) < 1e-12);
  // Region-level Northwest net equals the sum of the five provinces' nets minus their mutual flows (which cancel):
  // check it against the province flow matrix of the last year.
  const last = t.perYear[t.perYear.length - 1];
  const f = last.provinces;
  const nw = ds.regions.filter((r) => r.region7 === "Northwest").map((r) => f.regions.indexOf(r.nameEn));
  let expected = 0;
  for (const r of nw) for (let s2 = 0; s2 < f.regions.length; s2++) if (!nw.includes(s2)) expected += f.flows.data[r * f.flows.cols + s2] - f.flows.data[s2 * f.flows.cols + r];
  const got = t.netTransferMtPerYear.byYear.Northwest.find((x) => x.year === last.year)!.value;
  assert.ok(Math.abs(got - expected) < 1e-9 * Math.abs(expected), `${got} vs ${expected}`);
});
