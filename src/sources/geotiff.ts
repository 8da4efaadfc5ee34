/**
 * GeoTIFF reading and writing for vegetation rasters (MODIS NPP, NEP, trend outputs).
 *
 * Reading uses geotiff.js (any compression, strips or tiles, little or big endian).
 * Writing uses a small baseline-TIFF encoder of our own: uncompressed, little-endian,
 * one band, strips, with GeoKeys (EPSG:4326 or the MODIS sinusoidal CRS), GDAL_NODATA and
 * GDAL_METADATA (scale/offset/description). Why our own: geotiff.js's writer builds the
 * whole file through JavaScript number arrays (slow and memory-hungry for 12 M-pixel grids)
 * and cannot write GDAL_NODATA or a user-defined sinusoidal CRS. Baseline TIFF + GeoKeys is
 * a few hundred bytes of header in front of the raw pixels.
 *
 * References: TIFF 6.0 specification (Adobe 1992); OGC GeoTIFF 1.1 (OGC 19-008r4);
 * GDAL GTiff driver docs (GDAL_NODATA tag 42113, GDAL_METADATA tag 42112);
 * MOD17 User's Guide (Running & Zhao 2019) for the MODIS conventions.
 */
import * as fs from "node:fs";
import { fromFile, type GeoTIFF, type GeoTIFFImage } from "../util/geotiff-package";
import { InputError } from "../util/errors";
import { writeFileAtomic } from "../util/atomic-write";
import type { GridGeometry } from "../vegetation/grid";

/** One band of a raster in physical units. */
export interface RasterBand {
  readonly grid: GridGeometry;
  /** Row-major, row 0 north. NaN = no data (after masking nodata/fill and applying scale/offset). */
  readonly values: Float32Array;
}

export interface ReadRasterOptions {
  /** 0-based band (sample) index; default 0. */
  band?: number;
  /** Physical value = DN × scale + offset. Overrides the file's GDAL metadata (and the MODIS default). */
  scale?: number;
  offset?: number;
  /** Extra DN values treated as no data (in addition to the file's GDAL_NODATA). */
  nodata?: number[];
  /**
   * MOD17A3HGF conventions: int16 DN × 0.1 = g C m⁻² a⁻¹ (unless `scale` is given; a scale
   * in the file's metadata — often MODIS's 0.0001 kg — is ignored so units stay g C);
   * DN outside the valid range −30000…32700 is no data, which masks the fill 32767 and the
   * land-cover codes 32761–32766 (METHODS.md §6.1).
   */
  modis?: boolean;
}

export interface WriteRasterOptions {
  /** Declared no-data value (GDAL_NODATA). For float rasters NaN is written as "nan". */
  nodata?: number;
  /** Scale/offset written to GDAL_METADATA (physical = DN × scale + offset). */
  scale?: number;
  offset?: number;
  /** Band description (GDAL_METADATA DESCRIPTION, also TIFF ImageDescription). */
  description?: string;
  /** Rows per strip; default so that a strip is about 64 KiB. */
  rowsPerStrip?: number;
}

/** The MODIS sinusoidal sphere radius (m), SR-ORG:6842. */
export const MODIS_SPHERE_RADIUS_M = 6371007.181;
/** MOD17A3 DN range that holds valid NPP; above it are fill (32767) and land-cover codes (32761–32766). */
export const MODIS_VALID_MIN_DN = -30000;
export const MODIS_VALID_MAX_DN = 32700;
/** MOD17A3 DN → g C m⁻² a⁻¹ (DN × 0.0001 kg C m⁻² = DN × 0.1 g C m⁻²). */
export const MODIS_SCALE_G_C = 0.1;

/** Pixel storage types this module understands. */
export type SampleType = "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "float32" | "float64";

/**
 * Everything needed to read rows of one band without re-parsing the file: used by the
 * whole-stack trend engine (also inside worker threads, so it is plain data).
 */
export interface RasterHeader {
  readonly file: string;
  readonly band: number;
  /** Number of bands (samples per pixel) in the file. */
  readonly bands: number;
  readonly grid: GridGeometry;
  readonly sampleType: SampleType;
  /** DN values masked as no data (file GDAL_NODATA + options). NaN in a float file is always no data. */
  readonly nodataDN: number[];
  /** Valid DN range (inclusive); DNs outside it are no data. ±Infinity when unrestricted. */
  readonly validMinDN: number;
  readonly validMaxDN: number;
  readonly scale: number;
  readonly offset: number;
  /**
   * Direct-read layout when the band is stored uncompressed in strips (what GDAL and this
   * module write by default): rows are read with plain positioned reads, no decoding.
   * Undefined → rows are read through geotiff.js.
   */
  readonly direct?: {
    readonly littleEndian: boolean;
    readonly rowsPerStrip: number;
    readonly stripOffsets: number[];
    /** Bytes between consecutive pixels of this band (samplesPerPixel × bytes, chunky layout). */
    readonly pixelStrideBytes: number;
    /** Byte offset of this band within a pixel. */
    readonly bandOffsetBytes: number;
  };
}

