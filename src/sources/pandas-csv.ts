/**
 * Wide CSV in pandas' MultiIndex layout — the files `DataFrame.to_csv` writes and
 * `pd.read_csv(path, header=[0, 1], index_col=[0, 1])` reads, which is how pymrio users
 * move matrices around.
 *
 * Layout with h column levels and c index levels (pandas 1.x/2.x `CSVFormatter._save_header`):
 * - h ≥ 2: h header rows `[column-level name, "" × (c−1), labels…]`, then one row of index
 *   names `[index names…, "" × columns]` (written only when some index name is non-empty);
 * - h = 1: one header row `[index names…, labels…]` (the column-level name is not written);
 * - then one row per index entry: `[index labels…, values…]`.
 * Fields are quoted only when they contain a comma, a quote or a line break (csv.QUOTE_MINIMAL).
 *
 * Numbers are written as Python's `repr(float)` (shortest round-trip digits; fixed notation
 * for 1e-4 ≤ |x| < 1e16, otherwise `d.ddde±XX` with at least two exponent digits; integral
 * values keep `.0`). Columns that pandas would read as int64 (every cell an integer literal)
 * are remembered and written back as integers, so reading then writing a pandas file
 * reproduces it byte for byte.
 */
import * as fs from "node:fs";
import { InputError } from "../util/errors";
import { writeFileAtomic } from "../util/atomic-write";
import type { AxisIndex, LabelledMatrix } from "../mrio/types";
import { formatRowsParallel } from "../mrio/parallel";

/** A labelled matrix as read from a pandas CSV, with pandas' per-column dtype (int64 or float64). */
export interface PandasFrame extends LabelledMatrix {
  /** integerColumns[j] is true when pandas would parse column j as int64 (written back without ".0"). */
  readonly integerColumns?: readonly boolean[];
}

export interface PandasCsvLayout {
  /** Number of column levels (header rows), as `header=[0..h-1]`; default 2. */
  readonly headerRows?: number;
  /** Number of index levels (leading label columns), as `index_col=[0..c-1]`; default 2. */
  readonly indexCols?: number;
}

/**
 * Python's `repr(x)` for a double (what pandas' `to_csv` writes with the default float format).
 * JS `String(x)` has the same shortest round-trip digits but other notation rules:
 * `1e-05` (Python) vs `0.00001` (JS), `1e+16` vs `10000000000000000`, `1.0` vs `1`, `-0.0` vs `0`.
 */
export function pythonFloatRepr(x: number): string {
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  if (x !== x) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  const ax = x < 0 ? -x : x;
  if (ax >= 1e-4 && ax < 1e16) {
    const s = String(x); // JS uses fixed notation on this whole range
    return s.indexOf(".") >= 0 ? s : s + ".0";
  }
  const s = x.toExponential(); // shortest round-trip digits, "d.ddde±x"
  const e = s.indexOf("e");
  const sign = s[e + 1];
  const digits = s.slice(e + 2);
  return s.slice(0, e) + "e" + sign + (digits.length < 2 ? "0" + digits : digits);
}

