/**
 * The laws of the geometric factors of variation, written once: the scene
 * generator (lib/data/scenes.ts) draws an object's position, size and angle
 * from them, and the augmentation along the same factor (lib/augment/
 * pipelines.ts) draws its shift, zoom and rotation from them, so that "the
 * same amount" of variation in the data and in the augmentation is the same
 * distribution (notebook 07).
 */
import type { Rng } from "./rng.ts";

/** The geometric factors a scene can vary in, by their scene-knob names. */
export const GEOMETRIC_FACTORS = ["position", "scale", "rotation"] as const;
export type GeometricFactor = typeof GEOMETRIC_FACTORS[number];

/** Area fraction of the object's box when scale does not vary (its box spans 55 % of the side). */
export const BASE_AREA = 0.3;

/**
 * A centre coordinate (fraction of the frame): normal about 0.5 with sd `sd`,
 * redrawn into [0.05, 0.95]; 0.5 when sd is 0. With `law` "uniform": uniform on
 * [0.05, 0.95] (sd 0.26), the control that E.1's box method must tell apart.
 */
export function drawCentre(rng: Rng, sd: number, law: "normal" | "uniform" = "normal"): number {
  if (law === "uniform") return rng.uniform(0.05, 0.95);
  if (sd === 0) return 0.5;
  for (let t = 0; t < 20; t++) {
    const v = 0.5 + sd * rng.normal();
    if (v >= 0.05 && v <= 0.95) return v;
  }
  return 0.5;
}

/** An area fraction, log-uniform on [a0, a1]; a0 without a draw when the range is one value. */
export function drawArea(rng: Rng, [a0, a1]: readonly [number, number]): number {
  return a0 === a1 ? a0 : Math.exp(rng.uniform(Math.log(a0), Math.log(a1)));
}

/** An in-plane angle in degrees, uniform on ±max; 0 without a draw when max is 0. */
export function drawAngle(rng: Rng, max: number): number {
  return max ? rng.uniform(-max, max) : 0;
}

/**
 * Parses one factor's value as a scene spec writes it: a number (position's
 * sd, rotation's largest angle) or "a-b" (scale's area range; "a" alone is
 * [a, a]). A bad value is an error naming the factor.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseFactorValue("scale", "0.1-0.9"), [0.1, 0.9]);
 * assert.equal(parseFactorValue("position", "0.05"), 0.05);
 * assert.throws(() => parseFactorValue("rotation", "x"), /rotation/);
 * ```
 */
export function parseFactorValue(factor: "scale", text: string): [number, number];
export function parseFactorValue(factor: "position" | "rotation", text: string): number;
export function parseFactorValue(factor: GeometricFactor, text: string): number | [number, number];
export function parseFactorValue(factor: GeometricFactor, text: string): number | [number, number] {
  const num = (v: string) => {
    const x = Number(v);
    if (v.trim() === "" || !Number.isFinite(x)) throw new RangeError(`${factor}=${text}: "${v}" is not a number`);
    return x;
  };
  if (factor !== "scale") return num(text);
  const [a, b] = text.split("-");
  return [num(a), num(b ?? a)];
}
