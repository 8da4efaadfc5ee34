/**
 * `npm run bench`: every benchmark, each printed as a ratio against a reference
 * implementation measured in the same run (numpy where python3 with numpy is installed).
 * Benchmarks are never assertions: they print numbers for people to read.
 * Each area adds a module exporting `run(): Promise<void>` to the list below.
 */
const suites: Array<{ name: string; load: () => Promise<{ run: () => Promise<void> }> }> = [
  { name: "mrio", load: () => import("./mrio.js") },
  { name: "zonal", load: async () => require("./zonal") as { run: () => Promise<void> } },
  { name: "ceads", load: async () => require("./ceads") as { run: () => Promise<void> } },
  { name: "dataset", load: async () => require("./dataset") as { run: () => Promise<void> } },
  { name: "vegetation", load: async () => require("./vegetation") as { run: () => Promise<void> } },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  for (const s of suites) {
    if (only.length && !only.includes(s.name)) continue;
    console.log(`\n== bench: ${s.name}`);
    await (await s.load()).run();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
