/**
 * Who may use the web console and as whom it acts. On in demo mode (`deno task demo`), opt-in otherwise
 * (`CONSOLE=on`); outside demo mode every request needs `CONSOLE_TOKEN` (a bearer token, or the
 * password of HTTP Basic so a browser can ask for it), compared in constant time.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import type { RequestMeta } from "../surface.ts";

/** How the console runs, read from the environment. */
export interface ConsoleSettings {
  /** Whether `/` serves the console. */
  on: boolean;
  /** Demo mode: the simulator only, no token asked, the local user acts like the CLI. */
  demo: boolean;
  /** `CONSOLE_TOKEN`: required outside demo mode. */
  token?: string;
}

/**
 * Reads the console's settings from the environment record (the config's `env`). Demo mode is
 * never read from the environment: only `deno task demo`, which talks to the simulator, passes
 * `demo` (boot's option), so no variable can open a console without a credential on a service
 * that holds a real GitHub token.
 *
 * @example
 * ```ts
 * consoleSettings({ CONSOLE: "on", CONSOLE_TOKEN: "s3cret-s3cret-s3cret" }); // { on: true, demo: false, token: "s3cret-s3cret-s3cret" }
 * consoleSettings({}, true).on; // true
 * ```
 */
export function consoleSettings(
  env: Readonly<Record<string, unknown>>,
  demo = false,
): ConsoleSettings {
  const text = (name: string) =>
    typeof env[name] === "string" && (env[name] as string).trim() !== ""
      ? (env[name] as string).trim()
      : undefined;
  const token = text("CONSOLE_TOKEN");
  return { on: demo || text("CONSOLE") === "on", demo, ...(token ? { token } : {}) };
}

/** The console's one local user: its id in jobs, audit entries and the policy. */
export const CONSOLE_USER = "console";

/**
 * As whom a console request runs. In demo mode the person at the keyboard started the service
 * on their own machine against the simulator: they act like the CLI. Otherwise the token is a
 * shared key, governed by the policy file as `mcp-key:console` like any key-holding caller.
 *
 * @example
 * ```ts
 * consoleMeta({ on: true, demo: false }, "r1"); // { surface: "mcp", via: "mcp-key", userId: "console", requestId: "r1" }
 * ```
 */
export function consoleMeta(settings: ConsoleSettings, requestId: string): RequestMeta {
  return settings.demo
    ? { surface: "cli", userId: CONSOLE_USER, requestId }
    : { surface: "mcp", via: "mcp-key", userId: CONSOLE_USER, requestId };
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/**
 * Compares two secrets in constant time: hashing first makes both the same length, so the loop's
 * time says nothing of either.
 *
 * @example
 * ```ts
 * await sameSecret("a", "a"); // true
 * ```
 */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(given), sha256(expected)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** The secret a request presents: `Bearer <token>`, or the password of `Basic user:token`. */
function presented(authorization: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? "");
  if (!basic) return undefined;
  try {
    const decoded = atob(basic[1]);
    const colon = decoded.indexOf(":");
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a request's credential. Throws `CiError("unauthorized")` when the token is missing or
 * wrong, and `CiError("config")` when the console is on outside demo mode without a token.
 *
 * @example
 * ```ts
 * await checkCredential({ on: true, demo: false, token: "s3cret" }, "Bearer s3cret"); // passes
 * ```
 */
export async function checkCredential(
  settings: ConsoleSettings,
  authorization: string | undefined,
): Promise<void> {
  if (settings.demo) return;
  if (!settings.token) {
    throw new CiError("config", "The console is on (CONSOLE=on) but CONSOLE_TOKEN is not set", {
      hint: "Set CONSOLE_TOKEN to a long random secret; browsers send it as the Basic password.",
    });
  }
  const given = presented(authorization);
  if (given === undefined || !await sameSecret(given, settings.token)) {
    throw new CiError(
      "unauthorized",
      given === undefined ? "No console credential" : "The console credential is wrong",
      { hint: "Send `Authorization: Bearer <CONSOLE_TOKEN>`, or sign in with it as password." },
    );
  }
}
