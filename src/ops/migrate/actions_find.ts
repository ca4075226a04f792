/**
 * Repeated runs of equal keys across several sequences (step keys of jobs): which runs of at
 * least `minSteps` keys occur at least `minOccurrences` times without overlapping, chosen
 * greedily by the number of steps they save. An O(n²) longest-common-run table is plenty for
 * the few hundred steps a repository's workflows hold.
 *
 * @module
 */

/** Where a run starts: the sequence and the index in it. */
export interface Occurrence {
  seq: number;
  start: number;
}

/** A run chosen: its length and the occurrences it replaces. */
export interface Repeat {
  length: number;
  occurrences: Occurrence[];
}

/** Search limits and the per-occurrence check. */
export interface FindOptions {
  minSteps: number;
  minOccurrences: number;
  /** Whether this occurrence of `length` steps may be extracted; called once per pair. */
  accept: (occurrence: Occurrence, length: number) => boolean;
}

/** Above this many steps in total the search is not attempted (n² table). */
export const MAX_SEARCH_STEPS = 4000;

/**
 * Chooses the repeats, most steps saved first; a key starting with `#` never matches.
 *
 * @example
 * ```ts
 * findRepeats([["a", "b", "c"], ["x", "a", "b", "c"]], {
 *   minSteps: 3, minOccurrences: 2, accept: () => true,
 * }); // [{ length: 3, occurrences: [{ seq: 0, start: 0 }, { seq: 1, start: 1 }] }]
 * ```
 */
export function findRepeats(seqs: readonly (readonly string[])[], options: FindOptions): Repeat[] {
  const ids = new Map<string, number>();
  const flat: number[] = [];
  const where: Occurrence[] = [];
  let separator = -1;
  seqs.forEach((seq, s) => {
    seq.forEach((key, i) => {
      if (key.startsWith("#")) flat.push(separator--);
      else {
        if (!ids.has(key)) ids.set(key, ids.size);
        flat.push(ids.get(key)!);
      }
      where.push({ seq: s, start: i });
    });
    flat.push(separator--);
    where.push({ seq: s, start: seq.length });
  });
  const n = flat.length;
  if (n > MAX_SEARCH_STEPS) return [];
  const { minSteps, minOccurrences } = options;

  // Candidate runs by content: first start seen and every length worth trying.
  const candidates = new Map<string, { start: number; length: number }>();
  let next = new Int32Array(n + 1);
  for (let i = n - 1; i >= 0; i--) {
    const row = new Int32Array(n + 1);
    for (let j = n - 1; j > i; j--) {
      if (flat[i] < 0 || flat[i] !== flat[j]) continue;
      row[j] = next[j + 1] + 1;
      const longest = Math.min(row[j], j - i);
      for (let length = minSteps; length <= longest; length++) {
        const key = flat.slice(i, i + length).join(",");
        if (!candidates.has(key)) candidates.set(key, { start: i, length });
      }
    }
    next = row;
  }

  const positions = new Map<number, number[]>();
  flat.forEach((k, p) => {
    if (k >= 0) positions.set(k, [...positions.get(k) ?? [], p]);
  });
  const claimed = new Uint8Array(n);
  const verdicts = new Map<string, boolean>();
  const accepted = (p: number, length: number) => {
    const key = `${p}:${length}`;
    if (!verdicts.has(key)) verdicts.set(key, options.accept(where[p], length));
    return verdicts.get(key)!;
  };
  const occurrencesOf = (start: number, length: number) => {
    const found: number[] = [];
    let free = 0;
    for (const p of positions.get(flat[start]) ?? []) {
      if (p < free) continue;
      let ok = true;
      for (let k = 0; k < length && ok; k++) {
        ok = flat[p + k] === flat[start + k] && !claimed[p + k];
      }
      if (ok && accepted(p, length)) {
        found.push(p);
        free = p + length;
      }
    }
    return found;
  };

  const out: Repeat[] = [];
  for (;;) {
    let best: { length: number; found: number[]; score: number } | undefined;
    for (const { start, length } of candidates.values()) {
      if (best && length * (n - 1) < best.score) continue;
      const found = occurrencesOf(start, length);
      if (found.length < minOccurrences) continue;
      const score = length * (found.length - 1);
      const better = !best || score > best.score ||
        (score === best.score && (length > best.length ||
          (length === best.length && found[0] < best.found[0])));
      if (better) best = { length, found, score };
    }
    if (!best) return out;
    for (const p of best.found) claimed.fill(1, p, p + best.length);
    out.push({ length: best.length, occurrences: best.found.map((p) => where[p]) });
  }
}
