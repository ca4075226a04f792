/**
 * Natural language, read by ordered rules: the first rule whose pattern matches names the
 * operation, then extractors pull repositories, workflow files, `key:value` tokens, runtimes and
 * operating systems (matrix), refs, run counts and alert conditions out of the sentence. Every
 * answer says which rule fired, so a surprising result can be traced and fixed.
 *
 * @module
 */
import { commandSpec, type FieldKey, keyToField } from "./commands.ts";
import type { Implied } from "./grammar.ts";
import type { Op } from "./schema.ts";
import { tokenize } from "./tokenize.ts";
import { type Fields, isWorkflowPath, repoRef, setField, showValue, topicWord } from "./values.ts";

/** One operation rule: the first that matches wins. */
export interface NaturalRule {
  id: string;
  op: Op;
  pattern: RegExp;
}

const APOS = "['’]";
/** Words within one sentence: a dot only ends it when a space follows (`deploy.yml`, `3.12`). */
const GAP = String.raw`(?:[^.?!]|\.(?=\S))*`;

const RUNTIMES: Record<string, string> = {
  python: "python-version",
  py: "python-version",
  node: "node-version",
  "node.js": "node-version",
  nodejs: "node-version",
  go: "go-version",
  golang: "go-version",
  java: "java-version",
  jdk: "java-version",
  ruby: "ruby-version",
  deno: "deno-version",
};

const VER = String.raw`v?\d+(?:\.\d+)*(?:\.x)?`;
const SEP = String.raw`(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s*&\s*|\s+or\s+|\s*\/\s*)`;
const RUNTIME_RE = new RegExp(
  String
    .raw`\b(python|py|node\.js|nodejs|node|golang|go|java|jdk|ruby|deno)\s*(?:versions?\s*)?(${VER}(?:${SEP}(?:\1\s*)?${VER})*)(?!\.?\w)`,
  "gi",
);

/**
 * Account words stand alone: not inside a repository, path or file name (`acme/login-service`,
 * `login.yml`, `sso-login`), where a plain `\b` would see a word.
 */
const ALONE = String.raw`(?<![\w./:@#-])`;
const END = String.raw`(?![\w/@-]|\.\w)`;
/** `login`, `log-in`, `log in`, `log me in`. */
const ME = String.raw`(?:[ -]?|\s+me\s+)`;
/** `github`, `my github account`, `the account`: what linking names. */
const GITHUB_ACCOUNT = String
  .raw`\s+(?:(?:my|your|our|a|the)\s+)?(?:github(?:\s+account)?|account)`;