const TIFF_MAGIC_ERROR = "not a TIFF file (expected the byte-order mark II*\\0 or MM\\0* at the start)";

function checkTiffMagic(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (e) {
    throw new InputError(`cannot open raster: ${(e as Error).message}`, { file, cause: e });
  }
  try {
    const b = Buffer.alloc(4);
    const n = fs.readSync(fd, b, 0, 4, 0);
    const ok = n === 4 && ((b[0] === 0x49 && b[1] === 0x49 && (b[2] === 42 || b[2] === 43) && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && (b[3] === 42 || b[3] === 43)));
    if (!ok) throw new InputError(TIFF_MAGIC_ERROR, { file });
  } finally {
    fs.closeSync(fd);
  }
}

async function openTiff(file: string): Promise<{ tiff: GeoTIFF; image: GeoTIFFImage }> {
  checkTiffMagic(file);
  let tiff: GeoTIFF;
  try {
    tiff = await fromFile(file);
  } catch (e) {
    throw new InputError(`cannot parse TIFF: ${(e as Error).message}`, { file, cause: e });
  }
  try {
    return { tiff, image: await tiff.getImage(0) };
  } catch (e) {
    await closeTiff(tiff);
    throw new InputError(`cannot read the first TIFF image: ${(e as Error).message}`, { file, cause: e });
  }
}

async function closeTiff(tiff: GeoTIFF): Promise<void> {
  const r = tiff.close();
  if (r) await r;
}

function sampleTypeOf(format: number, bits: number, file: string, band: number): SampleType {
  const key = `${format}/${bits}`;
  const map: Record<string, SampleType> = {
    "1/8": "uint8",
    "2/8": "int8",
    "1/16": "uint16",
    "2/16": "int16",
    "1/32": "uint32",
    "2/32": "int32",
    "3/32": "float32",
    "3/64": "float64",
  };
  const t = map[key];
  if (!t) throw new InputError(`unsupported pixel type (SampleFormat ${format}, ${bits} bits per sample)`, { file, place: `band ${band}` });
  return t;
}

/** Bytes per sample of a SampleType. */
export function bytesPerSample(t: SampleType): number {
  return t === "int8" || t === "uint8" ? 1 : t === "int16" || t === "uint16" ? 2 : t === "float64" ? 8 : 4;
}

/** Parse a GDAL_NODATA string ("-9999", "nan", "32767\0"). */
function parseNodataString(s: unknown): number | undefined {
  if (typeof s !== "string") return undefined;
  const t = s.replace(/\0+$/, "").trim().toLowerCase();
  if (t === "") return undefined;
  if (t === "nan") return NaN;
  const v = Number(t);
  return Number.isFinite(v) || Math.abs(v) === Infinity ? v : undefined;
}

/** Decide the CRS string from GeoKeys. */
function crsFromGeoKeys(keys: Record<string, unknown> | null, file: string): string {
  if (!keys) throw new InputError("no GeoKeyDirectory tag: the file is not georeferenced", { file });
  const model = keys["GTModelTypeGeoKey"];
  const projected = keys["ProjectedCSTypeGeoKey"];
  const geographic = keys["GeographicTypeGeoKey"];
  const trans = keys["ProjCoordTransGeoKey"];
  const citation = String(keys["GTCitationGeoKey"] ?? "") + " " + String(keys["PCSCitationGeoKey"] ?? "");
  if (model === 2) {
    if (geographic === 4326 || geographic === undefined || geographic === 32767) return "EPSG:4326";
    return `EPSG:${geographic}`;
  }
  if (model === 1) {
    // CT_Sinusoidal = 24 (GeoTIFF 1.1); GDAL writes MODIS files as user-defined (32767) with it.
    if (trans === 24 || /sinusoidal/i.test(citation)) return "MODIS-sinusoidal";
    if (typeof projected === "number" && projected !== 32767) return `EPSG:${projected}`;
    throw new InputError("user-defined projected CRS other than sinusoidal is not supported", { file });
  }
  throw new InputError(`unsupported GTModelTypeGeoKey ${String(model)} (expected 1 projected or 2 geographic)`, { file });
}

