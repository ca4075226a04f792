/**
 * Hostile requests for every inbound route, by category. Each generator returns one request;
 * `mustReject` marks those that must get a 4xx (unauthenticated, forged, stale, oversized,
 * wrong method). The rest (signed but malformed, wrong content type, replays) may be
 * acknowledged, but must not run anything: the test checks that through the side effects.
 *
 * @module
 */
import { hookBody, signBody } from "../sim/github_hooks.ts";
import { messageActivity } from "../sim/botconnector.ts";
import { pingInteraction, signInteraction, slashInteraction } from "../sim/discord.ts";
import { appMentionBody, signSlackRequest, slashCommandBody } from "../sim/slack.ts";
import type { FuzzEnv } from "./harness.ts";
import { HOOK_SECRET, SLACK_SECRET } from "./harness.ts";
import {
  malformedForm,
  malformedJson,
  pct,
  randomBytes,
  randomHex,
  randomText,
  type Rng,
  streamedBody,
} from "./generate.ts";

/** What a generated request is trying. */
export type Category =
  | "unsigned"
  | "forged"
  | "stale"
  | "signed-malformed"
  | "truncated"
  | "wrong-content-type"
  | "oversized-declared"
  | "oversized-streamed"
  | "replayed"
  | "wrong-method"
  | "bad-path";

/** One generated request. */
export interface FuzzCase {
  category: Category;
  path: string;
  init: RequestInit;
  mustReject: boolean;
}

/** A route's generator plus the one legitimate request whose replays are fuzzed. */
export interface RouteFuzzer {
  route: string;
  /** A valid request, sent once before fuzzing (its effects are the baseline). */
  original: FuzzCase;
  generate(rng: Rng): Promise<FuzzCase>;
}

const OVERSIZE = 1024 * 1024 + 512 * 1024;
const WRONG_METHODS = ["GET", "PUT", "DELETE", "PATCH", "OPTIONS"];
const WRONG_TYPES = ["text/plain", "multipart/form-data; boundary=x", "application/xml", ""];

/** Header values must be ByteStrings without CR, LF or NUL: keep the rest of the garbage. */
function headerSafe(text: string): string {
  return Array.from(text, (ch) => String.fromCharCode(ch.charCodeAt(0) & 0xff))
    .join("").replace(/[\r\n\0]/g, "?");
}

/**
 * The same JWT with one signature character changed in the middle. (The last base64url
 * character carries unused bits: changing it can leave the signature valid.)
 */
