/**
 * Harmonize CEADs / IGSNRR MRIO tables of different years onto one sector scheme and one
 * region set (METHODS.md §3.1, §3.3, §3.4, §4.2, §10.2). Usage:
 *
 *   const t17 = harmonizeMrio(table2017, { sectorScheme: "30" });            // 31×42 (2017 numbering) → 30×30
 *   const t12 = harmonizeMrio(table2012, { sectorScheme: "42-2017", splitReference: table2017, regions: "keep" });
 *   const { scheme, tables, report } = harmonizeYears(new Map([[2007, t07], [2012, t12], [2017, t17]]));
 *
 * Steps, in this order:
 * 1. Identify every sector of the table in its scheme ("30", "42-2012", "42-2017") by NAME
 *    (Chinese or English, from data/concordances/sectors_*.csv, compared after compactLabel),
 *    else by CODE (a CeadsMrioTable's `sectorCodes`, or a label that is a bare code) — never by
 *    position: the 2012 and 2017 42-sector numberings differ from sector 22 on.
 * 2. Drop Tibet (default, `regions: "drop-tibet"`: the 2007/2010 tables and the CEADs
 *    inventories have no Tibet). What happens to Tibet's flows is set by two named parameters
 *    (`droppedPurchases`, `droppedSales`) and every dropped amount is reported.
 * 3. Split one-to-many sectors (42-2012 #36 → 42-2017 #35 + #36; 42-2017 #22 → 42-2012 #22 + #23)
 *    by output share: z'_{(r,i_t),(s,j_u)} = w^r_{i,t} · w^s_{j,u} · z_{(r,i),(s,j)}, the usual
 *    fixed-share split of both row and column (Miller & Blair 2009, §4.3 / ch. 4), shares
 *    w^r_{i,t} = x^r_t / Σ_{t'} x^r_{t'} from `splitReference` (a table on the target scheme),
 *    else equal shares (stated in the report).
 * 4. Aggregate by the many-to-one concordance with the MRIO engine's aggregateByConcordance
 *    (Z* = C Z Cᵀ, Y* = C Y, x* = C x, F* = F Cᵀ: flows are summed, never coefficients averaged),
 *    which also puts the regions into data/regions.csv order.
 */
import { InputError } from "../util/errors";
import type { DenseMatrix, LabelledMatrix, MrioTable } from "../mrio/types";
import { aggregateByConcordance, concordanceFromMapping, Concordance as EngineConcordance } from "../mrio/aggregate";
import { outputOf } from "../mrio/core";
import { compactLabel, readConcordance, readSectorList, resolveConcordance, SectorEntry } from "./concordance";
import { findProvince, loadRegions, Province } from "./regions";

/** Sector schemes of the CEADs MRIO tables: 30 (2007/2010 Liu; 2012 Mi), 42 with the NBS 2012 numbering (2012/2015), 42 with the 2017 numbering. */
export type SectorScheme = "30" | "42-2012" | "42-2017";
export const SECTOR_SCHEMES: readonly SectorScheme[] = ["30", "42-2012", "42-2017"];

/** Sector-list file (data/concordances/) of each scheme. */
const SCHEME_LIST: Record<SectorScheme, string> = { "30": "sectors_io30", "42-2012": "sectors_io42_2012", "42-2017": "sectors_io42_2017" };

/** Region handling: drop Tibet (default; 2007/2010 tables and the inventories have none) or keep every region of the table. */
export type RegionHandling = "drop-tibet" | "keep";
/** Where the remaining regions' sales to a dropped region (its columns of Z and Y) go: added to the seller's exports (default) or to its "others" column. */
export type DroppedPurchases = "exports" | "others";
/** Where the dropped region's sales to the remaining regions (its rows of Z) go: a primary-input row "imports_from_dropped_regions" in value added (default), or discarded. */
export type DroppedSales = "primary-input" | "discard";
/** Sector labels of the harmonized table. */
export type SectorLabelStyle = "name_en" | "name_zh" | "code";

export interface HarmonizeOptions {
  /** Target scheme. */
  readonly sectorScheme: SectorScheme;
  /** Scheme of the input; default: the table's `scheme` field (a harmonized table), else detected from the sector names/codes. */
  readonly fromScheme?: SectorScheme;
  /** Default "drop-tibet". */
  readonly regions?: RegionHandling;
  /** A concordance CSV (data/concordances layout: from_code…note) from `fromScheme` codes to `sectorScheme` codes, replacing the built-in one. */
  readonly concordanceFile?: string;
  /** Option values for the concordance's `key=value` links (defaults: DEFAULT_CONCORDANCE_OPTIONS). */
  readonly concordanceOptions?: Readonly<Record<string, string>>;
  /** A table on the target scheme whose total output per region gives the one-to-many split shares; absent → equal split. */
  readonly splitReference?: MrioTable;
  /** Default "exports" (keeps the engine's row balance x = Z·1 + Y·1 + e). */
  readonly droppedPurchases?: DroppedPurchases;
  /** Default "primary-input" (keeps the column balance x = 1ᵀZ + value added when the table has value added). */
  readonly droppedSales?: DroppedSales;
  /** Default "name_en". Codes are always in `sectorCodes`. */
  readonly sectorLabels?: SectorLabelStyle;
  /** Province table (default data/regions.csv). */
  readonly provinces?: readonly Province[];
  /** Name of the table's file, for error messages. */
  readonly file?: string;
}

