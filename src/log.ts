/**
 * Structured JSON logging behind a small interface, so tests inject a recording logger and
 * production writes one JSON object per line.
 *
 * @module
 */

/** Severity of a log line. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Extra structured fields on a log line. */
export type LogFields = Record<string, unknown>;

/** What every layer receives to log with. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. a request id). */
  child(fields: LogFields): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Field names whose values are secrets whatever they contain; redacted before anything is written.
const SECRET_KEY = /token|secret|password|authorization|signature|api[-_]?key|cookie/i;

// Secrets that travel inside text: URL paths that are credentials (Discord interaction
// webhooks, Slack response_url / incoming webhooks), credential query parameters (pre-signed
// log URLs, OAuth codes), and token shapes. Any string logged, message included, is scrubbed.
const SECRET_TEXT: Array<[RegExp, string]> = [
  [/(\/webhooks\/\d+\/)[^/?#\s"']+/g, "$1[redacted]"],
  [/(\/interactions\/\d+\/)[^/?#\s"']+/g, "$1[redacted]"],
  [/(\/(?:commands|actions|services|triggers)\/)[A-Z0-9]+\/[\w-]+\/[\w-]+/g, "$1[redacted]"],
  [
    /([?&](?:token|access_token|refresh_token|code|sig|signature|secret|client_secret|password|key|api[-_]?key)=)[^&#\s"']+/gi,
    "$1[redacted]",
  ],
  [/\b(?:xox[abposre]|xapp)-[\w-]+/g, "[redacted]"],
  [/\b(?:gh[pousr]_\w+|github_pat_\w+)/g, "[redacted]"],
  [/\b(Bearer|Bot|Basic|token)\s+[\w.~+/=-]{16,}/g, "$1 [redacted]"],
  [/\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g, "[redacted jwt]"],
];

/**
 * Removes credentials embedded in text: Discord `/webhooks/{application}/{token}` and
 * `/interactions/{id}/{token}` paths, Slack `response_url` paths, credential query parameters,
 * and Slack, GitHub, bearer and JWT token shapes.
 *
 * @example
 * ```ts
 * redactText("PATCH /webhooks/11/aW50ZXJ/messages/@original"); // "PATCH /webhooks/11/[redacted]/messages/@original"
 * ```
 */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Replaces values under secret-looking keys with `"[redacted]"`, recursively, and scrubs
 * credentials embedded in every string ({@linkcode redactText}).
 *
 * @example
 * ```ts
 * redact({ token: "xoxb-1", user: "u" }); // { token: "[redacted]", user: "u" }
 * ```
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) ? "[redacted]" : redact(v, depth + 1);
  }
  return out;
}

/**
 * A logger writing one JSON line per entry through `write` (stderr by default).
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const log = jsonLogger({ level: "info", write: (l) => lines.push(l) });
 * log.info("started", { port: 8000 });
 * ```
 */
export function jsonLogger(
  options: {
    level?: LogLevel;
    write?: (line: string) => void;
    fields?: LogFields;
    now?: () => Date;
  } = {},
): Logger {
  const min = ORDER[options.level ?? "info"];
  const write = options.write ?? ((line: string) => console.error(line));
  const now = options.now ?? (() => new Date());
  const base = options.fields ?? {};
  const emit = (level: LogLevel) => (msg: string, fields: LogFields = {}) => {
    if (ORDER[level] < min) return;
    const entry = redact({ ...base, ...fields }) as LogFields;
    write(JSON.stringify({ time: now().toISOString(), level, msg: redactText(msg), ...entry }));
  };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: (fields) => jsonLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/**
 * A logger that keeps entries in memory, for tests that assert on what was logged.
 *
 * @example
 * ```ts
 * const log = memoryLogger();
 * log.warn("careful");
 * log.entries[0].level; // "warn"
 * ```
 */
export function memoryLogger(
  fields: LogFields = {},
  entries: Array<{ level: LogLevel; msg: string } & LogFields> = [],
): Logger & { entries: Array<{ level: LogLevel; msg: string } & LogFields> } {
  const emit = (level: LogLevel) => (msg: string, extra: LogFields = {}) => {
    entries.push({
      level,
      msg: redactText(msg),
      ...(redact({ ...fields, ...extra }) as LogFields),
    });
  };
  return {
    entries,
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: (more) => memoryLogger({ ...fields, ...more }, entries),
  };
}
