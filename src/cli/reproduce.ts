import type { Command } from "commander";
import { reproduce } from "../notebook/run-notebooks";

export function registerReproduce(program: Command): void {
  program
    .command("reproduce")
    .description("execute the notebooks (every notebooks/*.ipynb in order, or the ones named) and write self-contained HTML reports")
    .option("--out <dir>", "report directory", "reports")
    .option("--data <dir>", "real-data directory laid out as in data/README.md (default: the embedded demo dataset; env CARBON_LEDGER_DATA)")
    .argument("[notebooks...]", "notebook files or names (default: all of notebooks/)")
    .action(async (notebooks: string[], opts: { out: string; data?: string }) => {
      await reproduce({ notebooks, outDir: opts.out, dataDir: opts.data ?? process.env.CARBON_LEDGER_DATA });
    });
}
