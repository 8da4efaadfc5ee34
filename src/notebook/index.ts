/**
 * Display helpers for the notebooks — the only module that talks to tslab.
 *
 *   import { showFigure, showTable, showMarkdown } from "./src/notebook/index";
 *   showFigure({ data: [{ type: "bar", x: ["a", "b"], y: [1, 2] }], layout: { title: { text: "…" } } });
 *
 * Figures are drawn by plotly.js in the browser (JupyterLab, classic Notebook, VS Code, or
 * the exported HTML report). The bundle is inlined with the first figure of the kernel
 * session, so every notebook and report works offline and carries plotly.js once.
 */
import { createHash } from "node:crypto";
import { figureHtml, plotlyBundleScript, tableHtml, type PlotlyFigure, type TableOptions } from "./html";

export type { PlotlyFigure, TableOptions } from "./html";
export { figureHtml, tableHtml, plotlyBundleScript, escapeHtml, formatNumber } from "./html";

interface TslabDisplay {
  html(s: string): void;
  markdown(s: string): void;
  text(s: string): void;
}
interface Tslab {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

// Loaded on first use so the HTML builders above stay usable (and testable) outside a kernel.
function tslab(): Tslab {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("tslab") as Tslab;
}

let bundleShown = false;
let figureCount = 0;

/** Draw a Plotly figure inline (plotly.js is inlined with the first figure of the session). */
export function showFigure(fig: PlotlyFigure): void {
  figureCount += 1;
  // Deterministic id: the same notebook run gives the same report bytes.
  const digest = createHash("sha1").update(JSON.stringify(fig)).digest("hex").slice(0, 8);
  const html = figureHtml(fig, `cl-fig-${figureCount}-${digest}`);
  tslab().display.html(bundleShown ? html : `${plotlyBundleScript()}\n${html}`);
  bundleShown = true;
}

/** Show rows (an array of records, or an arquero table) as an HTML table. */
export function showTable(rows: ReadonlyArray<Record<string, unknown>> | { objects(): Record<string, unknown>[] }, options: TableOptions = {}): void {
  const records = Array.isArray(rows) ? (rows as ReadonlyArray<Record<string, unknown>>) : (rows as { objects(): Record<string, unknown>[] }).objects();
  tslab().display.html(tableHtml(records, options));
}

/** Show Markdown (computed narrative, e.g. a sentence with this run's numbers). */
export function showMarkdown(md: string): void {
  tslab().display.markdown(md);
}

/**
 * A progress line that rewrites itself in place (one output, updated), e.g. for a long
 * raster computation: `const p = progressLine(); p.update("rows 120/400"); p.done("done in 3 s")`.
 */
export function progressLine(): { update(text: string): void; done(text: string): void } {
  const d = tslab().newDisplay();
  return { update: (t) => d.text(t), done: (t) => d.text(t) };
}
