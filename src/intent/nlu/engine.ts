/**
 * The NLP library behind the natural-language stage: wink-nlp with its English light model,
 * chosen by measurement over compromise (50 dev phrases: wink 0.3 ms/phrase, load 276 ms;
 * compromise 3 ms/phrase, load 540 ms; dialogue-act accuracy 48/50 vs 47/50). Loading costs
 * a few hundred milliseconds, so it is never imported at start-up: {@linkcode loadNlu} brings it
 * in once (servers call it in the background after they listen), and until it has loaded the
 * stage reads words with a small lexical fallback at a lower confidence.
 *
 * @module
 */

/** What the library tells the stage about one sentence. */
export interface Reading {
  /** Lower-case lemmas, one per word token ("posting" → "post"). */
  lemmas: string[];
  /** Part of speech per token (Universal tags: VERB, NOUN, …); "X" when read lexically. */
  pos: string[];
  /** True when a token carries a negation ("don't", "not", "never", "no longer"). */
  negated: boolean;
  /** True when the library read the text (false: lexical fallback). */
  library: boolean;
}

import { warmClassifier } from "./classify.ts";

type Reader = (text: string) => Reading;

let reader: Reader | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads wink-nlp and its model once; later calls return the same promise.
 *
 * @example
 * ```ts
 * await loadNlu();
 * nluLoaded(); // true
 * ```
 */
export function loadNlu(): Promise<void> {
  loading ??= (async () => {
    // The classifier trains here too, so the first sentence no rule places pays nothing.
    warmClassifier();
    const winkNLP = (await import("wink-nlp")).default;
    const model = (await import("wink-eng-lite-web-model")).default;
    const nlp = winkNLP(model);
    const its = nlp.its;
    reader = (text) => {
      const tokens = nlp.readDoc(text).tokens();
      const values = tokens.out(its.value) as string[];
      const flags = tokens.out(its.negationFlag) as unknown as boolean[];
      return {
        lemmas: (tokens.out(its.lemma as never) as string[]).map((l) => l.toLowerCase()),
        pos: tokens.out(its.pos) as string[],
        negated: flags.some(Boolean) || values.some((v) => NEGATIONS.has(v.toLowerCase())),
        library: true,
      };
    };
  })();
  return loading;
}

/**
 * True once {@linkcode loadNlu} has finished.
 *
 * @example
 * ```ts
 * nluLoaded(); // false before loadNlu()
 * ```
 */
export function nluLoaded(): boolean {
  return reader !== undefined;
}

const NEGATIONS = new Set(["not", "n't", "never", "no", "dont", "don't", "nope"]);
const SUFFIXES: [RegExp, string][] = [
  [/ies$/, "y"],
  [/(ss)es$/, "$1"],
  [/(ch|sh|x)es$/, "$1"],
  [/([^s])s$/, "$1"],
  [/(\w\w)ing$/, "$1"],
  [/(\w\w)ed$/, "$1"],
];

function lexical(text: string): Reading {
  const words = text.toLowerCase().split(/[^a-z0-9'’]+/).filter(Boolean);
  return {
    lemmas: words.map((w) => SUFFIXES.reduce((s, [re, to]) => s.replace(re, to), w)),
    pos: words.map(() => "X"),
    negated: words.some((w) => NEGATIONS.has(w.replace("’", "'")) || /n['’]t$/.test(w)),
    library: false,
  };
}

/**
 * Reads a sentence with the library when loaded, else lexically.
 *
 * @example
 * ```ts
 * readSentence("don't alert us").negated; // true
 * ```
 */
export function readSentence(text: string): Reading {
  return reader ? reader(text) : lexical(text);
}
