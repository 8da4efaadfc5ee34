#!/usr/bin/env node
"use strict";
// The CLI runs the TypeScript sources directly (no build step to forget): tsx compiles on load.
require("tsx/cjs");
require("../src/cli/main.ts")
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
