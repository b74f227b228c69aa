/**
 * The notebooks' decision rule (lib/analysis/findings.ts) on made-up numbers:
 * what must come out supported, contradicted — and undecided.
 */
import assert from "node:assert/strict";
import {
  about,
  above,
  allOf,
  atMost,
  decideFindings,
  exact,
  type Finding,
  findingRows,
  given,
} from "../../lib/analysis/findings.ts";

const claim = (decision: Finding["decision"], name = "c"): Finding => ({ claim: name, decision, evidence: "" });
const verdicts = (fs: Finding[]) => decideFindings(fs).map((f) => f.verdict);

// Three seeds of top-1 with a spread of about half a point.
const a = [0.600, 0.610, 0.605], b = [0.570, 0.585, 0.575], c = [0.603, 0.598, 0.612];

Deno.test("a clear paired difference is supported alone, contradicted when the claim is reversed", () => {
  assert.deepEqual(verdicts([claim(above(a, b))]), ["supported"]);
  assert.deepEqual(verdicts([claim(above(b, a))]), ["contradicted"]);
});

Deno.test("a difference of 2 combined SEM over 3 seeds (the old bar) is undecided", () => {
  const base = [0.50, 0.51, 0.52], shift = 2 * Math.SQRT2 * (0.01 / Math.sqrt(3));
  // Welch (unpaired: the seeds are not shared), t = 2 on 4 df: p ≈ 0.12.
  assert.deepEqual(verdicts([claim(above(base, base.map((x) => x - shift), { paired: false }))]), ["undecided"]);
});

Deno.test("Holm: a p of about 0.02 decides alone but not among six such tests", () => {
  const y = [0.6, 0.601, 0.603], x = y.map((v, i) => v + [0.01, 0.014, 0.018][i]); // paired t = 6.1 on 2 df
  const alone = decideFindings([claim(above(x, y))]);
  assert.ok(alone[0].checks[0].p < 0.05 && alone[0].checks[0].p > 0.01, `p ${alone[0].checks[0].p}`);
  assert.equal(alone[0].verdict, "supported");
  const six = decideFindings(Array.from({ length: 6 }, (_, i) => claim(above(x, y), `c${i}`)));
  assert.ok(six.every((f) => f.verdict === "undecided"), six.map((f) => f.checks[0].pHolm).join(", "));
  assert.ok(Math.abs(six[0].checks[0].pHolm - Math.min(1, 6 * six[0].checks[0].p)) < 1e-12);
});

Deno.test("one check shared by two claims counts once in the family", () => {
  const gain = above(a, b);
  const d = decideFindings([claim(gain, "gain"), claim(given(gain, exact(true)), "given gain")]);
  assert.equal(d[0].checks[0].pHolm, d[0].checks[0].p);
  assert.deepEqual(d.map((f) => f.verdict), ["supported", "supported"]);
});

Deno.test("equality needs TOST: no detected difference over 3 noisy seeds is undecided, not supported", () => {
  // a and c differ by 0.1 point with a half-point spread: no difference is seen, and none can be excluded at ±1 point.
  const d = decideFindings([claim(about(a, c, 0.01, { paired: false }))]);
  assert.ok(d[0].checks[0].p > 0.5, `difference p ${d[0].checks[0].p}`);
  assert.equal(d[0].verdict, "undecided");
  // Tight seeds inside the margin: supported.
  const tight = [0.6000, 0.6002, 0.5999, 0.6001, 0.6000], tight2 = tight.map((x) => x + 0.0005);
  assert.deepEqual(verdicts([claim(about(tight, tight2, 0.01))]), ["supported"]);
  // A clear difference far beyond the margin: contradicted.
  assert.deepEqual(verdicts([claim(about(a, b, 0.01))]), ["contradicted"]);
});

Deno.test("at-most (non-superiority): shown below the margin is supported; above 0 contradicted; near it undecided", () => {
  const zeros = [0, 0, 0];
  assert.deepEqual(verdicts([claim(atMost([-0.05, -0.04, -0.06], zeros, 0.01))]), ["supported"]);
  assert.deepEqual(verdicts([claim(atMost([0.05, 0.04, 0.06], zeros, 0.01))]), ["contradicted"]);
  assert.deepEqual(verdicts([claim(atMost([0.02, -0.01, 0.0], zeros, 0.01))]), ["undecided"]);
});

Deno.test("combinators: all-of, premise, exact; one seed is undecided", () => {
  assert.deepEqual(verdicts([claim(allOf([above(a, b), above(b, a)]))]), ["contradicted"]);
  assert.deepEqual(verdicts([claim(allOf([above(a, b), above(a, c, { paired: false })]))]), ["undecided"]);
  assert.deepEqual(verdicts([claim(given(above(b, a), exact(true)))]), ["undecided"]);
  assert.deepEqual(verdicts([claim(above([0.7], [0.6]))]), ["undecided"]);
});

Deno.test("the verdict table shows effect, 95 % CI, p and Holm-corrected p, and n", () => {
  const [row] = findingRows([{ ...claim(above(a, b, { unit: "points", label: "A − B" })), paper: "yes" }]);
  assert.equal(row["paper says"], "yes");
  assert.match(row["effect [95 % CI]"], /^A − B \+2\.83 \[\+\d\.\d\d, \+\d\.\d\d\] pts$/);
  assert.match(row["p (Holm)"], /^0\.0\d\d \(0\.0\d\d\)$/);
  assert.equal(row.n, "3 paired, paired t");
});
