/** Child process of bench/mrio.ts: LU-factorize I − A at EXIOBASE size and solve x = L·y once. */
import { luFactor, luSolve } from "../src/mrio/linalg";

const n = Number(process.argv[2] ?? 9800);
let s = 12345;
const rnd = () => {
  s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
  return s / 4294967296;
};
const M = new Float64Array(n * n);
for (let i = 0; i < n * n; i++) M[i] = 0 - rnd() * (0.9 / n);
for (let i = 0; i < n; i++) M[i * n + i] += 1;
const t0 = process.hrtime.bigint();
const f = luFactor({ rows: n, cols: n, data: M });
const t1 = process.hrtime.bigint();
const x = luSolve(f, { rows: n, cols: 1, data: new Float64Array(n).fill(1) });
const t2 = process.hrtime.bigint();
process.stderr.write(`  LU ${(Number(t1 - t0) / 1e9).toFixed(1)} s, solve ${(Number(t2 - t1) / 1e9).toFixed(2)} s, x[0] = ${x.data[0].toFixed(6)}\n`);
