/**
 * The study's figures, built from the summaries of src/balance/study.ts (pure: results → Plotly JSON).
 * Titles are written from the numbers, so they state what this run's data show (demo or real),
 * not what the paper found.
 */
import type { ProvincePressure, SectorGroupSummary, TransferSummary, VegetationRasters, VegetationSummary } from "../balance/study";
import { FOCUS_REGION, NORTHWEST_PROVINCES } from "../balance/study";
import type { YearValue } from "../balance/growth";
import type { Province } from "../sources/regions";
import { groupedBars, lineChart } from "./charts";
import { provinceChoropleth, type GeoJsonCollection } from "./choropleth";
import type { Figure } from "./common";
import { classMap, rasterHeatmap } from "./raster";
import { sankeyFigure } from "./sankey";
import { colorOf, TREND_CLASS_COLORS } from "./palette";

const f1 = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
const MT = "Mt CO2/yr";
const xs = (s: readonly YearValue[]) => s.map((p) => p.year);
const ys = (s: readonly YearValue[]) => s.map((p) => p.value);
const netWord = (t: TransferSummary) => (t.parameters.net === "outflow-minus-inflow" ? "hosted for others − caused elsewhere" : "caused elsewhere − hosted for others");

/** Net embodied transfer of Northwest and each Northwest province by year (lines). */
export function netTransferLines(t: TransferSummary, caption: string): Figure {
  const names = [FOCUS_REGION, ...NORTHWEST_PROVINCES];
  const avg = t.netTransferMtPerYear.average[FOCUS_REGION];
  const host = t.parameters.net === "outflow-minus-inflow" ? avg > 0 : avg < 0;
  return lineChart({
    series: names.map((n) => ({ name: n, x: xs(t.netTransferMtPerYear.byYear[n]), y: ys(t.netTransferMtPerYear.byYear[n]), dash: n === FOCUS_REGION ? ("solid" as const) : ("dot" as const) })),
    xAxis: { label: "Year" },
    yAxis: { label: "Net embodied transfer", unit: MT },
    title: `Northwest is a net ${host ? "host" : "receiver"} of embodied emissions: ${f1(avg)} ${MT} on average`,
    subtitle: `net = ${netWord(t)}; method ${t.parameters.method}, exports abroad: ${t.parameters.exports}`,
    caption,
  });
}

/** Average net transfer of every province on the map (diverging colours centred on zero). */
export function netTransferChoropleth(t: TransferSummary, geojson: GeoJsonCollection, provinces: readonly Province[], caption: string): Figure {
  const values = provinces
    .filter((p) => t.netTransferMtPerYear.average[p.nameEn] !== undefined)
    .filter((p) => geojson.features.some((f) => String(f.properties.adcode) === String(p.adcode)))
    .map((p) => ({ location: String(p.adcode), value: t.netTransferMtPerYear.average[p.nameEn], label: p.nameEn }));
  const top = [...values].sort((a, b) => b.value - a.value)[0];
  return provinceChoropleth({
    geojson,
    values,
    unit: MT,
    colorscale: "diverging",
    title: `Net embodied transfer by province, ${t.years[0]}–${t.years[t.years.length - 1]} average: largest in ${top?.label ?? "—"}`,
    subtitle: `positive (green) = ${t.parameters.net === "outflow-minus-inflow" ? "hosts more emissions for others than it causes elsewhere" : "causes more emissions elsewhere than it hosts"}`,
    caption,
  });
}

/**
 * Sankey of one year's embodied flows into and out of Northwest: left = where emitted, right = whose final
 * demand; Northwest's own consumption of its own emissions is left out (it is not a transfer).
 */
export function northwestSankey(t: TransferSummary, year: number, caption: string): Figure {
  const y = t.perYear.find((p) => p.year === year);
  if (!y) throw new RangeError(`northwestSankey: no year ${year}`);
  const f = y.regions7;
  const d = f.flows.cols;
  const nw = f.regions.indexOf(FOCUS_REGION);
  const label = (s: string) => (s === "ROW" ? "Rest of world" : s);
  const flows = [
    ...f.destinations.map((dest, s) => ({ source: FOCUS_REGION, target: label(dest), value: s === nw ? 0 : f.flows.data[nw * d + s] })),
    ...f.regions.map((r, i) => ({ source: r, target: FOCUS_REGION, value: i === nw ? 0 : f.flows.data[i * d + nw] })),
  ];
  const out = flows.filter((x) => x.source === FOCUS_REGION).reduce((a, x) => a + x.value, 0);
  const inn = flows.filter((x) => x.target === FOCUS_REGION).reduce((a, x) => a + x.value, 0);
  return sankeyFigure({
    flows,
    unit: "Mt CO2",
    sourceSuffix: " (emitted)",
    targetSuffix: " (consumed)",
    title: `${year}: Northwest emits ${f1(out)} Mt CO2 for others' final demand, others emit ${f1(inn)} Mt CO2 for Northwest's`,
    subtitle: `method ${t.parameters.method}; exports abroad: ${t.parameters.exports}`,
    caption,
    height: 420,
  });
}

