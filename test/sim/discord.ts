/**
 * A local Discord REST simulator: interaction callbacks, webhook edits and follow-ups, channel
 * messages and threads, command registration (global and guild), recording every call. It
 * enforces what real Discord enforces and tests rely on: `Authorization: Bot …` on bot routes,
 * message limits (a 400 with Discord's "Invalid Form Body" JSON), expired interaction tokens
 * (`50027`), and scriptable 429s with `retry_after` and rate-limit headers.
 *
 * Also: Ed25519 request signing and realistic interaction payloads.
 *
 * @module
 */
import {
  type APIApplicationCommandInteraction,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  type APIPingInteraction,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionType,
} from "discord-api-types/v10";
import { Hono } from "hono";

/** One recorded call. */
export interface DiscordCall {
  method: string;
  /** Path below `/api/v10`, e.g. `/channels/1/messages`. */
  path: string;
  body: unknown;
  headers: Record<string, string>;
  status: number;
}

/** A scripted failure for the next `times` calls matching `method` and `path`. */
export interface DiscordFault {
  method?: string;
  path: RegExp;
  status: number;
  times: number;
  /** Seconds, for 429s (JSON `retry_after` and `Retry-After`). */
  retryAfter?: number;
}

/** A running simulator. */
export interface DiscordSim {
  url: string;
  /** What to pass as `DISCORD_API_URL`. */
  apiUrl: string;
  /** The bot token it accepts. */
  botToken: string;
  applicationId: string;
  calls: DiscordCall[];
  /** Current messages: `channelId/messageId` and `webhook/token/@original`. */
  messages: Map<string, Record<string, unknown>>;
  /** Registered commands by scope (`global` or the guild id). */
  commands: Map<string, Record<string, unknown>[]>;
  fault(fault: DiscordFault): void;
  /** Makes an interaction token invalid (as after 15 minutes). */
  expireToken(token: string): void;
  waitFor(predicate: (call: DiscordCall) => boolean, timeoutMs?: number): Promise<DiscordCall>;
  close(): Promise<void>;
}

const LIMIT = {
  content: 2000,
  embeds: 10,
  total: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  rows: 5,
  perRow: 5,
  label: 80,
  customId: 100,
};

/**
 * Checks a message body like Discord does; the list of violations (empty when valid).
 *
 * @example
 * ```ts
 * messageViolations({ content: "x".repeat(2001) }); // ["content: Must be 2000 or fewer in length."]
 * ```
 */
export function messageViolations(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const len = (v: unknown) => (typeof v === "string" ? v.length : 0);
  if (len(body.content) > LIMIT.content) {
    problems.push(`content: Must be ${LIMIT.content} or fewer in length.`);
  }
  const embeds = (body.embeds ?? []) as Array<Record<string, unknown>>;
  if (embeds.length > LIMIT.embeds) problems.push(`embeds: Must be ${LIMIT.embeds} or fewer.`);
  let total = 0;
  embeds.forEach((e, i) => {
    const fields = (e.fields ?? []) as Array<{ name: string; value: string }>;
    const footer = (e.footer as { text?: string } | undefined)?.text;
    const author = (e.author as { name?: string } | undefined)?.name;
    if (len(e.title) > LIMIT.title) problems.push(`embeds.${i}.title: too long`);
    if (len(e.description) > LIMIT.description) {
      problems.push(`embeds.${i}.description: too long`);
    }
    if (len(footer) > LIMIT.footer) problems.push(`embeds.${i}.footer.text: too long`);
    if (fields.length > LIMIT.fields) problems.push(`embeds.${i}.fields: too many`);
    fields.forEach((f, j) => {
      if (!f.name || len(f.name) > LIMIT.fieldName) {
        problems.push(`embeds.${i}.fields.${j}.name: invalid`);
      }
      if (!f.value || len(f.value) > LIMIT.fieldValue) {
        problems.push(`embeds.${i}.fields.${j}.value: invalid`);
      }
      total += len(f.name) + len(f.value);
    });
    total += len(e.title) + len(e.description) + len(footer) + len(author);
  });
  if (total > LIMIT.total) problems.push(`embeds: Embed size exceeds maximum size of 6000`);
  const rows = (body.components ?? []) as Array<{ type: number; components?: unknown[] }>;
  if (rows.length > LIMIT.rows) problems.push(`components: Must be ${LIMIT.rows} or fewer.`);
  rows.forEach((row, i) => {
    const buttons = (row.components ?? []) as Array<Record<string, unknown>>;
    if (row.type !== ComponentType.ActionRow || buttons.length > LIMIT.perRow) {
      problems.push(`components.${i}: invalid action row`);
    }
    buttons.forEach((b, j) => {
      const link = b.style === 5;
      if (len(b.label) > LIMIT.label) problems.push(`components.${i}.components.${j}.label`);
      if (link ? !b.url || b.custom_id : !b.custom_id || len(b.custom_id) > LIMIT.customId) {
        problems.push(`components.${i}.components.${j}: invalid button`);
      }
    });
  });
  return problems;
}

