/**
 * The operation rules of the natural-language stage, most specific first. They run on the
 * sentence with its names masked out (repositories, workflow files, refs, URLs, ids), so a
 * keyword inside a name ("fix/flaky-login", "login-service") never decides the operation.
 *
 * @module
 */
import { COMMANDS } from "../commands.ts";
import type { Op } from "../schema.ts";

/** One operation rule: the first that matches wins. */
export interface NaturalRule {
  id: string;
  op: Op;
  pattern: RegExp;
}

export const APOS = "['’]";
/** Words within one sentence: a dot only ends it when a space follows (`deploy.yml`, `3.12`). */
export const GAP = String.raw`(?:[^.?!]|\.(?=\S))*`;

export const RUNTIMES: Record<string, string> = {
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

export const VER = String.raw`v?\d+(?:\.\d+)*(?:\.x)?`;
/** Between versions: lists ("18, 20 and 22", "18 20 22") and ranges ("3.10 through 3.12"). */
export const SEP = String
  .raw`(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s*&\s*|\s+or\s+|\s*\/\s*|\s*\+\s*|\s+(?:through|thru|(?:up\s+)?to|until)\s+|\s*(?:-|–|\.\.)\s*|\s+)`;
export const RUNTIME_RE = new RegExp(
  String
    .raw`\b(python|py|node\.js|nodejs|node|golang|go|java|jdk|ruby|deno)\s*(?:versions?\s*)?(?:from\s+)?(${VER}(?:${SEP}(?:\1\s*)?${VER})*)(?!\.?\w)`,
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

/**
 * The rules, most specific first (stop-notifying before notify before cancel, …).
 *
 * @example
 * ```ts
 * NATURAL_RULES.find((r) => r.pattern.test("mute REPONAME alerts"))?.op; // "unsubscribe"
 * ```
 */
export const NATURAL_RULES: readonly NaturalRule[] = [
  {
    id: "unsubscribe-stop-alerts",
    op: "unsubscribe",
    pattern: new RegExp(
      String
        .raw`\b(?:stop|don${APOS}?t|do not|no longer|quit|no more)\b${GAP}\b(?:notif\w*|alert\w*|ping\w*|messag\w*|tell\w*|watch\w*|post\w*|spam\w*|send\w*)|\bunsub\w*|\bmute\b|\bunwatch\b|\bunfollow\b|\bsilence\b`,
      "i",
    ),
  },
  {
    id: "subscribe-notify",
    op: "subscribe",
    pattern: new RegExp(
      String
        .raw`\b(?:notify|alert|ping|message)\b|\b(?:let|tell|inform|warn) (?:me|us|this channel|the channel|this room|the team|everyone)\b${GAP}\b(?:when|whenever|if|once|as soon as)\b|\bsub(?:scribe)?\b|\bwatch\b|\bfollow\b|\bkeep (?:me|us|this channel|the team) (?:posted|updated|in the loop)\b|\b(?:give|send) (?:me|us) a heads[ -]up\b`,
      "i",
    ),
  },
  {
    id: "status-progress",
    op: "status",
    pattern: new RegExp(
      String
        .raw`\bhow${APOS}?s?\b${GAP}\bgoing\b|\bhow (?:is|are|far)\b${GAP}\b(?:run|job|build|test)s?\b|\bwhere (?:is|are)\b${GAP}\b(?:run|job|build)s?\b|\b(?:did|has|have)\b${GAP}\b(?:finish\w*|complet\w*|pass\w*|fail\w*|end\w*|done)\b|\bany\b${GAP}\b(?:running|queued|in flight)\b|\bprogress\b|\bstill running\b`,
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
      /\bmigrat\w*|\b(?:reusable|shared) workflows?\b|\b(?:composite|shared) actions?\b|\bde-?dup\w*|\bduplicat\w*|\b(?:convert|port|move)\b.*\b(?:gitlab|jenkins|circle\s?ci|travis|actions)\b|\b(?:off|from) (?:gitlab|jenkins|circleci|travis)\b|\bstandardi[sz]\w*/i,
  },
  {
    id: "compare-refs",
    op: "compare",
    pattern: /\bcompar\w*|\bversus\b|\bvs\.?\s|\bdifference between\b|\bbenchmark\w*|\ba\/b\b/i,
  },
  {
    id: "optimize-speed",
    op: "optimize",
    pattern: new RegExp(
      String
        .raw`\bfaster\b|\bspeed\s*(?:it\s+)?up\b|\bquicker\b|\boptimi[sz]\w*|\bcheaper\b|\bunder \d+\s*(?:min|minutes|m|s|sec|seconds)\b|\bshave\b|\b(?:cut|reduce|lower|save)\b${GAP}\b(?:time|minutes|costs?|duration|bill)\b|\bcach(?:e|ing)\b`,
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
    pattern:
      /\btest(?:s|ing|ed)?\b|\btry\b|\brun\b|\bdispatch\b|\btrigger\b|\bkick off\b|\bre-?run\b/i,
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

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/**
 * Last resort: any spelling from the command table standing alone ("please diff acme/app").
 * Names are masked before rules run, so a spelling inside a name never counts.
 *
 * @example
 * ```ts
 * COMMAND_WORD_RULES.find((r) => r.pattern.test("please diff REPONAME"))?.op; // "compare"
 * ```
 */
export const COMMAND_WORD_RULES: readonly NaturalRule[] = [
  ...COMMANDS
    // Ordinary verbs ("should we use actions/cache?") and personal ops never come from a bare word.
    .filter((c) => !["help", "login", "logout", "use"].includes(c.name))
    .map((c) => ({
      id: `command-word-${c.name}`,
      op: c.name,
      pattern: new RegExp(
        String.raw`(?<![\w/.-])(?:${[c.name, ...c.aliases].map(escape).join("|")})(?![\w/.-])`,
        "i",
      ),
    })),
  // `use` is an everyday verb: only "use <owner/repo>" (a request, not "should we use …?").
  { id: "command-word-use", op: "use", pattern: /^(?:please\s+|pls\s+)?use\s+REPONAME\b/i },
];
