import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import {
  asHarmonized,
  formatHarmonizedCsv,
  harmonizeNationalIo,
  readNationalConcordance,
  readNationalIo,
  readSectors42,
  type NationalConcordanceRow,
  type Sector42,
} from "../../src/sources/national-io";
import { InputError } from "../../src/util/errors";
import { SHARED_DIR } from "../shared-dir";

const RAW = path.join(SHARED_DIR, "data/china-national-io");
const haveRaw = fs.existsSync(path.join(RAW, "china-io-2015_42.csv"));
const skipRaw = haveRaw ? false : `real national IO tables not found at ${RAW}`;
const CONC = path.resolve(__dirname, "../../data/concordances");
const DERIVED = path.resolve(__dirname, "../../data/national-io");
const SOURCES = [
  { year: 2007, file: "china-io-2007_135.csv", conc: "national-2007-135.csv", n: 135 },
  { year: 2010, file: "china-io-2010_41.csv", conc: "national-2010-41.csv", n: 41 },
  { year: 2012, file: "china-io-2012_139.csv", conc: "national-2012-139.csv", n: 139 },
  { year: 2015, file: "china-io-2015_42.csv", conc: "national-2015-42.csv", n: 42 },
  { year: 2017, file: "china-io-2017_149.csv", conc: "national-2017-149.csv", n: 149 },
];
const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "cl-natio-"));

/** A tiny competitive table in the ionet layout, balanced by construction. */
function tinyCsv(Z: number[][], fu: number[][], ex: number[], im: number[], err: number[], va: number[][]): string {
  const n = Z.length;
  const codes = Z.map((_, i) => String(i + 1).padStart(2, "0"));
  const lines = [["Code", "Description", "DescriptionInChinese", ...codes, "TIU", "FU101", "FU102", "FU103", "FU201", "FU202", "EX", "TFU", "IM", "ERR", "GO"].join(",")];
  const go: number[] = [];
  for (let i = 0; i < n; i++) {
    const tiu = Z[i].reduce((a, b) => a + b, 0);
    const tfu = fu[i].reduce((a, b) => a + b, 0) + ex[i];
    go.push(tiu + tfu - im[i] + err[i]);
    lines.push([codes[i], `"Sector ${i + 1}, test"`, `部门${i + 1}`, ...Z[i], tiu, ...fu[i], ex[i], tfu, im[i], err[i], go[i]].join(","));
  }
  const colsum = (j: number) => Z.reduce((a, r) => a + r[j], 0);
  const blank = new Array(11).fill("");
  lines.push(["TII", "Total intermediate input", "中间投入合计", ...codes.map((_, j) => colsum(j)), ...blank].join(","));
  // the last VA row closes the column: VA004 = GO − TII − VA001..003
  const vaRows = va.map((r) => [...r]);
  for (let j = 0; j < n; j++) vaRows[3][j] = go[j] - colsum(j) - vaRows[0][j] - vaRows[1][j] - vaRows[2][j];
  ["VA001", "VA002", "VA003", "VA004"].forEach((c, k) => lines.push([c, "va", "va", ...vaRows[k], ...blank].join(",")));
  lines.push(["TVA", "tva", "tva", ...codes.map((_, j) => vaRows.reduce((a, r) => a + r[j], 0)), ...blank].join(","));
  lines.push(["TI", "ti", "ti", ...go, ...blank].join(","));
  return lines.join("\n") + "\n";
}

const tinySectors: Sector42[] = [
  { code: "91", nameEn: "a", nameZh: "a", group: "g1" },
  { code: "92", nameEn: "b", nameZh: "b", group: "g2" },
];

