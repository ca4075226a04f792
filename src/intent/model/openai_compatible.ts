/**
 * The optional model stage for every chat surface: any OpenAI-compatible chat-completions
 * endpoint (`LLM_API_URL`; GitHub Models is one) asked through the AI SDK for a structured
 * answer shaped by {@linkcode IntentSchema}. Only the user's text and a short system prompt are
 * sent. The SDK is imported on first use, never at start-up.
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import type { IntentModel } from "../parse.ts";
import { IntentSchema } from "../schema.ts";

/**
 * How long one question may take before the reader's own result stands.
 *
 * @example
 * ```ts
 * DEFAULT_MODEL_TIMEOUT_MS; // 8000
 * ```
 */
export const DEFAULT_MODEL_TIMEOUT_MS = 8_000;

/**
 * What the model is told. It lists the operations and forbids invention, because a made-up
 * repository or value would be run (or offered with a Run button) as if the user had typed it.
 *
 * @example
 * ```ts
 * SYSTEM_PROMPT.includes("Never invent repositories"); // true
 * ```
 */
export const SYSTEM_PROMPT = [
  "You turn one developer request about GitHub Actions CI into one ci-orchestrator intent,",
  "answered as a JSON object matching the given schema. Operations (op): test (dispatch a",
  "workflow over a matrix), compare (two refs or runs), migrate (to reusable workflows or",
  "composite actions), analyze (static checks), optimize (speed and cost), status (of a job or",
  "repository), cancel (a running job), subscribe / unsubscribe (CI alerts in this chat), login",
  "/ logout (link a GitHub account), use (set this chat's default repository), help.",
  "Never invent repositories, workflows, refs or numbers; leave out every field you were not",
  'given. If the request is not about CI, answer {"op":"help"}.',
].join(" ");

/** Options of {@linkcode createOpenAICompatibleModel}. */
export interface OpenAICompatibleOptions {
  /** Base URL of the API, e.g. `https://models.github.ai/inference` (without `/chat/completions`). */
  url: string;
  /** Bearer key; never logged nor put in an error. */
  apiKey: string;
  /** Model name, e.g. `openai/gpt-4.1-mini`. */
  model: string;
  /** Outbound HTTP (tests pass one bound to the simulator). */
  fetch: typeof fetch;
  /** Default {@linkcode DEFAULT_MODEL_TIMEOUT_MS}. */
  timeoutMs?: number;
}

type Sdk = {
  ai: typeof import("ai");
  provider: typeof import("@ai-sdk/openai-compatible");
};

let sdk: Promise<Sdk> | undefined;

/** The AI SDK, loaded once and only when a question is first asked. */
function loadSdk(): Promise<Sdk> {
  sdk ??= Promise.all([import("ai"), import("@ai-sdk/openai-compatible")])
    .then(([ai, provider]) => ({ ai, provider }));
  return sdk;
}

/**
 * Creates the model stage. Its answer is the model's object (or raw text when the SDK could not
 * match it to the schema), which `parseWithModel` validates again to name the wrong field.
 *
 * @example
 * ```ts
 * const model = createOpenAICompatibleModel({ url, apiKey, model: "openai/gpt-4.1-mini", fetch });
 * const result = await parseWithModel("make acme/app's pipeline quicker", model);
 * ```
 */
export function createOpenAICompatibleModel(options: OpenAICompatibleOptions): IntentModel {
  const timeoutMs = options.timeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS;
  const host = hostOf(options.url);
  const hidden = (text: string) => text.split(options.apiKey).join("[hidden]").slice(0, 200);
  return {
    async resolve(text) {
      const { ai, provider } = await loadSdk();
      const llm = provider.createOpenAICompatible({
        name: "llm",
        baseURL: options.url.replace(/\/+$/, ""),
        apiKey: options.apiKey,
        fetch: options.fetch,
        supportsStructuredOutputs: true,
      });
      try {
        const { output } = await ai.generateText({
          model: llm.chatModel(options.model),
          output: ai.Output.object({ schema: IntentSchema }),
          system: SYSTEM_PROMPT,
          prompt: text,
          // The reader's own result stands on failure: retrying would only delay the reply.
          maxRetries: 0,
          abortSignal: AbortSignal.timeout(timeoutMs),
          // Non-strict: strict mode requires every field, and an intent's fields are optional.
          providerOptions: { llm: { strictJsonSchema: false } },
        });
        return output;
      } catch (error) {
        if (ai.NoObjectGeneratedError.isInstance(error) && error.text !== undefined) {
          try {
            return JSON.parse(error.text);
          } catch {
            throw new CiError("upstream", `the language model at ${host} did not answer JSON`, {
              hint: `Check that LLM_MODEL (${options.model}) supports structured output.`,
            });
          }
        }
        if (ai.APICallError.isInstance(error)) {
          throw new CiError(
            "upstream",
            `the language model at ${host} answered HTTP ${error.statusCode ?? "?"}: ${
              hidden(error.message)
            }`,
            { hint: hintFor(error.statusCode) },
          );
        }
        if (error instanceof DOMException || (error as Error)?.name === "TimeoutError") {
          throw new CiError(
            "upstream",
            `the language model at ${host} did not answer within ${timeoutMs / 1000} s`,
            { hint: "Try again, or use the exact command grammar (see help)." },
          );
        }
        throw new CiError(
          "upstream",
          `the language model at ${host} could not be asked: ${
            hidden(error instanceof Error ? error.message : String(error))
          }`,
          { hint: "Check LLM_API_URL and that the service can reach it." },
        );
      }
    },
  };
}

function hintFor(status: number | undefined): string {
  if (status === 401 || status === 403) return "Check LLM_API_KEY (and its models:read scope).";
  if (status === 404) return "Check LLM_API_URL and LLM_MODEL.";
  if (status === 429) return "The model's rate limit was reached; try again in a minute.";
  return "Try again later, or use the exact command grammar (see help).";
}

/**
 * The host of an endpoint URL, for messages and the start-up log (never its path or query).
 *
 * @example
 * ```ts
 * hostOf("https://models.github.ai/inference"); // "models.github.ai"
 * ```
 */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "(invalid URL)";
  }
}
