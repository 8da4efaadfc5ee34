/**
 * The emission extension of a real MRIO table from the CEADs inventories: F.csv (t CO2 by
 * producing region × sector) and F_Y.csv (household direct emissions), aligned with the labels
 * of the table's Z.csv and Y.csv, so that DIR/mrio/YYYY/ is complete (data/README.md).
 *
 *   F[CO2, (r, j)] = 10⁶ · e_j^r,   e_j^r = Σ_k e_k^r w_kj^r   (inventoryToIoSectors)
 *
 * where one-to-many inventory rows are split by the table's own provincial output x_j^r
 * (METHODS.md §4.2). Sectors are matched by code or name (never by position: the 2012/2015
 * and 2017 numberings differ from 22 on); provinces by any spelling in data/regions.csv.
 * Provinces without an inventory (Tibet) get f = 0. Urban/Rural household emissions go to the
 * Y categories whose labels contain "urban"/"rural" (case-insensitive); without such
 * categories no F_Y is produced (reported in `notes`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../util/errors";
import { compactLabel, readSectorList } from "../sources/concordance";
import { inventoryToIoSectors, readCeadsInventory, type IoScheme } from "../sources/ceads-inventory";
import { findProvince, loadRegions } from "../sources/regions";
import { formatPandasCsv, readPandasCsv, type PandasFrame } from "../sources/pandas-csv";
import { writeFilesAtomic } from "../util/atomic-write";

const SCHEME_SECTORS: Record<IoScheme, string> = { "42-2012": "sectors_io42_2012", "42-2017": "sectors_io42_2017", "30": "sectors_io30" };

export interface ExtensionOptions {
  /** DIR/mrio/YYYY with Z.csv, Y.csv (and optionally x.csv). */
  readonly mrioDir: string;
  /** Emission_Inventories_for_30_Provinces_YYYY.xlsx. */
  readonly inventoryFile: string;
  /** Sector scheme of the table; default by sector count and year: 30 → "30"; 42 → "42-2017" from 2017 on, else "42-2012". */
  readonly scheme?: IoScheme;
  /** Year to take from the inventory (default: the only year in the file). */
  readonly year?: number;
}

export interface EmissionExtension {
  readonly F: PandasFrame;
  readonly F_Y?: PandasFrame;
  readonly scheme: IoScheme;
  readonly notes: string[];
}

/** Build F (and F_Y) for a real MRIO directory; see the module comment for the formula. */
export async function emissionExtensionFromInventory(o: ExtensionOptions): Promise<EmissionExtension> {
  const zf = path.join(o.mrioDir, "Z.csv");
  const yf = path.join(o.mrioDir, "Y.csv");
  for (const f of [zf, yf]) if (!fs.existsSync(f)) throw new InputError("missing MRIO file", { file: f });
  const Z = readPandasCsv(zf);
  const Y = readPandasCsv(yf);
  const xFile = path.join(o.mrioDir, "x.csv");
  const x = fs.existsSync(xFile) ? readPandasCsv(xFile, { headerRows: 1, indexCols: 2 }).values.data : undefined;
  return emissionExtensionForFrames({ Z, Y, x }, { inventoryFile: o.inventoryFile, scheme: o.scheme, year: o.year, file: zf });
}

/** Options of `emissionExtensionForFrames`: the inventory side of ExtensionOptions, and the table's file for messages. */
export interface FrameExtensionOptions {
  readonly inventoryFile: string;
  readonly scheme?: IoScheme;
  readonly year?: number;
  /** Name of the table (file) in error messages. */
  readonly file?: string;
}

/**
 * The same extension for a table given as frames (Z: (region, sector) × (region, sector);
 * Y: (region, sector) × (region, category); x optional, else Z·1 + Y·1) — e.g. a CEADs workbook
 * read in memory (src/dataset/index.ts). Formula: see the module comment.
 */
