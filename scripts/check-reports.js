#!/usr/bin/env node
"use strict";
/**
 * Open every report in headless Chromium (Debian's `chromium`), offline, and check that each
 * Plotly figure was actually drawn (its <div> holds Plotly's SVG), then save a full-page
 * screenshot per report for a person to look at.
 *
 *   node scripts/check-reports.js [REPORT_DIR] [--screenshots DIR]
 *
 * Exit 0 when every figure is drawn, 1 when one is not, 0 with a SKIP message when no
 * Chromium is installed (apt-get install chromium).
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const args = process.argv.slice(2);
const shotIdx = args.indexOf("--screenshots");
const shotDir = shotIdx >= 0 ? args.splice(shotIdx, 2)[1] : undefined;
const dir = path.resolve(args[0] || "reports");

function findChromium() {
  for (const c of [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium"].filter(Boolean)) {
    if (spawnSync(c, ["--version"], { stdio: "ignore" }).status === 0) return c;
  }
  return undefined;
}

// The flags keep Chromium from reaching for the network (there is none) and from needing a desktop.
function chromiumArgs(profile) {
  return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions", `--user-data-dir=${profile}`, "--virtual-time-budget=20000"];
}

function main() {
  const chromium = findChromium();
  if (!chromium) {
    console.log("check-reports: SKIP — Chromium is not installed (Debian: apt-get install chromium); reports were not checked in a browser.");
    return 0;
  }
  if (!fs.existsSync(dir)) {
    console.error(`check-reports: ${dir}: no such report directory (run npm start first)`);
    return 1;
  }
  const pages = fs.readdirSync(dir).filter((f) => f.endsWith(".html")).sort();
  let bad = 0;
  for (const page of pages) {
    const file = path.join(dir, page);
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "cl-chromium-"));
    const r = spawnSync(chromium, [...chromiumArgs(profile), "--dump-dom", `file://${file}`], { encoding: "utf8", maxBuffer: 1 << 30, timeout: 120000 });
    fs.rmSync(profile, { recursive: true, force: true });
    if (r.status !== 0) {
      console.error(`check-reports: ${page}: chromium exited with ${r.status}: ${(r.stderr || "").split("\n").slice(-3).join(" ")}`);
      bad++;
      continue;
    }
    const dom = r.stdout;
    // Each figure is <div id="cl-fig-…" class="carbon-ledger-figure">; once drawn it contains Plotly's <svg class="main-svg">.
    const figures = dom.split('class="carbon-ledger-figure').slice(1);
    // The figure's own content ends where its drawing <script> begins.
    const drawn = figures.filter((chunk) => /class="[^"]*main-svg/.test(chunk.slice(0, (chunk.indexOf("<script") + 1 || chunk.length + 1) - 1))).length;
    const ok = drawn === figures.length;
    console.log(`check-reports: ${ok ? "ok  " : "FAIL"} ${page}: ${drawn}/${figures.length} figure(s) drawn`);
    if (!ok) bad++;
    if (shotDir) {
      fs.mkdirSync(shotDir, { recursive: true });
      const profile2 = fs.mkdtempSync(path.join(os.tmpdir(), "cl-chromium-"));
      const png = path.join(path.resolve(shotDir), page.replace(/\.html$/, ".png"));
      spawnSync(chromium, [...chromiumArgs(profile2), "--hide-scrollbars", "--window-size=1280,4000", `--screenshot=${png}`, `file://${file}`], { stdio: "ignore", timeout: 120000 });
      fs.rmSync(profile2, { recursive: true, force: true });
    }
  }
  return bad ? 1 : 0;
}

process.exit(main());
