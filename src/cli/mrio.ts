/**
 * `carbon-ledger mrio accounts|flows`: the MRIO engine on a directory of pandas/pymrio CSV
 * files (Z.csv, Y.csv, F.csv, optional F_Y.csv).
 */
import * as path from "node:path";
import * as fs from "node:fs";
import type { Command } from "commander";
import { InputError } from "../util/errors";
import { writeFilesAtomic } from "../util/atomic-write";
import { formatPandasCsv, readPandasCsv, type PandasFrame } from "../sources/pandas-csv";
import { readMapping } from "../sources/mapping-csv";
import type { AxisIndex, DenseMatrix, LabelledMatrix, MrioTable } from "../mrio/types";
import { tableFromFrames } from "../mrio/table";
import { validateTable } from "../mrio/validate";
import { leontiefFactor, multipliers, outputOf, stressorCoefficients, technicalCoefficients } from "../mrio/core";
import { luInverse } from "../mrio/linalg";
import { calcAccounts, finalDemandByRegion, sumColumnBlocks } from "../mrio/accounts";
import { aggregateFlows, bilateralFlows, netTransfer, type BilateralFlows, type ExportsTreatment, type FlowMethod, type NetConvention } from "../mrio/flows";
import { aggregateByConcordance, concordanceFromMapping } from "../mrio/aggregate";

interface LoadedDir {
  table: MrioTable;
  frames: { Z: PandasFrame; Y: PandasFrame; F?: PandasFrame; F_Y?: PandasFrame };
  files: Record<string, string>;
}

/** Read Z.csv, Y.csv, F.csv (required unless `needF` is false) and optional F_Y.csv from a directory. */
export function loadMrioDirectory(dir: string, needF = true): LoadedDir {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new InputError("not a directory", { file: dir });
  const files = { Z: path.join(dir, "Z.csv"), Y: path.join(dir, "Y.csv"), F: path.join(dir, "F.csv"), F_Y: path.join(dir, "F_Y.csv") };
  for (const k of ["Z", "Y"] as const) if (!fs.existsSync(files[k])) throw new InputError(`missing ${k}.csv`, { file: files[k] });
  if (needF && !fs.existsSync(files.F)) throw new InputError("missing F.csv (stressor extension)", { file: files.F });
  const Z = readPandasCsv(files.Z);
  const Y = readPandasCsv(files.Y);
  const F = fs.existsSync(files.F) ? readPandasCsv(files.F) : undefined;
  const F_Y = F && fs.existsSync(files.F_Y) ? readPandasCsv(files.F_Y) : undefined;
  const table = tableFromFrames({ Z, Y, F, F_Y }, files);
  return { table, frames: { Z, Y, F, F_Y }, files };
}

/** Move one final-demand category (e.g. "Export") out of Y into the table's exports-abroad vector. */
export function splitExportCategory(table: MrioTable, category: string, file?: string): MrioTable {
  const c = table.categories.indexOf(category);
  if (c < 0) throw new InputError(`no final-demand category "${category}"; categories: ${table.categories.join(", ")}`, { file, place: "header" });
  const m = table.regions.length, k = table.categories.length, mn = table.Y.rows;
  const keep = table.categories.filter((_, i) => i !== c);
  const k2 = keep.length;
  const Y = new Float64Array(mn * m * k2);
  const e = new Float64Array(mn);
  for (let p = 0; p < mn; p++) {
    for (let s = 0; s < m; s++) {
      let o = 0;
      for (let cc = 0; cc < k; cc++) {
        const v = table.Y.data[p * m * k + s * k + cc];
        if (cc === c) e[p] += v;
        else Y[p * m * k2 + s * k2 + o++] = v;
      }
    }
  }
  const dropCols = (L: LabelledMatrix | undefined): LabelledMatrix | undefined => {
    if (!L) return L;
    const cols = L.columns.keys.map((_, j) => j).filter((j) => j % k !== c);
    const d = new Float64Array(L.values.rows * cols.length);
    for (let i = 0; i < L.values.rows; i++) cols.forEach((j, o) => (d[i * cols.length + o] = L.values.data[i * L.values.cols + j]));
    return { index: L.index, columns: { names: L.columns.names, keys: cols.map((j) => L.columns.keys[j]) }, values: { rows: L.values.rows, cols: cols.length, data: d } };
  };
  return { ...table, categories: keep, Y: { rows: mn, cols: m * k2, data: Y }, exports: e, F_Y: dropCols(table.F_Y) };
}

