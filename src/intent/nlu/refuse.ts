/**
 * When the natural-language stage must not act: a negated request ("don't cancel 4411", "no
 * need to stop it", "don't bother"), a statement ("I'll run the tests locally first") or words
 * said to the people in the channel. A misreading that acts costs more than one that does
 * nothing, so these become "nothing" (an unsupported answer), never the operation. It also
 * spots questions about what a command does ("what does login do?"), which are help.
 *
 * @module
 */
import type { Op } from "../schema.ts";
import { topicWord } from "../values.ts";
import type { DialogueAct } from "./act.ts";
import { GAP } from "./rules.ts";

/** Operations that change state: a negated or stated one is never carried out. */
export const ACTING = new Set<Op>([
  "test",
  "compare",
  "cancel",
  "subscribe",
  "unsubscribe",
  "login",
  "logout",
]);

/** "don't bother", "never mind", "no need": the speaker withdraws any request. */
const DISMISS =
  /\b(?:don['’]?t bother|do not bother|never\s?mind|nvm|forget (?:it|about it|that)|no need|not needed|not necessary|hold off|leave it)\b/i;
/** Words for the people in the channel, or taking back one's own message: never a command. */
const SMALL_TALK = new RegExp(
  [
    String
      .raw`^\W*(?:stop|wait|hold on|hang on|oops|sorry)\W+(?:wait|hold on|hang on|stop|sorry|oops|never ?mind)\W*$`,
    String.raw`^(?:nice|great|good|awesome|amazing) (?:work|job|stuff)\b`,
    String.raw`\bwrong (?:channel|chat|room|thread|window|tab|person|server)\b`,
    String.raw`\b(?:ignore|disregard|scratch)\s+(?:that|this|my|the|me)\b`,
    String
      .raw`(?<![\w-])(?:wfh|ooo|afk|brb|out of (?:the )?office|working from home|on (?:leave|vacation|pto))(?![\w-])`,
    String.raw`\bif (?:needed|you need (?:me|anything)|anything comes up)\b`,
    // About GitHub itself, or a past report: talk between people, not a request.
    String
      .raw`\bgithub\b${GAP}\b(?:down|outage|slow|having (?:issues|problems|trouble))\b`,
    String
      .raw`^(?:thanks|thank you|thx|ty|cheers)(?: (?:a lot|so much))?\W*(?:(?:that|it) (?:helped|worked)|you rock|great|perfect|nice)?\W*$`,
    String
      .raw`^did (?:you|y['’]?all|you all|you guys|anyone|everyone) (?:all )?(?:see|catch|watch|read)\b`,
  ].join("|"),
  "i",
);
/** "… when I run the tests": the action is the setting of a complaint, not a request. */
const WHEN_I =
  /\b(?:when(?:ever)?|every time|each time|while|after|before|as soon as)\s+(?:i|we)\s+(?:try to\s+)?(?:re-?run|run|test|trigger|kick|start|launch|cancel|dispatch)\b/i;
/** Sentences that open with the command: "run the tests, they fail when I run them locally". */
const COMMAND_FIRST =
  /^\W*(?:(?:please|pls|hey|ok|okay)[,\s]+)*(?:re-?run|run|test|trigger|kick|cancel|abort|compare|benchmark|analy[sz]e|optimi[sz]e|subscribe|notify|can you|could you|would you)\b/i;

/** A complaint that ends by asking: "our checks fail half the time, why", "…, can they be
 * quicker" — for a read-only operation, the question is the request. */
const ASKS_AFTER = /[,;]\s*(?:so\s+)?(?:why|how|what|can|could|would|any ideas)\b|\bwhy\s*\W*$/i;

/** A negation word right before the words that chose the operation. */
const NEGATED_BEFORE =
  /\b(?:don['’]?t|dont|do not|didn['’]?t|never|not|no need to|shouldn['’]?t|won['’]?t|no)\s+(?:\S+\s+){0,2}$/i;
/** Un-doing an unsubscribe ("don't unsubscribe", "don't stop the alerts") is no request. */
const NEGATED_UNSUB =
  /\b(?:don['’]?t|dont|do not|never|no need to)\s+(?:\S+\s+){0,2}(?:unsub\w*|un-subscribe|mute|unwatch|unfollow|silence|stop|remove)\b/i;

const WORD = String.raw`[\`"'“‘]?([A-Za-z/!-]+)[\`"'”’]?`;
/** "what does login do?", "how do I use test?", "what is compare for?", "explain cancel". */
const ABOUT_COMMAND = [
  new RegExp(String.raw`^tell me (?:more )?about (?:the\s+)?${WORD}(?:\s+command)?\s*[.?!]*$`, "i"),
  new RegExp(
    String
      .raw`^what\s+(?:does|do|will|would)\s+(?:the\s+)?${WORD}(?:\s+command)?\s+(?:actually\s+|really\s+|exactly\s+|even\s+)?(?:do|mean|does|show|return|print|tell|change|check)\b`,
    "i",
  ),
  new RegExp(
    String.raw`^what(?:['’]s|\s+is|\s+are)\s+(?:the\s+)?${WORD}(?:\s+command)?\s+(?:for|about)\b`,
    "i",
  ),
  new RegExp(
    String.raw`^how\s+(?:do|can|should|would)\s+(?:i|we|you|one)\s+use\s+(?:the\s+)?${WORD}`,
    "i",
  ),
  new RegExp(String.raw`^how\s+does\s+(?:the\s+)?${WORD}(?:\s+command)?\s+work\b`, "i"),
  new RegExp(
    String.raw`^(?:explain|describe)\s+(?:the\s+)?${WORD}(?:\s+command)?(?:\s+to\s+me)?\s*[.?!]*$`,
    "i",
  ),
  new RegExp(
    String
      .raw`\b(?:usage|syntax|docs?|documentation|options|flags)\s+(?:for|of)\s+(?:the\s+)?${WORD}`,
    "i",
  ),
];
/** Words that ask for help whatever command they name ("help me run tests"). */
const HELP_WORDS =
  /\bhelp\b|\bhow to use\b|\busage\b|\bsyntax\b|\bdocumentation\b|\bwhat (?:are|is) the (?:options|flags|arguments)\b/i;

/**
 * The command a question asks about ("what does login do?" → login), or undefined.
 *
 * @example
 * ```ts
 * commandAsked("what does login do?"); // "login"
 * ```
 */
export function commandAsked(text: string): Op | undefined {
  for (const re of ABOUT_COMMAND) {
    const m = re.exec(text.trim());
    const op = m ? topicWord(m[1]) : undefined;
    if (op) return op;
  }
  // "what is compare?": only a command's own name, never a word like "running".
  const bare = /^what(?:['’]s|\s+is)\s+(?:the\s+)?[`"']?\/?([a-z]+)[`"']?(?:\s+command)?\s*\??\s*$/i
    .exec(text.trim())?.[1].toLowerCase();
  return bare && topicWord(bare) === bare ? bare as Op : undefined;
}

/** Operations a help request turns into help ("help me log in" still links the account). */
const HELPED = new Set<Op>(["test", "compare", "cancel", "subscribe", "unsubscribe"]);

/**
 * True when the sentence asks for help, whichever operation its words name.
 *
 * @example
 * ```ts
 * asksHelp("can you help me run tests?", "test"); // true
 * ```
 */
export function asksHelp(text: string, op: Op): boolean {
  return HELPED.has(op) && HELP_WORDS.test(text);
}

/**
 * Why the sentence must not become `op`, or undefined when it may. `before` is the masked text
 * before the words that chose the operation.
 *
 * @example
 * ```ts
 * refusal("don't cancel 4411", "don't ", "cancel", "negation"); // "a negated request …"
 * ```
 */
export function refusal(
  text: string,
  before: string,
  op: Op,
  act: DialogueAct,
): string | undefined {
  // A github.com URL names a repository, not GitHub's own health ("why is <URL> so slow").
  if (SMALL_TALK.test(text.replace(/https?:\/\/\S+/gi, "URL"))) return "small talk, not a request";
  if (!ACTING.has(op)) {
    return act === "statement" && !/\?\s*$/.test(text) && !ASKS_AFTER.test(text)
      ? "a statement, not a request"
      : undefined;
  }
  if (DISMISS.test(text)) return "the request is withdrawn";
  if (NEGATED_UNSUB.test(text)) return "a negated request";
  if (NEGATED_BEFORE.test(before)) return "a negated request";
  if (act === "statement") return "a statement, not a request";
  if (WHEN_I.test(text) && !COMMAND_FIRST.test(text)) return "a complaint, not a request";
  return undefined;
}
