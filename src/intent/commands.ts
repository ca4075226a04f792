/**
 * The command table: the single source the parser (verbs, keys, suggestions), the help text
 * and every surface's command registration (Slack manifest, Discord commands) read from.
 *
 * Decisions recorded here so help and parser cannot drift apart:
 * - `run`, `dispatch` and `trigger` are aliases of `test` (they only ever mean "dispatch the
 *   workflow"); `analyse`/`optimise` are the British spellings; `stop`/`abort` mean `cancel`;
 *   `watch`/`notify` mean `subscribe`; `unwatch`/`mute` mean `unsubscribe`.
 * - `login`/`logout` link and unlink the person's GitHub account; `signin`, `sign-in`, `log-in`
 *   and `signout`, `sign-out`, `log-out`, `unlink` are their spellings as one word (two-word
 *   phrasings such as `log in` or `connect my github account` are natural language).
 * - `use owner/repo` sets the conversation's default repository (`use` alone shows it); it has
 *   no aliases, so no other word can set it.
 * - `subscriptions` (and `subscribe list`) lists this conversation's alerts: it is `subscribe`
 *   with `target: "list"`, a read-only listing that takes no keys.
 * - `branch:` is the Intent field `branch` for subscribe/unsubscribe (a filter on runs); for
 *   every other operation it is an alias of `ref` (what to check out or read). Likewise `ref:`
 *   on subscribe/unsubscribe fills `branch`.
 * - `inputs:` is repeatable; one value may hold several pairs separated by commas
 *   (`inputs:a=1,b=2`); a part without `=` belongs to the previous value
 *   (`inputs:tags=x,y` is `{tags: "x,y"}`). JSON objects work too.
 *
 * @module
 */
import type { Op } from "./schema.ts";

/** Intent fields a user can set with `key:value` (everything but `op`). */
export const FIELD_KEYS = [
  "repo",
  "workflow",
  "ref",
  "matrix",
  "inputs",
  "runs",
  "warmup",
  "baseline",
  "candidate",
  "strategy",
  "target",
  "apply",
  "on",
  "branch",
  "event",
  "topic",
] as const;

/** One settable Intent field. */
export type FieldKey = typeof FIELD_KEYS[number];

/** How one key is written and explained. */
export interface KeySpec {
  name: FieldKey;
  /** Other spellings accepted as `alias:value` or `--alias value`. */
  aliases: readonly string[];
  /** gh-style one-letter flags (`-R acme/app`). */
  short: readonly string[];
  description: string;
  example: string;
}

/** Every key, in the order help lists them and `intentToCommand` prints them. */
export const KEYS: readonly KeySpec[] = [
  {
    name: "repo",
    aliases: ["repository"],
    short: ["R"],
    description: "the GitHub repository, owner/name (a positional owner/name works too)",
    example: "repo:acme/app",
  },
  {
    name: "workflow",
    aliases: ["wf", "file"],
    short: ["w"],
    description: "a workflow file name or path (positional *.yml works too)",
    example: "workflow:ci.yml",
  },
  {
    name: "ref",
    aliases: ["sha", "commit"],
    short: ["r"],
    description: "branch, tag or SHA to use; `branch:` means the same outside subscriptions",
    example: "ref:main",
  },
  {
    name: "matrix",
    aliases: [],
    short: ["m"],
    description: "a preset name, `dim=a,b;dim2=c` or a JSON object of lists",
    example: "matrix:python-version=3.11,3.12",
  },
  {
    name: "inputs",
    aliases: ["input", "field", "raw-field"],
    short: ["f", "F"],
    description: "workflow_dispatch inputs, `key=value` (repeatable, or `a=1,b=2`, or JSON)",
    example: "inputs:debug=true",
  },
  {
    name: "runs",
    aliases: ["repeat", "times"],
    short: ["n"],
    description: "how many times to run, 1–50",
    example: "runs:5",
  },
  {
    name: "warmup",
    aliases: ["warm-up", "warmups"],
    short: [],
    description: "compare: warm-up runs per side, dispatched first and left out, 0–5",
    example: "warmup:1",
  },
  {
    name: "baseline",
    aliases: ["base", "from"],
    short: [],
    description: "the ref to compare against",
    example: "baseline:main",
  },
  {
    name: "candidate",
    aliases: ["head", "to"],
    short: [],
    description: "the ref being evaluated",
    example: "candidate:my-branch",
  },
  {
    name: "strategy",
    aliases: [],
    short: [],
    description: "migration style: reusable (workflows), actions (composite actions) or hybrid",
    example: "strategy:reusable",
  },
  {
    name: "target",
    aliases: ["job", "id", "run"],
    short: [],
    description: "the workflow file, job or run id to act on",
    example: "target:build",
  },
  {
    name: "apply",
    aliases: [],
    short: [],
    description: "optimize/migrate: preview the pull request (`apply IDS`, `apply`); " +
      "`apply:IDS@HASH` confirms it, as the Confirm button does",
    example: "apply:s1a2b3,s4c5d6",
  },
  {
    name: "on",
    aliases: ["when", "alert"],
    short: [],
    description: "when a subscription alerts: failure, recovery or always",
    example: "on:failure",
  },
  {
    name: "branch",
    aliases: [],
    short: ["b"],
    description: "subscriptions: only runs on this branch (elsewhere an alias of ref)",
    example: "branch:main",
  },
  {
    name: "event",
    aliases: ["trigger-event"],
    short: ["e"],
    description: "subscriptions: only runs triggered by this event (push, pull_request, …)",
    example: "event:push",
  },
  {
    name: "topic",
    aliases: [],
    short: [],
    description: "help: the command to explain",
    example: "help compare",
  },
];

