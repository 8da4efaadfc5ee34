/**
 * Small helpers for the teaching notebook (01-leontief-primer): the textbook example as data,
 * the national 42-sector table of 2017 as a single-region IO table, and "where do the emissions of
 * one final purchase occur". The algebra itself is the MRIO engine's (src/mrio); these only
 * assemble inputs and label outputs.
 */
import * as path from "node:path";
import { leontiefFactor, leontiefSolve, multipliers, outputOf, stressorCoefficients, technicalCoefficients, type LuFactorization } from "../mrio/index";
import type { ProvinceSectorEmission } from "../demo/emissions";
import type { DenseMatrix, MrioTable } from "../mrio/types";
import { asHarmonized, projectDataDir, readNationalIo, readSectors42, type Sector42 } from "../sources/national-io";
import { InputError } from "../util/errors";

/** A single-region input–output table: intermediate flows Z, final demand y and total output x (same money unit). */
export interface SimpleIoTable {
  readonly sectors: readonly string[];
  readonly Z: DenseMatrix;
  readonly finalDemand: Float64Array;
  readonly totalOutput: Float64Array;
  readonly unit: string;
}

/**
 * Miller & Blair (2009), *Input–Output Analysis: Foundations and Extensions*, 2nd ed., §2.3 (Table 2.3):
 * two sectors, Z = [[150, 500], [200, 100]], final demand f = (350, 1700), x = (1000, 2000), so that
 * A = [[0.15, 0.25], [0.20, 0.05]] and L = (I − A)⁻¹ ≈ [[1.2541, 0.3300], [0.2640, 1.1221]].
 */
export const MILLER_BLAIR_TWO_SECTOR: SimpleIoTable = {
  sectors: ["Agriculture", "Manufacturing"],
  Z: { rows: 2, cols: 2, data: Float64Array.from([150, 500, 200, 100]) },
  finalDemand: Float64Array.from([350, 1700]),
  totalOutput: Float64Array.from([1000, 2000]),
  unit: "$ million",
};

/** Matrix rows as table records: one row per label, one column per label (for showTable). */
export function matrixRows(m: DenseMatrix, rowLabels: readonly string[], colLabels: readonly string[] = rowLabels, corner = ""): Array<Record<string, string | number>> {
  if (rowLabels.length !== m.rows || colLabels.length !== m.cols) throw new RangeError(`matrixRows: ${m.rows} × ${m.cols} matrix, ${rowLabels.length} × ${colLabels.length} labels`);
  return rowLabels.map((r, i) => {
    const row: Record<string, string | number> = { [corner]: r };
    colLabels.forEach((c, j) => (row[c] = m.data[i * m.cols + j]));
    return row;
  });
}

/** Output multipliers: column sums of L, Σ_i L_ij = total output in all sectors per unit of final demand for j (Miller & Blair §6.2.1). */
export function outputMultipliers(L: DenseMatrix): Float64Array {
  const out = new Float64Array(L.cols);
  for (let i = 0; i < L.rows; i++) for (let j = 0; j < L.cols; j++) out[j] += L.data[i * L.cols + j];
  return out;
}

/** China's national IO table of 2017 on the 42-sector scheme (NBS via ionet; the project's derived copy data/national-io/), total output x = GO. */
export function nationalTable2017(file: string = path.join(projectDataDir(), "national-io", "china-io-2017-42.csv")): SimpleIoTable & { readonly sectorInfo: readonly Sector42[] } {
  const sectors = readSectors42();
  const h = asHarmonized(readNationalIo(file), sectors, 2017);
  const n = sectors.length;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < h.finalUse.cols; c++) y[i] += h.finalUse.data[i * h.finalUse.cols + c];
    // Competitive-imports table: domestic final demand + exports − imports (+ error) closes the row to GO.
    y[i] += h.exportsWanYuan[i] - h.importsWanYuan[i] + h.errorWanYuan[i];
  }
  return { sectors: sectors.map((s) => s.nameEn), sectorInfo: sectors, Z: h.Z, finalDemand: y, totalOutput: h.grossOutputWanYuan, unit: "10⁴ yuan" };
}

/**
 * Where the emissions of one final purchase occur: for final demand y (one entry: `amount` of sector j's product
 * bought by region s), emissions by (region, sector) e = f̂ · L · y, f = F/x (Miller & Blair §10.2). Returns
 * tonnes per producing region and per producing sector (summed over regions).
 */