/**
 * Starts the simulator on 127.0.0.1 with a free port.
 *
 * @example
 * ```ts
 * const sim = await startDiscordSim();
 * const call = await sim.waitFor((c) => c.path.endsWith("@original"));
 * await sim.close();
 * ```
 */
export async function startDiscordSim(
  options: { botToken?: string; applicationId?: string } = {},
): Promise<DiscordSim> {
  const botToken = options.botToken ?? "sim.bot.token";
  const applicationId = options.applicationId ?? "1100000000000000001";
  const calls: DiscordCall[] = [];
  const faults: DiscordFault[] = [];
  const expired = new Set<string>();
  const messages = new Map<string, Record<string, unknown>>();
  const commands = new Map<string, Record<string, unknown>[]>();
  const waiters = new Set<
    { predicate: (c: DiscordCall) => boolean; resolve: (c: DiscordCall) => void }
  >();
  let snowflake = 1_200_000_000_000_000_000n;
  const nextId = () => String(++snowflake);

  const record = (call: DiscordCall) => {
    calls.push(call);
    for (const w of waiters) {
      if (w.predicate(call)) {
        waiters.delete(w);
        w.resolve(call);
      }
    }
  };

  const app = new Hono().basePath("/api/v10");
  // Every request: record it, apply faults and auth, then route.
  app.use("*", async (c, next) => {
    const path = c.req.path.replace(/^\/api\/v10/, "");
    const text = ["GET", "DELETE"].includes(c.req.method) ? "" : await c.req.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    c.set("body" as never, body as never);
    const headers = Object.fromEntries(c.req.raw.headers);
    const fault = faults.find((f) =>
      f.times > 0 && f.path.test(path) && (!f.method || f.method === c.req.method)
    );
    const done = (response: Response) => {
      record({ method: c.req.method, path, body, headers, status: response.status });
      return response;
    };
    if (fault) {
      fault.times--;
      const retryAfter = String(fault.retryAfter ?? 0.01);
      return done(
        fault.status === 429
          ? Response.json(
            {
              message: "You are being rate limited.",
              retry_after: Number(retryAfter),
              global: false,
            },
            {
              status: 429,
              headers: {
                "retry-after": retryAfter,
                "x-ratelimit-limit": "5",
                "x-ratelimit-remaining": "0",
                "x-ratelimit-reset-after": retryAfter,
                "x-ratelimit-scope": "user",
              },
            },
          )
          : Response.json({ message: "Server Error", code: 0 }, { status: fault.status }),
      );
    }
    const open = path.startsWith("/webhooks/") || path.startsWith("/interactions/");
    if (!open && headers.authorization !== `Bot ${botToken}`) {
      return done(Response.json({ message: "401: Unauthorized", code: 0 }, { status: 401 }));
    }
    await next();
    done(c.res);
  });

  const bodyOf = (c: { get: (k: never) => unknown }) =>
    (c.get("body" as never) ?? {}) as Record<string, unknown>;
  const invalid = (problems: string[]) =>
    Response.json(
      { code: 50035, message: "Invalid Form Body", errors: { _errors: problems } },
      { status: 400 },
    );
  const tokenGone = () =>
    Response.json({ message: "Invalid Webhook Token", code: 50027 }, { status: 401 });
  const stored = (channelId: string, id: string, body: Record<string, unknown>) => {
    const message = { id, channel_id: channelId, ...body };
    messages.set(`${channelId}/${id}`, message);
    return message;
  };

  app.post("/interactions/:id/:token/callback", (c) => {
    if (expired.has(c.req.param("token"))) return tokenGone();
    const data = (bodyOf(c).data ?? {}) as Record<string, unknown>;
    const problems = messageViolations(data);
    if (problems.length > 0) return invalid(problems);
    return c.body(null, 204);
  });
  app.patch("/webhooks/:app/:token/messages/:id", (c) => {
    const token = c.req.param("token");
    if (expired.has(token) || c.req.param("app") !== applicationId) return tokenGone();
    const body = bodyOf(c);
    const problems = messageViolations(body);
    if (problems.length > 0) return invalid(problems);
    return c.json(stored(`webhook/${token}`, c.req.param("id"), body));
  });
  app.post("/webhooks/:app/:token", (c) => {
    const token = c.req.param("token");
    if (expired.has(token) || c.req.param("app") !== applicationId) return tokenGone();
    const body = bodyOf(c);
    const problems = messageViolations(body);
    if (problems.length > 0) return invalid(problems);
    return c.json(stored(`webhook/${token}`, nextId(), body));
  });
  app.post("/channels/:channel/messages", (c) => {
    const body = bodyOf(c);
    const problems = messageViolations(body);
    if (problems.length > 0) return invalid(problems);
    return c.json(stored(c.req.param("channel"), nextId(), body));
  });
  app.patch("/channels/:channel/messages/:id", (c) => {
    const key = `${c.req.param("channel")}/${c.req.param("id")}`;
    if (!messages.has(key)) {
      return c.json({ message: "Unknown Message", code: 10008 }, 404);
    }
    const body = bodyOf(c);
    const problems = messageViolations(body);
    if (problems.length > 0) return invalid(problems);
    return c.json(stored(c.req.param("channel"), c.req.param("id"), body));
  });
  app.post("/channels/:channel/messages/:id/threads", (c) => {
    const id = nextId();
    return c.json({ id, type: 11, parent_id: c.req.param("channel"), name: bodyOf(c).name });
  });

  const registered = (scope: string) => commands.get(scope) ?? [];
  const put = (scope: string, body: unknown) => {
    const list = (Array.isArray(body) ? body : []) as Record<string, unknown>[];
    // What Discord returns: the definition plus ids and defaults we never sent.
    const saved = list.map((d) => ({
      id: nextId(),
      application_id: applicationId,
      version: nextId(),
      default_member_permissions: null,
      type: 1,
      nsfw: false,
      name_localizations: null,
      description_localizations: null,
      integration_types: [0],
      contexts: null,
      ...(scope === "global" ? {} : { guild_id: scope }),
      ...d,
      options: ((d.options ?? []) as Record<string, unknown>[]).map(withDefaults),
    }));
    commands.set(scope, saved);
    return saved;
  };
  app.get("/applications/:app/commands", (c) => c.json(registered("global")));
  app.put("/applications/:app/commands", (c) => c.json(put("global", c.get("body" as never))));
  app.get(
    "/applications/:app/guilds/:guild/commands",
    (c) => c.json(registered(c.req.param("guild"))),
  );
  app.put(
    "/applications/:app/guilds/:guild/commands",
    (c) => c.json(put(c.req.param("guild"), c.get("body" as never))),
  );
  app.notFound((c) => c.json({ message: "404: Not Found", code: 0 }, 404));

  const { promise: listening, resolve } = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: (addr) => resolve(addr as Deno.NetAddr) },
    app.fetch,
  );
  const addr = await listening;
  const url = `http://127.0.0.1:${addr.port}`;

  return {
    url,
    apiUrl: `${url}/api/v10`,
    botToken,
    applicationId,
    calls,
    messages,
    commands,
    fault: (fault) => void faults.push(fault),
    expireToken: (token) => void expired.add(token),
    waitFor(predicate, timeoutMs = 2_000) {
      const done = calls.find(predicate);
      if (done) return Promise.resolve(done);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (c: DiscordCall) => {
            clearTimeout(timer);
            resolve(c);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching Discord call within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () => server.shutdown(),
  };
}

// Discord fills `required: false` and echoes localisation maps on every option.
function withDefaults(o: Record<string, unknown>): Record<string, unknown> {
  return {
    required: false,
    name_localizations: null,
    description_localizations: null,
    ...o,
    ...(Array.isArray(o.options) ? { options: o.options.map(withDefaults) } : {}),
  };
}

/**
 * A fresh Ed25519 key pair as Discord applications have: the private key for signing test
 * requests, the public key as 64 hex characters (`DISCORD_PUBLIC_KEY`).
 *
 * @example
 * ```ts
 * const { privateKey, publicKeyHex } = await generateDiscordKeys();
 * ```
 */
export async function generateDiscordKeys(): Promise<
  { privateKey: CryptoKey; publicKeyHex: string }
> {
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  const publicKeyHex = Array.from(raw, (b) => b.toString(16).padStart(2, "0")).join("");
  return { privateKey: pair.privateKey, publicKeyHex };
}

/**
 * The signing headers Discord sends: `X-Signature-Ed25519` over `timestamp + body`.
 *
 * @example
 * ```ts
 * const headers = await signInteraction(privateKey, body, 1_795_000_000);
 * ```
 */
export async function signInteraction(
  privateKey: CryptoKey,
  body: string,
  timestamp: number | string,
): Promise<Headers> {
  const data = new TextEncoder().encode(`${timestamp}${body}`);
  const signature = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, privateKey, data));
  return new Headers({
    "content-type": "application/json",
    "x-signature-ed25519": Array.from(signature, (b) => b.toString(16).padStart(2, "0")).join(""),
    "x-signature-timestamp": String(timestamp),
  });
}

