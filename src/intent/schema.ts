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
] as const;

/** One operation name. */
export const OpSchema = z.enum(OPS);
/** One operation name. */
export type Op = z.infer<typeof OpSchema>;

/** `owner/name`, as GitHub spells repositories. */
export const RepoSchema = z.string().regex(
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/,
  "a repository is written owner/name, e.g. acme/app",
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
  workflow: z.string().min(1).max(255).optional(),
  ref: z.string().min(1).max(255).optional(),
  matrix: MatrixSchema.optional(),
  inputs: z.record(z.string().min(1).max(100), z.string().max(1000)).optional(),
  runs: z.number().int().min(1).max(50).optional(),
  /** Active compare: warm-up runs per side, dispatched first and left out of the statistics. */
  warmup: z.number().int().min(0).max(5).optional(),
  baseline: z.string().min(1).max(255).optional(),
  candidate: z.string().min(1).max(255).optional(),
  strategy: StrategySchema.optional(),
  target: z.string().min(1).max(255).optional(),
  /** Subscriptions: which outcomes alert. */
  on: AlertOnSchema.optional(),
  /** Subscriptions: only runs on this branch. */
  branch: z.string().min(1).max(255).optional(),
  /** Subscriptions: only runs triggered by this event. */
  event: z.string().min(1).max(100).optional(),
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