/**
 * Read the header of one band: grid (ModelTiepoint + ModelPixelScale, GeoKeys), pixel type,
 * nodata (GDAL_NODATA ∪ options), scale/offset (options > MODIS default > GDAL metadata > 1/0),
 * and the direct-read layout when the band is uncompressed in strips.
 * Throws InputError naming the file (and band) for a non-TIFF, a missing band, a rotated
 * or missing georeferencing.
 */
export async function readRasterHeader(file: string, options: ReadRasterOptions = {}): Promise<RasterHeader> {
  const band = options.band ?? 0;
  const { tiff, image } = await openTiff(file);
  try {
    const samples = image.getSamplesPerPixel();
    if (!Number.isInteger(band) || band < 0 || band >= samples) {
      throw new InputError(`band ${band} does not exist (the file has ${samples} band${samples === 1 ? "" : "s"}, numbered from 0)`, { file, place: `band ${band}` });
    }
    const fd = image.fileDirectory;
    const width = image.getWidth();
    const height = image.getHeight();
    if (fd.hasTag("ModelTransformation")) {
      const m = fd.getValue("ModelTransformation") as number[];
      if (m && (m[1] !== 0 || m[4] !== 0)) throw new InputError("rotated or sheared rasters (ModelTransformation) are not supported", { file });
    }
    let origin: number[];
    let res: number[];
    try {
      origin = image.getOrigin();
      res = image.getResolution();
    } catch (e) {
      throw new InputError("no georeferencing (ModelTiepoint + ModelPixelScale tags are missing)", { file, cause: e });
    }
    const keys = image.getGeoKeys() as Record<string, unknown> | null;
    const crs = crsFromGeoKeys(keys, file);
    // PixelIsPoint: the tiepoint is a pixel centre; shift to the edge so originX/Y are edges.
    const isPoint = keys?.["GTRasterTypeGeoKey"] === 2;
    const pixelWidth = Math.abs(res[0]);
    const pixelHeight = Math.abs(res[1]);
    if (!(pixelWidth > 0) || !(pixelHeight > 0)) throw new InputError("pixel size (ModelPixelScale) must be > 0", { file });
    const grid: GridGeometry = {
      width,
      height,
      crs,
      originX: isPoint ? origin[0] - pixelWidth / 2 : origin[0],
      originY: isPoint ? origin[1] + pixelHeight / 2 : origin[1],
      pixelWidth,
      pixelHeight,
    };
    const sampleType = sampleTypeOf(image.getSampleFormat(band), image.getBitsPerSample(band), file, band);

    const nodataDN: number[] = [];
    const fileNodata = fd.hasTag("GDAL_NODATA") ? parseNodataString(fd.getValue("GDAL_NODATA")) : undefined;
    if (fileNodata !== undefined && !Number.isNaN(fileNodata)) nodataDN.push(fileNodata);
    for (const v of options.nodata ?? []) {
      if (typeof v !== "number" || Number.isNaN(v)) throw new InputError(`nodata value ${String(v)} is not a number`, { file });
      nodataDN.push(v);
    }

    let scale = 1;
    let offset = 0;
    const meta = (await image.getGDALMetadata(band)) ?? {};
    const metaDs = (await image.getGDALMetadata(null)) ?? {};
    const num = (v: unknown) => (v === undefined ? undefined : Number(v));
    const fScale = num(meta["SCALE"] ?? metaDs["SCALE"] ?? metaDs["scale_factor"]);
    const fOffset = num(meta["OFFSET"] ?? metaDs["OFFSET"] ?? metaDs["add_offset"]);
    if (fScale !== undefined && Number.isFinite(fScale) && fScale !== 0) scale = fScale;
    if (fOffset !== undefined && Number.isFinite(fOffset)) offset = fOffset;
    let validMinDN = -Infinity;
    let validMaxDN = Infinity;
    if (options.modis) {
      if (sampleType !== "int16") throw new InputError(`MODIS MOD17A3HGF rasters are int16, this band is ${sampleType}`, { file, place: `band ${band}` });
      scale = MODIS_SCALE_G_C;
      offset = 0;
      validMinDN = MODIS_VALID_MIN_DN;
      validMaxDN = MODIS_VALID_MAX_DN;
    }
    if (options.scale !== undefined) {
      if (!Number.isFinite(options.scale) || options.scale === 0) throw new InputError(`scale must be a finite non-zero number, got ${options.scale}`, { file });
      scale = options.scale;
    }
    if (options.offset !== undefined) {
      if (!Number.isFinite(options.offset)) throw new InputError(`offset must be finite, got ${options.offset}`, { file });
      offset = options.offset;
    }

    let direct: RasterHeader["direct"];
    const compression = fd.hasTag("Compression") ? Number(fd.getValue("Compression")) : 1;
    if (compression === 1 && !image.isTiled && fd.hasTag("StripOffsets")) {
      const stripOffsets = Array.from((await fd.loadValue("StripOffsets")) as ArrayLike<number>, Number);
      const rowsPerStrip = fd.hasTag("RowsPerStrip") ? Number(fd.getValue("RowsPerStrip")) : height;
      const bps = bytesPerSample(sampleType);
      const planar = image.planarConfiguration;
      let ok = true;
      for (let s = 0; s < samples; s++) if (image.getBitsPerSample(s) !== image.getBitsPerSample(band)) ok = false;
      const stripsPerBand = Math.ceil(height / Math.min(rowsPerStrip, height));
      if (ok) {
        direct =
          planar === 2
            ? { littleEndian: image.littleEndian, rowsPerStrip: Math.min(rowsPerStrip, height), stripOffsets: stripOffsets.slice(band * stripsPerBand, (band + 1) * stripsPerBand), pixelStrideBytes: bps, bandOffsetBytes: 0 }
            : { littleEndian: image.littleEndian, rowsPerStrip: Math.min(rowsPerStrip, height), stripOffsets, pixelStrideBytes: bps * samples, bandOffsetBytes: bps * band };
      }
    }
    return { file, band, bands: samples, grid, sampleType, nodataDN, validMinDN, validMaxDN, scale, offset, direct };
  } finally {
    await closeTiff(tiff);
  }
}