export function emissionsOfFinalPurchase(
  table: MrioTable,
  purchase: { readonly region: string; readonly sector: string; readonly amount: number },
  leontief?: LuFactorization,
): { regions: readonly string[]; byRegionTonnes: Float64Array; sectors: readonly string[]; bySectorTonnes: Float64Array; totalTonnes: number } {
  const m = table.regions.length, n = table.sectors.length, mn = m * n;
  const r = table.regions.indexOf(purchase.region);
  const j = table.sectors.indexOf(purchase.sector);
  if (r < 0) throw new InputError(`unknown region "${purchase.region}"`, { place: "purchase.region" });
  if (j < 0) throw new InputError(`unknown sector "${purchase.sector}"`, { place: "purchase.sector" });
  if (!table.F) throw new InputError("the table has no emission extension F");
  const x = outputOf(table);
  const fac = leontief ?? leontiefFactor(technicalCoefficients(table.Z, x));
  const y = new Float64Array(mn);
  y[r * n + j] = purchase.amount;
  const out = leontiefSolve(fac, { rows: mn, cols: 1, data: y }).data;
  const byRegion = new Float64Array(m);
  const bySector = new Float64Array(n);
  let total = 0;
  for (let p = 0; p < mn; p++) {
    const e = x[p] > 0 ? (table.F.values.data[p] / x[p]) * out[p] : 0;
    byRegion[Math.floor(p / n)] += e;
    bySector[p % n] += e;
    total += e;
  }
  return { regions: table.regions, byRegionTonnes: byRegion, sectors: table.sectors, bySectorTonnes: bySector, totalTonnes: total };
}

/**
 * Partial sums of the power series L = I + A + A² + … for one column j (Miller & Blair §2.4.2): entry k is the
 * output of each sector needed, after k+1 rounds of purchases, to deliver one unit of final demand for j.
 * Converges to column j of L when A is productive.
 */
export function leontiefRounds(A: DenseMatrix, j: number, rounds: number): Float64Array[] {
  const n = A.rows;
  if (A.cols !== n || j < 0 || j >= n) throw new RangeError(`leontiefRounds: need a square A and 0 ≤ j < ${n}`);
  let term = new Float64Array(n);
  term[j] = 1;
  const sum = Float64Array.from(term);
  const out = [Float64Array.from(sum)];
  for (let k = 1; k < rounds; k++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let l = 0; l < n; l++) next[i] += A.data[i * n + l] * term[l];
    term = next;
    for (let i = 0; i < n; i++) sum[i] += term[i];
    out.push(Float64Array.from(sum));
  }
  return out;
}

/**
 * Markdown feedback for a notebook exercise: the reader's answer against the expected value (relative tolerance
 * `tolerance`, default 1 %), or the solution when no answer was given.
 */
export function checkAnswer(answer: number | undefined | null, expected: number, explanation: string, tolerance = 0.01): string {
  const shown = Number(expected.toPrecision(4));
  if (answer === undefined || answer === null || Number.isNaN(answer)) return `**No answer entered.** The answer is **${shown}**: ${explanation}`;
  const ok = Math.abs(answer - expected) <= tolerance * Math.max(Math.abs(expected), 1e-12);
  return ok ? `✅ **Correct** (${shown}): ${explanation}` : `❌ **Not quite**: you entered ${answer}, the answer is **${shown}**: ${explanation}`;
}

/**
 * Direct and embodied CO2 intensities of a national table: e_i = Σ_p e_{p,i} over provinces (industry rows
 * only; households have no IO sector), f_i = e_i / x_i (0 where x_i = 0) and m = f·L
 * (Miller & Blair 2009, §10.2; METHODS.md §2.2). `emissions` are Mt CO2 by sector code (the CEADs table in
 * data/emissions/); a code of the table without emissions is 0, an emission code the table lacks is an error.
 * Returns t CO2 per unit of the table's money (t per 10⁴ yuan for the NBS table).
 */
export function nationalIntensities(
  table: SimpleIoTable & { readonly sectorInfo: readonly Sector42[] },
  L: DenseMatrix,
  emissions: readonly ProvinceSectorEmission[],
  year: number,
): { direct: Float64Array; embodied: Float64Array } {
  const index = new Map(table.sectorInfo.map((s, i) => [s.code, i]));
  const tonnes = new Float64Array(table.sectors.length);
  for (const r of emissions) {
    if (r.year !== year || r.isHousehold) continue;
    const i = index.get(r.sectorCode);
    if (i === undefined) throw new InputError(`sector code "${r.sectorCode}" of the emissions is not a sector of the national table`, { place: `${r.province} ${r.year}` });
    tonnes[i] += r.scope1TotalMt * 1e6;
  }
  const S = stressorCoefficients({ rows: 1, cols: tonnes.length, data: tonnes }, table.totalOutput);
  return { direct: S.data, embodied: multipliers(S, L).data };
}

