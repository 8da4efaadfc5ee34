// The real-data path end to end: a small DIR in the documented layout (data/README.md) with years on
// different sector schemes — 2010 as a pymrio CSV directory on 30 sectors without Tibet, 2012 as a CEADs
// workbook (42 sectors, NBS 2012 numbering) with F from a CEADs inventory, 2017 as CSV on the 2017
// numbering with Tibet — loaded with loadStudyDataset, harmonized, and run through the study computations.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadStudyDataset } from "../../src/dataset/index";
import { writeMrioCsv } from "../../src/dataset/export";
import { readSectorList } from "../../src/sources/concordance";
import { sectorGroupSummary, transferSummary } from "../../src/balance/study";
import type { MrioTable } from "../../src/mrio/types";
import { InputError } from "../../src/util/errors";
import { writeMrioWorkbook } from "../ceads/mrio-workbook";
import { INVENTORY_SECTORS, patternValues, writeInventoryWorkbook } from "../ceads/inventory-helpers";

const sum = (a: ArrayLike<number> | undefined) => (a ? Array.from(a).reduce((s, v) => s + v, 0) : 0);
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)), `${what}: ${a} ≠ ${b}`);
const CATS = ["Rural household consumption", "Urban household consumption", "Government consumption"];
const PROVINCES = ["Beijing", "Shaanxi", "Gansu", "Guangdong"]; // two Northwest, North, South (data/regions.csv names)

function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/**
 * A productive synthetic economy: x ∈ [1000, 2000], Z = A·diag(x) with column sums of A < 0.4, so
 * every row's Z·1 < x and the rest goes to final demand; F ≥ 0 in t CO2, F_Y for households.
 */
function syntheticTable(regions: string[], sectors: string[], seed: number): MrioTable {
  const rnd = lcg(seed);
  const m = regions.length, n = sectors.length, N = m * n, K = CATS.length;
  const x = Float64Array.from({ length: N }, () => 1000 + 1000 * rnd());
  const Z = new Float64Array(N * N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) Z[i * N + j] = ((0.4 * rnd()) / N) * x[j];
  const Y = new Float64Array(N * m * K);
  for (let i = 0; i < N; i++) {
    const rest = x[i] - sum(Z.subarray(i * N, (i + 1) * N));
    const w = Array.from({ length: m * K }, () => 0.1 + rnd());
    const tw = sum(w);
    w.forEach((v, c) => (Y[i * m * K + c] = (rest * v) / tw));
  }
  const F = Float64Array.from({ length: N }, () => 1e4 * rnd());
  const FY = Float64Array.from({ length: m * K }, (_, c) => (c % K === 2 ? 0 : 5e3 * rnd()));
  const stressor = { names: ["stressor", "unit"], keys: [["CO2", "t"]] };
  return {
    regions,
    sectors,
    categories: CATS,
    Z: { rows: N, cols: N, data: Z },
    Y: { rows: N, cols: m * K, data: Y },
    x,
    F: { index: stressor, columns: { names: ["region", "sector"], keys: regions.flatMap((r) => sectors.map((s) => [r, s])) }, values: { rows: 1, cols: N, data: F } },
    F_Y: { index: stressor, columns: { names: ["region", "category"], keys: regions.flatMap((r) => CATS.map((c) => [r, c])) }, values: { rows: 1, cols: m * K, data: FY } },
    unit: "10^4 yuan",
  };
}

interface Built {
  dir: string;
  t2010: MrioTable;
  t2017: MrioTable;
  tibetF2017: number;
  inventoryMt2012: number;
}

let built: Promise<Built> | undefined;
/** Build the real-layout DIR once (the workbooks take a few seconds). */
function buildDir(): Promise<Built> {
  return (built ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cl-real-path-"));
    // 2010: 30 sectors by Chinese name, no Tibet.
    const t2010 = syntheticTable(PROVINCES, readSectorList("sectors_io30").map((s) => s.nameZh), 2010);
    writeMrioCsv(t2010, path.join(dir, "mrio", "2010"));
    // 2017: 42 sectors of the 2017 numbering by English name, with Tibet.
    const regions17 = ["Beijing", "Tibet", "Shaanxi", "Gansu", "Guangdong"];
    const sectors17 = readSectorList("sectors_io42_2017").map((s) => s.nameEn);
    const t2017 = syntheticTable(regions17, sectors17, 2017);
    writeMrioCsv(t2017, path.join(dir, "mrio", "2017"));
    const n17 = sectors17.length;
    const tibetF2017 = sum(t2017.F!.values.data.subarray(n17, 2 * n17));
    // 2012: a CEADs workbook (2017 layout, NBS 2012 numbering and Chinese names), F from the inventory.
    const sectors12 = readSectorList("sectors_io42_2012").map((s) => ({ code: s.code, name: s.nameZh }));
    await writeMrioWorkbook({ file: path.join(dir, "mrio", "2012.xlsx"), variant: "2017", regions: PROVINCES, sectors: sectors12, sheet: "Table_2012", title: "2012年中国31省区市42部门区域间投入产出表（单位：万元）", seed: 12 });
    fs.mkdirSync(path.join(dir, "inventories"));
    await writeInventoryWorkbook(path.join(dir, "inventories"), "Emission_Inventories_for_30_Provinces_2012.xlsx", PROVINCES.map((p) => ({ name: `${p}2012` })));
    // Σ Scope 1 over the 45 production sectors of every sheet (households are F_Y, not F).
    const inventoryMt2012 = PROVINCES.reduce((a, _, k) => a + sum(patternValues(k + 1).slice(0, INVENTORY_SECTORS.length).map((r) => r[21])), 0);
    return { dir, t2010, t2017, tibetF2017, inventoryMt2012 };
  })());
}

