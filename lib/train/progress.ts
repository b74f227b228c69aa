/**
 * Progress of long runs: epoch, step, loss, images/s and ETA. In a Deno
 * notebook it updates one output in place (a display_id), throttled so that
 * a notebook's output is not flooded; on a terminal it rewrites one line; in
 * a log (not a TTY) it prints one line per epoch and at most one every 30 s.
 * The last state of a run (its last step of its last epoch) is never
 * throttled, so a bar always ends in its final state.
 */

export interface ProgressState {
  label: string;
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
  imagesPerSecond: number;
  etaSeconds: number;
  extra?: string;
}

/** Whether `s` is the last step of the last epoch: shown even when updates are throttled. */
export function isFinalState(s: ProgressState): boolean {
  return s.epoch >= s.epochs && s.step >= s.steps;
}

export interface ProgressSink {
  update(s: ProgressState, force?: boolean): void | Promise<void>;
  done(message: string): void | Promise<void>;
}

/** "1m05s", "2h03m"; "?" when unknown. */
export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const m = Math.floor(s / 60), sec = Math.round(s % 60);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m` : `${m}m${String(sec).padStart(2, "0")}s`;
}

/** One line: "label  epoch 3/10 ██████░░░░ 120/200  loss 0.512  843 img/s  ETA 1m05s". */
export function formatProgress(s: ProgressState, width = 20): string {
  const frac = (s.epoch - 1 + s.step / Math.max(1, s.steps)) / Math.max(1, s.epochs);
  const filled = Math.round(frac * width);
  const bar = "█".repeat(filled) + "░".repeat(width - filled);
  return `${s.label}  epoch ${s.epoch}/${s.epochs} ${bar} ${s.step}/${s.steps}  loss ${s.loss.toFixed(3)}  ${
    s.imagesPerSecond.toFixed(0)
  } img/s  ETA ${formatDuration(s.etaSeconds)}${s.extra ? "  " + s.extra : ""}`;
}

/** The part of Deno.jupyter a progress bar uses (injectable, so tests can watch what a notebook would show). */
export interface JupyterLike {
  display(obj: unknown, opts?: { raw?: boolean; update?: boolean; display_id?: string }): Promise<void>;
}

function jupyter(): JupyterLike | null {
  try {
    const j = (Deno as unknown as { jupyter?: JupyterLike }).jupyter;
    return j && typeof j.display === "function" && Deno.env.get("JPY_PARENT_PID") !== undefined ? j : null;
  } catch {
    return null;
  }
}

/** A sink for the current context: a notebook cell, a terminal, or a log. */
export function autoProgress(opts: { minIntervalMs?: number; jupyter?: JupyterLike } = {}): ProgressSink {
  const j = opts.jupyter ?? jupyter();
  const interval = opts.minIntervalMs ?? 1000;
  let last = -Infinity; // the first state is always shown
  if (j) {
    const id = `progress-${crypto.randomUUID()}`;
    let shown = false;
    const show = async (text: string) => {
      const bundle = { "text/plain": text, "text/html": `<pre style="margin:0">${text.replaceAll("<", "&lt;")}</pre>` };
      await j.display(bundle, { raw: true, display_id: id, update: shown });
      shown = true;
    };
    return {
      async update(s, force) {
        const now = performance.now();
        if (!force && !isFinalState(s) && now - last < interval) return;
        last = now;
        await show(formatProgress(s));
      },
      async done(message) {
        await show(message);
      },
    };
  }
  const tty = Deno.stderr.isTerminal();
  const enc = new TextEncoder();
  let lastEpoch = 0;
  return {
    update(s, force) {
      const now = performance.now();
      if (tty) {
        if (!force && !isFinalState(s) && now - last < 200) return;
        last = now;
        Deno.stderr.writeSync(enc.encode("\r" + formatProgress(s).padEnd(110)));
      } else if (force || isFinalState(s) || s.epoch !== lastEpoch || now - last > 30000) {
        last = now;
        lastEpoch = s.epoch;
        Deno.stderr.writeSync(enc.encode(formatProgress(s) + "\n"));
      }
    },
    done(message) {
      Deno.stderr.writeSync(enc.encode((tty ? "\r" : "") + message.padEnd(tty ? 110 : 0) + "\n"));
    },
  };
}

/** A sink that records states (tests) or does nothing. */
export function silentProgress(record?: ProgressState[]): ProgressSink {
  return { update: (s) => void record?.push({ ...s }), done: () => {} };
}