/**
 * Read rows [y0, y1) of one band as raw DNs into `out` (length (y1−y0)·width, any numeric
 * typed array — Float32Array for a physical-value pipeline). Direct positioned reads when the
 * header has a direct layout, geotiff.js otherwise. `fd` may be passed to reuse an open file.
 */
export async function readRowsDN(header: RasterHeader, y0: number, y1: number, out: { [i: number]: number; length: number }, fd?: number): Promise<void> {
  const { width } = header.grid;
  if (header.direct) {
    readRowsDirect(header, y0, y1, out, fd);
    return;
  }
  const tiff = await fromFile(header.file);
  try {
    const image = await tiff.getImage(0);
    const r = (await image.readRasters({ window: [0, y0, width, y1], samples: [header.band], interleave: true })) as unknown as ArrayLike<number>;
    for (let i = 0; i < (y1 - y0) * width; i++) out[i] = r[i];
  } catch (e) {
    throw new InputError(`cannot read rows ${y0}–${y1 - 1}: ${(e as Error).message}`, { file: header.file, place: `band ${header.band}`, cause: e });
  } finally {
    await closeTiff(tiff);
  }
}

/** Synchronous direct read of uncompressed strips (see RasterHeader.direct). */
export function readRowsDirect(header: RasterHeader, y0: number, y1: number, out: { [i: number]: number; length: number }, fd?: number): void {
  const d = header.direct;
  if (!d) throw new Error("readRowsDirect: header has no direct layout");
  const { width } = header.grid;
  const bps = bytesPerSample(header.sampleType);
  const rowBytes = width * d.pixelStrideBytes;
  const own = fd === undefined;
  const handle = own ? fs.openSync(header.file, "r") : fd;
  try {
    const buf = Buffer.allocUnsafe(rowBytes * (y1 - y0));
    // Rows of one strip are contiguous; read strip by strip.
    let y = y0;
    while (y < y1) {
      const s = Math.floor(y / d.rowsPerStrip);
      const stripEnd = Math.min((s + 1) * d.rowsPerStrip, y1);
      const pos = d.stripOffsets[s] + (y - s * d.rowsPerStrip) * rowBytes;
      const len = (stripEnd - y) * rowBytes;
      const at = (y - y0) * rowBytes;
      let got = 0;
      while (got < len) {
        const n = fs.readSync(handle, buf, at + got, len - got, pos + got);
        if (n <= 0) throw new InputError(`file is truncated (strip ${s} ends early)`, { file: header.file, place: `band ${header.band}, row ${y}` });
        got += n;
      }
      y = stripEnd;
    }
    const n = (y1 - y0) * width;
    const le = d.littleEndian;
    const stride = d.pixelStrideBytes;
    const bo = d.bandOffsetBytes;
    const hostLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    if (stride === bps && le === hostLE && bo === 0 && buf.byteOffset % bps === 0) {
      const view = typedView(header.sampleType, buf.buffer, buf.byteOffset, n);
      for (let i = 0; i < n; i++) out[i] = view[i];
      return;
    }
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const get = dataViewGetter(header.sampleType, dv);
    for (let i = 0, p = bo; i < n; i++, p += stride) out[i] = get(p, le);
  } finally {
    if (own) fs.closeSync(handle);
  }
}

