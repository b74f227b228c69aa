import assert from "node:assert/strict";
import { formatMeanSem, mean, sem, std } from "../../lib/metrics/stats.ts";

Deno.test("mean, sample std and SEM match hand-computed values (scipy conventions)", () => {
  const xs = [2, 4, 4, 4, 5, 5, 7, 9];
  assert.equal(mean(xs), 5);
  // Σ(x − 5)² = 32; sample variance 32/7.
  assert.ok(Math.abs(std(xs) - Math.sqrt(32 / 7)) < 1e-12);
  assert.ok(Math.abs(sem(xs) - Math.sqrt(32 / 7) / Math.sqrt(8)) < 1e-12);
  assert.ok(Number.isNaN(std([1])));
  assert.equal(formatMeanSem([0.8, 0.82, 0.84]), "82.0 ± 1.2");
  assert.equal(formatMeanSem([0.5]), "50.0 ± —");
});