test("reader: a hand-made 3-sector table reads, and harmonization by hand gives the known answer", () => {
  const dir = tmp();
  const f = path.join(dir, "t.csv");
  fs.writeFileSync(f, tinyCsv([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 1, 1, 1, 1], [2, 2, 2, 2, -1], [0, 0, 1, 5, 0]], [3, 0, 1], [2, 1, 0], [0.5, 0, -0.5], [[1, 1, 1], [1, 1, 1], [1, 1, 1], [0, 0, 0]]));
  const t = readNationalIo(f);
  assert.equal(t.layout, "competitive");
  assert.deepEqual(t.codes, ["01", "02", "03"]);
  assert.equal(t.namesEn[0], "Sector 1, test");
  // merge 01+02 → A, split 03 half/half into A and B
  const conc: NationalConcordanceRow[] = [
    { sourceCode: "01", targetCode: "91", weight: 1 },
    { sourceCode: "02", targetCode: "91", weight: 1 },
    { sourceCode: "03", targetCode: "91", weight: 0.5 },
    { sourceCode: "03", targetCode: "92", weight: 0.5 },
  ];
  const h = harmonizeNationalIo(t, conc, tinySectors, 2000);
  // Z' = Cᵀ Z C with C = [[1,0],[1,0],[.5,.5]]: Z'_AA = 1+2+4+5 + .5(3+6+7+8) + .25·9 = 26.25
  assert.deepEqual(Array.from(h.Z.data), [26.25, 6.75, 9.75, 2.25]);
  assert.deepEqual(Array.from(h.exportsWanYuan), [3.5, 0.5]);
  assert.equal(sum(h.grossOutputWanYuan), sum(t.grossOutputWanYuan));
  // the written CSV reads back with every balance check
  fs.writeFileSync(path.join(dir, "h.csv"), formatHarmonizedCsv(h));
  const back = readNationalIo(path.join(dir, "h.csv"));
  assert.deepEqual(Array.from(back.Z.data), Array.from(h.Z.data));
});

test("reader: a broken row balance is an InputError naming the file, the sector row and the cell", () => {
  const dir = tmp();
  const f = path.join(dir, "bad.csv");
  const csv = tinyCsv([[1, 2], [3, 4]], [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1]], [0, 0], [0, 0], [0, 0], [[1, 1], [1, 1], [1, 1], [0, 0]]);
  const lines = csv.split("\n");
  lines[2] = lines[2].replace(/,([^,]+)$/, ",999"); // GO of sector 02
  fs.writeFileSync(f, lines.join("\n"));
  assert.throws(() => readNationalIo(f), (e: unknown) => e instanceof InputError && e.file === f && /row 02/.test(e.message) && /row balance/.test(e.message));
  lines[2] = lines[2].replace("3,4", "3,x");
  fs.writeFileSync(f, lines.join("\n"));
  assert.throws(() => readNationalIo(f), (e: unknown) => e instanceof InputError && /non-numeric value "x"/.test(e.message) && /cell E3/.test(e.message));
});

test("concordance: weights of a source must sum to 1", () => {
  const f = path.join(tmp(), "c.csv");
  fs.writeFileSync(f, "# comment\nsource_code,target_code,weight\n01,A,0.5\n01,B,0.4\n");
  assert.throws(() => readNationalConcordance(f), /weights of source 01 sum to 0.9/);
});

test("harmonization keeps every total (fast-check: random tables, random weighted concordances)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 6 }),
      fc.integer({ min: 1, max: 1e9 }),
      (n, seed) => {
        let s = seed;
        const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
        const Z = Array.from({ length: n }, () => Array.from({ length: n }, () => Math.round(rnd() * 100)));
        const fu = Array.from({ length: n }, () => Array.from({ length: 5 }, () => Math.round(rnd() * 50)));
        const dir = tmp();
        const f = path.join(dir, "t.csv");
        fs.writeFileSync(f, tinyCsv(Z, fu, Z.map(() => 5), Z.map(() => 3), Z.map(() => 0), Array.from({ length: 4 }, () => Z.map(() => 2))));
        const t = readNationalIo(f);
        const conc: NationalConcordanceRow[] = t.codes.flatMap((c) => {
          const w = Math.round(rnd() * 100) / 100;
          return [{ sourceCode: c, targetCode: "91", weight: w }, { sourceCode: c, targetCode: "92", weight: 1 - w }];
        });
        const h = harmonizeNationalIo(t, conc, tinySectors, 2000);
        const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
        return (
          close(sum(h.Z.data), sum(t.Z.data)) &&
          close(sum(h.grossOutputWanYuan), sum(t.grossOutputWanYuan)) &&
          close(sum(h.finalUse.data), [...t.finalUse.entries()].filter(([k]) => /^FU\d/.test(k)).reduce((a, [, v]) => a + sum(v), 0)) &&
          close(sum(h.valueAdded.data), sum(t.valueAdded.data))
        );
      },
    ),
    { numRuns: 40, seed: 42 },
  );
});

