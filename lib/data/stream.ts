/**
 * The streaming input pipeline for image folders: each epoch reads the
 * original files in the epoch's order, and Deno workers decode and augment
 * them in parallel, each image from the original (so RandomResizedCrop's
 * scale is relative to the whole photograph, as in the paper), while the
 * model trains on the batches before. At most `prefetch` batches are in
 * flight, so memory is bounded by batch size × prefetch depth whatever the
 * folder's size. Each image is seeded by (epoch seed, position): the result
 * does not depend on the number of workers, and a resumed run repeats it.
 */
import type { ClassTransformSets } from "../augment/per_class.ts";
import type { Geometry } from "../augment/pipelines.ts";
import type { AugmentKey } from "../augment/registry.ts";
import { ImageReadError } from "../image/image.ts";
import type { ClassInfo } from "./dataset.ts";
import type { FolderFile, SkippedFile } from "./folder.ts";
import { sampleSeed, type TrainBatch, type TrainSource } from "./train_source.ts";

/** One image for a worker: the file, its label and seed, and the epoch's augmentation. */
export interface DecodeJob {
  id: number;
  path: string;
  label: number;
  seed: number;
  grey: boolean;
  augment: AugmentKey;
  geometry: Geometry;
  classAugment?: ClassTransformSets;
}

/** A worker's answer: the crop's pixels, or why the file could not be used. */
export type DecodeReply =
  | { id: number; pixels: Uint8Array }
  | { id: number; error: string; unreadable: boolean };

/** Decode workers: $DATA_WORKERS, else one per core. */
export function defaultDataWorkers(): number {
  const env = Deno.env.get("DATA_WORKERS");
  if (env !== undefined) {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`$DATA_WORKERS must be a whole number ≥ 1, got "${env}"`);
    return n;
  }
  return Math.max(1, navigator.hardwareConcurrency || 1);
}

/** Deno workers that decode and augment one image per job; jobs go to the least-busy worker. */
export class DecodePool {
  private readonly workers: { worker: Worker; busy: number }[] = [];
  private readonly waiting = new Map<number, { resolve: (r: DecodeReply) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failed: Error | undefined;

  constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`decode workers must be a whole number ≥ 1, got ${size}`);
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL("./stream_worker.ts", import.meta.url).href, { type: "module" });
      const slot = { worker, busy: 0 };
      worker.onmessage = (e: MessageEvent<DecodeReply>) => {
        slot.busy--;
        const w = this.waiting.get(e.data.id);
        this.waiting.delete(e.data.id);
        w?.resolve(e.data);
      };
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        this.failed = new Error(`a decode worker failed: ${e.message}`);
        for (const w of this.waiting.values()) w.reject(this.failed);
        this.waiting.clear();
      };
      this.workers.push(slot);
    }
  }

  submit(job: Omit<DecodeJob, "id">): Promise<DecodeReply> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      slot.worker.postMessage({ ...job, id });
    });
  }

  close(): void {
    for (const { worker } of this.workers) worker.terminate();
    this.workers.length = 0;
  }
}

export interface StreamOptions {
  /** Decode workers (default: defaultDataWorkers()). */
  workers?: number;
  /** Batches decoded ahead of the one the model trains on (default 2). */
  prefetch?: number;
  /** "fail" (default): an unreadable file stops the run, naming it; "skip": it is left out and listed. */
  onCorrupt?: "fail" | "skip";
  grey?: boolean;
}

/**
 * A training source over a folder's files, streamed. The workers start with
 * the first epoch (about a second: each loads the decoding modules) and stay
 * for the next ones until `close()`, which the trainer calls when the run ends.
 */
export function streamingSource(files: FolderFile[], classes: ClassInfo[], opts: StreamOptions = {}): TrainSource {
  const workers = opts.workers ?? defaultDataWorkers(), prefetch = opts.prefetch ?? 2;
  if (!(Number.isInteger(prefetch) && prefetch >= 1)) {
    throw new RangeError(`prefetch must be a whole number ≥ 1, got ${prefetch}`);
  }
  const channels = opts.grey ? 1 : 3;
  const skipped: SkippedFile[] = [], skippedPaths = new Set<string>();
  let pool: DecodePool | undefined;
  return {
    n: files.length,
    channels,
    labels: Int32Array.from(files, (f) => f.label),
    classes,
    describe: `${files.length} files streamed by ${workers} decode worker${
      workers === 1 ? "" : "s"
    } (prefetch ${prefetch} batches)`,
    skipped,
    async *batches(req) {
      const { order, batchSize } = req;
      const size = req.geometry.crop * req.geometry.crop * channels;
      const decoders = pool ??= new DecodePool(workers);
      const inFlight = new Map<number, Promise<DecodeReply>>();
      let next = 0;
      const fill = (upTo: number) => {
        for (; next < Math.min(order.length, upTo); next++) {
          const f = files[order[next]];
          if (!f) throw new RangeError(`image index ${order[next]} is out of range (${files.length} files)`);
          const reply = decoders.submit({
            path: f.path,
            label: f.label,
            seed: sampleSeed(req.epochSeed, next),
            grey: !!opts.grey,
            augment: req.augment,
            geometry: req.geometry,
            classAugment: req.classAugment,
          });
          reply.catch(() => {}); // awaited in order below; an epoch abandoned early leaves some unawaited
          inFlight.set(next, reply);
        }
      };
      for (let lo = 0; lo < order.length; lo += batchSize) {
        const hi = Math.min(order.length, lo + batchSize);
        fill(lo + (prefetch + 1) * batchSize);
        const replies: DecodeReply[] = [];
        for (let k = lo; k < hi; k++) {
          replies.push(await inFlight.get(k)!);
          inFlight.delete(k);
        }
        const batch: TrainBatch = {
          pixels: new Uint8Array(replies.length * size),
          labels: new Int32Array(replies.length),
          count: 0,
        };
        replies.forEach((r, k) => {
          const f = files[order[lo + k]];
          if ("error" in r) {
            if (!r.unreadable) throw new Error(`${f.path}: ${r.error}`);
            if (opts.onCorrupt !== "skip") {
              throw new ImageReadError(f.path, r.error.replace(`cannot read image ${f.path}: `, ""));
            }
            if (!skippedPaths.has(f.path)) {
              skippedPaths.add(f.path);
              skipped.push({ path: f.path, reason: r.error });
            }
            return;
          }
          batch.pixels.set(r.pixels, batch.count * size);
          batch.labels[batch.count++] = f.label;
        });
        fill(hi + (prefetch + 1) * batchSize);
        yield {
          pixels: batch.pixels.subarray(0, batch.count * size),
          labels: batch.labels.subarray(0, batch.count),
          count: batch.count,
        };
      }
    },
    close() {
      pool?.close();
      pool = undefined;
    },
  };
}
