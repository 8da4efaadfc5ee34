/**
 * Re-export of the npm package "geotiff" (geotiff.js). Why this file exists: tslab resolves a
 * bare specifier as a sibling path first, so `import … from "geotiff"` inside
 * src/sources/geotiff.ts would load that module itself in notebooks. Importing the package from
 * this directory (which has no geotiff.ts) avoids the shadowing.
 */
export { fromFile, fromArrayBuffer } from "geotiff";
export type { GeoTIFF, GeoTIFFImage } from "geotiff";
