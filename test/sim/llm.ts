/**
 * A local OpenAI-compatible model for tests: `POST /v1/chat/completions` (what the AI SDK's
 * OpenAI-compatible provider calls) on 127.0.0.1 at a random port. It checks the bearer key,
 * records every request, and answers from a scripted table (phrase in the user's text → intent
 * JSON), or with a fault: HTTP 500, 429, text that is not JSON, an intent the schema rejects, or
 * an answer slower than the client's timeout.
 *
 * @module
 */

/** How the simulator answers a request whose user text contains no scripted phrase. */
export type LlmFault = "500" | "429" | "malformed" | "invalid" | "slow";

/** One recorded request. */
export interface LlmRequest {
  path: string;
  authorization: string;
  body: {
    model?: string;
    messages?: Array<{ role: string; content: unknown }>;
    response_format?: unknown;
  };
}

/** Options of {@linkcode startLlmSim}. */
export interface LlmSimOptions {
  /** The bearer key it accepts (default `sk-sim-secret`). */
  apiKey?: string;
  /** Phrase (case-insensitive, found in the user's text) → the intent the model answers. */
  table?: Record<string, unknown>;
  /** How long the `slow` fault waits before answering (default 5 s). */
  slowMs?: number;
}

/** The running simulator. */
export interface LlmSim {
  /** Base URL to use as `LLM_API_URL` (ends in `/v1`). */
  url: string;
  apiKey: string;
  /** Every request received, in order. */
  requests: LlmRequest[];
  /** The fault for the next requests (`undefined`: answer from the table). */
  fault: LlmFault | undefined;
  close(): Promise<void>;
}

const completion = (model: string, content: string) => ({
  id: "chatcmpl-sim",
  object: "chat.completion",
  created: 1_700_000_000,
  model,
  choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }],
  usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/**
 * Starts the simulator.
 *
 * @example
 * ```ts
 * const sim = startLlmSim({ table: { "zhuzh": { op: "optimize", repo: "acme/app" } } });
 * // LLM_API_URL=sim.url LLM_API_KEY=sim.apiKey
 * await sim.close();
 * ```
 */
export function startLlmSim(options: LlmSimOptions = {}): LlmSim {
  const apiKey = options.apiKey ?? "sk-sim-secret";
  const table = Object.entries(options.table ?? {});
  const slow = new AbortController();
  const requests: LlmRequest[] = [];
  const sim: LlmSim = {
    url: "",
    apiKey,
    requests,
    fault: undefined,
    close: () => Promise.resolve(),
  };

  const handle = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const authorization = request.headers.get("authorization") ?? "";
    const body = await request.json().catch(() => ({})) as LlmRequest["body"];
    requests.push({ path, authorization, body });
    if (request.method !== "POST" || path !== "/v1/chat/completions") {
      return json(404, { error: { message: `no route ${request.method} ${path}` } });
    }
    if (authorization !== `Bearer ${apiKey}`) {
      return json(401, { error: { message: "Bad credentials", type: "invalid_api_key" } });
    }
    const model = body.model ?? "sim";
    switch (sim.fault) {
      case "500":
        return json(500, { error: { message: "internal error" } });
      case "429":
        return new Response(JSON.stringify({ error: { message: "Rate limit reached" } }), {
          status: 429,
          headers: { "content-type": "application/json", "retry-after": "60" },
        });
      case "malformed":
        return json(200, completion(model, "Sure! I think you want {op: optimize"));
      case "invalid":
        return json(200, completion(model, JSON.stringify({ op: "test", runs: 80 })));
      case "slow":
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, options.slowMs ?? 5_000);
          slow.signal.addEventListener("abort", () => {
            clearTimeout(timer);
            resolve(undefined);
          });
        });
        return json(200, completion(model, JSON.stringify({ op: "help" })));
    }
    const user = body.messages?.findLast((m) => m.role === "user")?.content;
    const text = typeof user === "string" ? user.toLowerCase() : JSON.stringify(user ?? "");
    const hit = table.find(([phrase]) => text.includes(phrase.toLowerCase()));
    return json(200, completion(model, JSON.stringify(hit ? hit[1] : { op: "help" })));
  };

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handle);
  sim.url = `http://127.0.0.1:${server.addr.port}/v1`;
  sim.close = async () => {
    slow.abort();
    await server.shutdown();
  };
  return sim;
}
