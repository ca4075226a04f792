/**
 * Shared assertions for the intent tests.
 *
 * @module
 */
import assert from "node:assert/strict";
import { parseCommand } from "../../src/intent/parse.ts";
import { type Intent, type ParseResult, ParseResultSchema } from "../../src/intent/schema.ts";

/**
 * Parses and asserts an intent came out, returning it with its source.
 *
 * @example
 * ```ts
 * const { intent } = expectIntent("analyze acme/app");
 * ```
 */
export function expectIntent(text: string): Extract<ParseResult, { kind: "intent" }> {
  const result = ParseResultSchema.parse(parseCommand(text));
  assert.equal(result.kind, "intent", `${text} → ${JSON.stringify(result)}`);
  return result as Extract<ParseResult, { kind: "intent" }>;
}

/**
 * Parses and asserts the whole intent equals `expected`.
 *
 * @example
 * ```ts
 * expectParse("analyze acme/app", { op: "analyze", repo: "acme/app" });
 * ```
 */
export function expectParse(text: string, expected: Intent, source?: string): void {
  const result = expectIntent(text);
  assert.deepEqual(result.intent, expected, text);
  if (source) assert.equal(result.source, source, text);
}

/**
 * Parses and asserts an "unsupported" answer with two examples.
 *
 * @example
 * ```ts
 * expectUnsupported("asdf").suggestions;
 * ```
 */
export function expectUnsupported(text: string): Extract<ParseResult, { kind: "unsupported" }> {
  const result = ParseResultSchema.parse(parseCommand(text));
  assert.equal(result.kind, "unsupported", `${text} → ${JSON.stringify(result)}`);
  const bad = result as Extract<ParseResult, { kind: "unsupported" }>;
  assert.equal(bad.examples.length, 2);
  assert.ok(bad.suggestions.length > 0);
  return bad;
}
