/**
 * Registers the gradients of TF.js's ops. tfjs-core's npm bundle ships none;
 * the union package @tensorflow/tfjs bundles and registers them with the same
 * tfjs-core instance (same pinned version), so importing it for its side
 * effect makes tf.grad work. Its other backends are registered lazily and
 * never chosen: lib/backend.ts sets the backend explicitly.
 */
import "@tensorflow/tfjs";
import * as tf from "@tensorflow/tfjs-core";

/**
 * Sum's and Mean's gradients, on webgpu, broadcast dy back to the input's
 * shape on the GPU. TF.js's own multiply dy by ones(x.shape), a tensor built
 * in JavaScript and uploaded: for BatchNorm's batch statistics that is a
 * copy of every activation per step, which made a ResNet-8 training step
 * take 2.8 s of uploads on an H100 (measured). Elsewhere TF.js's gradients
 * are kept (they are exact and the CPU backends do not upload).
 */
function registerBroadcastReductionGrad(kernelName: "Sum" | "Mean"): void {
  const original = tf.getGradient(kernelName);
  if (!original) return;
  tf.registerGradient({
    kernelName,
    inputsToSave: ["x"],
    gradFunc: (dy, saved, attrs) => {
      if (tf.getBackend() !== "webgpu") return original.gradFunc(dy, saved, attrs);
      const [x] = saved;
      const axes = tf.util.parseAxisParam((attrs as { axis: number | number[] }).axis, x.shape);
      const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const count = axes.reduce((a, i) => a * x.shape[i], 1);
      return {
        x: () => {
          const back = tf.broadcastTo(tf.reshape(dy as tf.Tensor, kept), x.shape);
          return kernelName === "Mean" ? tf.div(back, count) : back;
        },
      };
    },
  });
}

// Overriding prints TF.js's "Overriding the gradient" warning once; keep the console quiet.
const warn = console.warn;
console.warn = () => {};
try {
  registerBroadcastReductionGrad("Sum");
  registerBroadcastReductionGrad("Mean");
} finally {
  console.warn = warn;
}
