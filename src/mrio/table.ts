/**
 * Build an MrioTable from labelled matrices in pymrio's layout (Z, Y, F, F_Y as pandas
 * DataFrames indexed by (region, sector); Y's and F_Y's columns by (region, category)),
 * checking that every block carries the same labels in the same order.
 */
import { InputError } from "../util/errors";
import type { AxisIndex, LabelledMatrix, MrioTable } from "./types";

export interface TableFrames {
  readonly Z: LabelledMatrix;
  readonly Y: LabelledMatrix;
  readonly F?: LabelledMatrix;
  readonly F_Y?: LabelledMatrix;
}

/** Where each block came from, for error messages (e.g. { Z: "dir/Z.csv" }). */
export type FrameFiles = Partial<Record<keyof TableFrames, string>>;

function label(k: readonly string[]): string {
  return k.join("/");
}

function sameKeys(a: AxisIndex, b: AxisIndex, what: string, file: string | undefined, against: string): void {
  if (a.keys.length !== b.keys.length) {
    throw new InputError(`${what} has ${a.keys.length} labels, ${against} has ${b.keys.length}`, { file, place: what });
  }
  for (let i = 0; i < a.keys.length; i++) {
    if (label(a.keys[i]) !== label(b.keys[i])) {
      throw new InputError(`label mismatch at position ${i + 1}: "${label(a.keys[i])}", ${against} has "${label(b.keys[i])}"`, { file, place: `${what} "${label(a.keys[i])}"` });
    }
  }
}

/**
 * Regions, sectors and categories from the frames' labels; Z must be square over
 * (region, sector) with regions outer and the same sectors in each region (pymrio's layout).
 */
export function tableFromFrames(frames: TableFrames, files: FrameFiles = {}): MrioTable {
  const { Z, Y, F, F_Y } = frames;
  const zf = files.Z;
  if (Z.index.names.length !== 2 || Z.index.keys.some((k) => k.length !== 2)) {
    throw new InputError(`Z's index must have two levels (region, sector), found ${Z.index.names.length}`, { file: zf, place: "index" });
  }
  if (Z.values.rows !== Z.values.cols) throw new InputError(`Z is ${Z.values.rows} × ${Z.values.cols}, not square`, { file: zf });
  const regions: string[] = [];
  for (const k of Z.index.keys) if (!regions.includes(k[0])) regions.push(k[0]);
  const sectors: string[] = [];
  for (const k of Z.index.keys) {
    if (k[0] !== regions[0]) break;
    sectors.push(k[1]);
  }
  const m = regions.length, n = sectors.length;
  if (m * n !== Z.index.keys.length) {
    throw new InputError(`Z's rows are not every (region, sector) pair: ${m} regions × ${n} sectors ≠ ${Z.index.keys.length} rows`, { file: zf, place: "index" });
  }
  for (let r = 0; r < m; r++) {
    for (let i = 0; i < n; i++) {
      const k = Z.index.keys[r * n + i];
      if (k[0] !== regions[r] || k[1] !== sectors[i]) {
        throw new InputError(`expected row ${regions[r]}/${sectors[i]} (regions outer, same sectors in each region), found ${label(k)}`, { file: zf, place: `row ${r * n + i + 1} "${label(k)}"` });
      }
    }
  }
  sameKeys(Z.columns, Z.index, "Z columns", zf, "Z's index");
  const yf = files.Y;
  sameKeys(Y.index, Z.index, "Y index", yf, "Z");
  if (Y.columns.keys.some((k) => k.length !== 2)) throw new InputError("Y's columns must have two levels (region, category)", { file: yf, place: "header" });
  const categories: string[] = [];
  for (const k of Y.columns.keys) {
    if (k[0] !== Y.columns.keys[0][0]) break;
    categories.push(k[1]);
  }
  const kc = categories.length;
  if (Y.columns.keys.length !== m * kc) {
    throw new InputError(`Y has ${Y.columns.keys.length} columns, expected ${m} regions × ${kc} categories`, { file: yf, place: "header" });
  }
  for (let s = 0; s < m; s++) {
    for (let c = 0; c < kc; c++) {
      const k = Y.columns.keys[s * kc + c];
      if (k[0] !== regions[s] || k[1] !== categories[c]) {
        throw new InputError(`expected column ${regions[s]}/${categories[c]} (same regions as Z, same categories in each region), found ${label(k)}`, { file: yf, place: `column "${label(k)}"` });
      }
    }
  }
  if (F) sameKeys(F.columns, Z.index, "F columns", files.F, "Z's index");
  if (F_Y) {
    sameKeys(F_Y.columns, Y.columns, "F_Y columns", files.F_Y, "Y's columns");
    if (F) sameKeys(F_Y.index, F.index, "F_Y index", files.F_Y, "F's index");
  }
  return { regions, sectors, categories, Z: Z.values, Y: Y.values, F, F_Y };
}
