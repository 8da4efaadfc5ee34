import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  classMap,
  colorOf,
  groupedBars,
  lineChart,
  provinceChoropleth,
  publishedVsComputedBars,
  rasterHeatmap,
  reduceGrid,
  REGION_COLORS,
  SECTOR_GROUP_COLORS,
  PROVINCE_COLORS,
  sankeyFigure,
  withAlpha,
  wrapText,
  type Figure,
} from "../../src/figures";
import { figuresForConclusion } from "../../src/balance/study-figures";
import type { GridGeometry } from "../../src/vegetation/grid";

const CAPTION = "demo data: test caption";
const captionOf = (f: Figure) => ((f.layout.annotations as Array<{ name?: string; text: string }>).find((a) => a.name === "caption") ?? { text: "" }).text;
const yTitle = (f: Figure) => ((f.layout.yaxis as { title: { text: string } }).title.text);

test("palette: one distinct colour per region, per province, per sector group; spellings agree", () => {
  for (const table of [REGION_COLORS, PROVINCE_COLORS, SECTOR_GROUP_COLORS]) {
    const colours = Object.values(table);
    assert.equal(new Set(colours).size, colours.length);
  }
  assert.equal(colorOf("Northwest China"), REGION_COLORS.Northwest);
  assert.equal(colorOf("西北"), REGION_COLORS.Northwest);
  assert.equal(colorOf("energy"), SECTOR_GROUP_COLORS["Energy industry"]);
  assert.equal(colorOf("宁夏"), PROVINCE_COLORS.Ningxia);
  assert.equal(colorOf("Hebei"), colorOf("Hebei")); // stable fallback
  assert.match(colorOf("Some other label"), /^#[0-9A-F]{6}$/i);
  assert.equal(withAlpha("#D55E00", 0.5), "rgba(213,94,0,0.5)");
  assert.throws(() => withAlpha("red", 1), RangeError);
});

test("wrapText: no line longer than the width (unless one word is)", () => {
  fc.assert(
    fc.property(fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { maxLength: 60 }), fc.integer({ min: 12, max: 120 }), (words, width) => {
      const lines = wrapText(words.join(" "), width).split("<br>");
      for (const l of lines) assert.ok(l.length <= width, l);
      assert.equal(lines.join(" ").split(" ").filter(Boolean).join(" "), words.join(" "));
    }),
  );
});

test("sankey: nodes, links, totals and colours", () => {
  const flows = [
    { source: "Northwest", target: "East", value: 50 },
    { source: "Northwest", target: "Central", value: 20 },
    { source: "North", target: "Northwest", value: 30 },
    { source: "North", target: "South", value: 0 },
  ];
  const f = sankeyFigure({ flows, unit: "Mt CO2/yr", title: "t", caption: CAPTION, targetSuffix: " (consumed)" });
  const tr = f.data[0] as any;
  assert.deepEqual(tr.node.label, ["Northwest", "North", "East (consumed)", "Central (consumed)", "Northwest (consumed)"]);
  assert.deepEqual(tr.link.source, [0, 0, 1]);
  assert.deepEqual(tr.link.target, [2, 3, 4]);
  assert.equal(tr.link.value.reduce((a: number, b: number) => a + b, 0), 100);
  assert.equal(tr.node.color[0], REGION_COLORS.Northwest);
  assert.equal(tr.valuesuffix, " Mt CO2/yr");
  assert.equal(captionOf(f), CAPTION);
  assert.throws(() => sankeyFigure({ flows: [{ source: "a", target: "b", value: -1 }], unit: "t", title: "t", caption: "" }), /negative flow/);
  assert.throws(() => sankeyFigure({ flows: [{ source: "a", target: "b", value: NaN }], unit: "t", title: "t", caption: "" }), /not a finite/);
});

const square = (x0: number, y0: number) => ({ type: "MultiPolygon", coordinates: [[[[x0, y0], [x0 + 1, y0], [x0 + 1, y0 + 1], [x0, y0 + 1], [x0, y0]]]] });
const GJ = {
  type: "FeatureCollection" as const,
  features: [
    { type: "Feature" as const, id: "610000", properties: { adcode: "610000", name: "陕西", nameEn: "Shaanxi" }, geometry: square(100, 30) },
    { type: "Feature" as const, id: "640000", properties: { adcode: "640000", name: "宁夏", nameEn: "Ningxia" }, geometry: square(102.1234567, 30) },
    { type: "Feature" as const, id: "110000", properties: { adcode: "110000", name: "北京" }, geometry: square(110, 40) },
  ],
};

