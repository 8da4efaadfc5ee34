import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../util/atomic-write";
import type { ComputedValue } from "./published-vs-computed";

/** What one notebook computed for the published figures, kept for the reports' index page. */
export interface ScorecardRecord {
  /** Notebook name without extension, e.g. "02-embodied-carbon-flows". */
  readonly notebook: string;
  /** Heading (anchor text) of the notebook section holding the comparison. */
  readonly section: string;
  /** Data-source caption of the run (demo or real data). */
  readonly caption: string;
  readonly values: readonly ComputedValue[];
}

/** Environment variable naming the scorecard directory (the report runner sets it to <outDir>/scorecard). */
export const SCORECARD_DIR_ENV = "CARBON_LEDGER_SCORECARD_DIR";

/** Environment variable the report runner sets to the report directory for the kernels it starts. */
export const REPORT_DIR_ENV = "CARBON_LEDGER_REPORT_DIR";

/**
 * Where computed values are recorded: $CARBON_LEDGER_SCORECARD_DIR; else <$CARBON_LEDGER_REPORT_DIR>/scorecard
 * (set by `carbon-ledger reproduce`, so the index page finds this run's values); else <repo>/reports/scorecard
 * (a notebook opened by hand in Jupyter).
 */
export function scorecardDir(): string {
  if (process.env[SCORECARD_DIR_ENV]) return path.resolve(process.env[SCORECARD_DIR_ENV]!);
  if (process.env[REPORT_DIR_ENV]) return path.join(path.resolve(process.env[REPORT_DIR_ENV]!), "scorecard");
  return path.resolve(__dirname, "..", "..", "reports", "scorecard");
}

/**
 * Record a notebook's computed values (one JSON file per notebook, overwritten on each run, written
 * atomically, keys in a fixed order so that the same results give the same bytes). Returns the file.
 */
export function recordComputed(record: ScorecardRecord, dir: string = scorecardDir()): string {
  const file = path.join(dir, `${record.notebook}.json`);
  const values = record.values.map((v) => ({ id: v.id, value: v.value === null || typeof v.value === "string" || Number.isFinite(v.value) ? v.value : null, ...(v.note ? { note: v.note } : {}) }));
  writeFileAtomic(file, JSON.stringify({ notebook: record.notebook, section: record.section, caption: record.caption, values }, null, 1) + "\n");
  return file;
}

/** Read every record in the scorecard directory (sorted by notebook name); an absent directory gives []. */
export function readScorecard(dir: string = scorecardDir()): ScorecardRecord[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as ScorecardRecord);
}