/** One row of the command table. */
export interface CommandSpec {
  name: Op;
  aliases: readonly string[];
  summary: string;
  usage: string;
  /** Keys this operation reads; any other key is an error naming the accepted ones. */
  keys: readonly FieldKey[];
  /** Complete commands; the first two are what an "unsupported" reply offers. */
  examples: readonly string[];
}

/** The command table, in the order help lists it. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "analyze",
    aliases: ["analyse", "check", "lint", "audit"],
    summary: "Check workflows for slow, unsafe or flaky patterns and explain each finding",
    usage: "analyze [owner/repo] [workflow.yml] [ref:REF]",
    keys: ["repo", "workflow", "ref"],
    examples: ["analyze repo:acme/app", "analyze acme/app workflow:ci.yml"],
  },
  {
    name: "test",
    aliases: ["run", "dispatch", "trigger"],
    summary: "Dispatch a workflow, optionally across a matrix and several runs, and report results",
    usage: "test [owner/repo] [workflow.yml] [ref:REF] [matrix:…] [inputs:k=v] [runs:N]",
    keys: ["repo", "workflow", "ref", "matrix", "inputs", "runs"],
    examples: [
      "test acme/app ci.yml matrix:python-version=3.11,3.12",
      "test repo:acme/app workflow:ci.yml ref:main runs:3",
    ],
  },
  {
    name: "compare",
    aliases: ["diff", "benchmark"],
    summary: "Run a workflow on two refs and compare duration, failures and flakiness",
    usage: "compare BASELINE CANDIDATE [owner/repo] [workflow.yml] [runs:N]",
    keys: ["repo", "workflow", "ref", "baseline", "candidate", "runs", "warmup", "inputs"],
    examples: [
      "compare main my-branch repo:acme/app",
      "compare baseline:main candidate:perf-cache acme/app ci.yml runs:5",
    ],
  },
  {
    name: "migrate",
    aliases: ["migration", "refactor"],
    summary:
      "Propose a pull request that moves duplicated steps into reusable workflows or actions",
    usage: "migrate [owner/repo] [workflow.yml] [strategy:reusable|actions|hybrid] " +
      "[target:CATALOG] [apply]",
    keys: ["repo", "workflow", "ref", "strategy", "target", "apply"],
    examples: [
      "migrate acme/app strategy:reusable",
      "migrate repo:acme/app strategy:actions",
      "migrate acme/app strategy:actions apply",
    ],
  },
  {
    name: "optimize",
    aliases: ["optimise", "speedup", "speed-up"],
    summary: "Suggest caching, concurrency and job-splitting changes that make CI faster",
    usage: "optimize [owner/repo] [workflow.yml] [ref:REF] | optimize apply ID,…",
    keys: ["repo", "workflow", "ref", "target", "apply"],
    examples: [
      "optimize repo:acme/app",
      "optimize acme/app workflow:ci.yml target:build",
      "optimize acme/app apply s1a2b3,s4c5d6",
    ],
  },
  {
    name: "status",
    aliases: ["running", "ps", "jobs"],
    summary: "Show what is queued or running, or one job's progress",
    usage: "status [owner/repo] [workflow.yml] [target:ID]",
    keys: ["repo", "workflow", "target"],
    examples: ["status", "status repo:acme/app"],
  },
  {
    name: "cancel",
    aliases: ["stop", "abort", "kill"],
    summary: "Cancel a running job or workflow run",
    usage: "cancel ID [owner/repo]",
    keys: ["repo", "target"],
    examples: ["cancel 12", "cancel target:12 repo:acme/app"],
  },
  {
    name: "subscribe",
    aliases: ["watch", "notify", "follow"],
    summary: "Alert this channel when a repository's CI fails, recovers, or always",
    usage: "subscribe owner/repo [on:failure|recovery|always] [branch:B] [event:E] [workflow.yml]",
    keys: ["repo", "workflow", "on", "branch", "event"],
    examples: ["subscribe acme/app on:failure", "subscribe repo:acme/app on:recovery branch:main"],
  },
  {
    name: "unsubscribe",
    aliases: ["unwatch", "mute", "unfollow"],
    summary: "Stop alerts for a repository in this channel",
    usage: "unsubscribe owner/repo [workflow.yml] [branch:B] [event:E]",
    keys: ["repo", "workflow", "on", "branch", "event"],
    examples: ["unsubscribe acme/app", "unsubscribe repo:acme/app branch:main"],
  },
  {
    name: "help",
    aliases: ["usage", "commands", "?"],
    summary: "Show these commands, or the details of one",
    usage: "help [command]",
    keys: ["topic"],
    examples: ["help", "help compare"],
  },
  {
    name: "login",
    aliases: ["signin", "sign-in", "log-in"],
    summary: "Link your GitHub account, so ci-orchestrator acts with what you may do on GitHub",
    usage: "login",
    keys: [],
    examples: ["login", "sign in"],
  },
  {
    name: "logout",
    aliases: ["signout", "sign-out", "log-out", "unlink"],
    summary: "Unlink your GitHub account and revoke the token ci-orchestrator held",
    usage: "logout",
    keys: [],
    examples: ["logout", "sign out"],
  },
  {
    name: "use",
    aliases: [],
    summary: "Set this conversation's default repository, or show it",
    usage: "use [owner/repo]",
    keys: ["repo"],
    examples: ["use acme/app", "use"],
  },
];

/** Words that name an operation with a fixed target (`subscriptions` → subscribe, list). */
export const PRESET_VERBS: Readonly<Record<string, { op: Op; target: string }>> = {
  subscriptions: { op: "subscribe", target: "list" },
};

