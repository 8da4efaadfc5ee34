/**
 * Shared containers of the MRIO engine. Matrices are dense, row-major Float64Array with an
 * explicit shape (the hot paths work on the flat array); labels live beside them.
 *
 * Axis order everywhere: (region, sector) with region the outer level, as pymrio orders
 * its DataFrames; Y's columns are (region, category), region outer.
 */

/** Dense row-major matrix: element (i, j) is data[i * cols + j]. */
export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A (possibly multi-level) axis: level names and one tuple of labels per position, as a pandas MultiIndex. */
export interface AxisIndex {
  readonly names: readonly string[];
  readonly keys: ReadonlyArray<readonly string[]>;
}

/** A matrix with labelled rows and columns (a pandas DataFrame of floats). */
export interface LabelledMatrix {
  readonly index: AxisIndex;
  readonly columns: AxisIndex;
  readonly values: DenseMatrix;
}

/**
 * A multi-regional input–output table with environmental extensions.
 * m = regions.length, n = sectors.length, k = categories.length.
 */
export interface MrioTable {
  readonly regions: readonly string[];
  readonly sectors: readonly string[];
  /** Final-demand categories per region (e.g. rural households, urban households, government, GFCF, inventories). */
  readonly categories: readonly string[];
  /** Intermediate flows, mn × mn; Z[(r,i),(s,j)] = sales of sector i in r to sector j in s. */
  readonly Z: DenseMatrix;
  /** Final demand, mn × mk; Y[(r,i),(s,c)] = purchases of r's product i by category c of s. */
  readonly Y: DenseMatrix;
  /** Total output, length mn; when absent it is derived as Z·1 + Y·1 (+ exports). */
  readonly x?: Float64Array;
  /** Exports abroad, length mn (CEADs' one export column per region); not part of Y. */
  readonly exports?: Float64Array;
  /** Stressor extensions, stressors × mn (e.g. t CO2 by producing sector). */
  readonly F?: LabelledMatrix;
  /** Stressors emitted directly by final demand (households), stressors × mk. */
  readonly F_Y?: LabelledMatrix;
  /** Value-added rows (components × mn). */
  readonly valueAdded?: LabelledMatrix;
  /** Monetary unit of Z, Y and x (e.g. "10^4 yuan"). */
  readonly unit?: string;
}