function typedView(t: SampleType, buffer: ArrayBufferLike, byteOffset: number, length: number): ArrayLike<number> {
  switch (t) {
    case "int8": return new Int8Array(buffer, byteOffset, length);
    case "uint8": return new Uint8Array(buffer, byteOffset, length);
    case "int16": return new Int16Array(buffer, byteOffset, length);
    case "uint16": return new Uint16Array(buffer, byteOffset, length);
    case "int32": return new Int32Array(buffer, byteOffset, length);
    case "uint32": return new Uint32Array(buffer, byteOffset, length);
    case "float32": return new Float32Array(buffer, byteOffset, length);
    case "float64": return new Float64Array(buffer, byteOffset, length);
  }
}

function dataViewGetter(t: SampleType, dv: DataView): (p: number, le: boolean) => number {
  switch (t) {
    case "int8": return (p) => dv.getInt8(p);
    case "uint8": return (p) => dv.getUint8(p);
    case "int16": return (p, le) => dv.getInt16(p, le);
    case "uint16": return (p, le) => dv.getUint16(p, le);
    case "int32": return (p, le) => dv.getInt32(p, le);
    case "uint32": return (p, le) => dv.getUint32(p, le);
    case "float32": return (p, le) => dv.getFloat32(p, le);
    case "float64": return (p, le) => dv.getFloat64(p, le);
  }
}

/**
 * Convert raw DNs in place to physical values: v = DN × scale + offset, NaN where DN is a
 * declared nodata value, outside [validMinDN, validMaxDN], or NaN.
 */
export function dnToPhysical(header: Pick<RasterHeader, "nodataDN" | "validMinDN" | "validMaxDN" | "scale" | "offset">, values: Float32Array | Float64Array): void {
  const { scale, offset, validMinDN, validMaxDN } = header;
  const nd = header.nodataDN;
  const nd0 = nd.length > 0 ? nd[0] : NaN;
  for (let i = 0; i < values.length; i++) {
    const dn = values[i];
    let bad = !(dn >= validMinDN && dn <= validMaxDN) || dn === nd0;
    if (!bad && nd.length > 1) for (let k = 1; k < nd.length; k++) if (dn === nd[k]) bad = true;
    values[i] = bad ? NaN : dn * scale + offset;
  }
}

/**
 * Replace no-data DNs (declared nodata values, outside [validMinDN, validMaxDN]) by `missing`
 * in place, leaving valid DNs untouched (integer pipelines apply scale/offset later).
 */
export function maskDN(header: Pick<RasterHeader, "nodataDN" | "validMinDN" | "validMaxDN">, values: Int32Array, missing: number): void {
  const { validMinDN, validMaxDN } = header;
  const nd = header.nodataDN;
  const nd0 = nd.length > 0 ? nd[0] : NaN;
  for (let i = 0; i < values.length; i++) {
    const dn = values[i];
    let bad = !(dn >= validMinDN && dn <= validMaxDN) || dn === nd0;
    if (!bad && nd.length > 1) for (let k = 1; k < nd.length; k++) if (dn === nd[k]) bad = true;
    if (bad) values[i] = missing;
  }
}

/**
 * Read one band of a GeoTIFF in physical units: value = DN × scale + offset, NaN for no data
 * (GDAL_NODATA, `options.nodata`, MODIS fill and land-cover codes when `modis`).
 * Grid from ModelTiepoint + ModelPixelScale and GeoKeys (EPSG:4326, MODIS sinusoidal, EPSG:nnnn).
 */
export async function readRaster(file: string, options: ReadRasterOptions = {}): Promise<RasterBand> {
  const header = await readRasterHeader(file, options);
  const { width, height } = header.grid;
  const values = new Float32Array(width * height);
  await readRowsDN(header, 0, height, values);
  dnToPhysical(header, values);
  return { grid: header.grid, values };
}

/**
 * True when two grids are the same (size, CRS, origin and pixel size up to 1e-9 relative).
 * Returns a description of the first difference, or undefined when equal.
 */
