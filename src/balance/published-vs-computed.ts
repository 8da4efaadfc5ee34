import { compareDirection, compareValue, DEFAULT_TOLERANCE, type Direction, type Tolerance } from "./compare";
import { loadStudyFigures, type StudyFigure, type StudyFigures } from "./study-figures";

/** A value this project computed for a published figure (by id). `value` null = could not be computed (say why in `note`). */
export interface ComputedValue {
  readonly id: string;
  readonly value: number | Direction | null;
  /** Short remark shown beside the value (e.g. the parameter that differs from the default). */
  readonly note?: string;
}

/** Agreement status of one row. */
export type RowStatus = "agrees" | "differs" | "not computed" | "not scored";

/** One row of a "published vs computed" table. */
export interface PublishedVsComputedRow {
  readonly id: string;
  readonly conclusion: number;
  readonly measures: string;
  readonly unit: string;
  readonly published: number | string;
  readonly computed: number | string | null;
  /** computed − published (numeric figures only). */
  readonly difference: number | null;
  /** computed / published (numeric figures only, null when published is 0). */
  readonly ratio: number | null;
  readonly status: RowStatus;
  readonly derived: boolean;
  readonly note?: string;
}

/** Options of `publishedVsComputed`. */
export interface PublishedVsComputedOptions {
  /** Only the figures of these conclusions (default: every figure that has a computed value, or all of the conclusions named). */
  readonly conclusions?: ReadonlyArray<1 | 2 | 3 | 4>;
  /** Tolerance of the agreement flag (default DEFAULT_TOLERANCE: 5 % relative). */
  readonly tolerance?: Tolerance;
  /** Reference figures (default: data/reference/study-figures.json). */
  readonly figures?: StudyFigures;
}

/**
 * Join published figures with computed values: for each published figure (of the selected conclusions),
 * difference = computed − published, ratio = computed / published, status "agrees" when within tolerance
 * (numbers) or when the directions match (qualitative trends). Figures without a computed value are
 * listed as "not computed" — a reviewer sees every published number, never a silent gap.
 */
export function publishedVsComputed(computed: readonly ComputedValue[], options: PublishedVsComputedOptions = {}): PublishedVsComputedRow[] {
  const ref = options.figures ?? loadStudyFigures();
  const byId = new Map(computed.map((c) => [c.id, c]));
  for (const c of computed) {
    if (!ref.figures.some((f) => f.id === c.id)) throw new RangeError(`publishedVsComputed: unknown figure id "${c.id}" (see data/reference/study-figures.json)`);
  }
  const wanted = options.conclusions ? ref.figures.filter((f) => options.conclusions!.includes(f.conclusion)) : ref.figures.filter((f) => byId.has(f.id));
  return wanted.map((f) => row(f, byId.get(f.id), options.tolerance ?? DEFAULT_TOLERANCE));
}

function row(f: StudyFigure, c: ComputedValue | undefined, tolerance: Tolerance): PublishedVsComputedRow {
  const base = { id: f.id, conclusion: f.conclusion, measures: f.measures, unit: f.unit, published: f.value, derived: f.derived === true, note: c?.note };
  if (f.kind === "direction" && f.value === "qualitative") return { ...base, computed: null, difference: null, ratio: null, status: "not scored" };
  if (!c || c.value === null) return { ...base, computed: null, difference: null, ratio: null, status: "not computed" };
  if (f.kind === "direction") {
    if (typeof c.value !== "string") throw new RangeError(`publishedVsComputed: ${f.id} is a direction; got ${c.value}`);
    const d = compareDirection(f.value as Direction, c.value);
    return { ...base, computed: c.value, difference: null, ratio: null, status: d.agrees ? "agrees" : "differs" };
  }
  if (typeof c.value !== "number") throw new RangeError(`publishedVsComputed: ${f.id} needs a number; got ${JSON.stringify(c.value)}`);
  const cmp = compareValue(f.value as number, c.value, tolerance);
  return { ...base, computed: c.value, difference: cmp.difference, ratio: cmp.ratio, status: cmp.withinTolerance ? "agrees" : "differs" };
}

/** Round to `digits` significant digits for display ("—" for null). */
export function formatNumber(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return "—";
  if (v === 0) return "0";
  const a = Math.abs(v);
  const decimals = Math.max(0, Math.min(6, digits - 1 - Math.floor(Math.log10(a))));
  return v.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: decimals, useGrouping: false });
}

/**
 * The rows as display strings with named columns (for showTable / the index page):
 * Figure, What, Published, Computed, Unit, Difference, Ratio, Status.
 */
export function formatPublishedVsComputed(rows: readonly PublishedVsComputedRow[], digits = 4): Array<Record<string, string>> {
  return rows.map((r) => ({
    Figure: r.id + (r.derived ? " (derived)" : ""),
    What: r.measures,
    Published: typeof r.published === "number" ? formatNumber(r.published, 5) : r.published,
    Computed: typeof r.computed === "number" ? formatNumber(r.computed, digits) : r.computed ?? "—",
    Unit: r.unit,
    Difference: r.difference === null ? "—" : (r.difference > 0 ? "+" : "") + formatNumber(r.difference, digits),
    Ratio: r.ratio === null ? "—" : formatNumber(r.ratio, 3),
    Status: r.status + (r.note ? ` (${r.note})` : ""),
  }));
}