export interface Totals {
  readonly Z: number;
  readonly Y: number;
  readonly x: number;
  readonly exports: number;
  readonly others: number;
  /** Σ F per stressor row (label "a/b" of the row key). */
  readonly F: Record<string, number>;
  readonly F_Y: Record<string, number>;
}

/** What dropping a region removed or moved (monetary amounts in the table's unit). */
export interface DroppedRegionReport {
  readonly region: string;
  /** Σ x of the region (its output leaves the table). */
  readonly output: number;
  /** Σ Z within the region (dropped). */
  readonly zWithin: number;
  /** Σ Z of the region's sales to the remaining regions (to value added or discarded, see `salesTo`). */
  readonly zSales: number;
  readonly salesTo: DroppedSales | "discarded (table has no value added)";
  /** Σ Z + Σ Y of the remaining regions' sales to the region (moved to `purchasesTo`). */
  readonly zPurchases: number;
  readonly yPurchases: number;
  readonly purchasesTo: DroppedPurchases;
  /** Σ Y of the region's own products (its rows of Y, all destinations; dropped). */
  readonly yRows: number;
  /** Σ Y of the region's own purchases of its own products (informational: already part of yRows). */
  readonly yWithin: number;
  readonly exports: number;
  /** Dropped stressors by row: the region's F columns and F_Y columns. */
  readonly F: Record<string, number>;
  readonly F_Y: Record<string, number>;
}

export interface SectorSplit {
  readonly fromCode: string;
  readonly fromLabel: string;
  readonly toCodes: readonly string[];
  readonly method: "reference-output" | "reference-output (all regions)" | "equal";
  /** Shares per region (same order as toCodes). */
  readonly sharesByRegion: Readonly<Record<string, readonly number[]>>;
}

export interface HarmonizeReport {
  readonly fromScheme: SectorScheme;
  readonly toScheme: SectorScheme;
  /** How fromScheme was decided. */
  readonly schemeFrom: "option" | "table" | "names" | "codes";
  readonly concordance: string;
  /** Source sector → target code(s), in source order. */
  readonly sectorMap: ReadonlyArray<{ readonly label: string; readonly code: string; readonly to: readonly string[] }>;
  /** Target sectors that received more than one source sector. */
  readonly merged: ReadonlyArray<{ readonly toCode: string; readonly toLabel: string; readonly from: readonly string[] }>;
  readonly splits: readonly SectorSplit[];
  readonly regions: readonly string[];
  readonly dropped: readonly DroppedRegionReport[];
  readonly totalsBefore: Totals;
  readonly totalsAfter: Totals;
  readonly notes: readonly string[];
}

/** A table on a harmonized scheme; the CEADs extras are carried along when present. */
export interface HarmonizedTable extends MrioTable {
  readonly scheme: SectorScheme;
  readonly sectorCodes: readonly string[];
  readonly others?: Float64Array;
  readonly imports?: LabelledMatrix;
  readonly importsFinalDemand?: LabelledMatrix;
  readonly harmonization: HarmonizeReport;
}

/** The optional fields a CeadsMrioTable (or a HarmonizedTable) adds to MrioTable. */
interface Extras {
  sectorCodes?: readonly string[];
  scheme?: SectorScheme;
  others?: Float64Array;
  imports?: LabelledMatrix;
  importsFinalDemand?: LabelledMatrix;
}
type Table = MrioTable & Extras;

const TIBET = "Tibet";

// ---------------------------------------------------------------- sector identification

const listCache = new Map<SectorScheme, SectorEntry[]>();
function schemeList(s: SectorScheme): SectorEntry[] {
  let l = listCache.get(s);
  if (!l) listCache.set(s, (l = readSectorList(SCHEME_LIST[s])));
  return l;
}

/**
 * Label variants seen in CEADs headers that differ from the sector lists (compared after
 * compactLabel): the 2017 workbook's short names for #35/#36 (METHODS.md §3.3).
 */
const ALIASES: Record<SectorScheme, Record<string, string>> = {
  "30": {},
  "42-2012": {},
  "42-2017": { 科学研究: "35", 技术服务: "36", 其他制造产品: "22" },
};

function nameIndex(s: SectorScheme): Map<string, string> {
  const idx = new Map<string, string>();
  for (const e of schemeList(s)) {
    for (const name of [e.nameZh, e.nameEn, `${e.code} ${e.nameZh}`, `${e.code} ${e.nameEn}`]) if (name.trim() !== "") idx.set(compactLabel(name), e.code);
  }
  for (const [a, c] of Object.entries(ALIASES[s])) if (!idx.has(compactLabel(a))) idx.set(compactLabel(a), c);
  return idx;
}

function bareCode(label: string): string | undefined {
  return /^\s*\d{1,2}\s*$/.test(label) ? String(Number(label)).padStart(2, "0") : undefined;
}

