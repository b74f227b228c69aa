/**
 * Registers the gradients of TF.js's ops. tfjs-core's npm bundle ships none;
 * the union package @tensorflow/tfjs bundles and registers them with the same
 * tfjs-core instance (same pinned version), so importing it for its side
 * effect makes tf.grad work. Its other backends are registered lazily and
 * never chosen: lib/backend.ts sets the backend explicitly.
 */
import "@tensorflow/tfjs";
