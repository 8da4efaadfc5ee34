/**
 * Comparing a computed value with a published one. The tolerance is a named parameter because
 * "agrees with the paper" depends on how close a reproduction on different data can be expected to get.
 */

/** Tolerance for `compareValue`: within when |computed − published| ≤ max(absolute, relative · |published|). */
export interface Tolerance {
  /** Relative tolerance, fraction of |published| (default 0.05 = 5 %). */
  readonly relative?: number;
  /** Absolute tolerance in the figure's unit (default 0). */
  readonly absolute?: number;
}

/** Default tolerance: 5 % of the published value. */
export const DEFAULT_TOLERANCE: Required<Tolerance> = { relative: 0.05, absolute: 0 };

/** Result of comparing a computed number with a published one. */
export interface ValueComparison {
  readonly published: number;
  readonly computed: number;
  /** computed − published (in the figure's unit). */
  readonly difference: number;
  /** computed / published; null when published is 0 or the ratio overflows (never NaN/Infinity). */
  readonly ratio: number | null;
  /** (computed − published) / |published|; null when published is 0. */
  readonly relativeDifference: number | null;
  readonly withinTolerance: boolean;
}

/**
 * Compare a computed value c with a published value p:
 *   difference = c − p,  ratio = c / p,  relative difference = (c − p)/|p|,
 *   within tolerance ⇔ |c − p| ≤ max(absolute, relative·|p|).
 * Throws RangeError on a non-finite input rather than returning NaN silently.
 */
export function compareValue(published: number, computed: number, tolerance: Tolerance = {}): ValueComparison {
  if (!Number.isFinite(published)) throw new RangeError(`compareValue: published value is not finite (${published})`);
  if (!Number.isFinite(computed)) throw new RangeError(`compareValue: computed value is not finite (${computed})`);
  const rel = tolerance.relative ?? DEFAULT_TOLERANCE.relative;
  const abs = tolerance.absolute ?? DEFAULT_TOLERANCE.absolute;
  const difference = computed - published;
  // Ratios that overflow (published subnormal) are as undefined as division by zero: null, never ±Infinity.
  const finiteOrNull = (v: number) => (published === 0 || !Number.isFinite(v) ? null : v);
  const ratio = finiteOrNull(computed / published);
  const relativeDifference = finiteOrNull(difference / Math.abs(published));
  return { published, computed, difference, ratio, relativeDifference, withinTolerance: Math.abs(difference) <= Math.max(abs, rel * Math.abs(published)) };
}

/** A qualitative trend direction. */
export type Direction = "increasing" | "decreasing" | "flat";

/** Result of comparing a published trend direction with a computed one. */
export interface DirectionComparison {
  readonly published: Direction;
  readonly computed: Direction;
  readonly agrees: boolean;
}

/** Compare a published direction ("increasing"/"decreasing") with a computed one: agrees ⇔ equal. */
export function compareDirection(published: Direction, computed: Direction): DirectionComparison {
  return { published, computed, agrees: published === computed };
}