/** Ids shared by the builders. */
export const IDS = {
  application: "1100000000000000001",
  guild: "290926798626357250",
  channel: "1110000000000000002",
  user: "80351110224678912",
  clicker: "80351110224678999",
} as const;

const member = (userId: string) => ({
  user: { id: userId, username: "dev", discriminator: "0", global_name: "Dev", avatar: null },
  roles: [],
  permissions: "2147483647",
  joined_at: "2024-01-01T00:00:00.000Z",
  deaf: false,
  mute: false,
  flags: 0,
  pending: false,
  premium_since: null,
});

const base = (id: string, token: string) => ({
  id,
  application_id: IDS.application,
  token,
  version: 1 as const,
  app_permissions: "2147483647",
  locale: "en-US" as const,
  entitlements: [],
  authorizing_integration_owners: {},
  attachment_size_limit: 10_485_760,
});

/**
 * A PING interaction body.
 *
 * @example
 * ```ts
 * JSON.stringify(pingInteraction());
 * ```
 */
export function pingInteraction(): APIPingInteraction {
  return { ...base("1300000000000000000", "ping-token"), type: InteractionType.Ping };
}

/**
 * A `/ci-test <subcommand> key:value …` interaction in a guild channel.
 *
 * @example
 * ```ts
 * slashInteraction({ subcommand: "analyze", options: { repo: "acme/app" } });
 * ```
 */
