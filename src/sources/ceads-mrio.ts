/**
 * CEADs / IGSNRR multi-regional input–output workbooks (31 × 42: Zheng et al. 2021; 30 × 30:
 * Liu et al. 2007/2010, Mi et al. 2018) → MrioTable. Usage:
 *
 *   const t = await readCeadsMrio("MRIO2017.xlsx", { sheet: "Table_2017" });
 *   t.regions; t.sectors; t.sectorCodes; t.categories; t.Z; t.Y; t.x; t.exports; t.others;
 *   t.imports; t.valueAdded; t.unit;  t.rowBalance; t.warnings
 *
 * Layout (METHODS.md §2.1, §3.2): a title row (holding the unit), a province row (names merged
 * over each block: the value sits in the block's first cell), a sector-name row, a sector-code
 * row; then one row per (province, sector) with the province (merged), sector name and code in
 * the leading label columns. Columns after the intermediate block Z: optional total
 * intermediate use, final demand (the same categories for every province), optional total
 * final use, exports, "others", total output. Rows after Z: imports, value-added components,
 * total value added, total input. Nothing is found by position: every block is located by its
 * header labels (MRIO_LABELS, English and Chinese synonyms; add your own with `labels`), so
 * workbooks with other offsets (2012 `Output_Raw` at C4, 2017 `Table_2017` at D5) read alike.
 *
 * Streaming (exceljs WorkbookReader): rows are consumed one at a time, so memory is the output
 * arrays (mn × mn doubles for Z) plus a few header rows, independent of the file size.
 */
import { InputError } from "../util/errors";
import type { DenseMatrix, LabelledMatrix, MrioTable } from "../mrio/types";
import { compactLabel } from "./concordance";
import { findProvince, loadRegions, Province } from "./regions";
import { CellValue, cellRef, columnLetters, describeCell, streamWorkbook } from "./xlsx";

/** Header-label synonyms, compared after compactLabel (case, spaces, underscores and punctuation ignored). */
export interface MrioLabelDictionary {
  /** Final-demand categories: canonical key → synonyms. Order = canonical category order. */
  finalDemand: Record<string, readonly string[]>;
  exports: readonly string[];
  others: readonly string[];
  totalOutput: readonly string[];
  /** Summary columns that are recognised and skipped (they are recomputable). */
  skippedColumns: readonly string[];
  imports: readonly string[];
  /** Value-added rows: canonical key → synonyms (total value added included). */
  valueAdded: Record<string, readonly string[]>;
  totalInput: readonly string[];
  /** Summary rows that are recognised and skipped. */
  skippedRows: readonly string[];
}

/** Default label dictionary (Mi et al. 2018 Table 5 wording, the NBS Chinese table headings, common English variants). */
export const MRIO_LABELS: MrioLabelDictionary = {
  finalDemand: {
    rural_household: ["农村居民消费", "农村居民", "农村居民消费支出", "rural household consumption", "rural households", "rural consumption", "rural household"],
    urban_household: ["城镇居民消费", "城镇居民", "城镇居民消费支出", "urban household consumption", "urban households", "urban consumption", "urban household"],
    government: ["政府消费", "政府消费支出", "government consumption", "government", "government expenditure"],
    gfcf: ["固定资本形成总额", "固定资本形成", "gross fixed capital formation", "fixed capital formation", "gfcf", "capital formation"],
    inventory: ["存货增加", "存货变动", "存货", "inventory increase", "changes in inventories", "change in inventories", "inventory", "inventories"],
  },
  exports: ["出口", "exports", "export", "exports abroad", "国外出口", "foreign exports"],
  others: ["其他", "others", "other", "误差", "error", "误差项", "statistical error", "balance"],
  totalOutput: ["总产出", "total output", "gross output", "output", "总产出合计", "total outputs"],
  skippedColumns: ["中间使用合计", "total intermediate use", "intermediate use total", "最终使用合计", "total final use", "total final demand", "最终需求合计"],
  imports: ["进口", "imports", "import", "国外进口", "foreign imports"],
  valueAdded: {
    compensation_of_employees: ["劳动者报酬", "compensation of employees", "labour compensation", "labor compensation"],
    net_production_taxes: ["生产税净额", "net production taxes", "net taxes on production", "net taxes", "net production tax"],
    depreciation: ["固定资产折旧", "depreciation of fixed assets", "depreciation", "consumption of fixed capital"],
    operating_surplus: ["营业盈余", "operating surplus"],
    total_value_added: ["增加值合计", "增加值", "total value added", "value added", "va"],
  },
  totalInput: ["总投入", "total input", "total inputs"],
  skippedRows: ["中间投入合计", "total intermediate input", "total intermediate inputs", "intermediate input total"],
};

