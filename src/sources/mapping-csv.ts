/**
 * Two-column many-to-one mapping tables (concordances), e.g. province → geographical region
 * or sector → sector group, as used by `--regions FILE`.
 *
 * Format: CSV (UTF-8, optional BOM), a header row naming the two columns (e.g.
 * `province,region`), then one `from,to` row per item. Fields may be quoted as in any CSV.
 * Blank lines and lines starting with `#` are ignored. Each `from` appears once (a repeated
 * item with the same target is tolerated; with a different target it is an error).
 */
import * as fs from "node:fs";
import { InputError } from "../util/errors";
import { splitCsvLine } from "./csv";

export interface Mapping {
  /** Header names of the two columns. */
  readonly fromName: string;
  readonly toName: string;
  /** item → group */
  readonly map: ReadonlyMap<string, string>;
  /** Groups in order of first appearance in the file. */
  readonly groups: readonly string[];
}

/** Parse mapping CSV text (format in the module comment). Errors name the file and line. */
export function parseMapping(text: string, file?: string): Mapping {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  let header: string[] | undefined;
  const map = new Map<string, string>();
  const groups: string[] = [];
  for (let ln = 0; ln < lines.length; ln++) {
    const raw = lines[ln];
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) continue;
    const f = splitCsvLine(raw, file, `line ${ln + 1}`).map((x) => x.trim());
    if (f.length !== 2) throw new InputError(`expected 2 fields (item,group), found ${f.length}`, { file, place: `line ${ln + 1}` });
    if (!header) {
      header = f;
      continue;
    }
    const [from, to] = f;
    if (from === "" || to === "") throw new InputError(`empty ${from === "" ? header[0] : header[1]}`, { file, place: `line ${ln + 1}` });
    const prev = map.get(from);
    if (prev !== undefined && prev !== to) throw new InputError(`"${from}" is mapped twice: to "${prev}" and to "${to}"`, { file, place: `line ${ln + 1}` });
    map.set(from, to);
    if (!groups.includes(to)) groups.push(to);
  }
  if (!header) throw new InputError("empty mapping file (expected a header row and item,group rows)", { file });
  if (map.size === 0) throw new InputError("mapping file has a header but no rows", { file });
  return { fromName: header[0], toName: header[1], map, groups };
}

/** Read a two-column mapping file (see parseMapping). */
export function readMapping(file: string): Mapping {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file, cause: e });
  }
  return parseMapping(text, file);
}
