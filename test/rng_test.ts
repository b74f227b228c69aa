import assert from "node:assert/strict";
import { createRng } from "../lib/rng.ts";

Deno.test("rng: same seed same stream, different seeds differ", () => {
  const a = createRng(42), b = createRng(42), c = createRng(43);
  const xa = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(xa, Array.from({ length: 5 }, () => b.next()));
  assert.notDeepEqual(xa, Array.from({ length: 5 }, () => c.next()));
});

Deno.test("rng: int is inclusive and uniform; uniform and normal have the right moments", () => {
  const r = createRng(1), n = 60000;
  const counts = [0, 0, 0];
  for (let i = 0; i < n; i++) counts[r.int(0, 2)]++;
  // Each count is Binomial(n, 1/3): sd = sqrt(n·2/9) ≈ 115; allow 5 sd.
  for (const k of counts) assert.ok(Math.abs(k - n / 3) < 5 * Math.sqrt((n * 2) / 9), `${counts}`);
  let s = 0, s2 = 0;
  for (let i = 0; i < n; i++) {
    const z = r.normal();
    s += z;
    s2 += z * z;
  }
  assert.ok(Math.abs(s / n) < 5 / Math.sqrt(n));
  assert.ok(Math.abs(s2 / n - 1) < 5 * Math.sqrt(2 / n));
  const p = r.permutation(10);
  assert.deepEqual(Array.from(p).sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.throws(() => r.int(3, 2), /empty range/);
  assert.throws(() => createRng(NaN), /seed must be a finite number/);
});
