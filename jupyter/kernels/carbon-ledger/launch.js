"use strict";
// Project-local tslab kernel. tslab compiles relative to its working directory, so a
// notebook in notebooks/ could not import ../src/…; starting the kernel at the repository
// root makes `import … from "./src/…"` work from every notebook, with nothing installed
// globally (Jupyter finds this kernelspec through JUPYTER_PATH=<repo>/jupyter).
const path = require("node:path");
const root = path.resolve(__dirname, "..", "..", "..");
process.chdir(root);
process.argv = [process.argv[0], path.join(root, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", process.argv[2]];
require(path.join(root, "node_modules", "tslab", "dist", "main.js")).main();
