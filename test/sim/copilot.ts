/**
 * A local Copilot platform for tests, speaking the real wire protocol:
 * - GitHub's `GET /meta/public_keys/copilot_api` (with ETag, counting fetches), `GET /user` and
 *   `GET /repos/{owner}/{repo}` (the known users may push everywhere);
 * - request signing like GitHub: ECDSA P-256 over the raw body with SHA-256, base64 DER, sent in
 *   `X-GitHub-Public-Key-Signature` with the key id in `X-GitHub-Public-Key-Identifier`;
 * - a chat-completions endpoint answering with scripted tool calls (or malformed ones);
 * - request bodies shaped like Copilot's (messages, `copilot_references`,
 *   `copilot_confirmations`) and a parser for the SSE reply.
 *
 * @module
 */
// Web Crypto signs ECDSA as raw r||s; GitHub sends DER, which node:crypto produces directly.
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";

interface SigningKey {
  id: string;
  privateKey: KeyObject;
  pem: string;
}

function newKey(n: number): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const id = `${n.toString(16).padStart(8, "0")}${"ab".repeat(28)}`;
  return { id, privateKey, pem };
}

/** A scripted chat-completions answer. */
export type ModelAnswer =
  /** A `ci_intent` tool call with these arguments (an object is JSON-encoded). */
  | { tool: unknown; name?: string }
  /** A plain text answer without a tool call. */
  | { text: string }
  /** An HTTP error. */
  | { status: number };

/** What a Copilot request in the simulator's tests carries. */
export interface TurnOptions {
  text?: string;
  /** `owner/name`: adds a `github.repository` reference to the last user message. */
  repo?: string;
  /** The user's answer to an earlier confirmation. */
  confirmation?: { id: string; state: "accepted" | "dismissed"; metadata?: object };
  threadId?: string;
}

/**
 * A Copilot request body, as Copilot sends it to an agent: the thread so far, with the new turn
 * last.
 *
 * @example
 * ```ts
 * copilotBody({ text: "optimize", repo: "acme/app" }).messages.at(-1).copilot_references[0].type;
 * // "github.repository"
 * ```
 */
export function copilotBody(turn: TurnOptions) {
  const [ownerLogin, name] = (turn.repo ?? "/").split("/");
  const references = turn.repo
    ? [{
      type: "github.repository",
      id: `${turn.repo}`,
      is_implicit: true,
      data: {
        type: "repository",
        id: 4242,
        name,
        ownerLogin,
        ownerType: "Organization",
        readmePath: "README.md",
        description: "",
        commitOID: "0123456789abcdef0123456789abcdef01234567",
        ref: "refs/heads/main",
        refInfo: { name: "main", type: "branch" },
        visibility: "private",
        languages: [{ name: "Python", percent: 100 }],
      },
      metadata: { display_name: turn.repo, display_icon: "", display_url: "" },
    }]
    : [];
  return {
    copilot_thread_id: turn.threadId ?? "3c0b6d1e-7f6e-4c3a-9a43-1a1b2c3d4e5f",
    messages: [
      { role: "user", content: "hello", copilot_references: [], copilot_confirmations: [] },
      { role: "assistant", content: "Hi! Ask me about your CI.", copilot_references: [] },
      {
        role: "user",
        content: turn.text ?? "",
        copilot_references: references,
        copilot_confirmations: turn.confirmation
          ? [{
            state: turn.confirmation.state,
            confirmation: { id: turn.confirmation.id, ...turn.confirmation.metadata },
          }]
          : [],
      },
    ],
    stop: null,
    top_p: 0,
    temperature: 0,
    max_tokens: 0,
    presence_penalty: 0,
    frequency_penalty: 0,
    copilot_skills: null,
    agent: "ci-orchestrator",
  };
}

/** One parsed SSE event. */
export interface SseEvent {
  /** `message` when the event had no `event:` line. */
  event: string;
  data: string;
}

/**
 * Reads a whole SSE response into events.
 *
 * @example
 * ```ts
 * const events = await readSse(response);
 * events.at(-1)?.data; // "[DONE]"
 * ```
 */
export async function readSse(response: Response): Promise<SseEvent[]> {
  const text = await response.text();
  return text.split("\n\n").filter((block) => block.trim() !== "").map((block) => {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
    }
    return { event, data: data.join("\n") };
  });
}

/**
 * The assistant text of a stream: every `delta.content` concatenated.
 *
 * @example
 * ```ts
 * streamText(await readSse(response)); // "Understood as `optimize repo:acme/app`…"
 * ```
 */
export function streamText(events: SseEvent[]): string {
  return events
    .filter((e) => e.event === "message" && e.data !== "[DONE]")
    .map((e) => JSON.parse(e.data).choices?.[0]?.delta?.content ?? "")
    .join("");
}

