/**
 * Theil–Sen slope and the Mann–Kendall trend test for ONE time series (the reference
 * implementation; the whole-raster engine in trend-raster.ts is checked against it).
 *
 * Formulas (METHODS.md §6.4; Sen 1968, Kendall 1975, Hirsch, Slack & Smith 1982):
 *   β  = median over i<j of (x_j − x_i)/(t_j − t_i)
 *   S  = Σ_{i<j} sgn(x_j − x_i)                         (values in time order)
 *   Var(S) = [ n(n−1)(2n+5) − Σ_p t_p(t_p−1)(2t_p+5) ] / 18    t_p = size of tie group p
 *   Z  = (S−1)/√Var(S) if S>0;  0 if S=0;  (S+1)/√Var(S) if S<0   (continuity correction)
 *   p  = 2·(1 − Φ(|Z|)) = erfc(|Z|/√2)                  (two-sided)
 * Missing values (NaN) are dropped and the remaining values keep their real time
 * distances t_j − t_i, so a gap does not compress the time axis.
 */

/** Options that the literature leaves open; every one has a documented default. */
export interface TrendOptions {
  /** Significance level for the classes (two-sided). Default 0.05 (|Z| > 1.96). */
  alpha?: number;
  /**
   * Minimum number of valid (non-NaN) values; fewer → result "no data". Default 5: with
   * n ≤ 4 the largest possible |Z| is 1.70, so no series could ever reach α = 0.05.
   */
  minCount?: number;
  /**
   * Sen intercept: "conover" (default; Conover 1980, as pymannkendall): median(x) − β·median(t − t0);
   * "residual-median" (as R zyp): median(x − β·(t − t0)).
   */
  interceptMethod?: InterceptMethod;
  /**
   * The time t0 at which the intercept is the fitted value. Default: the first time of the
   * series' time axis (first year, also when that year's value is missing) — so the
   * intercept reads as "fitted value in the first year", not at year 0 AD.
   */
  timeOrigin?: number;
  /** 5-class "stable" band: |β| ≤ this (in value units per time unit) is "stable". Default 0 (only β = 0). */
  stableSlopeEpsilon?: number;
}

export type InterceptMethod = "conover" | "residual-median";

/** Three classes: 1 significant increase, 0 no significant change, −1 significant decrease. */
export type TrendClass3 = 1 | 0 | -1;
/** Five classes: 2 significant increase, 1 slight increase, 0 stable, −1 slight decrease, −2 significant decrease. */
export type TrendClass5 = 2 | 1 | 0 | -1 | -2;

export interface TrendResult {
  /** Number of valid values used. */
  readonly n: number;
  /** Theil–Sen slope (value units per time unit); NaN when n < minCount. */
  readonly slope: number;
  /** Sen intercept at `timeOrigin`; NaN when n < minCount. */
  readonly intercept: number;
  readonly s: number;
  readonly varS: number;
  readonly z: number;
  readonly p: number;
  /** null = no data (too few valid values). */
  readonly class3: TrendClass3 | null;
  readonly class5: TrendClass5 | null;
}

export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_MIN_COUNT = 5;

/**
 * Complementary error function erfc(x) = 2/√π ∫_x^∞ e^{−u²} du, to ~1e-15 relative.
 * |x| < 2: erf from the positive series erf(x) = 2/√π·e^{−x²}·Σ 2ⁿx^{2n+1}/(1·3·…·(2n+1))
 * (Abramowitz & Stegun 7.1.6; no cancellation), erfc = 1 − erf.
 * x ≥ 2: the continued fraction erfc(x) = e^{−x²}/√π · 1/(x+ (1/2)/(x+ 1/(x+ (3/2)/(x+ …))))
 * (A&S 7.1.14), evaluated with the modified Lentz method.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
  }
  if (x > 27.3) return 0; // below the smallest double
  // Lentz: f = x + a1/(x + a2/(x + …)), a_k = k/2.
  const tiny = 1e-300;
  let f = x;
  let c = f;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Standard normal CDF Φ(z) = erfc(−z/√2)/2. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p-value of a standard normal statistic: p = erfc(|Z|/√2) = 2(1 − Φ(|Z|)). */
export function twoSidedP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** Mann–Kendall S = Σ_{i<j} sgn(x_j − x_i) over values in time order (NaN must be removed first). */
export function mannKendallS(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const xi = x[i];
    for (let j = i + 1; j < x.length; j++) {
      const d = x[j] - xi;
      s += d > 0 ? 1 : d < 0 ? -1 : 0;
    }
  }
  return s;
}

/** Var(S) without ties: n(n−1)(2n+5)/18. */
export function mannKendallVarianceNoTies(n: number): number {
  return (n * (n - 1) * (2 * n + 5)) / 18;
}

/**
 * Var(S) with the tie correction (Kendall 1975):
 * [n(n−1)(2n+5) − Σ_p t_p(t_p−1)(2t_p+5)] / 18, t_p = size of the p-th group of equal values.
 */
export function mannKendallVariance(x: ArrayLike<number>): number {
  const n = x.length;
  const sorted = Float64Array.from(x).sort();
  let correction = 0;
  let run = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && sorted[i] === sorted[i - 1]) run++;
    else {
      if (run > 1) correction += run * (run - 1) * (2 * run + 5);
      run = 1;
    }
  }
  return (n * (n - 1) * (2 * n + 5) - correction) / 18;
}

/** Z with continuity correction: (S−1)/√Var(S) for S>0, (S+1)/√Var(S) for S<0, 0 for S=0 or Var(S)=0. */
export function mannKendallZ(s: number, varS: number): number {
  if (s === 0 || !(varS > 0)) return 0;
  return s > 0 ? (s - 1) / Math.sqrt(varS) : (s + 1) / Math.sqrt(varS);
}

