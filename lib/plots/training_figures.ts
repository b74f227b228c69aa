/** Figures and tables of training runs. */
import { augmentation } from "../augment/registry.ts";
import { mean, sem } from "../metrics/stats.ts";
import type { TrainedRun } from "../train/zoo.ts";
import { type Figure, Plot, plot } from "./figure.ts";

/** Test top-1 per epoch for every run, one panel per family, colour by augmentation (the paper's names). */
export function learningCurves(runs: TrainedRun[], opts: { title?: string } = {}): Figure {
  const rows = runs.flatMap((r) =>
    r.result.history.map((h) => ({
      family: r.family,
      augment: augmentation(r.config.augment).name,
      seed: r.config.seed,
      epoch: h.epoch,
      top1: 100 * h.top1,
      run: `${r.family} ${r.config.augment} ${r.config.seed}`,
    }))
  );
  return plot({
    title: opts.title ?? "Test top-1 during training",
    width: 760,
    height: 320,
    x: { label: "epoch", tickFormat: "d" },
    y: { label: "top-1 (%)", grid: true },
    fx: { label: null },
    color: { legend: true, label: "augmentation" },
    marks: [
      Plot.line(rows, { x: "epoch", y: "top1", z: "run", stroke: "augment", fx: "family", strokeOpacity: 0.8 }),
      Plot.dot(rows, { x: "epoch", y: "top1", fill: "augment", fx: "family", r: 2 }),
    ],
  });
}

/** One row per (family, augmentation): last-epoch top-1 mean ± SEM over seeds, and throughput. */
export function runSummaryRows(runs: TrainedRun[]): Record<string, string | number>[] {
  const groups = new Map<string, TrainedRun[]>();
  for (const r of runs) {
    const k = `${r.family}|${r.config.augment}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.entries()].map(([k, rs]) => {
    const [family, augment] = k.split("|");
    const top = rs.map((r) => r.result.finalTop1);
    return {
      family,
      augmentation: augmentation(augment).name,
      optimiser: rs[0].config.optimizer ?? "sgd",
      lr: String(rs[0].config.lr),
      wd: rs[0].config.weightDecay.toExponential(0),
      seeds: rs.length,
      "top-1 (%)": `${(100 * mean(top)).toFixed(2)} ± ${(100 * sem(top)).toFixed(2)}`,
      "train img/s (mean)": Math.round(mean(rs.map((r) => r.result.imagesPerSecond))),
    };
  });
}
