/**
 * Optional second thread for the O(n³) kernel. The row range of C −= A·B is split between the
 * main thread and one helper worker; matrices live in SharedArrayBuffers, the hand-off is a
 * message read synchronously with receiveMessageOnPort and an Atomics wait/notify, so every
 * caller stays synchronous (no async API for a pure function). Falls back to one thread when
 * workers are unavailable or CARBON_LEDGER_THREADS=1. Results are bit-identical either way:
 * each C element is computed by exactly one thread with the same operation order.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort as WorkerPort } from "node:worker_threads";

/** The kernel as a standalone function (its source is also evaluated inside the worker: no closures). */
export function gemmSubKernel(
  C: Float64Array, cOff: number, ldc: number,
  A: Float64Array, aOff: number, lda: number,
  B: Float64Array, bOff: number, ldb: number,
  m: number, p: number, q: number,
): void {
  const JT = 512;
  const KT = 128;
  for (let j0 = 0; j0 < q; j0 += JT) {
    const jn = Math.min(q, j0 + JT) - j0;
    for (let k0 = 0; k0 < p; k0 += KT) {
      const k1 = Math.min(p, k0 + KT);
      let i = 0;
      for (; i + 1 < m; i += 2) {
        const c0 = cOff + i * ldc + j0;
        const c1 = c0 + ldc;
        const a0 = aOff + i * lda;
        const a1 = a0 + lda;
        let k = k0;
        for (; k + 3 < k1; k += 4) {
          const x00 = A[a0 + k], x01 = A[a0 + k + 1], x02 = A[a0 + k + 2], x03 = A[a0 + k + 3];
          const x10 = A[a1 + k], x11 = A[a1 + k + 1], x12 = A[a1 + k + 2], x13 = A[a1 + k + 3];
          const b0 = bOff + k * ldb + j0, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
          for (let j = 0; j < jn; j++) {
            const y0 = B[b0 + j], y1 = B[b1 + j], y2 = B[b2 + j], y3 = B[b3 + j];
            C[c0 + j] -= x00 * y0 + x01 * y1 + x02 * y2 + x03 * y3;
            C[c1 + j] -= x10 * y0 + x11 * y1 + x12 * y2 + x13 * y3;
          }
        }
        for (; k < k1; k++) {
          const x0 = A[a0 + k], x1 = A[a1 + k];
          const b0 = bOff + k * ldb + j0;
          for (let j = 0; j < jn; j++) {
            const y = B[b0 + j];
            C[c0 + j] -= x0 * y;
            C[c1 + j] -= x1 * y;
          }
        }
      }
      if (i < m) {
        const c0 = cOff + i * ldc + j0;
        const a0 = aOff + i * lda;
        for (let k = k0; k < k1; k++) {
          const x0 = A[a0 + k];
          if (x0 === 0) continue;
          const b0 = bOff + k * ldb + j0;
          for (let j = 0; j < jn; j++) C[c0 + j] -= x0 * B[b0 + j];
        }
      }
    }
  }
}

interface Helper {
  readonly worker: Worker;
  readonly port: WorkerPort;
  readonly ctrl: Int32Array; // [0] job sequence, [1] finished sequence, [2] error flag, [3] ready
  seq: number;
}

let helper: Helper | null | undefined;
/** Multiply–adds below which a call stays on one thread (the hand-off costs ~0.1 ms). */
let threshold = 1 << 21;

/** Tune or disable (Infinity) the two-thread path; used by tests to exercise it on small matrices. */
export function setParallelThreshold(multiplyAdds: number): void {
  threshold = multiplyAdds;
}

/** Number of kernel calls handed to the helper thread so far (0 when running on one thread). */
export function parallelJobs(): number {
  return helper ? helper.seq : 0;
}

function workerSource(): string {
  return `
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const kernel = ${gemmSubKernel.toString()};
const formatters = new Map();
function formatRows(j) {
  let f = formatters.get(j.fn);
  if (!f) {
    f = (0, eval)("(function () { " + j.fn + "; return " + j.fnName + "; })()");
    formatters.set(j.fn, f);
  }
  return f(new Float64Array(j.data, j.off * 8), j.cols, j.r0, j.r1, j.prefixes, j.isInt);
}
const ctrl = new Int32Array(workerData.ctrl);
const port = workerData.port;
let seen = 0;
Atomics.store(ctrl, 3, 1);
Atomics.notify(ctrl, 3);
for (;;) {
  Atomics.wait(ctrl, 0, seen);
  seen = Atomics.load(ctrl, 0);
  let got = receiveMessageOnPort(port);
  while (!got) {
    // The job message is queued before the sequence number moves; poll briefly just in case.
    Atomics.wait(ctrl, 0, seen, 1);
    got = receiveMessageOnPort(port);
  }
  const j = got.message;
  if (j.stop) break;
  try {
    if (j.kind === "format") port.postMessage(formatRows(j));
    else kernel(new Float64Array(j.C), j.cOff, j.ldc, new Float64Array(j.A), j.aOff, j.lda, new Float64Array(j.B), j.bOff, j.ldb, j.m, j.p, j.q);
  } catch (e) {
    Atomics.store(ctrl, 2, 1);
    if (j.kind === "format") port.postMessage("");
  }
  Atomics.store(ctrl, 1, seen);
  Atomics.notify(ctrl, 1);
}
`;
}