/** Quote a label as Python's csv.QUOTE_MINIMAL does. */
function quoteField(s: string): string {
  if (/[",\r\n]/.test(s)) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** Format an integer-dtype cell; falls back to the float repr when the value is no longer integral. */
function intRepr(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return Object.is(x, -0) ? "0" : String(x);
  return pythonFloatRepr(x);
}

/**
 * Serialize a labelled matrix in pandas' `DataFrame.to_csv()` layout (see module comment).
 * Throws on NaN: a silent empty cell would be read back as missing data.
 */
export function formatPandasCsv(frame: PandasFrame): string {
  const { index, columns, values } = frame;
  const c = index.names.length;
  const h = columns.names.length;
  const ncols = values.cols;
  if (index.keys.length !== values.rows || columns.keys.length !== ncols) {
    throw new Error(`formatPandasCsv: labels (${index.keys.length} × ${columns.keys.length}) do not match values (${values.rows} × ${ncols})`);
  }
  const out: string[] = [];
  if (h >= 2) {
    for (let l = 0; l < h; l++) {
      let line = quoteField(columns.names[l] ?? "");
      for (let k = 1; k < c; k++) line += ",";
      for (let j = 0; j < ncols; j++) line += "," + quoteField(columns.keys[j][l]);
      out.push(line);
    }
    if (index.names.some((s) => s !== "")) {
      out.push(index.names.map(quoteField).join(",") + ",".repeat(ncols));
    }
  } else {
    const cells = index.names.map(quoteField);
    for (let j = 0; j < ncols; j++) cells.push(quoteField(columns.keys[j][0]));
    out.push(cells.join(","));
  }
  const isInt = frame.integerColumns;
  const data = values.data;
  const n = values.rows * ncols;
  for (let i = 0; i < n; i++) {
    if (data[i] !== data[i]) {
      const r = Math.floor(i / ncols), j = i % ncols;
      throw new Error(`formatPandasCsv: NaN at row ${index.keys[r].join("/")}, column ${columns.keys[j].join("/")}`);
    }
  }
  const prefixes = index.keys.map((k) => k.map(quoteField).join(","));
  const head = out.join("\n") + "\n";
  return head + formatRowsParallel(formatDataRows, FORMATTER_SOURCE, data, values.rows, ncols, prefixes, isInt);
}

/** Data rows r0..r1 as CSV lines (prefix = quoted index labels). Self-contained: re-evaluated in the helper thread. */
function formatDataRows(data: Float64Array, cols: number, r0: number, r1: number, prefixes: readonly string[], isInt: readonly boolean[] | undefined): string {
  const lines: string[] = [];
  for (let i = r0; i < r1; i++) {
    let line = prefixes[i - r0];
    const base = i * cols;
    if (isInt === undefined) {
      for (let j = 0; j < cols; j++) line += "," + pythonFloatRepr(data[base + j]);
    } else {
      for (let j = 0; j < cols; j++) line += "," + (isInt[j] ? intRepr(data[base + j]) : pythonFloatRepr(data[base + j]));
    }
    lines.push(line);
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}

const FORMATTER_SOURCE = [pythonFloatRepr, intRepr, formatDataRows].map((f) => f.toString()).join("\n");

/** Write a labelled matrix as a pandas CSV file, atomically. */
export function writePandasCsv(file: string, frame: PandasFrame): void {
  writeFileAtomic(file, formatPandasCsv(frame));
}

const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Parse a decimal number in bytes [start, end) exactly as a correctly rounded strtod would.
 * Fast path (Clinger 1990): when the digits form an integer ≤ 2^53 and the decimal exponent
 * is within ±22, one multiplication or division of two exact doubles is correctly rounded.
 * Everything else goes through Number(). Returns NaN for text that is not a number.
 * Sets `lastWasInteger` for pandas' int64 inference.
 */
let lastWasInteger = false;
function parseNumber(buf: Uint8Array, start: number, end: number): number {
  let p = start;
  let neg = false;
  const c0 = buf[p];
  if (c0 === 45 /* - */) { neg = true; p++; } else if (c0 === 43 /* + */) p++;
  let mant = 0;
  let digits = 0;
  let exp10 = 0;
  let sawDigit = false;
  let integer = true;
  while (p < end) {
    const d = buf[p] - 48;
    if (d < 0 || d > 9) break;
    mant = mant * 10 + d;
    if (mant !== 0) digits++;
    sawDigit = true;
    p++;
  }
  if (p < end && buf[p] === 46 /* . */) {
    integer = false;
    p++;
    while (p < end) {
      const d = buf[p] - 48;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d;
      if (mant !== 0) digits++;
      exp10--;
      sawDigit = true;
      p++;
    }
  }
  if (p < end && (buf[p] === 101 || buf[p] === 69) /* e E */) {
    integer = false;
    p++;
    let eneg = false;
    if (buf[p] === 45) { eneg = true; p++; } else if (buf[p] === 43) p++;
    let e = 0;
    let sawE = false;
    while (p < end) {
      const d = buf[p] - 48;
      if (d < 0 || d > 9) break;
      e = e * 10 + d;
      sawE = true;
      p++;
    }
    if (!sawE) return NaN;
    exp10 += eneg ? -e : e;
  }
  lastWasInteger = integer;
  if (!sawDigit || p !== end) {
    // Not a plain decimal (e.g. "inf", "nan", quoted): let Number decide, NaN if nonsense.
    lastWasInteger = false;
    let s = "";
    for (let k = start; k < end; k++) s += String.fromCharCode(buf[k]);
    const t = s.trim();
    return t === "" ? NaN : Number(t);
  }
  if (digits <= 15 && mant <= 9007199254740992 && exp10 >= -22 && exp10 <= 22) {
    const v = exp10 >= 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
    return neg ? -v : v;
  }
  let s = "";
  for (let k = start; k < end; k++) s += String.fromCharCode(buf[k]);
  return Number(s);
}

/** Split one CSV record starting at `pos` into string fields (quote-aware); returns the next position. */
function readRecord(text: Uint8Array, pos: number, fields: string[]): number {
  fields.length = 0;
  const n = text.length;
  let field = "";
  let i = pos;
  const dec = new TextDecoder();
  for (;;) {
    if (i < n && text[i] === 34 /* " */) {
      // quoted field
      i++;
      let startChunk = i;
      field = "";
      for (;;) {
        if (i >= n) throw new Error("unterminated quoted field");
        if (text[i] === 34) {
          field += dec.decode(text.subarray(startChunk, i));
          if (text[i + 1] === 34) { field += '"'; i += 2; startChunk = i; continue; }
          i++;
          break;
        }
        i++;
      }
      // skip to delimiter
      while (i < n && text[i] !== 44 && text[i] !== 10 && text[i] !== 13) i++;
    } else {
      const s = i;
      while (i < n && text[i] !== 44 && text[i] !== 10 && text[i] !== 13) i++;
      field = dec.decode(text.subarray(s, i));
    }
    fields.push(field);
    if (i < n && text[i] === 44) { i++; continue; }
    if (i < n && text[i] === 13) i++;
    if (i < n && text[i] === 10) i++;
    return i;
  }
}

/**
 * Parse pandas CSV text (layout in the module comment) into a labelled matrix.
 * Errors (InputError) name the file and the row/column labels of the offending cell.
 */
export function parsePandasCsv(input: string | Uint8Array, options: PandasCsvLayout & { file?: string } = {}): PandasFrame {
  const h = options.headerRows ?? 2;
  const c = options.indexCols ?? 2;
  const file = options.file;
  const buf = typeof input === "string" ? new TextEncoder().encode(input) : input;
  let pos = 0;
  // Skip a UTF-8 byte-order mark.
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
  const fields: string[] = [];
  const headerLines: string[][] = [];
  for (let l = 0; l < h; l++) {
    if (pos >= buf.length) throw new InputError(`expected ${h} header row(s) (pandas header=[0..${h - 1}]), the file ends after ${l}`, { file, place: `line ${l + 1}` });
    try {
      pos = readRecord(buf, pos, fields);
    } catch (e) {
      throw new InputError((e as Error).message, { file, place: `line ${l + 1}` });
    }
    headerLines.push(fields.slice());
  }
  const width = headerLines[0].length;
  const ncols = width - c;
  if (ncols < 1) throw new InputError(`header has ${width} field(s); expected ${c} index column(s) and at least one data column`, { file, place: "line 1" });
  for (let l = 1; l < h; l++) {
    if (headerLines[l].length !== width) throw new InputError(`header row ${l + 1} has ${headerLines[l].length} fields, row 1 has ${width}`, { file, place: `line ${l + 1}` });
  }
  const colNames: string[] = [];
  let indexNames: string[] = [];
  if (h >= 2) {
    for (let l = 0; l < h; l++) colNames.push(headerLines[l][0]);
  } else {
    colNames.push("");
    indexNames = headerLines[0].slice(0, c);
  }
  const colKeys: string[][] = [];
  for (let j = 0; j < ncols; j++) colKeys.push(headerLines.map((line) => line[c + j]));
  let line = h;
  // Index-names row (h ≥ 2): index names then only empty fields.
  if (h >= 2) {
    const save = pos;
    if (pos < buf.length) {
      pos = readRecord(buf, pos, fields);
      if (fields.length === width && fields.slice(c).every((s) => s === "")) {
        indexNames = fields.slice(0, c);
        line++;
      } else {
        pos = save;
      }
    }
    if (indexNames.length === 0) indexNames = new Array<string>(c).fill("");
  }
  const rowKeys: string[][] = [];
  let data = new Float64Array(Math.max(16, ncols * 64));
  let rows = 0;
  const isInt: boolean[] = new Array<boolean>(ncols).fill(true);
  const n = buf.length;
  const labelFields: string[] = [];
  const dec = new TextDecoder();
  while (pos < n) {
    line++;
    // Blank line (e.g. trailing): pandas skips blank lines.
    if (buf[pos] === 10 || buf[pos] === 13) {
      if (buf[pos] === 13) pos++;
      if (buf[pos] === 10) pos++;
      continue;
    }
    // Index labels: the first c fields (may be quoted).
    labelFields.length = 0;
    for (let k = 0; k < c; k++) {
      if (buf[pos] === 34) {
        // Quoted label (contains a comma, quote or line break): undo the "" escaping.
        let q = pos + 1;
        let label = "";
        let chunk = q;
        for (;;) {
          if (q >= n) throw new InputError("unterminated quoted field", { file, place: `line ${line}` });
          if (buf[q] === 34) {
            label += dec.decode(buf.subarray(chunk, q));
            if (buf[q + 1] === 34) { label += '"'; q += 2; chunk = q; continue; }
            q++;
            break;
          }
          q++;
        }
        labelFields.push(label);
        pos = q;
        if (buf[pos] === 44) pos++;
      } else {
        const s = pos;
        while (pos < n && buf[pos] !== 44 && buf[pos] !== 10 && buf[pos] !== 13) pos++;
        labelFields.push(dec.decode(buf.subarray(s, pos)));
        if (buf[pos] === 44) pos++;
      }
    }
    if (labelFields.length < c || (c > 0 && pos > 0 && buf[pos - 1] !== 44)) {
      throw new InputError(`row has fewer than ${c + 1} fields`, { file, place: `line ${line}` });
    }
    if (data.length < (rows + 1) * ncols) {
      const bigger = new Float64Array(Math.max(data.length * 2, (rows + 1) * ncols));
      bigger.set(data);
      data = bigger;
    }
    const base = rows * ncols;
    for (let j = 0; j < ncols; j++) {
      const s = pos;
      while (pos < n && buf[pos] !== 44 && buf[pos] !== 10 && buf[pos] !== 13) pos++;
      const v = s === pos ? NaN : parseNumber(buf, s, pos);
      if (!Number.isFinite(v)) {
        const text = dec.decode(buf.subarray(s, pos));
        const what = text === "" ? "empty cell (missing value)" : `"${text}" is not a finite number`;
        throw new InputError(what, { file, place: `line ${line}, row ${labelFields.join("/")}, column ${colKeys[j].join("/")}` });
      }
      if (!lastWasInteger) isInt[j] = false;
      data[base + j] = v;
      if (j < ncols - 1) {
        if (buf[pos] !== 44) throw new InputError(`row has ${c + j + 1} fields, the header has ${width}`, { file, place: `line ${line}, row ${labelFields.join("/")}` });
        pos++;
      }
    }
    if (pos < n && buf[pos] === 44) throw new InputError(`row has more fields than the header (${width})`, { file, place: `line ${line}, row ${labelFields.join("/")}` });
    if (buf[pos] === 13) pos++;
    if (buf[pos] === 10) pos++;
    rowKeys.push(labelFields.slice());
    rows++;
  }
  const index: AxisIndex = { names: indexNames, keys: rowKeys };
  const columns: AxisIndex = { names: colNames, keys: colKeys };
  return {
    index,
    columns,
    values: { rows, cols: ncols, data: data.slice(0, rows * ncols) },
    integerColumns: rows > 0 && isInt.some((b) => b) ? isInt : undefined,
  };
}

/** Read a pandas CSV file (see parsePandasCsv). A missing file is an InputError naming it. */
export function readPandasCsv(file: string, layout: PandasCsvLayout = {}): PandasFrame {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file, cause: e });
  }
  return parsePandasCsv(buf, { ...layout, file });
}