export function gridDifference(a: GridGeometry, b: GridGeometry): string | undefined {
  if (a.width !== b.width || a.height !== b.height) return `size ${a.width}×${a.height} vs ${b.width}×${b.height}`;
  if (a.crs !== b.crs) return `CRS ${a.crs} vs ${b.crs}`;
  const close = (x: number, y: number, scale: number) => Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(scale), 1e-12) + 1e-12 * Math.max(Math.abs(x), Math.abs(y));
  if (!close(a.pixelWidth, b.pixelWidth, a.pixelWidth) || !close(a.pixelHeight, b.pixelHeight, a.pixelHeight)) return `pixel size ${a.pixelWidth}×${a.pixelHeight} vs ${b.pixelWidth}×${b.pixelHeight}`;
  // Origins must agree to a small fraction of a pixel.
  if (Math.abs(a.originX - b.originX) > 1e-6 * a.pixelWidth || Math.abs(a.originY - b.originY) > 1e-6 * a.pixelHeight) return `origin (${a.originX}, ${a.originY}) vs (${b.originX}, ${b.originY})`;
  return undefined;
}

/** Throw an InputError naming both files when two rasters of a stack are on different grids. */
export function assertSameGrid(fileA: string, a: GridGeometry, fileB: string, b: GridGeometry): void {
  const d = gridDifference(a, b);
  if (d) throw new InputError(`raster grids differ (${d}): ${fileA} and ${fileB} must share size, transform and CRS`, { file: fileB });
}

/**
 * Read the headers of a stack (one file per year, or one file with `bands` listed) and check
 * that every grid is identical. Throws InputError naming the two files that differ.
 */
export async function readStackHeaders(files: readonly string[], options: ReadRasterOptions = {}): Promise<RasterHeader[]> {
  if (files.length === 0) throw new InputError("no raster files given");
  const headers: RasterHeader[] = [];
  for (const f of files) {
    const h = await readRasterHeader(f, options);
    if (headers.length > 0) assertSameGrid(headers[0].file, headers[0].grid, f, h.grid);
    headers.push(h);
  }
  return headers;
}

// ---------------------------------------------------------------- writing

const TAG = {
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  ImageDescription: 270,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  PlanarConfiguration: 284,
  SampleFormat: 339,
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  GeoKeyDirectory: 34735,
  GeoDoubleParams: 34736,
  GeoAsciiParams: 34737,
  GdalMetadata: 42112,
  GdalNodata: 42113,
} as const;
const SHORT = 3, LONG = 4, ASCII = 2, DOUBLE = 12;

interface GeoKeyEntries {
  keys: Array<[number, number, number, number]>; // id, location, count, value/offset
  doubles: number[];
  ascii: string;
}