export interface CeadsMrioOptions {
  /** Sheet to read. Default: the only table-like sheet, or the one whose name holds `year`. */
  sheet?: string;
  /** Expected table year: must appear in the sheet name, the title rows or the file name. */
  year?: number;
  /** Monetary unit when the title rows state none (default: none → InputError). */
  unit?: string;
  /** Blank cells inside a block: "zero" (default; IO tables leave zero cells empty) or "error". */
  blankCells?: "zero" | "error";
  /** Header rows scanned for the layout before giving up (default 30). */
  maxHeaderRows?: number;
  /** Row-balance tolerance (relative to x): larger residuals of x − (Z·1 + Y·1 + e + o) are reported in warnings. Default 1e-4. */
  balanceTolerance?: number;
  /** Extra or replacement header synonyms (merged over MRIO_LABELS). */
  labels?: Partial<MrioLabelDictionary>;
  regions?: readonly Province[];
}

export interface CeadsMrioTable extends MrioTable {
  readonly file: string;
  readonly sheet: string;
  readonly year: number | undefined;
  /** Canonical English province names (data/regions.csv); `regionLabels` as written in the file. */
  readonly regions: readonly string[];
  readonly regionLabels: readonly string[];
  readonly sectorCodes: readonly string[];
  readonly unit: string;
  /** The title/header text the unit was read from. */
  readonly unitSource: string;
  /** The "others" (balance / error) column, length mn. */
  readonly others?: Float64Array;
  /** Foreign-import row(s) under the intermediate block: rows × mn. */
  readonly imports?: LabelledMatrix;
  /** Foreign-import row(s) under the final-demand block: rows × mk. */
  readonly importsFinalDemand?: LabelledMatrix;
  /** Total input row, length mn. */
  readonly totalInput?: Float64Array;
  /** max |x − (Z·1 + Y·1 + exports + others)| and its relative size; undefined when x is absent. */
  readonly rowBalance?: { maxAbsResidual: number; maxRelResidual: number; worstRow: string };
  /** Where the blocks were found (A1), for reviewers. */
  readonly layout: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
}

type ColumnKind =
  | { kind: "Z"; region: number; sector: number }
  | { kind: "Y"; region: number; category: number }
  | { kind: "exports" }
  | { kind: "others" }
  | { kind: "x" }
  | { kind: "skip" };

interface Layout {
  zStart: number;
  provinceRow: number;
  nameRow?: number;
  codeRow?: number;
  regions: Province[];
  regionLabels: string[];
  sectorCodes: string[];
  sectorNames: string[];
  categories: string[];
  columns: Map<number, ColumnKind>;
  notes: string[];
}

