/** Test helpers for the MRIO engine: small tables and a seeded generator of productive tables. */
import fc from "fast-check";
import type { DenseMatrix, MrioTable } from "../../src/mrio/types";

export function dm(rows: number[][]): DenseMatrix {
  const r = rows.length, c = rows[0]?.length ?? 0;
  return { rows: r, cols: c, data: Float64Array.from(rows.flat()) };
}

/** Relative closeness |a − b| ≤ tol · max(|a|, |b|, floor). */
export function close(a: number, b: number, tol = 1e-12, floor = 1e-9): boolean {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b), floor);
}

export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/**
 * Two regions × one sector, one final-demand category, one stressor: the hand-calculated
 * interregional example in test/mrio/textbook.test.ts.
 */
export function twoRegionTable(): MrioTable {
  const idx = { names: ["region", "sector"], keys: [["north", "goods"], ["south", "goods"]] };
  return {
    regions: ["north", "south"],
    sectors: ["goods"],
    categories: ["households"],
    Z: dm([[20, 30], [10, 40]]),
    Y: dm([[40, 10], [20, 30]]),
    F: { index: { names: ["stressor"], keys: [["CO2"]] }, columns: idx, values: dm([[50, 20]]) },
  };
}

/**
 * Random productive MRIO tables: Y is topped up so every x_j exceeds 1.1 × the column sum of
 * Z, hence every column sum of A is < 1 and (I − A)⁻¹ ≥ 0 exists. Some cells are zero.
 */
export const arbTable = (opts: { exports?: boolean; fy?: boolean } = {}): fc.Arbitrary<MrioTable> =>
  fc
    .record({ m: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 1, max: 4 }), k: fc.integer({ min: 1, max: 3 }), q: fc.integer({ min: 1, max: 2 }), seed: fc.integer() })
    .map(({ m, n, k, q, seed }) => {
      let s = (seed >>> 0) || 1;
      const rnd = () => {
        s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
        return s / 4294967296;
      };
      const val = (scale: number) => (rnd() < 0.2 ? 0 : rnd() * scale);
      const mn = m * n;
      const Z = new Float64Array(mn * mn).map(() => val(100));
      const Y = new Float64Array(mn * m * k).map(() => val(100));
      const e = opts.exports ? new Float64Array(mn).map(() => val(50)) : undefined;
      for (let p = 0; p < mn; p++) {
        let col = 0, row = 0, yrow = 0;
        for (let i = 0; i < mn; i++) col += Z[i * mn + p];
        for (let j = 0; j < mn; j++) row += Z[p * mn + j];
        for (let c = 0; c < m * k; c++) yrow += Y[p * m * k + c];
        const need = 1.1 * col - row - yrow - (e ? e[p] : 0) + 1;
        if (need > 0) Y[p * m * k + Math.floor(rnd() * m * k)] += need;
      }
      const regions = Array.from({ length: m }, (_, i) => `r${i}`);
      const sectors = Array.from({ length: n }, (_, i) => `s${i}`);
      const categories = Array.from({ length: k }, (_, i) => `c${i}`);
      const rs = regions.flatMap((r) => sectors.map((x) => [r, x]));
      const rc = regions.flatMap((r) => categories.map((x) => [r, x]));
      const stress = { names: ["stressor"], keys: Array.from({ length: q }, (_, i) => [`g${i}`]) };
      const table: MrioTable = {
        regions, sectors, categories,
        Z: { rows: mn, cols: mn, data: Z },
        Y: { rows: mn, cols: m * k, data: Y },
        exports: e,
        F: { index: stress, columns: { names: ["region", "sector"], keys: rs }, values: { rows: q, cols: mn, data: new Float64Array(q * mn).map(() => val(1000)) } },
        F_Y: opts.fy ? { index: stress, columns: { names: ["region", "category"], keys: rc }, values: { rows: q, cols: m * k, data: new Float64Array(q * m * k).map(() => val(100)) } } : undefined,
      };
      return table;
    });
