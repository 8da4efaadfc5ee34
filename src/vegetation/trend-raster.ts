/**
 * Per-pixel Theil–Sen + Mann–Kendall over a raster stack (one GeoTIFF per year, or any list of
 * band headers), out of core and parallel:
 *  - the grid is processed in strips of rows; a strip holds every year as Float32 for only
 *    `stripRows` rows, never the whole grid as Float64;
 *  - strips are handed out dynamically to worker_threads (default: one per core); the outputs
 *    live in SharedArrayBuffers that the workers fill in place;
 *  - the per-pixel kernel is specialised for speed but implements exactly the formulas of
 *    trend.ts (the tests compare the two paths pixel by pixel): S by sign counting, Var(S)
 *    from a table when there are no ties (tie correction otherwise), Z and p from a table of
 *    (n, S) when there are no ties, Sen's slope by quickselect in a reused scratch array.
 * Formulas and references: see trend.ts (METHODS.md §6.4).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { dnToPhysical, maskDN, readRowsDN, readRowsDirect, type RasterHeader } from "../sources/geotiff";
import { InputError } from "../util/errors";
import type { GridGeometry } from "./grid";
import { mannKendallVarianceNoTies, mannKendallZ, resolveTrendOptions, selectKth, twoSidedP, type TrendOptions } from "./trend";

/** Class value written for pixels without enough valid years (int8 no-data). */
export const CLASS_NODATA = -128;