function flipSignature(authorization: string): string {
  const at = authorization.lastIndexOf(".") + 20;
  const ch = authorization[at] === "A" ? "B" : "A";
  return authorization.slice(0, at) + ch + authorization.slice(at + 1);
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Cases every POST route shares: size, method and truncation of the original. */
function common(rng: Rng, path: string, original: FuzzCase, headers: () => Promise<Headers>) {
  const body = String(original.init.body);
  const cases: Array<() => Promise<FuzzCase>> = [
    async () => {
      const h = await headers();
      h.set("content-length", String(MAX_PLUS + rng.int(1e9)));
      return mk("oversized-declared", path, { method: "POST", headers: h, body: "{}" }, true);
    },
    async () => ({
      category: "oversized-streamed",
      path,
      init: { method: "POST", headers: await headers(), body: streamedBody(OVERSIZE) },
      mustReject: true,
    }),
    () => Promise.resolve(mk("wrong-method", path, { method: rng.pick(WRONG_METHODS) }, true)),
    () => {
      // Signed over the whole body, sent cut short: the signature no longer matches.
      const cut = body.slice(0, rng.int(body.length));
      return Promise.resolve(mk("truncated", path, { ...original.init, body: cut }, true));
    },
    () => Promise.resolve(mk("replayed", path, { ...original.init }, false)),
  ];
  return rng.pick(cases)();
}
const MAX_PLUS = 1024 * 1024 + 1;

function mk(category: Category, path: string, init: RequestInit, mustReject: boolean): FuzzCase {
  return { category, path, init, mustReject };
}

/**
 * `POST /slack/events`: slash commands, Events API and interactivity bodies.
 *
 * @example
 * ```ts
 * // const fuzzer = await slackFuzzer(env);
 * ```
 */
export async function slackFuzzer(env: FuzzEnv): Promise<RouteFuzzer> {
  const path = "/slack/events";
  const body = slashCommandBody({
    command: "/ci-test",
    text: "help",
    trigger_id: "13345224609.738474920.fuzzorig",
    response_url: env.slack.responseUrl("fuzz-original"),
  });
  const signed = await signSlackRequest(SLACK_SECRET, body, nowSeconds());
  signed.set("content-type", "application/x-www-form-urlencoded");
  const original = mk("replayed", path, { method: "POST", headers: signed, body }, false);
  const sign = async (b: string, type: string, ts = nowSeconds(), secret = SLACK_SECRET) => {
    const h = await signSlackRequest(secret, b, ts);
    if (type) h.set("content-type", type);
    return h;
  };
  const form = "application/x-www-form-urlencoded";
  return {
    route: path,
    original,
    async generate(rng) {
      const anyBody = () =>
        rng.pick([
          () => malformedForm(rng),
          () => malformedJson(rng),
          () => slashCommandBody({ text: randomText(rng, 80), response_url: "https://x.test/r" }),
        ])();
      switch (rng.int(7)) {
        case 0:
          return mk("unsigned", path, {
            method: "POST",
            headers: { "content-type": form },
            body: anyBody(),
          }, true);
        case 1: {
          const b = anyBody();
          const h = rng.pick([
            () => sign(b, form, nowSeconds(), "not-the-secret"),
            () =>
              Promise.resolve(
                new Headers({
                  "content-type": form,
                  "x-slack-request-timestamp": headerSafe(
                    rng.pick([String(nowSeconds()), randomText(rng, 12), "-1", "1e3", ""]),
                  ),
                  "x-slack-signature": headerSafe(
                    rng.pick([`v0=${randomHex(rng, 32)}`, `v1=${randomHex(rng, 32)}`, "v0="]) +
                      randomText(rng, 4),
                  ),
                }),
              ),
          ])();
          return mk("forged", path, { method: "POST", headers: await h, body: b }, true);
        }
        case 2: {
          // A correct signature on a timestamp outside the 5-minute window, either way.
          const skew = (301 + rng.int(1e6)) * (rng.next() < 0.5 ? -1 : 1);
          const h = await sign(body, form, nowSeconds() + skew);
          return mk("stale", path, { method: "POST", headers: h, body }, true);
        }
        case 3: {
          const b = rng.next() < 0.5 ? malformedForm(rng) : malformedJson(rng);
          const type = rng.pick([form, "application/json"]);
          return mk("signed-malformed", path, {
            method: "POST",
            headers: await sign(b, type),
            body: b,
          }, false);
        }
        case 4: {
          // Signed JSON cut short: never valid JSON.
          const full = appMentionBody({ text: "<@U0BOT> help" }, { event_id: `Ev${rng.int(1e9)}` });
          const b = full.slice(0, 1 + rng.int(full.length - 2));
          return mk("truncated", path, {
            method: "POST",
            headers: await sign(b, "application/json"),
            body: b,
          }, false);
        }
        case 5: {
          const b = rng.pick(["ssl_check=1&token=x", JSON.stringify({ type: "url_verification" })]);
          return mk("wrong-content-type", path, {
            method: "POST",
            headers: await sign(b, rng.pick(WRONG_TYPES)),
            body: b,
          }, false);
        }
        default:
          return common(rng, path, original, () => sign("{}", form));
      }
    },
  };
}

/**
 * `POST /discord/interactions`: Ed25519-signed interactions.
 *
 * @example
 * ```ts
 * // const fuzzer = await discordFuzzer(env, otherKey);
 * ```
 */
export async function discordFuzzer(env: FuzzEnv, otherKey: CryptoKey): Promise<RouteFuzzer> {
  const path = "/discord/interactions";
  const body = JSON.stringify(
    slashInteraction({ subcommand: "help", id: "1300000000000009999", token: "fuzz-original" }),
  );
  const original = mk("replayed", path, {
    method: "POST",
    headers: await signInteraction(env.discordKey, body, nowSeconds()),
    body,
  }, false);
  const sign = (b: string, key = env.discordKey, ts: number | string = nowSeconds()) =>
    signInteraction(key, b, ts);
  const ping = JSON.stringify(pingInteraction());
  return {
    route: path,
    original,
    async generate(rng) {
      switch (rng.int(7)) {
        case 0:
          return mk("unsigned", path, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: rng.next() < 0.5 ? ping : malformedJson(rng),
          }, true);
        case 1: {
          const b = rng.next() < 0.5 ? ping : body;
          const h = rng.next() < 0.4 ? await sign(b, otherKey) : new Headers({
            "content-type": "application/json",
            "x-signature-ed25519": headerSafe(
              rng.pick([randomHex(rng, 64), randomHex(rng, 63), randomText(rng, 40)]),
            ),
            "x-signature-timestamp": headerSafe(
              rng.pick([String(nowSeconds()), randomText(rng, 9)]),
            ),
          });
          return mk("forged", path, { method: "POST", headers: h, body: b }, true);
        }
        case 2: {
          const skew = (301 + rng.int(1e6)) * (rng.next() < 0.5 ? -1 : 1);
          return mk("stale", path, {
            method: "POST",
            headers: await sign(ping, env.discordKey, nowSeconds() + skew),
            body: ping,
          }, true);
        }
        case 3: {
          const b = rng.next() < 0.7 ? malformedJson(rng) : new TextDecoder().decode(
            randomBytes(rng, 300),
          );
          return mk(
            "signed-malformed",
            path,
            { method: "POST", headers: await sign(b), body: b },
            false,
          );
        }
        case 4: {
          const b = body.slice(0, 1 + rng.int(body.length - 2));
          return mk("truncated", path, { method: "POST", headers: await sign(b), body: b }, false);
        }
        case 5: {
          const h = await sign(ping);
          h.set("content-type", rng.pick(WRONG_TYPES));
          return mk("wrong-content-type", path, { method: "POST", headers: h, body: ping }, false);
        }
        default:
          return common(rng, path, original, () => sign("{}"));
      }
    },
  };
}

