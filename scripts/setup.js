#!/usr/bin/env node
"use strict";
/**
 * Setup guard for `npm start` and `npm test`: installs what is missing, and nothing twice.
 *   1. Node.js ≥ 20.19 (require() of ES modules, which arquero needs, is on by default from 20.19).
 *   2. npm dependencies exactly as package-lock.json pins them (`npm ci`), when node_modules is
 *      missing or was installed from another lockfile.
 *   3. Jupyter's headless executor (python3: nbclient, nbconvert, nbformat, jupyter_client): through
 *      apt-get when running as root (or with password-less sudo); otherwise it stops and prints the
 *      exact command to run.
 * Plain JavaScript with no dependencies: it runs before anything is installed.
 */
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { findJupyterPython } = require("./jupyter-python.js");

const root = path.resolve(__dirname, "..");
const APT_PACKAGES = ["jupyter-nbconvert", "jupyter-client", "python3-nbclient", "python3-nbformat"];
const quiet = process.argv.includes("--quiet");
const say = (s) => quiet || console.log(`setup: ${s}`);

function fail(msg) {
  console.error(`setup: ${msg}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  return r.status === 0;
}

// 1. Node.js
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Node.js ${process.versions.node} is too old: carbon-ledger needs Node.js 20.19 or newer.`);

// 2. npm dependencies, keyed by the lockfile's hash so a changed lockfile reinstalls.
const lock = path.join(root, "package-lock.json");
const stamp = path.join(root, "node_modules", ".carbon-ledger-lock.sha256");
const lockHash = crypto.createHash("sha256").update(fs.readFileSync(lock)).digest("hex");
const installed = fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8").trim() === lockHash;
if (!installed) {
  say("installing npm dependencies from package-lock.json (npm ci)…");
  if (!run("npm", ["ci", "--no-audit", "--no-fund"])) fail("`npm ci` failed (see above).");
  fs.writeFileSync(stamp, lockHash + "\n");
} else {
  say("npm dependencies up to date");
}

// 3. Jupyter's headless executor.
if (findJupyterPython()) {
  say("Jupyter executor present");
} else {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasSudo = !isRoot && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0;
  const hasApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (hasApt && (isRoot || hasSudo)) {
    const pre = isRoot ? [] : ["sudo", "-n"];
    const exec = (args) => (pre.length ? run(pre[0], [...pre.slice(1), ...args]) : run(args[0], args.slice(1)));
    say(`installing Jupyter's headless executor with apt-get: ${APT_PACKAGES.join(" ")}`);
    process.env.DEBIAN_FRONTEND = "noninteractive";
    if (!exec(["apt-get", "update", "-q"])) fail("apt-get update failed (see above).");
    if (!exec(["apt-get", "install", "-y", "-q", "--no-install-recommends", ...APT_PACKAGES])) fail("apt-get install failed (see above).");
    if (!findJupyterPython()) fail("Jupyter was installed but python3 still cannot import nbclient/nbconvert.");
  } else {
    fail(
      "Jupyter's headless executor is missing (python3 modules nbclient, nbconvert, nbformat, jupyter_client).\n" +
        "Install it, then run this again:\n" +
        `  Debian/Ubuntu:  sudo apt-get install ${APT_PACKAGES.join(" ")}\n` +
        "  elsewhere:      python3 -m pip install --user nbclient nbconvert nbformat jupyter_client\n" +
        "(or point CARBON_LEDGER_PYTHON at a python3 that has them)",
    );
  }
}