function getHelper(): Helper | null {
  if (helper !== undefined) return helper;
  helper = null;
  if (process.env.CARBON_LEDGER_THREADS === "1") return null;
  try {
    const ctrlBuf = new SharedArrayBuffer(16);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(workerSource(), { eval: true, workerData: { ctrl: ctrlBuf, port: port2 }, transferList: [port2] });
    worker.unref();
    port1.unref();
    worker.on("error", () => {
      helper = null;
    });
    const ctrl = new Int32Array(ctrlBuf);
    // Handshake: a worker that cannot start must not leave a caller waiting forever.
    Atomics.wait(ctrl, 3, 0, 5000);
    if (Atomics.load(ctrl, 3) !== 1) {
      void worker.terminate();
      return null;
    }
    helper = { worker, port: port1, ctrl, seq: 0 };
  } catch {
    helper = null;
  }
  return helper;
}

/** A Float64Array the helper thread can see (SharedArrayBuffer-backed) when two threads may be used. */
export function sharedFloat64(length: number): Float64Array {
  if (length >= 1 << 16 && process.env.CARBON_LEDGER_THREADS !== "1" && typeof SharedArrayBuffer !== "undefined") {
    return new Float64Array(new SharedArrayBuffer(length * 8));
  }
  return new Float64Array(length);
}

/**
 * C[m × q] −= A[m × p]·B[p × q] (offsets and leading dimensions as in gemmSubKernel), on two
 * threads when the arrays are shared and the work is large enough.
 */
export function gemmSubParallel(
  C: Float64Array, cOff: number, ldc: number,
  A: Float64Array, aOff: number, lda: number,
  B: Float64Array, bOff: number, ldb: number,
  m: number, p: number, q: number,
): void {
  const big = m >= 4 && m * p * q >= threshold;
  const shared = C.buffer instanceof SharedArrayBuffer && A.buffer instanceof SharedArrayBuffer && B.buffer instanceof SharedArrayBuffer;
  const h = big && shared ? getHelper() : null;
  if (!h) {
    gemmSubKernel(C, cOff, ldc, A, aOff, lda, B, bOff, ldb, m, p, q);
    return;
  }
  // Worker takes the first half of the rows (even count, to keep its 2-row kernel whole).
  const mw = (m >> 2) << 1;
  const eltC = C.byteOffset / 8, eltA = A.byteOffset / 8, eltB = B.byteOffset / 8;
  h.port.postMessage({ C: C.buffer, cOff: eltC + cOff, ldc, A: A.buffer, aOff: eltA + aOff, lda, B: B.buffer, bOff: eltB + bOff, ldb, m: mw, p, q });
  const seq = ++h.seq;
  Atomics.store(h.ctrl, 0, seq);
  Atomics.notify(h.ctrl, 0);
  gemmSubKernel(C, cOff + mw * ldc, ldc, A, aOff + mw * lda, lda, B, bOff, ldb, m - mw, p, q);
  for (;;) {
    const done = Atomics.load(h.ctrl, 1);
    if (done === seq) break;
    Atomics.wait(h.ctrl, 1, done, 1000);
  }
  if (Atomics.load(h.ctrl, 2) !== 0) {
    Atomics.store(h.ctrl, 2, 0);
    throw new Error("gemmSubParallel: the helper thread failed");
  }
}

/**
 * Run `rowsFormatter(data, cols, r0, r1, prefixes, isInt) → string` over rows [0, rows): the
 * helper thread formats the first half while this thread formats the second; the two strings
 * are concatenated. `source` must define the formatter (and anything it calls) as named
 * function declarations without free variables, since it is re-evaluated in the worker.
 * Without a helper (or for small inputs) everything runs here.
 */
export function formatRowsParallel(
  rowsFormatter: (data: Float64Array, cols: number, r0: number, r1: number, prefixes: readonly string[], isInt: readonly boolean[] | undefined) => string,
  source: string,
  data: Float64Array,
  rows: number,
  cols: number,
  prefixes: readonly string[],
  isInt: readonly boolean[] | undefined,
): string {
  const h = rows >= 4 && rows * cols >= 1 << 16 && process.env.CARBON_LEDGER_THREADS !== "1" && typeof SharedArrayBuffer !== "undefined" ? getHelper() : null;
  if (!h) return rowsFormatter(data, cols, 0, rows, prefixes, isInt);
  let shared = data;
  if (!(data.buffer instanceof SharedArrayBuffer)) {
    shared = new Float64Array(new SharedArrayBuffer(rows * cols * 8));
    shared.set(data.subarray(0, rows * cols));
  }
  const half = rows >> 1;
  h.port.postMessage({ kind: "format", fn: source, fnName: rowsFormatter.name, data: shared.buffer, cols, r0: 0, r1: half, prefixes: prefixes.slice(0, half), isInt, off: shared.byteOffset / 8 });
  const seq = ++h.seq;
  Atomics.store(h.ctrl, 0, seq);
  Atomics.notify(h.ctrl, 0);
  const second = rowsFormatter(data, cols, half, rows, prefixes.slice(half), isInt);
  for (;;) {
    const done = Atomics.load(h.ctrl, 1);
    if (done === seq) break;
    Atomics.wait(h.ctrl, 1, done, 1000);
  }
  let got = receiveMessageOnPort(h.port);
  for (let tries = 0; !got && tries < 1000; tries++) {
    Atomics.wait(h.ctrl, 1, seq, 1);
    got = receiveMessageOnPort(h.port);
  }
  if (Atomics.load(h.ctrl, 2) !== 0 || !got) {
    Atomics.store(h.ctrl, 2, 0);
    return rowsFormatter(data, cols, 0, rows, prefixes, isInt);
  }
  return (got.message as string) + second;
}
