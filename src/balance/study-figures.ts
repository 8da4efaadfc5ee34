import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../util/errors";

/** The kinds of published figure: a plain value, a percentage share, a growth rate (percent), or a qualitative trend direction. */
export type StudyFigureKind = "value" | "share" | "growth" | "direction";

/** One number (or qualitative statement) of the study's abstract, as stored in data/reference/study-figures.json. */
export interface StudyFigure {
  readonly id: string;
  /** Conclusion 1–4 of the abstract. */
  readonly conclusion: 1 | 2 | 3 | 4;
  readonly kind: StudyFigureKind;
  /** The printed number; for kind "direction": "increasing" | "decreasing" | "qualitative" (not scored). */
  readonly value: number | string;
  /** Unit this project compares in (normalised, e.g. "Mt CO2/yr"). */
  readonly unit: string;
  /** Unit exactly as printed in the abstract. */
  readonly unitAsPublished: string;
  readonly quote: string;
  readonly measures: string;
  readonly region: string | null;
  readonly province: string | null;
  readonly years: readonly number[];
  readonly yearsLabel: string;
  readonly sectorGroup: string | null;
  readonly computation: { readonly function: string; readonly parameters: Readonly<Record<string, unknown>> };
  readonly notes?: string;
  /** True when the number is derived from printed numbers, not printed itself. */
  readonly derived?: boolean;
}

/** The whole reference file. */
export interface StudyFigures {
  readonly schemaVersion: number;
  readonly study: Readonly<Record<string, unknown>>;
  readonly figures: readonly StudyFigure[];
}

/** Default location of the published figures: data/reference/study-figures.json in the repository. */
export const DEFAULT_STUDY_FIGURES_FILE = path.resolve(__dirname, "..", "..", "data", "reference", "study-figures.json");

const cache = new Map<string, StudyFigures>();

/**
 * Read and validate the study's published figures (data/reference/study-figures.json by default).
 * Validation: unique ids, conclusion 1–4, numeric value for numeric kinds, finite numbers, a unit and
 * a computation recipe on every entry. Errors name the file and the entry (`figures[i]` / id).
 */
export function loadStudyFigures(file: string = DEFAULT_STUDY_FIGURES_FILE): StudyFigures {
  const key = path.resolve(file);
  const hit = cache.get(key);
  if (hit) return hit;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(key, "utf8"));
  } catch (e) {
    throw new InputError(`cannot read study figures: ${(e as Error).message}`, { file, cause: e });
  }
  const doc = raw as { schemaVersion?: unknown; study?: unknown; figures?: unknown };
  if (!doc || typeof doc !== "object" || !Array.isArray(doc.figures)) throw new InputError("expected an object with a `figures` array", { file });
  const seen = new Set<string>();
  doc.figures.forEach((f: any, i: number) => {
    const place = `figures[${i}]${f && typeof f.id === "string" ? ` (${f.id})` : ""}`;
    const bad = (msg: string) => new InputError(msg, { file, place });
    if (!f || typeof f !== "object") throw bad("not an object");
    if (typeof f.id !== "string" || f.id === "") throw bad("missing id");
    if (seen.has(f.id)) throw bad(`duplicate id ${f.id}`);
    seen.add(f.id);
    if (![1, 2, 3, 4].includes(f.conclusion)) throw bad(`conclusion must be 1–4, got ${JSON.stringify(f.conclusion)}`);
    if (!["value", "share", "growth", "direction"].includes(f.kind)) throw bad(`unknown kind ${JSON.stringify(f.kind)}`);
    if (f.kind === "direction") {
      if (!["increasing", "decreasing", "qualitative"].includes(f.value)) throw bad(`a direction must be increasing, decreasing or qualitative, got ${JSON.stringify(f.value)}`);
    } else if (typeof f.value !== "number" || !Number.isFinite(f.value)) throw bad(`value must be a finite number, got ${JSON.stringify(f.value)}`);
    if (typeof f.unit !== "string" || f.unit === "") throw bad("missing unit");
    if (!f.computation || typeof f.computation.function !== "string") throw bad("missing computation.function");
  });
  const out = doc as StudyFigures;
  cache.set(key, out);
  return out;
}

/** The published figure with this id; throws an InputError naming the id when absent. */
export function studyFigure(id: string, figures: StudyFigures = loadStudyFigures()): StudyFigure {
  const f = figures.figures.find((x) => x.id === id);
  if (!f) throw new InputError(`no published figure with id "${id}"`, { file: "study-figures.json" });
  return f;
}

/** The published figures of one conclusion (1–4), in file order. */
export function figuresForConclusion(conclusion: 1 | 2 | 3 | 4, figures: StudyFigures = loadStudyFigures()): StudyFigure[] {
  return figures.figures.filter((f) => f.conclusion === conclusion);
}
