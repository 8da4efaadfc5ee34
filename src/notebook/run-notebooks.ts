/**
 * Execute notebooks headlessly with the project's tslab kernel and write one self-contained
 * HTML report per notebook plus reports/index.html. Used by `carbon-ledger reproduce`
 * (and so `npm start`) and by the notebook test.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../util/errors";
import { writeIndexPage, type NotebookResult } from "../report/index-page";

export const repoRoot = path.resolve(__dirname, "..", "..");

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findJupyterPython } = require(path.join(repoRoot, "scripts", "jupyter-python.js")) as { findJupyterPython(): string | undefined };

export interface ReproduceOptions {
  /** Notebook files, names (e.g. "02-embodied-carbon-flows") or unique numeric prefixes ("02"); default: every notebooks/*.ipynb in name order. */
  notebooks?: string[];
  /** Report directory (default "reports"). */
  outDir?: string;
  /** Real-data directory (see data/README.md); default: the embedded demo dataset. Passed to kernels as CARBON_LEDGER_DATA. */
  dataDir?: string;
  /** Seconds a single cell may run. */
  cellTimeoutSeconds?: number;
  /** Called with one line per event (default: stdout). */
  log?: (line: string) => void;
}

/** Notebook files to run: the ones named, or all of notebooks/ sorted by name (their numeric prefixes give the order). */
export function resolveNotebooks(names: readonly string[] = []): string[] {
  const dir = path.join(repoRoot, "notebooks");
  if (names.length === 0) {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ipynb"))
      .sort()
      .map((f) => path.join(dir, f));
  }
  return names.map((n) => {
    for (const candidate of [n, path.join(dir, n), path.join(dir, `${n}.ipynb`)]) {
      if (fs.existsSync(candidate) && candidate.endsWith(".ipynb")) return path.resolve(candidate);
    }
    // A numeric prefix is enough ("04" → notebooks/04-vegetation-sequestration.ipynb) when it is unique.
    const byPrefix = fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb") && f.startsWith(`${n}-`));
    if (byPrefix.length === 1) return path.join(dir, byPrefix[0]);
    throw new InputError(`no such notebook (looked in ${path.relative(process.cwd(), dir) || "."}/)`, { file: n });
  });
}

function gitCommit(): string {
  const r = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" });
  if (r.status !== 0) return "unknown (not a git checkout)";
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: repoRoot, encoding: "utf8" }).stdout.trim() !== "";
  return r.stdout.trim() + (dirty ? " (with uncommitted changes)" : "");
}

/** Title of a notebook: its first Markdown heading, else its file name. */
export function notebookTitle(file: string): string {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Array<{ cell_type: string; source: string | string[] }> };
  for (const c of nb.cells) {
    if (c.cell_type !== "markdown") continue;
    const src = Array.isArray(c.source) ? c.source.join("") : c.source;
    const m = src.match(/^#\s+(.+)$/m);
    if (m) return m[1].trim();
  }
  return path.basename(file, ".ipynb");
}

/** Run one notebook; resolves with its result (ok false and the real error text on failure). */
function runOne(python: string, file: string, outDir: string, opts: ReproduceOptions, commit: string): Promise<NotebookResult & { error?: string }> {
  const name = path.basename(file, ".ipynb");
  const html = path.join(outDir, `${name}.html`);
  const env: NodeJS.ProcessEnv = { ...process.env, JUPYTER_PATH: path.join(repoRoot, "jupyter"), CARBON_LEDGER_REPORT_DIR: path.resolve(outDir) };
  if (opts.dataDir) env.CARBON_LEDGER_DATA = path.resolve(opts.dataDir);
  // Keep the report bytes stable from run to run: the footer holds the only timestamp.
  const footer = `<footer style="margin:2em 1em;color:#666;font:12px sans-serif">carbon-ledger ${commit} · generated ${new Date().toISOString()}</footer>`;
  const args = [path.join(repoRoot, "scripts", "execute_notebook.py"), file, "--html", html, "--cwd", repoRoot, "--timeout", String(opts.cellTimeoutSeconds ?? 900), "--footer", footer];
  const t0 = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(python, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const base = { name, title: notebookTitle(file), file: `${name}.html`, seconds };
      if (code === 0) resolve({ ...base, ok: true });
      else resolve({ ...base, ok: false, error: stderr.trim() || `exit code ${code}` });
    });
  });
}

/**
 * Execute the notebooks in order and write the reports. Throws (after running all of them)
 * if any notebook failed, with each failing notebook's cell and real error message.
 */
export async function reproduce(opts: ReproduceOptions = {}): Promise<NotebookResult[]> {
  const log = opts.log ?? ((s: string) => process.stdout.write(s + "\n"));
  const files = resolveNotebooks(opts.notebooks);
  const python = findJupyterPython();
  if (!python) {
    throw new InputError("Jupyter's headless executor is not installed (python3 modules nbclient, nbconvert, nbformat, jupyter_client). Run `node scripts/setup.js`, or install it: apt-get install jupyter-nbconvert jupyter-client python3-nbclient python3-nbformat (or: python3 -m pip install nbclient nbconvert nbformat jupyter_client)");
  }
  if (opts.dataDir && !fs.existsSync(opts.dataDir)) throw new InputError("data directory does not exist (see data/README.md for its layout)", { file: opts.dataDir });
  const outDir = path.resolve(opts.outDir ?? "reports");
  fs.mkdirSync(outDir, { recursive: true });
  const commit = gitCommit();
  log(`carbon-ledger reproduce: ${files.length} notebook(s) → ${path.relative(process.cwd(), outDir) || "."}/ (data: ${opts.dataDir ? path.resolve(opts.dataDir) : "embedded demo dataset"})`);
  const results: Array<NotebookResult & { error?: string }> = [];
  for (const file of files) {
    const r = await runOne(python, file, outDir, opts, commit);
    results.push(r);
    log(`  ${r.ok ? "ok  " : "FAIL"} ${r.name.padEnd(32)} ${r.seconds.toFixed(1).padStart(6)} s`);
    if (!r.ok) log(r.error!.replace(/^/gm, "       "));
  }
  const total = results.reduce((s, r) => s + r.seconds, 0);
  const failed = results.filter((r) => !r.ok);
  if (failed.length) {
    throw new NotebookFailure(`${failed.length} of ${results.length} notebook(s) failed: ${failed.map((f) => f.error!.split("\n")[0]).join("; ")}`);
  }
  writeIndexPage(outDir, results);
  log(`  all ${results.length} notebook(s) ran in ${total.toFixed(1)} s; open ${path.join(path.relative(process.cwd(), outDir) || ".", "index.html")}`);
  return results;
}

/** A notebook raised an error: the message carries the notebook, the cell and the real error. */
export class NotebookFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotebookFailure";
  }
}
