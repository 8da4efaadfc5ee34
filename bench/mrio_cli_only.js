#!/usr/bin/env node
"use strict";
// bench/mrio.ts: the `mrio` command group alone (same code path as bin/carbon-ledger.js, without
// loading the other command groups' modules), to separate the MRIO engine's cost from CLI start-up.
require("tsx/cjs");
const { Command } = require("commander");
const { registerMrio } = require("../src/cli/mrio.ts");
const program = new Command("carbon-ledger").exitOverride();
registerMrio(program);
program.parseAsync(process.argv).catch((e) => {
  process.stderr.write(`carbon-ledger: ${e.message}\n`);
  process.exitCode = 2;
});
