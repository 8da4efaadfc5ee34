import { spawnSync } from "node:child_process";
import * as fs from "node:fs";

/** Wall time and peak resident memory of one whole process. */
export interface ProcessMeasure {
  readonly wallSeconds: number;
  readonly peakRssMiB: number;
  readonly status: number;
  readonly stderr: string;
}

/**
 * Run a command to completion and measure it as a user would experience it: wall-clock
 * seconds and peak RSS of the whole process (via GNU time's %M when /usr/bin/time exists).
 */
export function measureProcess(cmd: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ProcessMeasure {
  const useTime = fs.existsSync("/usr/bin/time");
  const marker = "__BENCH_MAXRSS_KB=";
  const t0 = process.hrtime.bigint();
  const r = useTime
    ? spawnSync("/usr/bin/time", ["-f", `${marker}%M`, cmd, ...args], { cwd: options.cwd, env: options.env ?? process.env, encoding: "utf8", maxBuffer: 1 << 28 })
    : spawnSync(cmd, args as string[], { cwd: options.cwd, env: options.env ?? process.env, encoding: "utf8", maxBuffer: 1 << 28 });
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let stderr = r.stderr ?? "";
  let peakRssMiB = NaN;
  const m = stderr.match(new RegExp(`${marker}(\\d+)`));
  if (m) {
    peakRssMiB = Number(m[1]) / 1024;
    stderr = stderr.replace(new RegExp(`(Command exited with non-zero status \\d+\\n)?${marker}\\d+\\n?`), "");
  }
  return { wallSeconds, peakRssMiB, status: r.status ?? -1, stderr };
}

/** A python3 that can import every module named, or undefined (the numpy reference is then skipped, and the report says so). */
export function findPython(modules: readonly string[]): string | undefined {
  for (const py of ["python3", "/usr/bin/python3"]) {
    const r = spawnSync(py, ["-c", modules.map((m) => `import ${m}`).join("; ")], { encoding: "utf8" });
    if (r.status === 0) return py;
  }
  return undefined;
}

/** Format one benchmark line: time, memory, and the ratio to the reference measured in the same run. */
export function report(name: string, ours: ProcessMeasure, reference?: ProcessMeasure): string {
  const f = (m: ProcessMeasure) => `${m.wallSeconds.toFixed(2)} s, peak ${m.peakRssMiB.toFixed(0)} MiB`;
  const ref = reference ? `; numpy ${f(reference)}; ratio ${(ours.wallSeconds / reference.wallSeconds).toFixed(2)}× (≤ 1 is faster than numpy)` : "; numpy reference not available";
  return `${name}: carbon-ledger ${f(ours)}${ref}`;
}
