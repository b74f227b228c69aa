/** Timing helpers for benchmarks: run until a minimum time has passed, report the rate. */

/** Calls `fn` (which processes `items` items) repeatedly for at least `minMs`, after one warm-up call; returns items per second. */
export async function measureRate(fn: () => unknown | Promise<unknown>, items: number, minMs = 300): Promise<number> {
  await fn();
  let calls = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    await fn();
    calls++;
    elapsed = performance.now() - t0;
  } while (elapsed < minMs);
  return (calls * items) / (elapsed / 1000);
}