export interface TrendRasterOptions extends TrendOptions {
  /** Worker threads; default: os.availableParallelism(), and 0 (main thread) for small grids (< 200 000 pixels). */
  workers?: number;
  /** Rows per strip; default so that a strip is ~256 k pixels. */
  stripRows?: number;
  /** Called after each finished strip with rows done and total rows. */
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

/** Per-pixel outputs, row-major on `grid`; NaN (or CLASS_NODATA) where n < minCount. */
export interface TrendRasterResult {
  readonly grid: GridGeometry;
  readonly slope: Float32Array;
  readonly z: Float32Array;
  readonly p: Float32Array;
  /** 1 significant increase, 0 no significant change, −1 significant decrease, CLASS_NODATA. */
  readonly class3: Int8Array;
  /** 2, 1, 0 (stable), −1, −2, CLASS_NODATA. */
  readonly class5: Int8Array;
  /** Mann–Kendall S (0 where no data: check `n` or class3). */
  readonly s: Int16Array;
  /** Valid years per pixel. */
  readonly n: Uint8Array;
  readonly counts: TrendClassCounts;
}

export interface TrendClassCounts {
  readonly pixels: number;
  readonly noData: number;
  readonly increase: number;
  readonly noChange: number;
  readonly decrease: number;
  readonly class5: { readonly significantIncrease: number; readonly slightIncrease: number; readonly stable: number; readonly slightDecrease: number; readonly significantDecrease: number };
}

/** Output arrays the kernel writes into (whole-grid arrays plus an offset, or strip-sized). */
export interface TrendKernelOutput {
  slope: Float32Array;
  z: Float32Array;
  p: Float32Array;
  class3: Int8Array;
  class5: Int8Array;
  s: Int16Array;
  n: Uint8Array;
}

interface KernelConfig {
  years: number[];
  alpha: number;
  minCount: number;
  stableSlopeEpsilon: number;
}

/**
 * Precomputed tables for one configuration: 1/(t_j − t_i) for the complete series, Var(S)
 * without ties for each n, and Z and p for each (n, S) without ties.
 */
class KernelTables {
  readonly nYears: number;
  readonly invDtFull: Float64Array;
  readonly varNoTies: Float64Array;
  readonly zTable: Float64Array[];
  readonly pTable: Float64Array[];
  readonly maxS: number;
  /**
   * Integer slope keys for the DN kernel: with integer times, L = lcm of all time differences;
   * (x_j − x_i)·(L/(t_j − t_i)) is an exact integer that orders like the slope, so the median
   * can be selected with integer (branch-free) comparisons. 0 when not applicable (non-integer
   * times, or L so large that keys of 16-bit DN differences could exceed 2^30).
   */
  readonly keyScale: number;
  /** L/(t_j − t_i) for the complete series, pair order (i<j). */
  readonly keyMulFull: Int32Array;
  constructor(readonly cfg: KernelConfig) {
    const N = cfg.years.length;
    this.nYears = N;
    let L = 0;
    if (cfg.years.every((y) => Number.isInteger(y))) {
      const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
      L = 1;
      for (let i = 0; i < N && L > 0; i++)
        for (let j = i + 1; j < N && L > 0; j++) {
          const dt = cfg.years[j] - cfg.years[i];
          L = (L / gcd(L, dt)) * dt;
          if (L * 65536 >= 2 ** 30) L = 0;
        }
    }
    this.keyScale = L;
    this.keyMulFull = new Int32Array((N * (N - 1)) / 2);
    if (L > 0) {
      let q = 0;
      for (let i = 0; i < N - 1; i++) for (let j = i + 1; j < N; j++) this.keyMulFull[q++] = L / (cfg.years[j] - cfg.years[i]);
    }
    this.invDtFull = new Float64Array((N * (N - 1)) / 2);
    let c = 0;
    for (let i = 0; i < N - 1; i++) for (let j = i + 1; j < N; j++) this.invDtFull[c++] = 1 / (cfg.years[j] - cfg.years[i]);
    this.varNoTies = new Float64Array(N + 1);
    this.maxS = (N * (N - 1)) / 2;
    this.zTable = [];
    this.pTable = [];
    for (let n = 0; n <= N; n++) {
      this.varNoTies[n] = mannKendallVarianceNoTies(n);
      const zt = new Float64Array(2 * this.maxS + 1);
      const pt = new Float64Array(2 * this.maxS + 1);
      for (let s = -this.maxS; s <= this.maxS; s++) {
        const z = mannKendallZ(s, this.varNoTies[n]);
        zt[s + this.maxS] = z;
        pt[s + this.maxS] = twoSidedP(z);
      }
      this.zTable.push(zt);
      this.pTable.push(pt);
    }
  }
}

/** Marks a missing value in an integer (DN) strip. */
export const DN_MISSING = -2147483648;

/** Per-strip scratch space, allocated once per worker. */
class KernelScratch {
  readonly xs: Float64Array;
  readonly xi: Int32Array;
  readonly ts: Float64Array;
  readonly sorted: Float64Array;
  readonly slopes: Float64Array;
  readonly buf: Float64Array;
  readonly keys: Int32Array;
  readonly keyBuf: Int32Array;
  constructor(N: number) {
    this.keys = new Int32Array((N * (N - 1)) / 2);
    this.keyBuf = new Int32Array(this.keys.length);
    this.xs = new Float64Array(N);
    this.xi = new Int32Array(N);
    this.ts = new Float64Array(N);
    this.sorted = new Float64Array(N);
    this.slopes = new Float64Array((N * (N - 1)) / 2);
    this.buf = new Float64Array(this.slopes.length);
  }
}

function writeNoData(out: TrendKernelOutput, o: number, m: number): void {
  out.n[o] = m;
  out.slope[o] = NaN;
  out.z[o] = NaN;
  out.p[o] = NaN;
  out.class3[o] = CLASS_NODATA;
  out.class5[o] = CLASS_NODATA;
  out.s[o] = 0;
}

/**
 * Everything after the pair loop: Sen median, Var(S) (table or tie-corrected), Z, p, classes.
 * `slopeScale` converts the slope to physical units (DN scale, or 1); `sSign` is −1 when a
 * negative scale reverses the order of DNs.
 */
function finishPixel(sc: KernelScratch, tables: KernelTables, out: TrendKernelOutput, o: number, m: number, c: number, s: number, ties: boolean, slopeScale: number, medianKnown = NaN): void {
  let slope = medianKnown;
  if (slope !== slope) {
    const k = c >> 1;
    slope = selectKthBanded(sc.slopes, sc.buf, c, k);
    if ((c & 1) === 0) slope = (selectKthBanded(sc.slopes, sc.buf, c, k - 1) + slope) / 2;
  }
  slope = slope * slopeScale + 0; // + 0 turns −0 (negative scale) into 0
  if (slopeScale < 0) s = -s;
  let z: number;
  let p: number;
  if (!ties) {
    z = tables.zTable[m][s + tables.maxS];
    p = tables.pTable[m][s + tables.maxS];
  } else {
    // Tie correction: sort the values (m is small: insertion sort) and count groups.
    const xs = sc.xs;
    const sorted = sc.sorted;
    for (let a = 0; a < m; a++) {
      const v = xs[a];
      let b = a - 1;
      while (b >= 0 && sorted[b] > v) {
        sorted[b + 1] = sorted[b];
        b--;
      }
      sorted[b + 1] = v;
    }
    let corr = 0;
    let run = 1;
    for (let a = 1; a <= m; a++) {
      if (a < m && sorted[a] === sorted[a - 1]) run++;
      else {
        if (run > 1) corr += run * (run - 1) * (2 * run + 5);
        run = 1;
      }
    }
    z = mannKendallZ(s, (m * (m - 1) * (2 * m + 5) - corr) / 18);
    p = twoSidedP(z);
  }
  const { alpha, stableSlopeEpsilon } = tables.cfg;
  out.n[o] = m;
  out.slope[o] = slope;
  out.z[o] = z;
  out.p[o] = p;
  out.s[o] = s;
  // classify3 / classify5 of trend.ts, inlined.
  const sig = p < alpha;
  out.class3[o] = sig ? (slope > 0 ? 1 : slope < 0 ? -1 : 0) : 0;
  out.class5[o] = !(Math.abs(slope) > stableSlopeEpsilon) ? 0 : slope > 0 ? (sig ? 2 : 1) : sig ? -2 : -1;
}

/**
 * Trend of every pixel of one strip of physical values. `values` is year-major:
 * values[k·nPixels + i] is year k of pixel i, NaN = missing. Results go to out.*[outOffset + i].
 * Same formulas as trendOfSeries (trend.ts), specialised for speed.
 */
export function trendKernel(values: Float32Array | Float64Array, nPixels: number, tables: KernelTables, out: TrendKernelOutput, outOffset: number, scratch?: KernelScratch): void {
  const { years, minCount } = tables.cfg;
  const N = tables.nYears;
  const sc = scratch ?? new KernelScratch(N);
  const { xs, ts, slopes } = sc;
  const invDtFull = tables.invDtFull;
  for (let i = 0; i < nPixels; i++) {
    let m = 0;
    for (let k = 0; k < N; k++) {
      const v = values[k * nPixels + i];
      if (v === v) {
        xs[m] = v;
        ts[m] = years[k];
        m++;
      }
    }
    const o = outOffset + i;
    if (m < minCount) {
      writeNoData(out, o, m);
      continue;
    }
    let s = 0;
    let zeros = 0;
    let c = 0;
    for (let a = 0; a < m - 1; a++) {
      const xa = xs[a];
      const ta = ts[a];
      for (let b = a + 1; b < m; b++) {
        const d = xs[b] - xa;
        s += (d > 0 ? 1 : 0) - (d < 0 ? 1 : 0);
        zeros += d === 0 ? 1 : 0;
        slopes[c++] = m === N ? d * invDtFull[c - 1] : d / (ts[b] - ta);
      }
    }
    finishPixel(sc, tables, out, o, m, c, s, zeros > 0, 1);
  }
}

/**
 * The same kernel on integer DNs (the MODIS case): `values` is year-major Int32, DN_MISSING =
 * missing. S and ties come from integer sign bits (no data-dependent branches); slopes are
 * computed in DN per time unit and multiplied by `scale` (physical = DN × scale + offset, the
 * offset cancels in differences). Results equal trendKernel on DN × scale + offset up to
 * floating-point rounding.
 */
export function trendKernelDN(values: Int32Array, nPixels: number, scale: number, tables: KernelTables, out: TrendKernelOutput, outOffset: number, scratch?: KernelScratch): void {
  const { years, minCount } = tables.cfg;
  const N = tables.nYears;
  const sc = scratch ?? new KernelScratch(N);
  const { xs, xi, ts, slopes, keys, keyBuf } = sc;
  const invDtFull = tables.invDtFull;
  const L = tables.keyScale;
  const keyMulFull = tables.keyMulFull;
  for (let i = 0; i < nPixels; i++) {
    let m = 0;
    for (let k = 0; k < N; k++) {
      const v = values[k * nPixels + i];
      if (v !== DN_MISSING) {
        xi[m] = v;
        ts[m] = years[k];
        m++;
      }
    }
    const o = outOffset + i;
    if (m < minCount) {
      writeNoData(out, o, m);
      continue;
    }
    let s = 0;
    let zeros = 0;
    let c = 0;
    let median = NaN;
    if (L > 0) {
      // Exact integer slope keys (see KernelTables.keyScale); |key| < 2^30. Σkey and Σkey²
      // feed the band guess of the median selection.
      let ksum = 0;
      let ksq = 0;
      if (m === N) {
        for (let a = 0; a < m - 1; a++) {
          const xa = xi[a];
          for (let b = a + 1; b < m; b++) {
            const d = xi[b] - xa; // |d| < 2^17 for ≤ 16-bit DNs
            // sign(d) = (−d >>> 31) − (d >>> 31); d == 0 ⇔ ((d | −d) >>> 31) == 0.
            s += ((-d >>> 31) - (d >>> 31)) | 0;
            zeros += (((d | -d) >>> 31) ^ 1) | 0;
            const key = Math.imul(d, keyMulFull[c]);
            keys[c] = key;
            ksum += key;
            ksq += key * key;
            c++;
          }
        }
      } else {
        for (let a = 0; a < m - 1; a++) {
          const xa = xi[a];
          const ta = ts[a];
          for (let b = a + 1; b < m; b++) {
            const d = xi[b] - xa;
            s += ((-d >>> 31) - (d >>> 31)) | 0;
            zeros += (((d | -d) >>> 31) ^ 1) | 0;
            const key = Math.imul(d, (L / (ts[b] - ta)) | 0);
            keys[c++] = key;
            ksum += key;
            ksq += key * key;
          }
        }
      }
      const k = c >> 1;
      let key = selectKthBandedIntWithMoments(keys, keyBuf, c, k, ksum, ksq);
      if ((c & 1) === 0) key = (selectKthBandedIntWithMoments(keys, keyBuf, c, k - 1, ksum, ksq) + key) / 2;
      median = key / L;
    } else if (m === N) {
      for (let a = 0; a < m - 1; a++) {
        const xa = xi[a];
        for (let b = a + 1; b < m; b++) {
          const d = xi[b] - xa;
          s += ((-d >>> 31) - (d >>> 31)) | 0;
          zeros += (((d | -d) >>> 31) ^ 1) | 0;
          slopes[c] = d * invDtFull[c];
          c++;
        }
      }
    } else {
      for (let a = 0; a < m - 1; a++) {
        const xa = xi[a];
        const ta = ts[a];
        for (let b = a + 1; b < m; b++) {
          const d = xi[b] - xa;
          s += ((-d >>> 31) - (d >>> 31)) | 0;
          zeros += (((d | -d) >>> 31) ^ 1) | 0;
          slopes[c++] = d / (ts[b] - ta);
        }
      }
    }
    if (zeros > 0) for (let a = 0; a < m; a++) xs[a] = xi[a]; // the tie correction sorts xs
    finishPixel(sc, tables, out, o, m, c, s, zeros > 0, scale, median);
  }
}

/**
 * Integer version of selectKthBanded for |a[i]| < 2^30: comparisons are sign bits of
 * differences, so the counting pass has no data-dependent branches. Does not modify `a`
 * unless it falls back to quickselect.
 */
export function selectKthBandedInt(a: Int32Array, buf: Int32Array, n: number, k: number): number {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    sum += x;
    sq += x * x;
  }
  return selectKthBandedIntWithMoments(a, buf, n, k, sum, sq);
}

