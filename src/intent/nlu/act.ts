/**
 * The dialogue act of a sentence: a question never becomes an action, a negation of alerts
 * is an unsubscribe, a request may act (after confirmation, built elsewhere).
 *
 * @module
 */
import { verbToOp } from "../commands.ts";
import type { Reading } from "./engine.ts";

/** What the sentence does. */
export type DialogueAct = "question" | "request" | "statement" | "negation";

const WH =
  /^(?:how|hows|how's|what|whats|what's|why|when|where|which|who|is|are|was|were|did|does|do|has|have|will|should|any)\b/i;
/** Polite requests phrased as questions: "can you run …" asks for an action. */
const POLITE =
  /^(?:(?:hey|hi|please|pls|so|ok|okay)[,\s]+)*(?:can|could|would|will)\s+(?:you|u|ya)\b|^(?:(?:hey|hi)[,\s]+)*(?:please|pls|kindly)\b/i;
/** Wishes that ask for an action: "can I get a fresh run …", "mind running …", "need a run, can
 * you run it?", "just run it". */
const WISH = new RegExp(
  [
    String.raw`^(?:can|could|may)\s+(?:i|we)\s+(?:please\s+)?(?:get|have|grab)\b`,
    String
      .raw`^(?:(?:would|do)\s+(?:you|u)\s+)?mind\s+(?:re-?running|running|kicking|triggering|testing|starting|firing|dispatching)\b`,
    String
      .raw`[,;.]\s*(?:(?:so|and|then)\s+)?(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:re-?run|run|trigger|kick|start|test|fire|dispatch)\b`,
    String
      .raw`^(?:i|we)?\s*(?:need|want|would like)\s+(?:a|an|another|one more)\s+(?:\w+\s+){0,2}(?:run|test run|build)\b`,
    String.raw`^just\s+(?:re-?run|run|test|trigger)\b`,
  ].join("|"),
  "i",
);
/** Imperative negation: "don't …", "stop posting …", "no more …". */
const NEGATIVE =
  /^(?:(?:please|pls|ok|okay|hey|no)[,\s]+)*(?:don['’]?t|do not|stop|quit|no more|no longer|never|no need)\b/i;
/** Openers that carry no act: "heads up: …", "lol …", "fyi, …" — the act is the rest's. */
const OPENER =
  /^(?:(?:heads[ -]up|fyi|btw|ps|lol|lmao|haha|ugh|wow|omg|oh|ok|okay|so|well|hmm+|man|sigh|just so you know|note|reminder)\b[,:;.!\s-]*)+/i;
/** Sentences about the speaker, the past or the future: "I'll run …", "my run finished". */
const STATEMENT =
  /^(?:i|i['’](?:m|ll|ve|d)|im|ill|we|we['’](?:re|ll|ve)|it|it['’]s|its|the|my|our|this|these|those|that|they|there|someone|somebody|everyone|yesterday|today|tomorrow|tonight|(?:just|already|finally)\s+(?:ran|finished|tested|fixed|merged|pushed)|ran|finished|tested|merged|pushed|renamed|deployed|going to|gonna|planning to|looks like|seems)\b(?![-/.]\w)/i;
/** A report about someone else: "Sam cancelled 5531", "Lee already re-ran the tests". */
const REPORT =
  /^([a-z]+)\s+(?:already\s+|just\s+|also\s+)?(?:cancell?ed|stopped|killed|aborted|terminated|re-?ran|ran|kicked|triggered|started|restarted|retried|re-?triggered|dispatched|tested|subscribed|unsubscribed|muted|merged|pushed|deployed|fixed|nuked)\b/i;
/** Good news about a thing: "tests are passing now, thanks", "build is green, merging now". */
const GOOD_NEWS =
  /^(?:[\w/.'’-]+\s+){1,3}(?:is|are|was|were|(?:has|have) been|looks?|seems?)\s+(?:all\s+|now\s+|finally\s+|back\s+)?(?:passing|green|fine|ok|okay|good|done|back|fixed|merged|deployed|working|up)\b/i;
/** …unless a request follows: "tests are green now, run the deploy". */
const THEN_ASKS =
  /[,;.]\s*(?:(?:so|and|then|now)\s+)?(?:please\s+|pls\s+|can you\s+|could you\s+)?(?:re-?run|run|retry|cancel|stop|kill|trigger|test|analy[sz]e|check|look|notify|subscribe)\b/i;
/** Words that open a request, never a person's name. */
const NOT_NAME = /^(?:please|pls|plz|just|also|then|so|and|hey|hi|ok|okay|kindly)$/i;
/** Asked of the people in the channel, not of the bot: "can someone review …". */
const TO_PEOPLE = /^(?:can|could|would|will)\s+(?:someone|somebody|anyone|anybody|one of you)\b/i;
const DO_I = /^(?:how|what)\s+(?:do|can|should)\s+(?:i|we)\b/i;

/**
 * Classifies the act from the sentence shape and the library's negation flag.
 *
 * @example
 * ```ts
 * dialogueAct("hows my test run going", readSentence("hows my test run going")); // "question"
 * ```
 */
export function dialogueAct(text: string, reading: Reading): DialogueAct {
  const t = text.trim().replace(OPENER, "");
  if (NEGATIVE.test(t)) return "negation";
  if (TO_PEOPLE.test(t)) return "statement";
  if (POLITE.test(t) && !DO_I.test(t) || WISH.test(t)) return "request";
  if (WH.test(t) || /\?\s*$/.test(t)) return "question";
  if (reading.negated && /\b(?:alert|notif|post|ping|messag|tell|watch)/i.test(t)) {
    return "negation";
  }
  const who = REPORT.exec(t)?.[1];
  if (who && !NOT_NAME.test(who) && !verbToOp(who)) return "statement";
  if (GOOD_NEWS.test(t) && !THEN_ASKS.test(t)) return "statement";
  return STATEMENT.test(t) && !/\b(?:want|need|like)\b/i.test(t) ? "statement" : "request";
}