const frame = (index: AxisIndex, columns: AxisIndex, values: DenseMatrix): PandasFrame => ({ index, columns, values });

function warn(lines: readonly string[]): void {
  for (const w of lines) process.stderr.write(`carbon-ledger: warning: ${w}\n`);
}

/** Everything `mrio accounts` writes, as file name → CSV text (pymrio's file names and layouts). */
export function accountsOutputs(loaded: LoadedDir): Array<{ name: string; data: string }> {
  const { table, frames } = loaded;
  const F = frames.F!;
  const x = outputOf(table);
  const A = technicalCoefficients(table.Z, x);
  const fac = leontiefFactor(A);
  const L = luInverse(fac);
  const S = stressorCoefficients(F.values, x);
  const M = multipliers(S, fac);
  const Yagg = finalDemandByRegion(table, "final-demand");
  const FY = table.F_Y ? sumColumnBlocks(table.F_Y.values, table.categories.length) : undefined;
  const acc = calcAccounts(S, fac, Yagg, table.sectors.length, FY);
  const zi = frames.Z.index, zc = frames.Z.columns, fi = F.index;
  const regCols: AxisIndex = { names: [zc.names[0] ?? "region"], keys: table.regions.map((r) => [r]) };
  const out: Array<[string, PandasFrame]> = [
    ["x", frame(zi, { names: [""], keys: [["indout"]] }, { rows: x.length, cols: 1, data: x })],
    ["A", frame(zi, zc, A)],
    ["L", frame(zi, zc, L)],
    ["S", frame(fi, zc, S)],
    ["M", frame(fi, zc, M)],
    ["D_cba", frame(fi, zc, acc.D_cba)],
    ["D_pba", frame(fi, zc, acc.D_pba)],
    ["D_imp", frame(fi, zc, acc.D_imp)],
    ["D_exp", frame(fi, zc, acc.D_exp)],
    ["D_cba_reg", frame(fi, regCols, acc.D_cba_reg)],
    ["D_pba_reg", frame(fi, regCols, acc.D_pba_reg)],
    ["D_imp_reg", frame(fi, regCols, acc.D_imp_reg)],
    ["D_exp_reg", frame(fi, regCols, acc.D_exp_reg)],
  ];
  return out.map(([name, fr]) => ({ name: `${name}.csv`, data: formatPandasCsv(fr) }));
}

function flowsCsv(fl: BilateralFlows): string {
  return formatPandasCsv(frame({ names: ["origin"], keys: fl.regions.map((r) => [r]) }, { names: ["destination"], keys: fl.destinations.map((d) => [d]) }, fl.flows));
}

function transfersCsv(fl: BilateralFlows, convention: NetConvention): string {
  const t = netTransfer(fl.flows, fl.regions, convention);
  const m = fl.regions.length;
  const d = new Float64Array(m * 4);
  for (let r = 0; r < m; r++) {
    d[r * 4] = fl.production[r];
    d[r * 4 + 1] = t.inflow[r];
    d[r * 4 + 2] = t.outflow[r];
    d[r * 4 + 3] = t.net[r];
  }
  return formatPandasCsv(
    frame({ names: ["region"], keys: fl.regions.map((r) => [r]) }, { names: [""], keys: [["production"], ["inflow"], ["outflow"], [`net_${convention.replace(/-/g, "_")}`]] }, { rows: m, cols: 4, data: d }),
  );
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`${option} must be one of ${allowed.join(", ")}; got "${value}"`);
  return value as T;
}