/** selectKthBandedInt given Σa and Σa² (the kernel accumulates them in its pair loop). */
function selectKthBandedIntWithMoments(a: Int32Array, buf: Int32Array, n: number, k: number, sum: number, sq: number): number {
  const mu = sum / n;
  const w0 = BAND_SD_INT * Math.sqrt(Math.max(sq / n - mu * mu, 0));
  const LIM = 1 << 30;
  let lo = Math.max(-LIM, Math.floor(mu - w0));
  let hi = Math.min(LIM, Math.floor(mu + w0) + 1);
  for (let iter = 0; iter < 6; iter++) {
    let below = 0;
    let nb = 0;
    for (let i = 0; i < n; i++) {
      const x = a[i];
      buf[nb] = x;
      // x ≥ lo ⇔ sign bit of (x − lo) is 0;  x < hi ⇔ sign bit of (x − hi) is 1.
      const ltLo = (x - lo) >>> 31;
      nb += (ltLo ^ 1) & ((x - hi) >>> 31);
      below += ltLo;
    }
    const w = hi - lo;
    if (k < below) {
      hi = lo;
      lo = Math.max(-LIM, lo - 2 * w);
      continue;
    }
    if (k >= below + nb) {
      lo = hi;
      hi = Math.min(LIM, hi + 2 * w);
      continue;
    }
    // The answer is the in-band value v with #(< v) ≤ kk < #(≤ v): branch-free rank counting
    // (nb is ~10, so nb² sign-bit additions beat a mispredicting sort).
    const kk = k - below;
    for (let j = 0; j < nb; j++) {
      const v = buf[j];
      let lt = 0;
      let le = 0;
      for (let q = 0; q < nb; q++) {
        const y = buf[q];
        lt += (y - v) >>> 31;
        le += ((v - y) >>> 31) ^ 1;
      }
      if (lt <= kk && kk < le) return v;
    }
    break; // unreachable: some in-band value has the rank
  }
  // Fallback (rare): copy and quickselect.
  const f = Float64Array.from(a.subarray(0, n));
  return selectKth(f, n, k);
}