/** Emissions hosted in Northwest for each other region's final demand over time (lines; East/Central/South/Southwest solid). */
export function flowsFromNorthwestLines(t: TransferSummary, caption: string): Figure {
  const focus = ["East", "Central", "South", "Southwest"];
  const names = Object.keys(t.flowsFromNorthwestMt);
  const change = (n: string) => {
    const s = t.flowsFromNorthwestMt[n];
    return s[s.length - 1].value - s[0].value;
  };
  const east = t.flowsFromNorthwestMt.East ? change("East") : 0;
  const others = ["Central", "South", "Southwest"].filter((n) => t.flowsFromNorthwestMt[n] && change(n) > 0);
  return lineChart({
    series: names.map((n) => ({ name: n === "ROW" ? "Rest of world" : n, x: xs(t.flowsFromNorthwestMt[n]), y: ys(t.flowsFromNorthwestMt[n]), dash: focus.includes(n) ? ("solid" as const) : ("dot" as const) })),
    xAxis: { label: "Year" },
    yAxis: { label: "Emitted in Northwest for the region's final demand", unit: MT },
    title: `Flows from Northwest to East China ${east < 0 ? "fall" : "rise"} ${t.years[0]}→${t.years[t.years.length - 1]}; ${others.length ? `to ${others.join(", ")} they rise` : "to Central, South and Southwest they do not rise"}`,
    caption,
  });
}

/** Embodied intensity of each sector group in Northwest (average over the table years), bars. */
export function groupIntensityBars(g: SectorGroupSummary, caption: string): Figure {
  const groups = [...g.groups].sort((a, b) => g.intensityTPerWanYuan.average[b] - g.intensityTPerWanYuan.average[a]);
  const top = groups[0];
  return groupedBars({
    categories: groups,
    series: [{ name: "Embodied intensity", values: groups.map((x) => g.intensityTPerWanYuan.average[x]) }],
    colorByCategory: true,
    valueAxis: { label: "Embodied CO2 intensity", unit: "t CO2 per 10⁴ yuan" },
    title: `${top} has the highest embodied carbon intensity in Northwest: ${f1(g.intensityTPerWanYuan.average[top])} t CO2 per 10⁴ yuan`,
    subtitle: `${g.parameters.intensity} total multipliers of the five Northwest provinces, mean of ${g.years.join(", ")}`,
    caption,
  });
}

/** Each group's share of Northwest's emissions by year (stacked bars, percent). */
export function groupShareBars(g: SectorGroupSummary, caption: string): Figure {
  const years = g.years.map(String);
  const e = g.shareOfTotalPercent.average["Energy industry"];
  return groupedBars({
    categories: years,
    series: g.groups.map((grp) => ({ name: grp, values: g.shareOfTotalPercent.byYear[grp].map((v) => v.value) })),
    barmode: "stack",
    valueAxis: { label: "Share of Northwest's emissions", unit: "%" },
    categoryAxis: { label: "Year" },
    title: `The energy industry accounts for ${f1(e)} % of Northwest's emissions on average`,
    subtitle: `share basis: ${g.parameters.share}`,
    caption,
  });
}

/** Emissions embodied in each Northwest sector group's supply to other regions over time (lines). */
export function groupOutflowLines(g: SectorGroupSummary, caption: string): Figure {
  const last = g.years[g.years.length - 1];
  const at = (grp: string) => g.outflowMt[grp].find((v) => v.year === last)!.value;
  return lineChart({
    series: g.groups.map((grp) => ({ name: grp, x: xs(g.outflowMt[grp]), y: ys(g.outflowMt[grp]) })),
    xAxis: { label: "Year" },
    yAxis: { label: "Emissions embodied in supply to other regions", unit: MT },
    title: `High-carbon supply from Northwest: energy ${f1(at("Energy industry"))}, heavy manufacturing ${f1(at("Heavy manufacturing"))} ${MT} in ${last}`,
    subtitle: "attributed to the emitting sector group in Northwest; destinations: the six other regions",
    caption,
  });
}

