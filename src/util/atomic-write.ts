import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Write a file so that readers never see a half-written version: write `<file>.tmp-<pid>`
 * in the same directory, then rename it over the target (rename is atomic on POSIX).
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Write several output files as one unit: every file is first produced (in memory, by the
 * caller) and then written to temporaries; only when all are written are they renamed into
 * place. If anything throws before the renames, no target file is touched.
 */
export function writeFilesAtomic(files: ReadonlyArray<{ file: string; data: string | Uint8Array }>): void {
  const staged: Array<{ tmp: string; file: string }> = [];
  try {
    for (const { file, data } of files) {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      const tmp = `${file}.tmp-${process.pid}`;
      fs.writeFileSync(tmp, data);
      staged.push({ tmp, file });
    }
  } catch (e) {
    for (const s of staged) fs.rmSync(s.tmp, { force: true });
    throw e;
  }
  for (const s of staged) fs.renameSync(s.tmp, s.file);
}
