import { InputError } from "../util/errors";

/** One value per year. */
export interface YearValue {
  readonly year: number;
  readonly value: number;
}

function checkSeries(series: readonly YearValue[], what: string): void {
  if (series.length === 0) throw new InputError(`${what}: empty series`);
  for (const p of series) {
    if (!Number.isFinite(p.year) || !Number.isFinite(p.value)) throw new InputError(`${what}: non-finite value in year ${p.year} (${p.value})`, { place: `year ${p.year}` });
  }
  const years = series.map((p) => p.year);
  if (new Set(years).size !== years.length) throw new InputError(`${what}: a year appears twice`);
}

/**
 * Growth rate between two levels: g = last / first − 1 (a fraction; ×100 for percent), as the
 * study's "+10 %" and "+143 %" (2017 level over 2007 level). first must be > 0: a growth rate
 * from zero or a negative level has no meaning, and an error is clearer than ±Infinity.
 */
export function growthRate(first: number, last: number): number {
  if (!Number.isFinite(first) || !Number.isFinite(last)) throw new InputError(`growth rate: non-finite level (first ${first}, last ${last})`);
  if (!(first > 0)) throw new InputError(`growth rate: the first level must be positive, got ${first}`);
  return last / first - 1;
}

/** Growth rate of a yearly series between two of its years (defaults: its first and last year): value(to)/value(from) − 1. */
export function growthBetween(series: readonly YearValue[], options: { fromYear?: number; toYear?: number } = {}): number {
  checkSeries(series, "growth");
  const sorted = [...series].sort((a, b) => a.year - b.year);
  const fromYear = options.fromYear ?? sorted[0].year;
  const toYear = options.toYear ?? sorted[sorted.length - 1].year;
  const a = sorted.find((p) => p.year === fromYear);
  const b = sorted.find((p) => p.year === toYear);
  if (!a) throw new InputError(`growth: no value for year ${fromYear}`, { place: `year ${fromYear}` });
  if (!b) throw new InputError(`growth: no value for year ${toYear}`, { place: `year ${toYear}` });
  return growthRate(a.value, b.value);
}

/**
 * How "per year over the decade" averages are formed from tables that exist only for some years:
 * - "table-years": arithmetic mean over the table years (2007, 2010, 2012, 2015, 2017) — METHODS §2.9 (inferred default);
 * - "calendar-years": linear interpolation to every calendar year from the first to the last table year, then the mean
 *   (= trapezoid rule / span), which weights the long 2007–2010 gap more.
 */
export type AveragingMethod = "table-years" | "calendar-years";

/**
 * Annual average of a yearly series.
 *   table-years:    ā = (1/n) Σ_k v_k
 *   calendar-years: ā = (1/(N)) Σ_{y=y_first}^{y_last} v(y), v linearly interpolated between table years, N = y_last − y_first + 1.
 */
export function annualAverage(series: readonly YearValue[], method: AveragingMethod = "table-years"): number {
  checkSeries(series, "annual average");
  const s = [...series].sort((a, b) => a.year - b.year);
  if (method === "table-years") return s.reduce((acc, p) => acc + p.value, 0) / s.length;
  if (method !== "calendar-years") throw new InputError(`annual average: unknown method "${method as string}" (table-years | calendar-years)`);
  let sum = 0;
  let n = 0;
  for (let y = s[0].year; y <= s[s.length - 1].year; y++) {
    let k = 0;
    while (k < s.length - 1 && s[k + 1].year < y) k++;
    const a = s[k];
    const b = s[Math.min(k + 1, s.length - 1)];
    const v = b.year === a.year ? a.value : a.value + ((b.value - a.value) * (y - a.year)) / (b.year - a.year);
    sum += v;
    n++;
  }
  return sum / n;
}

/**
 * Ordinary least-squares slope of value on year: b = Σ(t−t̄)(v−v̄) / Σ(t−t̄)² (units of value per year).
 * Needs at least two distinct years.
 */
export function olsSlope(series: readonly YearValue[]): number {
  checkSeries(series, "trend");
  if (series.length < 2) throw new InputError("trend: at least two years are needed");
  const n = series.length;
  const tm = series.reduce((a, p) => a + p.year, 0) / n;
  const vm = series.reduce((a, p) => a + p.value, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of series) {
    sxy += (p.year - tm) * (p.value - vm);
    sxx += (p.year - tm) ** 2;
  }
  return sxy / sxx;
}

/** How a qualitative trend ("has gradually decreased") is judged from a short yearly series. */
export interface TrendDirectionOptions {
  /** "ols": sign of the least-squares slope (default); "first-last": sign of last − first. */
  readonly method?: "ols" | "first-last";
  /**
   * Changes smaller than this fraction of the series' mean absolute level per year count as "flat"
   * (default 0.01 = 1 %/yr). Without it, noise of a few tonnes would decide the direction.
   */
  readonly flatRelativeSlope?: number;
}

/**
 * Direction of a yearly series: "increasing" if the slope (per year) exceeds flatRelativeSlope·mean|v|,
 * "decreasing" if below its negative, else "flat". Slope = OLS slope, or (v_last − v_first)/(t_last − t_first).
 */
export function trendDirection(series: readonly YearValue[], options: TrendDirectionOptions = {}): "increasing" | "decreasing" | "flat" {
  checkSeries(series, "trend");
  const s = [...series].sort((a, b) => a.year - b.year);
  const method = options.method ?? "ols";
  const slope = method === "ols" ? olsSlope(s) : (s[s.length - 1].value - s[0].value) / (s[s.length - 1].year - s[0].year || 1);
  const level = s.reduce((a, p) => a + Math.abs(p.value), 0) / s.length;
  const flat = (options.flatRelativeSlope ?? 0.01) * level;
  if (slope > flat) return "increasing";
  if (slope < -flat) return "decreasing";
  return "flat";
}
