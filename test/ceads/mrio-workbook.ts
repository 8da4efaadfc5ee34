/**
 * Synthetic CEADs MRIO workbooks in the documented layouts (METHODS.md §2.1, §3.2), written with
 * exceljs' streaming WorkbookWriter so a full-size 31 × 42 table can be generated with bounded
 * memory (bench/ceads.ts). Values are deterministic (seeded LCG); x is computed so the row
 * balance x = Z·1 + Y·1 + e + o holds exactly up to float rounding.
 *
 * Variants:
 * - "2017": title A1; province row 2 (merged over each block), sector names row 3, codes row 4
 *   ("01"…); labels A (province, merged down), B (sector), C (code); Z from D5; then a
 *   "中间使用合计" total-intermediate-use column (the AXF irregularity), 5 final-demand columns
 *   per province, 出口, 其他, 总产出; rows after Z: 进口, four VA components, 增加值合计, 总投入.
 * - "2012raw": no code row and no code column (Output_Raw: Z at C4): title row 1, provinces row 2,
 *   sector names row 3; labels A (province), B (sector); FD, 最终使用合计 (BDD), 总产出 (BDE);
 *   no exports/others columns; rows: 增加值合计, 总投入.
 * - "english30": English headers ("Rural household consumption", "Exports", "Total output",
 *   "Imports", "Value added"), codes as numbers 1…n, unit "10,000 yuan" in the title.
 */
import ExcelJS from "exceljs";

export interface SyntheticMrio {
  regions: string[];
  sectors: Array<{ code: string; name: string }>;
  categories: string[];
  Z: Float64Array;
  Y: Float64Array;
  exports: Float64Array;
  others: Float64Array;
  x: Float64Array;
  imports: Float64Array;
  importsFinal: Float64Array;
  va: Float64Array[]; // 4 components × N
}

export interface MrioWorkbookSpec {
  file: string;
  variant: "2017" | "2012raw" | "english30";
  regions: string[];
  sectors: Array<{ code: string; name: string }>;
  sheet?: string;
  extraSheets?: string[];
  title?: string;
  seed?: number;
  /** Override a cell after the layout is written: [row, col, value]. */
  patch?: Array<[number, number, ExcelJS.CellValue]>;
  /** Leave the province row's name of block `k` (0-based) as this text instead. */
  regionHeaderOverride?: Array<[number, string]>;
}

const CATS_ZH = ["农村居民消费", "城镇居民消费", "政府消费", "固定资本形成总额", "存货增加"];
const CATS_EN = ["Rural household consumption", "Urban household consumption", "Government consumption", "Gross fixed capital formation", "Inventory increase"];
const VA_ZH = ["劳动者报酬", "生产税净额", "固定资产折旧", "营业盈余"];
const VA_EN = ["Compensation of employees", "Net production taxes", "Depreciation of fixed assets", "Operating surplus"];

