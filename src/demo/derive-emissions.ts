/**
 * Derivation of data/emissions/ceads-province-sector.csv from the real CEADs inventory
 * workbooks (used by scripts/derive-data.ts; not needed at run time).
 *
 * e_j^r = Σ_k e_k^r w_kj (inventoryToIoSectors, scheme "42-2017"), where the one-to-many
 * inventory rows (metal products, transport incl. telecom, trade & catering, others) are split
 * by the NATIONAL gross-output shares of the year's harmonized NBS table: provincial outputs
 * are not known independently (the demo estimates them from these very emissions). Households
 * (Urban, Rural) are kept as separate rows. Tibet has no inventory and is absent.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { inventoryToIoSectors, readCeadsInventory, type InventoryRecord } from "../sources/ceads-inventory";
import { loadRegions } from "../sources/regions";
import { readNationalIo, readSectors42 } from "../sources/national-io";
import { InputError } from "../util/errors";
import type { ProvinceSectorEmission } from "./emissions";

/** Find Emission_Inventories_for_30_Provinces_YYYY.xlsx in a directory (file names matched case-insensitively). */
export function inventoryFile(dir: string, year: number): string {
  const want = `emission_inventories_for_30_provinces_${year}.xlsx`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    throw new InputError(`inventory directory not found`, { file: dir });
  }
  const hit = names.find((n) => n.toLowerCase() === want);
  if (!hit) throw new InputError(`missing CEADs inventory workbook for ${year} (expected Emission_Inventories_for_30_Provinces_${year}.xlsx)`, { file: dir });
  return path.join(dir, hit);
}

/**
 * Read the inventories of `years` and map them to the 42 IO sectors (2017 numbering).
 * `nationalDir` holds the harmonized china-io-YYYY-42.csv tables (output shares for splits).
 */
export async function deriveCeadsProvinceSector(inventoryDir: string, years: readonly number[], nationalDir: string): Promise<ProvinceSectorEmission[]> {
  const regions = loadRegions();
  const codes = readSectors42().map((s) => s.code);
  const out: ProvinceSectorEmission[] = [];
  for (const year of years) {
    const records: InventoryRecord[] = await readCeadsInventory(inventoryFile(inventoryDir, year));
    const nat = readNationalIo(path.join(nationalDir, `china-io-${year}-42.csv`));
    const national: Record<string, number> = {};
    nat.codes.forEach((c, i) => (national[c] = nat.grossOutputWanYuan[i]));
    const provinces = [...new Set(records.map((r) => r.province))];
    const outputShares: Record<string, Record<string, number>> = {};
    for (const p of provinces) outputShares[p] = national;
    const io = inventoryToIoSectors(records, { scheme: "42-2017", outputShares, tibet: "drop", regions });
    for (const e of io.industry) {
      if (!codes.includes(e.ioCode)) throw new Error(`unexpected IO code ${e.ioCode}`);
      out.push({ year, province: e.province, sectorCode: e.ioCode, isHousehold: false, scope1TotalMt: e.emissionsMt });
    }
    for (const h of io.households)
      out.push({ year, province: h.province, sectorCode: h.household === "Urban" ? "urban" : "rural", isHousehold: true, scope1TotalMt: h.emissionsMt });
  }
  // Stable order: year, province (regions.csv order), sectors 01…42, then urban, rural.
  const pOrder = new Map(regions.map((p, i) => [p.nameEn, i]));
  const sOrder = (c: string) => (c === "urban" ? 100 : c === "rural" ? 101 : Number(c));
  out.sort((a, b) => a.year - b.year || pOrder.get(a.province)! - pOrder.get(b.province)! || sOrder(a.sectorCode) - sOrder(b.sectorCode));
  return out;
}
