/**
 * Sector concordances (data/concordances/*.csv) and the small CSV reader behind them. Usage:
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
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../util/errors";

/**
 * Split CSV text into rows of fields (RFC 4180: comma separator, double-quoted fields with
 * "" escapes, CRLF or LF line ends). A UTF-8 byte-order mark is ignored; blank lines are skipped.
 */
export function parseCsv(text: string, file = "<csv>"): string[][] {
  const rows: string[][] = [];
  let field = "";
  let row: string[] = [];
  let inQuotes = false;
  let line = 1;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRow = () => {
    row.push(field);
    field = "";
    if (!(row.length === 1 && row[0] === "")) rows.push(row);
    row = [];
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (inQuotes) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
    } else if (ch === '"') {
      if (field !== "") throw new InputError("a quote inside an unquoted field", { file, place: `line ${line}` });
      inQuotes = true;
    } else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && s[i + 1] === "\n") i++;
      endRow();
      line++;
    } else field += ch;
  }
  if (inQuotes) throw new InputError("unterminated quoted field", { file, place: `line ${line}` });
  if (field !== "" || row.length > 0) endRow();
  return rows;
}

/**
 * Read a CSV file with a header row into one object per data row, keyed by header name.
 * Every `required` column must be present; rows with a different field count are errors
 * (naming file and line), never silently padded.
 */
export function readCsvRecords(file: string, required: readonly string[] = []): Array<Record<string, string>> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file });
  }
  const rows = parseCsv(text, file);
  if (rows.length === 0) throw new InputError("empty CSV file", { file });
  const header = rows[0].map((h) => h.trim());
  for (const r of required) {
    if (!header.includes(r)) throw new InputError(`missing column "${r}" (have: ${header.join(", ")})`, { file, place: "line 1" });
  }
  return rows.slice(1).map((fields, k) => {
    if (fields.length !== header.length) {
      throw new InputError(`expected ${header.length} fields, found ${fields.length}`, { file, place: `data row ${k + 1}` });
    }
    const o: Record<string, string> = {};
    header.forEach((h, j) => (o[h] = fields[j].trim()));
    return o;
  });
}

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
