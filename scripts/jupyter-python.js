"use strict";
// Which python3 can drive Jupyter headlessly (nbclient + nbconvert + jupyter_client)?
// Shared by scripts/setup.js (before npm dependencies exist) and the notebook runner.
const { spawnSync } = require("node:child_process");

const MODULES = ["nbclient", "nbconvert", "nbformat", "jupyter_client"];
const CANDIDATES = [process.env.CARBON_LEDGER_PYTHON, "/usr/bin/python3", "python3"].filter(Boolean);

/** The first candidate python that imports every Jupyter module needed, or undefined. */
function findJupyterPython() {
  for (const py of CANDIDATES) {
    const r = spawnSync(py, ["-c", `import ${MODULES.join(", ")}`], { stdio: "ignore" });
    if (r.status === 0) return py;
  }
  return undefined;
}

module.exports = { findJupyterPython, MODULES };
