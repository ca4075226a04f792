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

/**
 * Replaces values under secret-looking keys with `"[redacted]"`, recursively.
 *
 * @example
 * ```ts
 * redact({ token: "xoxb-1", user: "u" }); // { token: "[redacted]", user: "u" }
 * ```
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
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
    write(JSON.stringify({ time: now().toISOString(), level, msg, ...entry }));
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
    entries.push({ level, msg, ...(redact({ ...fields, ...extra }) as LogFields) });
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
