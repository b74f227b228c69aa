/** Result files written atomically, CSV with the run's metadata beside it. */
export { readJsonIfExists, writeFileAtomic, writeJsonAtomic } from "./atomic.ts";
export { readCsv, writeCsv } from "./csv.ts";
export type { Row } from "./csv.ts";