/** Register `mrio accounts` and `mrio flows` on the carbon-ledger program (see docs/mrio.md). */
export function registerMrio(program: Command): void {
  const mrio = program.command("mrio").description("multi-regional input–output: Leontief model, pymrio accounts, embodied flows");
  mrio
    .command("accounts")
    .description("write x, A, L, S, M and pymrio's D_cba/D_pba/D_imp/D_exp (+ *_reg region totals) as pandas CSV")
    .requiredOption("--mrio <dir>", "directory with Z.csv, Y.csv, F.csv and optionally F_Y.csv (pandas MultiIndex CSV)")
    .requiredOption("--out <dir>", "output directory")
    .option("--balance-tolerance <rel>", "relative row-balance tolerance for warnings", "1e-6")
    .action((opts: { mrio: string; out: string; balanceTolerance: string }) => {
      const tol = Number(opts.balanceTolerance);
      if (!(tol >= 0)) throw new InputError(`--balance-tolerance must be a non-negative number; got "${opts.balanceTolerance}"`);
      const loaded = loadMrioDirectory(opts.mrio);
      const report = validateTable(loaded.table, { file: opts.mrio, balanceTolerance: tol });
      warn(report.warnings);
      const outputs = accountsOutputs(loaded);
      writeFilesAtomic(outputs.map((o) => ({ file: path.join(opts.out, o.name), data: o.data })));
    });
  mrio
    .command("flows")
    .description("region × region embodied-emission flows E[r←s] and per-region inflow/outflow/net (CSV), optionally also per region group")
    .requiredOption("--mrio <dir>", "directory with Z.csv, Y.csv, F.csv (pandas MultiIndex CSV)")
    .requiredOption("--out <dir>", "output directory")
    .option("--stressor <label>", "stressor row of F (e.g. 'CO2' or 'emission_type1/air'); default: the first row")
    .option("--regions <file>", "two-column mapping region → group (header row, then region,group rows)")
    .option("--method <m>", "mrio | restricted | eebt", "mrio")
    .option("--exports <e>", "exports abroad: row | final-demand | drop", "row")
    .option("--export-category <label>", "final-demand category holding exports abroad (e.g. Export); default: none")
    .option("--net <convention>", "inflow-minus-outflow | outflow-minus-inflow", "inflow-minus-outflow")
    .option("--group-flows <how>", "groups: sum (sum the provincial flow matrix) | recompute (aggregate the table, then recompute)", "sum")
    .action((opts: { mrio: string; out: string; stressor?: string; regions?: string; method: string; exports: string; exportCategory?: string; net: string; groupFlows: string }) => {
      const method = oneOf<FlowMethod>(opts.method, ["mrio", "restricted", "eebt"], "--method");
      const exportsT = oneOf<ExportsTreatment>(opts.exports, ["row", "final-demand", "drop"], "--exports");
      const net = oneOf<NetConvention>(opts.net, ["inflow-minus-outflow", "outflow-minus-inflow"], "--net");
      const groupFlows = oneOf(opts.groupFlows, ["sum", "recompute"] as const, "--group-flows");
      const loaded = loadMrioDirectory(opts.mrio);
      let table = loaded.table;
      if (opts.exportCategory !== undefined) table = splitExportCategory(table, opts.exportCategory, loaded.files.Y);
      warn(validateTable(table, { file: opts.mrio }).warnings);
      let mapping;
      if (opts.regions) {
        const mp = readMapping(opts.regions);
        try {
          mapping = concordanceFromMapping(table.regions, mp.map);
        } catch (e) {
          throw new InputError((e as Error).message, { file: opts.regions });
        }
      }
      let fl: BilateralFlows;
      try {
        fl = bilateralFlows(table, { method, exports: exportsT, stressor: opts.stressor });
      } catch (e) {
        if (e instanceof Error && /no stressor/.test(e.message)) throw new InputError(e.message, { file: loaded.files.F, place: "index" });
        throw e;
      }
      const files = [
        { file: path.join(opts.out, "flows.csv"), data: flowsCsv(fl) },
        { file: path.join(opts.out, "transfers.csv"), data: transfersCsv(fl, net) },
      ];
      if (mapping) {
        const g = groupFlows === "sum" ? aggregateFlows(fl, mapping) : bilateralFlows(aggregateByConcordance(table, { regions: mapping }), { method, exports: exportsT, stressor: opts.stressor });
        files.push({ file: path.join(opts.out, "flows_groups.csv"), data: flowsCsv(g) }, { file: path.join(opts.out, "transfers_groups.csv"), data: transfersCsv(g, net) });
      }
      writeFilesAtomic(files);
    });
}