test("choropleth: geojson + featureidkey + fitbounds, no tiles, offline anchor first, diverging centred on 0", () => {
  const f = provinceChoropleth({ geojson: GJ, values: [{ location: "610000", value: -3 }, { location: "640000", value: 5 }], unit: "Mt/yr", title: "t", caption: CAPTION, colorscale: "diverging" });
  assert.equal((f.data[0] as any).type, "scattergeo");
  assert.equal((f.data[0] as any).locationmode, undefined);
  // The anchor point lies inside the features' bounding box (it must not widen fitbounds).
  assert.ok((f.data[0] as any).lon[0] >= 100 && (f.data[0] as any).lon[0] <= 111);
  const ctx = f.data[1] as any;
  const main = f.data[2] as any;
  assert.deepEqual(ctx.locations, ["110000"]);
  assert.equal(ctx.geojson.features.length, 1);
  assert.equal(main.type, "choropleth");
  assert.equal(main.featureidkey, "properties.adcode");
  assert.deepEqual(main.locations, ["610000", "640000"]);
  assert.deepEqual(main.text, ["Shaanxi", "Ningxia"]);
  assert.equal(main.zmid, 0);
  assert.equal(main.zmin, -5);
  assert.equal(main.zmax, 5);
  assert.equal(main.colorbar.title.text, "Mt/yr");
  assert.equal(main.geojson.features[1].geometry.coordinates[0][0][0][0], 102.123); // rounded to 3 decimals
  assert.deepEqual((f.layout.geo as any).fitbounds, "geojson");
  assert.equal((f.layout.geo as any).visible, false);
  assert.equal(captionOf(f), CAPTION);
  assert.throws(() => provinceChoropleth({ geojson: GJ, values: [{ location: "999999", value: 1 }], unit: "x", title: "t", caption: "" }), /999999/);
});

const GRID: GridGeometry = { width: 4, height: 3, crs: "EPSG:4326", originX: 100, originY: 40, pixelWidth: 0.5, pixelHeight: 0.5 };

test("raster heatmap: lon/lat centres, units, diverging scale symmetric around zero, no data → null", () => {
  const v = [1, -2, NaN, 4, 0, 0, 0, 0, -1, 1, 1, 1];
  const f = rasterHeatmap({ values: v, grid: GRID, unit: "g C m⁻² yr⁻²", title: "t", caption: CAPTION, clipQuantile: 0 });
  const tr = f.data[0] as any;
  assert.deepEqual(tr.x, [100.25, 100.75, 101.25, 101.75]);
  assert.deepEqual(tr.y, [39.75, 39.25, 38.75]);
  assert.equal(tr.z[0][2], null);
  assert.equal(tr.zmid, 0);
  assert.equal(tr.zmin, -4);
  assert.equal(tr.zmax, 4);
  assert.equal(tr.colorbar.title.text, "g C m⁻² yr⁻²");
  assert.equal((f.layout.xaxis as any).title.text, "Longitude (°E)");
  assert.equal(yTitle(f), "Latitude (°N)");
  assert.ok(Math.abs((f.layout.yaxis as any).scaleratio - 1 / Math.cos((39.25 * Math.PI) / 180)) < 1e-12);
  assert.equal(captionOf(f), CAPTION);
  const seq = rasterHeatmap({ values: v, grid: GRID, unit: "u", title: "t", caption: "", colorscale: "sequential", clipQuantile: 0 });
  assert.equal((seq.data[0] as any).zmin, -2);
  assert.equal((seq.data[0] as any).zmid, undefined);
  assert.throws(() => rasterHeatmap({ values: [1], grid: GRID, unit: "u", title: "t", caption: "" }), /1 values for a 4 × 3 grid/);
});

test("raster heatmap: large grids are reduced; reduceGrid keeps the mean of valid pixels", () => {
  const r = reduceGrid([1, 3, NaN, 5, 2, 2, 7, 7, 9], 3, 3, 2);
  assert.equal(r.width, 2);
  assert.deepEqual(Array.from(r.values), [2.75, 2, 7, 9]);
  const big: GridGeometry = { ...GRID, width: 100, height: 50 };
  const f = rasterHeatmap({ values: new Float64Array(5000).fill(1), grid: big, unit: "u", title: "t", caption: "", maxCells: 1250, colorscale: "sequential" });
  assert.equal((f.data[0] as any).x.length, 50);
  assert.equal((f.data[0] as any).z.length, 25);
  assert.match((f.layout.title as any).text, /1\/2 resolution/);
});