/** The rules, most specific first (stop-notifying before notify before cancel, …). */
export const NATURAL_RULES: readonly NaturalRule[] = [
  {
    id: "unsubscribe-stop-alerts",
    op: "unsubscribe",
    pattern: new RegExp(
      String
        .raw`\b(?:stop|don${APOS}?t|do not|no longer|quit)\b${GAP}\b(?:notif\w*|alert\w*|ping\w*|messag\w*|tell\w*|watch\w*)|\bunsubscribe\b|\bmute\b|\bunwatch\b`,
      "i",
    ),
  },
  {
    id: "subscribe-notify",
    op: "subscribe",
    pattern: new RegExp(
      String
        .raw`\b(?:notify|alert|ping|message)\b|\b(?:let|tell) (?:me|us|this channel)\b${GAP}\b(?:when|if)\b|\bsubscribe\b|\bwatch\b`,
      "i",
    ),
  },
  { id: "cancel-run", op: "cancel", pattern: /\b(?:cancel|abort|kill|stop)\b/i },
  {
    id: "status-running",
    op: "status",
    pattern: new RegExp(
      String
        .raw`\bwhat(?:${APOS}s| is)\s+(?:running|queued|happening|in progress)\b|\bstatus\b|\b(?:is|are)\s+(?:it|my|the|our)\b${GAP}\b(?:done|finished|still running|queued)\b|\bin progress\b`,
      "i",
    ),
  },
  {
    id: "migrate-shared",
    op: "migrate",
    pattern:
      /\bmigrat\w*|\b(?:reusable|shared) workflows?\b|\b(?:composite|shared) actions?\b|\bde-?dup\w*|\bduplicat\w*/i,
  },
  {
    id: "compare-refs",
    op: "compare",
    pattern: /\bcompare\b|\bversus\b|\bvs\.?\s|\bdifference between\b|\bbenchmark\w*/i,
  },
  {
    id: "optimize-speed",
    op: "optimize",
    pattern: new RegExp(
      String
        .raw`\bfaster\b|\bspeed\s*(?:it\s+)?up\b|\bquicker\b|\boptimi[sz]\w*|\bcheaper\b|\b(?:cut|reduce|lower|save)\b${GAP}\b(?:time|minutes|costs?|duration|bill)\b|\bcach(?:e|ing)\b`,
      "i",
    ),
  },
  {
    id: "analyze-why",
    op: "analyze",
    pattern: new RegExp(
      String
        .raw`\bwhy\b${GAP}\b(?:slow|fail\w*|broken|red|flaky|long|stuck|tim\w* out)\b|\banaly[sz]\w*|\baudit\b|\breview\b|\blint\b|\bwhat${APOS}?s wrong\b|\bflak(?:y|iness|es)\b|\binsecure\b|\bsecurity\b|\bproblems?\b|\bcheck\b`,
      "i",
    ),
  },
  {
    id: "test-run",
    op: "test",
    pattern: /\btests?\b|\btry\b|\brun\b|\bdispatch\b|\btrigger\b|\bkick off\b|\bre-?run\b/i,
  },
  {
    id: "test-runtime-versions",
    op: "test",
    pattern: new RegExp(RUNTIME_RE.source, "i"),
  },
  // After the CI rules ("test the login page" is a test), before help ("help me sign in").
  {
    id: "logout-unlink",
    op: "logout",
    pattern: new RegExp(
      String
        .raw`${ALONE}(?:(?:log|sign)${ME}(?:out|off)|unlink|disconnect${GITHUB_ACCOUNT})${END}`,
      "i",
    ),
  },
  {
    id: "login-link",
    op: "login",
    pattern: new RegExp(
      String
        .raw`${ALONE}(?:log${ME}in(?:to)?|sign${ME}(?:in|on)|(?:link|connect)${GITHUB_ACCOUNT})${END}`,
      "i",
    ),
  },
  {
    id: "help-ask",
    op: "help",
    pattern: /\bhelp\b|\bwhat can you do\b|\bhow do i use\b|\bcommands\b|\busage\b/i,
  },
];

/** What natural language understood. */
export interface NaturalIntent {
  op: Op;
  fields: Fields;
  explanation: string;
}

const OS_RE =
  /\b(ubuntu|linux|mac\s?os|macos|osx|mac|windows)\b(?:[\s-]+(\d{2,4}(?:\.\d+)?)(?!\s*(?:times|x\b|runs)))?/gi;

/** Words that look like refs or repositories in prose but never are. */
const NOT_REFS = new Set([
  "my",
  "the",
  "this",
  "that",
  "our",
  "it",
  "its",
  "ci",
  "workflow",
  "workflows",
  "branch",
  "build",
  "and/or",
  "ci/cd",
  "i/o",
  "n/a",
  "tcp/ip",
]);

const REF = String.raw`([A-Za-z0-9][\w./-]*)`;
// Not after '-' or '.': "my-branch on x" names no branch "on".
const BRANCH_AFTER = new RegExp(String.raw`(?<![\w.-])branch\s+${REF}`, "i");
const BRANCH_BEFORE = new RegExp(
  String.raw`\b(?:on|against|from|at|for)\s+(?:the\s+)?${REF}\s+branch\b`,
  "i",
);