/**
 * k-th smallest (0-based) of a[0..n), without modifying `a` unless it falls back.
 * Why not plain quickselect: on random slopes its compare-and-swap loop mispredicts about
 * every other branch. Here a band around the mean (± BAND_SD standard deviations) is guessed,
 * one pass counts the values below it and compacts the values inside it into `buf`
 * (comparisons used as 0/1 integers, no data-dependent branches), and only the few in-band
 * values are sorted. A band that misses moves outward and widens; after a few misses it falls
 * back to quickselect. The result is exact either way (it is an element of the input).
 */
export function selectKthBanded(a: Float64Array, buf: Float64Array, n: number, k: number): number {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    sum += x;
    sq += x * x;
  }
  const mu = sum / n;
  const sd = Math.sqrt(Math.max(sq / n - mu * mu, 0)) + 1e-300;
  let lo = mu - BAND_SD * sd;
  let hi = mu + BAND_SD * sd;
  for (let iter = 0; iter < 6; iter++) {
    let below = 0;
    let nb = 0;
    for (let i = 0; i < n; i++) {
      const x = a[i];
      buf[nb] = x;
      nb += (x >= lo ? 1 : 0) & (x < hi ? 1 : 0);
      below += x < lo ? 1 : 0;
    }
    const w = hi - lo;
    if (k < below) {
      hi = lo;
      lo -= 2 * w;
      continue;
    }
    if (k >= below + nb) {
      lo = hi;
      hi += 2 * w;
      continue;
    }
    for (let i = 1; i < nb; i++) {
      const v = buf[i];
      let j = i - 1;
      while (j >= 0 && buf[j] > v) {
        buf[j + 1] = buf[j];
        j--;
      }
      buf[j + 1] = v;
    }
    return buf[k - below];
  }
  return selectKth(a, n, k);
}
/** Half-width of the first guessed band in selectKthBanded, in standard deviations (a speed knob only; results are exact). */
const BAND_SD = 0.15;
/** The same for selectKthBandedInt (its in-band step is O(nb²), so a narrower band pays). */
const BAND_SD_INT = 0.1;