/**
 * Detect the sector scheme of a table from its labels: the scheme that knows every sector
 * name; bare codes decide only for 30 sectors (42 codes are ambiguous between numberings).
 * Labels common to both 42-sector numberings (sectors 1–21 and 37–42, or the shifted names)
 * map to the same targets under either, so a tie between them resolves to "42-2017".
 */
export function detectSectorScheme(table: MrioTable, file?: string): { scheme: SectorScheme; by: "table" | "names" | "codes" } {
  const t = table as Table;
  if (t.scheme && SECTOR_SCHEMES.includes(t.scheme)) return { scheme: t.scheme, by: "table" };
  const n = t.sectors.length;
  const full: SectorScheme[] = [];
  let best: SectorScheme = "42-2017", bestCount = -1, bestMissing = "";
  for (const s of SECTOR_SCHEMES) {
    const idx = nameIndex(s);
    const missing = t.sectors.filter((l) => !idx.has(compactLabel(l)));
    if (missing.length === 0) full.push(s);
    if (n - missing.length > bestCount) [best, bestCount, bestMissing] = [s, n - missing.length, missing[0] ?? ""];
  }
  if (full.length === 1) return { scheme: full[0], by: "names" };
  if (full.length > 1) {
    const exact = full.filter((s) => schemeList(s).length === n);
    if (exact.length === 1) return { scheme: exact[0], by: "names" };
    if (full.includes("42-2012") && full.includes("42-2017") && !full.includes("30")) return { scheme: "42-2017", by: "names" };
    throw new InputError(`cannot tell the sector scheme from the sector names (they fit ${full.join(", ")}); pass fromScheme`, { file, place: "sector labels" });
  }
  const codes = t.sectorCodes ?? (t.sectors.every((l) => bareCode(l) !== undefined) ? t.sectors.map((l) => bareCode(l)!) : undefined);
  if (codes && n === 30) return { scheme: "30", by: "codes" };
  if (codes && n === 42) {
    throw new InputError("42 sectors identified only by code: the 2012 and 2017 numberings differ from sector 22 on (METHODS.md §3.3); pass fromScheme", { file, place: "sector labels" });
  }
  throw new InputError(`sector "${bestMissing}" is not in any known sector list (closest scheme: ${best}, data/concordances/${SCHEME_LIST[best]}.csv); pass fromScheme or fix the label`, {
    file,
    place: "sector labels",
  });
}

/** The code of each sector in `scheme`: by name first, else by code; a name and a code that disagree are an error. */
function sectorCodesIn(t: Table, scheme: SectorScheme, file?: string): string[] {
  const idx = nameIndex(scheme);
  const known = new Set(schemeList(scheme).map((e) => e.code));
  const seen = new Map<string, string>();
  return t.sectors.map((label, i) => {
    const byName = idx.get(compactLabel(label));
    const rawCode = t.sectorCodes?.[i] ?? bareCode(label);
    const byCode = rawCode !== undefined && known.has(rawCode) ? rawCode : undefined;
    if (byName && byCode && byName !== byCode) {
      throw new InputError(`sector "${label}" is ${byName} by name but has code ${byCode} in the ${scheme} numbering — wrong fromScheme?`, { file, place: `sector ${i + 1}` });
    }
    const code = byName ?? byCode;
    if (!code) throw new InputError(`sector "${label}" is not in the ${scheme} sector list (data/concordances/${SCHEME_LIST[scheme]}.csv)`, { file, place: `sector ${i + 1}` });
    const prev = seen.get(code);
    if (prev !== undefined) throw new InputError(`sectors "${prev}" and "${label}" are both ${scheme} sector ${code}`, { file, place: `sector ${i + 1}` });
    seen.set(code, label);
    return code;
  });
}

// ---------------------------------------------------------------- concordances between schemes

function invert(m: Map<string, string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [from, tos] of m) for (const to of tos) (out.get(to) ?? out.set(to, []).get(to)!).push(from);
  return out;
}

/**
 * The active links from → to codes. Built-in: io42_2012_to_io30, io42_2012_to_io42_2017, the
 * inverse of the latter (42-2017 → 42-2012) and its composition with the former (42-2017 → 30).
 */
function schemeLinks(from: SectorScheme, to: SectorScheme, opts: HarmonizeOptions): { links: Map<string, string[]>; name: string } {
  const co = opts.concordanceOptions ?? {};
  if (opts.concordanceFile) {
    const c = readConcordance(opts.concordanceFile);
    return { links: resolveConcordance(c, co), name: c.file };
  }
  if (from === to) return { links: new Map(schemeList(from).map((e) => [e.code, [e.code]])), name: "identity" };
  if (from === "30") throw new InputError(`a 30-sector table cannot be disaggregated to ${to} sectors; harmonize every year to "30"`, { file: opts.file });
  const r12to17 = resolveConcordance(readConcordance("io42_2012_to_io42_2017"), co);
  if (from === "42-2012" && to === "42-2017") return { links: r12to17, name: "io42_2012_to_io42_2017.csv" };
  if (from === "42-2017" && to === "42-2012") return { links: invert(r12to17), name: "io42_2012_to_io42_2017.csv (inverted)" };
  const r12to30 = resolveConcordance(readConcordance("io42_2012_to_io30"), co);
  if (from === "42-2012") return { links: r12to30, name: "io42_2012_to_io30.csv" };
  // 42-2017 → 30: via the 2012 codes each 2017 code came from.
  const links = new Map<string, string[]>();
  for (const [c17, c12s] of invert(r12to17)) {
    const t = new Set<string>();
    for (const c12 of c12s) for (const c30 of r12to30.get(c12) ?? []) t.add(c30);
    links.set(c17, [...t].sort());
  }
  return { links, name: "io42_2012_to_io42_2017.csv (inverted) ∘ io42_2012_to_io30.csv" };
}