/**
 * `POST /api/messages`: Bot Connector activities with channel→bot JWTs.
 *
 * @example
 * ```ts
 * // const fuzzer = await teamsFuzzer(env);
 * ```
 */
export async function teamsFuzzer(env: FuzzEnv): Promise<RouteFuzzer> {
  const path = "/api/messages";
  const { connector } = env;
  const valid = await connector.token();
  const forged = [
    await connector.token({}, { forged: true }),
    await connector.token({ exp: nowSeconds() - 3600, nbf: nowSeconds() - 7200 }),
    await connector.token({ aud: "00000000-0000-0000-0000-00000000dead" }),
    await connector.token({ iss: "https://evil.example" }),
    await connector.token({ serviceurl: "https://evil.example/" }),
  ];
  const activity = (text: string, id: string) =>
    JSON.stringify(messageActivity(connector.serviceUrl, text, { mention: true, id }));
  const body = activity("help", "fuzz-original-activity");
  const json = (authorization: string) =>
    new Headers({ "content-type": "application/json", authorization });
  const original = mk("replayed", path, { method: "POST", headers: json(valid), body }, false);
  return {
    route: path,
    original,
    generate(rng) {
      switch (rng.int(6)) {
        case 0:
          return Promise.resolve(mk("unsigned", path, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: rng.next() < 0.5 ? body : malformedJson(rng),
          }, true));
        case 1: {
          const auth = rng.pick([
            ...forged,
            `Bearer ${headerSafe(randomText(rng, 60))}`,
            `Basic ${btoa("a:b")}`,
            flipSignature(valid),
            `Bearer ${valid.split(".").slice(0, 2).join(".")}.`,
          ]);
          const b = activity(randomText(rng, 40), `fuzz-${rng.int(1e9)}`);
          return Promise.resolve(mk("forged", path, {
            method: "POST",
            headers: json(auth),
            body: b,
          }, true));
        }
        case 2:
          return Promise.resolve(mk("signed-malformed", path, {
            method: "POST",
            headers: json(valid),
            body: malformedJson(rng),
          }, false));
        case 3:
          return Promise.resolve(mk("truncated", path, {
            method: "POST",
            headers: json(valid),
            body: body.slice(0, 1 + rng.int(body.length - 2)),
          }, false));
        case 4: {
          const h = json(valid);
          h.set("content-type", rng.pick(WRONG_TYPES));
          const b = JSON.stringify({ type: "typing", serviceUrl: connector.serviceUrl });
          return Promise.resolve(mk("wrong-content-type", path, {
            method: "POST",
            headers: h,
            body: b,
          }, false));
        }
        default:
          return common(rng, path, original, () => Promise.resolve(json(valid)));
      }
    },
  };
}

/**
 * `POST /github/webhooks`: HMAC-signed deliveries.
 *
 * @example
 * ```ts
 * // const fuzzer = await githubFuzzer(env);
 * ```
 */
