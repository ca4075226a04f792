/**
 * A local Discord gateway and the few REST routes a gateway bot needs, on one 127.0.0.1 port.
 * The gateway speaks the real protocol (v10, JSON, no compression): HELLO → IDENTIFY (token
 * and intents checked) → READY → GUILD_CREATE; HEARTBEAT is answered with HEARTBEAT_ACK; RESUME
 * with RESUMED. `sendMessage` emits a MESSAGE_CREATE as a user would cause it.
 *
 * REST (`{apiUrl}/v10/…`, `Authorization: Bot <token>`): `GET /gateway/bot`,
 * `POST /channels/{id}/messages/{id}/threads` (the thread's id is the message's, as on
 * Discord), `POST /channels/{id}/messages` and `PATCH /channels/{id}/messages/{id}`; they also
 * dispatch THREAD_CREATE / MESSAGE_CREATE / MESSAGE_UPDATE over the gateway, so the bot sees its
 * own messages as it would on Discord.
 *
 * @module
 */
import {
  type APIGuildMember,
  type APIMessage,
  type APITextChannel,
  type APIThreadChannel,
  type APIUser,
  ApplicationFlags,
  type ChannelFlags,
  ChannelType,
  type GatewayGuildCreateDispatchData,
  GatewayIntentBits,
  type GatewayMessageCreateDispatchData,
  GatewayOpcodes,
  type GatewayReadyDispatchData,
  type GuildMemberFlags,
  type GuildSystemChannelFlags,
  Locale,
  type MessageFlags,
  MessageType,
  type RoleFlags,
} from "discord-api-types/v10";
import { Hono } from "hono";

const DISCORD_EPOCH = 1420070400000n;

/** Intents that need the Developer Portal switch. */
export const PRIVILEGED_INTENTS = GatewayIntentBits.GuildMembers |
  GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** A REST call the simulator received. */
export interface RecordedCall {
  method: string;
  /** Path after `/api/v10`, e.g. `/channels/1/messages`. */
  path: string;
  body: unknown;
}

/** A frame the bot sent over the gateway. */
export interface ReceivedFrame {
  op: number;
  d: unknown;
}

/** Options; everything has a working default. */
export interface GatewaySimOptions {
  token?: string;
  /** Intents the application may use; leave MessageContent out to play "not enabled". */
  allowedIntents?: number;
  heartbeatIntervalMs?: number;
}

/** What a simulated user message looks like. */
export interface SimMessageInput {
  channelId: string;
  content: string;
  /** Merged over the default user; give another `id` for another user (discord.js caches users). */
  author?: Partial<APIUser>;
  /** Reuse an id to replay a message (as a RESUME does). */
  id?: string;
}

/** The running simulator. */
export interface DiscordGatewaySim {
  /** REST base to hand to discord.js (`rest.api`), e.g. `http://127.0.0.1:1234/api`. */
  apiUrl: string;
  token: string;
  bot: APIUser;
  user: APIUser;
  guildId: string;
  /** Text channels in the guild, by name. */
  channels: Readonly<Record<"general" | "ci", string>>;
  calls: RecordedCall[];
  frames: ReceivedFrame[];
  /** Messages created through REST (by the bot), by channel id, in order; edits in place. */
  posted: Map<string, APIMessage[]>;
  /** Close codes the simulator sent (4004 bad token, 4014 disallowed intents…). */
  closeCodes: number[];
  sendMessage(input: SimMessageInput): GatewayMessageCreateDispatchData;
  /** Gateway connections currently open. */
  connected(): number;
  /** Polls `probe` until it returns something other than undefined/false. */
  waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/**
 * Starts the simulator on a free port.
 *
 * @example
 * ```ts
 * const sim = await startDiscordGatewaySim();
 * sim.sendMessage({ channelId: sim.channels.ci, content: "!ci-test help" });
 * await sim.close();
 * ```
 */
export function startDiscordGatewaySim(
  options: GatewaySimOptions = {},
): Promise<DiscordGatewaySim> {
  const token = options.token ?? "sim-bot-token";
  const allowedIntents = options.allowedIntents ?? 0x7fffffff;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
  let counter = 0;
  const snowflake = () =>
    String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | BigInt(counter++ & 0xfff));

  const bot = simUser({ id: snowflake(), username: "ci-orchestrator", bot: true });
  const user = simUser({ id: snowflake(), username: "alice" });
  const guildId = snowflake();
  const channels = { general: snowflake(), ci: snowflake() };
  const threads = new Map<string, APIThreadChannel>();
  const sockets = new Set<WebSocket>();
  const identified = new Map<WebSocket, { seq: number }>();
  const sessionId = crypto.randomUUID().replaceAll("-", "");
  const sim = {
    calls: [] as RecordedCall[],
    frames: [] as ReceivedFrame[],
    posted: new Map<string, APIMessage[]>(),
    closeCodes: [] as number[],
  };

