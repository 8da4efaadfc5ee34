/**
 * Executes the notebook series headlessly, as `npm start` does, and checks what a user
 * relies on: every notebook runs, reports are written and drawn, a broken cell fails the run
 * with that cell's real error, and reports are reproducible byte for byte.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");
const cli = path.join(root, "bin", "carbon-ledger.js");

function reproduce(args: string[]) {
  return spawnSync(process.execPath, [cli, "reproduce", ...args], { cwd: root, encoding: "utf8", timeout: 900_000, env: { ...process.env, CARBON_LEDGER_DATA: "" } });
}

function notebook(cells: Array<[kind: "markdown" | "code", source: string]>): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "carbon-ledger", display_name: "TypeScript (carbon-ledger)", language: "typescript" }, language_info: { name: "typescript" } },
    cells: cells.map(([kind, source], i) => (kind === "markdown" ? { cell_type: "markdown", id: `c${i}`, metadata: {}, source } : { cell_type: "code", id: `c${i}`, metadata: {}, execution_count: null, outputs: [], source })),
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cl-notebooks-"));
const notebooks = fs.readdirSync(path.join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();

test("notebooks are committed without outputs", () => {
  assert.ok(notebooks.length >= 1);
  for (const f of notebooks) {
    const nb = JSON.parse(fs.readFileSync(path.join(root, "notebooks", f), "utf8")) as { cells: Array<{ cell_type: string; outputs?: unknown[]; execution_count?: number | null }>; metadata: { kernelspec?: { name?: string } } };
    assert.equal(nb.metadata.kernelspec?.name, "carbon-ledger", `${f}: kernelspec must be the project's kernel`);
    for (const c of nb.cells) {
      if (c.cell_type !== "code") continue;
      assert.deepEqual(c.outputs, [], `${f}: a code cell has outputs`);
      assert.equal(c.execution_count ?? null, null, `${f}: a code cell has an execution count`);
    }
  }
});

test("every notebook executes and its report is written and drawn", () => {
  const out = path.join(tmp, "all");
  const r = reproduce(["--out", out]);
  assert.equal(r.status, 0, `reproduce failed:\n${r.stdout}\n${r.stderr}`);
  for (const f of notebooks) {
    const html = path.join(out, f.replace(/\.ipynb$/, ".html"));
    assert.ok(fs.existsSync(html), `missing report ${html}`);
    assert.match(r.stdout, new RegExp(`ok\\s+${f.replace(/\.ipynb$/, "")}\\s+[\\d.]+ s`));
  }
  const index = fs.readFileSync(path.join(out, "index.html"), "utf8");
  for (const f of notebooks) assert.ok(index.includes(f.replace(/\.ipynb$/, ".html")), `index.html does not link ${f}`);
  // In a real browser, offline: each figure's <div> must hold Plotly's drawing.
  const check = spawnSync(process.execPath, [path.join(root, "scripts", "check-reports.js"), out], { encoding: "utf8", timeout: 600_000 });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  console.log(check.stdout.trim());
});

test("a broken cell fails the run with that cell's real error, and writes no report for it", () => {
  const dir = path.join(tmp, "broken");
  fs.mkdirSync(dir);
  const thrown = path.join(dir, "thrown.ipynb");
  const typeError = path.join(dir, "type-error.ipynb");
  fs.writeFileSync(thrown, notebook([["markdown", "# Broken on purpose"], ["code", "const a = 1;"], ["code", 'throw new Error("deliberately broken cell: " + (a + 41));'], ["code", 'console.log("never reached");']]));
  fs.writeFileSync(typeError, notebook([["code", 'const n: number = "not a number";']]));
  const out = path.join(dir, "reports");
  const r = reproduce(["--out", out, thrown, typeError]);
  assert.notEqual(r.status, 0);
  const all = r.stdout + r.stderr;
  assert.match(all, /thrown\.ipynb, cell 3 \(code cell 2\): Error: deliberately broken cell: 42/);
  assert.match(all, /type-error\.ipynb, cell 1 \(code cell 1\):.*Type 'string' is not assignable to type 'number'/);
  assert.ok(!fs.existsSync(path.join(out, "thrown.html")), "a failed notebook must not leave a report");
  assert.ok(!fs.existsSync(path.join(out, "index.html")), "a failed run must not write the index");
});

test("reports are reproducible: same inputs give the same bytes apart from the timestamp line", () => {
  const first = notebooks[0];
  const a = path.join(tmp, "det-a");
  const b = path.join(tmp, "det-b");
  assert.equal(reproduce(["--out", a, first]).status, 0);
  assert.equal(reproduce(["--out", b, first]).status, 0);
  const name = first.replace(/\.ipynb$/, ".html");
  const strip = (s: string) => s.replace(/ · generated [0-9T:.\-Z]+/, "");
  const ha = strip(fs.readFileSync(path.join(a, name), "utf8"));
  const hb = strip(fs.readFileSync(path.join(b, name), "utf8"));
  assert.ok(ha === hb, "two runs of the same notebook produced different reports");
});
