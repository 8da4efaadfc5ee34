import type { Command } from "commander";

export function registerReproduce(program: Command): void {
  program
    .command("reproduce")
    .description("execute the notebooks (all of notebooks/, in order, or the ones named) and write HTML reports")
    .option("--out <dir>", "report directory", "reports")
    .argument("[notebooks...]", "notebook files or names (default: every notebooks/*.ipynb)")
    .action(async (notebooks: string[], opts: { out: string }) => {
      const { reproduce } = await import("../notebook/run-notebooks");
      await reproduce({ notebooks, outDir: opts.out });
    });
}
