import type { GridGeometry } from "./grid";

/**
 * Areas on the Earth: raster pixel areas (MODIS sinusoidal, geographic lon/lat grids) and
 * polygon areas (for checking province boundaries). Units: km² throughout, because
 * `1 g m⁻² × 1 km² = 1 t` makes regional totals a plain sum (METHODS.md §6.1).
 */

/** Area of one MODIS "500 m" pixel: 463.312716528 m square on the equal-area sinusoidal grid (standard MODIS constant, METHODS.md §6.1). */
export const MODIS_500M_PIXEL_AREA_KM2 = 0.214659;

/** Radius of the sphere of the MODIS sinusoidal projection (m), the "authalic" sphere used by MODIS land products. */
export const MODIS_SPHERE_RADIUS_M = 6371007.181;

/** An ellipsoid by semi-major axis (m) and flattening. */
export interface Ellipsoid {
  readonly semiMajorAxisM: number;
  readonly flattening: number;
}

/** WGS84 (EPSG:4326's datum): a = 6378137 m, f = 1/298.257223563. */
export const WGS84: Ellipsoid = { semiMajorAxisM: 6378137, flattening: 1 / 298.257223563 };

/**
 * How pixel areas are obtained on a geographic (lon/lat) grid.
 * - `"ellipsoidal"` (default): exact WGS84 area of each lat/lon cell (depends on the row only).
 * - `"spherical"`: the same on a sphere of the authalic radius (differs by < 0.5 %).
 * - `"constant"`: every pixel counts the same (unweighted pixel counts, what many papers do on
 *   reprojected MODIS data; biased towards the north on lat/lon grids — METHODS.md §6.4).
 */
export type PixelAreaMethod = "ellipsoidal" | "spherical" | "constant";

function eccentricity(e: Ellipsoid): number {
  const f = e.flattening;
  return Math.sqrt(f * (2 - f));
}

/**
 * The ellipsoid's area per radian of longitude between the equator and geodetic latitude φ,
 * divided by b²: q(φ)/2 with q(φ) = (1 − e²)·[ sinφ/(1 − e² sin²φ) + (1/(2e))·ln((1 + e sinφ)/(1 − e sinφ)) ] / (1 − e²).
 * Area of the band φ1..φ2 over Δλ radians = b²·Δλ·(Q(φ2) − Q(φ1)) where Q is this function
 * (Snyder 1987, "Map Projections — A Working Manual", USGS PP 1395, eq. 3-12 and the authalic-latitude section).
 */
function bandIntegral(latRad: number, ell: Ellipsoid): number {
  const e = eccentricity(ell);
  if (e === 0) return Math.sin(latRad);
  const s = Math.sin(latRad);
  return 0.5 * (s / (1 - e * e * s * s) + (1 / (2 * e)) * Math.log((1 + e * s) / (1 - e * s)));
}

/**
 * Area (km²) of the geographic cell between latitudes `latSouthDeg`..`latNorthDeg` spanning
 * `lonSpanDeg` degrees of longitude, on an ellipsoid (default WGS84):
 * A = b²·Δλ·[Q(φ2) − Q(φ1)],  Q(φ) = ½·[ sinφ/(1 − e²sin²φ) + ln((1 + e sinφ)/(1 − e sinφ))/(2e) ]
 * (Snyder 1987, USGS PP 1395, eq. 3-12). A 1° × 1° cell at the equator is 12,308 km².
 */
export function ellipsoidalCellAreaKm2(latSouthDeg: number, latNorthDeg: number, lonSpanDeg: number, ellipsoid: Ellipsoid = WGS84): number {
  const a = ellipsoid.semiMajorAxisM;
  const b = a * (1 - ellipsoid.flattening);
  const d2r = Math.PI / 180;
  const q = bandIntegral(latNorthDeg * d2r, ellipsoid) - bandIntegral(latSouthDeg * d2r, ellipsoid);
  return (b * b * lonSpanDeg * d2r * q) / 1e6;
}

/**
 * Area (km²) of a geographic cell on a sphere of radius `radiusM` (default: the MODIS/authalic
 * radius 6,371,007.181 m): A = R²·Δλ·(sinφ2 − sinφ1).
 */
export function sphericalCellAreaKm2(latSouthDeg: number, latNorthDeg: number, lonSpanDeg: number, radiusM: number = MODIS_SPHERE_RADIUS_M): number {
  const d2r = Math.PI / 180;
  return (radiusM * radiusM * lonSpanDeg * d2r * (Math.sin(latNorthDeg * d2r) - Math.sin(latSouthDeg * d2r))) / 1e6;
}

/**
 * Area (km²) of each pixel of `grid`, one value per row (pixels in a row have equal area on all
 * supported grids):
 * - `"MODIS-sinusoidal"` (and any projected equal-area CRS in metres): pixelWidth × pixelHeight / 10⁶
 *   (0.214659 km² for MOD17A3 500 m pixels — the sinusoidal projection is equal-area);
 * - `"EPSG:4326"`: the lat/lon cell area of each row by `method` (default WGS84 ellipsoidal),
 *   or 1 for `"constant"`, where only ratios (area shares) are meaningful.
 * Throws for a geographic CRS it does not know (an unknown projected CRS in metres would give wrong areas silently otherwise).
 */