function isBlank(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

/** A sector code as text: 1 → "01", " 7" → "07", "01" → "01"; undefined for non-codes. */
function codeOf(v: CellValue | undefined): string | undefined {
  if (typeof v === "number" && Number.isInteger(v) && v > 0 && v < 1000) return String(v).padStart(2, "0");
  if (typeof v === "string" && /^\s*\d{1,3}\s*$/.test(v)) return String(Number(v)).padStart(2, "0");
  return undefined;
}

function text(v: CellValue | undefined): string {
  return typeof v === "string" ? v.replace(/\s+/g, " ").trim() : "";
}

const UNIT_PATTERNS: Array<[RegExp, string]> = [
  [/亿元|100\s*million\s*(yuan|rmb|cny)|10\^?8\s*(yuan|rmb|cny)/i, "10^8 yuan"],
  [/百万元|million\s*(yuan|rmb|cny)|10\^?6\s*(yuan|rmb|cny)/i, "10^6 yuan"],
  [/万元|10\s*,?\s*000\s*(yuan|rmb|cny)|10\^?4\s*(yuan|rmb|cny)|ten\s*thousand\s*(yuan|rmb|cny)|10\s*thousand\s*(yuan|rmb|cny)|1e4\s*(yuan|rmb|cny)/i, "10^4 yuan"],
  [/千元|thousand\s*(yuan|rmb|cny)/i, "10^3 yuan"],
  [/单位\s*[:：]?\s*元|unit\s*[:：]?\s*(yuan|rmb|cny)\b/i, "yuan"],
];

/** Monetary unit named in a header text, normalised ("万元" → "10^4 yuan"); undefined if none. */
export function unitFromText(s: string): string | undefined {
  for (const [re, unit] of UNIT_PATTERNS) if (re.test(s)) return unit;
  return undefined;
}

function yearsIn(s: string): number[] {
  return [...s.matchAll(/(?<!\d)((?:19|20)\d{2})(?!\d)/g)].map((m) => Number(m[1]));
}

function mergeLabels(extra: Partial<MrioLabelDictionary> | undefined): MrioLabelDictionary {
  if (!extra) return MRIO_LABELS;
  const cat = (a: readonly string[], b: readonly string[] | undefined) => [...a, ...(b ?? [])];
  const rec = (a: Record<string, readonly string[]>, b: Record<string, readonly string[]> | undefined) => {
    const out: Record<string, readonly string[]> = { ...a };
    for (const [k, v] of Object.entries(b ?? {})) out[k] = cat(out[k] ?? [], v);
    return out;
  };
  return {
    finalDemand: rec(MRIO_LABELS.finalDemand, extra.finalDemand),
    exports: cat(MRIO_LABELS.exports, extra.exports),
    others: cat(MRIO_LABELS.others, extra.others),
    totalOutput: cat(MRIO_LABELS.totalOutput, extra.totalOutput),
    skippedColumns: cat(MRIO_LABELS.skippedColumns, extra.skippedColumns),
    imports: cat(MRIO_LABELS.imports, extra.imports),
    valueAdded: rec(MRIO_LABELS.valueAdded, extra.valueAdded),
    totalInput: cat(MRIO_LABELS.totalInput, extra.totalInput),
    skippedRows: cat(MRIO_LABELS.skippedRows, extra.skippedRows),
  };
}

/**
 * Read one MRIO table from a CEADs-style workbook (streaming). The row balance
 * x_i = Σ_j z_ij + Σ_c y_ic + e_i + o_i (Mi et al. 2018, Table 5; METHODS.md §2.1) is
 * checked and reported in `rowBalance` (residuals above `balanceTolerance` also in `warnings`).
 * Bad input (wrong sheet, missing header, non-numeric cell in a block, duplicated province,
 * inconsistent sector blocks, a year the file does not hold, no unit) → InputError naming
 * file, sheet and A1 cell.
 */
export async function readCeadsMrio(file: string, options: CeadsMrioOptions = {}): Promise<CeadsMrioTable> {
  const regionsAll = options.regions ?? loadRegions();
  const labels = mergeLabels(options.labels);
  const maxHeaderRows = options.maxHeaderRows ?? 30;
  const blankZero = (options.blankCells ?? "zero") === "zero";
  const warnings: string[] = [];

  // Compact-label lookup tables.
  const provinceCache = new Map<string, Province | undefined>();
  const provinceOf = (v: CellValue | undefined): Province | undefined => {
    if (typeof v !== "string" || v.trim() === "") return undefined;
    if (!provinceCache.has(v)) provinceCache.set(v, findProvince(regionsAll, v));
    return provinceCache.get(v);
  };
  const lookup = (groups: Record<string, readonly string[]>) => {
    const m = new Map<string, string>();
    for (const [k, syn] of Object.entries(groups)) for (const s of syn) m.set(compactLabel(s), k);
    return m;
  };
  const columnLabels = lookup({
    exports: labels.exports,
    others: labels.others,
    x: labels.totalOutput,
    skip: labels.skippedColumns,
    ...Object.fromEntries(Object.entries(labels.finalDemand).map(([k, v]) => [`fd:${k}`, v])),
  });
  const rowLabels = lookup({
    imports: labels.imports,
    totalInput: labels.totalInput,
    skip: labels.skippedRows,
    ...Object.fromEntries(Object.entries(labels.valueAdded).map(([k, v]) => [`va:${k}`, v])),
  });
  const classifyColumn = (texts: string[]): string | undefined => {
    for (const t of texts) {
      const k = columnLabels.get(compactLabel(t));
      if (k) return k;
    }
    return undefined;
  };

  let chosen: string | undefined;
  const chooseSheet = (all: readonly string[]): string => {
    if (options.sheet !== undefined) {
      if (!all.includes(options.sheet)) throw new InputError(`no sheet "${options.sheet}" (sheets: ${all.join(", ")})`, { file });
      return options.sheet;
    }
    const candidates = all.filter((n) => !/^(note|notes|readme|info|说明|目录|contents?)$/i.test(n.trim()));
    if (options.year !== undefined) {
      const y = String(options.year);
      const withYear = candidates.filter((n) => n.includes(y));
      if (withYear.length === 1) return withYear[0];
      if (withYear.length > 1) {
        throw new InputError(`several sheets hold year ${y} (${withYear.join(", ")}): choose one with the sheet option (--sheet); e.g. Table_2017 vs Table_2017_consistent is an open question, METHODS.md §10.1`, { file });
      }
      const otherYears = candidates.filter((n) => yearsIn(n).length > 0);
      if (candidates.length === 1 && otherYears.length === 0) return candidates[0];
      throw new InputError(`year ${y} is not in this file: no sheet name holds it (sheets: ${all.join(", ")})`, { file });
    }
    if (candidates.length === 1) return candidates[0];
    throw new InputError(`the workbook has several sheets (${all.join(", ")}): choose one with the sheet option (--sheet)`, { file });
  };

  // ---- streaming state
  const head: Array<{ r: number; cells: readonly CellValue[] }> = [];
  let provinceRowAt = -1; // index into head
  let layout: Layout | undefined;
  let sheetName = "";
  let unit: string | undefined;
  let unitSource = "";
  let titleYears: number[] = [];
  let N = 0, M = 0, n = 0, K = 0;
  let Z: Float64Array | undefined, Y: Float64Array | undefined;
  let exportsV: Float64Array | undefined, othersV: Float64Array | undefined, xV: Float64Array | undefined;
  let rowSeenFlat: Uint8Array | undefined;
  let currentRowRegion: number | undefined;
  let currentRowRegionCell = "";
  const importRows: Array<{ label: string; inter: Float64Array; fin: Float64Array }> = [];
  const vaRows: Array<{ key: string; label: string; values: Float64Array }> = [];
  let totalInput: Float64Array | undefined;
  let firstDataRow = -1, lastDataRow = -1;
  const colTargets: Array<[number, ColumnKind]> = [];
  let hasExports = false, hasOthers = false, hasX = false;

  const num = (v: CellValue | undefined, r: number, c: number): number => {
    if (typeof v === "number") {
      if (Number.isFinite(v)) return v;
    } else if (isBlank(v)) {
      if (blankZero) return 0;
    } else if (typeof v === "string" && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)) {
      return Number(v);
    }
    throw new InputError(`expected a number inside the table, found ${describeCell(v ?? null)}`, { file, place: cellRef(sheetName, r, c) });
  };

  const isProvinceRow = (cells: readonly CellValue[]): boolean => {
    for (let c = 2; c < cells.length; c++) if (provinceOf(cells[c])) return true;
    return false;
  };

  /** Try to derive the layout from the province row and the header rows below it. */
  const tryLayout = (): Layout | undefined => {
    const P = head[provinceRowAt];
    const H = head.slice(provinceRowAt + 1);
    let zStart = -1;
    for (let c = 2; c < P.cells.length; c++) if (provinceOf(P.cells[c])) { zStart = c; break; }
    let nameRow: number | undefined, codeRow: number | undefined;
    for (let h = 0; h < H.length; h++) {
      const v = H[h].cells[zStart];
      if (codeRow === undefined && codeOf(v) !== undefined) codeRow = h;
      else if (nameRow === undefined && text(v) !== "") nameRow = h;
    }
    if (nameRow === undefined && codeRow === undefined) return undefined;
    let maxCol = P.cells.length - 1;
    for (const h of H) maxCol = Math.max(maxCol, h.cells.length - 1);
    const notes: string[] = [];
    const zRegionOrder: Province[] = [];
    const zRegionLabels: string[] = [];
    const sectorCodes: string[] = [];
    const sectorNames: string[] = [];
    const categories: string[] = [];
    const fdRegionOrder: Province[] = [];
    const columns = new Map<number, ColumnKind>();
    let cur: Province | undefined;
    let curCell = "";
    let inFd = false;
    let zPos = 0; // position within the current Z block
    let fdPos = 0;
    let lastZRegion: Province | undefined, lastFdRegion: Province | undefined;
    for (let c = zStart; c <= maxCol; c++) {
      const pv = P.cells[c];
      const prov = provinceOf(pv);
      if (prov) {
        cur = prov;
        curCell = cellRef(sheetName, P.r, c);
      } else if (!isBlank(pv)) cur = undefined;
      const texts = [prov ? "" : text(pv), ...H.map((h) => text(h.cells[c]))].filter((t) => t !== "");
      const name = nameRow !== undefined ? text(H[nameRow].cells[c]) : "";
      const code = codeRow !== undefined ? codeOf(H[codeRow].cells[c]) : undefined;
      const kind = classifyColumn(texts);
      const place = cellRef(sheetName, H[nameRow ?? codeRow!].r, c);
      if (kind === undefined) {
        if (texts.length === 0 && code === undefined) continue; // an empty spacer column
        if (cur === undefined) {
          notes.push(`column ${columnLetters(c)} ("${texts.join(" / ")}") not recognised: ignored`);
          continue;
        }
        if (inFd) throw new InputError(`column header "${texts.join(" / ")}" after the final-demand block is neither a sector nor a known final-demand category (add it to labels.finalDemand)`, { file, place });
        // A block starts where the province changes, or where the same province is named again
        // over a column that restarts the sector sequence (a duplicated block).
        const restarts = prov !== undefined && zPos > 0 && zRegionOrder.length > 0 && (codeRow !== undefined ? code === sectorCodes[0] : compactLabel(name) === compactLabel(sectorNames[0]));
        if (cur !== lastZRegion || restarts) {
          if (zRegionOrder.includes(cur)) throw new InputError(`duplicated province "${text(pv) || cur.nameEn}" in the province row (${cur.nameEn} already has a block)`, { file, place: curCell });
          if (zRegionOrder.length > 0 && zPos !== sectorCodes.length) {
            throw new InputError(`province block ${lastZRegion!.nameEn} has ${zPos} sector columns, the first block has ${sectorCodes.length}`, { file, place });
          }
          zRegionOrder.push(cur);
          zRegionLabels.push(text(pv) || cur.nameEn);
          lastZRegion = cur;
          zPos = 0;
        }
        if (zRegionOrder.length === 1) {
          sectorCodes.push(code ?? String(zPos + 1).padStart(2, "0"));
          sectorNames.push(name || code || "");
        } else {
          const expect = codeRow !== undefined ? sectorCodes[zPos] : compactLabel(sectorNames[zPos] ?? "");
          const got = codeRow !== undefined ? code : compactLabel(name);
          if (zPos >= sectorCodes.length || got !== expect) {
            throw new InputError(`sector column "${code ?? ""} ${name}" of ${cur.nameEn} does not match position ${zPos + 1} of the first block ("${sectorCodes[zPos] ?? "-"} ${sectorNames[zPos] ?? ""}")`, { file, place });
          }
        }
        columns.set(c, { kind: "Z", region: zRegionOrder.length - 1, sector: zPos });
        zPos++;
      } else if (kind.startsWith("fd:")) {
        inFd = true;
        const cat = kind.slice(3);
        if (cur === undefined) throw new InputError(`final-demand column "${texts.join(" / ")}" has no province above it`, { file, place });
        const fdRestarts = prov !== undefined && fdPos > 0 && categories.length > 0 && cat === categories[0];
        if (cur !== lastFdRegion || fdRestarts) {
          if (fdRegionOrder.includes(cur)) throw new InputError(`duplicated province "${text(pv) || cur.nameEn}" in the final-demand header`, { file, place: curCell });
          if (fdRegionOrder.length > 0 && fdPos !== categories.length) {
            throw new InputError(`final-demand block of ${lastFdRegion!.nameEn} has ${fdPos} columns, the first has ${categories.length}`, { file, place });
          }
          fdRegionOrder.push(cur);
          lastFdRegion = cur;
          fdPos = 0;
        }
        if (fdRegionOrder.length === 1) categories.push(cat);
        else if (categories[fdPos] !== cat) throw new InputError(`final-demand column "${texts.join(" / ")}" of ${cur.nameEn}: expected category ${categories[fdPos] ?? "(none)"} at position ${fdPos + 1}`, { file, place });
        const ri = zRegionOrder.indexOf(cur);
        if (ri < 0) throw new InputError(`final-demand block for ${cur.nameEn}, which has no intermediate block`, { file, place });
        columns.set(c, { kind: "Y", region: ri, category: fdPos });
        fdPos++;
      } else {
        if (kind === "skip") {
          columns.set(c, { kind: "skip" });
          notes.push(`column ${columnLetters(c)} ("${texts.join(" / ")}") is a recomputable total: skipped`);
          continue;
        }
        for (const [cc, k] of columns) if (k.kind === kind) throw new InputError(`a second "${texts.join(" / ")}" column (the first is ${columnLetters(cc)})`, { file, place });
        columns.set(c, { kind } as ColumnKind);
        cur = undefined; // a summary column ends any province block
      }
    }
    if (zRegionOrder.length === 0) return undefined;
    if (zPos !== sectorCodes.length) throw new InputError(`the last province block (${lastZRegion!.nameEn}) has ${zPos} sector columns, the first has ${sectorCodes.length}`, { file, place: `sheet ${sheetName}, row ${P.r}` });
    if (new Set(sectorCodes).size !== sectorCodes.length) throw new InputError(`duplicated sector codes in the first block`, { file, place: `sheet ${sheetName}, row ${H[codeRow ?? nameRow!].r}` });
    if (fdRegionOrder.length > 0 && fdPos !== categories.length) throw new InputError(`the last final-demand block has ${fdPos} columns, the first has ${categories.length}`, { file, place: `sheet ${sheetName}, row ${P.r}` });
    if (fdRegionOrder.length > 0 && fdRegionOrder.length !== zRegionOrder.length) {
      const missing = zRegionOrder.filter((p) => !fdRegionOrder.includes(p)).map((p) => p.nameEn);
      throw new InputError(`final demand covers ${fdRegionOrder.length} provinces, the intermediate block ${zRegionOrder.length} (missing: ${missing.join(", ")})`, { file, place: `sheet ${sheetName}, row ${P.r}` });
    }
    return {
      zStart, provinceRow: P.r, nameRow: nameRow === undefined ? undefined : H[nameRow].r, codeRow: codeRow === undefined ? undefined : H[codeRow].r,
      regions: zRegionOrder, regionLabels: zRegionLabels, sectorCodes, sectorNames, categories, columns, notes,
    };
  };

  /** Sector index of a body row from its label cells (code preferred, else name); undefined if none. */
  const sectorOfRow = (L: Layout, cells: readonly CellValue[]): number | undefined => {
    for (let c = 1; c < L.zStart; c++) {
      const code = codeOf(cells[c]);
      if (code !== undefined && L.codeRow !== undefined) {
        const i = L.sectorCodes.indexOf(code);
        if (i >= 0) return i;
      }
    }
    for (let c = 1; c < L.zStart; c++) {
      const t = compactLabel(text(cells[c]));
      if (t === "") continue;
      const i = L.sectorNames.findIndex((s) => compactLabel(s) === t);
      if (i >= 0) return i;
    }
    return undefined;
  };

  const finalize = (L: Layout) => {
    M = L.regions.length;
    n = L.sectorCodes.length;
    K = L.categories.length;
    N = M * n;
    Z = new Float64Array(N * N);
    Y = new Float64Array(N * M * K);
    rowSeenFlat = new Uint8Array(N);
    for (const [c, k] of L.columns) {
      colTargets.push([c, k]);
      if (k.kind === "exports") hasExports = true;
      if (k.kind === "others") hasOthers = true;
      if (k.kind === "x") hasX = true;
    }
    if (hasExports) exportsV = new Float64Array(N);
    if (hasOthers) othersV = new Float64Array(N);
    if (hasX) xV = new Float64Array(N);
    for (const note of L.notes) warnings.push(`${file}, sheet ${sheetName}: ${note}`);
  };

  const bodyRow = (r: number, cells: readonly CellValue[]) => {
    const L = layout!;
    // Province label (merged cells: the value is in the block's first row only → carry it down).
    for (let c = 1; c < L.zStart; c++) {
      const p = provinceOf(cells[c]);
      if (p) {
        const ri = L.regions.indexOf(p);
        if (ri < 0) throw new InputError(`row province "${text(cells[c])}" has no column block`, { file, place: cellRef(sheetName, r, c) });
        currentRowRegion = ri;
        currentRowRegionCell = cellRef(sheetName, r, c);
        break;
      }
    }
    const si = sectorOfRow(L, cells);
    if (si !== undefined) {
      if (currentRowRegion === undefined) throw new InputError(`sector row before any province label`, { file, place: cellRef(sheetName, r, 1) });
      const i = currentRowRegion * n + si;
      if (rowSeenFlat![i]) throw new InputError(`duplicated row for ${L.regions[currentRowRegion].nameEn} / ${L.sectorCodes[si]} (province label at ${currentRowRegionCell})`, { file, place: cellRef(sheetName, r, 1) });
      rowSeenFlat![i] = 1;
      if (firstDataRow < 0) firstDataRow = r;
      lastDataRow = r;
      const zBase = i * N, yBase = i * M * K;
      for (const [c, k] of colTargets) {
        switch (k.kind) {
          case "Z": Z![zBase + k.region * n + k.sector] = num(cells[c], r, c); break;
          case "Y": Y![yBase + k.region * K + k.category] = num(cells[c], r, c); break;
          case "exports": exportsV![i] = num(cells[c], r, c); break;
          case "others": othersV![i] = num(cells[c], r, c); break;
          case "x": xV![i] = num(cells[c], r, c); break;
          default: break;
        }
      }
      return;
    }
    // A trailing row: imports, value added, total input, or something else.
    let label = "";
    let labelCol = 1;
    for (let c = 1; c < L.zStart; c++) {
      const t = text(cells[c]);
      if (t !== "" && !provinceOf(cells[c])) { label = t; labelCol = c; break; }
    }
    const hasNumbers = colTargets.some(([c]) => typeof cells[c] === "number" && cells[c] !== 0);
    if (label === "") {
      if (hasNumbers) warnings.push(`${file}, sheet ${sheetName}: row ${r} has numbers but no label: ignored`);
      return;
    }
    const kind = rowLabels.get(compactLabel(label));
    if (kind === undefined || kind === "skip") {
      if (kind === undefined) warnings.push(`${file}, sheet ${sheetName}: row ${r} ("${label}") not recognised: ignored`);
      return;
    }
    const inter = new Float64Array(N);
    const fin = new Float64Array(M * K);
    for (const [c, k] of colTargets) {
      // Blank cells under the final-demand/summary columns are normal in these rows.
      if (k.kind === "Z") inter[k.region * n + k.sector] = num(cells[c], r, c);
      else if (k.kind === "Y") fin[k.region * K + k.category] = isBlank(cells[c]) ? 0 : num(cells[c], r, c);
    }
    if (kind === "imports") importRows.push({ label, inter, fin });
    else if (kind === "totalInput") {
      if (totalInput) throw new InputError(`a second total-input row "${label}"`, { file, place: cellRef(sheetName, r, labelCol) });
      totalInput = inter;
    } else {
      const key = kind.slice(3);
      if (vaRows.some((v) => v.key === key)) throw new InputError(`a second value-added row "${label}" (${key})`, { file, place: cellRef(sheetName, r, labelCol) });
      vaRows.push({ key, label, values: inter });
    }
  };

  const visitor = {
    row(r: number, cells: readonly CellValue[]) {
      if (layout) return bodyRow(r, cells);
      if (head.length >= maxHeaderRows) {
        throw new InputError(
          provinceRowAt < 0
            ? `no province header row (a row naming provinces above the intermediate block) in the first ${maxHeaderRows} rows`
            : `no data row (a row labelled with a sector of the header) in the first ${maxHeaderRows} rows after the title`,
          { file, place: `sheet ${sheetName}` },
        );
      }
      // Unit and year from the title area (every text cell above the data).
      for (const v of cells) {
        if (typeof v !== "string") continue;
        if (unit === undefined) {
          const u = unitFromText(v);
          if (u) { unit = u; unitSource = v.trim(); }
        }
        if (provinceRowAt < 0) titleYears.push(...yearsIn(v));
      }
      if (provinceRowAt < 0) {
        head.push({ r, cells });
        if (isProvinceRow(cells)) provinceRowAt = head.length - 1;
        return;
      }
      if (head.length > provinceRowAt + 1) {
        const L = tryLayout();
        if (L && sectorOfRow(L, cells) !== undefined) {
          layout = L;
          finalize(L);
          return bodyRow(r, cells);
        }
      }
      head.push({ r, cells });
    },
  };

  const { sheetNames } = await streamWorkbook(file, (name, _pos, all) => {
    if (chosen === undefined) chosen = chooseSheet(all);
    if (name !== chosen) return undefined;
    sheetName = name;
    return visitor;
  });
  if (chosen === undefined || !sheetNames.includes(chosen)) throw new InputError(`no sheet "${chosen ?? options.sheet ?? ""}" (sheets: ${sheetNames.join(", ")})`, { file });
  if (!layout) {
    throw new InputError(
      provinceRowAt < 0 ? "no province header row found (is this an MRIO table sheet?)" : "no data rows found below the header rows (missing sector-name or sector-code row?)",
      { file, place: `sheet ${sheetName}` },
    );
  }
  const L: Layout = layout;
  for (let i = 0; i < N; i++) {
    if (!rowSeenFlat![i]) {
      throw new InputError(`no row for ${L.regions[Math.floor(i / n)].nameEn} / ${L.sectorCodes[i % n]} ${L.sectorNames[i % n]} in the intermediate block (rows ${firstDataRow}–${lastDataRow})`, { file, place: `sheet ${sheetName}` });
    }
  }
  // Year: from options (verified), else from the sheet name, title rows, file name.
  const sheetYears = yearsIn(sheetName);
  const fileYears = yearsIn(file.split(/[\\/]/).pop() ?? "");
  let year: number | undefined;
  if (options.year !== undefined) {
    const found = sheetYears.length ? sheetYears : titleYears.length ? titleYears : fileYears;
    if (!found.includes(options.year)) {
      throw new InputError(`year ${options.year} is not in this file (sheet name, title rows and file name give ${found.length ? found.join(", ") : "no year"})`, { file, place: `sheet ${sheetName}, cell A1` });
    }
    year = options.year;
  } else year = sheetYears[0] ?? titleYears[0] ?? fileYears[0];
  if (unit === undefined) {
    if (options.unit === undefined) throw new InputError("no monetary unit (e.g. 万元 / 10,000 yuan) in the title rows; pass the unit option (--unit) to state it", { file, place: `sheet ${sheetName}, rows 1–${L.provinceRow}` });
    unit = options.unit;
    unitSource = "option";
  } else if (options.unit !== undefined && options.unit !== unit) {
    warnings.push(`${file}: unit option "${options.unit}" overrides the title's "${unitSource}" (${unit})`);
    unit = options.unit;
  }
  if (importRows.length === 0) warnings.push(`${file}, sheet ${sheetName}: no imports row found`);
  if (vaRows.length === 0) warnings.push(`${file}, sheet ${sheetName}: no value-added rows found`);
  if (!hasExports) warnings.push(`${file}, sheet ${sheetName}: no exports column found`);
  if (!hasX) warnings.push(`${file}, sheet ${sheetName}: no total-output column found (x must be derived)`);

  // Row balance x = Z·1 + Y·1 + e + o.
  let rowBalance: CeadsMrioTable["rowBalance"];
  if (xV) {
    let maxAbs = 0, maxRel = 0, worst = "";
    const YK = M * K;
    for (let i = 0; i < N; i++) {
      let s = 0;
      for (let j = 0; j < N; j++) s += Z![i * N + j];
      for (let j = 0; j < YK; j++) s += Y![i * YK + j];
      if (exportsV) s += exportsV[i];
      if (othersV) s += othersV[i];
      const d = Math.abs(xV[i] - s);
      const rel = d / Math.max(Math.abs(xV[i]), 1e-300);
      if (d > maxAbs) { maxAbs = d; }
      if (rel > maxRel && d > 0) { maxRel = rel; worst = `${L.regions[Math.floor(i / n)].nameEn} / ${L.sectorCodes[i % n]}`; }
    }
    rowBalance = { maxAbsResidual: maxAbs, maxRelResidual: maxRel, worstRow: worst };
    if (maxRel > (options.balanceTolerance ?? 1e-4)) {
      warnings.push(`${file}, sheet ${sheetName}: row balance x = Z·1 + Y·1 + exports + others is off by up to ${(maxRel * 100).toPrecision(3)} % (row ${worst})`);
    }
  }

  const regions = L.regions.map((p) => p.nameEn);
  const sectors = L.sectorNames.map((s, i) => s || L.sectorCodes[i]);
  const mat = (rows: number, cols: number, data: Float64Array): DenseMatrix => ({ rows, cols, data });
  const rsKeys = regions.flatMap((r) => sectors.map((s) => [r, s] as const));
  const rcKeys = regions.flatMap((r) => L.categories.map((c) => [r, c] as const));
  const stack = (rows: Float64Array[]) => {
    const out = new Float64Array(rows.length * (rows[0]?.length ?? 0));
    rows.forEach((r, k) => out.set(r, k * r.length));
    return out;
  };
  const layoutInfo: Record<string, string> = {
    sheet: sheetName,
    provinceRow: String(L.provinceRow),
    sectorNameRow: L.nameRow === undefined ? "none" : String(L.nameRow),
    sectorCodeRow: L.codeRow === undefined ? "none" : String(L.codeRow),
    intermediateBlock: `${columnLetters(L.zStart)}${firstDataRow}:${columnLetters(Math.max(...colTargets.filter(([, k]) => k.kind === "Z").map(([c]) => c)))}${lastDataRow}`,
  };
  for (const [c, k] of colTargets) if (k.kind === "exports" || k.kind === "others" || k.kind === "x") layoutInfo[`${k.kind}Column`] = columnLetters(c);
  return {
    file,
    sheet: sheetName,
    year,
    regions,
    regionLabels: L.regionLabels,
    sectors,
    sectorCodes: L.sectorCodes,
    categories: L.categories,
    Z: mat(N, N, Z!),
    Y: mat(N, M * K, Y!),
    x: xV,
    exports: exportsV,
    others: othersV,
    imports: importRows.length
      ? { index: { names: ["row"], keys: importRows.map((r) => [r.label]) }, columns: { names: ["region", "sector"], keys: rsKeys }, values: mat(importRows.length, N, stack(importRows.map((r) => r.inter))) }
      : undefined,
    importsFinalDemand: importRows.length
      ? { index: { names: ["row"], keys: importRows.map((r) => [r.label]) }, columns: { names: ["region", "category"], keys: rcKeys }, values: mat(importRows.length, M * K, stack(importRows.map((r) => r.fin))) }
      : undefined,
    valueAdded: vaRows.length
      ? { index: { names: ["component"], keys: vaRows.map((v) => [v.key]) }, columns: { names: ["region", "sector"], keys: rsKeys }, values: mat(vaRows.length, N, stack(vaRows.map((v) => v.values))) }
      : undefined,
    totalInput,
    unit,
    unitSource,
    rowBalance,
    layout: layoutInfo,
    warnings,
  };
}