/** Subscription event filters as people say them. */
const EVENTS: readonly [RegExp, string][] = [
  [/\bpull[ _-]?requests?\b|\bPRs?\b/i, "pull_request"],
  [/\bpush(?:es)?\b/i, "push"],
  [/\bschedul\w*|\bnightly\b|\bcron\b/i, "schedule"],
];

const COMPARE_RES = [
  new RegExp(
    String
      .raw`\bcompare\s+(?:the\s+)?${REF}\s+(?:and|with|to|against|vs\.?|versus)\s+(?:the\s+)?${REF}`,
    "i",
  ),
  new RegExp(String.raw`\bbetween\s+${REF}\s+and\s+${REF}`, "i"),
  new RegExp(String.raw`${REF}\s+(?:vs\.?|versus)\s+${REF}`, "i"),
];

/**
 * Reads a sentence. Returns undefined when no rule fired: extracted fields alone never decide
 * an operation (a typo'd verb must not silently become `test`).
 * Throws {@linkcode import("../errors.ts").CiError} (`bad_request`) for a bad `key:value`
 * inside the sentence (e.g. `runs:80` stays an error, not silently dropped).
 *
 * @example
 * ```ts
 * parseNatural("How can I make my CI faster?", { hard: false })?.op; // "optimize"
 * ```
 */
export function parseNatural(text: string, implied: Implied): NaturalIntent | undefined {
  const rule = NATURAL_RULES.find((r) => r.pattern.test(text));
  if (!rule) return undefined;
  const op = implied.hard && implied.op ? implied.op : rule.op;
  const found: Fields = {};
  const notes: [FieldKey, string][] = [];
  const take = (field: FieldKey, value: string, why: string) => {
    setField(found, field, value, op);
    notes.push([field, `${field} ${why}`]);
  };
  extractInto(text, op, take);
  const allowed = commandSpec(op).keys;
  const fields: Fields = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(found) as [FieldKey, never][]) {
    if (allowed.includes(key)) fields[key] = value;
    else ignored.push(key);
  }
  const kept = notes.filter(([field]) => allowed.includes(field)).map(([, note]) => note);
  const matched = JSON.stringify(rule.pattern.exec(text)![0].trim());
  const head = `natural language: rule '${rule.id}' matched ${matched} → ${rule.op}`;
  const overridden = rule.op !== op ? `; ${op} from the command word` : "";
  const read = kept.length > 0 ? `; read ${kept.join(", ")}` : "";
  const skipped = ignored.length > 0 ? `; ignored ${ignored.join(", ")} (not used by ${op})` : "";
  return { op, fields, explanation: head + overridden + read + skipped };
}

type Take = (field: FieldKey, value: string, why: string) => void;

