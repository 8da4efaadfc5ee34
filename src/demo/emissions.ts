/**
 * The committed, derived emissions table data/emissions/ceads-province-sector.csv: real CEADs
 * Scope-1 CO2 (Mt) by study year × province × 42 IO sector (NBS 2017 numbering), with the Urban
 * and Rural household rows kept apart (direct emissions, F_Y; never in industry intensities).
 *
 * Columns: year, province (canonical English name of data/regions.csv), sector_code ("01"…"42",
 * or "urban" / "rural" for households), is_household (0/1), scope1_total_mt.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseCsv } from "../sources/csv";
import { projectDataDir } from "../sources/national-io";
import { InputError } from "../util/errors";
import type { ProvinceEmissions } from "./economy";

/** One row of ceads-province-sector.csv. */
export interface ProvinceSectorEmission {
  readonly year: number;
  readonly province: string;
  /** "01"…"42", or "urban" / "rural". */
  readonly sectorCode: string;
  readonly isHousehold: boolean;
  readonly scope1TotalMt: number;
}

export const DEFAULT_EMISSIONS_FILE = path.join(projectDataDir(), "emissions", "ceads-province-sector.csv");

/** Format rows as the committed CSV (full double precision, stable order as given). */
export function formatProvinceSectorCsv(rows: readonly ProvinceSectorEmission[]): string {
  const out = ["year,province,sector_code,is_household,scope1_total_mt"];
  for (const r of rows) {
    if (!Number.isFinite(r.scope1TotalMt)) throw new Error(`non-finite emission for ${r.province} ${r.year} ${r.sectorCode}`);
    const p = r.province.includes(",") ? `"${r.province}"` : r.province;
    out.push(`${r.year},${p},${r.sectorCode},${r.isHousehold ? 1 : 0},${r.scope1TotalMt === 0 ? 0 : r.scope1TotalMt}`);
  }
  return out.join("\n") + "\n";
}

/** Read ceads-province-sector.csv; every bad cell is an InputError naming the line. */
export function readProvinceSectorEmissions(file: string = DEFAULT_EMISSIONS_FILE): ProvinceSectorEmission[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read emissions table (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file });
  }
  const rows = parseCsv(text, file);
  const h = rows[0].map((s) => s.trim());
  const need = ["year", "province", "sector_code", "is_household", "scope1_total_mt"];
  const ix = need.map((k) => {
    const i = h.indexOf(k);
    if (i < 0) throw new InputError(`missing column "${k}"`, { file, place: "line 1" });
    return i;
  });
  return rows.slice(1).map((f, k) => {
    const year = Number(f[ix[0]]);
    const v = Number(f[ix[4]]);
    if (!Number.isInteger(year) || !Number.isFinite(v)) throw new InputError(`bad year or value`, { file, place: `line ${k + 2}` });
    return { year, province: f[ix[1]], sectorCode: f[ix[2]], isHousehold: f[ix[3]] === "1", scope1TotalMt: v };
  });
}

/**
 * Group the rows of one year into per-province vectors in the order of `sectorCodes`.
 * Households: "urban" → urbanHouseholdMt, "rural" → ruralHouseholdMt.
 */
export function provinceEmissionsForYear(rows: readonly ProvinceSectorEmission[], year: number, sectorCodes: readonly string[]): ProvinceEmissions[] {
  const idx = new Map(sectorCodes.map((c, i) => [c, i]));
  const by = new Map<string, { sectorMt: Float64Array; urban: number; rural: number }>();
  for (const r of rows) {
    if (r.year !== year) continue;
    let p = by.get(r.province);
    if (!p) by.set(r.province, (p = { sectorMt: new Float64Array(sectorCodes.length), urban: 0, rural: 0 }));
    if (r.isHousehold) {
      if (r.sectorCode === "urban") p.urban += r.scope1TotalMt;
      else if (r.sectorCode === "rural") p.rural += r.scope1TotalMt;
      else throw new InputError(`household row with sector_code "${r.sectorCode}" (expected urban or rural)`, { place: `${r.province} ${year}` });
    } else {
      const i = idx.get(r.sectorCode);
      if (i === undefined) throw new InputError(`unknown sector code "${r.sectorCode}"`, { place: `${r.province} ${year}` });
      p.sectorMt[i] += r.scope1TotalMt;
    }
  }
  if (by.size === 0) throw new InputError(`no emissions for year ${year}`);
  return [...by.entries()].map(([province, p]) => ({ province, sectorMt: p.sectorMt, urbanHouseholdMt: p.urban, ruralHouseholdMt: p.rural }));
}
