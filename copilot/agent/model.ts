/**
 * The Copilot model as an {@linkcode IntentModel}: one chat-completions call with the user's
 * `X-GitHub-Token` and a single tool, `ci_intent`, whose parameters are the JSON Schema of the
 * Intent. The tool call's arguments are returned as JSON text; `parseWithModel` validates them.
 *
 * @module
 */
import { getFunctionCalls, prompt } from "@copilot-extensions/preview-sdk";
import { z } from "zod";
import { CiError } from "../../src/errors.ts";
import type { IntentModel } from "../../src/intent/parse.ts";
import { IntentSchema } from "../../src/intent/schema.ts";

/** Copilot's chat-completions endpoint. */
export const DEFAULT_MODEL_ENDPOINT = "https://api.githubcopilot.com/chat/completions";

/** The tool the model must call. */
export const INTENT_TOOL = "ci_intent";

/**
 * The `ci_intent` tool definition, its parameters generated from {@linkcode IntentSchema}.
 *
 * @example
 * ```ts
 * intentTool().function.parameters.properties.op.enum; // ["test", "compare", …]
 * ```
 */
export function intentTool() {
  const { $schema: _, ...parameters } = z.toJSONSchema(IntentSchema, { io: "input" });
  return {
    type: "function" as const,
    function: {
      name: INTENT_TOOL,
      description: "Run one ci-orchestrator operation on a GitHub repository's CI. Fill only " +
        "the fields the user gave or the context implies; never invent repositories.",
      parameters,
    },
  };
}

const SYSTEM = [
  "You translate a developer's request about GitHub Actions CI into exactly one call of the",
  "ci_intent tool. Operations: test (dispatch a workflow over a matrix), compare (two refs),",
  "migrate (to reusable workflows or actions), analyze (static checks), optimize (speed and",
  "cost), status, cancel, help. Answer only with the tool call.",
].join(" ");

/** Options of {@linkcode createCopilotModel}. */
export interface CopilotModelOptions {
  /** The user's `X-GitHub-Token`; never logged. */
  token: string;
  endpoint?: string;
  fetch: typeof fetch;
  /** The repository the chat is about, told to the model as context. */
  repo?: string;
  timeoutMs?: number;
}

/**
 * Creates the model for one request.
 *
 * @example
 * ```ts
 * const model = createCopilotModel({ token, fetch, repo: "acme/app" });
 * const result = await parseWithModel("make our pipeline quicker", model);
 * ```
 */
export function createCopilotModel(options: CopilotModelOptions): IntentModel {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const timedFetch: typeof fetch = (input, init) =>
    options.fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  return {
    async resolve(text) {
      const context = options.repo ? ` The chat is about the repository ${options.repo}.` : "";
      const result = await prompt(text, {
        token: options.token,
        endpoint: options.endpoint ?? DEFAULT_MODEL_ENDPOINT,
        tools: [intentTool()],
        messages: [{ role: "system", content: SYSTEM + context }],
        request: { fetch: timedFetch },
      }).catch((cause) => {
        const status = (cause as { response?: { status?: number } }).response?.status;
        throw new CiError(
          "upstream",
          `the Copilot model could not be asked${status ? ` (HTTP ${status})` : ""}`,
          { cause },
        );
      });
      const call = getFunctionCalls(result).find((c) => c.function.name === INTENT_TOOL);
      if (!call) {
        throw new CiError("bad_request", "the model answered without calling ci_intent");
      }
      return call.function.arguments;
    },
  };
}