export async function emissionExtensionForFrames(t: { readonly Z: PandasFrame; readonly Y: PandasFrame; readonly x?: Float64Array }, o: FrameExtensionOptions): Promise<EmissionExtension> {
  const { Z, Y } = t;
  const zf = o.file;
  const regionsLabels: string[] = [];
  const sectorLabels: string[] = [];
  for (const [r, s] of Z.index.keys) {
    if (!regionsLabels.includes(r)) regionsLabels.push(r);
    if (r === regionsLabels[0]) sectorLabels.push(s);
  }
  const n = sectorLabels.length;
  const mn = Z.values.rows;
  const records = await readCeadsInventory(o.inventoryFile);
  const years = [...new Set(records.map((r) => r.year))];
  const year = o.year ?? (years.length === 1 ? years[0] : NaN);
  if (!years.includes(year)) throw new InputError(`year ${o.year ?? "(not given)"} is not in the inventory (has ${years.join(", ")})`, { file: o.inventoryFile });
  const scheme: IoScheme = o.scheme ?? (n === 30 ? "30" : n === 42 ? (year >= 2017 ? "42-2017" : "42-2012") : (undefined as never));
  if (!scheme) throw new InputError(`cannot infer the sector scheme of a ${n}-sector table: give --scheme`, { file: zf });
  // sector label → scheme code, by code or name
  const entries = readSectorList(SCHEME_SECTORS[scheme]);
  const codeOf = sectorLabels.map((label) => {
    const key = compactLabel(label);
    const e = entries.find((s) => s.code === label.trim() || compactLabel(s.nameEn) === key || (s.nameZh !== "" && compactLabel(s.nameZh) === key));
    if (!e) throw new InputError(`sector "${label}" matches no code or name of scheme ${scheme}`, { file: zf, place: `index sector "${label}"` });
    return e.code;
  });
  const regions = loadRegions();
  const provinceOf = regionsLabels.map((label) => {
    const p = findProvince(regions, label);
    if (!p) throw new InputError(`region "${label}" is not a province of data/regions.csv`, { file: zf, place: `index region "${label}"` });
    return p.nameEn;
  });
  // provincial output for the split shares: x.csv, else row sums of Z and Y
  let x: Float64Array;
  if (t.x) x = t.x;
  else {
    x = new Float64Array(mn);
    for (let p = 0; p < mn; p++) {
      for (let q = 0; q < mn; q++) x[p] += Z.values.data[p * mn + q];
      for (let q = 0; q < Y.values.cols; q++) x[p] += Y.values.data[p * Y.values.cols + q];
    }
  }
  const outputShares: Record<string, Record<string, number>> = {};
  provinceOf.forEach((p, r) => {
    const o2: Record<string, number> = {};
    codeOf.forEach((c, i) => (o2[c] = (o2[c] ?? 0) + Math.max(0, x[r * n + i])));
    outputShares[p] = o2;
  });
  // Only the table's provinces (a table may cover fewer than the inventory's 30).
  const inTable = new Set(provinceOf);
  const mine = records.filter((r) => r.year === year && inTable.has(findProvince(regions, r.province)?.nameEn ?? ""));
  const io = inventoryToIoSectors(mine, { scheme, outputShares, tibet: "drop", regions });
  const byKey = new Map(io.industry.map((e) => [`${e.province}|${e.ioCode}`, e.emissionsMt]));
  const F = new Float64Array(mn);
  provinceOf.forEach((p, r) => codeOf.forEach((c, i) => (F[r * n + i] = (byKey.get(`${p}|${c}`) ?? 0) * 1e6)));
  const stressor = { names: ["stressor", "unit"], keys: [["CO2", "t"]] };
  // inventoryToIoSectors' "drop Tibet" note does not apply: the province stays in the table with f = 0.
  const notes = io.notes.filter((s) => !/tibet: "drop"/.test(s));
  provinceOf.filter((p) => !io.provinces.includes(p)).forEach((p) => notes.push(`${p} has no CEADs inventory: F = 0 in all its sectors (f = 0).`));
  const result: { F: PandasFrame; F_Y?: PandasFrame } = { F: { index: stressor, columns: Z.index, values: { rows: 1, cols: mn, data: F } } };
  const cats: string[] = [];
  for (const k of Y.columns.keys) if (!cats.includes(k[1])) cats.push(k[1]);
  const urban = cats.findIndex((c) => /urban/i.test(c));
  const rural = cats.findIndex((c) => /rural/i.test(c));
  if (urban >= 0 && rural >= 0) {
    const FY = new Float64Array(Y.values.cols);
    for (const h of io.households) {
      const r = provinceOf.indexOf(h.province);
      if (r < 0) continue;
      const c = h.household === "Urban" ? urban : rural;
      const j = Y.columns.keys.findIndex((k) => k[0] === regionsLabels[r] && k[1] === cats[c]);
      if (j >= 0) FY[j] += h.emissionsMt * 1e6;
    }
    result.F_Y = { index: stressor, columns: Y.columns, values: { rows: 1, cols: Y.values.cols, data: FY } };
  } else notes.push(`Y has no categories labelled urban/rural (${cats.join(", ")}): F_Y not produced; household emissions left out.`);
  return { ...result, scheme, notes };
}

/** Write F.csv (and F_Y.csv) into the MRIO directory, atomically. Returns the files written. */
export async function writeEmissionExtension(o: ExtensionOptions): Promise<{ files: string[]; notes: string[] }> {
  const ext = await emissionExtensionFromInventory(o);
  const files = [{ file: path.join(o.mrioDir, "F.csv"), data: formatPandasCsv(ext.F) }];
  if (ext.F_Y) files.push({ file: path.join(o.mrioDir, "F_Y.csv"), data: formatPandasCsv(ext.F_Y) });
  writeFilesAtomic(files);
  return { files: files.map((f) => f.file), notes: ext.notes };
}
