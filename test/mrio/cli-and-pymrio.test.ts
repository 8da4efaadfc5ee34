import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { readPandasCsv } from "../../src/sources/pandas-csv";
import { SHARED_DIR } from "../shared-dir";

const ROOT = path.resolve(__dirname, "../..");
const DATA = path.join(SHARED_DIR, "data/pymrio-test-mrio");
const haveData = fs.existsSync(path.join(DATA, "Z.csv"));
const PY = "/usr/bin/python3";
const havePandas = fs.existsSync(PY) && spawnSync(PY, ["-c", "import numpy, pandas"]).status === 0;

function cli(args: string[]): { status: number; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin/carbon-ledger.js"), ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: r.status ?? -1, stderr: r.stderr };
}

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `mrio-${name}-`));
const ACCOUNT_FILES = ["x", "A", "L", "S", "M", "D_cba", "D_pba", "D_imp", "D_exp", "D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"];

let accountsDir: string | undefined;
function ourAccounts(): string {
  if (!accountsDir) {
    accountsDir = tmp("acc");
    const r = cli(["mrio", "accounts", "--mrio", DATA, "--out", accountsDir]);
    assert.equal(r.status, 0, r.stderr);
  }
  return accountsDir;
}

test("mrio accounts on the pymrio test system writes pymrio's files", { skip: haveData ? false : `${DATA} not present` }, () => {
  const out = ourAccounts();
  for (const f of ACCOUNT_FILES) assert.ok(fs.existsSync(path.join(out, `${f}.csv`)), `${f}.csv missing`);
  assert.equal(fs.readFileSync(path.join(out, "x.csv"), "utf8").split("\n")[0], "region,sector,indout");
  assert.equal(fs.readFileSync(path.join(out, "D_cba_reg.csv"), "utf8").split("\n")[0], "stressor,compartment,reg1,reg2,reg3,reg4,reg5,reg6");
  const L = readPandasCsv(path.join(out, "L.csv"));
  assert.equal(L.values.rows, 48);
  assert.deepEqual(L.columns.names, ["region", "sector"]);
});

test("agreement with pymrio's formulas in numpy/pandas to ≤ 1e-12 relative, and pandas reads our files", { skip: !haveData ? `${DATA} not present` : !havePandas ? "python3 with numpy+pandas not available" : false }, () => {
  const out = ourAccounts();
  const ref = tmp("ref");
  const r = spawnSync(PY, [path.join(ROOT, "bench/mrio_numpy.py"), "accounts", "--mrio", DATA, "--out", ref], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  for (const f of ACCOUNT_FILES) {
    const layout = { headerRows: f === "x" || f.endsWith("_reg") ? 1 : 2 };
    const a = readPandasCsv(path.join(out, `${f}.csv`), layout);
    const b = readPandasCsv(path.join(ref, `${f}.csv`), layout);
    assert.deepEqual(a.index, b.index, `${f}: index`);
    assert.deepEqual(a.columns.keys, b.columns.keys, `${f}: columns`);
    let scale = 0;
    for (const v of b.values.data) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < a.values.data.length; i++) {
      const x = a.values.data[i], y = b.values.data[i];
      // relative to the entry, or to the matrix scale for entries that are round-off zeros
      assert.ok(Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(y), 1e-3 * scale), `${f}[${i}]: ${x} vs pymrio ${y}`);
    }
  }
  // pandas reads our files with pymrio's own read_csv arguments and gets the same labels.
  const check = `
import pandas as pd, sys
o, r = sys.argv[1], sys.argv[2]
for f in ${JSON.stringify(ACCOUNT_FILES)}:
    h = 0 if (f == "x" or f.endswith("_reg")) else [0, 1]
    a = pd.read_csv(f"{o}/{f}.csv", header=h, index_col=[0, 1])
    b = pd.read_csv(f"{r}/{f}.csv", header=h, index_col=[0, 1])
    assert a.index.equals(b.index) and a.columns.equals(b.columns), f
    assert (a.dtypes == "float64").all(), f
    assert ((a - b).abs() <= 1e-12 * b.abs().max().max()).all().all(), f
print("ok")
`;
  const p = spawnSync(PY, ["-c", check, out, ref], { encoding: "utf8" });
  assert.equal(p.status, 0, p.stderr);
  assert.equal(p.stdout.trim(), "ok");
});

