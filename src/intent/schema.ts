/**
 * The Intent: what every surface compiles user text into. Field names are a public contract
 * (see ARCHITECTURE.md): `cli parse` prints them, tests and MCP tool arguments use them.
 *
 * @module
 */
import { z } from "zod";

/** Every operation the command language can name. */
export const OPS = [
  "test",
  "compare",
  "migrate",
  "analyze",
  "optimize",
  "help",
  "status",
  "cancel",
  "subscribe",
  "unsubscribe",
  "login",
  "logout",
  "use",
] as const;

/** One operation name. */
export const OpSchema = z.enum(OPS);
/** One operation name. */
export type Op = z.infer<typeof OpSchema>;

/**
 * `owner/name` as GitHub accepts them: an owner of 1–39 letters, digits and single inner
 * hyphens; a name of 1–100 letters, digits, `.`, `_` and `-` that is not `.` or `..` (those
 * would turn `/repos/{owner}/{name}/…` into another API path).
 */
export const RepoSchema = z.string().regex(
  /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/,
  "a repository is written owner/name, e.g. acme/app (owner: 1–39 letters, digits or single " +
    "inner hyphens; name: up to 100 letters, digits, '.', '_' or '-', not '.' or '..')",
);

/**
 * Characters that make text look different from what it is: controls (`Cc`), format characters
 * (`Cf`: zero-width characters, bidirectional overrides and isolates, the byte-order mark, the
 * soft hyphen) and line/paragraph separators.
 */
export const UNSAFE_CHARS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * A free text field without surrounding white space (refused, not trimmed, so every reader
 * sees the same value) and without {@linkcode UNSAFE_CHARS}.
 *
 * @example
 * ```ts
 * cleanText(255).safeParse(" main").success; // false
 * ```
 */
export function cleanText(max: number) {
  return z.string().min(1).max(max)
    .refine(
      (s) => !UNSAFE_CHARS.test(s),
      "must not contain control, zero-width or bidirectional characters",
    )
    .refine((s) => s === s.trim(), "must not start or end with white space");
}

/**
 * A workflow file name or path. A `.` or `..` segment never names a workflow, and in
 * `/actions/workflows/{file}` it would name another API path.
 */
export const WorkflowSchema = cleanText(255).refine(
  (s) => s !== "." && !s.split("/").includes(".."),
  "must be a workflow file name or path without '..' segments, e.g. ci.yml",
);

/** A suggestion id as `optimize` lists them (`s1a2b3`). */
export const ApplyIdSchema = z.string().regex(
  /^[a-z0-9][a-z0-9-]{0,63}$/,
  "a suggestion id is lower-case letters, digits and '-', e.g. s1a2b3",
);

/** Short SHA-256 of the files a confirmation was shown for. */
export const ContentHashSchema = z.string().regex(
  /^[0-9a-f]{6,64}$/,
  "a content hash is 6–64 lower-case hex digits",
);

/** At most this many suggestions are applied at once. */
export const MAX_SUGGESTION_IDS = 50;

const ApplyIdsSchema = z.array(ApplyIdSchema).min(1).max(MAX_SUGGESTION_IDS);

/**
 * The apply step of `optimize` and `migrate`: `preview` shows the pull request it would open,
 * `confirm` opens it, bound by `hash` to the files' contents the preview showed. `ids` are the
 * `optimize` suggestions (absent for `migrate`). The policy and the operations read only this
 * value: no other field can ask for a pull request.
 *
 * @example
 * ```ts
 * ApplySchema.parse({ step: "confirm", ids: ["s1a2b3"], hash: "3fa9c2e1d0aa" });
 * ```
 */
export const ApplySchema = z.discriminatedUnion("step", [
  z.object({ step: z.literal("preview"), ids: ApplyIdsSchema.optional() }).strict(),
  z.object({
    step: z.literal("confirm"),
    hash: ContentHashSchema,
    ids: ApplyIdsSchema.optional(),
  }).strict(),
]);
/** The apply step. */
export type Apply = z.infer<typeof ApplySchema>;