/** Median of the first `n` entries of `a` (reorders them). Quickselect, O(n) expected. */
export function medianInPlace(a: Float64Array | number[], n: number): number {
  if (n <= 0) return NaN;
  const k = n >> 1;
  const hi = selectKth(a, n, k);
  if (n & 1) return hi;
  // Even: after selection a[0..k) ≤ a[k]; the lower middle is their maximum.
  let lo = -Infinity;
  for (let i = 0; i < k; i++) if (a[i] > lo) lo = a[i];
  return (lo + hi) / 2;
}

/** k-th smallest (0-based) of a[0..n), partitioning in place (Hoare/Wirth selection). */
export function selectKth(a: Float64Array | number[], n: number, k: number): number {
  let l = 0;
  let r = n - 1;
  while (l < r) {
    const pivot = a[k];
    let i = l;
    let j = r;
    do {
      while (a[i] < pivot) i++;
      while (pivot < a[j]) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) l = i;
    if (k < i) r = j;
  }
  return a[k];
}

/** Theil–Sen slope β = median_{i<j} (x_j − x_i)/(t_j − t_i) (Sen 1968). NaN pairs must be removed first. */
export function senSlope(t: ArrayLike<number>, x: ArrayLike<number>): number {
  const n = x.length;
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let c = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) slopes[c++] = (x[j] - x[i]) / (t[j] - t[i]);
  return medianInPlace(slopes, c);
}

/** Sen intercept at t0: "conover" median(x) − β·median(t − t0), or "residual-median" median(x − β(t − t0)). */
export function senIntercept(t: ArrayLike<number>, x: ArrayLike<number>, slope: number, t0: number, method: InterceptMethod = "conover"): number {
  const n = x.length;
  if (method === "conover") {
    const xs = Float64Array.from(x);
    const ts = Float64Array.from(t, (v) => v - t0);
    return medianInPlace(xs, n) - slope * medianInPlace(ts, n);
  }
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = x[i] - slope * (t[i] - t0);
  return medianInPlace(r, n);
}

/** 3-class rule (METHODS.md §6.4): significant (p < α) and β > 0 → 1, β < 0 → −1, else 0. */
export function classify3(slope: number, p: number, alpha: number = DEFAULT_ALPHA): TrendClass3 {
  if (p < alpha) {
    if (slope > 0) return 1;
    if (slope < 0) return -1;
  }
  return 0;
}

/** 5-class rule: |β| ≤ ε → 0 stable; else ±2 when p < α, ±1 (slight) otherwise. */
export function classify5(slope: number, p: number, alpha: number = DEFAULT_ALPHA, stableSlopeEpsilon = 0): TrendClass5 {
  if (!(Math.abs(slope) > stableSlopeEpsilon)) return 0;
  const sig = p < alpha;
  return slope > 0 ? (sig ? 2 : 1) : sig ? -2 : -1;
}

/** Validate the options shared by the series and the raster engines; returns them with defaults. */
export function resolveTrendOptions(o: TrendOptions = {}): Required<Omit<TrendOptions, "timeOrigin">> & { timeOrigin: number | undefined } {
  const alpha = o.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  const minCount = o.minCount ?? DEFAULT_MIN_COUNT;
  if (!(Number.isInteger(minCount) && minCount >= 2)) throw new RangeError(`minCount must be an integer ≥ 2, got ${minCount}`);
  const interceptMethod = o.interceptMethod ?? "conover";
  if (interceptMethod !== "conover" && interceptMethod !== "residual-median") throw new RangeError(`interceptMethod must be "conover" or "residual-median"`);
  const stableSlopeEpsilon = o.stableSlopeEpsilon ?? 0;
  if (!(stableSlopeEpsilon >= 0)) throw new RangeError(`stableSlopeEpsilon must be ≥ 0`);
  return { alpha, minCount, interceptMethod, stableSlopeEpsilon, timeOrigin: o.timeOrigin };
}

/**
 * Full per-series trend: Sen slope and intercept, MK S, Var(S) (tie-corrected), Z, two-sided p,
 * 3- and 5-class labels. `times` must be strictly increasing (e.g. years); NaN values are
 * missing and are dropped, keeping real time distances. Fewer than `minCount` valid values →
 * n reported, everything else NaN and classes null.
 */
export function trendOfSeries(times: ArrayLike<number>, values: ArrayLike<number>, options: TrendOptions = {}): TrendResult {
  if (times.length !== values.length) throw new RangeError(`times (${times.length}) and values (${values.length}) differ in length`);
  for (let i = 1; i < times.length; i++) if (!(times[i] > times[i - 1])) throw new RangeError(`times must be strictly increasing (at index ${i})`);
  const o = resolveTrendOptions(options);
  const t: number[] = [];
  const x: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (!Number.isFinite(v)) throw new RangeError(`value at index ${i} is not finite (${v})`);
    t.push(times[i]);
    x.push(v);
  }
  const n = x.length;
  if (n < o.minCount) return { n, slope: NaN, intercept: NaN, s: NaN, varS: NaN, z: NaN, p: NaN, class3: null, class5: null };
  const slope = senSlope(t, x);
  const t0 = o.timeOrigin ?? (times.length > 0 ? times[0] : 0);
  const intercept = senIntercept(t, x, slope, t0, o.interceptMethod);
  const s = mannKendallS(x);
  const varS = mannKendallVariance(x);
  const z = mannKendallZ(s, varS);
  const p = twoSidedP(z);
  return { n, slope, intercept, s, varS, z, p, class3: classify3(slope, p, o.alpha), class5: classify5(slope, p, o.alpha, o.stableSlopeEpsilon) };
}
