import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { resolveNotebooks } from "../../src/notebook/run-notebooks";
import { InputError } from "../../src/util/errors";

test("notebooks are found by file, name or unique numeric prefix, all of them in name order by default", () => {
  const all = resolveNotebooks();
  assert.ok(all.length >= 2);
  assert.deepEqual(all, [...all].sort());
  assert.equal(path.basename(all[0]), "00-quickstart.ipynb");
  assert.deepEqual(resolveNotebooks(["00"]), [all[0]]);
  assert.deepEqual(resolveNotebooks(["00-quickstart"]), [all[0]]);
  assert.deepEqual(resolveNotebooks([all[0]]), [all[0]]);
  assert.throws(() => resolveNotebooks(["no-such-notebook"]), (e: unknown) => e instanceof InputError && /no-such-notebook: no such notebook/.test(e.message));
});