export async function githubFuzzer(env: FuzzEnv): Promise<RouteFuzzer> {
  const path = "/github/webhooks";
  const run = env.github.state.addRun("acme/app", {});
  const body = JSON.stringify(
    hookBody(env.github.state, {
      kind: "workflow_run",
      action: "completed",
      at: run.updated_at,
      run,
    }),
  );
  const headers = async (b: string, event = "workflow_run", secret = HOOK_SECRET) =>
    new Headers({
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": "fuzz-original-delivery",
      "x-hub-signature-256": await signBody(secret, b),
    });
  const original = mk(
    "replayed",
    path,
    { method: "POST", headers: await headers(body), body },
    false,
  );
  const events = ["workflow_run", "workflow_job", "ping", "push", "", "workflow_run\u00ff"];
  return {
    route: path,
    original,
    async generate(rng) {
      switch (rng.int(6)) {
        case 0:
          return mk("unsigned", path, {
            method: "POST",
            headers: { "content-type": "application/json", "x-github-event": "workflow_run" },
            body,
          }, true);
        case 1: {
          const h = await headers(body, "workflow_run", "wrong-secret");
          const bad = rng.pick([
            h.get("x-hub-signature-256")!,
            `sha1=${randomHex(rng, 20)}`,
            `sha256=${randomHex(rng, 31)}`,
            headerSafe(randomText(rng, 30)),
          ]);
          h.set("x-hub-signature-256", bad);
          return mk("forged", path, { method: "POST", headers: h, body }, true);
        }
        case 2: {
          const b = malformedJson(rng);
          const h = await headers(b, headerSafe(rng.pick(events)));
          h.set("x-github-delivery", `fuzz-${rng.int(1e9)}`);
          return mk("signed-malformed", path, { method: "POST", headers: h, body: b }, false);
        }
        case 3: {
          const b = body.slice(0, 1 + rng.int(body.length - 2));
          const h = await headers(b);
          h.set("x-github-delivery", `fuzz-${rng.int(1e9)}`);
          return mk("truncated", path, { method: "POST", headers: h, body: b }, false);
        }
        case 4: {
          const b = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
          const h = await headers(b, "ping");
          h.set("content-type", rng.pick(WRONG_TYPES));
          return mk("wrong-content-type", path, { method: "POST", headers: h, body: b }, false);
        }
        default:
          return common(rng, path, original, () => headers("{}"));
      }
    },
  };
}

/**
 * The GET routes and paths nobody serves: odd ids, bad percent-encoding, odd queries, POSTs.
 *
 * @example
 * ```ts
 * // const c = getCase(new Rng(1));
 * ```
 */
export function getCase(rng: Rng): FuzzCase {
  const segment = () =>
    rng.pick([
      () => pct(randomText(rng, 30)),
      () => rng.pick(["%ZZ", "%", "%C0%AF", "%00", "..", "%2e%2e", "%2F", "a".repeat(10_000)]),
      () => crypto.randomUUID(),
    ])();
  const query = () => `?${pct(randomText(rng, 10))}=${segment()}`;
  const path = rng.pick([
    () => `/reports/${segment()}`,
    () => `/reports/${segment()}/chart.png${rng.next() < 0.5 ? query() : `?chart=${segment()}`}`,
    () => `/${rng.pick(["healthz", "readyz", "metrics"])}${query()}`,
    () => `/${segment()}/${segment()}`,
    () => `//slack/events/${segment()}`,
  ])();
  const post = rng.next() < 0.15;
  return mk("bad-path", path, post ? { method: "POST", body: randomText(rng, 50) } : {}, false);
}

/**
 * `/mcp` without valid credentials: no key, a wrong key, garbage bearer tokens, malformed
 * JSON-RPC, odd methods, oversized bodies. All must be refused.
 *
 * @example
 * ```ts
 * // const c = mcpCase(new Rng(1));
 * ```
 */
export function mcpCase(rng: Rng): FuzzCase {
  const path = "/mcp";
  const auth = rng.pick([
    undefined,
    "Bearer wrong-mcp-key",
    `Bearer ${headerSafe(randomText(rng, 40))}`,
    "Basic YTpi",
  ]);
  const headers = new Headers({
    "content-type": rng.pick(["application/json", ...WRONG_TYPES]),
    accept: "application/json, text/event-stream",
  });
  if (auth) headers.set("authorization", auth);
  const rpc = () =>
    JSON.stringify({
      jsonrpc: "2.0",
      id: rng.int(100),
      method: rng.pick(["initialize", "tools/list", "tools/call", randomText(rng, 10)]),
      params: { name: "run", arguments: { text: "test repo:acme/app workflow:ci.yml" } },
    });
  switch (rng.int(4)) {
    case 0:
      headers.set("content-length", String(MAX_PLUS + rng.int(1e6)));
      return mk("oversized-declared", path, { method: "POST", headers, body: "{}" }, true);
    case 1:
      return mk("wrong-method", path, { method: rng.pick(["PUT", "PATCH"]) }, true);
    case 2:
      return mk("unsigned", path, { method: "POST", headers, body: malformedJson(rng) }, true);
    default:
      return mk("forged", path, { method: "POST", headers, body: rpc() }, true);
  }
}
