import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { headingAnchor, indexPageHtml, writeIndexPage } from "../../src/report/index-page";
import { recordComputed } from "../../src/balance/scorecard";
import { loadStudyFigures } from "../../src/balance/study-figures";

const notebooks = [
  { name: "02-embodied-carbon-flows", title: "Conclusion (1)", file: "02-embodied-carbon-flows.html", seconds: 12.3, ok: true },
  { name: "03-industry-structure", title: "Conclusion (2)", file: "03-industry-structure.html", seconds: 20.1, ok: false },
];
const records = [
  { notebook: "02-embodied-carbon-flows", section: "Published vs computed", caption: "demo data: test", values: [{ id: "c1-nw-net-transfer", value: 200 }, { id: "c1-nw-to-east-trend", value: "increasing" as const }] },
  { notebook: "03-industry-structure", section: "Published vs computed", caption: "demo data: test", values: [{ id: "c2-energy-intensity", value: 4.35 }] },
  { notebook: "99-stale", section: "x", caption: "old", values: [{ id: "c2-energy-share", value: 86.8 }] },
];

test("index page: every published figure listed, computed values from notebooks that ran, links to their section", () => {
  const html = indexPageHtml(notebooks, { records, commit: "abc1234", generatedAt: "" });
  for (const f of loadStudyFigures().figures) assert.ok(html.includes(`<code>${f.id}</code>`), f.id);
  assert.ok(html.includes('href="02-embodied-carbon-flows.html#Published-vs-computed"'));
  assert.ok(html.includes("+7.18"));
  // The failed notebook's and the stale record's values are not used.
  assert.ok(!html.includes("03-industry-structure.html#"));
  assert.match(html, /1 agree<\/span>.*1 differ<\/span>, 36 not computed, 1 not scored/s);
  assert.ok(html.includes("Code version: abc1234"));
  assert.ok(html.includes("Data: demo data: test"));
  assert.ok(!/<script/i.test(html), "self-contained, no scripts");
  assert.equal(indexPageHtml(notebooks, { records, commit: "abc1234", generatedAt: "" }), html, "deterministic");
  assert.equal(headingAnchor("Published vs computed"), "Published-vs-computed");
});

test("writeIndexPage reads <outDir>/scorecard and keeps the runner's signature", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "idx-"));
  recordComputed(records[0], path.join(dir, "scorecard"));
  writeIndexPage(dir, notebooks);
  const html = fs.readFileSync(path.join(dir, "index.html"), "utf8");
  assert.ok(html.includes("+7.18"));
  assert.match(html, /Generated \d{4}-\d\d-\d\dT/);
});