test("real NBS tables: each reads with its row balance (TIU + TFU − IM + ERR = GO) checked", { skip: skipRaw }, () => {
  for (const s of SOURCES) {
    const t = readNationalIo(path.join(RAW, s.file));
    assert.equal(t.codes.length, s.n, s.file);
    assert.equal(t.layout, "competitive");
  }
  const nc = readNationalIo(path.join(RAW, "china-io-2017_42.csv"));
  assert.equal(nc.layout, "non-competitive");
  assert.ok(nc.ZImported && sum(nc.ZImported.data) > 0);
  // README: gross output 2015 208.1, 2017 225.8 trillion yuan
  assert.equal((sum(readNationalIo(path.join(RAW, "china-io-2015_42.csv")).grossOutputWanYuan) / 1e8).toFixed(1), "208.1");
  assert.equal((sum(nc.grossOutputWanYuan) / 1e8).toFixed(1), "225.8");
  // the non-competitive table has no rural/urban/government split: harmonization refuses it
  assert.throws(() => asHarmonized(nc, readSectors42(), 2017), /FU101 is missing/);
});

test("real NBS tables: the 42-sector harmonization keeps every original total", { skip: skipRaw }, () => {
  const sectors = readSectors42();
  assert.equal(sectors.length, 42);
  for (const s of SOURCES) {
    const t = readNationalIo(path.join(RAW, s.file));
    const h = harmonizeNationalIo(t, readNationalConcordance(path.join(CONC, s.conc)), sectors, s.year);
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    assert.ok(rel(sum(h.grossOutputWanYuan), sum(t.grossOutputWanYuan)) < 1e-12, `${s.year} GO`);
    assert.ok(rel(sum(h.Z.data), sum(t.Z.data)) < 1e-12, `${s.year} Z`);
    assert.ok(rel(sum(h.importsWanYuan), sum(t.importsWanYuan)) < 1e-12, `${s.year} IM`);
    assert.ok(rel(sum(h.exportsWanYuan), sum(t.exportsWanYuan)) < 1e-12, `${s.year} EX`);
    assert.ok(rel(sum(h.valueAdded.data), sum(t.valueAdded.data)) < 1e-12, `${s.year} VA`);
  }
});

test("real NBS 2017: the 149 → 42 concordance reproduces the official 42-sector table sector by sector", { skip: skipRaw }, () => {
  const sectors = readSectors42();
  const h = harmonizeNationalIo(readNationalIo(path.join(RAW, "china-io-2017_149.csv")), readNationalConcordance(path.join(CONC, "national-2017-149.csv")), sectors, 2017);
  const nc = readNationalIo(path.join(RAW, "china-io-2017_42.csv"));
  assert.deepEqual(nc.codes, sectors.map((s) => s.code));
  for (let i = 0; i < 42; i++) {
    assert.ok(Math.abs(h.grossOutputWanYuan[i] - nc.grossOutputWanYuan[i]) <= 1e-9 * nc.grossOutputWanYuan[i], `sector ${sectors[i].code}`);
    for (let j = 0; j < 42; j++) {
      const want = nc.Z.data[i * 42 + j] + nc.ZImported!.data[i * 42 + j];
      assert.ok(Math.abs(h.Z.data[i * 42 + j] - want) <= 1e-9 * Math.max(1, want), `Z ${i},${j}`);
    }
  }
});

test("committed data/national-io/*.csv are exactly what the derivation produces from the real tables", { skip: skipRaw }, () => {
  const sectors = readSectors42();
  for (const s of SOURCES) {
    const h = harmonizeNationalIo(readNationalIo(path.join(RAW, s.file)), readNationalConcordance(path.join(CONC, s.conc)), sectors, s.year);
    assert.equal(fs.readFileSync(path.join(DERIVED, `china-io-${s.year}-42.csv`), "utf8"), formatHarmonizedCsv(h), `${s.year}`);
  }
});

test("committed data/national-io/*.csv read back with all balance checks (no real data needed)", () => {
  for (const s of SOURCES) {
    const t = readNationalIo(path.join(DERIVED, `china-io-${s.year}-42.csv`));
    assert.equal(t.codes.length, 42);
  }
});
