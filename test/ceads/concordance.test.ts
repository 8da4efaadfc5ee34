import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as fs from "node:fs";
import { inventoryToIoSectors, ioEmissionsMatrix, InventoryRecord, IoScheme, readCeadsInventory } from "../../src/sources/ceads-inventory";
import { readConcordance, readSectorList, resolveConcordance } from "../../src/sources/concordance";
import { parseCsv } from "../../src/sources/csv";
import { findProvince, loadRegions } from "../../src/sources/regions";
import { InputError } from "../../src/util/errors";
import { INVENTORY_SECTORS } from "./inventory-helpers";
import * as path from "node:path";
import { SHARED_DIR } from "../shared-dir";

function records(province: string, year: number, sectorMt: (i: number) => number, urban = 1, rural = 2): InventoryRecord[] {
  const out: InventoryRecord[] = INVENTORY_SECTORS.map((s, i) => ({
    year, province, sector: s, sectorIndex: i + 1, isHousehold: false, scope1TotalMt: sectorMt(i), values: { scope_1_total: sectorMt(i) },
  }));
  out.push({ year, province, sector: "Urban", sectorIndex: 0, isHousehold: true, scope1TotalMt: urban, values: { scope_1_total: urban } });
  out.push({ year, province, sector: "Rural", sectorIndex: 0, isHousehold: true, scope1TotalMt: rural, values: { scope_1_total: rural } });
  return out;
}
const only = (k: number, mt = 10) => (i: number) => (i === k - 1 ? mt : 0);
const get = (r: ReturnType<typeof inventoryToIoSectors>, code: string, province = "Shaanxi") =>
  r.industry.find((e) => e.ioCode === code && e.province === province)!.emissionsMt;

describe("regions", () => {
  const regions = loadRegions();
  test("31 provinces, unique 6-digit adcodes, seven regions; Northwest = SN GS QH NX XJ", () => {
    assert.equal(regions.length, 31);
    assert.equal(new Set(regions.map((r) => r.adcode)).size, 31);
    assert.ok(regions.every((r) => r.adcode >= 110000 && r.adcode <= 659999 && r.adcode % 10000 === 0));
    assert.deepEqual(regions.filter((r) => r.region7 === "Northwest").map((r) => r.code), ["SN", "GS", "QH", "NX", "XJ"]);
    assert.equal(new Set(regions.map((r) => r.region7)).size, 7);
    assert.deepEqual(regions.filter((r) => !r.inCeadsInventory).map((r) => r.nameEn), ["Tibet"]);
    // METHODS.md §2.8: Anhui and Jiangxi in East China.
    assert.equal(findProvince(regions, "Anhui")!.region7, "East");
    assert.equal(findProvince(regions, "Jiangxi")!.region7, "East");
  });
  test("spelling variants resolve; Shanxi and Shaanxi stay distinct", () => {
    for (const v of ["InnerMongolia", "Inner Mongolia", "inner_mongolia", "NM", "150000", "内蒙古", "内蒙古自治区", "Nei Mongol", 150000]) {
      assert.equal(findProvince(regions, v)?.nameEn, "Inner Mongolia", String(v));
    }
    assert.equal(findProvince(regions, "Shanxi")!.adcode, 140000);
    assert.equal(findProvince(regions, "Shaanxi")!.adcode, 610000);
    assert.equal(findProvince(regions, "陕西省")!.code, "SN");
    assert.equal(findProvince(regions, "Xizang")!.nameEn, "Tibet");
    assert.equal(findProvince(regions, "Shanxii"), undefined);
  });
});

