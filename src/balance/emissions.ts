/**
 * Territorial (production-based) emissions per province and year from the CEADs-derived
 * province × sector table: the quantity the CEADs inventories report directly (Scope 1),
 * before any input–output attribution.
 */
import type { ProvinceSectorEmission } from "../demo/emissions";

/** Whether the Urban/Rural household rows count: "exclude" (industry only) or "include" (the inventory's Scope-1 total). */
export type HouseholdTreatment = "exclude" | "include";

/**
 * PBA_p(t) = Σ_i e_{p,i}(t) [+ e_{p,urban}(t) + e_{p,rural}(t)] in Mt CO2, for each requested
 * province, over the years present in `rows` (ascending). Provinces without a row in a year
 * are an error rather than a silent zero (Tibet has no CEADs inventory).
 * Reference: Shan et al. (2018), China CO2 emission accounts 1997–2015, Sci Data 5:170201.
 */
export function territorialEmissionsByProvince(
  rows: readonly ProvinceSectorEmission[],
  provinces: readonly string[],
  households: HouseholdTreatment = "include",
): { years: number[]; mtCO2: Record<string, number[]> } {
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const sums = new Map<string, number>();
  for (const r of rows) {
    if (r.isHousehold && households === "exclude") continue;
    const key = `${r.province}\u0000${r.year}`;
    sums.set(key, (sums.get(key) ?? 0) + r.scope1TotalMt);
  }
  const mtCO2: Record<string, number[]> = {};
  for (const p of provinces) {
    mtCO2[p] = years.map((y) => {
      const v = sums.get(`${p}\u0000${y}`);
      if (v === undefined) throw new RangeError(`no emissions for ${p} in ${y}`);
      return v;
    });
  }
  return { years, mtCO2 };
}
