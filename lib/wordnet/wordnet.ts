/**
 * WordNet 3.0 noun database, read from the Princeton `data.noun` file (our
 * gzipped copy under data/wordnet, or Debian's wordnet-base). ImageNet names
 * its classes by wnid = "n" + the 8-digit offset of the synset in this file,
 * which is why the version matters (WordNet 3.1 offsets differ).
 */
import { readMaybeGzip } from "../gzip.ts";
import { DATA_DIR } from "../paths.ts";

export interface Synset {
  wnid: string;
  offset: number;
  lemmas: string[];
  /** Offsets of the hypernyms ("@") and instance hypernyms ("@i"). */
  hypernyms: number[];
  instanceHypernyms: number[];
  gloss: string;
}

export class WordNet {
  constructor(readonly synsets: Map<number, Synset>, readonly source: string) {}

  /** The synset of an ImageNet-style wnid such as "n02872752"; a clear error for an unknown or malformed one. */
  synset(wnid: string): Synset {
    const m = /^n(\d{8})$/.exec(wnid);
    if (!m) throw new RangeError(`not a WordNet noun id: "${wnid}" (expected "n" followed by 8 digits, e.g. n02872752)`);
    const s = this.synsets.get(Number(m[1]));
    if (!s) {
      throw new RangeError(
        `unknown wnid ${wnid}: no noun synset at offset ${m[1]} in ${this.source} (WordNet 3.0 offsets are expected)`,
      );
    }
    return s;
  }

  has(wnid: string): boolean {
    const m = /^n(\d{8})$/.exec(wnid);
    return !!m && this.synsets.has(Number(m[1]));
  }
}

/** Parses the text of a WordNet `data.noun` file. */
export function parseDataNoun(text: string, source = "data.noun"): WordNet {
  const synsets = new Map<number, Synset>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("  ")) continue; // licence header lines start with two spaces
    const bar = line.indexOf(" | ");
    const head = (bar >= 0 ? line.slice(0, bar) : line).trim().split(" ");
    const offset = Number(head[0]);
    const wCnt = parseInt(head[3], 16);
    const lemmas: string[] = [];
    let i = 4;
    for (let k = 0; k < wCnt; k++, i += 2) lemmas.push(head[i]);
    const pCnt = Number(head[i++]);
    const hypernyms: number[] = [], instanceHypernyms: number[] = [];
    for (let k = 0; k < pCnt; k++, i += 4) {
      const sym = head[i], target = Number(head[i + 1]), pos = head[i + 2];
      if (pos !== "n") continue;
      if (sym === "@") hypernyms.push(target);
      else if (sym === "@i") instanceHypernyms.push(target);
    }
    synsets.set(offset, {
      wnid: `n${head[0]}`,
      offset,
      lemmas,
      hypernyms,
      instanceHypernyms,
      gloss: bar >= 0 ? line.slice(bar + 3).trim() : "",
    });
  }
  if (synsets.size === 0) throw new Error(`${source} holds no noun synsets: is it a WordNet data.noun file?`);
  return new WordNet(synsets, source);
}

let cached: Promise<WordNet> | undefined;

/**
 * Loads WordNet 3.0 nouns: `path` if given, else $WORDNET_DATA_NOUN, else the
 * copy under data/wordnet, else Debian's /usr/share/wordnet/data.noun.
 */
export function loadWordNet(path?: string): Promise<WordNet> {
  if (!path && cached) return cached;
  const candidates = path
    ? [path]
    : [Deno.env.get("WORDNET_DATA_NOUN"), `${DATA_DIR}/wordnet/data.noun.gz`, "/usr/share/wordnet/data.noun"]
      .filter((p): p is string => !!p);
  const p = (async () => {
    for (const c of candidates) {
      try {
        await Deno.stat(c);
      } catch {
        continue;
      }
      return parseDataNoun(new TextDecoder().decode(await readMaybeGzip(c)), c);
    }
    throw new Error(`WordNet noun data not found; looked at: ${candidates.join(", ")}`);
  })();
  if (!path) cached = p;
  return p;
}
