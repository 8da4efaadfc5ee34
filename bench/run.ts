/**
 * `npm run bench`: every benchmark, each printed as a ratio against a reference
 * implementation measured in the same run (numpy where python3 with numpy is installed).
 * Benchmarks are never assertions: they print numbers for people to read.
 * Each area adds a module exporting `run(): Promise<void>` to the list below.
 */
type Suite = { run: () => Promise<void> };
// Loaded one at a time (require, not import: the project is CommonJS), so a suite's module cost stays out of the others.
const suites: Array<{ name: string; load: () => Suite }> = [
  { name: "mrio", load: () => require("./mrio") as Suite },
  { name: "zonal", load: () => require("./zonal") as Suite },
  { name: "ceads", load: () => require("./ceads") as Suite },
  { name: "dataset", load: () => require("./dataset") as Suite },
  { name: "vegetation", load: () => require("./vegetation") as Suite },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  for (const s of suites) {
    if (only.length && !only.includes(s.name)) continue;
    console.log(`\n== bench: ${s.name}`);
    await s.load().run();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