describe("concordance files", () => {
  test("CSV parser: quotes, escaped quotes, CRLF, BOM", () => {
    assert.deepEqual(parseCsv('\ufeffa,b\r\n"x, y","he said ""hi"""\n'), [["a", "b"], ["x, y", 'he said "hi"']]);
    assert.throws(() => parseCsv('a,"b'), InputError);
  });

  const schemes: Array<[string, string, number]> = [["inventory45_to_io42_2012", "sectors_io42_2012", 42], ["inventory45_to_io42_2017", "sectors_io42_2017", 42], ["inventory45_to_io30", "sectors_io30", 30]];
  for (const [conc, sectors, n] of schemes) {
    test(`${conc}: all 45 inventory sectors, names match sectors_inventory45, targets valid, every IO sector reached`, () => {
      const c = readConcordance(conc);
      const inv = readSectorList("sectors_inventory45");
      const codes = readSectorList(sectors);
      assert.equal(codes.length, n);
      for (const opts of [{}, { logging: "wood", information: "others" }]) {
        const m = resolveConcordance(c, opts);
        assert.deepEqual([...m.keys()], inv.map((s) => s.code));
        for (const l of c.links) assert.equal(l.fromName, inv.find((s) => s.code === l.fromCode)!.nameEn);
        const reached = new Set([...m.values()].flat());
        for (const t of reached) assert.ok(codes.some((s) => s.code === t), t);
        if (Object.keys(opts).length === 0) assert.equal(reached.size, n, "every IO sector receives emissions under the defaults");
      }
    });
  }

  // Composition identity: inventory→30 must equal (inventory→42-2012)∘(42-2012→30), and
  // inventory→42-2017 must equal (inventory→42-2012)∘(42-2012→42-2017), as sets, under every option.
  for (const [direct, bridge] of [["inventory45_to_io30", "io42_2012_to_io30"], ["inventory45_to_io42_2017", "io42_2012_to_io42_2017"]]) {
    test(`${direct} = inventory45_to_io42_2012 ∘ ${bridge}`, () => {
      for (const opts of [{ logging: "agriculture", information: "transport" }, { logging: "wood", information: "transport" }, { logging: "wood", information: "others" }]) {
        const a = resolveConcordance(readConcordance("inventory45_to_io42_2012"), opts);
        const b = resolveConcordance(readConcordance(bridge), opts);
        const d = resolveConcordance(readConcordance(direct), opts);
        for (const [from, mids] of a) {
          const composed = new Set(mids.flatMap((x) => b.get(x)!));
          assert.deepEqual([...new Set(d.get(from))].sort(), [...composed].sort(), `${direct} row ${from} ${JSON.stringify(opts)}`);
        }
      }
    });
  }

  for (const [file, n] of [["io42_2012_to_group7", 42], ["io42_2017_to_group7", 42], ["io30_to_group7", 30]] as const) {
    test(`${file}: every sector in exactly one of the 7 groups, for each water placement`, () => {
      const c = readConcordance(file);
      const groups = readSectorList("groups7").map((g) => g.code);
      for (const water of ["energy", "services"]) {
        const m = resolveConcordance(c, { water });
        assert.equal(m.size, n);
        for (const [, g] of m) {
          assert.equal(g.length, 1);
          assert.ok(groups.includes(g[0]));
        }
      }
      // water is the only open sector: 2012 → 27, 2017 → 26
      if (file !== "io30_to_group7") {
        const w = file === "io42_2012_to_group7" ? "27" : "26";
        assert.deepEqual(resolveConcordance(c, { water: "services" }).get(w), ["services"]);
        assert.deepEqual(resolveConcordance(c, {}).get(w), ["energy"]);
      }
    });
  }

  test("2012 → 2017 renumbering: by name, sectors 23–35 shift by one, 36 splits into 35 + 36", () => {
    const m = resolveConcordance(readConcordance("io42_2012_to_io42_2017"));
    const s12 = readSectorList("sectors_io42_2012"), s17 = readSectorList("sectors_io42_2017");
    assert.deepEqual(m.get("23"), ["22"]);
    assert.deepEqual(m.get("36"), ["35", "36"]);
    // Construction is 28 in 2012 and 27 in 2017 (METHODS.md §3.3).
    assert.equal(s12.find((s) => s.code === "28")!.nameZh, "建筑");
    assert.equal(s17.find((s) => s.code === "27")!.nameZh, "建筑");
    assert.deepEqual(m.get("28"), ["27"]);
    for (const [from, to] of m) if (to.length === 1 && !["22", "23", "36"].includes(from)) {
      assert.equal(s12.find((s) => s.code === from)!.nameZh, s17.find((s) => s.code === to[0])!.nameZh, from);
    }
  });
});

