/** The bench's memory sampler counts a process and its children. */
import assert from "node:assert/strict";
import { runSampled, treeRssBytes } from "../../lib/bench/process_tree.ts";

Deno.test("process tree memory: this process has some; a child holding 64 MiB in a grandchild is seen with it", async () => {
  assert.ok(treeRssBytes(Deno.pid) > 10 * 2 ** 20);
  // bash → python3 (a grandchild of this test) holds 64 MiB for half a second.
  const code = "import time; b = bytearray(64 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(0.5)";
  const r = await runSampled("bash", ["-c", `/usr/bin/python3 -c "${code}"; echo done`], { intervalMs: 20 });
  assert.ok(r.success, r.stderr);
  assert.equal(r.stdout.trim(), "done");
  assert.ok(r.peakRssBytes > 64 * 2 ** 20, `peak ${r.peakRssBytes} bytes`);
});
