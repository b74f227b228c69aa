import assert from "node:assert/strict";
import {
  holm,
  leveneTest,
  pairedTest,
  pooledPairedTests,
  studentTCdf,
  studentTQuantile,
  tostP,
  welchTest,
} from "../../lib/analysis/decision.ts";

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

Deno.test("Levene's test and the pooled paired tests equal scipy's levene and a least-squares cell-means model", () => {
  for (const c of ref.levene) {
    const l = leveneTest(c.groups);
    close(l.F, c.F, 1e-9, "Levene F");
    close(l.p, c.p, 1e-9, "Levene p");
  }
  for (const c of ref.pooled) {
    const r = pooledPairedTests(c.groups);
    assert.ok(r.pooled, "spreads Levene does not reject are pooled");
    assert.equal(r.df, c.df);
    r.tests.forEach((t, i) => {
      assert.equal(t.test, "pooled paired t");
      close(t.effect, c.effect[i], 1e-12, "pooled effect");
      close(t.p, c.p[i], 1e-9, "pooled p");
      close(t.ci[1] - t.effect, c.ci_half[i], 1e-9, "pooled CI half-width");
    });
  }
  // Pooling three 3-seed cells gives 6 degrees of freedom: a gap a lone cell cannot decide (df 2) becomes decided.
  const steady = [[0.02, 0.03, 0.025], [0.0, 0.004, -0.003], [0.011, 0.013, 0.006]];
  const own = pairedTest(steady[2], [0, 0, 0]), pooled = pooledPairedTests(steady).tests[2];
  assert.ok(pooled.p < own.p && pooled.df === 6);
  // One cell far noisier than the rest: Levene rejects equal spreads and every cell keeps its own test.
  const unequal = pooledPairedTests([[0.01, 0.011, 0.0105], [0.012, 0.0115, 0.011], [0.013, 0.0125, 0.0135], [
    0.2,
    -0.2,
    0.15,
  ], [0.0105, 0.011, 0.01]]);
  assert.ok(!unequal.pooled && unequal.leveneP < 0.05, `Levene p ${unequal.leveneP}`);
  assert.ok(unequal.tests.every((t) => t.test === "paired t"));
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