  const send = (socket: WebSocket, payload: Record<string, unknown>) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  };
  const dispatch = (t: string, d: unknown, only?: WebSocket) => {
    for (const [socket, session] of identified) {
      if (only && socket !== only) continue;
      session.seq += 1;
      send(socket, { op: GatewayOpcodes.Dispatch, t, s: session.seq, d });
    }
  };
  const closeWith = (socket: WebSocket, code: number, reason: string) => {
    sim.closeCodes.push(code);
    socket.close(code, reason);
  };

  const member = (u: APIUser): APIGuildMember => ({
    user: u,
    roles: [],
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
  });
  const textChannel = (id: string, name: string, position: number): APITextChannel => ({
    id,
    type: ChannelType.GuildText,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    parent_id: null,
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0 as ChannelFlags,
  });
  const guildCreate = (): GatewayGuildCreateDispatchData => ({
    id: guildId,
    name: "acme",
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: user.id,
    region: "",
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [{
      id: guildId,
      name: "@everyone",
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: 0,
      permissions: "1071698660929",
      managed: false,
      mentionable: false,
      flags: 0 as RoleFlags,
    }],
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: channels.general,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [member(bot), member(user)],
    channels: [textChannel(channels.general, "general", 0), textChannel(channels.ci, "ci", 1)],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  });
  const message = (
    channelId: string,
    author: APIUser,
    content: string,
    id = snowflake(),
  ): GatewayMessageCreateDispatchData => ({
    id,
    channel_id: channelId,
    guild_id: guildId,
    author,
    member: {
      roles: [],
      joined_at: new Date(0).toISOString(),
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
    },
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: content.includes(`<@${bot.id}>`) ? [{ ...bot, member: member(bot) }] : [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: MessageType.Default,
    flags: 0 as MessageFlags,
    channel_type: threads.has(channelId) ? ChannelType.PublicThread : ChannelType.GuildText,
  });

  const onFrame = (socket: WebSocket, raw: unknown) => {
    if (typeof raw !== "string") return closeWith(socket, 4002, "Decode error");
    const frame = JSON.parse(raw) as ReceivedFrame;
    sim.frames.push(frame);
    switch (frame.op) {
      case GatewayOpcodes.Heartbeat:
        return send(socket, { op: GatewayOpcodes.HeartbeatAck });
      case GatewayOpcodes.Identify: {
        const d = frame.d as { token?: string; intents?: number };
        if (d.token !== token) return closeWith(socket, 4004, "Authentication failed.");
        if (typeof d.intents !== "number") return closeWith(socket, 4013, "Invalid intent(s).");
        if ((d.intents & ~allowedIntents) !== 0) {
          return closeWith(socket, 4014, "Disallowed intent(s).");
        }
        identified.set(socket, { seq: 0 });
        const ready: GatewayReadyDispatchData = {
          v: 10,
          user: bot,
          guilds: [{ id: guildId, unavailable: true }],
          session_id: sessionId,
          resume_gateway_url: `ws://${host}/gateway`,
          shard: [0, 1],
          application: {
            id: bot.id,
            flags: allowedIntents & GatewayIntentBits.MessageContent
              ? ApplicationFlags.GatewayMessageContent
              : 0 as ApplicationFlags,
            flags_new: String(
              allowedIntents & GatewayIntentBits.MessageContent
                ? ApplicationFlags.GatewayMessageContent
                : 0,
            ),
          },
        };
        dispatch("READY", ready, socket);
        return dispatch("GUILD_CREATE", guildCreate(), socket);
      }
      case GatewayOpcodes.Resume: {
        const d = frame.d as { token?: string; session_id?: string; seq?: number };
        if (d.token !== token) return closeWith(socket, 4004, "Authentication failed.");
        if (d.session_id !== sessionId) return send(socket, { op: 9, d: false });
        identified.set(socket, { seq: d.seq ?? 0 });
        return dispatch("RESUMED", null, socket);
      }
      default:
        return closeWith(socket, 4001, "Unknown opcode.");
    }
  };

  const acceptSocket = (request: Request): Response => {
    const query = new URL(request.url).searchParams;
    const { socket, response } = Deno.upgradeWebSocket(request);
    sockets.add(socket);
    socket.onopen = () => {
      if (query.get("v") !== "10") return closeWith(socket, 4012, "Invalid API version.");
      if (query.get("encoding") !== "json" || query.has("compress")) {
        return closeWith(socket, 4002, "Decode error (this simulator speaks plain JSON).");
      }
      send(socket, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: heartbeatIntervalMs } });
    };
    socket.onmessage = (event) => onFrame(socket, event.data);
    socket.onclose = () => {
      sockets.delete(socket);
      identified.delete(socket);
    };
    return response;
  };

  const rest = new Hono().basePath("/api/v10");
  rest.use(async (c, next) => {
    const body = ["POST", "PATCH", "PUT"].includes(c.req.method) ? await c.req.json() : undefined;
    sim.calls.push({ method: c.req.method, path: c.req.path.slice("/api/v10".length), body });
    if (c.req.header("authorization") !== `Bot ${token}`) {
      return c.json({ message: "401: Unauthorized", code: 0 }, 401);
    }
    c.set("body" as never, body as never);
    await next();
  });
  const bodyOf = (c: { get: (k: never) => unknown }) =>
    c.get("body" as never) as Record<string, unknown>;
  const knownChannel = (id: string) => Object.values(channels).includes(id) || threads.has(id);
  const unknownChannel = { message: "Unknown Channel", code: 10003 };

  rest.get("/gateway/bot", (c) =>
    c.json({
      url: `ws://${host}/gateway`,
      shards: 1,
      session_start_limit: {
        total: 1000,
        remaining: 999,
        reset_after: 86_400_000,
        max_concurrency: 1,
      },
    }));
  rest.post("/channels/:channelId/messages/:messageId/threads", (c) => {
    const { channelId, messageId } = c.req.param();
    if (!knownChannel(channelId) || threads.has(channelId)) return c.json(unknownChannel, 404);
    if (threads.has(messageId)) {
      return c.json(
        { message: "A thread has already been created for this message", code: 160004 },
        400,
      );
    }
    const body = bodyOf(c);
    const thread: APIThreadChannel = {
      id: messageId,
      type: ChannelType.PublicThread,
      guild_id: guildId,
      parent_id: channelId,
      owner_id: bot.id,
      name: String(body.name ?? ""),
      flags: 0 as ChannelFlags,
      rate_limit_per_user: 0,
      last_message_id: null,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
      },
    };
    threads.set(messageId, thread);
    dispatch("THREAD_CREATE", { ...thread, newly_created: true });
    return c.json(thread, 201);
  });
  rest.post("/channels/:channelId/messages", (c) => {
    const { channelId } = c.req.param();
    if (!knownChannel(channelId)) return c.json(unknownChannel, 404);
    const body = bodyOf(c);
    const created: APIMessage = {
      ...message(channelId, bot, String(body.content ?? "")),
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
    };
    sim.posted.set(channelId, [...(sim.posted.get(channelId) ?? []), created]);
    dispatch("MESSAGE_CREATE", created);
    return c.json(created);
  });
  rest.patch("/channels/:channelId/messages/:messageId", (c) => {
    const { channelId, messageId } = c.req.param();
    const list = sim.posted.get(channelId) ?? [];
    const index = list.findIndex((m) => m.id === messageId);
    if (index < 0) return c.json({ message: "Unknown Message", code: 10008 }, 404);
    const body = bodyOf(c);
    const edited: APIMessage = {
      ...list[index],
      ...("content" in body ? { content: String(body.content ?? "") } : {}),
      ...(Array.isArray(body.embeds) ? { embeds: body.embeds } : {}),
      edited_timestamp: new Date().toISOString(),
    };
    list[index] = edited;
    dispatch("MESSAGE_UPDATE", { ...edited, guild_id: guildId });
    return c.json(edited);
  });
  rest.notFound((c) => c.json({ message: "404: Not Found", code: 0 }, 404));

  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (request) => {
      const upgrade = request.headers.get("upgrade")?.toLowerCase() === "websocket";
      if (upgrade && new URL(request.url).pathname.replace(/\/$/, "") === "/gateway") {
        return acceptSocket(request);
      }
      return rest.fetch(request);
    },
  );
  const host = `127.0.0.1:${server.addr.port}`;

  return Promise.resolve({
    ...sim,
    apiUrl: `http://${host}/api`,
    token,
    bot,
    user,
    guildId,
    channels,
    sendMessage(input) {
      const data = message(
        input.channelId,
        { ...user, ...input.author },
        input.content,
        input.id,
      );
      dispatch("MESSAGE_CREATE", data);
      return data;
    },
    connected: () => sockets.size,
    async waitFor(probe, what, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > deadline) {
          throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      const closed = [...sockets].map((socket) =>
        new Promise<void>((resolve) => {
          socket.addEventListener("close", () => resolve(), { once: true });
          socket.close(1001, "simulator closing");
        })
      );
      await Promise.all(closed);
      await server.shutdown();
    },
  });
}

function simUser(fields: { id: string; username: string; bot?: boolean }): APIUser {
  return {
    id: fields.id,
    username: fields.username,
    discriminator: "0",
    global_name: fields.username,
    avatar: null,
    ...(fields.bot ? { bot: true } : {}),
  };
}
