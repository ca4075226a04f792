/**
 * The Copilot agent surface: `createCopilotAgent(config, deps)` is the handler for
 * `POST /copilot` and carries the deliverer for the jobs it starts.
 *
 * @example
 * ```ts
 * import { createCopilotAgent } from "./copilot/agent/mod.ts";
 * const copilot = createCopilotAgent({ apiUrl: "https://api.github.com" }, deps);
 * deliverers.set("copilot", copilot.deliver);
 * app.post("/copilot", (c) => copilot(c.req.raw));
 * ```
 *
 * @module
 */
export { type CopilotAgent, type CopilotAgentConfig, createCopilotAgent } from "./handler.ts";
export { createKeyCache, type KeyCache, type KeyCacheOptions } from "./keys.ts";
export { MAX_BODY_BYTES, type Verified, verifyCopilotRequest } from "./verify.ts";
export { createCopilotModel, DEFAULT_MODEL_ENDPOINT, INTENT_TOOL, intentTool } from "./model.ts";
export { type CopilotStream, openCopilotStream } from "./stream.ts";