export function rowPixelAreasKm2(grid: GridGeometry, method: PixelAreaMethod = "ellipsoidal"): Float64Array {
  const out = new Float64Array(grid.height);
  if (grid.crs === "MODIS-sinusoidal" || grid.crs === "SR-ORG:6842" || grid.crs === "EPSG:6933") {
    // Equal-area projections in metres: every pixel has the same area.
    out.fill((grid.pixelWidth * grid.pixelHeight) / 1e6);
    return out;
  }
  if (grid.crs !== "EPSG:4326") {
    throw new Error(`rowPixelAreasKm2: pixel areas are implemented for EPSG:4326 and the MODIS sinusoidal grid, not ${grid.crs}`);
  }
  for (let r = 0; r < grid.height; r++) {
    const north = grid.originY - r * grid.pixelHeight;
    const south = north - grid.pixelHeight;
    out[r] =
      method === "constant"
        ? 1
        : method === "spherical"
          ? sphericalCellAreaKm2(south, north, grid.pixelWidth)
          : ellipsoidalCellAreaKm2(south, north, grid.pixelWidth);
  }
  return out;
}

/** A GeoJSON position [lon, lat] in degrees. */
export type LonLat = readonly [number, number] | readonly number[];
/** A polygon: exterior ring first, then holes; each ring a closed or open list of positions. */
export type PolygonRings = ReadonlyArray<ReadonlyArray<LonLat>>;

/** Authalic (equal-area) latitude β of geodetic latitude φ on an ellipsoid: sinβ = Q(φ)/Q(90°) (Snyder 1987, eq. 3-11). */
export function authalicLatitudeRad(latRad: number, ellipsoid: Ellipsoid = WGS84): number {
  const s = bandIntegral(latRad, ellipsoid) / bandIntegral(Math.PI / 2, ellipsoid);
  return Math.asin(Math.max(-1, Math.min(1, s)));
}

/** Radius (m) of the sphere with the same surface area as the ellipsoid: R_q = b·√Q(90°) (= a·√(q_p/2), Snyder 1987, eq. 3-13); 6,371,007.2 m for WGS84. */
export function authalicRadiusM(ellipsoid: Ellipsoid = WGS84): number {
  const b = ellipsoid.semiMajorAxisM * (1 - ellipsoid.flattening);
  return b * Math.sqrt(bandIntegral(Math.PI / 2, ellipsoid));
}

/**
 * Signed area (m² on the unit-radius-scaled sphere, before × R²) of one ring, by the
 * line-integral formula of Chamberlain & Duquette (2007, "Some algorithms for polygons on a
 * sphere", JPL Publication 07-03):  A = −(R²/2)·Σ (λ_{i+1} − λ_{i−1})·sin φ_i
 * — the same formula turf.js `area` uses. Positive for counter-clockwise rings.
 */
function ringAreaUnitSphere(ring: ReadonlyArray<LonLat>, latToRad: (deg: number) => number): number {
  let n = ring.length;
  if (n < 3) return 0;
  // Ignore the closing duplicate vertex.
  if (ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) n -= 1;
  if (n < 3) return 0;
  const d2r = Math.PI / 180;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const prev = ring[(i + n - 1) % n];
    const cur = ring[i];
    const next = ring[(i + 1) % n];
    sum += (next[0] - prev[0]) * d2r * Math.sin(latToRad(cur[1]));
  }
  return sum / 2;
}

/** Which Earth model `polygonAreaKm2` uses: a sphere of the mean radius 6,371,008.8 m (turf.js, METHODS.md §9 figures) or the WGS84 ellipsoid via authalic latitudes. */
export type PolygonAreaModel = "sphere" | "ellipsoid";

/**
 * Area (km²) of a GeoJSON Polygon or MultiPolygon in lon/lat degrees: Σ polygons (|exterior| − Σ |holes|),
 * each ring by the spherical line integral A = (R²/2)·|Σ (λ_{i+1} − λ_{i−1})·sin φ_i|
 * (Chamberlain & Duquette 2007). `"ellipsoid"` (default) evaluates it with authalic latitudes on
 * the WGS84 authalic sphere (R_q = 6,371,007.2 m), which makes lat/lon bands exact on the
 * ellipsoid; `"sphere"` uses R = 6,371,008.8 m and geodetic latitudes (turf.js convention).
 * Edges are treated as lines of the lat/lon grid parametrisation, adequate for densely sampled
 * boundaries (error ≪ 0.1 % for province outlines).
 */
export function polygonAreaKm2(
  geometry: { type: "Polygon"; coordinates: PolygonRings } | { type: "MultiPolygon"; coordinates: ReadonlyArray<PolygonRings> },
  model: PolygonAreaModel = "ellipsoid",
): number {
  const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const d2r = Math.PI / 180;
  const radius = model === "ellipsoid" ? authalicRadiusM(WGS84) : 6371008.8;
  const latToRad = model === "ellipsoid" ? (deg: number) => authalicLatitudeRad(deg * d2r) : (deg: number) => deg * d2r;
  let total = 0;
  for (const poly of polys) {
    poly.forEach((ring, k) => {
      const a = Math.abs(ringAreaUnitSphere(ring, latToRad));
      total += k === 0 ? a : -a;
    });
  }
  return (total * radius * radius) / 1e6;
}