/** Build the kernel tables (exported for callers that run trendKernel on their own strips). */
export function makeKernelTables(years: readonly number[], options: TrendOptions = {}): KernelTables {
  const o = resolveTrendOptions(options);
  for (let i = 1; i < years.length; i++) if (!(years[i] > years[i - 1])) throw new RangeError(`years must be strictly increasing (at index ${i}: ${years[i - 1]}, ${years[i]})`);
  if (years.length > 255) throw new RangeError("at most 255 time steps");
  return new KernelTables({ years: [...years], alpha: o.alpha, minCount: o.minCount, stableSlopeEpsilon: o.stableSlopeEpsilon });
}
export type { KernelTables };

interface SharedOutputs {
  slope: SharedArrayBuffer;
  z: SharedArrayBuffer;
  p: SharedArrayBuffer;
  class3: SharedArrayBuffer;
  class5: SharedArrayBuffer;
  s: SharedArrayBuffer;
  n: SharedArrayBuffer;
}

function viewOutputs(b: SharedOutputs): TrendKernelOutput {
  return {
    slope: new Float32Array(b.slope),
    z: new Float32Array(b.z),
    p: new Float32Array(b.p),
    class3: new Int8Array(b.class3),
    class5: new Int8Array(b.class5),
    s: new Int16Array(b.s),
    n: new Uint8Array(b.n),
  };
}

