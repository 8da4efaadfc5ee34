import { Command, CommanderError } from "commander";
import { isInputError } from "../util/errors";
import { registerReproduce } from "./reproduce";
import { registerDataset } from "./dataset";
import { registerMrio } from "./mrio";
import { registerZonal } from "./zonal";
import { registerTrend } from "./trend";
import { registerCeads } from "./ceads";

/**
 * The `carbon-ledger` command line. cli/ is the only layer that knows argv, exit codes and
 * progress bars; every subcommand calls the same src/ modules the notebooks use.
 * Exit codes: 0 success, 1 internal error (a bug), 2 bad input or usage.
 */
export function buildProgram(): Command {
  const program = new Command("carbon-ledger")
    .description("Embodied carbon in inter-regional trade (MRIO) versus vegetation carbon sequestration")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerReproduce(program);
  registerDataset(program);
  registerMrio(program);
  registerTrend(program);
  registerCeads(program);
  registerZonal(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with exitCode 0.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof Error && e.name === "NotebookFailure") {
      // The runner has already printed each failing cell's real error.
      process.stderr.write(`carbon-ledger: ${e.message}\n`);
      return 1;
    }
    if (isInputError(e)) {
      process.stderr.write(`carbon-ledger: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`carbon-ledger: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
