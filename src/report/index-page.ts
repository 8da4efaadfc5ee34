/**
 * reports/index.html: links to every notebook report. (The scorecard of published vs
 * computed figures is added by the balance module.)
 */
import * as path from "node:path";
import { escapeHtml } from "../notebook/html";
import { writeFileAtomic } from "../util/atomic-write";

/** One executed notebook, as the runner reports it. */
export interface NotebookResult {
  name: string;
  title: string;
  /** Report file name, relative to the report directory. */
  file: string;
  seconds: number;
  ok: boolean;
}

/** Write index.html into `outDir` (self-contained, no scripts needed). */
export function writeIndexPage(outDir: string, notebooks: readonly NotebookResult[]): void {
  const rows = notebooks
    .map((n) => `<li><a href="${escapeHtml(n.file)}">${escapeHtml(n.title)}</a> <small>(${escapeHtml(n.name)}, ${n.seconds.toFixed(1)} s)</small></li>`)
    .join("\n");
  const html = `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>carbon-ledger reports</title></head>\n<body style="font-family:sans-serif;max-width:60em;margin:2em auto">\n<h1>carbon-ledger reports</h1>\n<ol>\n${rows}\n</ol>\n</body></html>\n`;
  writeFileAtomic(path.join(outDir, "index.html"), html);
}