/** True when the stack can use the integer-DN kernel: ≤ 16-bit integer pixels, one scale and offset. */
function useDNPath(headers: readonly RasterHeader[]): boolean {
  const h0 = headers[0];
  return headers.every((h) => (h.sampleType === "int8" || h.sampleType === "uint8" || h.sampleType === "int16" || h.sampleType === "uint16") && h.scale === h0.scale && h.offset === h0.offset);
}

/**
 * Reads one strip of every year into a year-major buffer and runs the kernel on it: Int32 DNs
 * (DN_MISSING for no data) for integer stacks, Float64 physical values (NaN) otherwise.
 * Only `stripRows` rows of each year are held at a time.
 */
class StripProcessor {
  private readonly fds: Array<number | undefined>;
  private readonly dn: boolean;
  private readonly bufDN: Int32Array | undefined;
  private readonly bufF: Float64Array | undefined;
  private readonly scratch: KernelScratch;
  constructor(private readonly headers: readonly RasterHeader[], private readonly width: number, maxRows: number, private readonly tables: KernelTables, private readonly out: TrendKernelOutput) {
    this.fds = [];
    try {
      for (const h of headers) this.fds.push(h.direct ? fs.openSync(h.file, "r") : undefined);
    } catch (e) {
      this.close();
      throw new InputError(`cannot open raster: ${(e as Error).message}`, { file: headers[this.fds.length]?.file, cause: e });
    }
    this.dn = useDNPath(headers);
    const size = headers.length * maxRows * width;
    this.bufDN = this.dn ? new Int32Array(size) : undefined;
    this.bufF = this.dn ? undefined : new Float64Array(size);
    this.scratch = new KernelScratch(headers.length);
  }
  async process(y0: number, y1: number): Promise<void> {
    const np = (y1 - y0) * this.width;
    for (let k = 0; k < this.headers.length; k++) {
      const h = this.headers[k];
      if (this.bufDN) {
        const view = this.bufDN.subarray(k * np, (k + 1) * np);
        if (h.direct) readRowsDirect(h, y0, y1, view, this.fds[k]);
        else await readRowsDN(h, y0, y1, view);
        maskDN(h, view, DN_MISSING);
      } else {
        const view = this.bufF!.subarray(k * np, (k + 1) * np);
        if (h.direct) readRowsDirect(h, y0, y1, view, this.fds[k]);
        else await readRowsDN(h, y0, y1, view);
        dnToPhysical(h, view);
      }
    }
    if (this.bufDN) trendKernelDN(this.bufDN.subarray(0, this.headers.length * np), np, this.headers[0].scale, this.tables, this.out, y0 * this.width, this.scratch);
    else trendKernel(this.bufF!.subarray(0, this.headers.length * np), np, this.tables, this.out, y0 * this.width, this.scratch);
  }
  close(): void {
    for (const fd of this.fds) if (fd !== undefined) fs.closeSync(fd);
  }
}

interface WorkerInit {
  kind: "carbon-ledger-trend";
  headers: RasterHeader[];
  cfg: KernelConfig;
  stripRows: number;
  outputs: SharedOutputs;
}

/** Entry point inside a worker thread (started by trendOfStack). */
export function runTrendWorker(): void {
  if (isMainThread || !parentPort) throw new Error("runTrendWorker must run in a worker thread");
  const init = workerData as WorkerInit;
  const port = parentPort;
  const width = init.headers[0].grid.width;
  const tables = new KernelTables(init.cfg);
  const out = viewOutputs(init.outputs);
  const reader = new StripProcessor(init.headers, width, init.stripRows, tables, out);
  port.on("message", (msg: { y0: number; y1: number } | null) => {
    if (msg === null) {
      reader.close();
      port.close();
      return;
    }
    reader
      .process(msg.y0, msg.y1)
      .then(() => {
        port.postMessage({ done: msg });
      })
      .catch((e: unknown) => {
        const err = e as { name?: string; message?: string; file?: string; place?: string };
        port.postMessage({ error: { name: err?.name, message: err?.message ?? String(e), file: err?.file, place: err?.place } });
      });
  });
}