function lcg(seed: number): () => number {
  let s = (seed >>> 0) || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Write the workbook and return the numbers written (for block-by-block comparison). */
export async function writeMrioWorkbook(spec: MrioWorkbookSpec): Promise<SyntheticMrio> {
  const { regions, sectors, variant } = spec;
  const m = regions.length, n = sectors.length, K = 5, N = m * n;
  const rnd = lcg(spec.seed ?? 7);
  const round = (v: number) => Math.round(v * 100) / 100; // 2 decimals, as the published tables
  const Z = new Float64Array(N * N).map(() => (rnd() < 0.3 ? 0 : round(rnd() * 1000)));
  const Y = new Float64Array(N * m * K).map(() => round(rnd() * 500));
  const hasEO = variant !== "2012raw";
  const exportsV = new Float64Array(N).map(() => (hasEO ? round(rnd() * 300) : 0));
  const othersV = new Float64Array(N).map(() => (hasEO ? round((rnd() - 0.5) * 20) : 0));
  const x = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = exportsV[i] + othersV[i];
    for (let j = 0; j < N; j++) s += Z[i * N + j];
    for (let j = 0; j < m * K; j++) s += Y[i * m * K + j];
    x[i] = s;
  }
  const imports = new Float64Array(N).map(() => round(rnd() * 200));
  const importsFinal = new Float64Array(m * K).map(() => round(rnd() * 100));
  const va = [0, 1, 2, 3].map(() => new Float64Array(N).map(() => round(rnd() * 400)));

  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: spec.file, useSharedStrings: true, useStyles: false });
  for (const extra of spec.extraSheets ?? []) {
    const ws = wb.addWorksheet(extra);
    ws.getCell("A1").value = "note";
    ws.commit();
  }
  const ws = wb.addWorksheet(spec.sheet ?? (variant === "2012raw" ? "Output_Raw" : "Table_2017"));
  const zh = variant !== "english30";
  const cats = zh ? CATS_ZH : CATS_EN;
  const labelCols = variant === "2012raw" ? 2 : 3;
  const z0 = labelCols + 1; // first Z column
  const tiuCol = variant === "2017" ? z0 + N : -1;
  const fd0 = variant === "2017" ? z0 + N + 1 : z0 + N;
  const afterFd = fd0 + m * K;
  const special: Array<[number, string]> =
    variant === "2017" ? [[afterFd, "出口"], [afterFd + 1, "其他"], [afterFd + 2, "总产出"]]
      : variant === "2012raw" ? [[afterFd, "最终使用合计"], [afterFd + 1, "总产出"]]
        : [[afterFd, "Exports"], [afterFd + 1, "Others"], [afterFd + 2, "Total output"]];
  const xCol = special[special.length - 1][0];
  const headerRows = variant === "2012raw" ? 3 : 4;
  const rows = new Map<number, ExcelJS.CellValue[]>();
  const put = (r: number, c: number, v: ExcelJS.CellValue) => {
    let row = rows.get(r);
    if (!row) rows.set(r, (row = []));
    row[c] = v;
  };
  put(1, 1, spec.title ?? (zh ? `2017年中国31省区市42部门区域间投入产出表（单位：万元）` : `China multi-regional input-output table 2010 (unit: 10,000 yuan)`));
  const regionHeader = (k: number) => spec.regionHeaderOverride?.find(([i]) => i === k)?.[1] ?? regions[k];
  for (let k = 0; k < m; k++) {
    put(2, z0 + k * n, regionHeader(k));
    put(2, fd0 + k * K, regionHeader(k));
    for (let i = 0; i < n; i++) {
      put(3, z0 + k * n + i, sectors[i].name);
      if (headerRows === 4) put(4, z0 + k * n + i, variant === "english30" ? Number(sectors[i].code) : sectors[i].code);
    }
    for (let c = 0; c < K; c++) put(3, fd0 + k * K + c, cats[c]);
  }
  if (tiuCol > 0) put(3, tiuCol, "中间使用合计");
  for (const [c, t] of special) put(3, c, t);
  let r = headerRows + 1;
  const firstData = r;
  for (let k = 0; k < m; k++) {
    for (let i = 0; i < n; i++, r++) {
      const g = k * n + i;
      if (i === 0) put(r, 1, regions[k]);
      put(r, 2, sectors[i].name);
      if (labelCols === 3) put(r, 3, sectors[i].code);
      let tiu = 0;
      for (let j = 0; j < N; j++) {
        const v = Z[g * N + j];
        tiu += v;
        if (v !== 0 || variant !== "2017") put(r, z0 + j, v); // 2017 variant leaves zero cells blank
      }
      if (tiuCol > 0) put(r, tiuCol, tiu);
      let fdSum = 0;
      for (let j = 0; j < m * K; j++) {
        put(r, fd0 + j, Y[g * m * K + j]);
        fdSum += Y[g * m * K + j];
      }
      if (variant === "2012raw") put(r, afterFd, fdSum);
      else {
        put(r, afterFd, exportsV[g]);
        put(r, afterFd + 1, othersV[g]);
      }
      put(r, xCol, x[g]);
    }
  }
  const lastData = r - 1;
  const labelRow = (label: string, values: Float64Array, fin?: Float64Array) => {
    put(r, labelCols === 3 ? 2 : 1, label);
    for (let j = 0; j < N; j++) put(r, z0 + j, values[j]);
    if (fin) for (let j = 0; j < m * K; j++) put(r, fd0 + j, fin[j]);
    r++;
  };
  if (variant !== "2012raw") labelRow(zh ? "进口" : "Imports", imports, importsFinal);
  if (variant === "2017") {
    put(r, 2, "中间投入合计");
    r++;
    VA_ZH.forEach((l, k) => labelRow(l, va[k]));
  }
  if (variant === "english30") VA_EN.forEach((l, k) => labelRow(l, va[k]));
  const vaTotal = new Float64Array(N).map((_, j) => va[0][j] + va[1][j] + va[2][j] + va[3][j]);
  labelRow(zh ? "增加值合计" : "Total value added", vaTotal);
  labelRow(zh ? "总投入" : "Total input", x);
  for (const [pr, pc, v] of spec.patch ?? []) put(pr, pc, v);
  // Merged province cells as in the real workbooks (only the first cell holds the value);
  // merges must be declared before the streaming writer commits the rows.
  for (let k = 0; k < m; k++) {
    if (n > 1) ws.mergeCells(2, z0 + k * n, 2, z0 + (k + 1) * n - 1);
    ws.mergeCells(2, fd0 + k * K, 2, fd0 + (k + 1) * K - 1);
    if (n > 1) ws.mergeCells(firstData + k * n, 1, firstData + (k + 1) * n - 1, 1);
  }
  const maxRow = Math.max(...rows.keys());
  for (let rr = 1; rr <= maxRow; rr++) {
    const row = rows.get(rr);
    const wr = ws.getRow(rr);
    if (row) row.forEach((v, c) => { if (v !== undefined) wr.getCell(c).value = v; });
    wr.commit();
  }
  void lastData;
  ws.commit();
  await wb.commit();
  return { regions, sectors, categories: cats, Z, Y, exports: exportsV, others: othersV, x, imports, importsFinal, va };
}
