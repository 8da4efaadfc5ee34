import { baseLayout, requireFinite, type Figure, type FigureText } from "./common";
import { DIVERGING_BRBG, SEQUENTIAL_ORRD } from "./palette";

/** A GeoJSON FeatureCollection of polygons (e.g. `loadChinaProvinces()` of src/sources/province-boundaries). */
export interface GeoJsonCollection {
  readonly type: "FeatureCollection";
  readonly features: ReadonlyArray<{ readonly type: "Feature"; readonly id?: string | number; readonly properties: Readonly<Record<string, unknown>>; readonly geometry: unknown }>;
}

/** One province's value: `location` is its feature id (adcode by default). */
export interface ChoroplethValue {
  readonly location: string;
  readonly value: number;
  /** Name shown on hover (default: the feature's `nameEn`, else `name`, else the id). */
  readonly label?: string;
}

/** Input of `provinceChoropleth`. */
export interface ChoroplethInput extends FigureText {
  readonly geojson: GeoJsonCollection;
  readonly values: readonly ChoroplethValue[];
  /** Unit of the values, shown on the colour bar. */
  readonly unit: string;
  /** Feature property matched against `location` (default "properties.adcode", as the built-in boundaries). */
  readonly featureIdKey?: string;
  /** "sequential" (default; light → dark red) or "diverging" (centred on zero); or a Plotly colour scale. */
  readonly colorscale?: "sequential" | "diverging" | ReadonlyArray<[number, string]>;
  /**
   * Map extent: "geojson" fits every feature passed (default, as specified for the reports),
   * "locations" fits only the features that have values.
   */
  readonly fitbounds?: "geojson" | "locations";
  /** Draw features without a value in light grey for context (default true). */
  readonly showContext?: boolean;
  /**
   * Decimals kept in coordinates (default 3 ≈ 100 m): the polygons are embedded in the figure JSON, and a
   * report page does not need survey precision.
   */
  readonly coordinateDecimals?: number;
}

function roundCoords(c: unknown, f: number): unknown {
  if (typeof c === "number") return Math.round(c * f) / f;
  return Array.isArray(c) ? c.map((x) => roundCoords(x, f)) : c;
}

function bbox(c: unknown, acc: [number, number, number, number]): void {
  if (Array.isArray(c) && typeof c[0] === "number") {
    acc[0] = Math.min(acc[0], c[0] as number);
    acc[1] = Math.min(acc[1], c[1] as number);
    acc[2] = Math.max(acc[2], c[0] as number);
    acc[3] = Math.max(acc[3], c[1] as number);
  } else if (Array.isArray(c)) for (const x of c) bbox(x, acc);
}

function featureKey(f: GeoJsonCollection["features"][number], key: string): string {
  let v: unknown = f;
  for (const part of key.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
  return String(v);
}

/**
 * A province choropleth (Plotly `choropleth` with the given GeoJSON, `featureidkey`, `fitbounds`; base map
 * layers off — no tiles, no topojson download, so the report draws offline). Values whose location is not in
 * the GeoJSON are refused (naming them), so a misspelt id never disappears silently.
 */
export function provinceChoropleth(input: ChoroplethInput): Figure {
  const key = input.featureIdKey ?? "properties.adcode";
  const ids = input.geojson.features.map((f) => featureKey(f, key));
  const missing = input.values.filter((v) => !ids.includes(v.location)).map((v) => v.location);
  if (missing.length) throw new RangeError(`choropleth: no feature with ${key} = ${missing.join(", ")}`);
  input.values.forEach((v) => requireFinite(v.value, `value of ${v.location}`));
  const nameOf = (id: string) => {
    const f = input.geojson.features[ids.indexOf(id)];
    return String(f.properties.nameEn ?? f.properties.name ?? id);
  };
  const diverging = input.colorscale === "diverging";
  const colorscale = Array.isArray(input.colorscale) ? input.colorscale : diverging ? DIVERGING_BRBG : SEQUENTIAL_ORRD;
  const maxAbs = Math.max(0, ...input.values.map((v) => Math.abs(v.value)));
  // plotly.js (2.x–3.x) downloads its world topojson from cdn.plot.ly whenever the FIRST trace of a geo subplot has
  // a `locationmode` (choropleths with GeoJSON get "geojson-id"); offline the download fails and nothing is drawn.
  // A first, invisible `scattergeo` trace positioned by lon/lat has no locationmode, so no download is attempted.
  // Its point sits at the centre of the polygons' bounding box so that it never widens `fitbounds`.
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of input.geojson.features) bbox((f.geometry as { coordinates?: unknown }).coordinates, box);
  const centre = Number.isFinite(box[0]) ? [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2] : [0, 0];
  const factor = 10 ** (input.coordinateDecimals ?? 3);
  // Each trace carries only its own features (the polygons are the bulk of the figure's bytes).
  const subset = (want: readonly string[]) => ({
    type: "FeatureCollection",
    features: input.geojson.features
      .filter((_, i) => want.includes(ids[i]))
      .map((f) => ({ ...f, geometry: { ...(f.geometry as object), coordinates: roundCoords((f.geometry as { coordinates?: unknown }).coordinates, factor) } })),
  });
  const data: Array<Record<string, unknown>> = [
    { type: "scattergeo", lon: [centre[0]], lat: [centre[1]], mode: "markers", marker: { size: 0, opacity: 0 }, hoverinfo: "skip", showlegend: false, name: "offline anchor" },
  ];
  const withValue = new Set(input.values.map((v) => v.location));
  const context = ids.filter((id) => !withValue.has(id));
  if ((input.showContext ?? true) && context.length) {
    data.push({
      type: "choropleth",
      geojson: subset(context),
      featureidkey: key,
      locations: context,
      z: context.map(() => 0),
      text: context.map(nameOf),
      colorscale: [[0, "#EEEEEE"], [1, "#EEEEEE"]],
      showscale: false,
      marker: { line: { color: "#BBBBBB", width: 0.4 } },
      hovertemplate: "%{text}: no value<extra></extra>",
      name: "other provinces",
    });
  }
  data.push({
    type: "choropleth",
    geojson: subset([...withValue]),
    featureidkey: key,
    locations: input.values.map((v) => v.location),
    z: input.values.map((v) => v.value),
    text: input.values.map((v) => v.label ?? nameOf(v.location)),
    colorscale,
    ...(diverging ? { zmid: 0, zmin: -maxAbs, zmax: maxAbs } : {}),
    colorbar: { title: { text: input.unit, side: "right" }, thickness: 14 },
    marker: { line: { color: "#FFFFFF", width: 0.8 } },
    hovertemplate: `%{text}: %{z:.4~g} ${input.unit}<extra></extra>`,
    name: input.unit,
  });
  const layout = baseLayout(input, { height: 520 });
  layout.geo = {
    fitbounds: input.fitbounds ?? "geojson",
    visible: false,
    projection: { type: "mercator" },
    bgcolor: "#ffffff",
  };
  return { data, layout };
}
