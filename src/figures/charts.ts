import { axisTitle, baseLayout, requireFinite, type Figure, type FigureText } from "./common";
import { colorOf, COMPARISON_COLORS } from "./palette";

/** One series of bars: a name (legend; its palette colour unless `color` is given) and one value per category. */
export interface BarSeries {
  readonly name: string;
  readonly values: readonly number[];
  readonly color?: string;
}

/** A threshold to draw over bars: one value for all categories (a horizontal line) or one per category (a short line over each). */
export interface ThresholdLine {
  readonly name: string;
  readonly values: number | readonly number[];
  readonly color?: string;
}

/** Input of `groupedBars`. */
export interface GroupedBarsInput extends FigureText {
  readonly categories: readonly string[];
  readonly series: readonly BarSeries[];
  /** What the value axis measures and its unit, e.g. {label: "Embodied CO2", unit: "Mt/yr"}. */
  readonly valueAxis: { readonly label: string; readonly unit: string };
  readonly categoryAxis?: { readonly label: string };
  readonly threshold?: ThresholdLine;
  /** "group" (default, side by side) or "stack". */
  readonly barmode?: "group" | "stack";
  /** Colour each bar by its category instead of by series (single-series charts of regions or groups). */
  readonly colorByCategory?: boolean;
  /**
   * Horizontal bars (categories on the y axis, first category at the top) — for long category names such as the
   * 42 sector names. Default: horizontal when a category name is longer than 24 characters.
   */
  readonly horizontal?: boolean;
}

/**
 * Grouped (or stacked) bars with an optional threshold: a single value → a dashed horizontal line across the
 * plot; one value per category → a short thick line over each category's bars (a scatter trace with
 * "line-ew" markers, so it has a legend entry). Values must be finite.
 */
export function groupedBars(input: GroupedBarsInput): Figure {
  const n = input.categories.length;
  for (const s of input.series) {
    if (s.values.length !== n) throw new RangeError(`groupedBars: series "${s.name}" has ${s.values.length} values for ${n} categories`);
    s.values.forEach((v, i) => requireFinite(v, `${s.name} / ${input.categories[i]}`));
  }
  const horizontal = input.horizontal ?? input.categories.some((c) => c.length > 24);
  // Long names are shortened on the axis (full name on hover) so that the plot keeps its width.
  const short = (c: string) => (c.length > 42 ? `${c.slice(0, 40)}…` : c);
  const data: Array<Record<string, unknown>> = input.series.map((s) => ({
    type: "bar",
    name: s.name,
    ...(horizontal ? { orientation: "h", y: input.categories.map(short), x: [...s.values], customdata: [...input.categories] } : { x: [...input.categories], y: [...s.values] }),
    marker: { color: input.colorByCategory ? input.categories.map(colorOf) : (s.color ?? colorOf(s.name)) },
    hovertemplate: horizontal ? `%{customdata} · ${s.name}: %{x:.4~g} ${input.valueAxis.unit}<extra></extra>` : `%{x} · ${s.name}: %{y:.4~g} ${input.valueAxis.unit}<extra></extra>`,
  }));
  const layout = baseLayout(input, { height: horizontal ? Math.max(460, 120 + 26 * input.categories.length * Math.max(1, input.barmode === "stack" ? 1 : input.series.length * 0.7)) : 460, bottomExtra: horizontal || input.categoryAxis?.label ? 40 : 22 });
  layout.barmode = input.barmode ?? "group";
  const categoryAxis = { title: { text: input.categoryAxis?.label ?? "" }, type: "category", ...(horizontal ? { autorange: "reversed", automargin: true } : {}) };
  const valueAxis = { title: { text: axisTitle(input.valueAxis.label, input.valueAxis.unit) }, zeroline: true, zerolinecolor: "#888", gridcolor: "#eee" };
  layout.xaxis = horizontal ? valueAxis : categoryAxis;
  layout.yaxis = horizontal ? categoryAxis : valueAxis;
  layout.legend = { orientation: "h", y: 1.02, yanchor: "bottom", x: 1, xanchor: "right" };
  // Room for the legend row between the title (and subtitle) and the plot.
  (layout.margin as { t: number }).t += 24;
  const t = input.threshold;
  if (t) {
    const color = t.color ?? COMPARISON_COLORS.threshold;
    if (typeof t.values === "number") {
      requireFinite(t.values, t.name);
      if (horizontal) {
        layout.shapes = [{ type: "line", yref: "paper", y0: 0, y1: 1, xref: "x", x0: t.values, x1: t.values, line: { color, width: 2, dash: "dash" } }];
        (layout.annotations as unknown[]).push({ yref: "paper", y: 1, yanchor: "bottom", xref: "x", x: t.values, xanchor: "left", text: t.name, showarrow: false, font: { color, size: 11 } });
      } else {
        layout.shapes = [{ type: "line", xref: "paper", x0: 0, x1: 1, yref: "y", y0: t.values, y1: t.values, line: { color, width: 2, dash: "dash" } }];
        (layout.annotations as unknown[]).push({ xref: "paper", x: 1, xanchor: "right", yref: "y", y: t.values, yanchor: "bottom", text: t.name, showarrow: false, font: { color, size: 11 } });
      }
    } else {
      if (t.values.length !== n) throw new RangeError(`groupedBars: threshold "${t.name}" has ${t.values.length} values for ${n} categories`);
      t.values.forEach((v, i) => requireFinite(v, `${t.name} / ${input.categories[i]}`));
      data.push({
        type: "scatter",
        mode: "markers",
        name: t.name,
        ...(horizontal ? { y: input.categories.map(short), x: [...t.values] } : { x: [...input.categories], y: [...t.values] }),
        marker: { symbol: horizontal ? "line-ns-open" : "line-ew-open", size: 44, color, line: { width: 3, color } },
        hovertemplate: `%{x} · ${t.name}: %{y:.4~g} ${input.valueAxis.unit}<extra></extra>`,
      });
    }
  }
  return { data, layout };
}

