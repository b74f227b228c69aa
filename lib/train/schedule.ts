/**
 * Learning-rate schedules: the paper's step decay (×0.1 every `lrStep`
 * epochs, held for a whole epoch), and the ViT recipe's linear warm-up then
 * cosine decay to 0, stepped per batch.
 */

/** Step decay: lr₀·0.1^⌊epoch/step⌋ (epoch counted from 0), as the paper's 150 epochs with steps every 30. */
export function stepLr(lr0: number, epoch: number, step: number): number {
  return lr0 * Math.pow(0.1, Math.floor(epoch / step));
}

/** A warm-up and cosine schedule: `warmupEpochs` of linear rise, then a half cosine to 0 at the last epoch. */
export interface CosineSchedule {
  kind: "cosine";
  warmupEpochs: number;
}

/**
 * The rate at `progress` epochs into training (fractional: epoch − 1 + batch / batches).
 * The warm-up rises linearly and reaches lr₀ at its end; the first batch gets lr₀ / (warm-up batches).
 */
export function cosineLr(lr0: number, progress: number, epochs: number, warmupEpochs: number, batchesPerEpoch: number): number {
  if (progress < warmupEpochs) return lr0 * (progress + 1 / batchesPerEpoch) / warmupEpochs;
  const t = (progress - warmupEpochs) / Math.max(1e-12, epochs - warmupEpochs);
  return 0.5 * lr0 * (1 + Math.cos(Math.PI * Math.min(1, t)));
}

/** The rate of batch `batch` (0-based) of epoch `epoch` (1-based) under a run's schedule. */
export function scheduledLr(
  run: { lr: number; lrStep: number; epochs: number; schedule?: CosineSchedule },
  epoch: number,
  batch: number,
  batchesPerEpoch: number,
): number {
  if (!run.schedule) return stepLr(run.lr, epoch - 1, run.lrStep);
  return cosineLr(run.lr, epoch - 1 + batch / batchesPerEpoch, run.epochs, run.schedule.warmupEpochs, batchesPerEpoch);
}