function workerBootstrap(): { code: string; entry: string; tsxPath: string | undefined } {
  // Inside a notebook, tslab runs this module from compiled output that exists only in memory
  // (__filename ends in .js but no such file is on disk): the worker then loads the .ts source
  // through tsx, as it does under the CLI.
  const fs = require("node:fs") as typeof import("node:fs");
  const entry = __filename.endsWith(".js") && !fs.existsSync(__filename) ? __filename.replace(/\.js$/, ".ts") : __filename;
  let tsxPath: string | undefined;
  if (entry.endsWith(".ts")) tsxPath = require.resolve("tsx/cjs");
  const code = `const { workerData } = require("node:worker_threads");
if (workerData.tsxPath) require(workerData.tsxPath);
require(workerData.entry).runTrendWorker();`;
  return { code, entry, tsxPath };
}

/** Count classes over the whole grid. */
export function countTrendClasses(class3: Int8Array, class5: Int8Array): TrendClassCounts {
  let noData = 0, inc = 0, dec = 0, none = 0;
  const c5 = [0, 0, 0, 0, 0];
  for (let i = 0; i < class3.length; i++) {
    const c = class3[i];
    if (c === CLASS_NODATA) {
      noData++;
      continue;
    }
    if (c === 1) inc++;
    else if (c === -1) dec++;
    else none++;
    c5[class5[i] + 2]++;
  }
  return {
    pixels: class3.length,
    noData,
    increase: inc,
    noChange: none,
    decrease: dec,
    class5: { significantIncrease: c5[4], slightIncrease: c5[3], stable: c5[2], slightDecrease: c5[1], significantDecrease: c5[0] },
  };
}

/**
 * Per-pixel Sen slope, MK Z, p and classes for a stack of single-band rasters, one per time
 * step (`years[k]` belongs to `headers[k]`). All headers must share one grid (readStackHeaders
 * checks it). Work is split in row strips over worker threads; memory is the outputs
 * (~19 bytes/pixel) plus, per worker, nYears × stripRows × width Float32 values.
 */
