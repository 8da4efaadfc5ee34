/**
 * reports/index.html: links to every notebook report and the scorecard — every published figure of
 * the study (data/reference/study-figures.json) beside the value this run computed, the difference,
 * and a link to the notebook section where it is computed. Self-contained (inline CSS, no scripts),
 * deterministic: the same results give the same bytes except for the one "generated" line.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { escapeHtml } from "../notebook/html";
import { writeFileAtomic } from "../util/atomic-write";
import { formatNumber, publishedVsComputed, type ComputedValue, type PublishedVsComputedRow } from "../balance/published-vs-computed";
import { readScorecard, type ScorecardRecord } from "../balance/scorecard";
import { loadStudyFigures, type StudyFigures } from "../balance/study-figures";
import { DEFAULT_TOLERANCE, type Tolerance } from "../balance/compare";

/** One executed notebook, as the runner reports it. */
export interface NotebookResult {
  name: string;
  title: string;
  /** Report file name, relative to the report directory. */
  file: string;
  seconds: number;
  ok: boolean;
}

/** Options of `writeIndexPage` / `indexPageHtml` (all optional; the runner passes none). */
export interface IndexPageOptions {
  /** Code version shown on the page (default: `git rev-parse --short HEAD` of this checkout, "+ uncommitted changes" when dirty). */
  readonly commit?: string;
  /** The one non-deterministic line (time of generation and the notebooks' run times); default the current time (ISO 8601); "" leaves it out (tests). */
  readonly generatedAt?: string;
  /** Scorecard records (default: read from <outDir>/scorecard, where notebooks run by the runner record them). */
  readonly records?: readonly ScorecardRecord[];
  readonly figures?: StudyFigures;
  readonly tolerance?: Tolerance;
}

function gitCommit(): string {
  const cwd = path.resolve(__dirname, "..", "..");
  const r = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd, encoding: "utf8" });
  if (r.status !== 0) return "unknown (not a git checkout)";
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd, encoding: "utf8" }).stdout.trim() !== "";
  return r.stdout.trim() + (dirty ? " + uncommitted changes" : "");
}

/** nbconvert's anchor for a Markdown heading: the heading text with spaces replaced by "-". */
export function headingAnchor(heading: string): string {
  return heading.trim().replace(/\s+/g, "-");
}

const CSS = `body{font-family:Helvetica,Arial,sans-serif;max-width:72em;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border-bottom:1px solid #ddd;padding:.3em .5em;vertical-align:top}
th{text-align:left;background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.agrees{color:#1b7837;font-weight:bold}.differs{color:#b2182b;font-weight:bold}.none{color:#888}
.meta{color:#555;font-size:.9em}.fail{color:#b2182b;font-weight:bold}small{color:#666}`;