// ---------------------------------------------------------------- totals and small helpers

function sumArr(a: ArrayLike<number> | undefined): number {
  let s = 0;
  if (a) for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

function rowTotals(L: LabelledMatrix | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (!L) return out;
  const c = L.values.cols;
  for (let r = 0; r < L.values.rows; r++) out[L.index.keys[r].join("/")] = sumArr(L.values.data.subarray(r * c, (r + 1) * c));
  return out;
}

/** Σ Z, Σ Y, Σ x (given or Z·1 + Y·1 + e), Σ exports, Σ others, Σ F and Σ F_Y per stressor. */
export function tableTotals(table: MrioTable): Totals {
  const t = table as Table;
  return { Z: sumArr(t.Z.data), Y: sumArr(t.Y.data), x: sumArr(outputOf(t)), exports: sumArr(t.exports), others: sumArr(t.others), F: rowTotals(t.F), F_Y: rowTotals(t.F_Y) };
}

const dense = (rows: number, cols: number, data: Float64Array): DenseMatrix => ({ rows, cols, data });

/** Keep the listed columns of a labelled matrix (and their keys). */
function keepColumns(L: LabelledMatrix | undefined, cols: readonly number[], keys?: string[][]): LabelledMatrix | undefined {
  if (!L) return undefined;
  const R = L.values.rows, C = L.values.cols, nc = cols.length;
  const out = new Float64Array(R * nc);
  for (let r = 0; r < R; r++) for (let k = 0; k < nc; k++) out[r * nc + k] = L.values.data[r * C + cols[k]];
  return { index: L.index, columns: { names: L.columns.names, keys: keys ?? cols.map((c) => [...L.columns.keys[c]]) }, values: dense(R, nc, out) };
}

// ---------------------------------------------------------------- step 2: drop a region

function dropRegion(t: Table, ri: number, opts: HarmonizeOptions): { table: Table; report: DroppedRegionReport } {
  const m = t.regions.length, n = t.sectors.length, k = t.categories.length;
  const mn = m * n, mk = m * k;
  const region = t.regions[ri];
  const keepR = t.regions.map((_, r) => r).filter((r) => r !== ri);
  const keepP = keepR.flatMap((r) => Array.from({ length: n }, (_, i) => r * n + i));
  const keepC = keepR.flatMap((r) => Array.from({ length: k }, (_, c) => r * k + c));
  const inR = (p: number) => Math.floor(p / n) === ri;
  const inC = (c: number) => Math.floor(c / k) === ri;
  const purchasesTo = opts.droppedPurchases ?? "exports";
  const salesMode = opts.droppedSales ?? "primary-input";
  const M = keepP.length;

  let zWithin = 0, zSales = 0, zPurchases = 0, yPurchases = 0, yRows = 0, yWithin = 0;
  const Z = new Float64Array(M * M);
  const moved = new Float64Array(M);
  const salesCol = new Float64Array(M);
  keepP.forEach((p, a) => {
    const row = p * mn;
    keepP.forEach((q, b) => (Z[a * M + b] = t.Z.data[row + q]));
    for (let q = ri * n; q < (ri + 1) * n; q++) moved[a] += t.Z.data[row + q];
  });
  for (let p = ri * n; p < (ri + 1) * n; p++) {
    keepP.forEach((q, b) => (salesCol[b] += t.Z.data[p * mn + q]));
    for (let q = ri * n; q < (ri + 1) * n; q++) zWithin += t.Z.data[p * mn + q];
    for (let c = 0; c < mk; c++) {
      yRows += t.Y.data[p * mk + c];
      if (inC(c)) yWithin += t.Y.data[p * mk + c];
    }
  }
  zPurchases = sumArr(moved);
  zSales = sumArr(salesCol);
  const KC = keepC.length;
  const Y = new Float64Array(M * KC);
  keepP.forEach((p, a) => {
    keepC.forEach((c, b) => (Y[a * KC + b] = t.Y.data[p * mk + c]));
    let s = 0;
    for (let c = ri * k; c < (ri + 1) * k; c++) s += t.Y.data[p * mk + c];
    yPurchases += s;
    moved[a] += s;
  });

  const pick = (v: Float64Array | undefined) => v && Float64Array.from(keepP, (p) => v[p]);
  const x = pick(t.x);
  let exports = pick(t.exports);
  let others = pick(t.others);
  if (purchasesTo === "exports") {
    exports = exports ?? new Float64Array(M);
    moved.forEach((v, a) => (exports![a] += v));
  } else {
    others = others ?? new Float64Array(M);
    moved.forEach((v, a) => (others![a] += v));
  }
  const dropExports = t.exports ? sumArr(Float64Array.from({ length: n }, (_, i) => t.exports![ri * n + i])) : 0;

  const droppedF = (L: LabelledMatrix | undefined, isIn: (c: number) => boolean) => {
    const out: Record<string, number> = {};
    if (!L) return out;
    for (let r = 0; r < L.values.rows; r++) {
      let s = 0;
      for (let c = 0; c < L.values.cols; c++) if (isIn(c)) s += L.values.data[r * L.values.cols + c];
      out[L.index.keys[r].join("/")] = s;
    }
    return out;
  };

  let valueAdded = keepColumns(t.valueAdded, keepP);
  let salesTo: DroppedRegionReport["salesTo"] = salesMode;
  if (salesMode === "primary-input") {
    if (valueAdded) {
      // Inputs bought from a region outside the table are primary inputs of the buyer, like non-competitive imports.
      const R = valueAdded.values.rows;
      const data = new Float64Array((R + 1) * M);
      data.set(valueAdded.values.data);
      data.set(salesCol, R * M);
      const label = [`imports_from_${region.toLowerCase().replace(/\s+/g, "_")}`, ...Array(Math.max(0, valueAdded.index.names.length - 1)).fill("")];
      valueAdded = { index: { names: valueAdded.index.names, keys: [...valueAdded.index.keys, label] }, columns: valueAdded.columns, values: dense(R + 1, M, data) };
    } else salesTo = "discarded (table has no value added)";
  }

  const x0 = outputOf(t);
  const report: DroppedRegionReport = {
    region,
    output: sumArr(x0.subarray(ri * n, (ri + 1) * n)),
    zWithin, zSales, salesTo, zPurchases, yPurchases, purchasesTo, yRows, yWithin,
    exports: dropExports,
    F: droppedF(t.F, inR),
    F_Y: droppedF(t.F_Y, inC),
  };
  const table: Table = {
    regions: keepR.map((r) => t.regions[r]),
    sectors: t.sectors,
    sectorCodes: t.sectorCodes,
    categories: t.categories,
    Z: dense(M, M, Z),
    Y: dense(M, KC, Y),
    x,
    exports,
    others,
    F: keepColumns(t.F, keepP),
    F_Y: keepColumns(t.F_Y, keepC),
    valueAdded,
    imports: keepColumns(t.imports, keepP),
    importsFinalDemand: keepColumns(t.importsFinalDemand, keepC),
    unit: t.unit,
  };
  return { table, report };
}

// ---------------------------------------------------------------- step 3: split one-to-many sectors

interface Part {
  /** Source sector index. */
  readonly src: number;
  /** Target code. */
  readonly to: string;
  /** Share per region. */
  readonly w: Float64Array;
}

/** Expand sectors into parts (position (r, part e) ← w_e^r × position (r, src_e)); rows and columns split alike. */
function expandSectors(t: Table, parts: readonly Part[], names: string[]): Table {
  const m = t.regions.length, n = t.sectors.length, k = t.categories.length;
  const P = parts.length, MP = m * P, mn = m * n, mk = m * k;
  const src = new Int32Array(MP), w = new Float64Array(MP);
  for (let r = 0; r < m; r++) parts.forEach((e, j) => ((src[r * P + j] = r * n + e.src), (w[r * P + j] = e.w[r])));
  const Z = new Float64Array(MP * MP);
  for (let a = 0; a < MP; a++) {
    const row = src[a] * mn, wa = w[a];
    if (wa === 0) continue;
    for (let b = 0; b < MP; b++) Z[a * MP + b] = t.Z.data[row + src[b]] * wa * w[b];
  }
  const Y = new Float64Array(MP * mk);
  for (let a = 0; a < MP; a++) for (let c = 0; c < mk; c++) Y[a * mk + c] = t.Y.data[src[a] * mk + c] * w[a];
  const vec = (v: Float64Array | undefined) => v && Float64Array.from({ length: MP }, (_, a) => v[src[a]] * w[a]);
  const cols = (L: LabelledMatrix | undefined): LabelledMatrix | undefined => {
    if (!L) return undefined;
    const R = L.values.rows;
    const out = new Float64Array(R * MP);
    for (let r = 0; r < R; r++) for (let a = 0; a < MP; a++) out[r * MP + a] = L.values.data[r * mn + src[a]] * w[a];
    const keys = t.regions.flatMap((rg) => names.map((s) => [rg, s]));
    return { index: L.index, columns: { names: L.columns.names, keys }, values: dense(R, MP, out) };
  };
  return {
    ...t,
    sectors: names,
    sectorCodes: undefined,
    Z: dense(MP, MP, Z),
    Y: dense(MP, mk, Y),
    x: vec(t.x),
    exports: vec(t.exports),
    others: vec(t.others),
    F: cols(t.F),
    valueAdded: cols(t.valueAdded),
    imports: cols(t.imports),
  };
}

/** Sum a vector / the columns of a labelled matrix by a position map (for the CEADs extras the engine does not carry). */
function aggregateExtras(t: Table, rc: EngineConcordance, sc: EngineConcordance, out: MrioTable): Pick<Extras, "others" | "imports" | "importsFinalDemand"> {
  const n = t.sectors.length, k = t.categories.length, N = sc.groups.length;
  const pos = (p: number) => rc.assign[Math.floor(p / n)] * N + sc.assign[p % n];
  const size = rc.groups.length * N;
  const others = t.others && (() => {
    const o = new Float64Array(size);
    t.others!.forEach((v, p) => (o[pos(p)] += v));
    return o;
  })();
  const cols = (L: LabelledMatrix | undefined, map: (c: number) => number, width: number, keys: ReadonlyArray<readonly string[]>): LabelledMatrix | undefined => {
    if (!L) return undefined;
    const R = L.values.rows, C = L.values.cols;
    const o = new Float64Array(R * width);
    for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) o[r * width + map(c)] += L.values.data[r * C + c];
    return { index: L.index, columns: { names: L.columns.names, keys: keys.map((x) => [...x]) }, values: dense(R, width, o) };
  };
  const rsKeys = out.regions.flatMap((r) => out.sectors.map((s) => [r, s]));
  const rcKeys = out.regions.flatMap((r) => out.categories.map((c) => [r, c]));
  return {
    others,
    imports: cols(t.imports, pos, size, rsKeys),
    importsFinalDemand: cols(t.importsFinalDemand, (c) => rc.assign[Math.floor(c / k)] * k + (c % k), rc.groups.length * k, rcKeys),
  };
}

