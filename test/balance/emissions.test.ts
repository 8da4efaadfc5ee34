import { test } from "node:test";
import assert from "node:assert/strict";
import { territorialEmissionsByProvince } from "../../src/balance/emissions";
import type { ProvinceSectorEmission } from "../../src/demo/emissions";

const row = (year: number, province: string, sectorCode: string, mt: number): ProvinceSectorEmission => ({ year, province, sectorCode, isHousehold: sectorCode === "urban" || sectorCode === "rural", scope1TotalMt: mt });
const rows = [row(2017, "Ningxia", "01", 1), row(2017, "Ningxia", "24", 10), row(2017, "Ningxia", "urban", 0.5), row(2007, "Ningxia", "24", 4), row(2007, "Gansu", "24", 2), row(2017, "Gansu", "rural", 0.25), row(2017, "Gansu", "02", 3)];

test("sums sectors per province and year, households switchable", () => {
  const all = territorialEmissionsByProvince(rows, ["Ningxia", "Gansu"]);
  assert.deepEqual(all.years, [2007, 2017]);
  assert.deepEqual(all.mtCO2.Ningxia, [4, 11.5]);
  assert.deepEqual(all.mtCO2.Gansu, [2, 3.25]);
  const industry = territorialEmissionsByProvince(rows, ["Ningxia", "Gansu"], "exclude");
  assert.deepEqual(industry.mtCO2.Ningxia, [4, 11]);
  assert.deepEqual(industry.mtCO2.Gansu, [2, 3]);
});

test("a province missing in a year is an error, not a zero", () => {
  assert.throws(() => territorialEmissionsByProvince(rows, ["Tibet"]), /no emissions for Tibet in 2007/);
});
