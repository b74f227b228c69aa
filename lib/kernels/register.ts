/**
 * Registers one of our kernels over a backend's own: the kernel registered
 * there now, if any, receives the cases ours declines (returns null), so that
 * an unusual dtype, layout or shape still computes. Shared by the native
 * kernels (wasm) and our WGSL kernels (webgpu).
 */
import * as tf from "@tensorflow/tfjs-core";

/** `fn` returns the kernel's output (one tensor or several) or null to decline. */
export function registerOver<A>(backendName: string, kernelName: string, fn: (args: A) => object | null): void {
  const own = tf.getKernel(kernelName, backendName)?.kernelFunc as ((args: unknown) => object) | undefined;
  if (own) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({
    kernelName,
    backendName,
    kernelFunc: ((args: unknown) => {
      const out = fn(args as A);
      if (out) return out;
      if (!own) {
        throw new Error(
          `${kernelName}: a case our ${backendName} kernel does not cover, and ${backendName} has no kernel of its own`,
        );
      }
      return own(args);
    }) as unknown as tf.KernelFunc,
  });
}