// ---------------------------------------------------------------- public API

/**
 * Harmonize one MRIO table onto `sectorScheme` and the data/regions.csv region order
 * (30 provinces with Tibet dropped, or the table's own provinces with `regions: "keep"`).
 *
 * Sector mapping by name/code through data/concordances/ (see the module comment); a sector
 * the concordance does not cover is an InputError naming the sector label. Flows are split
 * (one-to-many) and summed (many-to-one), so Σ Z, Σ Y, Σ x, Σ exports, Σ F, Σ F_Y are invariant
 * apart from the dropped region, whose amounts are in `harmonization.dropped`:
 *   Σ Z' = Σ Z − zWithin − zSales − zPurchases, Σ Y' = Σ Y − yRows − yPurchases,
 *   Σ x' = Σ x − output, Σ e' = Σ e − exports + zPurchases + yPurchases (droppedPurchases "exports").
 * With droppedPurchases "exports" and droppedSales "primary-input", a balanced input stays
 * balanced (rows: x = Z·1 + Y·1 + e; columns: x = 1ᵀZ + value added), so validateTable passes.
 */
export function harmonizeMrio(table: MrioTable, options: HarmonizeOptions): HarmonizedTable {
  const t0 = table as Table;
  const file = options.file;
  const to = options.sectorScheme;
  if (!SECTOR_SCHEMES.includes(to)) throw new InputError(`unknown sector scheme "${to}" (one of ${SECTOR_SCHEMES.join(", ")})`, { file });
  const regionMode = options.regions ?? "drop-tibet";
  if (regionMode !== "drop-tibet" && regionMode !== "keep") throw new InputError(`regions must be "drop-tibet" or "keep", got "${regionMode}"`, { file });
  const provinces = options.provinces ?? loadRegions();
  const notes: string[] = [];

  // 1. Sectors.
  const det = options.fromScheme ? { scheme: options.fromScheme, by: "option" as const } : detectSectorScheme(t0, file);
  const from = det.scheme;
  const codes = sectorCodesIn(t0, from, file);
  const { links, name: concName } = schemeLinks(from, to, options);
  const targetList = schemeList(to);
  const targetByCode = new Map(targetList.map((e) => [e.code, e] as const));
  const sectorMap = t0.sectors.map((label, i) => {
    const tos = links.get(codes[i]);
    if (!tos || tos.length === 0) throw new InputError(`sector "${label}" (${from} code ${codes[i]}) is not in the concordance ${concName}`, { file, place: `sector ${i + 1}` });
    for (const c of tos) if (!targetByCode.has(c)) throw new InputError(`concordance ${concName} maps sector "${label}" to ${c}, which is not a ${to} sector`, { file, place: `sector ${i + 1}` });
    return { label, code: codes[i], to: tos };
  });

  // Regions: canonical names; Tibet dropped first.
  const canon = t0.regions.map((r, i) => {
    const p = findProvince(provinces, r);
    if (!p) throw new InputError(`unknown province "${r}" (not in data/regions.csv under any accepted spelling)`, { file, place: `region ${i + 1}` });
    return p.nameEn;
  });
  const dupe = canon.find((c, i) => canon.indexOf(c) !== i);
  if (dupe) throw new InputError(`province ${dupe} appears twice`, { file, place: "regions" });
  let t: Table = { ...t0, regions: canon };
  const totalsBefore = tableTotals(t);
  const dropped: DroppedRegionReport[] = [];
  if (regionMode === "drop-tibet") {
    const ti = canon.indexOf(TIBET);
    if (ti >= 0) {
      const d = dropRegion(t, ti, options);
      t = d.table;
      dropped.push(d.report);
    } else notes.push("the table has no Tibet: nothing dropped");
  }

  // 3. Split one-to-many sectors.
  const m = t.regions.length;
  const splits: SectorSplit[] = [];
  const parts: Part[] = [];
  let refOut: { byRegion: Map<string, Map<string, number>>; all: Map<string, number> } | undefined;
  if (options.splitReference && sectorMap.some((s) => s.to.length > 1)) refOut = referenceOutput(options.splitReference, to, provinces);
  sectorMap.forEach((s, i) => {
    if (s.to.length === 1) {
      parts.push({ src: i, to: s.to[0], w: new Float64Array(m).fill(1) });
      return;
    }
    const share: Record<string, number[]> = {};
    const w = s.to.map(() => new Float64Array(m));
    let method: SectorSplit["method"] = refOut ? "reference-output" : "equal";
    t.regions.forEach((r, ri) => {
      let ws = s.to.map(() => 1 / s.to.length);
      if (refOut) {
        const own = s.to.map((c) => refOut!.byRegion.get(r)?.get(c) ?? 0);
        const all = s.to.map((c) => refOut!.all.get(c) ?? 0);
        if (sumArr(own) > 0) ws = own.map((v) => v / sumArr(own));
        else if (sumArr(all) > 0) {
          ws = all.map((v) => v / sumArr(all));
          method = "reference-output (all regions)";
        } else method = "equal";
      }
      ws.forEach((v, j) => (w[j][ri] = v));
      share[r] = ws;
    });
    s.to.forEach((c, j) => parts.push({ src: i, to: c, w: w[j] }));
    splits.push({ fromCode: s.code, fromLabel: s.label, toCodes: s.to, method, sharesByRegion: share });
  });
  if (splits.some((s) => s.method === "equal")) notes.push("one-to-many sectors split in equal shares (no splitReference table given, or it has zero output there)");
  const needsExpand = parts.length !== t.sectors.length;
  const partNames = parts.map((p) => `${p.src}>${p.to}`);
  const src: Table = needsExpand ? expandSectors(t, parts, partNames) : { ...t, sectors: partNames };

  // 4. Aggregate (engine) — sectors by target code, regions into data/regions.csv order.
  const style = options.sectorLabels ?? "name_en";
  const labelOf = (c: string) => {
    const e = targetByCode.get(c)!;
    return style === "code" ? e.code : style === "name_zh" && e.nameZh ? e.nameZh : e.nameEn;
  };
  const targetCodes = targetList.map((e) => e.code).filter((c) => parts.some((p) => p.to === c));
  const sc = concordanceFromMapping(partNames, new Map(parts.map((p, j) => [partNames[j], labelOf(p.to)])), targetCodes.map(labelOf));
  const order = provinces.map((p) => p.nameEn);
  const rc = concordanceFromMapping(src.regions, new Map(src.regions.map((r) => [r, r])), order);
  const agg = aggregateByConcordance(src, { regions: rc, sectors: sc });
  const extras = aggregateExtras(src, rc, sc, agg);

  const merged = targetCodes
    .map((c) => ({ toCode: c, toLabel: labelOf(c), from: sectorMap.filter((s) => s.to.includes(c)).map((s) => s.label) }))
    .filter((g) => g.from.length > 1);
  const out: Omit<HarmonizedTable, "harmonization"> = { ...agg, scheme: to, sectorCodes: targetCodes };
  if (extras.others) (out as Extras).others = extras.others;
  if (extras.imports) (out as Extras).imports = extras.imports;
  if (extras.importsFinalDemand) (out as Extras).importsFinalDemand = extras.importsFinalDemand;
  const report: HarmonizeReport = {
    fromScheme: from,
    toScheme: to,
    schemeFrom: det.by,
    concordance: concName,
    sectorMap,
    merged,
    splits,
    regions: agg.regions,
    dropped,
    totalsBefore,
    totalsAfter: tableTotals(out as MrioTable),
    notes,
  };
  return { ...out, harmonization: report };
}