export function slashInteraction(options: {
  subcommand: string;
  options?: Record<string, string | number>;
  id?: string;
  token?: string;
  userId?: string;
  commandName?: string;
}): APIApplicationCommandInteraction {
  const entries = Object.entries(options.options ?? {});
  return {
    ...base(options.id ?? "1300000000000000001", options.token ?? "interaction-token-1"),
    type: InteractionType.ApplicationCommand,
    guild_id: IDS.guild,
    guild_locale: "en-US",
    channel_id: IDS.channel,
    channel: {
      id: IDS.channel,
      type: 0,
      name: "ci",
    } as APIApplicationCommandInteraction["channel"],
    member: member(options.userId ?? IDS.user),
    data: {
      id: "1400000000000000001",
      name: options.commandName ?? "ci-test",
      type: ApplicationCommandType.ChatInput,
      options: [{
        type: ApplicationCommandOptionType.Subcommand,
        name: options.subcommand,
        options: entries.map(([name, value]) =>
          typeof value === "number"
            ? { type: ApplicationCommandOptionType.Integer, name, value }
            : { type: ApplicationCommandOptionType.String, name, value }
        ),
      }],
    },
  } as APIApplicationCommandInteraction;
}

/**
 * A button click (MESSAGE_COMPONENT) on one of our messages.
 *
 * @example
 * ```ts
 * buttonInteraction({ customId: "ci:abc", userId: IDS.clicker });
 * ```
 */
export function buttonInteraction(options: {
  customId: string;
  id?: string;
  token?: string;
  userId?: string;
}): APIMessageComponentInteraction {
  return {
    ...base(options.id ?? "1300000000000000002", options.token ?? "interaction-token-2"),
    type: InteractionType.MessageComponent,
    guild_id: IDS.guild,
    guild_locale: "en-US",
    channel_id: IDS.channel,
    channel: { id: IDS.channel, type: 0, name: "ci" },
    member: member(options.userId ?? IDS.clicker),
    message: {
      id: "1500000000000000001",
      channel_id: IDS.channel,
      content: "",
      embeds: [],
      components: [],
    },
    data: { custom_id: options.customId, component_type: ComponentType.Button },
  } as unknown as APIMessageComponentInteraction;
}

/**
 * A MODAL_SUBMIT interaction (type 5): the modal `customId` submitted with `values` (text input
 * `custom_id` → typed value), each input inside a Label component as Discord sends it.
 *
 * @example
 * ```ts
 * modalSubmitInteraction({ customId: "ci-edit:abc", values: { command: "help" } });
 * ```
 */
export function modalSubmitInteraction(options: {
  customId: string;
  values: Record<string, string>;
  id?: string;
  token?: string;
  userId?: string;
}): APIModalSubmitInteraction {
  return {
    ...base(options.id ?? "1300000000000000003", options.token ?? "interaction-token-3"),
    type: InteractionType.ModalSubmit,
    guild_id: IDS.guild,
    guild_locale: "en-US",
    channel_id: IDS.channel,
    channel: { id: IDS.channel, type: 0, name: "ci" },
    member: member(options.userId ?? IDS.user),
    data: {
      custom_id: options.customId,
      components: Object.entries(options.values).map(([customId, value], i) => ({
        type: ComponentType.Label,
        id: i + 1,
        component: { type: ComponentType.TextInput, id: i + 10, custom_id: customId, value },
      })),
    },
  } as unknown as APIModalSubmitInteraction;
}
