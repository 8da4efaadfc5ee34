/**
 * tslab (the notebook kernel) loads the project's own modules from its compiled outputs
 * and resolves `./x` only as the file x.ts: a directory import (`./mrio` meaning
 * ./mrio/index.ts) works under Node and tsx but fails inside a notebook. Guard every
 * relative import in src/ so the notebooks cannot break that way.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const src = path.resolve(__dirname, "..", "..", "src");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

test("every relative import in src/ names a file, not a directory", () => {
  const bad: string[] = [];
  for (const file of files(src)) {
    // Code lines only: doc comments may show notebook-side imports such as "./src/…".
    const text = fs.readFileSync(file, "utf8").split("\n").filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l)).join("\n");
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)["'](\.{1,2}\/[^"']*)["']/g)) {
      const spec = m[1];
      const target = path.resolve(path.dirname(file), spec);
      if (fs.existsSync(`${target}.ts`) || fs.existsSync(`${target}.js`) || /\.(json|js|cjs)$/.test(spec)) continue;
      bad.push(`${path.relative(src, file)}: "${spec}"${fs.existsSync(path.join(target, "index.ts")) ? ` (write "${spec}/index")` : " (no such file)"}`);
    }
  }
  assert.deepEqual(bad, []);
});

// tslab also tries a bare specifier as a path beside the importing file first, so
// src/sources/geotiff.ts importing the package "geotiff" would load itself (stack overflow).
test("no module in src/ shares its name with a package it imports from the same directory", () => {
  const bad: string[] = [];
  for (const file of files(src)) {
    const text = fs.readFileSync(file, "utf8").split("\n").filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l)).join("\n");
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)["']([^./"'][^"']*)["']/g)) {
      const sibling = path.join(path.dirname(file), m[1]);
      if (fs.existsSync(`${sibling}.ts`) || fs.existsSync(`${sibling}.js`)) bad.push(`${path.relative(src, file)}: package "${m[1]}" is shadowed by ${path.relative(src, sibling)}.ts inside notebooks`);
    }
  }
  assert.deepEqual(bad, []);
});