test("real DIR with 2010 (30 sectors, no Tibet), 2012 (workbook, 42-2012) and 2017 (42-2017, Tibet) → one 30-sector scheme, groups, Σ F kept but Tibet", async () => {
  const { dir, t2010, t2017, tibetF2017, inventoryMt2012 } = await buildDir();
  const ds = await loadStudyDataset({ dataDir: dir });
  assert.equal(ds.source, "real");
  assert.deepEqual(ds.years, [2010, 2012, 2017]);
  assert.equal(ds.sectorScheme, "30");
  assert.equal(ds.sectors.length, 30);
  assert.ok(!ds.regions.some((p) => p.nameEn === "Tibet"));
  assert.equal(ds.regions.length, 30);
  // Every sector in exactly one group, the seven groups of groups7.csv.
  const grouped = ds.sectorGroups.flatMap((g) => g.sectors);
  assert.equal(new Set(grouped).size, grouped.length, "no sector in two groups");
  assert.deepEqual([...grouped].sort(), ds.sectors.map((s) => s.code).sort());
  assert.deepEqual(ds.sectorGroups.map((g) => g.name).sort(), ["Agriculture", "Construction", "Energy industry", "Heavy manufacturing", "Light manufacturing", "Services", "Transport"]);
  assert.equal(ds.sectors.find((s) => s.code === "23")!.group, "Energy industry"); // gas and water (30-scheme) → energy

  const report = (await ds.harmonization())!;
  assert.equal(report.scheme, "30");
  assert.deepEqual(report.years.map((y) => [y.year, y.fromScheme]), [[2010, "30"], [2012, "42-2012"], [2017, "42-2017"]]);
  const tables = new Map<number, MrioTable>();
  for (const y of ds.years) tables.set(y, await ds.mrio(y));
  for (const [y, t] of tables) {
    assert.deepEqual(t.sectors, ds.sectors.map((s) => s.code), `${y}: sectors of ds.sectors, by code`);
    assert.deepEqual(t.regions, ["Beijing", "Guangdong", "Shaanxi", "Gansu"], `${y}: provinces in data/regions.csv (adcode) order, no Tibet`);
    assert.ok(t.regions.every((r) => ds.regions.some((p) => p.nameEn === r)));
    assert.equal(t.F!.index.keys[0][1], "t");
  }
  // Σ F: 2010 unchanged; 2017 loses exactly Tibet's emissions, and the report says so; 2012 = the inventory's industry total.
  close(sum(tables.get(2010)!.F!.values.data), sum(t2010.F!.values.data), "Σ F 2010");
  const r17 = report.years.find((y) => y.year === 2017)!.report;
  assert.equal(r17.dropped.length, 1);
  assert.equal(r17.dropped[0].region, "Tibet");
  close(r17.dropped[0].F["CO2/t"], tibetF2017, "reported Tibet F");
  close(sum(tables.get(2017)!.F!.values.data), sum(t2017.F!.values.data) - tibetF2017, "Σ F 2017 = Σ F − Tibet");
  close(sum(tables.get(2017)!.F_Y!.values.data), sum(t2017.F_Y!.values.data) - r17.dropped[0].F_Y["CO2/t"], "Σ F_Y 2017");
  assert.ok(tibetF2017 > 0);
  close(sum(tables.get(2012)!.F!.values.data), inventoryMt2012 * 1e6, "Σ F 2012 = inventory Scope 1 × 10⁶");
  for (const y of report.years) close(sum(tables.get(y.year)!.F!.values.data), y.report.totalsBefore.F["CO2/t"] - sum(y.report.dropped.map((d) => d.F["CO2/t"] ?? 0)), `Σ F ${y.year} (report)`);

  // The study computations run on it and give finite numbers.
  const tr = await transferSummary(ds);
  assert.deepEqual(tr.years, [2010, 2012, 2017]);
  const nw = tr.netTransferMtPerYear.average.Northwest;
  assert.ok(Number.isFinite(nw), `Northwest average net transfer ${nw}`);
  for (const [name, v] of Object.entries(tr.netTransferMtPerYear.average)) assert.ok(Number.isFinite(v), `${name}: ${v}`);
  const gs = await sectorGroupSummary(ds);
  assert.equal(gs.groups.length, 7);
  for (const g of gs.groups) {
    assert.ok(Number.isFinite(gs.intensityTPerWanYuan.average[g]), `intensity ${g}`);
    assert.ok(Number.isFinite(gs.shareOfTotalPercent.average[g]), `share ${g}`);
  }
  const shareSum = gs.groups.reduce((a, g) => a + gs.shareOfTotalPercent.byYear[g].find((v) => v.year === 2017)!.value, 0);
  assert.ok(Math.abs(shareSum - 100) < 1e-6, `group shares sum to 100 %: ${shareSum}`);
  for (const g of gs.groups) for (const v of gs.outflowMt[g]) assert.ok(Number.isFinite(v.value) && v.value >= 0, `outflow ${g} ${v.year}`);
});

