/**
 * The `/ci-test` application command, generated from the core command table (`COMMANDS`,
 * `KEYS`), and the way back: an invocation's subcommand and options → command-language text
 * for `deps.parse`. One subcommand per operation with one option per key it reads, plus `run`
 * whose single `text` option takes anything the command language accepts.
 *
 * Every option is a string except `runs`/`warmup` (integers with the parser's bounds) and the
 * closed sets (`strategy`, `on`, `topic`), which become choices. Validation stays in the parser,
 * so Discord and Slack refuse the same things with the same messages.
 *
 * @module
 */
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type RESTPutAPIApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { z } from "zod";
import { COMMANDS, type FieldKey, KEYS, SLASH_COMMANDS } from "../../src/intent/commands.ts";
import { OPS } from "../../src/intent/schema.ts";

/** The registered command name (from the core table: `ci-test`). */
export const COMMAND_NAME: string = SLASH_COMMANDS.find((c) => c.op === undefined)?.name ??
  "ci-test";
/** The free-text subcommand. */
export const RUN_SUBCOMMAND = "run";

/** One command definition as `PUT /applications/{id}/commands` takes it. */
export type CommandDefinition = RESTPutAPIApplicationCommandsJSONBody[number];

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

const CHOICES: Partial<Record<FieldKey, readonly string[]>> = {
  strategy: ["reusable", "actions", "hybrid"],
  on: ["failure", "recovery", "always"],
  topic: OPS,
};
const INTEGERS: Partial<Record<FieldKey, { min: number; max: number }>> = {
  runs: { min: 1, max: 50 },
  warmup: { min: 0, max: 5 },
};

function keyOption(key: FieldKey): APIApplicationCommandBasicOption {
  const spec = KEYS.find((k) => k.name === key);
  const description = clip(spec?.description ?? key, 100);
  const ints = INTEGERS[key];
  if (ints) {
    return {
      type: ApplicationCommandOptionType.Integer,
      name: key,
      description,
      min_value: ints.min,
      max_value: ints.max,
    };
  }
  const choices = CHOICES[key];
  return {
    type: ApplicationCommandOptionType.String,
    name: key,
    description,
    ...(choices ? { choices: choices.map((c) => ({ name: c, value: c })) } : {}),
  };
}

/**
 * The `/ci-test` definition: a subcommand per operation of the table, plus `run`.
 *
 * @example
 * ```ts
 * const def = ciTestCommand();
 * def.options?.map((o) => o.name); // ["analyze", "test", …, "help", "run"]
 * ```
 */
export function ciTestCommand(): CommandDefinition {
  const subcommands: APIApplicationCommandSubcommandOption[] = COMMANDS.map((c) => ({
    type: ApplicationCommandOptionType.Subcommand,
    name: c.name,
    description: clip(c.summary, 100),
    options: c.keys.map(keyOption),
  }));
  subcommands.push({
    type: ApplicationCommandOptionType.Subcommand,
    name: RUN_SUBCOMMAND,
    description: "Type any command, as in Slack: e.g. analyze acme/app workflow:ci.yml",
    options: [{
      type: ApplicationCommandOptionType.String,
      name: "text",
      description: "the command, e.g. test acme/app ci.yml matrix:full runs:3",
      required: true,
      max_length: 2000,
    }],
  });
  const spec = SLASH_COMMANDS.find((c) => c.name === COMMAND_NAME);
  return {
    type: ApplicationCommandType.ChatInput,
    name: COMMAND_NAME,
    description: clip(spec?.description ?? "Drive CI from chat", 100),
    options: subcommands,
  };
}

/**
 * Every command this app registers (today only `/ci-test`).
 *
 * @example
 * ```ts
 * await rest.put(`/applications/${appId}/commands`, commandDefinitions());
 * ```
 */
export function commandDefinitions(): CommandDefinition[] {
  return [ciTestCommand()];
}

/** One option of an invocation, as Discord sends it (subcommands nest their options). */
export interface InvocationOption {
  type: number;
  name: string;
  value?: string | number | boolean;
  options?: InvocationOption[];
}

/** Parses the options of an invocation (`data.options`). */
export const InvocationOptionSchema: z.ZodType<InvocationOption> = z.lazy(() =>
  z.object({
    type: z.number().int(),
    name: z.string().max(32),
    value: z.union([z.string().max(6000), z.number(), z.boolean()]).optional(),
    options: z.array(InvocationOptionSchema).max(25).optional(),
  })
);

const quote = (v: string) => (/[\s"']/.test(v) || v === "" ? JSON.stringify(v) : v);

/**
 * The command-language text of a `/ci-test` invocation, for `deps.parse`: the subcommand is
 * the verb, each option a `key:value`; `run` passes its text through. `null` when the
 * invocation names no subcommand.
 *
 * @example
 * ```ts
 * invocationText([{ type: 1, name: "analyze", options: [
 *   { type: 3, name: "repo", value: "acme/app" }] }]); // "/ci-test analyze repo:acme/app"
 * ```
 */
export function invocationText(
  options: readonly InvocationOption[] | undefined,
): string | null {
  const sub = options?.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  if (!sub) return null;
  const values = (sub.options ?? []).flatMap((o) =>
    o.value !== undefined ? [{ name: o.name, value: String(o.value) }] : []
  );
  if (sub.name === RUN_SUBCOMMAND) {
    const text = values.find((v) => v.name === "text")?.value.trim() ?? "";
    return `/${COMMAND_NAME} ${text}`.trim();
  }
  const parts = [`/${COMMAND_NAME}`, sub.name];
  for (const { name, value } of values) {
    parts.push(name === "topic" ? quote(value) : `${name}:${quote(value)}`);
  }
  return parts.join(" ");
}
