/**
 * China's 31 mainland provinces and the seven geographical regions (中国七大地理分区),
 * from data/regions.csv. Usage:
 *
 *   const regions = loadRegions();                        // 31 rows, adcode order
 *   const sn = findProvince(regions, "Shaanxi");          // also "SN", "610000", "陕西", "陕西省", "shaanxi"
 *   regions.filter((r) => r.region7 === "Northwest");     // SN, GS, QH, NX, XJ
 *   canonicalProvince(regions, "InnerMongolia", { file, place })  // "Inner Mongolia" or InputError
 *
 * Canonical English spelling: the usual two-word form ("Inner Mongolia"); the CEADs
 * inventory sheet spelling without spaces ("InnerMongolia2017") and other variants
 * (underscores, case, aliases such as "Nei Mongol", "Xizang", Chinese short or full names,
 * ISO 3166-2:CN codes, adcodes) are all accepted by `findProvince`.
 * Note Shanxi (山西, SX) and Shaanxi (陕西, SN) differ by one letter: matching is exact
 * after normalisation, never fuzzy.
 */
import * as path from "node:path";
import { InputError } from "../util/errors";
import { readCsvRecords } from "./csv";

export type Region7 = "North" | "Northeast" | "East" | "Central" | "South" | "Southwest" | "Northwest";
export const REGION7_ORDER: readonly Region7[] = ["North", "Northeast", "East", "Central", "South", "Southwest", "Northwest"];

export interface Province {
  /** ISO 3166-2:CN subdivision code without the "CN-" prefix, e.g. "SN". */
  readonly code: string;
  /** Canonical English name, e.g. "Inner Mongolia". */
  readonly nameEn: string;
  /** Short Chinese name, e.g. "内蒙古". */
  readonly nameZh: string;
  /** Full Chinese name, e.g. "内蒙古自治区". */
  readonly nameZhFull: string;
  /** 6-digit administrative division code (GB/T 2260), e.g. 150000. */
  readonly adcode: number;
  /** One of the seven geographical regions. */
  readonly region7: Region7;
  readonly region7Zh: string;
  /** False only for Tibet: the CEADs provincial inventories cover 30 provinces. */
  readonly inCeadsInventory: boolean;
  readonly aliases: readonly string[];
}

/** Default location of the regions table shipped with the project. */
export const DEFAULT_REGIONS_FILE = path.resolve(__dirname, "../../data/regions.csv");

/**
 * Load the province table (default data/regions.csv). Validates: 6-digit adcodes, a known
 * region7, unique codes, adcodes and normalised names/aliases (so lookups are unambiguous).
 */
export function loadRegions(file: string = DEFAULT_REGIONS_FILE): Province[] {
  const rows = readCsvRecords(file, ["code", "name_en", "name_zh", "name_zh_full", "adcode", "region7", "region7_zh", "in_ceads_inventory", "aliases"]);
  const out: Province[] = [];
  const seen = new Map<string, string>();
  rows.forEach((r, k) => {
    const place = `data row ${k + 1} (${r.name_en})`;
    if (!/^\d{6}$/.test(r.adcode)) throw new InputError(`adcode "${r.adcode}" is not 6 digits`, { file, place });
    if (!(REGION7_ORDER as readonly string[]).includes(r.region7)) {
      throw new InputError(`region7 "${r.region7}" is not one of ${REGION7_ORDER.join(", ")}`, { file, place });
    }
    if (r.in_ceads_inventory !== "yes" && r.in_ceads_inventory !== "no") {
      throw new InputError(`in_ceads_inventory must be yes or no, got "${r.in_ceads_inventory}"`, { file, place });
    }
    const p: Province = {
      code: r.code,
      nameEn: r.name_en,
      nameZh: r.name_zh,
      nameZhFull: r.name_zh_full,
      adcode: Number(r.adcode),
      region7: r.region7 as Region7,
      region7Zh: r.region7_zh,
      inCeadsInventory: r.in_ceads_inventory === "yes",
      aliases: r.aliases === "" ? [] : r.aliases.split("|").map((a) => a.trim()),
    };
    for (const key of provinceKeys(p)) {
      const prev = seen.get(key);
      if (prev !== undefined && prev !== p.code) throw new InputError(`name or code "${key}" is used by both ${prev} and ${p.code}`, { file, place });
      seen.set(key, p.code);
    }
    out.push(p);
  });
  return out;
}

/**
 * Normalised lookup key of a province name: Latin letters lower-cased with spaces,
 * underscores, hyphens and dots removed ("Inner_Mongolia" → "innermongolia"); Chinese text
 * trimmed. A trailing 4-digit year is NOT removed here (see `splitSheetName`).
 */
export function provinceKey(name: string): string {
  return name.normalize("NFKC").trim().toLowerCase().replace(/[\s_\-.'’]+/g, "");
}

function provinceKeys(p: Province): string[] {
  return [p.code, p.nameEn, p.nameZh, p.nameZhFull, String(p.adcode), ...p.aliases].map(provinceKey);
}

/** Find a province by any accepted spelling or code; undefined when nothing matches. */
export function findProvince(regions: readonly Province[], nameOrCode: string | number): Province | undefined {
  const key = provinceKey(String(nameOrCode));
  if (key === "") return undefined;
  return regions.find((p) => provinceKeys(p).includes(key));
}

/** The canonical English name for a spelling, or an InputError naming where the unknown name was found. */
export function canonicalProvince(regions: readonly Province[], name: string, where: { file?: string; place?: string } = {}): string {
  const p = findProvince(regions, name);
  if (!p) throw new InputError(`unknown province "${name}" (not in data/regions.csv under any accepted spelling)`, where);
  return p.nameEn;
}
