/**
 * Observable Plot figures rendered without a browser: Plot draws into a DOM
 * made by linkedom, and the result is shown inline in a Deno notebook (the
 * object carries Jupyter's display hook) or written to an .svg file.
 * `lib/` never calls Deno.jupyter itself, so the same code runs headless.
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { writeFileAtomic } from "../results/atomic.ts";

const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/** Title sizes used in saved SVGs (and assumed by the height estimate). */
const FIGURE_STYLE =
  "h2 { font-size: 18px; margin: 0 0 6px 0; } h3 { font-size: 13px; font-weight: normal; margin: 0 0 8px 0; } figure { margin: 0; }";

function newDocument(): Document {
  return parseHTML("<!DOCTYPE html><html><head></head><body></body></html>").document as unknown as Document;
}

/** A rendered figure: HTML for notebooks, standalone SVG for files. */
export class Figure {
  constructor(readonly html: string, readonly width: number, readonly height: number, readonly isPureSvg: boolean) {}

  /** A standalone SVG document. Figures with an HTML title or legend are wrapped in a foreignObject. */
  svg(): string {
    const xmlns = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"';
    // Every <svg> element (the plot, and legend swatches inside HTML) needs the namespaces to stand alone.
    const body = this.html.replaceAll(/<svg(?=[\s>])/g, `<svg ${xmlns}`);
    if (this.isPureSvg) return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
    return `<?xml version="1.0" encoding="UTF-8"?>\n<svg ${xmlns} width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}">` +
      `<rect width="100%" height="100%" fill="white"/><foreignObject x="0" y="0" width="${this.width}" height="${this.height}">` +
      `<div xmlns="http://www.w3.org/1999/xhtml" style="font-family: system-ui, sans-serif; background: white"><style>${FIGURE_STYLE}</style>${body}</div>` +
      `</foreignObject></svg>\n`;
  }

  /** Writes the SVG atomically (parent folders created). */
  async save(path: string): Promise<string> {
    await writeFileAtomic(path, this.svg());
    return path;
  }

  [JUPYTER_DISPLAY](): Record<string, string> {
    return { "text/html": this.html };
  }
}

/**
 * Renders Plot options to a Figure. Same options as `Plot.plot`, minus `document`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const rows = [{ class: "Bag", n: 6000 }, { class: "Coat", n: 6000 }];
 * const fig = plot({ title: "Counts", marks: [Plot.barY(rows, { x: "class", y: "n" })] });
 * assert.match(fig.html, /<svg/); // fig.save("counts.svg") writes it
 * ```
 */
export function plot(options: Plot.PlotOptions): Figure {
  const el = Plot.plot({ ...options, document: newDocument() }) as unknown as Element;
  const html = el.outerHTML;
  // The plot is the figure's direct <svg> child (legend swatches are smaller svgs nested deeper).
  const svgEl = el.tagName.toLowerCase() === "svg"
    ? el
    : Array.from(el.children).filter((c) => c.tagName.toLowerCase() === "svg").pop() ?? el.querySelector("svg");
  const width = Number(svgEl?.getAttribute("width") ?? options.width ?? 640);
  let height = Number(svgEl?.getAttribute("height") ?? options.height ?? 400);
  if (el.tagName.toLowerCase() !== "svg") {
    // Text is not measured headless: estimate wrapped lines at the sizes FIGURE_STYLE sets.
    const lines = (text: unknown, px: number) => Math.max(1, Math.ceil((String(text).length * px * 0.6) / width));
    if (options.title) height += lines(options.title, 18) * 24 + 12;
    if (options.subtitle) height += lines(options.subtitle, 13) * 18 + 8;
    if (options.caption) height += lines(options.caption, 12) * 16 + 8;
    height += 40 * el.querySelectorAll("[class*=swatches], [class*=ramp]").length;
  }
  return new Figure(html, width, height, el.tagName.toLowerCase() === "svg");
}

/**
 * Figures side by side, each keeping its own scales (Plot's facets share one
 * y scale; panels of different units need their own), under one title.
 */
export function besideEachOther(figures: Figure[], opts: { title?: string; subtitle?: string } = {}): Figure {
  const head = (opts.title ? `<h2>${opts.title}</h2>` : "") + (opts.subtitle ? `<h3>${opts.subtitle}</h3>` : "");
  const body = figures.map((f) => `<div style="flex: none">${f.html}</div>`).join("");
  const width = figures.reduce((a, f) => a + f.width, 0) + 16 * (figures.length - 1);
  const height = Math.max(...figures.map((f) => f.height)) + (opts.title ? 36 : 0) + (opts.subtitle ? 26 : 0);
  return new Figure(`<figure>${head}<div style="display: flex; gap: 16px">${body}</div></figure>`, width, height, false);
}

export { Plot };
