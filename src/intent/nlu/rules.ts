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
  // Questions about the bot itself name a command as their topic, not as a request.
  {
    id: "help-how-to",
    op: "help",
    pattern:
      /^(?:is there a way to|what do (?:i|we) (?:type|write|say|enter) to|(?:which|what) (?:options|flags|arguments|args|keys|parameters|params) (?:does|do|can|will))\b|^(?!.*\bREPONAME\b)how (?:do|can|should|would) (?:i|we) (?:apply|accept|use|read|undo)\b.*\b(?:suggestions?|recommendations?)\b|\bdifference between (?:the )?(?:test|compare|analy[sz]e|optimi[sz]e|migrate|status|cancel|subscribe) (?:and|vs\.?) /i,
  },
  // Listing is read-only: "what are we subscribed to" is the list, never a new subscription.
  {
    id: "subscribe-list",
    op: "subscribe",
    pattern: new RegExp(
      String
        .raw`\b(?:list|show|which|what|who)\b${GAP}\bsubscri(?:bed|ptions?)\b|\bwhich repo\w*\b${GAP}\b(?:alerts?|notif\w*|post\w*)\b${GAP}\b(?:this|the|our) (?:channel|room)\b|^are we (?:following|watching|subscribed to)\b|\b(?:what|which) (?:alerts?|notif\w*)\b${GAP}\b(?:configured|set up|enabled|active|exist)\b`,
      "i",
    ),
  },
  // "connect my GitHub account so you can run things as me": the purpose is no run request.
  {
    id: "login-link-mine",
    op: "login",
    pattern: new RegExp(
      String.raw`${ALONE}(?:link|connect|hook up)\s+(?:my|our)\s+github(?:\s+account)?${END}`,
      "i",
    ),
  },
  {
    id: "optimize-apply",
    op: "optimize",
    pattern: /\bapply\s+(?:the\s+)?(?:suggestions?\s+|ids?\s+)?s[a-z0-9]*\d[a-z0-9-]*\b/i,
  },
  {
    id: "unsubscribe-stop-alerts",
    op: "unsubscribe",
    pattern: new RegExp(
      String
        .raw`\b(?:stop|don${APOS}?t|do not|no longer|quit|no more)\b${GAP}\b(?:notif\w*|alert\w*|ping\w*|messag\w*|tell\w*|watch\w*|post\w*|spam\w*|send\w*)|\b(?:stop|quit)\s+(?:follow|track)ing\b|\benough\b${GAP}\b(?:pings?|alerts?|notif\w*|messages?|spam)\b|\bunsub\w*|\bmute\b|\bunwatch\b|\bunfollow\b|\bsilence\b|\b(?:turn|switch) off\b${GAP}\b(?:alerts?|notif\w*|pings?|messages?)\b|\bdisable\b${GAP}\b(?:alerts?|notif\w*|pings?)\b|\b(?:get|take|move|pull)\b${GAP}\b(?:alerts?|notif\w*|pings?|messages?|posts?)\b${GAP}\b(?:out of|off of|away from) (?:here|this|the|our)\b|\b(?:remove|drop)\b${GAP}\b(?:alerts?|notif\w*)\b`,
      "i",
    ),
  },
  {
    id: "subscribe-notify",
    op: "subscribe",
    pattern: new RegExp(
      String
        .raw`\b(?:notify|alert|ping|message)\b|\b(?:let|tell|inform|warn) (?:me|us|this channel|the channel|this room|the team|everyone)\b${GAP}\b(?:when|whenever|if|once|as soon as)\b|\bsub(?:scribe)?\b|\bwatch\b|\bfollow\b|\bkeep (?:me|us|this channel|the team) (?:posted|updated|in the loop)\b|\b(?:give|send) (?:me|us) a heads[ -]up\b|\b(?:post|send|forward|pipe|drop|put)\b${GAP}\b(?:failures?|alerts?|results?|notifications?|breakages?|updates?)\b${GAP}\b(?:in here|here|(?:to |in )?this (?:channel|room|chat))\b|\byell\b|\b(?:get|have)\b${GAP}\b(?:failures?|alerts?|notif\w*|results?)\b${GAP}\b(?:posted|sent|pinged)\b${GAP}\b(?:here|this (?:channel|room|chat))\b|\b(?:post|say|drop a (?:note|line|message)|write)\b${GAP}\b(?:in here|here|(?:to |in )?this (?:channel|room|chat))\b${GAP}\b(?:every time|each time|whenever|when|once|if)\b`,
      "i",
    ),
  },
  // Opening with the verb, or asked politely, stopping a run is a request ("can we stop job
  // 6601? it's stuck"): read before the status words its reason holds; as cancel-run below.
  {
    id: "cancel-run",
    op: "cancel",
    pattern:
      /^(?:(?:hey|ok|okay)[,\s]+)*(?:(?:please|pls|plz)[,\s]+(?:(?:can|could|would|will) (?:we|you|u) )?|(?:can|could|would|will) (?:we|you|u) (?:please )?)?(?:stop|cancel|abort|kill|terminate|nuke)\b/i,
  },
  {
    id: "status-progress",
    op: "status",
    pattern: new RegExp(
      String
        .raw`\bhow${APOS}?s?\b${GAP}\b(?:going|doing)\b|\bhow (?:is|are|far)\b${GAP}\b(?:run|job|build|test)s?\b|\bwhere (?:is|are)\b${GAP}\b(?:run|job|build)s?\b|\b(?:did|has|have)\b${GAP}\b(?:finish\w*|complet\w*|pass\w*|fail\w*|end\w*|done)\b|\bany\b${GAP}\b(?:running|queued|in flight)\b|\bprogress\b|\bstill running\b|\bwhat happened to\b|\bmake it through\b|\b(?:state|outcome|result) of\b|\b(?:the|in|on) queue\b|\bstuck\b|(?<!health )\bcheck on\b|\beta\b|\bhow much longer\b|\bhow long (?:until|till|before|is left)\b|^\W*(?:is|has|did|was|where is|where${APOS}s)\s+(?:(?:job|run|build)\s+)?(?:JOBID|#?\d{2,})\b|\b(?:news|updates?) on\b|\b(?:going on|up) with (?:run|job|build) (?:JOBID|#?\d+)\b`,
      "i",
    ),
  },
  {
    id: "cancel-run",
    op: "cancel",
    pattern:
      /\b(?:cancel|abort|kill|stop|nuke|scrap|terminate)\b|\bend (?:the )?(?:job|run|build)\b/i,
  },
  // A sentence that opens with a run verb asks for a run, whatever complaint follows.
  {
    id: "test-imperative",
    op: "test",
    pattern:
      /^(?:(?:please|pls|hey|ok|okay)[,\s]+)*(?:re-?run|run|kick(?: off)?|fire(?: off| up|(?= (?:REPONAME|WORKFLOWFILE|ci|the (?:tests|suite|build|pipeline|workflow))\b))|trigger|dispatch)\b(?! (?:faster|quicker|slow))|^(?:(?:would|do) (?:you|u) )?mind (?:re-?running|running|kicking|triggering|testing)\b/i,
  },
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
      /\bmigrat\w*|\b(?:reusable|shared) workflows?\b|\b(?:composite|shared) actions?\b|\bde-?dup\w*|\bduplicat\w*|\b(?:convert|port|move)\b.*\b(?:gitlab|jenkins|circle\s?ci|travis|actions)\b|\b(?:off|from) (?:gitlab|jenkins|circleci|travis)\b|\bstandardi[sz]\w*|\bjenkinsfile\b|\bport\s+(?:REPONAME|(?:the|our|my)\s+(?:\w+\s+)?(?:jenkins\w*|gitlab\w*|pipelines?|configs?))|\bcopy[- ]?past\w*|\bshare (?:one|a single|the same) workflow\b/i,
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
        .raw`\bfaster\b|\bspeed\s*(?:it\s+)?up\b|\bquicker\b|\boptimi[sz]\w*|\bcheaper\b|\bunder (?:\d+|five|ten|fifteen|twenty|thirty)\s*(?:min|minutes|m|s|sec|seconds)\b|\bshave\b|\b(?:cut|reduce|lower|save)\b${GAP}\b(?:time|minutes|costs?|duration|bill)\b|\btakes? less time\b|\bcach(?:e|ing)\b|\bin parallel\b|\bparalleli[sz]\w*|\bsooner\b|\bquick wins?\b|\bfor speed\b|\btune\b|\bshorten\w*|\bstreamlin\w*|\bleaner\b|\btrim\b`,
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
      /\btest(?:s|ing|ed)?\b|\btry\b|\brun\b|\bdispatch\b|\btrigger\b|\bkick(?: off)?\b|\bre-?run\b/i,
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
        .raw`${ALONE}(?:(?:log|sign)${ME}(?:out|off)|unlink|disconnect${GITHUB_ACCOUNT}|forget my (?:github )?(?:token|account|credentials|login)|revoke\b${GAP}\baccess)${END}`,
      "i",
    ),
  },
  {
    id: "login-link",
    op: "login",
    pattern: new RegExp(
      String
        .raw`${ALONE}(?:log${ME}in(?:to)?|sign${ME}(?:in|on)|(?:link|connect)${GITHUB_ACCOUNT}|(?:authenticate|authori[sz]e) me)${END}`,
      "i",
    ),
  },
  {
    id: "use-default",
    op: "use",
    pattern:
      /\bdefault (?:repo|repository)\b|\b(?:our|the|as) default\s*$|\bswitch (?:this channel|the channel|us|here) to\b/i,
  },
  {
    id: "help-ask",
    op: "help",
    pattern:
      /\bhelp\b|\bwhat (?:can|could) (?:you|this bot|the bot|it) do\b|\bwhat are you (?:able to do|good for)\b|\bhow do i use\b|\bcommands\b|\busage\b/i,
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
