import type { GridGeometry } from "../vegetation/grid";
import { axisTitle, baseLayout, type Figure, type FigureText } from "./common";
import { DIVERGING_BRBG, SEQUENTIAL_YLGN } from "./palette";

/** Input of `rasterHeatmap`. */
export interface RasterHeatmapInput extends FigureText {
  /** Row-major values, grid.width × grid.height, row 0 = north; NaN = no data (drawn blank). */
  readonly values: ArrayLike<number>;
  readonly grid: GridGeometry;
  /** Unit of the values (colour bar title), e.g. "g C m⁻² yr⁻²". */
  readonly unit: string;
  /**
   * "diverging" (default for signed quantities such as trends): brown–white–green centred on zero (zmid 0,
   * symmetric range); "sequential": light → dark green from the minimum; or a Plotly colour scale.
   */
  readonly colorscale?: "diverging" | "sequential" | ReadonlyArray<[number, string]>;
  /**
   * Colour range clipping: the range is the `clipQuantile` … 1 − `clipQuantile` quantiles of the valid values
   * (symmetric ±q(|v|, 1 − clipQuantile) for diverging), so a few outliers do not wash out the map. Default 0.01; 0 = full range.
   */
  readonly clipQuantile?: number;
  /**
   * Largest number of cells drawn (default 200,000). Larger grids are reduced by an integer factor k in both
   * directions, each drawn cell being the mean of the valid pixels of its k×k block ("mean") or its top-left
   * pixel ("nearest", for class maps). A report page cannot carry millions of cells; the factor is shown in the subtitle.
   */
  readonly maxCells?: number;
  readonly resample?: "mean" | "nearest";
  /** Significant digits kept in the embedded values (default 4). */
  readonly digits?: number;
}

/** Reduce a grid by an integer factor k (block mean of valid pixels, or top-left pixel). Returns the reduced values (NaN = no data). */
export function reduceGrid(values: ArrayLike<number>, width: number, height: number, k: number, resample: "mean" | "nearest" = "mean"): { values: Float64Array; width: number; height: number } {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`reduceGrid: factor must be a positive integer, got ${k}`);
  const w = Math.ceil(width / k);
  const h = Math.ceil(height / k);
  const out = new Float64Array(w * h);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      if (resample === "nearest") {
        out[r * w + c] = values[r * k * width + c * k];
        continue;
      }
      let s = 0;
      let n = 0;
      for (let rr = r * k; rr < Math.min(height, (r + 1) * k); rr++) {
        for (let cc = c * k; cc < Math.min(width, (c + 1) * k); cc++) {
          const v = values[rr * width + cc];
          if (Number.isFinite(v)) {
            s += v;
            n++;
          }
        }
      }
      out[r * w + c] = n ? s / n : NaN;
    }
  }
  return { values: out, width: w, height: h };
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i];
}

function round(v: number, digits: number): number | null {
  return Number.isFinite(v) ? Number(v.toPrecision(digits)) : null;
}

/**
 * A raster as a Plotly heatmap on longitude/latitude axes (pixel centres: lon = x₀ + (j + ½)·Δx,
 * lat = y₀ − (i + ½)·Δy), y scaled by 1/cos(mid-latitude) so that shapes are not stretched. Grids that are
 * not geographic (e.g. MODIS sinusoidal) are drawn on their projected x/y in km. No-data pixels are blank.
 */