/** GeoKeys (GeoTIFF 1.1 §7) for the supported CRSs. */
function geoKeysFor(crs: string): GeoKeyEntries {
  const keys: Array<[number, number, number, number]> = [];
  const doubles: number[] = [];
  let ascii = "";
  const addAscii = (id: number, s: string) => {
    const text = s + "|";
    keys.push([id, TAG.GeoAsciiParams, text.length, ascii.length]);
    ascii += text;
  };
  const addDouble = (id: number, v: number) => {
    keys.push([id, TAG.GeoDoubleParams, 1, doubles.length]);
    doubles.push(v);
  };
  if (crs === "EPSG:4326") {
    keys.push([1024, 0, 1, 2]); // GTModelType = Geographic
    keys.push([1025, 0, 1, 1]); // GTRasterType = PixelIsArea
    keys.push([2048, 0, 1, 4326]); // GeographicType
    addAscii(2049, "WGS 84");
    keys.push([2054, 0, 1, 9102]); // GeogAngularUnits = degree
  } else if (crs === "MODIS-sinusoidal") {
    // As GDAL writes MODIS tiles: user-defined sinusoidal on a sphere of radius 6371007.181 m.
    keys.push([1024, 0, 1, 1]); // Projected
    keys.push([1025, 0, 1, 1]);
    addAscii(1026, "MODIS Sinusoidal");
    keys.push([2048, 0, 1, 32767]);
    addAscii(2049, "MODIS sphere");
    keys.push([2050, 0, 1, 32767]); // GeogGeodeticDatum user-defined
    keys.push([2054, 0, 1, 9102]);
    keys.push([2056, 0, 1, 32767]); // GeogEllipsoid user-defined
    addDouble(2057, MODIS_SPHERE_RADIUS_M); // semi-major
    addDouble(2058, MODIS_SPHERE_RADIUS_M); // semi-minor
    keys.push([3072, 0, 1, 32767]); // ProjectedCSType user-defined
    keys.push([3074, 0, 1, 32767]); // Projection user-defined
    keys.push([3075, 0, 1, 24]); // ProjCoordTrans = CT_Sinusoidal
    keys.push([3076, 0, 1, 9001]); // ProjLinearUnits = metre
    addDouble(3082, 0); // false easting
    addDouble(3083, 0); // false northing
    addDouble(3088, 0); // ProjCenterLong
  } else {
    const m = /^EPSG:(\d+)$/.exec(crs);
    if (!m) throw new InputError(`cannot write CRS "${crs}" (supported: EPSG:4326, MODIS-sinusoidal, EPSG:nnnn)`);
    const code = Number(m[1]);
    // EPSG 4000–4999 are geographic 2D CRSs; everything else is written as projected.
    const geographic = code >= 4000 && code < 5000;
    keys.push([1024, 0, 1, geographic ? 2 : 1]);
    keys.push([1025, 0, 1, 1]);
    keys.push(geographic ? [2048, 0, 1, code] : [3072, 0, 1, code]);
  }
  keys.sort((a, b) => a[0] - b[0]);
  return { keys, doubles, ascii };
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function sampleTypeOfArray(values: Int16Array | Int8Array | Uint8Array | Float32Array): { bits: number; format: number; type: SampleType } {
  if (values instanceof Int16Array) return { bits: 16, format: 2, type: "int16" };
  if (values instanceof Int8Array) return { bits: 8, format: 2, type: "int8" };
  if (values instanceof Uint8Array) return { bits: 8, format: 1, type: "uint8" };
  return { bits: 32, format: 3, type: "float32" };
}

/**
 * Encode one band as a little-endian baseline GeoTIFF (uncompressed strips) in memory.
 * Layout: 8-byte header, IFD, out-of-line tag values, then the pixel strips back to back.
 */
export function encodeGeoTiff(grid: GridGeometry, values: Int16Array | Int8Array | Uint8Array | Float32Array, options: WriteRasterOptions = {}): Uint8Array {
  const { width, height } = grid;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) throw new RangeError(`invalid grid size ${width}×${height}`);
  if (values.length !== width * height) throw new RangeError(`values has ${values.length} elements, grid needs ${width * height}`);
  const st = sampleTypeOfArray(values);
  const bps = st.bits / 8;
  const rowBytes = width * bps;
  const rowsPerStrip = Math.max(1, Math.min(height, options.rowsPerStrip ?? Math.max(1, Math.floor(65536 / rowBytes))));
  const nStrips = Math.ceil(height / rowsPerStrip);
  const geo = geoKeysFor(grid.crs);

  type Entry = { tag: number; type: number; count: number; data: Uint8Array };
  const entries: Entry[] = [];
  const shorts = (tag: number, v: number[]) => {
    const d = new Uint8Array(v.length * 2);
    const dv = new DataView(d.buffer);
    v.forEach((x, i) => dv.setUint16(i * 2, x, true));
    entries.push({ tag, type: SHORT, count: v.length, data: d });
  };
  const longs = (tag: number, v: number[]) => {
    const d = new Uint8Array(v.length * 4);
    const dv = new DataView(d.buffer);
    v.forEach((x, i) => dv.setUint32(i * 4, x, true));
    entries.push({ tag, type: LONG, count: v.length, data: d });
  };
  const doubles = (tag: number, v: number[]) => {
    const d = new Uint8Array(v.length * 8);
    const dv = new DataView(d.buffer);
    v.forEach((x, i) => dv.setFloat64(i * 8, x, true));
    entries.push({ tag, type: DOUBLE, count: v.length, data: d });
  };
  const ascii = (tag: number, s: string) => {
    const b = Buffer.from(s + "\0", "latin1");
    entries.push({ tag, type: ASCII, count: b.length, data: new Uint8Array(b) });
  };

  longs(TAG.ImageWidth, [width]);
  longs(TAG.ImageLength, [height]);
  shorts(TAG.BitsPerSample, [st.bits]);
  shorts(TAG.Compression, [1]);
  shorts(TAG.Photometric, [1]);
  if (options.description) ascii(TAG.ImageDescription, options.description.replace(/[^\x20-\x7e]/g, "?"));
  longs(TAG.StripOffsets, new Array(nStrips).fill(0)); // patched below
  shorts(TAG.SamplesPerPixel, [1]);
  longs(TAG.RowsPerStrip, [rowsPerStrip]);
  const counts: number[] = [];
  for (let s = 0; s < nStrips; s++) counts.push(Math.min(rowsPerStrip, height - s * rowsPerStrip) * rowBytes);
  longs(TAG.StripByteCounts, counts);
  shorts(TAG.PlanarConfiguration, [1]);
  shorts(TAG.SampleFormat, [st.format]);
  doubles(TAG.ModelPixelScale, [grid.pixelWidth, grid.pixelHeight, 0]);
  doubles(TAG.ModelTiepoint, [0, 0, 0, grid.originX, grid.originY, 0]);
  const dir: number[] = [1, 1, 0, geo.keys.length];
  for (const k of geo.keys) dir.push(...k);
  shorts(TAG.GeoKeyDirectory, dir);
  if (geo.doubles.length) doubles(TAG.GeoDoubleParams, geo.doubles);
  if (geo.ascii.length) ascii(TAG.GeoAsciiParams, geo.ascii);
  const items: string[] = [];
  if (options.scale !== undefined) items.push(`<Item name="SCALE" sample="0" role="scale">${options.scale}</Item>`);
  if (options.offset !== undefined) items.push(`<Item name="OFFSET" sample="0" role="offset">${options.offset}</Item>`);
  if (options.description) items.push(`<Item name="DESCRIPTION" sample="0" role="description">${xmlEscape(options.description)}</Item>`);
  if (items.length) ascii(TAG.GdalMetadata, `<GDALMetadata>${items.join("")}</GDALMetadata>`);
  if (options.nodata !== undefined) ascii(TAG.GdalNodata, Number.isNaN(options.nodata) ? "nan" : String(options.nodata));
  entries.sort((a, b) => a.tag - b.tag);

  const ifdOffset = 8;
  const ifdSize = 2 + entries.length * 12 + 4;
  let extra = ifdOffset + ifdSize;
  const extraOffsets = new Map<Entry, number>();
  for (const e of entries) {
    if (e.data.length > 4) {
      extra += extra % 2; // word alignment (TIFF 6.0)
      extraOffsets.set(e, extra);
      extra += e.data.length;
    }
  }
  const dataOffset = Math.ceil(extra / 8) * 8;
  const total = dataOffset + rowBytes * height;
  if (total > 0xffffffff) throw new RangeError("raster larger than 4 GiB: BigTIFF writing is not supported");
  // Patch strip offsets.
  const so = entries.find((e) => e.tag === TAG.StripOffsets)!;
  const sodv = new DataView(so.data.buffer);
  for (let s = 0; s < nStrips; s++) sodv.setUint32(s * 4, dataOffset + s * rowsPerStrip * rowBytes, true);

  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out[0] = 0x49; out[1] = 0x49; dv.setUint16(2, 42, true); dv.setUint32(4, ifdOffset, true);
  dv.setUint16(ifdOffset, entries.length, true);
  entries.forEach((e, i) => {
    const p = ifdOffset + 2 + i * 12;
    dv.setUint16(p, e.tag, true);
    dv.setUint16(p + 2, e.type, true);
    dv.setUint32(p + 4, e.count, true);
    const off = extraOffsets.get(e);
    if (off === undefined) out.set(e.data, p + 8);
    else {
      dv.setUint32(p + 8, off, true);
      out.set(e.data, off);
    }
  });
  dv.setUint32(ifdOffset + 2 + entries.length * 12, 0, true);
  const hostLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (hostLE) out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), dataOffset);
  else {
    const set = st.type === "int16" ? (p: number, v: number) => dv.setInt16(p, v, true) : st.type === "float32" ? (p: number, v: number) => dv.setFloat32(p, v, true) : (p: number, v: number) => dv.setUint8(p, v & 0xff);
    for (let i = 0; i < values.length; i++) set(dataOffset + i * bps, values[i]);
  }
  return out;
}

/**
 * Write one band as a GeoTIFF, atomically (temporary file + rename): baseline TIFF,
 * uncompressed strips, GeoKeys for EPSG:4326 / MODIS sinusoidal / EPSG:nnnn, GDAL_NODATA,
 * scale/offset/description in GDAL_METADATA. See `encodeGeoTiff`.
 */
export async function writeRaster(file: string, grid: GridGeometry, values: Int16Array | Int8Array | Uint8Array | Float32Array, options: WriteRasterOptions = {}): Promise<void> {
  writeFileAtomic(file, encodeGeoTiff(grid, values, options));
}