test("mrio flows with --regions: flows, transfers and group files; exact negatives across --net", { skip: haveData ? false : `${DATA} not present` }, () => {
  const dir = tmp("flows");
  const map = path.join(dir, "groups.csv");
  fs.writeFileSync(map, "region,group\nreg1,West\nreg2,West\nreg3,East\nreg4,East\nreg5,East\nreg6,South\n");
  const a = path.join(dir, "a"), b = path.join(dir, "b");
  let r = cli(["mrio", "flows", "--mrio", DATA, "--out", a, "--regions", map, "--export-category", "Export", "--stressor", "emission_type1"]);
  assert.equal(r.status, 0, r.stderr);
  r = cli(["mrio", "flows", "--mrio", DATA, "--out", b, "--regions", map, "--export-category", "Export", "--stressor", "emission_type1", "--net", "outflow-minus-inflow"]);
  assert.equal(r.status, 0, r.stderr);
  const flows = readPandasCsv(path.join(a, "flows.csv"), { headerRows: 1, indexCols: 1 });
  assert.deepEqual(flows.columns.keys.map((k) => k[0]), ["reg1", "reg2", "reg3", "reg4", "reg5", "reg6", "ROW"]);
  const groups = readPandasCsv(path.join(a, "flows_groups.csv"), { headerRows: 1, indexCols: 1 });
  assert.deepEqual(groups.index.keys.map((k) => k[0]), ["West", "East", "South"]);
  let total = 0, totalG = 0;
  for (const v of flows.values.data) total += v;
  for (const v of groups.values.data) totalG += v;
  assert.ok(Math.abs(total - totalG) <= 1e-9 * total);
  const ta = readPandasCsv(path.join(a, "transfers_groups.csv"), { headerRows: 1, indexCols: 1 });
  const tb = readPandasCsv(path.join(b, "transfers_groups.csv"), { headerRows: 1, indexCols: 1 });
  assert.equal(ta.columns.keys[3][0], "net_inflow_minus_outflow");
  assert.equal(tb.columns.keys[3][0], "net_outflow_minus_inflow");
  for (let g = 0; g < 3; g++) assert.equal(ta.values.data[g * 4 + 3], -tb.values.data[g * 4 + 3]);
  // Recomputing on the aggregated table moves flows (aggregation bias) but keeps the total.
  const c = path.join(dir, "c");
  r = cli(["mrio", "flows", "--mrio", DATA, "--out", c, "--regions", map, "--export-category", "Export", "--group-flows", "recompute", "--method", "eebt"]);
  assert.equal(r.status, 0, r.stderr);
  const rec = readPandasCsv(path.join(c, "flows_groups.csv"), { headerRows: 1, indexCols: 1 });
  let totalR = 0;
  for (const v of rec.values.data) totalR += v;
  assert.ok(Math.abs(totalR - total) <= 1e-9 * total, `${totalR} vs ${total}`);
});

test("bad input: one-line error naming file and label, exit code 2, no output written", { skip: haveData ? false : `${DATA} not present` }, () => {
  const dir = tmp("bad");
  const mrio = path.join(dir, "in");
  fs.mkdirSync(mrio);
  for (const f of ["Y", "F", "F_Y"]) fs.copyFileSync(path.join(DATA, `${f}.csv`), path.join(mrio, `${f}.csv`));
  const z = fs.readFileSync(path.join(DATA, "Z.csv"), "utf8").split("\n");
  z[5] = z[5].replace(/,[^,]+$/, ",oops"); // last cell of reg1/electricity's row? (line 6 = reg1/manufactoring)
  fs.writeFileSync(path.join(mrio, "Z.csv"), z.join("\n"));
  const out = path.join(dir, "out");
  let r = cli(["mrio", "accounts", "--mrio", mrio, "--out", out]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(r.stderr, /Z\.csv, line 6, row reg1\/manufactoring, column reg6\/other: "oops" is not a finite number/);
  assert.equal(fs.existsSync(out), false);
  // label mismatch between blocks
  z[5] = fs.readFileSync(path.join(DATA, "Z.csv"), "utf8").split("\n")[5].replace("reg1,manufactoring", "reg1,manufacturing");
  fs.writeFileSync(path.join(mrio, "Z.csv"), z.join("\n"));
  r = cli(["mrio", "accounts", "--mrio", mrio, "--out", out]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Z\.csv.*manufacturing/);
  assert.equal(fs.existsSync(out), false);
  // unknown option value
  r = cli(["mrio", "flows", "--mrio", DATA, "--out", out, "--method", "magic"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--method must be one of mrio, restricted, eebt/);
  r = cli(["mrio", "flows", "--mrio", DATA, "--out", out, "--stressor", "CH4"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /F\.csv.*no stressor "CH4"/);
  assert.equal(fs.existsSync(out), false);
});