test("class map: one colour per class, labels on the colour bar", () => {
  const classes = [
    { code: -1, label: "significant decrease", color: "#8C510A" },
    { code: 0, label: "no significant change", color: "#D9D9D9" },
    { code: 1, label: "significant increase", color: "#1B7837" },
  ];
  const f = classMap({ values: [1, 0, -1, -128, 1, 1, 0, 0, 0, 0, 0, 0], grid: GRID, classes, title: "t", caption: CAPTION });
  const tr = f.data[0] as any;
  assert.deepEqual(tr.z[0], [2, 1, 0, null]);
  assert.deepEqual(tr.colorbar.ticktext, classes.map((c) => c.label));
  assert.equal(tr.zmin, -0.5);
  assert.equal(tr.zmax, 2.5);
});

test("grouped bars with per-category threshold: the study's conclusion-4 numbers", () => {
  const provinces = ["Shaanxi", "Gansu", "Ningxia"];
  const f = groupedBars({
    categories: provinces,
    series: [{ name: "Embodied emissions", values: [215.63, 122.22, 111.88] }],
    threshold: { name: "Absorption threshold", values: [361.91, 558.48, 39.68] },
    valueAxis: { label: "CO2", unit: "Mt/yr" },
    title: "Ningxia's embodied emissions exceed its absorption threshold",
    caption: CAPTION,
    colorByCategory: true,
  });
  assert.equal(f.data.length, 2);
  assert.deepEqual((f.data[0] as any).marker.color, provinces.map(colorOf));
  assert.deepEqual((f.data[1] as any).y, [361.91, 558.48, 39.68]);
  assert.equal(yTitle(f), "CO2 (Mt/yr)");
  const single = groupedBars({ categories: ["a"], series: [{ name: "s", values: [0.5] }], threshold: { name: "100 %", values: 1 }, valueAxis: { label: "Pressure", unit: "fraction" }, title: "t", caption: "" });
  assert.equal((single.layout.shapes as any[])[0].y0, 1);
  assert.throws(() => groupedBars({ categories: ["a", "b"], series: [{ name: "s", values: [1] }], valueAxis: { label: "v", unit: "u" }, title: "t", caption: "" }), /1 values for 2/);
  assert.throws(() => groupedBars({ categories: ["a"], series: [{ name: "s", values: [1] }], valueAxis: { label: "v", unit: "" }, title: "t", caption: "" }), /needs a unit/);
});

test("line chart: palette colours, year ticks, units", () => {
  const f = lineChart({
    series: [{ name: "East", x: [2007, 2010, 2012], y: [3, 2, 1] }, { name: "Central", x: [2007, 2010, 2012], y: [1, 2, 3] }],
    xAxis: { label: "Year" },
    yAxis: { label: "Embodied CO2 from Northwest", unit: "Mt/yr" },
    title: "t",
    caption: CAPTION,
  });
  assert.equal((f.data[0] as any).line.color, REGION_COLORS.East);
  assert.deepEqual((f.layout.xaxis as any).tickvals, [2007, 2010, 2012]);
  assert.equal(yTitle(f), "Embodied CO2 from Northwest (Mt/yr)");
  assert.throws(() => lineChart({ series: [{ name: "a", x: [1], y: [NaN] }], xAxis: { label: "x" }, yAxis: { label: "y", unit: "u" }, title: "", caption: "" }), /not a finite/);
});

test("published vs computed bars from study-figures.json (conclusion 4 embodied emissions)", () => {
  const items = figuresForConclusion(4)
    .filter((f) => f.id.endsWith("-embodied"))
    .map((f) => ({ label: f.province!, published: f.value as number, computed: f.province === "Ningxia" ? null : (f.value as number) * 1.1 }));
  assert.equal(items.length, 5);
  const fig = publishedVsComputedBars({ items, valueAxis: { label: "Embodied CO2", unit: "Mt/yr" }, title: "t", caption: CAPTION });
  assert.deepEqual((fig.data[0] as any).y, [215.63, 122.22, 36.48, 223.04, 111.88]);
  assert.equal((fig.data[1] as any).y[4], null);
  assert.equal(JSON.stringify(fig).includes("NaN"), false);
});