/** The index page as an HTML string (pure apart from reading defaults; see IndexPageOptions). */
export function indexPageHtml(notebooks: readonly NotebookResult[], options: IndexPageOptions & { records: readonly ScorecardRecord[] }): string {
  const figures = options.figures ?? loadStudyFigures();
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  // Only records of notebooks run (successfully) in this build; earlier runs' leftovers are ignored.
  const ran = new Map(notebooks.filter((n) => n.ok).map((n) => [n.name, n]));
  const records = options.records.filter((r) => ran.has(r.notebook));
  const source = new Map<string, { record: ScorecardRecord; value: ComputedValue }>();
  for (const n of notebooks) {
    for (const r of records.filter((x) => x.notebook === n.name)) {
      for (const v of r.values) if (!source.has(v.id)) source.set(v.id, { record: r, value: v });
    }
  }
  const rows = publishedVsComputed([...source.values()].map((s) => s.value), { conclusions: [1, 2, 3, 4], tolerance, figures });
  const count = (st: string) => rows.filter((r) => r.status === st).length;
  const captions = [...new Set(records.map((r) => r.caption).filter(Boolean))];
  const nbRows = notebooks
    .map(
      (n) =>
        `<tr><td><a href="${escapeHtml(n.file)}">${escapeHtml(n.title)}</a></td><td><code>${escapeHtml(n.name)}</code></td>` +
        `<td>${n.ok ? "ran" : '<span class="fail">failed</span>'}</td></tr>`,
    )
    .join("\n");
  const cell = (r: PublishedVsComputedRow) => {
    const s = source.get(r.id);
    const link = s ? `<a href="${escapeHtml(ran.get(s.record.notebook)!.file)}#${escapeHtml(headingAnchor(s.record.section))}">${escapeHtml(s.record.notebook)}</a>` : "—";
    const num = (v: number | string | null, digits = 4) => (typeof v === "number" ? formatNumber(v, digits) : v === null ? "—" : escapeHtml(v));
    const cls = r.status === "agrees" ? "agrees" : r.status === "differs" ? "differs" : "none";
    return (
      `<tr><td><code>${escapeHtml(r.id)}</code>${r.derived ? " <small>(derived)</small>" : ""}</td><td>${escapeHtml(r.measures)}</td>` +
      `<td class="num">${num(r.published, 6)}</td><td class="num">${num(r.computed)}</td><td>${escapeHtml(r.unit)}</td>` +
      `<td class="num">${r.difference === null ? "—" : (r.difference > 0 ? "+" : "") + formatNumber(r.difference, 4)}</td>` +
      `<td class="num">${r.ratio === null ? "—" : formatNumber(r.ratio, 3)}</td><td class="${cls}">${escapeHtml(r.status)}${r.note ? ` <small>(${escapeHtml(r.note)})</small>` : ""}</td><td>${link}</td></tr>`
    );
  };
  const byConclusion = [1, 2, 3, 4]
    .map((c) => {
      const rs = rows.filter((r) => r.conclusion === c);
      return `<tr><th colspan="9">Conclusion (${c})</th></tr>\n${rs.map(cell).join("\n")}`;
    })
    .join("\n");
  const tolText = `within ${(tolerance.relative ?? DEFAULT_TOLERANCE.relative) * 100} % of the published value${tolerance.absolute ? ` or ±${tolerance.absolute}` : ""}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>carbon-ledger reports</title><style>${CSS}</style></head>
<body>
<h1>carbon-ledger — reproduction reports</h1>
<p>Embodied carbon in Northwest China's inter-regional trade (MRIO, 2007–2017) weighed against vegetation carbon sequestration: each notebook reproduces one conclusion of the study; the scorecard below sets every published figure beside this run's value.</p>
<p class="meta">Data: ${captions.length ? captions.map(escapeHtml).join("; ") : "not recorded (no notebook recorded computed values)"}<br>
Code version: ${escapeHtml(options.commit ?? gitCommit())}${options.generatedAt ? `<br>\nGenerated ${escapeHtml(options.generatedAt)}; run times: ${notebooks.map((n) => `${escapeHtml(n.name)} ${n.seconds.toFixed(1)} s`).join(", ")} (total ${notebooks.reduce((a, n) => a + n.seconds, 0).toFixed(1)} s)` : ""}</p>
<h2>Notebooks</h2>
<table><thead><tr><th>Report</th><th>Notebook</th><th>Status</th></tr></thead>
<tbody>
${nbRows}
</tbody></table>
<h2 id="scorecard">Scorecard: published vs computed</h2>
<p>${rows.length} published figures: <span class="agrees">${count("agrees")} agree</span> (${escapeHtml(tolText)}; same direction for qualitative trends), <span class="differs">${count("differs")} differ</span>, ${count("not computed")} not computed, ${count("not scored")} not scored (interpretations). Differences are computed − published. On the demo data (estimated inter-provincial trade, synthetic vegetation) agreement is not expected; the scorecard shows how far the reproduction is from the paper and where to look.</p>
<table><thead><tr><th>Figure</th><th>What it measures</th><th>Published</th><th>Computed</th><th>Unit</th><th>Difference</th><th>Ratio</th><th>Status</th><th>Where</th></tr></thead>
<tbody>
${byConclusion}
</tbody></table>
<p class="meta">Published figures: data/reference/study-figures.json (see its SOURCE.md for the reading of each number and the method parameters behind each computed value).</p>
</body></html>
`;
}

/**
 * Write index.html into `outDir`: the notebook list and the scorecard, from the values the notebooks recorded
 * in <outDir>/scorecard (src/balance/scorecard.ts). Called by the report runner after executing the notebooks.
 */
export function writeIndexPage(outDir: string, notebooks: readonly NotebookResult[], options: IndexPageOptions = {}): void {
  const records = options.records ?? readScorecard(path.join(path.resolve(outDir), "scorecard"));
  const html = indexPageHtml(notebooks, { ...options, records, generatedAt: options.generatedAt ?? new Date().toISOString() });
  writeFileAtomic(path.join(outDir, "index.html"), html);
}