describe("inventoryToIoSectors", () => {
  test("one-to-one: power sector (inventory 39) → IO 25 in 2012 numbering, 24 in 2017, 22 in the 30 scheme", () => {
    const rec = records("Shaanxi", 2015, only(39, 7));
    assert.equal(get(inventoryToIoSectors(rec, { scheme: "42-2012" }), "25"), 7);
    assert.equal(get(inventoryToIoSectors(rec, { scheme: "42-2017" }), "24"), 7);
    assert.equal(get(inventoryToIoSectors(rec, { scheme: "30" }), "22"), 7);
  });

  test("one-to-many split: equal when no outputs (stated), by output share when given (hand calculation)", () => {
    const rec = records("Shaanxi", 2015, only(30, 10)); // Metal Products → IO 15 + 24 (repair)
    const eq = inventoryToIoSectors(rec, { scheme: "42-2012" });
    assert.equal(eq.splitRule, "equal");
    assert.match(eq.notes.join(" "), /EQUALLY/);
    assert.equal(get(eq, "15"), 5);
    assert.equal(get(eq, "24"), 5);
    const os = inventoryToIoSectors(rec, { scheme: "42-2012", outputShares: { SN: { "15": 300, "24": 100 } } });
    assert.equal(os.splitRule, "output-share");
    assert.equal(get(os, "15"), 7.5);
    assert.equal(get(os, "24"), 2.5);
    // zero output in the whole group → equal split, with a note
    const z = inventoryToIoSectors(rec, { scheme: "42-2012", outputShares: { Shaanxi: { "15": 0, "24": 0 } } });
    assert.equal(get(z, "15"), 5);
    assert.match(z.notes.join(" "), /zero output/);
    assert.throws(() => inventoryToIoSectors(rec, { scheme: "42-2012", outputShares: { Gansu: { "15": 1, "24": 1 } } }), InputError);
  });

  test("logging option: row 8 → IO 01 (agriculture, default) or 09 (wood)", () => {
    const rec = records("Gansu", 2012, only(8, 4));
    assert.equal(get(inventoryToIoSectors(rec, { scheme: "42-2012" }), "01", "Gansu"), 4);
    assert.equal(get(inventoryToIoSectors(rec, { scheme: "42-2012", logging: "wood" }), "09", "Gansu"), 4);
    assert.equal(get(inventoryToIoSectors(rec, { scheme: "42-2012", logging: "wood" }), "01", "Gansu"), 0);
  });

  test("households kept apart; Tibet dropped or zero", () => {
    const rec = records("Qinghai", 2017, () => 1, 3, 4);
    const r = inventoryToIoSectors(rec, { scheme: "42-2017" });
    assert.deepEqual(r.households.map((h) => [h.household, h.emissionsMt]), [["Rural", 4], ["Urban", 3]]);
    assert.ok(Math.abs(r.industry.reduce((a, e) => a + e.emissionsMt, 0) - 45) < 1e-12);
    assert.deepEqual(r.provinces, ["Qinghai"]);
    const z = inventoryToIoSectors(rec, { scheme: "42-2017", tibet: "zero" });
    assert.deepEqual(z.provinces, ["Tibet", "Qinghai"]);
    assert.equal(z.industry.filter((e) => e.province === "Tibet").length, 42);
    assert.ok(z.industry.filter((e) => e.province === "Tibet").every((e) => e.emissionsMt === 0));
    const m = ioEmissionsMatrix(z, 2017);
    assert.equal(m.valuesMt.length, 2 * 42);
  });

  test("sector matched by name, not position: shuffled records give the same result; unknown name is an error", () => {
    const rec = records("Shaanxi", 2015, (i) => i + 1);
    const shuffled = [...rec].reverse().map((r, k) => ({ ...r, sectorIndex: k }));
    assert.deepEqual(inventoryToIoSectors(shuffled, { scheme: "30" }).industry, inventoryToIoSectors(rec, { scheme: "30" }).industry);
    const badRec = rec.map((r) => (r.sectorIndex === 3 ? { ...r, sector: "Oil Extraction" } : r));
    assert.throws(() => inventoryToIoSectors(badRec, { scheme: "30" }), /"Oil Extraction" is not in the concordance/);
  });

  test("property: totals conserved per province, non-negative, any scheme/options/output shares", () => {
    const schemes: IoScheme[] = ["42-2012", "42-2017", "30"];
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 45, maxLength: 45 }),
        fc.constantFrom(...schemes),
        fc.constantFrom("agriculture" as const, "wood" as const),
        fc.constantFrom("transport" as const, "others" as const),
        fc.option(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 42, maxLength: 42 })),
        (mt, scheme, logging, information, xs) => {
          const rec = records("Ningxia", 2010, (i) => mt[i]);
          const outputShares = xs ? { Ningxia: Object.fromEntries(xs.map((x, i) => [String(i + 1).padStart(2, "0"), x])) } : undefined;
          const r = inventoryToIoSectors(rec, { scheme, logging, information, outputShares });
          const total = mt.reduce((a, b) => a + b, 0);
          const mapped = r.industry.reduce((a, e) => a + e.emissionsMt, 0);
          return Math.abs(mapped - total) <= 1e-9 * Math.max(1, total) && r.industry.every((e) => e.emissionsMt >= 0 && Number.isFinite(e.emissionsMt)) && r.households.length === 2;
        },
      ),
      { numRuns: 200, seed: 4 },
    );
  });

  const real2017 = path.join(SHARED_DIR, "data/ceads-inventories/Emission_Inventories_for_30_Provinces_2017.xlsx");
  test("real 2017 inventory → 42-2017: 30 provinces × 42 sectors, national industry total conserved", { skip: fs.existsSync(real2017) ? false : "real inventory absent" }, async () => {
    const rec = await readCeadsInventory(real2017);
    const r = inventoryToIoSectors(rec, { scheme: "42-2017" });
    assert.equal(r.provinces.length, 30);
    assert.equal(r.industry.length, 30 * 42);
    const a = r.industry.reduce((s, e) => s + e.emissionsMt, 0);
    const b = rec.filter((x) => !x.isHousehold).reduce((s, x) => s + x.scope1TotalMt, 0);
    assert.ok(Math.abs(a - b) < 1e-9 * b);
    // Shaanxi power sector = inventory row 39 (one-to-one).
    const sn = rec.find((x) => x.province === "Shaanxi" && x.sectorIndex === 39)!;
    assert.equal(get(r, "24"), sn.scope1TotalMt);
  });
});
