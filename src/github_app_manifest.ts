/**
 * `deno task github:app-manifest [--name NAME]`: prints the GitHub App manifest of this service
 * (JSON), to register the App in one step ("Registering a GitHub App from a manifest"; see
 * `docs/github-app.md`). Webhooks and the OAuth callback point at `PUBLIC_URL`.
 *
 * `installation` and `installation_repositories` are not listed in `default_events`: GitHub
 * delivers them to every App whatever it subscribes to, and refuses them in a manifest.
 *
 * @module
 */
import { refuseWithoutPublicUrl } from "./setup_task.ts";
import { CiError } from "./errors.ts";

/** The App's name unless `--name` says otherwise (names are unique on GitHub). */
export const DEFAULT_NAME = "ci-orchestrator";

/** What the service does with GitHub, and no more. */
export const APP_PERMISSIONS = {
  actions: "write", // dispatch, cancel and re-run workflows; read runs, jobs, logs, artifacts
  contents: "write", // read workflow files; push the branch of a migration pull request
  pull_requests: "write", // open the pull request of `apply`
  metadata: "read", // mandatory for every App
  checks: "read", // check runs of a commit, for status
} as const;

/** Webhooks the App subscribes to: runs and jobs wake the job that follows them. */
export const APP_EVENTS = ["workflow_run", "workflow_job"] as const;

const USAGE = `Usage: deno task github:app-manifest [--name NAME]

Prints the GitHub App manifest (JSON) for this service. Needs PUBLIC_URL, the public https base
of the service: GitHub sends webhooks to PUBLIC_URL/github/webhooks and OAuth callbacks to
PUBLIC_URL/auth/github/callback.

  --name NAME   the App's name on GitHub (default ${DEFAULT_NAME}; must be unique)
  --help        this text

Then follow docs/github-app.md: submit the manifest, note the App id, generate a private key.
`;

/**
 * The manifest for a service reachable at `publicUrl`. Throws `CiError("config")` when it is not
 * an http(s) URL.
 *
 * @example
 * ```ts
 * const manifest = buildAppManifest("https://ci.acme.example");
 * manifest.hook_attributes.url; // "https://ci.acme.example/github/webhooks"
 * ```
 */
export function buildAppManifest(publicUrl: string, name = DEFAULT_NAME) {
  let base: URL;
  try {
    base = new URL(publicUrl.trim());
  } catch {
    base = new URL("invalid:");
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") {
    throw new CiError(
      "config",
      `PUBLIC_URL must be an http(s) URL: current value is '${publicUrl}'`,
      {
        hint: "Set PUBLIC_URL to the service's public base, e.g. https://ci.acme.example",
      },
    );
  }
  const root = base.href.replace(/\/+$/, "");
  return {
    name,
    url: root,
    description: "Drives GitHub Actions from Slack, Discord, Teams, Copilot and MCP.",
    hook_attributes: { url: `${root}/github/webhooks`, active: true },
    // GitHub sends the browser here with `?code=…` after the App is created; docs/github-app.md
    // says how to exchange that code for the App's id, key and secrets.
    redirect_url: root,
    callback_urls: [`${root}/auth/github/callback`],
    public: false,
    request_oauth_on_install: false,
    default_permissions: { ...APP_PERMISSIONS },
    default_events: [...APP_EVENTS],
  };
}

/**
 * Runs the task: prints the manifest or the usage; returns the exit code (2 for a usage or
 * configuration error, with the message on `err`).
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * runManifestTask([], { PUBLIC_URL: "https://ci.acme.example" }, (t) => out.push(t), console.error); // 0
 * ```
 */
export function runManifestTask(
  args: string[],
  env: { PUBLIC_URL?: string },
  out: (text: string) => void,
  err: (text: string) => void,
): number {
  let name = DEFAULT_NAME;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.split("=", 2);
    if (flag === "--help" || flag === "-h") {
      out(USAGE);
      return 0;
    }
    const value = inline ?? args[++i];
    if (flag !== "--name" || !value?.trim()) {
      err(`Unknown option or missing value: '${arg}'`);
      err(USAGE);
      return 2;
    }
    name = value.trim();
  }
  const publicUrl = env.PUBLIC_URL?.trim();
  if (!publicUrl) return refuseWithoutPublicUrl("the GitHub App manifest", err);
  try {
    out(JSON.stringify(buildAppManifest(publicUrl, name), null, 2));
    return 0;
  } catch (error) {
    if (!(error instanceof CiError)) throw error;
    err(error.message);
    if (error.hint) err(error.hint);
    return 2;
  }
}

if (import.meta.main) {
  Deno.exit(
    runManifestTask(
      Deno.args,
      // --help must work without the env permission; ask only when it is needed.
      Deno.args.some((a) => a === "--help" || a === "-h")
        ? {}
        : { PUBLIC_URL: Deno.env.get("PUBLIC_URL") },
      console.log,
      console.error,
    ),
  );
}