export async function trendOfStack(headers: readonly RasterHeader[], years: readonly number[], options: TrendRasterOptions = {}): Promise<TrendRasterResult> {
  if (headers.length === 0) throw new RangeError("trendOfStack: no rasters");
  if (headers.length !== years.length) throw new RangeError(`trendOfStack: ${headers.length} rasters but ${years.length} years`);
  const tables = makeKernelTables(years, options);
  const grid = headers[0].grid;
  const { width, height } = grid;
  const nPix = width * height;
  const stripRows = Math.max(1, Math.min(height, options.stripRows ?? Math.ceil(262144 / width)));
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const nStrips = Math.ceil(height / stripRows);
  let workers = options.workers ?? (nPix < 200000 ? 0 : cores);
  workers = Math.max(0, Math.min(workers, nStrips));
  const shared: SharedOutputs = {
    slope: new SharedArrayBuffer(nPix * 4),
    z: new SharedArrayBuffer(nPix * 4),
    p: new SharedArrayBuffer(nPix * 4),
    class3: new SharedArrayBuffer(nPix),
    class5: new SharedArrayBuffer(nPix),
    s: new SharedArrayBuffer(nPix * 2),
    n: new SharedArrayBuffer(nPix),
  };
  const out = viewOutputs(shared);
  let rowsDone = 0;
  const progress = (rows: number) => {
    rowsDone += rows;
    options.onProgress?.(rowsDone, height);
  };

  if (workers === 0) {
    const reader = new StripProcessor(headers, width, stripRows, tables, out);
    try {
      for (let y0 = 0; y0 < height; y0 += stripRows) {
        const y1 = Math.min(height, y0 + stripRows);
        await reader.process(y0, y1);
        progress(y1 - y0);
      }
    } finally {
      reader.close();
    }
  } else {
    const boot = workerBootstrap();
    const init: WorkerInit & { entry: string; tsxPath: string | undefined } = {
      kind: "carbon-ledger-trend",
      headers: headers.map((h) => ({ ...h })),
      cfg: tables.cfg,
      stripRows,
      outputs: shared,
      entry: boot.entry,
      tsxPath: boot.tsxPath,
    };
    let next = 0;
    const pool: Worker[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        let finished = 0;
        let failed = false;
        const dispatch = (w: Worker) => {
          if (next < height) {
            const y0 = next;
            const y1 = Math.min(height, y0 + stripRows);
            next = y1;
            w.postMessage({ y0, y1 });
          } else {
            w.postMessage(null);
          }
        };
        for (let i = 0; i < workers; i++) {
          const w = new Worker(boot.code, { eval: true, workerData: init });
          pool.push(w);
          w.on("message", (msg: { done?: { y0: number; y1: number }; error?: { name?: string; message: string; file?: string; place?: string } }) => {
            if (failed) return;
            if (msg.error) {
              failed = true;
              reject(reviveError(msg.error));
              return;
            }
            if (msg.done) {
              progress(msg.done.y1 - msg.done.y0);
              dispatch(w);
            }
          });
          w.on("error", (e) => {
            if (!failed) {
              failed = true;
              reject(e);
            }
          });
          w.on("exit", () => {
            finished++;
            if (finished === workers && !failed) {
              if (rowsDone === height) resolve();
              else reject(new Error(`trend workers exited after ${rowsDone} of ${height} rows`));
            }
          });
          dispatch(w);
        }
      });
    } finally {
      await Promise.all(pool.map((w) => w.terminate()));
    }
  }
  return { grid, ...out, counts: countTrendClasses(out.class3, out.class5) };
}

function reviveError(e: { name?: string; message: string; file?: string; place?: string }): Error {
  if (e.name === "InputError") {
    // Re-create the InputError (its message already names file and place) so the CLI reports
    // it as bad input (exit code 2).
    return new InputError(e.message);
  }
  return new Error(e.message);
}

/** Area shares of the three classes plus no data; they add to 1. */
export interface TrendClassShares {
  readonly increase: number;
  readonly noChange: number;
  readonly decrease: number;
  readonly noData: number;
  /** "equal-area" (MODIS sinusoidal: pixels count equally), "spherical-cell-area" (EPSG:4326), "pixel-count" (other CRSs). */
  readonly weighting: "equal-area" | "spherical-cell-area" | "pixel-count";
}

/**
 * Area shares of the 3-class map, no data included so the shares add to 100 % (METHODS.md §6.4).
 * MODIS sinusoidal pixels are equal-area, so shares are count shares. On EPSG:4326 a cell's
 * area is ∝ sin(φ_top) − sin(φ_bottom) (spherical Earth; the WGS84 ellipsoid changes the
 * ratios by < 0.5 %), used as the weight of every pixel in that row. Other CRSs: pixel counts.
 */
export function trendClassShares(class3: Int8Array, grid: GridGeometry): TrendClassShares {
  const { width, height } = grid;
  const weighting = grid.crs === "EPSG:4326" ? "spherical-cell-area" : grid.crs === "MODIS-sinusoidal" ? "equal-area" : "pixel-count";
  const acc = [0, 0, 0, 0]; // increase, noChange, decrease, noData
  let total = 0;
  for (let y = 0; y < height; y++) {
    let w = 1;
    if (weighting === "spherical-cell-area") {
      const top = ((grid.originY - y * grid.pixelHeight) * Math.PI) / 180;
      const bottom = ((grid.originY - (y + 1) * grid.pixelHeight) * Math.PI) / 180;
      w = Math.abs(Math.sin(top) - Math.sin(bottom));
    }
    const row = [0, 0, 0, 0];
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const c = class3[i];
      row[c === 1 ? 0 : c === 0 ? 1 : c === -1 ? 2 : 3]++;
    }
    for (let q = 0; q < 4; q++) acc[q] += row[q] * w;
    total += width * w;
  }
  return { increase: acc[0] / total, noChange: acc[1] / total, decrease: acc[2] / total, noData: acc[3] / total, weighting };
}
