/**
 * Intent → canonical command text, the form surfaces echo in acks ("Running: …"). The output
 * parses back to the same intent.
 *
 * @module
 */
import { applyText } from "./apply.ts";
import { KEYS } from "./commands.ts";
import type { Apply, Intent, Matrix } from "./schema.ts";
import { quoteValue } from "./tokenize.ts";

const PLAIN = /^[^\s;,="'“”‘’„{}\[\]\\]+$/;

function matrixText(matrix: Matrix): string {
  if (typeof matrix === "string") return quoteValue(matrix);
  const entries = Object.entries(matrix);
  const inline = entries.length > 0 &&
    entries.every(([dim, values]) => PLAIN.test(dim) && values.every((v) => PLAIN.test(v)));
  if (inline) return entries.map(([dim, values]) => `${dim}=${values.join(",")}`).join(";");
  return quoteValue(JSON.stringify(matrix));
}

function inputsText(inputs: Record<string, string>): string[] {
  const entries = Object.entries(inputs);
  const simple = entries.every(([k, v]) => PLAIN.test(k) && !/[,{]/.test(v) && !v.startsWith(" "));
  if (simple) return entries.map(([k, v]) => `inputs:${quoteValue(`${k}=${v}`)}`);
  return [`inputs:${quoteValue(JSON.stringify(inputs))}`];
}

/**
 * Prints an intent as canonical command text: the verb, then `key:value` in the command table's
 * key order, quoting values that need it.
 *
 * @example
 * ```ts
 * intentToCommand({ op: "analyze", repo: "acme/app", workflow: "ci.yml" });
 * // "analyze repo:acme/app workflow:ci.yml"
 * intentToCommand({ op: "help", topic: "compare" }); // "help compare"
 * intentToCommand({ op: "optimize", repo: "acme/app", apply: { step: "preview", ids: ["s1"] } });
 * // "optimize repo:acme/app apply:s1"
 * ```
 */
export function intentToCommand(intent: Intent): string {
  // The listing has its own word; `subscribe target:list` would not parse back.
  if (intent.op === "subscribe" && intent.target === "list" && Object.keys(intent).length === 2) {
    return "subscriptions";
  }
  const parts: string[] = [intent.op];
  for (const { name } of KEYS) {
    const value = intent[name];
    if (value === undefined) continue;
    if (name === "topic") parts.push(String(value));
    else if (name === "matrix") parts.push(`matrix:${matrixText(value as Matrix)}`);
    else if (name === "inputs") parts.push(...inputsText(value as Record<string, string>));
    else if (name === "apply") {
      const text = applyText(value as Apply);
      parts.push(text ? `apply:${text}` : "apply");
    } else parts.push(`${name}:${quoteValue(String(value))}`);
  }
  return parts.join(" ");
}
