import assert from "node:assert/strict";
import { holm, pairedTest, studentTCdf, studentTQuantile, tostP, welchTest } from "../../lib/analysis/decision.ts";

/** scipy.stats' values (test/fixtures/make_decision_fixtures.py). */
const ref = JSON.parse(Deno.readTextFileSync(new URL("../fixtures/decision.json", import.meta.url)));
const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs scipy ${b}`);

Deno.test("Student's t: CDF and quantiles equal scipy.stats.t to 1e-9, fractional df included", () => {
  for (const c of ref.t_cdf) close(studentTCdf(c.t, c.df), c.cdf, 1e-9, `cdf(${c.t}; ${c.df})`);
  for (const c of ref.t_ppf) close(studentTQuantile(c.q, c.df), c.ppf, 1e-8, `ppf(${c.q}; ${c.df})`);
});

Deno.test("paired and Welch t-tests: p, effect and 95 % CI equal scipy's ttest_rel / ttest_ind(equal_var=False)", () => {
  for (const c of ref.paired) {
    const t = pairedTest(c.a, c.b);
    close(t.p, c.p, 1e-9, "paired p");
    close(t.effect, c.effect, 1e-12, "paired effect");
    close(t.ci[0], c.ci[0], 1e-9, "paired CI");
    close(t.ci[1], c.ci[1], 1e-9, "paired CI");
  }
  for (const c of ref.welch) {
    const t = welchTest(c.a, c.b);
    close(t.p, c.p, 1e-9, "Welch p");
    close(t.df, c.df, 1e-9, "Welch df");
    close(t.ci[0], c.ci[0], 1e-9, "Welch CI");
    close(t.ci[1], c.ci[1], 1e-9, "Welch CI");
  }
  assert.throws(() => pairedTest([1, 2], [1]), /equal lengths/);
});

Deno.test("TOST: p of 'the difference lies outside ±margin' equals the two one-sided Welch tests", () => {
  for (const c of ref.tost) close(tostP(welchTest(c.a, c.b), c.margin), c.p, 1e-9, `TOST margin ${c.margin}`);
  assert.throws(() => tostP(welchTest([1, 2], [1, 2]), 0), /margin must be > 0/);
});

Deno.test("Holm: step-down adjusted p-values, monotone, in input order; NaN is left out of the family", () => {
  // m = 4: sorted 0.01, 0.02, 0.03, 0.04 → 0.04, 0.06, 0.06, 0.06 (running maximum).
  assert.deepEqual(holm([0.03, 0.01, 0.04, 0.02]).map((p) => +p.toFixed(10)), [0.06, 0.04, 0.06, 0.06]);
  assert.deepEqual(holm([0.5, 0.9]).map((p) => +p.toFixed(10)), [1, 1]);
  const withNaN = holm([0.01, NaN, 0.04]);
  assert.ok(Number.isNaN(withNaN[1]));
  assert.deepEqual([withNaN[0], withNaN[2]].map((p) => +p.toFixed(10)), [0.02, 0.04]);
});

Deno.test("three seeds: a 2-SEM gap is not a significant difference; identical runs test exactly", () => {
  // 2 combined SEM with n = 3 per arm (the old rule's bar) is t = 2 on 4 df: p ≈ 0.12, not < 0.05.
  const a = [0.50, 0.51, 0.52], shift = 2 * Math.SQRT2 * (0.01 / Math.sqrt(3));
  const t = welchTest(a, a.map((x) => x - shift));
  assert.ok(Math.abs(t.effect / t.se - 2) < 1e-9);
  assert.ok(t.p > 0.1 && t.p < 0.2, `p ${t.p}`);
  const same = pairedTest([0.4, 0.4, 0.4], [0.4, 0.4, 0.4]);
  assert.equal(same.p, 1);
  assert.equal(tostP(same, 0.01), 0, "zero spread and zero difference: inside any margin");
});