/** Total output of a reference table by (canonical region, target code). */
function referenceOutput(ref: MrioTable, scheme: SectorScheme, provinces: readonly Province[]): { byRegion: Map<string, Map<string, number>>; all: Map<string, number> } {
  const det = detectSectorScheme(ref);
  if (det.scheme !== scheme) throw new InputError(`splitReference is on the ${det.scheme} scheme, the target is ${scheme}`, { place: "splitReference" });
  const codes = sectorCodesIn(ref as Table, scheme, "splitReference");
  const x = outputOf(ref);
  const n = ref.sectors.length;
  const byRegion = new Map<string, Map<string, number>>();
  const all = new Map<string, number>();
  ref.regions.forEach((r, ri) => {
    const name = findProvince(provinces, r)?.nameEn ?? r;
    const mp = new Map<string, number>();
    codes.forEach((c, i) => {
      mp.set(c, x[ri * n + i]);
      all.set(c, (all.get(c) ?? 0) + x[ri * n + i]);
    });
    byRegion.set(name, mp);
  });
  return { byRegion, all };
}

export interface HarmonizeYearsOptions extends Omit<HarmonizeOptions, "sectorScheme" | "fromScheme" | "splitReference"> {
  /** Target scheme; default: the finest scheme all years share — "30" when any year is 30-sector, else "42-2017". */
  readonly sectorScheme?: SectorScheme;
  /** Scheme of particular years (others are detected). */
  readonly fromSchemes?: ReadonlyMap<number, SectorScheme>;
  /** Reference for one-to-many splits; default: the latest year already on the target scheme (e.g. 2017 for 42-2012 → 42-2017). */
  readonly splitReference?: MrioTable;
}