export function rasterHeatmap(input: RasterHeatmapInput): Figure {
  const g = input.grid;
  if (input.values.length !== g.width * g.height) throw new RangeError(`rasterHeatmap: ${input.values.length} values for a ${g.width} × ${g.height} grid`);
  const maxCells = input.maxCells ?? 200_000;
  const k = Math.max(1, Math.ceil(Math.sqrt((g.width * g.height) / maxCells)));
  const red = k === 1 ? { values: Float64Array.from(input.values as ArrayLike<number>), width: g.width, height: g.height } : reduceGrid(input.values, g.width, g.height, k, input.resample ?? "mean");
  const geographic = g.crs === "EPSG:4326";
  const scale = geographic ? 1 : 1e-3; // projected metres → km
  const dx = g.pixelWidth * k;
  const dy = g.pixelHeight * k;
  const x = Array.from({ length: red.width }, (_, j) => Number(((g.originX + (j + 0.5) * dx) * scale).toPrecision(8)));
  const y = Array.from({ length: red.height }, (_, i) => Number(((g.originY - (i + 0.5) * dy) * scale).toPrecision(8)));
  const digits = input.digits ?? 4;
  const z: Array<Array<number | null>> = [];
  for (let i = 0; i < red.height; i++) {
    const row: Array<number | null> = new Array(red.width);
    for (let j = 0; j < red.width; j++) row[j] = round(red.values[i * red.width + j], digits);
    z.push(row);
  }
  const valid = Float64Array.from(Array.prototype.filter.call(red.values, (v: number) => Number.isFinite(v)) as number[]);
  if (valid.length === 0) throw new RangeError("rasterHeatmap: the raster has no valid pixel");
  const clip = input.clipQuantile ?? 0.01;
  const diverging = input.colorscale === undefined || input.colorscale === "diverging";
  const range: Record<string, number> = {};
  if (diverging) {
    const abs = Float64Array.from(valid, Math.abs).sort();
    const m = quantile(abs, 1 - clip) || 1;
    Object.assign(range, { zmid: 0, zmin: -m, zmax: m });
  } else {
    valid.sort();
    Object.assign(range, { zmin: quantile(valid, clip), zmax: quantile(valid, 1 - clip) });
  }
  const colorscale = Array.isArray(input.colorscale) ? input.colorscale : diverging ? DIVERGING_BRBG : SEQUENTIAL_YLGN;
  const midLat = geographic ? g.originY - (g.height * g.pixelHeight) / 2 : 0;
  const layout = baseLayout(
    { ...input, subtitle: [input.subtitle, k > 1 ? `drawn at 1/${k} resolution (${k}×${k} block ${input.resample === "nearest" ? "top-left pixel" : "means"})` : ""].filter(Boolean).join(" · ") || undefined },
    { height: 560, bottomExtra: 40 },
  );
  layout.xaxis = { title: { text: geographic ? axisTitle("Longitude", "°E") : axisTitle("x", "km") }, showgrid: false, zeroline: false, constrain: "domain" };
  layout.yaxis = {
    title: { text: geographic ? axisTitle("Latitude", "°N") : axisTitle("y", "km") },
    showgrid: false,
    zeroline: false,
    scaleanchor: "x",
    scaleratio: geographic ? 1 / Math.cos((midLat * Math.PI) / 180) : 1,
    constrain: "domain",
  };
  return {
    data: [
      {
        type: "heatmap",
        x,
        y,
        z,
        colorscale,
        ...range,
        hoverongaps: false,
        colorbar: { title: { text: input.unit, side: "right" }, thickness: 14 },
        hovertemplate: `${geographic ? "%{x:.2f}°E, %{y:.2f}°N" : "%{x:.0f}, %{y:.0f} km"}: %{z:.4~g} ${input.unit}<extra></extra>`,
      },
    ],
    layout,
  };
}

/** Input of `classMap`: a categorical raster (e.g. trend classes −1/0/1) with one colour and label per class. */
export interface ClassMapInput extends FigureText {
  readonly values: ArrayLike<number>;
  readonly grid: GridGeometry;
  /** Class code → label and colour, e.g. [{code: 1, label: "significant increase", color: "#1B7837"}, …]. Codes not listed are drawn blank. */
  readonly classes: ReadonlyArray<{ readonly code: number; readonly label: string; readonly color: string }>;
  readonly maxCells?: number;
}

/**
 * A categorical raster on lon/lat axes: each class in its own colour with its label on the colour bar
 * (a stepped colour scale over class indices 0…K−1). Reduced grids take each block's top-left pixel, never a mean of codes.
 */
export function classMap(input: ClassMapInput): Figure {
  const index = new Map(input.classes.map((c, i) => [c.code, i]));
  const idx = Float64Array.from({ length: input.values.length }, (_, i) => {
    const v = index.get(input.values[i]);
    return v === undefined ? NaN : v;
  });
  const K = input.classes.length;
  const steps: Array<[number, string]> = [];
  input.classes.forEach((c, i) => {
    steps.push([i / K, c.color], [(i + 1) / K, c.color]);
  });
  const fig = rasterHeatmap({ ...input, values: idx, unit: "class", colorscale: steps, clipQuantile: 0, resample: "nearest", digits: 2 });
  const trace = fig.data[0];
  Object.assign(trace, {
    zmin: -0.5,
    zmax: K - 0.5,
    colorbar: { title: { text: "class" }, tickvals: input.classes.map((_, i) => i), ticktext: input.classes.map((c) => c.label), thickness: 14 },
    text: undefined,
    hovertemplate: `%{x:.2f}°E, %{y:.2f}°N: class %{z}<extra></extra>`,
  });
  delete (trace as Record<string, unknown>).zmid;
  return fig;
}
