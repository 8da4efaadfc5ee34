/** Figure builders: pure functions from results to Plotly figure JSON ({data, layout}). */
export * from "./common";
export * from "./palette";
export * from "./sankey";
export * from "./choropleth";
export * from "./raster";
export * from "./charts";
export * from "./study";