export interface HarmonizeYearsReport {
  readonly scheme: SectorScheme;
  readonly reason: string;
  readonly regions: readonly string[];
  readonly years: ReadonlyArray<{ readonly year: number; readonly fromScheme: SectorScheme; readonly report: HarmonizeReport }>;
  readonly warnings: readonly string[];
}

/**
 * Put every year's table on one common sector scheme and region set (harmonizeMrio per year).
 * The common scheme is the finest all years share: 30 when any year is 30-sector (a 30-sector
 * table cannot be disaggregated), else 42-2017 (42-2012 tables are split at #36 by the output
 * shares of `splitReference`, default the latest 42-2017 year). Region sets must then agree
 * (with regions "keep", a year without Tibet makes this fail: use "drop-tibet").
 */
export function harmonizeYears(
  tables: ReadonlyMap<number, MrioTable>,
  options: HarmonizeYearsOptions = {},
): { scheme: SectorScheme; tables: Map<number, HarmonizedTable>; report: HarmonizeYearsReport } {
  if (tables.size === 0) throw new InputError("no tables to harmonize");
  const years = [...tables.keys()].sort((a, b) => a - b);
  const schemes = new Map<number, SectorScheme>();
  for (const y of years) schemes.set(y, options.fromSchemes?.get(y) ?? detectSectorScheme(tables.get(y)!, `${options.file ?? "table"} ${y}`).scheme);
  const all = years.map((y) => schemes.get(y)!);
  let scheme: SectorScheme, reason: string;
  if (options.sectorScheme) {
    scheme = options.sectorScheme;
    reason = "given";
    const bad = years.filter((y) => schemes.get(y) === "30" && scheme !== "30");
    if (bad.length) throw new InputError(`year(s) ${bad.join(", ")} have 30 sectors and cannot be put on the ${scheme} scheme; use "30"`);
  } else if (all.includes("30")) {
    scheme = "30";
    reason = `year(s) ${years.filter((y) => schemes.get(y) === "30").join(", ")} have 30 sectors`;
  } else {
    scheme = "42-2017";
    reason = "every year has 42 sectors";
  }
  let ref = options.splitReference;
  const warnings: string[] = [];
  if (!ref) {
    const y = [...years].reverse().find((yy) => schemes.get(yy) === scheme);
    if (y !== undefined) {
      ref = tables.get(y);
      if (all.some((s) => s !== scheme)) warnings.push(`one-to-many splits use the total output of ${y} as shares`);
    }
  }
  const out = new Map<number, HarmonizedTable>();
  const reports: Array<{ year: number; fromScheme: SectorScheme; report: HarmonizeReport }> = [];
  for (const y of years) {
    const h = harmonizeMrio(tables.get(y)!, { ...options, sectorScheme: scheme, fromScheme: schemes.get(y), splitReference: ref, file: `${options.file ?? "table"} ${y}` });
    out.set(y, h);
    reports.push({ year: y, fromScheme: schemes.get(y)!, report: h.harmonization });
  }
  const first = out.get(years[0])!;
  for (const y of years.slice(1)) {
    const h = out.get(y)!;
    const missing = first.regions.filter((r) => !h.regions.includes(r));
    const extra = h.regions.filter((r) => !first.regions.includes(r));
    if (missing.length || extra.length) {
      throw new InputError(
        `region sets differ: ${y} ${missing.length ? `lacks ${missing.join(", ")}` : ""}${missing.length && extra.length ? " and " : ""}${extra.length ? `has ${extra.join(", ")}` : ""} compared with ${years[0]}${extra.includes(TIBET) || missing.includes(TIBET) ? ' (use regions: "drop-tibet")' : ""}`,
      );
    }
    if (h.sectorCodes.join() !== first.sectorCodes.join()) {
      throw new InputError(`sector sets differ after harmonization: ${y} has ${h.sectorCodes.join(" ")}, ${years[0]} has ${first.sectorCodes.join(" ")}`);
    }
    if (h.categories.join() !== first.categories.join()) warnings.push(`final-demand categories differ: ${y} has ${h.categories.join(", ")}, ${years[0]} has ${first.categories.join(", ")}`);
  }
  return { scheme, tables: out, report: { scheme, reason, regions: first.regions, years: reports, warnings } };
}