/**
 * `target`: a workflow file, job, job id or catalog. Never an apply step: that is `apply`, and
 * a target that reads like one is refused rather than guessed at.
 */
export const TargetSchema = cleanText(255).refine(
  (s) => !/^apply/i.test(s),
  "names an apply step, which target cannot carry: write `optimize apply s1,s2` (tool argument " +
    '`apply: {"step": "preview", "ids": ["s1", "s2"]}`) or `migrate … apply`',
);

/** A named preset (`full`) or explicit dimensions (`{"python-version": ["3.11","3.12"]}`). */
export const MatrixSchema = z.union([
  z.string().min(1).max(100),
  z.record(z.string().min(1).max(100), z.array(z.string().max(200)).min(1).max(256)),
]);
/** A matrix as written by the user. */
export type Matrix = z.infer<typeof MatrixSchema>;

/** Migration strategies. */
export const StrategySchema = z.enum(["reusable", "actions", "hybrid"]);

/** When a subscription alerts. */
export const AlertOnSchema = z.enum(["failure", "recovery", "always"]);

/**
 * The typed intent. Every field but `op` is absent when the user did not give it.
 *
 * @example
 * ```ts
 * IntentSchema.parse({ op: "analyze", repo: "acme/app" });
 * ```
 */
export const IntentSchema = z.object({
  op: OpSchema,
  repo: RepoSchema.optional(),
  workflow: WorkflowSchema.optional(),
  ref: cleanText(255).optional(),
  matrix: MatrixSchema.optional(),
  inputs: z.record(cleanText(100), z.string().max(1000)).optional(),
  runs: z.number().int().min(1).max(50).optional(),
  /** Active compare: warm-up runs per side, dispatched first and left out of the statistics. */
  warmup: z.number().int().min(0).max(5).optional(),
  baseline: cleanText(255).optional(),
  candidate: cleanText(255).optional(),
  strategy: StrategySchema.optional(),
  target: TargetSchema.optional(),
  /** `optimize`/`migrate`: preview or confirm the pull request (see {@linkcode ApplySchema}). */
  apply: ApplySchema.optional(),
  /** Subscriptions: which outcomes alert. */
  on: AlertOnSchema.optional(),
  /** Subscriptions: only runs on this branch. */
  branch: cleanText(255).optional(),
  /** Subscriptions: only runs triggered by this event. */
  event: cleanText(100).optional(),
  /** `help <topic>`: the operation to explain. */
  topic: OpSchema.optional(),
}).strict();

/** The typed intent. */
export type Intent = z.infer<typeof IntentSchema>;

/** How an intent was understood, so replies can explain themselves. */
export const IntentSourceSchema = z.enum(["grammar", "natural", "model"]);

/**
 * The parser's answer: an intent, or an explicit "unsupported" variant carrying what to try.
 *
 * @example
 * ```ts
 * const r: ParseResult = { kind: "unsupported", error: "…", hint: "…", suggestions: [], examples: [] };
 * ```
 */
export const ParseResultSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("intent"),
    intent: IntentSchema,
    source: IntentSourceSchema,
    /** One line on how the text was read, e.g. "natural language: 'faster' → optimize". */
    explanation: z.string(),
    /** How sure the reader is, in [0, 1]: 1 for the grammar, lower for natural language. */
    confidence: z.number().min(0).max(1).optional(),
  }),
  z.object({
    kind: z.literal("unsupported"),
    /** What could not be understood, quoting the offending part. */
    error: z.string(),
    /** What to do instead. */
    hint: z.string(),
    /** The closest commands (e.g. `/ci-test analyze`). */
    suggestions: z.array(z.string()),
    /** Two complete example commands. */
    examples: z.array(z.string()),
  }),
]);

/** The parser's answer. */
export type ParseResult = z.infer<typeof ParseResultSchema>;
