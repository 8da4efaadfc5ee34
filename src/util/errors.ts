/**
 * An error in user-supplied input: a file, and the place inside it (sheet and A1 cell,
 * row/column label, raster band…). The CLI prints `message` on one line and exits with
 * code 2; library callers can read `file` and `place` to point at the problem.
 */
export class InputError extends Error {
  readonly file: string | undefined;
  readonly place: string | undefined;
  /** What is wrong, without the file and place prefix (to re-raise it at another place). */
  readonly detail: string;
  constructor(message: string, options: { file?: string; place?: string; cause?: unknown } = {}) {
    const where = [options.file, options.place].filter((s) => s !== undefined && s !== "").join(", ");
    super(where ? `${where}: ${message}` : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "InputError";
    this.file = options.file;
    this.place = options.place;
    this.detail = message;
  }
}

/** True for errors that should end the CLI with exit code 2 (bad input) rather than 1 (a bug). */
export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
