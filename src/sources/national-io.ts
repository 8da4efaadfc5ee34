/**
 * China's national input–output tables (NBS), as CSV files in the layout of the R package ionet
 * (the layout of ../shared/data/china-national-io and of the derived
 * data/national-io/china-io-YYYY-42.csv files):
 *
 *   Code, Description, DescriptionInChinese, [Origin], <sector codes…>, TIU, FU101 … GO
 *   one row per sector code (non-competitive tables: a Domestic and an Imports block, `Origin`),
 *   then TII, VA001…VA004, TVA, TI.
 *
 * Values are 10⁴ yuan (万元) at producers' prices. This module reads such a file, checks it
 * (row balance TIU + TFU − IM + ERR = GO; column balance TII + TVA = TI; TI = GO), and
 * harmonizes any of the 135/41/139/42/149-sector tables onto the project's one 42-sector
 * scheme (the NBS 2017 numbering, see data/concordances/README-national.md) by a concordance.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../util/errors";
import { splitCsvLine } from "./csv";
import type { DenseMatrix } from "../mrio/types";

/** Final-use column codes the project keeps, in this order (ionet/NBS codes). */
export const FINAL_USE_CODES = ["FU101", "FU102", "FU103", "FU201", "FU202"] as const;
/** Human labels of FINAL_USE_CODES (the five CEADs final-demand categories, same order). */
export const FINAL_USE_LABELS = [
  "Rural household consumption",
  "Urban household consumption",
  "Government consumption",
  "Gross fixed capital formation",
  "Changes in inventories",
] as const;
/** Value-added row codes, in order. */
export const VALUE_ADDED_CODES = ["VA001", "VA002", "VA003", "VA004"] as const;
export const VALUE_ADDED_LABELS = [
  "Compensation of employees",
  "Net taxes on production",
  "Depreciation of fixed assets",
  "Operating surplus",
] as const;

/** A national IO table as read from the CSV (all money in 10⁴ yuan). */
export interface NationalIoTable {
  readonly file: string;
  /** "competitive": imports in the IM column, Z includes imported goods; "non-competitive": Domestic/Imports row blocks. */
  readonly layout: "competitive" | "non-competitive";
  readonly codes: readonly string[];
  readonly namesEn: readonly string[];
  readonly namesZh: readonly string[];
  /** Intermediate use, n × n: competitive = total (domestic + imported); non-competitive = domestic only. */
  readonly Z: DenseMatrix;
  /** Non-competitive only: imported intermediate use, n × n. */
  readonly ZImported?: DenseMatrix;
  /**
   * Final use by column code (FU101, FU102, THC, FU103, TC, FU201, FU202, GCF…) exactly as in the file;
   * non-competitive: domestic rows only (imported final use in finalUseImported).
   */
  readonly finalUse: ReadonlyMap<string, Float64Array>;
  readonly finalUseImported?: ReadonlyMap<string, Float64Array>;
  /** Exports abroad (EX). */
  readonly exportsWanYuan: Float64Array;
  /** Non-competitive only: re-exports of imported goods (EX column of the Imports block). */
  readonly exportsImportedWanYuan?: Float64Array;
  /** Imports (IM, competitive layout; non-competitive: row totals of the Imports block). */
  readonly importsWanYuan: Float64Array;
  /** Statistical error column (ERR), zeros when the table has none. */
  readonly errorWanYuan: Float64Array;
  /** Gross output (GO). */
  readonly grossOutputWanYuan: Float64Array;
  /** VA001…VA004 rows, 4 × n. */
  readonly valueAdded: DenseMatrix;
  /** TI row (total input). */
  readonly totalInputWanYuan: Float64Array;
}

/** Options of {@link readNationalIo}. */
export interface ReadNationalIoOptions {
  /**
   * Relative tolerance of the balance checks (row balance, TI = GO, TII + TVA = TI), relative to
   * max(|GO_i|, 1). The ionet tables balance to ~1e-9; 1e-6 default leaves room for rounding in CSV.
   */
  readonly relativeTolerance?: number;
}