/** The running simulator. */
export interface CopilotSim {
  /** Base URL, used as GITHUB_API_URL. */
  url: string;
  /** The chat-completions URL. */
  modelEndpoint: string;
  /** The current signing key id. */
  readonly keyId: string;
  /** Key list requests, and how many of them were answered 200 (the others 304). */
  readonly keyFetches: { total: number; full: number };
  readonly userFetches: number;
  /** Chat-completions requests received (authorization header and parsed body). */
  modelRequests: Array<{ authorization: string; body: Record<string, unknown> }>;
  /** Queues answers for the next chat-completions requests. */
  scriptModel(...answers: ModelAnswer[]): void;
  /** Publishes a new signing key (the old one stays listed) and signs with it from now on. */
  rotateKey(): void;
  /** Signs a body with the current key. */
  sign(body: string): { keyId: string; signature: string };
  /** A signed Copilot request to `target` (default `http://localhost/copilot`). */
  request(
    body: unknown,
    options?: { token?: string; signature?: string; keyId?: string; target?: string },
  ): Request;
  close(): Promise<void>;
}

/** Token → login of the users the simulated `/user` knows. */
export const USERS: Record<string, string> = {
  "gho_octocat_token": "octocat",
  "gho_hubot_token": "hubot",
};

/**
 * Starts the simulator on 127.0.0.1 (port 0).
 *
 * @example
 * ```ts
 * const sim = startCopilotSim();
 * const response = await agent(sim.request(copilotBody({ text: "optimize", repo: "acme/app" })));
 * await sim.close();
 * ```
 */
export function startCopilotSim(): CopilotSim {
  const keys: SigningKey[] = [newKey(1)];
  const keyFetches = { total: 0, full: 0 };
  let userFetches = 0;
  const answers: ModelAnswer[] = [];
  const modelRequests: CopilotSim["modelRequests"] = [];
  const etag = () => `"keys-${keys.length}"`;

  const completion = (answer: ModelAnswer): Response => {
    if ("status" in answer) return Response.json({ error: "scripted" }, { status: answer.status });
    const message = "text" in answer ? { role: "assistant", content: answer.text } : {
      role: "assistant",
      content: null,
      tool_calls: [{
        id: "call_1",
        type: "function",
        function: {
          name: answer.name ?? "ci_intent",
          arguments: typeof answer.tool === "string" ? answer.tool : JSON.stringify(answer.tool),
        },
      }],
    };
    return Response.json(
      {
        id: "chatcmpl-sim",
        object: "chat.completion",
        model: "gpt-4o",
        choices: [{ index: 0, message, finish_reason: "text" in answer ? "stop" : "tool_calls" }],
      },
      { headers: { "x-request-id": "sim-request" } },
    );
  };

  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    async (request) => {
      const path = new URL(request.url).pathname;
      if (request.method === "GET" && path === "/meta/public_keys/copilot_api") {
        keyFetches.total++;
        if (request.headers.get("if-none-match") === etag()) {
          return new Response(null, { status: 304, headers: { etag: etag() } });
        }
        keyFetches.full++;
        const public_keys = keys.map((k, i) => ({
          key_identifier: k.id,
          key: k.pem,
          is_current: i === keys.length - 1,
        }));
        return Response.json({ public_keys }, { headers: { etag: etag() } });
      }
      if (request.method === "GET" && path === "/user") {
        userFetches++;
        const token = (request.headers.get("authorization") ?? "").replace(/^(Bearer|token) /, "");
        const login = USERS[token];
        return login
          ? Response.json({ login, id: 1, type: "User" })
          : Response.json({ message: "Bad credentials" }, { status: 401 });
      }
      // The users above collaborate (with push) on every repository this simulator is asked about.
      const repo = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path);
      if (request.method === "GET" && repo) {
        const token = (request.headers.get("authorization") ?? "").replace(/^(Bearer|token) /, "");
        if (!USERS[token]) return Response.json({ message: "Bad credentials" }, { status: 401 });
        return Response.json({
          full_name: `${repo[1]}/${repo[2]}`,
          private: false,
          visibility: "public",
          permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
        });
      }
      if (request.method === "POST" && path === "/chat/completions") {
        const body = await request.json();
        modelRequests.push({ authorization: request.headers.get("authorization") ?? "", body });
        const answer = answers.shift();
        return answer
          ? completion(answer)
          : Response.json({ error: "unscripted" }, { status: 500 });
      }
      await request.body?.cancel();
      return new Response("not found", { status: 404 });
    },
  );
  const url = `http://127.0.0.1:${server.addr.port}`;
  const sign = (body: string) => {
    const key = keys[keys.length - 1];
    const signature = createSign("SHA256").update(body).sign(key.privateKey, "base64");
    return { keyId: key.id, signature };
  };
  return {
    url,
    modelEndpoint: `${url}/chat/completions`,
    get keyId() {
      return keys[keys.length - 1].id;
    },
    keyFetches,
    get userFetches() {
      return userFetches;
    },
    modelRequests,
    scriptModel: (...more) => void answers.push(...more),
    rotateKey: () => void keys.push(newKey(keys.length + 1)),
    sign,
    request(body, options = {}) {
      const raw = typeof body === "string" ? body : JSON.stringify(body);
      const signed = sign(raw);
      return new Request(options.target ?? "http://localhost/copilot", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-public-key-identifier": options.keyId ?? signed.keyId,
          "x-github-public-key-signature": options.signature ?? signed.signature,
          "x-github-token": options.token ?? "gho_octocat_token",
        },
        body: raw,
      });
    },
    close: () => server.shutdown(),
  };
}
