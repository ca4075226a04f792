/**
 * The model-stage part of the configuration: an OpenAI-compatible endpoint, its key and the
 * model name (`LLM_API_URL`, `LLM_API_KEY`, `LLM_MODEL`). All three or none: a partial set is a
 * mistake worth stopping for, since the service would otherwise start without the stage its
 * operator meant to turn on.
 *
 * @module
 */
import { hostOf } from "./intent/model/openai_compatible.ts";

/** The model stage's settings, when it is on. */
export interface LlmConfig {
  url: string;
  /** Bearer key; never logged. */
  apiKey: string;
  model: string;
}

/** The model variables, already trimmed and validated for shape. */
export interface LlmEnv {
  LLM_API_URL?: string;
  LLM_API_KEY?: string;
  LLM_MODEL?: string;
}

const NAMES = ["LLM_API_URL", "LLM_API_KEY", "LLM_MODEL"] as const;

/**
 * Reads the model stage: its settings (all three set), a problem naming the missing variables
 * (some set), or nothing (none set); with the start-up status line either way.
 *
 * @example
 * ```ts
 * llmConfig({ LLM_API_URL: "https://models.github.ai/inference" }).problems;
 * // ["LLM_API_KEY, LLM_MODEL: missing (the model stage needs LLM_API_URL, LLM_API_KEY and LLM_MODEL together)"]
 * ```
 */
export function llmConfig(env: LlmEnv): {
  config?: LlmConfig;
  problems: string[];
  status: { name: string; on: boolean; reason: string };
} {
  const missing = NAMES.filter((name) => !env[name]);
  if (missing.length === 0) {
    const config = { url: env.LLM_API_URL!, apiKey: env.LLM_API_KEY!, model: env.LLM_MODEL! };
    const reason = `unclear requests are read by ${config.model} at ${hostOf(config.url)}`;
    return { config, problems: [], status: { name: "model", on: true, reason } };
  }
  const status = {
    name: "model",
    on: false,
    reason: "set LLM_API_URL, LLM_API_KEY and LLM_MODEL to read unclear requests with a model",
  };
  if (missing.length === NAMES.length) return { problems: [], status };
  return {
    problems: [
      `${
        missing.join(", ")
      }: missing (the model stage needs LLM_API_URL, LLM_API_KEY and LLM_MODEL together)`,
    ],
    status,
  };
}