function extractInto(text: string, op: Op, take: Take): void {
  const used = new Set<string>();
  const seen = new Set<FieldKey>();
  for (const token of tokenize(text)) {
    const kv = /^([A-Za-z][\w-]*)[:=]([\s\S]+)$/.exec(token.text);
    const field = kv && !token.quoted ? keyToField(kv[1], op) : undefined;
    if (kv && field) {
      take(field, kv[2], `from ${kv[1]}:`);
      used.add(token.text);
      seen.add(field);
    }
  }
  if (op === "compare") extractCompare(text, take, used);
  const words = text.split(" ").map((w) => w.replace(/^[("'“‘]+|[)"'”’.,;:!?]+$/g, ""));
  for (const word of words) {
    if (!word || used.has(word) || NOT_REFS.has(word.toLowerCase()) || /^\w+[:=]/.test(word)) {
      continue;
    }
    // Prose may hold several path-like words; the first of each kind is the one meant.
    if (isWorkflowPath(word)) {
      if (!seen.has("workflow")) take("workflow", word, showValue(word));
      seen.add("workflow");
    } else if (repoRef(word)) {
      if (!seen.has("repo")) take("repo", word, showValue(repoRef(word)!.repo));
      seen.add("repo");
    } else if (op === "help" && !seen.has("topic") && topicWord(word) && !/^help$/i.test(word)) {
      take("topic", word, showValue(word));
      seen.add("topic");
    }
  }
  extractMatrix(text, take);
  const runs = /\b(\d+)\s*(?:times|runs|x)\b|\bx\s*(\d+)\b/i.exec(text);
  if (runs) take("runs", runs[1] ?? runs[2], `${runs[1] ?? runs[2]}`);
  const ref = [BRANCH_AFTER, BRANCH_BEFORE].map((re) => re.exec(text)?.[1])
    .find((r) => r && !NOT_REFS.has(r.toLowerCase()) && !repoRef(r));
  if (ref && !seen.has(keyToField("ref", op)!)) take(keyToField("ref", op)!, ref, showValue(ref));
  if (op === "migrate") extractStrategy(text, take);
  if (op === "subscribe" || op === "unsubscribe") {
    extractAlert(text, take);
    const event = EVENTS.find(([re]) => re.test(text));
    if (event && !seen.has("event")) take("event", event[1], `from ${JSON.stringify(event[1])}`);
  }
  if (op === "cancel" || op === "status") {
    const id = /\b(?:job|run|build|id)\s*#?(\d+)\b|#(\d+)\b/i.exec(text) ??
      (op === "cancel" ? /\b(\d+)\b/.exec(text) : null);
    if (id) take("target", id[1] ?? id[2], showValue(id[1] ?? id[2]));
  }
}

function extractCompare(text: string, take: Take, used: Set<string>): void {
  for (const re of COMPARE_RES) {
    const m = re.exec(text);
    if (!m || NOT_REFS.has(m[1].toLowerCase()) || NOT_REFS.has(m[2].toLowerCase())) continue;
    take("baseline", m[1], showValue(m[1]));
    take("candidate", m[2], showValue(m[2]));
    used.add(m[1]).add(m[2]);
    return;
  }
}

function extractMatrix(text: string, take: Take): void {
  for (const m of text.matchAll(RUNTIME_RE)) {
    const dim = RUNTIMES[m[1].toLowerCase()];
    const versions = [...m[2].matchAll(new RegExp(VER, "g"))].map((v) => v[0].replace(/^v/, ""));
    if (dim === "go-version" && versions.some((v) => !v.includes("."))) continue;
    take("matrix", `${dim}=${versions.join(",")}`, `${m[1]} ${versions.join(", ")}`);
  }
  for (const m of text.matchAll(OS_RE)) {
    const word = m[1].toLowerCase().replace(/\s/g, "");
    const family = word === "linux" || word === "ubuntu"
      ? "ubuntu"
      : word === "windows"
      ? "windows"
      : "macos";
    const label = `${family}-${m[2] ?? "latest"}`;
    take("matrix", `os=${label}`, `os ${label}`);
  }
}

function extractStrategy(text: string, take: Take): void {
  const m = /\b(reusable|shared)\s+workflows?\b|\b(composite|shared)\s+actions?\b|\b(hybrid)\b/i
    .exec(text);
  if (!m) return;
  const strategy = m[1] ? "reusable" : m[2] ? "actions" : "hybrid";
  take("strategy", strategy, `from ${JSON.stringify(m[0])}`);
}

function extractAlert(text: string, take: Take): void {
  const m =
    /\b(fail\w*|breaks?|broken|(?:goes|turns) red)\b|\b(recover\w*|(?:is|gets) fixed|fixed|(?:goes|turns) green|back to green|passes again)\b|\b(finishes|completes|every run|always|each run)\b/i
      .exec(text);
  if (!m) return;
  const on = m[1] ? "failure" : m[2] ? "recovery" : "always";
  take("on", on, `from ${JSON.stringify(m[0])}`);
}
