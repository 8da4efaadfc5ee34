/**
 * Sector concordances (data/concordances/*.csv). Usage:
 *
 *   const c = readConcordance("inventory45_to_io42_2017");         // a name in data/concordances, or a path
 *   const map = resolveConcordance(c, { logging: "wood" });        // Map from_code → to_codes[]
 *   const sectors = readSectorList("sectors_io42_2017");           // [{ code: "01", nameZh, nameEn }, …]
 *
 * Concordance CSV layout (one row per from → to link): from_code, from_name, to_code,
 * to_name, option, note. A from_code with several links (under the active options) is a
 * one-to-many row whose value must be split (see inventoryToIoSectors). `option` is empty
 * (always active) or `key=value`: the link is active only when that parameter has that value
 * (e.g. `logging=wood`). Defaults for every option key: DEFAULT_CONCORDANCE_OPTIONS.
 * Every concordance is documented in data/concordances/README.md.
 */
import * as path from "node:path";
import { InputError } from "../util/errors";
import { readCsvRecords } from "./csv";


/** Directory holding the concordance CSVs shipped with the project. */
export const CONCORDANCE_DIR = path.resolve(__dirname, "../../data/concordances");

/**
 * Method choices encoded as `option` values in the concordance files, with their defaults
 * (METHODS.md §4.2, §3.5):
 * - `logging` — inventory row 8 "Logging and Transport of Wood and Bamboo": `agriculture` (IO 01;
 *   GB/T 4754-2011 puts 木材采运 under forestry) or `wood` (IO 09, as the public 9-group script).
 * - `information` — IO "information transmission, software and IT services": with inventory
 *   row 43 (`transport`, its label includes Telecommunication) or with row 45 `others`.
 * - `water` — IO "production and supply of water" in the 7 reporting groups: `energy`
 *   (utilities, with power and gas) or `services`.
 */
export const DEFAULT_CONCORDANCE_OPTIONS: Readonly<Record<string, string>> = { logging: "agriculture", information: "transport", water: "energy" };

export interface ConcordanceLink {
  readonly fromCode: string;
  readonly fromName: string;
  readonly toCode: string;
  readonly toName: string;
  /** Active only when option key has this value; undefined = always active. */
  readonly option?: { readonly key: string; readonly value: string };
  readonly note: string;
}

export interface Concordance {
  readonly file: string;
  readonly links: readonly ConcordanceLink[];
}

export interface SectorEntry {
  readonly code: string;
  readonly nameEn: string;
  readonly nameZh: string;
}

function concordancePath(nameOrFile: string): string {
  if (nameOrFile.includes("/") || nameOrFile.includes("\\") || nameOrFile.endsWith(".csv")) return nameOrFile;
  return path.join(CONCORDANCE_DIR, `${nameOrFile}.csv`);
}

/** Read a concordance CSV (a bare name is looked up in data/concordances/). */
export function readConcordance(nameOrFile: string): Concordance {
  const file = concordancePath(nameOrFile);
  const rows = readCsvRecords(file, ["from_code", "from_name", "to_code", "to_name", "option", "note"]);
  const links = rows.map((r, k) => {
    let option: ConcordanceLink["option"];
    if (r.option !== "") {
      const m = /^([A-Za-z_][\w-]*)=([\w-]+)$/.exec(r.option);
      if (!m) throw new InputError(`option "${r.option}" is not of the form key=value`, { file, place: `data row ${k + 1}` });
      option = { key: m[1], value: m[2] };
    }
    if (r.from_code === "" || r.to_code === "") throw new InputError("empty from_code or to_code", { file, place: `data row ${k + 1}` });
    return { fromCode: r.from_code, fromName: r.from_name, toCode: r.to_code, toName: r.to_name, option, note: r.note };
  });
  return { file, links };
}

/**
 * The active mapping from_code → [to_code…] under the given options (defaults:
 * DEFAULT_CONCORDANCE_OPTIONS). Errors when an option value is not offered by the file, or
 * when a from_code ends up with no target (a gap in the concordance).
 */
export function resolveConcordance(c: Concordance, options: Readonly<Record<string, string | undefined>> = {}): Map<string, string[]> {
  const offered = new Map<string, Set<string>>();
  for (const l of c.links) if (l.option) (offered.get(l.option.key) ?? offered.set(l.option.key, new Set()).get(l.option.key)!).add(l.option.value);
  const active: Record<string, string> = {};
  for (const [key, values] of offered) {
    const v = options[key] ?? DEFAULT_CONCORDANCE_OPTIONS[key];
    if (v === undefined) throw new InputError(`option "${key}" has no value and no default (offered: ${[...values].join(", ")})`, { file: c.file });
    if (!values.has(v)) throw new InputError(`option ${key}="${v}" is not offered (offered: ${[...values].join(", ")})`, { file: c.file });
    active[key] = v;
  }
  const out = new Map<string, string[]>();
  for (const l of c.links) {
    if (!out.has(l.fromCode)) out.set(l.fromCode, []);
    if (l.option && active[l.option.key] !== l.option.value) continue;
    const targets = out.get(l.fromCode)!;
    if (!targets.includes(l.toCode)) targets.push(l.toCode);
  }
  for (const [from, targets] of out) {
    if (targets.length === 0) throw new InputError(`from_code ${from} has no target under the chosen options`, { file: c.file });
  }
  return out;
}

/** Read a sector list (code, name_zh, name_en; name_zh optional) from data/concordances/ or a path. */
export function readSectorList(nameOrFile: string): SectorEntry[] {
  const file = concordancePath(nameOrFile);
  const rows = readCsvRecords(file, ["code", "name_en"]);
  const seen = new Set<string>();
  return rows.map((r, k) => {
    if (seen.has(r.code)) throw new InputError(`duplicate sector code ${r.code}`, { file, place: `data row ${k + 1}` });
    seen.add(r.code);
    return { code: r.code, nameEn: r.name_en, nameZh: r.name_zh ?? "" };
  });
}

/**
 * Normalised key for matching sector or header labels: NFKC, trimmed, lower-case, and every
 * run of spaces/underscores collapsed to one space ("Scope_1_Total " → "scope 1 total").
 */
export function normalizeLabel(s: string): string {
  return s.normalize("NFKC").replace(/[_\s]+/g, " ").trim().toLowerCase();
}

/** A looser key that also ignores spaces and punctuation ("CleanedCoal" ≡ "Cleaned Coal", "TotalEmissions" ≡ "Total Emissions"). */
export function compactLabel(s: string): string {
  return normalizeLabel(s).replace(/[^\p{L}\p{N}]+/gu, "");
}
