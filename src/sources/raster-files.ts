/**
 * Years (and months) read from raster file names, for stacks given as one file per year
 * (npp_2007.tif, MOD17A3HGF.A2007001.h25v05.061…hdf→tif) or per month (temperature_2005_07.tif).
 */
import * as path from "node:path";

/**
 * The year in a file name: MODIS "A2007001" (year + day of year) first, else a single 4-digit
 * 19xx/20xx not adjacent to other digits. Undefined when none or ambiguous.
 */
export function yearFromFileName(file: string): number | undefined {
  const base = path.basename(file);
  const modis = /(?:^|[^A-Za-z0-9])A((?:19|20)\d{2})\d{3}(?![0-9])/.exec(base) ?? /\.A((?:19|20)\d{2})\d{3}\./.exec(base);
  if (modis) return Number(modis[1]);
  const found = new Set<number>();
  const re = /(?<![0-9])((?:19|20)\d{2})(?![0-9])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(base)) !== null) found.add(Number(m[1]));
  return found.size === 1 ? [...found][0] : undefined;
}

/** Year and month from a monthly file name such as temperature_2005_07.tif or tmp200507.tif. */
export function yearMonthFromFileName(file: string): { year: number; month: number } | undefined {
  const m = path.basename(file).match(/((?:19|20)\d{2})[_\-.]?(0[1-9]|1[0-2])(?:[^0-9]|$)/);
  return m ? { year: Number(m[1]), month: Number(m[2]) } : undefined;
}