/**
 * Total output by province and sector code, x_i^r, in the shape `inventoryToIoSectors` takes as
 * `outputShares` (one-to-many inventory rows are then split by w_kj = x_j / Σ_{j'∈J(k)} x_j',
 * METHODS.md §4.2). Uses the table's total-output column; without one, x = Z·1 + Y·1 (+ exports
 * + others), the row balance of Mi et al. 2018 Table 5. The table's sector codes must be in the
 * scheme passed to inventoryToIoSectors (e.g. a 2017 table → "42-2017").
 */
export function outputSharesFromMrio(t: CeadsMrioTable): Record<string, Record<string, number>> {
  const n = t.sectorCodes.length;
  const N = t.regions.length * n;
  let x = t.x;
  if (!x) {
    x = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      let s = (t.exports?.[i] ?? 0) + (t.others?.[i] ?? 0);
      for (let j = 0; j < t.Z.cols; j++) s += t.Z.data[i * t.Z.cols + j];
      for (let j = 0; j < t.Y.cols; j++) s += t.Y.data[i * t.Y.cols + j];
      x[i] = s;
    }
  }
  const out: Record<string, Record<string, number>> = {};
  t.regions.forEach((r, k) => {
    out[r] = {};
    t.sectorCodes.forEach((c, i) => (out[r][c] = x![k * n + i]));
  });
  return out;
}
