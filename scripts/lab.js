#!/usr/bin/env node
"use strict";
/**
 * `npm run lab`: open the notebooks interactively with the project's tslab kernel.
 * Uses JupyterLab when installed, else the classic Notebook. The kernelspec is found through
 * JUPYTER_PATH=<repo>/jupyter, so nothing is installed globally; the kernel starts at the
 * repository root (see jupyter/kernels/carbon-ledger/launch.js).
 * Extra arguments go to Jupyter (e.g. `npm run lab -- --no-browser --port 8899`).
 */
const { spawn, spawnSync } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const env = { ...process.env, JUPYTER_PATH: [path.join(root, "jupyter"), process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter) };
const has = (sub) => spawnSync("jupyter", [sub, "--version"], { stdio: "ignore", env }).status === 0;
const sub = has("lab") ? "lab" : has("notebook") ? "notebook" : undefined;
if (!sub) {
  console.error(
    "lab: neither JupyterLab nor the classic Notebook is installed.\n" +
      "  Debian/Ubuntu:  sudo apt-get install jupyter-notebook\n" +
      "  elsewhere:      python3 -m pip install --user jupyterlab\n" +
      `Or use any Jupyter front end (VS Code too) with JUPYTER_PATH=${path.join(root, "jupyter")} and pick the kernel "TypeScript (carbon-ledger)".`,
  );
  process.exit(1);
}
const child = spawn("jupyter", [sub, `--notebook-dir=${path.join(root, "notebooks")}`, ...process.argv.slice(2)], { stdio: "inherit", env });
child.on("exit", (code) => process.exit(code ?? 1));
