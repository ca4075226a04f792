/**
 * A small multinomial naive Bayes classifier for the operation of a sentence the rules did not
 * place (no command word: "foo/bar CI has been crawling since Monday"). It is trained once, on
 * first use, on the generated sentences of `nlu/training.ts` (templates × slot fillers), never
 * on the development or evaluation sets. Words are read the same way with or without the NLP
 * library (a fixed suffix-stripper), so the lexical and library paths classify alike.
 *
 * Written here rather than taken from npm: the algorithm is forty lines, and owning it keeps the
 * features (masked names, bigrams) and the load cost (measured in `bench/nlu.ts`) in view. The
 * nearest package, `wink-naive-bayes-text-classifier` 2.2.1, depends on wink-nlp 1.x and would
 * bring a second copy of the library next to our 2.x.
 *
 * @module
 */
import { type TrainingLabel, trainingSet } from "./training.ts";

/** What the classifier says about one sentence. */
export interface Guess {
  /** The likeliest label; "none" is a sentence that asks the bot for nothing. */
  label: TrainingLabel;
  /** Its posterior probability in [0, 1]. */
  p: number;
  /** The runner-up's posterior: a close second means the guess is weak. */
  second: number;
}

interface Model {
  labels: TrainingLabel[];
  prior: Map<TrainingLabel, number>;
  /** log P(feature | label), per label. */
  likelihood: Map<TrainingLabel, Map<string, number>>;
  /** log P(unseen feature | label). */
  unseen: Map<TrainingLabel, number>;
}

const SMOOTHING = 0.3;
let model: Model | undefined;

const STEMS: [RegExp, string][] = [
  [/['’]s$/, ""],
  [/n['’]t$/, ""],
  [/ies$/, "y"],
  [/(ss|ch|sh|x)es$/, "$1"],
  [/(\w\w[^su])s$/, "$1"],
  [/(\w{3})ing$/, "$1"],
  [/(\w{3})ed$/, "$1"],
];

/**
 * The features of a masked sentence: stemmed words and adjacent pairs.
 *
 * @example
 * ```ts
 * features("why is REPONAME so slow"); // ["why", "is", "reponame", …, "why_is", …]
 * ```
 */
export function features(masked: string): string[] {
  const words = masked.toLowerCase().split(/[^a-z0-9'’]+/).filter(Boolean)
    .map((w) => STEMS.reduce((s, [re, to]) => s.replace(re, to), w));
  const pairs = words.slice(1).map((w, i) => `${words[i]}_${w}`);
  return [...words, ...pairs, `^${words[0] ?? ""}`];
}

function train(): Model {
  const counts = new Map<TrainingLabel, Map<string, number>>();
  const docs = new Map<TrainingLabel, number>();
  const vocabulary = new Set<string>();
  for (const [text, label] of trainingSet()) {
    docs.set(label, (docs.get(label) ?? 0) + 1);
    const bag = counts.get(label) ?? new Map<string, number>();
    counts.set(label, bag);
    for (const f of new Set(features(text))) {
      bag.set(f, (bag.get(f) ?? 0) + 1);
      vocabulary.add(f);
    }
  }
  const labels = [...counts.keys()];
  const total = [...docs.values()].reduce((a, b) => a + b, 0);
  const prior = new Map<TrainingLabel, number>();
  const likelihood = new Map<TrainingLabel, Map<string, number>>();
  const unseen = new Map<TrainingLabel, number>();
  for (const label of labels) {
    // Equal priors pulled slightly toward the data: generated class sizes mean nothing.
    prior.set(label, Math.log((docs.get(label)! / total + 1 / labels.length) / 2));
    const bag = counts.get(label)!;
    const sum = [...bag.values()].reduce((a, b) => a + b, 0);
    const denominator = Math.log(sum + SMOOTHING * vocabulary.size);
    likelihood.set(
      label,
      new Map([...bag].map(([f, n]) => [f, Math.log(n + SMOOTHING) - denominator])),
    );
    unseen.set(label, Math.log(SMOOTHING) - denominator);
  }
  return { labels, prior, likelihood, unseen };
}

/**
 * Trains the classifier if it has not been trained yet (a few tens of milliseconds); servers
 * may call it in the background after they listen, like `loadNlu`.
 *
 * @example
 * ```ts
 * warmClassifier();
 * ```
 */
export function warmClassifier(): void {
  model ??= train();
}

/**
 * The likeliest operation (or "none") of a masked sentence, with its posterior.
 *
 * @example
 * ```ts
 * classify("REPONAME CI has been crawling since monday").label; // "analyze"
 * ```
 */
export function classify(masked: string): Guess {
  model ??= train();
  const m = model;
  const known = features(masked).filter((f) => m.labels.some((l) => m.likelihood.get(l)!.has(f)));
  const scores = m.labels.map((label) => {
    const table = m.likelihood.get(label)!;
    const unseen = m.unseen.get(label)!;
    return known.reduce((s, f) => s + (table.get(f) ?? unseen), m.prior.get(label)!);
  });
  const top = Math.max(...scores);
  const weights = scores.map((s) => Math.exp(s - top));
  const sum = weights.reduce((a, b) => a + b, 0);
  const ranked = m.labels.map((label, i) => ({ label, p: weights[i] / sum }))
    .sort((a, b) => b.p - a.p);
  return { label: ranked[0].label, p: ranked[0].p, second: ranked[1]?.p ?? 0 };
}
