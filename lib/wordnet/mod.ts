/** WordNet's noun hierarchy and its similarity measures (NLTK's semantics). */
export { loadWordNet } from "./wordnet.ts";
export type { Synset, WordNet } from "./wordnet.ts";
export { meanSetSimilarity, WordNetSimilarity } from "./similarity.ts";
