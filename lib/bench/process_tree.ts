/**
 * Runs a command and samples the resident memory of its whole process tree
 * (Linux /proc): PyTorch's DataLoader decodes in child processes, ours in
 * threads of one process, so only the tree's total compares the two.
 */

/** Resident bytes of `pid` and every descendant, from /proc (0 where /proc is missing). */
export function treeRssBytes(pid: number): number {
  const children = new Map<number, number[]>();
  try {
    for (const e of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(e.name)) continue;
      try {
        const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (!children.has(ppid)) children.set(ppid, []);
        children.get(ppid)!.push(Number(e.name));
      } catch { /* exited meanwhile */ }
    }
  } catch {
    return 0;
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(Deno.readTextFileSync(`/proc/${p}/status`));
      if (m) total += Number(m[1]) * 1024;
    } catch { /* exited meanwhile */ }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

export interface SampledRun {
  success: boolean;
  stdout: string;
  stderr: string;
  /** Largest total resident memory of the tree seen, sampled every `intervalMs`. */
  peakRssBytes: number;
}

/** Runs `cmd args` to completion, sampling its tree's memory. */
export async function runSampled(
  cmd: string,
  args: string[],
  opts: { env?: Record<string, string>; intervalMs?: number } = {},
): Promise<SampledRun> {
  const child = new Deno.Command(cmd, { args, env: opts.env, stdout: "piped", stderr: "piped" }).spawn();
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, treeRssBytes(child.pid))), opts.intervalMs ?? 25);
  try {
    const out = await child.output();
    return {
      success: out.success,
      stdout: new TextDecoder().decode(out.stdout),
      stderr: new TextDecoder().decode(out.stderr),
      peakRssBytes: peak,
    };
  } finally {
    clearInterval(timer);
  }
}
