import * as path from "node:path";

/**
 * The team's shared folder, `../shared` beside the checkout (CARBON_LEDGER_SHARED overrides):
 * real data for the tests that read it, which skip with a message when it is absent.
 */
export const SHARED_DIR = process.env.CARBON_LEDGER_SHARED ?? path.resolve(__dirname, "..", "..", "shared");
