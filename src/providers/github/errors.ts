/**
 * The one place where Octokit failures become {@linkcode CiError}s with messages a chat user can
 * act on. Tokens never reach a message: GitHub does not echo them, and we scrub anyway.
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import { GitHubTimeoutError } from "./client.ts";

/** What the failed call was doing, for the message. */
export interface FailureContext {
  /** Verb phrase, e.g. "list workflows of acme/app". */
  action: string;
  /** What a 404 means here, e.g. "Repository acme/app or workflow ci.yml". */
  subject: string;
  token?: string;
  /** Retries plugin-retry made before giving up on a 5xx. */
  retries: number;
  now?: Date;
}

interface HttpFailure {
  status: number;
  message: string;
  headers: Record<string, string | number | undefined>;
  data: unknown;
}

function asHttpFailure(error: unknown): HttpFailure | undefined {
  if (!(error instanceof Error) || !("status" in error) || typeof error.status !== "number") {
    return undefined;
  }
  const response = "response" in error
    ? error.response as { headers?: HttpFailure["headers"]; data?: unknown } | undefined
    : undefined;
  return {
    status: error.status,
    message: error.message,
    headers: response?.headers ?? {},
    data: response?.data,
  };
}

// GitHub puts the reason of a 422 in `errors[].message` ("A pull request already exists for
// acme:branch.") while the top-level message only says "Validation Failed".
function githubMessage(failure: HttpFailure): string {
  const data = failure.data;
  if (typeof data !== "object" || data === null || !("message" in data)) return failure.message;
  const details = "errors" in data && Array.isArray(data.errors)
    ? data.errors.flatMap((e: unknown) =>
      typeof e === "object" && e !== null && "message" in e ? [String(e.message)] : []
    )
    : [];
  return details.length ? `${String(data.message)}: ${details.join("; ")}` : String(data.message);
}

function isRateLimit(failure: HttpFailure): boolean {
  if (failure.status === 429) return true;
  if (failure.status !== 403) return false;
  return String(failure.headers["x-ratelimit-remaining"]) === "0" ||
    /rate limit/i.test(githubMessage(failure));
}

function rateLimitError(failure: HttpFailure, context: FailureContext): CiError {
  const now = context.now ?? new Date();
  const retryAfter = Number(failure.headers["retry-after"]);
  const reset = Number(failure.headers["x-ratelimit-reset"]);
  const secondary = /secondary rate/i.test(githubMessage(failure)) || failure.status === 429;
  if (secondary || !Number.isFinite(reset)) {
    const wait = Number.isFinite(retryAfter) ? `; retry after ${retryAfter} s` : "";
    return new CiError(
      "rate_limited",
      `GitHub secondary rate limit hit while trying to ${context.action}${wait}`,
      { hint: "Too many requests in a short time; wait a minute and try again." },
    );
  }
  const resetAt = new Date(reset * 1000);
  const minutes = Math.max(0, Math.ceil((resetAt.getTime() - now.getTime()) / 60_000));
  return new CiError(
    "rate_limited",
    `GitHub API rate limit exhausted while trying to ${context.action}; it resets at ${resetAt.toISOString()} (in ${minutes} min)`,
    { hint: "Wait for the reset, or use a token with a higher limit (a GitHub App installation)." },
  );
}

function fromHttp(failure: HttpFailure, context: FailureContext): CiError {
  const { status } = failure;
  if (status === 401) {
    return context.token
      ? new CiError(
        "unauthorized",
        `GITHUB_TOKEN was rejected by GitHub (401 ${
          githubMessage(failure)
        }) while trying to ${context.action}`,
        { hint: "Create a new token with Actions and Contents access and set GITHUB_TOKEN." },
      )
      : new CiError(
        "unauthorized",
        `GitHub requires authentication to ${context.action}, and GITHUB_TOKEN is not set`,
        { hint: "Set GITHUB_TOKEN to a token that can read the repository." },
      );
  }
  if (isRateLimit(failure)) return rateLimitError(failure, context);
  if (status === 403) {
    return new CiError(
      "forbidden",
      `GitHub refused to ${context.action}: ${githubMessage(failure)}`,
      {
        hint: "Check that GITHUB_TOKEN can see the repository and has the Actions, Contents " +
          "and Pull requests permissions this needs.",
      },
    );
  }
  if (status === 404) {
    return new CiError("not_found", `${context.subject} not found, or the token cannot see it`, {
      hint: "Check the owner/name and workflow file spelling, and that GITHUB_TOKEN has access.",
    });
  }
  if (status === 409 || status === 422) {
    return new CiError(
      "bad_request",
      `GitHub rejected the request to ${context.action}: ${githubMessage(failure)}`,
      { hint: "Check the ref, workflow and inputs against the repository." },
    );
  }
  if (status >= 500) {
    const answered = Object.keys(failure.headers).length > 0;
    const message = answered
      ? `GitHub answered ${status} while trying to ${context.action}, after ${context.retries} retries`
      : `Could not reach GitHub to ${context.action}: ${failure.message}`;
    return new CiError("upstream", message, {
      hint: "GitHub may be having trouble (see githubstatus.com); try again shortly.",
    });
  }
  return new CiError(
    "upstream",
    `GitHub answered ${status} while trying to ${context.action}: ${githubMessage(failure)}`,
  );
}

function scrub(error: CiError, token: string | undefined, cause: unknown): CiError {
  if (!token || (!error.message.includes(token) && !error.hint?.includes(token))) return error;
  const clean = (text: string) => text.replaceAll(token, "[redacted]");
  return new CiError(error.code, clean(error.message), {
    hint: error.hint === undefined ? undefined : clean(error.hint),
    cause,
  });
}

/**
 * Maps anything an Octokit call threw to a {@linkcode CiError} (`unauthorized`, `forbidden`,
 * `not_found`, `rate_limited`, `timeout`, `upstream`, `bad_request`), keeping it as `cause`.
 *
 * @example
 * ```ts
 * const err = toProviderError(new Error("boom"), {
 *   action: "list workflows of acme/app", subject: "Repository acme/app", retries: 3,
 * });
 * err.code; // "upstream"
 * ```
 */
export function toProviderError(error: unknown, context: FailureContext): CiError {
  if (error instanceof CiError) return error;
  if (error instanceof GitHubTimeoutError) {
    return new CiError("timeout", `${error.message} while trying to ${context.action}`, {
      hint: "GitHub is slow or unreachable; try again, and check GITHUB_API_URL if it persists.",
      cause: error,
    });
  }
  const failure = asHttpFailure(error);
  const mapped = failure ? fromHttp(failure, context) : new CiError(
    "upstream",
    `Could not ${context.action}: ${error instanceof Error ? error.message : String(error)}`,
  );
  const withCause = new CiError(mapped.code, mapped.message, { hint: mapped.hint, cause: error });
  return scrub(withCause, context.token, error);
}
