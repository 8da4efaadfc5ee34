import type { GridGeometry } from "./grid";
import { MODIS_SPHERE_RADIUS_M } from "./area";

/**
 * Rasterizing zone polygons (provinces) onto a raster grid: one zone index per pixel.
 * Pure: takes GeoJSON-like geometries, returns typed arrays.
 */

/** A zone's geometry: GeoJSON MultiPolygon coordinates in lon/lat degrees (rings after the first of each polygon are holes). */
export interface ZoneGeometryInput {
  readonly geometry: { readonly type: "MultiPolygon"; readonly coordinates: ReadonlyArray<ReadonlyArray<ReadonlyArray<readonly number[]>>> } | { readonly type: "Polygon"; readonly coordinates: ReadonlyArray<ReadonlyArray<readonly number[]>> };
}

/** Which zone wins a pixel whose centre lies in two zones (overlapping or badly snapped boundaries). */
export type OverlapRule = "first" | "last";

export interface RasterizeOptions {
  /** Default `"first"`: the zone listed first keeps the pixel, so results do not depend on later additions. */
  readonly overlap?: OverlapRule;
}

export interface ZoneRaster {
  /** Per pixel, row-major: 0 = in no zone, k = zones[k − 1]. */
  readonly zoneIndex: Uint16Array;
  /** Pixel count per zone (index k − 1). */
  readonly pixelCounts: Float64Array;
  /** Pixels whose centre lies in more than one zone (resolved by the overlap rule). */
  readonly overlapPixels: number;
}

/**
 * Forward sinusoidal projection used by the MODIS land grid (sphere R = 6,371,007.181 m, central
 * meridian 0): x = R·λ·cos φ, y = R·φ (Snyder 1987, USGS PP 1395, eq. 30-1/30-2).
 */
export function lonLatToModisSinusoidal(lonDeg: number, latDeg: number): [number, number] {
  const d2r = Math.PI / 180;
  const phi = latDeg * d2r;
  return [MODIS_SPHERE_RADIUS_M * lonDeg * d2r * Math.cos(phi), MODIS_SPHERE_RADIUS_M * phi];
}

function projector(crs: string): (lon: number, lat: number) => [number, number] {
  if (crs === "EPSG:4326") return (lon, lat) => [lon, lat];
  if (crs === "MODIS-sinusoidal" || crs === "SR-ORG:6842") return lonLatToModisSinusoidal;
  throw new Error(`rasterizeZones: zones (lon/lat) can be rasterized onto EPSG:4326 or MODIS-sinusoidal grids, not ${crs}`);
}

/**
 * Rasterize polygons with the pixel-centre rule: pixel (r, c) belongs to a zone when its centre
 * (originX + (c + ½)·pixelWidth, originY − (r + ½)·pixelHeight) lies inside the zone by the
 * even–odd rule over all rings of all its polygons (so holes are excluded and islands included).
 * Scanline algorithm: for each row, the crossings x_k of the row's centre line with the edges are
 * sorted; columns with x_{2k} ≤ x_centre < x_{2k+1} are inside (consistent with the half-open
 * crossing rule y_i > y ≠ y_j > y). Cost O(rows × crossings + edges). Vertices are projected to the
 * grid's CRS (lon/lat, or the MODIS sinusoidal grid); edges stay straight in grid coordinates, which
 * is adequate for boundaries sampled far more densely than the sinusoidal curvature.
 * Reference: Foley, van Dam, Feiner & Hughes, "Computer Graphics", §3.6 (scan-line polygon fill).
 */
export function rasterizeZones(zones: ReadonlyArray<ZoneGeometryInput>, grid: GridGeometry, options: RasterizeOptions = {}): ZoneRaster {
  if (zones.length > 65535) throw new Error("rasterizeZones: at most 65,535 zones");
  const { width, height, originX, originY, pixelWidth, pixelHeight } = grid;
  const project = projector(grid.crs);
  const zoneIndex = new Uint16Array(width * height);
  const pixelCounts = new Float64Array(zones.length);
  const overlap = options.overlap ?? "first";
  let overlapPixels = 0;
  const xs: number[] = [];
  zones.forEach((zone, z) => {
    const polys = zone.geometry.type === "Polygon" ? [zone.geometry.coordinates] : zone.geometry.coordinates;
    // Edges in grid coordinates (column/row units, fractional), bucketed by the rows whose centre line they cross.
    const rowEdges: number[][] = new Array(height);
    for (const poly of polys)
      for (const ring of poly) {
        const n = ring.length;
        if (n < 2) continue;
        const px = new Float64Array(n);
        const py = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const [x, y] = project(ring[i][0], ring[i][1]);
          px[i] = (x - originX) / pixelWidth; // column coordinate (centres at c + 0.5)
          py[i] = (originY - y) / pixelHeight; // row coordinate (centres at r + 0.5)
        }
        for (let i = 0; i < n; i++) {
          const j = i === 0 ? n - 1 : i - 1; // edge j → i (rings may or may not repeat the first vertex; a zero-length edge is skipped below)
          const y1 = py[j];
          const y2 = py[i];
          if (y1 === y2) continue;
          // Rows r whose centre line yc = r + 0.5 satisfies min ≤ yc < max (half-open).
          const lo = Math.max(0, Math.ceil(Math.min(y1, y2) - 0.5));
          const hi = Math.min(height - 1, Math.ceil(Math.max(y1, y2) - 0.5) - 1);
          for (let r = lo; r <= hi; r++) {
            (rowEdges[r] ??= []).push(px[j], y1, px[i], y2);
          }
        }
      }
    for (let r = 0; r < height; r++) {
      const edges = rowEdges[r];
      if (!edges) continue;
      const yc = r + 0.5;
      xs.length = 0;
      for (let e = 0; e < edges.length; e += 4) {
        const x1 = edges[e];
        const y1 = edges[e + 1];
        const x2 = edges[e + 2];
        const y2 = edges[e + 3];
        xs.push(x1 + ((yc - y1) * (x2 - x1)) / (y2 - y1));
      }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const c0 = Math.max(0, Math.ceil(xs[k] - 0.5));
        const c1 = Math.min(width, Math.ceil(xs[k + 1] - 0.5)); // exclusive
        const base = r * width;
        for (let c = c0; c < c1; c++) {
          const cur = zoneIndex[base + c];
          if (cur === 0) {
            zoneIndex[base + c] = z + 1;
            pixelCounts[z]++;
          } else if (cur !== z + 1) {
            overlapPixels++;
            if (overlap === "last") {
              pixelCounts[cur - 1]--;
              zoneIndex[base + c] = z + 1;
              pixelCounts[z]++;
            }
          }
        }
      }
    }
  });
  return { zoneIndex, pixelCounts, overlapPixels };
}
