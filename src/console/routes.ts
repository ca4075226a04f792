/**
 * The console's routes on the service's Hono app: `GET /` (the form; `?q=` only fills it in),
 * `POST /` (runs the command; same-origin and an anti-forgery token required) and
 * `GET /console/jobs/:id` (a job's progress, reloading itself until the final report). Every
 * response carries a CSP like the report page's: no script, inline styles, images from itself.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { readBounded } from "../body.ts";
import { CiError, toCiError } from "../errors.ts";
import { sha256Hex } from "../hash.ts";
import { escapeHtml } from "../report/escape.ts";
import { checkCredential, sameSecret } from "./access.ts";
import { consolePage, type Outcome } from "./page.ts";
import { type ConsoleDeps, jobOutcome, runCommand } from "./run.ts";

/**
 * Headers of every console response: nothing may run, styles only inline, images and form posts
 * only to this server, never framed, never cached. The referrer is kept on same-origin requests
 * only: with `no-referrer` a browser sends `Origin: null` on the form's POST, which the
 * cross-site check must refuse.
 *
 * @example
 * ```ts
 * CONSOLE_HEADERS["content-security-policy"].startsWith("default-src 'none'"); // true
 * ```
 */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; " +
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
  "x-robots-tag": "noindex",
  "cache-control": "private, no-store",
};

/** Largest form body `POST /` reads. */
const MAX_FORM_BYTES = 16 * 1024;
/** Longest command text, like the chat surfaces' own caps. */
const MAX_TEXT = 2000;

const STATUS: Partial<Record<CiError["code"], 401 | 403 | 413 | 400 | 500>> = {
  unauthorized: 401,
  forbidden: 403,
  too_large: 413,
  bad_request: 400,
  config: 500,
};

function refusal(c: Context, error: CiError): Response {
  for (const [name, value] of Object.entries(CONSOLE_HEADERS)) c.header(name, value);
  if (error.code === "unauthorized") {
    c.header("www-authenticate", 'Basic realm="ci-orchestrator console", charset="UTF-8"');
  }
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Console — ` +
    `refused</title></head><body><main><h1>${escapeHtml(error.message)}</h1>` +
    `${error.hint ? `<p>${escapeHtml(error.hint)}</p>` : ""}</main></body></html>`;
  return c.html(body, STATUS[error.code] ?? 400);
}

/**
 * Refuses a POST a browser sent from another site: `Sec-Fetch-Site` other than same-origin (or
 * a typed navigation), or an `Origin` that is neither this request's nor the public URL's.
 */
function crossSite(c: Context, origin: string): CiError | undefined {
  const site = c.req.header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    return new CiError("forbidden", `A ${site} form may not run console commands`, {
      hint: "Open the console itself and press Run there.",
    });
  }
  const from = c.req.header("origin");
  const own = [new URL(c.req.url).origin, new URL(origin).origin];
  if (from && !own.includes(from)) {
    return new CiError("forbidden", `Requests from ${from.slice(0, 100)} may not run commands`, {
      hint: "Open the console itself and press Run there.",
    });
  }
  return undefined;
}

/**
 * Mounts the console on `app`. Throws `CiError("config")` when it is on outside demo mode
 * without `CONSOLE_TOKEN`; when it is off, its routes answer 404 saying how to switch it on.
 *
 * @example
 * ```ts
 * registerConsole(app, { settings: consoleSettings(config.env), ...deps });
 * const res = await app.request("/", { headers: { authorization: "Bearer s3cret" } });
 * ```
 */
export function registerConsole(app: Hono, deps: ConsoleDeps): void {
  const { settings } = deps;
  if (!settings.on) {
    const off = (c: Context) =>
      c.json({ error: "The console is off: set CONSOLE=on and CONSOLE_TOKEN to enable it" }, 404);
    app.get("/", off);
    app.post("/", off);
    app.get("/console/jobs/:id", off);
    return;
  }
  if (!settings.demo && !settings.token) {
    throw new CiError("config", "The console is on (CONSOLE=on) but CONSOLE_TOKEN is not set", {
      hint: "Set CONSOLE_TOKEN to a long random secret, or leave CONSOLE unset.",
    });
  }
  // The anti-forgery token: only a page this server sent (behind the credential) carries it, and
  // a cross-site form cannot read it. Derived from CONSOLE_TOKEN, it is the same on every
  // instance and after a restart; in demo mode (no token) it is one random id per process.
  const csrfReady = settings.token
    ? sha256Hex(`ci-orchestrator console form\n${settings.token}`)
    : Promise.resolve(deps.newId());
  const actingAs = settings.demo
    ? "the local user (demo mode, like the CLI)"
    : "mcp-key:console (grant it in the policy file)";

  const page = async (c: Context, query: string, outcome: Outcome) => {
    const csrf = await csrfReady;
    for (const [name, value] of Object.entries(CONSOLE_HEADERS)) c.header(name, value);
    return c.html(consolePage({ query, csrf, demo: settings.demo, actingAs, outcome }));
  };
  const guarded = (handler: (c: Context) => Promise<Response>) => async (c: Context) => {
    try {
      await checkCredential(settings, c.req.header("authorization"));
      return await handler(c);
    } catch (error) {
      return refusal(c, toCiError(error));
    }
  };

  app.get(
    "/",
    guarded((c) => page(c, (c.req.query("q") ?? "").slice(0, MAX_TEXT), { kind: "none" })),
  );
  app.post(
    "/",
    guarded(async (c) => {
      const forged = crossSite(c, deps.origin);
      if (forged) {
        await c.req.raw.body?.cancel();
        throw forged;
      }
      const body = await readBounded(c.req.raw, MAX_FORM_BYTES);
      if (!body.ok) {
        throw new CiError("too_large", `The form is ${body.size} bytes, over ${MAX_FORM_BYTES}`);
      }
      const form = new URLSearchParams(new TextDecoder().decode(body.bytes));
      if (!await sameSecret(form.get("csrf") ?? "", await csrfReady)) {
        throw new CiError("forbidden", "The form's anti-forgery token is missing or stale", {
          hint: "Reload the console and run the command again.",
        });
      }
      const query = (form.get("q") ?? "").trim().slice(0, MAX_TEXT);
      const outcome: Outcome = query
        ? await runCommand(query, deps)
        : { kind: "error", message: "Type a command first", hint: "For example: help" };
      return await page(c, query, outcome);
    }),
  );
  app.get(
    "/console/jobs/:id",
    guarded(async (c) =>
      page(c, "", await jobOutcome(c.req.param("id") ?? "", c.req.query("report"), deps))
    ),
  );
}
