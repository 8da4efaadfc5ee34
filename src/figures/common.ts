/**
 * Shared pieces of the figure builders: a figure is data ({data, layout}, Plotly JSON), built
 * by pure functions and drawn elsewhere (src/notebook/ or any Plotly host).
 */

/** A Plotly figure: traces and layout (https://plotly.com/javascript/reference/). */
export interface Figure {
  data: Array<Record<string, unknown>>;
  layout: Record<string, unknown>;
}

/** Texts every figure needs: a title that says what to see, and the data source. */
export interface FigureText {
  /** What the reader should see, e.g. "Northwest's transfers to East China fall after 2012". */
  readonly title: string;
  /** Optional second line under the title (smaller), e.g. the method or the years. */
  readonly subtitle?: string;
  /** Data source shown under the plot, e.g. the dataset's caption (demo or real). Required: say where numbers come from. */
  readonly caption: string;
  /** Height in px (default per builder). */
  readonly height?: number;
}

/** Axis title with its unit: "Embodied CO2 (Mt/yr)". A unit is required: every axis of a figure states it. */
export function axisTitle(label: string, unit: string): string {
  if (!unit || !unit.trim()) throw new RangeError(`axis "${label}" needs a unit`);
  return `${label} (${unit})`;
}

/** Break a long text into lines of at most `width` characters at spaces (Plotly does not wrap annotations). */
export function wrapText(text: string, width = 110): string {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out.join("<br>");
}

/**
 * Common layout: title (+ subtitle), caption under the plot area, margins that leave room for both,
 * white background, a readable font. Builders merge their own axes into it.
 */
/** `bottomExtra`: px below the plot area taken by tick labels and an x-axis title (the caption goes under them). */
export function baseLayout(text: FigureText, defaults: { height: number; bottomExtra?: number }): Record<string, unknown> {
  const caption = wrapText(text.caption);
  const captionLines = caption.split("<br>").length;
  const bottom = 50 + (defaults.bottomExtra ?? 0) + 14 * captionLines;
  return {
    title: { text: text.subtitle ? `${text.title}<br><sup>${text.subtitle}</sup>` : text.title, x: 0.02, xanchor: "left", font: { size: 16 } },
    height: text.height ?? defaults.height,
    margin: { l: 70, r: 30, t: text.subtitle ? 80 : 60, b: bottom },
    font: { family: "Helvetica, Arial, sans-serif", size: 12, color: "#222" },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    annotations: [
      {
        text: caption,
        showarrow: false,
        xref: "paper",
        yref: "paper",
        x: 0,
        y: 0,
        xanchor: "left",
        yanchor: "top",
        yshift: -(30 + (defaults.bottomExtra ?? 0)),
        align: "left",
        font: { size: 10, color: "#555" },
        name: "caption",
      },
    ],
  };
}

/** Throw a RangeError naming the figure and place when a number is not finite (figures never show NaN silently). */
export function requireFinite(v: number, what: string): number {
  if (!Number.isFinite(v)) throw new RangeError(`figure: ${what} is not a finite number (${v})`);
  return v;
}