test("real DIR: without a 30-sector year the default scheme is 42-2017 (2012 split by 2017 output); named options; Tibet kept → refused", async () => {
  const { dir } = await buildDir();
  const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), "cl-real-path-42-"));
  fs.cpSync(path.join(dir, "mrio", "2017"), path.join(dir2, "mrio", "2017"), { recursive: true });
  fs.copyFileSync(path.join(dir, "mrio", "2012.xlsx"), path.join(dir2, "mrio", "2012.xlsx"));
  fs.cpSync(path.join(dir, "inventories"), path.join(dir2, "inventories"), { recursive: true });
  const ds = await loadStudyDataset({ dataDir: dir2 });
  assert.equal(ds.sectorScheme, "42-2017");
  assert.equal(ds.sectors.length, 42);
  assert.equal(ds.sectorGroups.reduce((a, g) => a + g.sectors.length, 0), 42);
  const t12 = await ds.mrio(2012);
  assert.deepEqual(t12.sectors, ds.sectors.map((s) => s.code));
  const split = (await ds.harmonization())!.years.find((y) => y.year === 2012)!.report.splits;
  assert.ok(split.length > 0 && split.every((s) => s.method.startsWith("reference-output")), "2012 #36 split by 2017 output shares");
  // water with services instead of energy (a named concordance option)
  const ws = await loadStudyDataset({ dataDir: dir2, harmonize: { concordanceOptions: { water: "services" } } });
  assert.equal(ws.sectors.find((s) => s.code === "26")!.group, "Services");
  // sectorScheme: 30 on request
  const d30 = await loadStudyDataset({ dataDir: dir2, sectorScheme: "30" });
  assert.equal((await d30.mrio(2017)).sectors.length, 30);
  // 2010 has no Tibet: keeping Tibet cannot give one region set
  const keep = await loadStudyDataset({ dataDir: dir, regions: "keep" });
  assert.equal(keep.regions.length, 31);
  await assert.rejects(keep.mrio(2017), (e: unknown) => e instanceof InputError && /region sets differ/.test(e.message) && /drop-tibet/.test(e.message));
  // a 30-sector year cannot go onto 42 sectors
  await assert.rejects(loadStudyDataset({ dataDir: dir, sectorScheme: "42-2017" }).then((d) => d.mrio(2010)), (e: unknown) => e instanceof InputError && /30 sectors/.test(e.message));
});

test("real DIR: a missing F is named (CSV directory and workbook), and a study year that is absent names its expected file", async () => {
  const { dir } = await buildDir();
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "cl-real-path-noF-"));
  fs.cpSync(path.join(dir, "mrio", "2010"), path.join(d, "mrio", "2010"), { recursive: true });
  fs.rmSync(path.join(d, "mrio", "2010", "F.csv"));
  const ds = await loadStudyDataset({ dataDir: d });
  assert.deepEqual(ds.years, [2010]);
  await assert.rejects(ds.mrio(2010), (e: unknown) => e instanceof InputError && e.file === path.join(d, "mrio", "2010", "F.csv") && /inventor/.test(e.message));
  await assert.rejects(ds.mrio(2015), (e: unknown) => e instanceof InputError && e.file === path.join(d, "mrio", "2015", "Z.csv") && /2015\.xlsx/.test(e.message));
  // A workbook year with neither F.csv beside it nor an inventory.
  const w = fs.mkdtempSync(path.join(os.tmpdir(), "cl-real-path-noFw-"));
  fs.mkdirSync(path.join(w, "mrio"));
  fs.copyFileSync(path.join(dir, "mrio", "2012.xlsx"), path.join(w, "mrio", "2012.xlsx"));
  const dw = await loadStudyDataset({ dataDir: w });
  assert.equal(dw.sectorScheme, "42-2017");
  await assert.rejects(dw.mrio(2012), (e: unknown) => e instanceof InputError && e.file === path.join(w, "mrio", "2012", "F.csv") && /Emission_Inventories_for_30_Provinces_2012\.xlsx/.test(e.message));
  // Once the file is there, the same dataset object loads (failures are not cached).
  fs.copyFileSync(path.join(dir, "mrio", "2010", "F.csv"), path.join(d, "mrio", "2010", "F.csv"));
  assert.equal((await ds.mrio(2010)).sectors.length, 30);
});