/**
 * The operation and target a preset word names, case-insensitively.
 *
 * @example
 * ```ts
 * presetVerb("Subscriptions"); // { op: "subscribe", target: "list" }
 * presetVerb("subscribe"); // undefined
 * ```
 */
export function presetVerb(word: string): { op: Op; target: string } | undefined {
  return Object.hasOwn(PRESET_VERBS, word.toLowerCase())
    ? PRESET_VERBS[word.toLowerCase()]
    : undefined;
}

/** A chat command word (`/ci-compare`) and the operation it implies. */
export interface SlashCommand {
  /** As typed in Slack, with the slash. */
  command: `/${string}`;
  /** As registered in Discord (no slash allowed). */
  name: string;
  /** Implied operation; `undefined` means the verb comes next (default test, or help). */
  op?: Op;
  /** ≤ 100 characters (Discord's limit). */
  description: string;
  /** Slack's usage hint. */
  usageHint: string;
}

/** Every slash command any surface registers. */
export const SLASH_COMMANDS: readonly SlashCommand[] = [
  {
    command: "/ci-test",
    name: "ci-test",
    description: "Drive CI from chat: test, compare, migrate, analyze, optimize, status, help",
    usageHint: "analyze acme/app | test acme/app ci.yml matrix:full | help",
  },
  ...(["compare", "migrate", "analyze", "optimize"] as const).map((op): SlashCommand => {
    const spec = commandSpec(op);
    return {
      command: `/ci-${op}`,
      name: `ci-${op}`,
      op,
      description: spec.summary.slice(0, 100),
      usageHint: spec.usage.replace(/^\S+\s*/, ""),
    };
  }),
];

/** Prefix words that only address the bot (gateway and mentions); the verb follows. */
export const MENTION_WORDS = ["!ci-test", "@ci-orchestrator"] as const;

/**
 * The table row of an operation.
 *
 * @example
 * ```ts
 * commandSpec("compare").keys; // ["repo", "workflow", "baseline", …]
 * ```
 */
export function commandSpec(op: Op): CommandSpec {
  const spec = COMMANDS.find((c) => c.name === op);
  if (!spec) throw new Error(`command table has no row for ${op}`);
  return spec;
}

/**
 * The operation a verb or alias names, case-insensitively.
 *
 * @example
 * ```ts
 * verbToOp("Analyse"); // "analyze"
 * verbToOp("deploy"); // undefined
 * ```
 */
export function verbToOp(word: string): Op | undefined {
  const w = word.toLowerCase();
  return COMMANDS.find((c) => c.name === w || c.aliases.includes(w))?.name;
}

/**
 * The field a key, alias or flag name names for an operation (`branch` depends on the op).
 *
 * @example
 * ```ts
 * keyToField("wf", "test"); // "workflow"
 * keyToField("branch", "test"); // "ref"
 * keyToField("branch", "subscribe"); // "branch"
 * ```
 */
export function keyToField(key: string, op: Op | undefined): FieldKey | undefined {
  const k = key.toLowerCase();
  const spec = KEYS.find((s) => s.name === k || s.aliases.includes(k));
  if (!spec) return undefined;
  const subscription = op === "subscribe" || op === "unsubscribe";
  if (spec.name === "branch" && !subscription) return "ref";
  if (spec.name === "ref" && subscription) return "branch";
  return spec.name;
}

/**
 * The key a one-letter gh-style flag names (`-R` → repo).
 *
 * @example
 * ```ts
 * shortFlagToKey("R"); // "repo"
 * ```
 */
export function shortFlagToKey(letter: string): FieldKey | undefined {
  return KEYS.find((s) => s.short.includes(letter))?.name;
}

/** Every spelling of every key, for "did you mean" on unknown keys. */
export const ALL_KEY_SPELLINGS: readonly string[] = KEYS.flatMap((k) => [k.name, ...k.aliases]);

/** Every spelling of every verb, for "did you mean" on unknown commands. */
export const ALL_VERB_SPELLINGS: readonly string[] = COMMANDS.flatMap((c) => [
  c.name,
  ...c.aliases,
]);