/** Supply of the given (low-carbon) groups from Northwest to Central, South and Southwest China together, over time. */
export function lowCarbonSupplyLines(g: SectorGroupSummary, groups: readonly string[], regions: readonly string[], caption: string): Figure {
  const series = groups.map((grp) => ({
    name: grp,
    x: [...g.years],
    y: g.years.map((y) => regions.reduce((a, r) => a + (g.outflowToRegionMt[grp]?.[r]?.find((v) => v.year === y)?.value ?? 0), 0)),
  }));
  const rising = series.filter((s) => s.y[s.y.length - 1] > s.y[0]).map((s) => s.name);
  return lineChart({
    series,
    xAxis: { label: "Year" },
    yAxis: { label: `Embodied in supply to ${regions.join(" + ")}`, unit: MT },
    title: rising.length ? `Low-carbon supply to ${regions.join(", ")} grows for ${rising.join(", ")}` : `Low-carbon supply to ${regions.join(", ")} does not grow`,
    caption,
  });
}

/** Mean NPP map (sequential colours). */
export function meanNppMap(r: VegetationRasters, caption: string): Figure {
  return rasterHeatmap({ values: r.meanNppGC, grid: r.grid, unit: "g C m⁻² yr⁻¹", colorscale: "sequential", title: `Mean NPP ${r.years[0]}–${r.years[r.years.length - 1]}: the darker the green, the more carbon the vegetation fixes`, caption });
}

/** NEP map of one year (diverging: sink green, source brown). */
export function nepMap(r: VegetationRasters, caption: string): Figure {
  return rasterHeatmap({ values: r.nepGC, grid: r.grid, unit: "g C m⁻² yr⁻¹", colorscale: "diverging", title: `NEP = NPP − Rh in ${r.nepYear}: green is a carbon sink, brown a source`, subtitle: "Rh from monthly temperature and precipitation (indicative, METHODS §6.2)", caption });
}

/** Sen-slope map (diverging, centred on zero). */
export function senSlopeMap(r: VegetationRasters, caption: string): Figure {
  let up = 0;
  let down = 0;
  let valid = 0;
  for (const v of r.slope) {
    if (!Number.isFinite(v)) continue;
    valid++;
    if (v > 0) up++;
    else if (v < 0) down++;
  }
  const pct = (k: number) => (valid ? ((100 * k) / valid).toFixed(0) : "—");
  return rasterHeatmap({ values: r.slope, grid: r.grid, unit: "g C m⁻² yr⁻²", colorscale: "diverging", title: `Theil–Sen trend of NPP ${r.years[0]}–${r.years[r.years.length - 1]}: ${pct(up)} % of pixels rise, ${pct(down)} % fall`, subtitle: "significance is in the next map", caption });
}

/** Trend-class map (significant increase / no significant change / significant decrease). */
export function trendClassMap(r: VegetationRasters, alpha: number, caption: string): Figure {
  return classMap({
    values: r.class3,
    grid: r.grid,
    classes: [
      { code: -1, label: "significant decrease", color: TREND_CLASS_COLORS["significant decrease"] },
      { code: 0, label: "no significant change", color: TREND_CLASS_COLORS["no significant change"] },
      { code: 1, label: "significant increase", color: TREND_CLASS_COLORS["significant increase"] },
    ],
    title: `Mann–Kendall trend classes (α = ${alpha}): where NPP changed significantly`,
    caption,
  });
}

/** Trend-class area shares for Northwest and each province (stacked bars, percent of area incl. no data). */
export function classShareBars(v: VegetationSummary, caption: string): Figure {
  const zones = [...v.zones].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "group" ? -1 : 1));
  const names = zones.map((z) => (z.kind === "group" ? FOCUS_REGION : (z.nameEn ?? z.name)));
  const share = (k: "increasePct" | "noChangePct" | "decreasePct" | "noDataPct") => zones.map((z) => z.trendShares?.[k] ?? 0);
  return groupedBars({
    categories: names,
    series: [
      { name: "significant increase", values: share("increasePct"), color: TREND_CLASS_COLORS["significant increase"] },
      { name: "no significant change", values: share("noChangePct"), color: TREND_CLASS_COLORS["no significant change"] },
      { name: "significant decrease", values: share("decreasePct"), color: TREND_CLASS_COLORS["significant decrease"] },
      { name: "no data", values: share("noDataPct"), color: "#999999" },
    ],
    barmode: "stack",
    valueAxis: { label: "Share of area", unit: "%" },
    title: `${f1(v.classSharesPercent.noChange)} % of Northwest's valid area shows no significant change, ${f1(v.classSharesPercent.increase)} % a significant increase`,
    caption,
  });
}

