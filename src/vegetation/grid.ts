/**
 * Georeferencing of a regular raster grid (north-up, no rotation), as a GeoTIFF's
 * ModelTiepoint + ModelPixelScale describe it. Row 0 is the northern edge.
 */
export interface GridGeometry {
  readonly width: number;
  readonly height: number;
  /** "EPSG:4326" for geographic lon/lat degrees, "MODIS-sinusoidal" for the MODIS sinusoidal grid (metres), or another "EPSG:nnnn". */
  readonly crs: string;
  /** x (lon or metres) of the left edge of column 0. */
  readonly originX: number;
  /** y (lat or metres) of the top edge of row 0. */
  readonly originY: number;
  /** Pixel size along x, > 0. */
  readonly pixelWidth: number;
  /** Pixel size along y, > 0 (y decreases with the row number). */
  readonly pixelHeight: number;
}