function quoteCsv(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Excel-style column letters for an error place (1-based column index → "A", "AB", …). */
function columnLetter(col: number): string {
  let s = "";
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/**
 * Read an NBS national IO table CSV (ionet layout, competitive or non-competitive) and check it.
 *
 * Checks (Miller & Blair 2009, ch. 2 accounting identities; NBS table structure):
 * - row balance, per sector i: TIU_i + TFU_i − IM_i + ERR_i = GO_i (non-competitive Domestic rows: TIU + TFU = GO);
 * - TIU_i = Σ_j Z_ij; TFU_i = Σ final-use components; TI_j = GO_j; TII_j + Σ VA_j = TI_j.
 * Every failure is an InputError naming the file and the row/column (code and A1 cell).
 */
export function readNationalIo(file: string, options: ReadNationalIoOptions = {}): NationalIoTable {
  const tol = options.relativeTolerance ?? 1e-6;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read national IO table (${(e as Error).message})`, { file });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length < 3) throw new InputError("not a national IO table: fewer than 3 lines", { file });
  const header = splitCsvLine(lines[0]).map((h) => h.trim());
  const col = new Map<string, number>();
  header.forEach((h, i) => col.set(h, i));
  for (const need of ["Code", "Description", "DescriptionInChinese", "GO"]) {
    if (!col.has(need)) throw new InputError(`missing column "${need}" in the header row`, { file, place: "row 1" });
  }
  const nonCompetitive = col.has("Origin");
  const codes = header.filter((h) => /^\d+$/.test(h));
  const n = codes.length;
  if (n === 0) throw new InputError("no sector columns (numeric codes) in the header row", { file, place: "row 1" });
  const rows = lines.slice(1).map((l, k) => splitCsvLine(l, file, `row ${k + 2}`));
  const num = (r: number, name: string): number => {
    const c = col.get(name);
    if (c === undefined) return 0;
    const raw = (rows[r][c] ?? "").trim();
    if (raw === "" || raw === "NA") return 0; // ionet writes empty/NA for structurally empty cells
    const v = Number(raw);
    if (!Number.isFinite(v)) {
      throw new InputError(`non-numeric value "${raw}" in column ${name}`, {
        file,
        place: `row ${rows[r][col.get("Code")!]} (cell ${columnLetter(c + 1)}${r + 2})`,
      });
    }
    return v;
  };
  const codeOf = (r: number) => (rows[r][col.get("Code")!] ?? "").trim();
  const originOf = (r: number) => (nonCompetitive ? (rows[r][col.get("Origin")!] ?? "").trim() : "Domestic");
  const findRow = (code: string, origin: string): number => {
    for (let r = 0; r < rows.length; r++) if (codeOf(r) === code && (!nonCompetitive || originOf(r) === origin)) return r;
    return -1;
  };
  const sectorRows = codes.map((c) => {
    const r = findRow(c, "Domestic");
    if (r < 0) throw new InputError(`sector ${c} has a column but no row`, { file, place: `code ${c}` });
    return r;
  });
  const importRows = nonCompetitive
    ? codes.map((c) => {
        const r = findRow(c, "Imports");
        if (r < 0) throw new InputError(`sector ${c} has no Imports row`, { file, place: `code ${c}` });
        return r;
      })
    : undefined;
  const block = (rs: number[]): DenseMatrix => {
    const data = new Float64Array(n * n);
    rs.forEach((r, i) => codes.forEach((c, j) => (data[i * n + j] = num(r, c))));
    return { rows: n, cols: n, data };
  };
  const vector = (rs: number[], name: string) => Float64Array.from(rs, (r) => num(r, name));
  const finalCodes = header.filter((h) => /^FU\d+$/.test(h) || ["THC", "TC", "GCF"].includes(h));
  const finalUse = new Map<string, Float64Array>();
  for (const f of finalCodes) finalUse.set(f, vector(sectorRows, f));
  const Z = block(sectorRows);
  const go = vector(sectorRows, "GO");
  const ex = vector(sectorRows, "EX");
  const err = vector(sectorRows, "ERR");
  let im: Float64Array;
  let ZImported: DenseMatrix | undefined;
  let finalUseImported: Map<string, Float64Array> | undefined;
  let exImported: Float64Array | undefined;
  if (importRows) {
    ZImported = block(importRows);
    finalUseImported = new Map();
    for (const f of finalCodes) finalUseImported.set(f, vector(importRows, f));
    im = vector(importRows, "GO"); // the Imports block's GO column holds total imports
    exImported = vector(importRows, "EX");
  } else im = vector(sectorRows, "IM");

  const rowOf = (code: string): number => {
    const r = findRow(code, "TOT");
    const r2 = r >= 0 ? r : rows.findIndex((_, k) => codeOf(k) === code);
    if (r2 < 0) throw new InputError(`missing row "${code}"`, { file, place: `column Code` });
    return r2;
  };
  const va = new Float64Array(4 * n);
  VALUE_ADDED_CODES.forEach((v, k) => {
    const r = rowOf(v);
    codes.forEach((c, j) => (va[k * n + j] = num(r, c)));
  });
  const tiRow = rowOf("TI");
  const ti = Float64Array.from(codes, (c) => num(tiRow, c));
  const tiiRow = rowOf("TII");

  // --- checks
  const hasTfu = col.has("TFU");
  const components = finalCodes.filter((f) => /^FU\d+$/.test(f));
  // The 2017 non-competitive table has TC instead of FU101–FU103.
  const tfuParts = components.includes("FU101") ? components : ["TC", ...components.filter((f) => f.startsWith("FU2"))];
  for (let i = 0; i < n; i++) {
    const r = sectorRows[i];
    const scale = Math.max(Math.abs(go[i]), 1);
    const place = (what: string) => `row ${codes[i]} (line ${r + 2}), ${what}`;
    let zsum = 0;
    for (let j = 0; j < n; j++) zsum += Z.data[i * n + j];
    if (col.has("TIU") && Math.abs(zsum - num(r, "TIU")) > tol * scale)
      throw new InputError(`TIU ${num(r, "TIU")} ≠ Σ intermediate use ${zsum}`, { file, place: place("TIU") });
    let fsum = ex[i];
    for (const f of tfuParts) fsum += num(r, f);
    const tfu = hasTfu ? num(r, "TFU") : fsum;
    if (Math.abs(tfu - fsum) > tol * scale)
      throw new InputError(`TFU ${tfu} ≠ Σ final-use components ${fsum}`, { file, place: place("TFU") });
    const balance = zsum + tfu - (nonCompetitive ? 0 : im[i]) + err[i];
    if (Math.abs(balance - go[i]) > tol * scale)
      throw new InputError(`row balance fails: intermediate + final − imports + error = ${balance} but GO = ${go[i]}`, {
        file,
        place: place("GO"),
      });
    if (go[i] < 0) throw new InputError(`negative gross output ${go[i]}`, { file, place: place("GO") });
  }
  for (let j = 0; j < n; j++) {
    const scale = Math.max(Math.abs(go[j]), 1);
    const c = col.get(codes[j])!;
    if (Math.abs(ti[j] - go[j]) > tol * scale)
      throw new InputError(`total input TI ${ti[j]} ≠ gross output GO ${go[j]}`, {
        file,
        place: `column ${codes[j]} (cell ${columnLetter(c + 1)}${tiRow + 2})`,
      });
    let csum = va[j] + va[n + j] + va[2 * n + j] + va[3 * n + j];
    for (let i = 0; i < n; i++) csum += Z.data[i * n + j] + (ZImported ? ZImported.data[i * n + j] : 0);
    if (Math.abs(csum - ti[j]) > tol * scale)
      throw new InputError(`column balance fails: intermediate inputs + value added = ${csum} but TI = ${ti[j]}`, {
        file,
        place: `column ${codes[j]} (cell ${columnLetter(c + 1)}${tiiRow + 2})`,
      });
  }
  return {
    file,
    layout: nonCompetitive ? "non-competitive" : "competitive",
    codes,
    namesEn: sectorRows.map((r) => rows[r][col.get("Description")!] ?? ""),
    namesZh: sectorRows.map((r) => rows[r][col.get("DescriptionInChinese")!] ?? ""),
    Z,
    ZImported,
    finalUse,
    finalUseImported,
    exportsWanYuan: ex,
    exportsImportedWanYuan: exImported,
    importsWanYuan: im,
    errorWanYuan: err,
    grossOutputWanYuan: go,
    valueAdded: { rows: 4, cols: n, data: va },
    totalInputWanYuan: ti,
  };
}

/** One row of a national concordance: source code → target code with a weight (Σ weights per source = 1). */
export interface NationalConcordanceRow {
  readonly sourceCode: string;
  readonly targetCode: string;
  /** Share of the source sector assigned to the target (1 for a plain aggregation). */
  readonly weight: number;
}

/**
 * The project's 42 sectors (NBS 2017 numbering): code, English and Chinese name, and the
 * reporting group (METHODS.md §3.5, 2017 column; water goes with energy — the §3.5 option).
 */
export interface Sector42 {
  readonly code: string;
  readonly nameEn: string;
  readonly nameZh: string;
  readonly group: string;
}

/** Path of the project's data/ directory (works from src/ via tsx and from a compiled tree). */
export function projectDataDir(): string {
  return path.resolve(__dirname, "..", "..", "data");
}

/**
 * Read a two/three-column concordance CSV (`source_code,target_code[,weight]`, `#` comments allowed).
 * A missing weight means 1. Checks that each source's weights sum to 1 (±1e-9).
 */
export function readNationalConcordance(file: string): NationalConcordanceRow[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read concordance (${(e as Error).message})`, { file });
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "" && !l.startsWith("#"));
  if (lines.length === 0) throw new InputError("empty concordance", { file });
  const header = splitCsvLine(lines[0]).map((s) => s.trim());
  const iS = header.indexOf("source_code");
  const iT = header.indexOf("target_code");
  const iW = header.indexOf("weight");
  if (iS < 0 || iT < 0) throw new InputError(`header must contain source_code and target_code`, { file, place: "row 1" });
  const out: NationalConcordanceRow[] = [];
  const sums = new Map<string, number>();
  lines.slice(1).forEach((l, k) => {
    const f = splitCsvLine(l);
    const w = iW >= 0 && (f[iW] ?? "").trim() !== "" ? Number(f[iW]) : 1;
    if (!Number.isFinite(w) || w < 0 || w > 1)
      throw new InputError(`weight "${f[iW]}" is not in [0, 1]`, { file, place: `row ${k + 2}` });
    const row = { sourceCode: f[iS].trim(), targetCode: f[iT].trim(), weight: w };
    out.push(row);
    sums.set(row.sourceCode, (sums.get(row.sourceCode) ?? 0) + w);
  });
  for (const [s, w] of sums)
    if (Math.abs(w - 1) > 1e-9) throw new InputError(`weights of source ${s} sum to ${w}, not 1`, { file, place: `source_code ${s}` });
  return out;
}

/** Read data/concordances/national-sectors-42.csv (the target scheme). */
export function readSectors42(file = path.join(projectDataDir(), "concordances", "national-sectors-42.csv")): Sector42[] {
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "" && !l.startsWith("#"));
  const h = splitCsvLine(lines[0]);
  const ix = (k: string) => {
    const i = h.indexOf(k);
    if (i < 0) throw new InputError(`missing column ${k}`, { file, place: "row 1" });
    return i;
  };
  const [c, e, z, g] = [ix("code"), ix("name_en"), ix("name_zh"), ix("group")];
  return lines.slice(1).map((l) => {
    const f = splitCsvLine(l);
    return { code: f[c], nameEn: f[e], nameZh: f[z], group: f[g] };
  });
}

/** A national table on the 42-sector scheme, competitive layout (all money in 10⁴ yuan). */
export interface HarmonizedNationalIo {
  readonly year: number;
  readonly sectors: readonly Sector42[];
  /** Total (domestic + imported) intermediate use, 42 × 42. */
  readonly Z: DenseMatrix;
  /** Final use, 42 × 5 in FINAL_USE_CODES order. */
  readonly finalUse: DenseMatrix;
  readonly exportsWanYuan: Float64Array;
  readonly importsWanYuan: Float64Array;
  readonly errorWanYuan: Float64Array;
  readonly grossOutputWanYuan: Float64Array;
  /** VA001…VA004, 4 × 42. */
  readonly valueAdded: DenseMatrix;
}

/**
 * Harmonize a national table onto the 42-sector scheme with a weighted concordance matrix C
 * (n_src × 42, rows summing to 1): Z' = Cᵀ Z C, F' = Cᵀ F (final use, exports, imports, error,
 * gross output), V' = V C (value added). Because every row of C sums to 1 all totals are
 * invariant (ΣZ' = ΣZ etc.); a source split across several targets (weight < 1) is split in
 * proportion in both its row and its column (the usual "fixed-share split", Miller & Blair 2009, ch. 4).
 *
 * A non-competitive table is first made competitive: Z = Z_dom + Z_imp, final use = domestic +
 * imported, IM = Imports-block totals, so every year has the same layout downstream.
 * A table with TC but no FU101–FU103 (2017 non-competitive) cannot give the five categories:
 * it is rejected with an InputError (use the 149-sector 2017 table).
 */
export function harmonizeNationalIo(
  table: NationalIoTable,
  concordance: readonly NationalConcordanceRow[],
  sectors: readonly Sector42[],
  year: number,
): HarmonizedNationalIo {
  const n = table.codes.length;
  const N = sectors.length;
  const tIndex = new Map(sectors.map((s, k) => [s.code, k]));
  const sIndex = new Map(table.codes.map((c, k) => [c, k]));
  const C = new Float64Array(n * N);
  const covered = new Float64Array(n);
  for (const r of concordance) {
    const i = sIndex.get(r.sourceCode);
    const k = tIndex.get(r.targetCode);
    if (i === undefined) throw new InputError(`concordance source code ${r.sourceCode} is not a sector of the table`, { file: table.file });
    if (k === undefined) throw new InputError(`concordance target code ${r.targetCode} is not one of the 42 sectors`, { file: table.file });
    C[i * N + k] += r.weight;
    covered[i] += r.weight;
  }
  table.codes.forEach((c, i) => {
    if (Math.abs(covered[i] - 1) > 1e-9)
      throw new InputError(`sector ${c} is mapped with total weight ${covered[i]} (must be 1)`, { file: table.file, place: `code ${c}` });
  });
  for (const f of FINAL_USE_CODES.slice(0, 3))
    if (!table.finalUse.has(f))
      throw new InputError(`final-use column ${f} is missing: the five final-demand categories cannot be formed`, { file: table.file, place: "row 1" });
  const Zs = new Float64Array(n * n);
  for (let q = 0; q < n * n; q++) Zs[q] = table.Z.data[q] + (table.ZImported ? table.ZImported.data[q] : 0);
  const fu = (code: string, i: number) => (table.finalUse.get(code)?.[i] ?? 0) + (table.finalUseImported?.get(code)?.[i] ?? 0);
  // CᵀZ (N × n) then (CᵀZ)C (N × N); C is sparse but n ≤ 149, so dense loops are cheap.
  const CtZ = new Float64Array(N * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < N; k++) {
      const c = C[i * N + k];
      if (c === 0) continue;
      for (let j = 0; j < n; j++) CtZ[k * n + j] += c * Zs[i * n + j];
    }
  const Z = new Float64Array(N * N);
  for (let k = 0; k < N; k++)
    for (let j = 0; j < n; j++) {
      const v = CtZ[k * n + j];
      if (v === 0) continue;
      for (let l = 0; l < N; l++) Z[k * N + l] += v * C[j * N + l];
    }
  const agg = (get: (i: number) => number) => {
    const out = new Float64Array(N);
    for (let i = 0; i < n; i++) {
      const v = get(i);
      for (let k = 0; k < N; k++) out[k] += C[i * N + k] * v;
    }
    return out;
  };
  const finalUse = new Float64Array(N * 5);
  FINAL_USE_CODES.forEach((code, c) => {
    const v = agg((i) => fu(code, i));
    for (let k = 0; k < N; k++) finalUse[k * 5 + c] = v[k];
  });
  const va = new Float64Array(4 * N);
  for (let r = 0; r < 4; r++)
    for (let j = 0; j < n; j++) for (let l = 0; l < N; l++) va[r * N + l] += table.valueAdded.data[r * n + j] * C[j * N + l];
  return {
    year,
    sectors,
    Z: { rows: N, cols: N, data: Z },
    finalUse: { rows: N, cols: 5, data: finalUse },
    exportsWanYuan: agg((i) => table.exportsWanYuan[i] + (table.exportsImportedWanYuan?.[i] ?? 0)),
    importsWanYuan: agg((i) => table.importsWanYuan[i]),
    errorWanYuan: agg((i) => table.errorWanYuan[i]),
    grossOutputWanYuan: agg((i) => table.grossOutputWanYuan[i]),
    valueAdded: { rows: 4, cols: N, data: va },
  };
}

/**
 * Write a harmonized table in the ionet CSV layout (competitive), so {@link readNationalIo}
 * reads it back with all its checks: sector rows with Z, TIU, FU101…FU202, EX, TFU, IM, ERR, GO;
 * then TII, VA001…VA004, TVA, TI. Numbers are written with full double precision.
 */
export function formatHarmonizedCsv(t: HarmonizedNationalIo): string {
  const N = t.sectors.length;
  const codes = t.sectors.map((s) => s.code);
  const lines: string[] = [];
  lines.push(["Code", "Description", "DescriptionInChinese", ...codes, "TIU", ...FINAL_USE_CODES, "EX", "TFU", "IM", "ERR", "GO"].join(","));
  const fmt = (v: number) => {
    if (!Number.isFinite(v)) throw new Error(`non-finite value ${v} in harmonized table ${t.year}`);
    return String(v === 0 ? 0 : v);
  };
  for (let i = 0; i < N; i++) {
    let tiu = 0;
    const row: string[] = [];
    for (let j = 0; j < N; j++) {
      tiu += t.Z.data[i * N + j];
      row.push(fmt(t.Z.data[i * N + j]));
    }
    let tfu = t.exportsWanYuan[i];
    const f: string[] = [];
    for (let c = 0; c < 5; c++) {
      tfu += t.finalUse.data[i * 5 + c];
      f.push(fmt(t.finalUse.data[i * 5 + c]));
    }
    const s = t.sectors[i];
    lines.push(
      [s.code, quoteCsv(s.nameEn), quoteCsv(s.nameZh), ...row, fmt(tiu), ...f, fmt(t.exportsWanYuan[i]), fmt(tfu), fmt(t.importsWanYuan[i]), fmt(t.errorWanYuan[i]), fmt(t.grossOutputWanYuan[i])].join(","),
    );
  }
  const empty = new Array(5 + 6).fill("");
  const colRow = (code: string, en: string, zh: string, v: (j: number) => number) =>
    [code, quoteCsv(en), zh, ...codes.map((_, j) => fmt(v(j))), ...empty].join(",");
  const tii = (j: number) => {
    let s = 0;
    for (let i = 0; i < N; i++) s += t.Z.data[i * N + j];
    return s;
  };
  const vaj = (r: number, j: number) => t.valueAdded.data[r * N + j];
  lines.push(colRow("TII", "Total intermediate input", "中间投入合计", tii));
  const zh = ["劳动者报酬", "生产税净额", "固定资产折旧", "营业盈余"];
  VALUE_ADDED_CODES.forEach((code, r) => lines.push(colRow(code, VALUE_ADDED_LABELS[r], zh[r], (j) => vaj(r, j))));
  const tva = (j: number) => vaj(0, j) + vaj(1, j) + vaj(2, j) + vaj(3, j);
  lines.push(colRow("TVA", "Total value-added", "增加值合计", tva));
  lines.push(colRow("TI", "Total inputs", "总投入", (j) => tii(j) + tva(j)));
  return lines.join("\n") + "\n";
}

/** Convert a table read by {@link readNationalIo} that is already on the 42-sector scheme to a HarmonizedNationalIo. */
export function asHarmonized(table: NationalIoTable, sectors: readonly Sector42[], year: number): HarmonizedNationalIo {
  const identity = sectors.map((s) => ({ sourceCode: s.code, targetCode: s.code, weight: 1 }));
  return harmonizeNationalIo(table, identity, sectors, year);
}