/** One line: a name (legend; palette colour unless `color`), x and y of equal length. */
export interface LineSeries {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly color?: string;
  readonly dash?: "solid" | "dash" | "dot";
}

/** Input of `lineChart`. */
export interface LineChartInput extends FigureText {
  readonly series: readonly LineSeries[];
  readonly xAxis: { readonly label: string; readonly unit?: string };
  readonly yAxis: { readonly label: string; readonly unit: string };
  /** Draw markers at data points (default true: table years are sparse, the reader should see where data are). */
  readonly markers?: boolean;
}

/** Lines over a numeric x axis (typically years), markers at the data points, units on the y axis. */
export function lineChart(input: LineChartInput): Figure {
  const data = input.series.map((s) => {
    if (s.x.length !== s.y.length) throw new RangeError(`lineChart: series "${s.name}" has ${s.x.length} x and ${s.y.length} y values`);
    s.y.forEach((v, i) => requireFinite(v, `${s.name} at ${s.x[i]}`));
    return {
      type: "scatter",
      mode: input.markers === false ? "lines" : "lines+markers",
      name: s.name,
      x: [...s.x],
      y: [...s.y],
      line: { color: s.color ?? colorOf(s.name), width: 2.5, dash: s.dash ?? "solid" },
      marker: { size: 7 },
      hovertemplate: `${s.name}, %{x}: %{y:.4~g} ${input.yAxis.unit}<extra></extra>`,
    };
  });
  const layout = baseLayout(input, { height: 440, bottomExtra: 40 });
  const allX = input.series.flatMap((s) => s.x);
  const integerX = allX.every((v) => Number.isInteger(v));
  layout.xaxis = { title: { text: input.xAxis.unit ? axisTitle(input.xAxis.label, input.xAxis.unit) : input.xAxis.label }, gridcolor: "#eee", ...(integerX ? { tickmode: "array", tickvals: [...new Set(allX)].sort((a, b) => a - b) } : {}) };
  layout.yaxis = { title: { text: axisTitle(input.yAxis.label, input.yAxis.unit) }, gridcolor: "#eee", zeroline: true, zerolinecolor: "#888" };
  layout.legend = { orientation: "h", y: 1.02, yanchor: "bottom", x: 1, xanchor: "right" };
  // Room for the legend row between the title (and subtitle) and the plot.
  (layout.margin as { t: number }).t += 24;
  return { data, layout };
}

/** Input of `publishedVsComputedBars`. */
export interface ComparisonBarsInput extends FigureText {
  /** One entry per figure: a short label, the published and the computed value (same unit). */
  readonly items: ReadonlyArray<{ readonly label: string; readonly published: number; readonly computed: number | null }>;
  readonly valueAxis: { readonly label: string; readonly unit: string };
}

/** Published (grey) beside computed (blue) values, one pair of bars per figure; a missing computed value leaves a gap. */
export function publishedVsComputedBars(input: ComparisonBarsInput): Figure {
  const fig = groupedBars({
    ...input,
    categories: input.items.map((i) => i.label),
    series: [
      { name: "published", values: input.items.map((i) => i.published), color: COMPARISON_COLORS.published },
      { name: "computed", values: input.items.map((i) => i.computed ?? 0), color: COMPARISON_COLORS.computed },
    ],
  });
  // A missing value is a gap, not a zero bar.
  (fig.data[1] as { y: Array<number | null> }).y = input.items.map((i) => i.computed);
  return fig;
}
