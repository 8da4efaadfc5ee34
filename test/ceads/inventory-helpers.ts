/** Builders for small synthetic CEADs inventory workbooks in the documented layout (METHODS.md §5). */
import ExcelJS from "exceljs";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readSectorList } from "../../src/sources/concordance";

export const FUEL_HEADERS = [
  "Raw Coal", "Cleaned Coal", "Other Washed Coal", "Briquettes", "Coke", "Coke Oven Gas", "Other Gas", "Other Coking Products",
  "Crude Oil", "Gasoline", "Kerosene", "Diesel Oil", "Fuel Oil", "LPG", "Refinery Gas", "Other Petroleum Products", "Natural Gas",
  "Scope 2 Heat", "Scope 2 Electricity", "Other Energy", "Process", "Scope 1 Total",
];

export const INVENTORY_SECTORS: string[] = readSectorList("sectors_inventory45").map((s) => s.nameEn);

export interface SheetSpec {
  name: string;
  /** values[row][col]: 47 rows (45 sectors + Urban + Rural) × 22 columns; defaults to a deterministic pattern. */
  values?: number[][];
  underscoreVariant?: boolean;
  /** Add this to the total row's Scope 1 Total (breaks closure). */
  totalOffset?: number;
  /** Override one cell: [row (1-based sheet row), col (1-based), value]. */
  patch?: Array<[number, number, ExcelJS.CellValue]>;
}

export function patternValues(seed: number): number[][] {
  const rows: number[][] = [];
  for (let r = 0; r < 47; r++) {
    const fuels = Array.from({ length: 21 }, (_, c) => (c >= 17 && c <= 19 ? 0 : ((r * 31 + c * 7 + seed * 13) % 17) / 10));
    const scope1 = fuels.slice(0, 17).reduce((a, b) => a + b, 0) + fuels[20];
    rows.push([...fuels, scope1]);
  }
  return rows;
}

/** Write a workbook with a NOTE sheet and the given province sheets; returns its path. */
export async function writeInventoryWorkbook(dir: string, fileName: string, sheets: SheetSpec[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const note = wb.addWorksheet("NOTE");
  note.getCell("B1").value = "synthetic test workbook";
  sheets.forEach((spec, k) => {
    const ws = wb.addWorksheet(spec.name);
    const values = spec.values ?? patternValues(k + 1);
    const u = spec.underscoreVariant;
    ws.getRow(1).values = [u ? "Emission_Inventory" : null, ...FUEL_HEADERS.map((h) => (u ? h.replace(/ /g, "_") : h))] as ExcelJS.CellValue[];
    ws.getRow(2).values = [u ? "unit" : null, ...FUEL_HEADERS.map(() => "Mt CO2")] as ExcelJS.CellValue[];
    const totals = FUEL_HEADERS.map((_, c) => values.reduce((a, row) => a + row[c], 0));
    totals[21] += spec.totalOffset ?? 0;
    ws.getRow(4).values = [u ? "Total Emissions" : "Total Consumption", ...totals];
    const labels = [...INVENTORY_SECTORS.map((s) => (u ? s : s + "      ")), "Urban", "Rural"];
    labels.forEach((label, r) => (ws.getRow(5 + r).values = [label, ...values[r]]));
    for (const [r, c, v] of spec.patch ?? []) ws.getCell(r, c).value = v;
  });
  const file = path.join(dir, fileName);
  await wb.xlsx.writeFile(file);
  return file;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
