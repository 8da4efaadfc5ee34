/**
 * HTML for notebook outputs and reports, built as strings so it can be tested without a
 * kernel or a browser. Plotly figures are data ({data, layout}); the browser draws them.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** A Plotly figure as JSON: traces and layout (see https://plotly.com/javascript/reference/). */
export interface PlotlyFigure {
  data: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/**
 * Make text safe inside an inline <script>: a literal `</script` would end the element and
 * `<!--` can switch the HTML parser into its "script data escaped" state.
 */
export function escapeInlineScript(js: string): string {
  return js.replace(/<\/script/gi, "<\\/script").replace(/<!--/g, "<\\!--");
}

let bundleCache: string | undefined;

/** The plotly.js bundle (plotly.js-dist-min, MIT) as one inline <script>, for offline pages. */
export function plotlyBundleScript(): string {
  if (bundleCache === undefined) {
    const file = require.resolve("plotly.js-dist-min/plotly.min.js");
    const version = (JSON.parse(fs.readFileSync(path.join(path.dirname(file), "package.json"), "utf8")) as { version: string }).version;
    const js = fs.readFileSync(file, "utf8");
    bundleCache = `<script type="text/javascript">/* plotly.js ${version} (MIT), inlined once per page so the page works offline */\n${escapeInlineScript(js)}\n</script>`;
  }
  return bundleCache;
}

/** Default Plotly config: responsive, no logo, PNG export at 2× for slides. */
export const defaultPlotlyConfig: Readonly<Record<string, unknown>> = {
  responsive: true,
  displaylogo: false,
  toImageButtonOptions: { format: "png", scale: 2 },
};

/**
 * One figure as a <div> plus the script that draws it. The script waits for window.Plotly,
 * because the bundle may arrive in an earlier output cell that the browser parses first
 * (or, in JupyterLab, evaluates a moment later).
 */
export function figureHtml(fig: PlotlyFigure, id: string): string {
  const json = escapeInlineScript(JSON.stringify({ data: fig.data, layout: fig.layout ?? {}, config: { ...defaultPlotlyConfig, ...(fig.config ?? {}) } }));
  const height = typeof fig.layout?.height === "number" ? `${fig.layout.height}px` : "480px";
  return (
    `<div id="${id}" class="carbon-ledger-figure" style="width:100%;min-height:${height}"></div>\n` +
    `<script type="text/javascript">(function(){var f=${json};var n=0;function draw(){var el=document.getElementById(${JSON.stringify(id)});` +
    `if(window.Plotly&&el){window.Plotly.newPlot(el,f.data,f.layout,f.config);}else if(n++<200){setTimeout(draw,50);}}draw();})();</script>`
  );
}

export interface TableOptions {
  /** Caption shown above the table (e.g. the data source). */
  caption?: string;
  /** Significant digits for numbers (default 6); integers are printed in full. */
  digits?: number;
  /** Column order and selection; default: keys of the first row. */
  columns?: string[];
  /** Rows shown at most (default 200); a note says how many were left out. */
  maxRows?: number;
}

/** Format a number for a table: integers in full with thin grouping, others to `digits` significant digits. */
export function formatNumber(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "∞" : "−∞";
  // Four-digit integers are mostly years: no thousands separator ("2017", not "2,017").
  if (Number.isInteger(v) && Math.abs(v) < 1e4) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString("en-US");
  const s = Number(v.toPrecision(digits));
  return Math.abs(s) >= 1e-4 && Math.abs(s) < 1e15 ? s.toLocaleString("en-US", { maximumSignificantDigits: digits }) : s.toExponential(digits - 1);
}

/** An array of records as an HTML table (numbers right-aligned). */
export function tableHtml(rows: ReadonlyArray<Record<string, unknown>>, options: TableOptions = {}): string {
  const columns = options.columns ?? (rows.length ? Object.keys(rows[0]) : []);
  const maxRows = options.maxRows ?? 200;
  const digits = options.digits ?? 6;
  const cell = (v: unknown): string => {
    if (typeof v === "number") return `<td style="text-align:right;font-variant-numeric:tabular-nums">${escapeHtml(formatNumber(v, digits))}</td>`;
    if (v === null || v === undefined) return `<td></td>`;
    return `<td style="text-align:left">${escapeHtml(String(v))}</td>`;
  };
  const head = columns.map((c) => `<th style="text-align:left">${escapeHtml(c)}</th>`).join("");
  const body = rows
    .slice(0, maxRows)
    .map((r) => `<tr>${columns.map((c) => cell(r[c])).join("")}</tr>`)
    .join("\n");
  const more = rows.length > maxRows ? `<p><em>${rows.length - maxRows} more rows not shown.</em></p>` : "";
  const caption = options.caption ? `<caption style="caption-side:top;text-align:left">${escapeHtml(options.caption)}</caption>` : "";
  return `<table class="carbon-ledger-table">${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>${more}`;
}
