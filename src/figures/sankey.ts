import { baseLayout, requireFinite, type Figure, type FigureText } from "./common";
import { colorOf, withAlpha } from "./palette";

/** One flow of a Sankey diagram: `value` from `source` (left) to `target` (right). */
export interface SankeyFlow {
  readonly source: string;
  readonly target: string;
  readonly value: number;
}

/** Input of `sankeyFigure`. */
export interface SankeyInput extends FigureText {
  readonly flows: readonly SankeyFlow[];
  /** Unit of the flow values, e.g. "Mt CO2/yr". */
  readonly unit: string;
  /** Label suffixes that tell the two sides apart, e.g. " (emitted)" / " (consumed)". Default: none. */
  readonly sourceSuffix?: string;
  readonly targetSuffix?: string;
  /** Flows below this value are left out (default 0: only zero flows are dropped). */
  readonly minValue?: number;
}

/**
 * A two-column Sankey diagram (Plotly `sankey`): sources on the left, targets on the right, link width ∝ value.
 * The same name may appear on both sides (e.g. Northwest emitting for Northwest's own demand) as two nodes.
 * Node colours follow the project palette; links take their source's colour, translucent.
 * Negative or non-finite values are refused (a flow is a non-negative quantity).
 */
export function sankeyFigure(input: SankeyInput): Figure {
  const min = input.minValue ?? 0;
  const flows = input.flows.filter((f) => {
    requireFinite(f.value, `flow ${f.source} → ${f.target}`);
    if (f.value < 0) throw new RangeError(`sankey: negative flow ${f.source} → ${f.target} (${f.value}); pass magnitudes`);
    return f.value > min && f.value > 0;
  });
  const sources = [...new Set(flows.map((f) => f.source))];
  const targets = [...new Set(flows.map((f) => f.target))];
  const labels = [...sources.map((s) => s + (input.sourceSuffix ?? "")), ...targets.map((t) => t + (input.targetSuffix ?? ""))];
  const names = [...sources, ...targets];
  return {
    data: [
      {
        type: "sankey",
        // Plotly's own layout (deterministic) keeps large nodes inside the plot; a two-column graph puts sources left, targets right.
        arrangement: "snap",
        valueformat: ".3~s",
        valuesuffix: ` ${input.unit}`,
        node: {
          label: labels,
          color: names.map(colorOf),
          pad: 12,
          thickness: 18,
          line: { color: "#444", width: 0.5 },
          hovertemplate: `%{label}: %{value}<extra></extra>`,
        },
        link: {
          source: flows.map((f) => sources.indexOf(f.source)),
          target: flows.map((f) => sources.length + targets.indexOf(f.target)),
          value: flows.map((f) => f.value),
          color: flows.map((f) => withAlpha(colorOf(f.source), 0.45)),
          hovertemplate: `%{source.label} → %{target.label}: %{value}<extra></extra>`,
        },
      },
    ],
    layout: baseLayout(input, { height: 480, bottomExtra: 10 }),
  };
}
