/**
 * The small RFC 4180 CSV reader used for every CSV the project reads that is not a pandas
 * MultiIndex matrix (those go through pandas-csv.ts): concordances, regions, tidy tables.
 */
import * as fs from "node:fs";
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

/**
 * Fields of one CSV line (no quoted newlines), for line-oriented readers that keep their own
 * line numbers or skip `#` comments. A malformed line is an InputError at `file`, `place`.
 */
export function splitCsvLine(line: string, file?: string, place?: string): string[] {
  try {
    return parseCsv(line, file)[0] ?? [];
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.detail, { file, place });
    throw e;
  }
}