/** Per-province sequestration (bars) — the totals that become absorption thresholds. */
export function provinceSequestrationBars(v: VegetationSummary, caption: string): Figure {
  const provs = NORTHWEST_PROVINCES.filter((p) => v.provinceSequestrationMt[p] !== undefined);
  const top = [...provs].sort((a, b) => v.provinceSequestrationMt[b] - v.provinceSequestrationMt[a])[0];
  const unit = `Mt ${v.parameters.carbonUnit}/yr`;
  return groupedBars({
    categories: [...provs],
    series: [{ name: `${v.parameters.basis.toUpperCase()} total`, values: provs.map((p) => v.provinceSequestrationMt[p]) }],
    colorByCategory: true,
    valueAxis: { label: `Vegetation sequestration (${v.parameters.basis.toUpperCase()})`, unit },
    title: `${top} has the largest vegetation sequestration: ${f1(v.provinceSequestrationMt[top])} ${unit}`,
    subtitle: `${v.parameters.aggregate} of ${v.years[0]}–${v.years[v.years.length - 1]}`,
    caption,
  });
}

/** Regional mean sequestration of Northwest per year with its trend. */
export function regionalSeriesLine(v: VegetationSummary, caption: string): Figure {
  const g = v.zones.find((z) => z.kind === "group")!;
  const s = g.series.filter((y) => y.meanGCPerM2PerYear !== null);
  const t = v.regionalTrendGCPerM2PerYear;
  return lineChart({
    series: [{ name: FOCUS_REGION, x: s.map((y) => y.year), y: s.map((y) => y.meanGCPerM2PerYear as number) }],
    xAxis: { label: "Year" },
    yAxis: { label: `Mean ${v.parameters.basis.toUpperCase()} over Northwest`, unit: "g C m⁻² yr⁻¹" },
    title: `Northwest's vegetation sequestration rises slowly: ${t.seriesSlope === null ? "—" : f1(t.seriesSlope)} g C m⁻² yr⁻¹ per year`,
    subtitle: `slope of the regional mean (${v.parameters.seriesSlope}); mean of per-pixel slopes: ${t.meanPixelSlope === null ? "—" : f1(t.meanPixelSlope)}`,
    caption,
  });
}

/** Index (first year = 100) of Northwest's sequestration and embodied emissions: which grew faster. */
export function growthIndexLines(t: TransferSummary, v: VegetationSummary, caption: string): Figure {
  const idx = (s: readonly YearValue[]) => s.map((p) => ({ year: p.year, value: (100 * p.value) / s[0].value }));
  const e = idx(t.embodiedMt[FOCUS_REGION]);
  const q = idx(v.nwSequestrationSeries.filter((p) => t.years.includes(p.year)));
  return lineChart({
    series: [
      { name: `Embodied emissions (${t.parameters.embodied})`, x: xs(e), y: ys(e), color: colorOf(FOCUS_REGION) },
      { name: `Vegetation sequestration (${v.parameters.basis.toUpperCase()})`, x: xs(q), y: ys(q), color: TREND_CLASS_COLORS["significant increase"] },
    ],
    xAxis: { label: "Year" },
    yAxis: { label: `Index, ${t.years[0]} = 100`, unit: "index" },
    title: `Embodied emissions grew ${f1(e[e.length - 1].value - 100)} %, sequestration ${f1(q[q.length - 1].value - 100)} % (${t.years[0]}→${t.years[t.years.length - 1]})`,
    caption,
  });
}

/** Each province's embodied emissions against its absorption threshold (bars + a threshold mark per province). */
export function pressureBars(pressures: readonly ProvincePressure[], caption: string): Figure {
  const over = pressures.filter((p) => p.exceeded).map((p) => p.province);
  return groupedBars({
    categories: pressures.map((p) => p.province),
    series: [{ name: `Embodied emissions ${pressures[0]?.year ?? ""}`, values: pressures.map((p) => p.embodiedMt) }],
    colorByCategory: true,
    threshold: { name: "Absorption threshold (own vegetation sequestration)", values: pressures.map((p) => p.thresholdMt) },
    valueAxis: { label: "CO2", unit: "Mt/yr" },
    title: over.length ? `${over.join(" and ")} emit${over.length === 1 ? "s" : ""} more embodied CO2 than ${over.length === 1 ? "its" : "their"} vegetation absorbs` : "Every Northwest province stays below its absorption threshold",
    caption,
  });
}

/** Pressure = embodied ÷ threshold per province (percent), with the 100 % line. */
export function pressurePercentBars(pressures: readonly ProvincePressure[], caption: string): Figure {
  return groupedBars({
    categories: pressures.map((p) => p.province),
    series: [{ name: "Embodied ÷ threshold", values: pressures.map((p) => (p.pressure === null ? 0 : p.pressure * 100)) }],
    colorByCategory: true,
    threshold: { name: "100 % = threshold reached", values: 100 },
    valueAxis: { label: "Embodied emissions ÷ absorption threshold", unit: "%" },
    title: "Absorption pressure by province: above 100 % the province's vegetation cannot absorb its embodied emissions",
    caption,
  });
}
