/**
 * The GitHub App of the simulator: its key pair, installations per account (selected
 * repositories or all of the account's), `ghs_` installation tokens that last an hour of sim
 * time and reach only their installation's repositories (404 elsewhere, as GitHub hides them),
 * and `installation` / `installation_repositories` webhooks when tests install, add
 * repositories or uninstall. Routes are in `github_app_routes.ts`, the JWT check in
 * `github_app_jwt.ts`.
 *
 * @example
 * ```ts
 * import { startGitHubSim } from "./github.ts";
 * const sim = await startGitHubSim({
 *   app: { id: 42, installations: [{ id: 7, account: "acme", repos: ["acme/app"] }] },
 * });
 * sim.app!.privateKeyPem; // sign an app JWT with it, then POST /app/installations/7/access_tokens
 * await sim.close();
 * ```
 *
 * @module
 */
import type { Context, Next } from "hono";
import { generateAppKeys, verifyAppJwt } from "./github_app_jwt.ts";
import type { WebhookSender } from "./github_hooks.ts";
import { ghError, json } from "./github_http.ts";
import { randomText } from "./github_oauth_wire.ts";
import { nodeId, simpleUser } from "./github_payloads.ts";
import type { GitHubSimState, SimRepo } from "./github_state.ts";
import { userId } from "./github_users.ts";

/** One installation of the App on an account. */
export interface SimInstallation {
  id: number;
  /** The user or organisation login the App is installed on. */
  account: string;
  /** Selected repositories (`owner/name`, or `name` in the account), or every one of the account's. */
  repos: string[] | "all";
}

/** The App (option `app` of the simulator). */
export interface SimAppOptions {
  id: number;
  /** Default `ci-orchestrator`. */
  slug?: string;
  installations: SimInstallation[];
}

/** One installation access token issued. */
export interface SimInstallationToken {
  token: string;
  installationId: number;
  expiresAt: Date;
  /** Narrowed to these repositories (`owner/name`) when the token was asked for some only. */
  repositories?: string[];
}

/** What tests see of the App (`sim.app`). */
export interface SimApp {
  /** The App's private key, PKCS#8 PEM, RSA 2048, generated at start. */
  privateKeyPem: string;
  /** Installation tokens issued so far. */
  tokens: SimInstallationToken[];
  /** Adds an installation and sends an `installation` (action "created") webhook. */
  install(installation: SimInstallation): Promise<void>;
  /** Sends `installation_repositories` (action "added") and updates the installation. */
  addRepositories(installationId: number, repos: string[]): Promise<void>;
  /** Deletes an installation (its tokens stop working) and sends `installation` "deleted". */
  uninstall(installationId: number): Promise<void>;
}

/** What the App needs from the simulator. */
export interface AppDeps {
  state: GitHubSimState;
  hooks: WebhookSender;
  /** Every repository of the simulator (for installations on "all"). */
  allRepos: () => SimRepo[];
  /** Whether a login is a person (an installation on it is a "User" one, else "Organization"). */
  isPerson: (login: string) => boolean;
  /** The App's OAuth client id, when the simulator has OAuth. */
  clientId?: string;
}

/** The permissions every installation grants (what ci-orchestrator asks for). */
export const APP_PERMISSIONS = {
  actions: "write",
  contents: "write",
  metadata: "read",
  pull_requests: "write",
  workflows: "write",
} as const;

const JWT_ROUTE =
  /^\/(?:app(?:\/.*)?|(?:repos\/[^/]+\/[^/]+|orgs\/[^/]+|users\/[^/]+)\/installation)$/;
const JWT_SHAPE = /^eyJ[\w-]*\.[\w-]*\.[\w-]*$/;
const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * The App's state. Create it with {@linkcode AppSim.create}; the API middleware asks
 * {@linkcode AppSim.serveApi} about each request first.
 *
 * @example
 * ```ts
 * // const app = await AppSim.create(options.app, { state, hooks, allRepos, isPerson });
 * // mountAppRoutes(api, app);
 * ```
 */
export class AppSim implements SimApp {
  readonly id: number;
  readonly slug: string;
  readonly privateKeyPem: string;
  readonly tokens: SimInstallationToken[] = [];
  readonly deps: AppDeps;
  readonly installations = new Map<number, SimInstallation & { createdAt: string }>();
  readonly #publicKey: CryptoKey;

  private constructor(
    options: SimAppOptions,
    deps: AppDeps,
    keys: Awaited<ReturnType<typeof generateAppKeys>>,
  ) {
    this.id = options.id;
    this.slug = options.slug ?? "ci-orchestrator";
    this.deps = deps;
    this.privateKeyPem = keys.privateKeyPem;
    this.#publicKey = keys.publicKey;
    for (const installation of options.installations) this.#add(installation);
  }

  /** Generates the key pair and sets up the configured installations (no webhooks for these). */
  static async create(options: SimAppOptions, deps: AppDeps): Promise<AppSim> {
    return new AppSim(options, deps, await generateAppKeys());
  }

  #add(installation: SimInstallation): SimInstallation & { createdAt: string } {
    const repos: SimInstallation["repos"] = installation.repos === "all"
      ? "all"
      : installation.repos.map((r) => this.#fullName(installation.account, r));
    const added = { ...installation, repos, createdAt: iso(this.deps.state.clock.now()) };
    this.installations.set(installation.id, added);
    return added;
  }

  #fullName(account: string, repo: string): string {
    return repo.includes("/") ? repo : `${account}/${repo}`;
  }

  #installation(id: number): SimInstallation & { createdAt: string } {
    const installation = this.installations.get(id);
    if (!installation) throw new Error(`GitHub sim: no App installation ${id}`);
    return installation;
  }

  /** Whether `installation` reaches repository `full` (which must exist). */
  covers(installation: SimInstallation, full: string): boolean {
    const repo = this.deps.state.repo(full);
    if (!repo) return false;
    return installation.repos === "all"
      ? repo.facts.owner.toLowerCase() === installation.account.toLowerCase()
      : installation.repos.some((r) => r.toLowerCase() === full.toLowerCase());
  }

  /** The existing repositories `installation` reaches. */
  reposOf(installation: SimInstallation): SimRepo[] {
    return this.deps.allRepos().filter((repo) => this.covers(installation, repo.fullName));
  }

  /** GitHub's `installation` object. */
  installationPayload(installation: SimInstallation & { createdAt: string }) {
    const { hosts } = this.deps.state;
    const type = this.deps.isPerson(installation.account) ? "User" : "Organization";
    const accountId = userId(installation.account);
    return {
      id: installation.id,
      client_id: this.deps.clientId,
      account: { ...simpleUser(hosts, installation.account, accountId), type },
      repository_selection: installation.repos === "all" ? "all" : "selected",
      access_tokens_url: `${hosts.api}/app/installations/${installation.id}/access_tokens`,
      repositories_url: `${hosts.api}/installation/repositories`,
      html_url: type === "User"
        ? `${hosts.web}/settings/installations/${installation.id}`
        : `${hosts.web}/organizations/${installation.account}/settings/installations/${installation.id}`,
      app_id: this.id,
      app_slug: this.slug,
      target_id: accountId,
      target_type: type,
      permissions: APP_PERMISSIONS,
      events: ["workflow_job", "workflow_run"],
      created_at: installation.createdAt,
      updated_at: installation.createdAt,
      single_file_name: null,
      has_multiple_single_files: false,
      single_file_paths: [],
      suspended_by: null,
      suspended_at: null,
    };
  }

  /** Issues an installation token, narrowed to `repositories` (`owner/name`) when given. */
  issueToken(installationId: number, repositories?: string[]): SimInstallationToken {
    const record: SimInstallationToken = {
      token: `ghs_${randomText(36)}`,
      installationId,
      expiresAt: new Date(this.deps.state.clock.now().getTime() + 3_600_000),
      ...(repositories ? { repositories } : {}),
    };
    this.tokens.push(record);
    return record;
  }

  async #deliver(
    event: string,
    payload: { action: string; [key: string]: unknown },
  ): Promise<void> {
    const { state, hooks } = this.deps;
    const sender = simpleUser(state.hosts, state.actor, userId(state.actor));
    const body = { ...payload, requester: null, sender };
    hooks.send(event, body, iso(state.clock.now()));
    await hooks.idle();
  }

  #hookRepos(repos: SimRepo[]) {
    return repos.map((repo) => ({
      id: repo.facts.id,
      node_id: nodeId("R", repo.facts.id),
      name: repo.facts.name,
      full_name: repo.fullName,
      private: repo.facts.private,
    }));
  }

  /** Adds an installation and sends an `installation` (action "created") webhook. */
  async install(installation: SimInstallation): Promise<void> {
    const added = this.#add(installation);
    await this.#deliver("installation", {
      action: "created",
      installation: this.installationPayload(added),
      repositories: this.#hookRepos(this.reposOf(added)),
    });
  }

  /** Sends `installation_repositories` (action "added") and updates the installation. */
  async addRepositories(installationId: number, repos: string[]): Promise<void> {
    const installation = this.#installation(installationId);
    const names = repos.map((r) => this.#fullName(installation.account, r));
    if (installation.repos !== "all") installation.repos = [...installation.repos, ...names];
    const added = names.map((name) => this.deps.state.repo(name))
      .filter((repo): repo is SimRepo => repo !== undefined);
    await this.#deliver("installation_repositories", {
      action: "added",
      installation: this.installationPayload(installation),
      repository_selection: installation.repos === "all" ? "all" : "selected",
      repositories_added: this.#hookRepos(added),
      repositories_removed: [],
    });
  }

  /** Deletes an installation (its tokens stop working) and sends `installation` "deleted". */
  async uninstall(installationId: number): Promise<void> {
    const installation = this.#installation(installationId);
    const repositories = this.#hookRepos(this.reposOf(installation));
    this.installations.delete(installationId);
    await this.#deliver("installation", {
      action: "deleted",
      installation: this.installationPayload(installation),
      repositories,
    });
  }

  /**
   * Serves an API request if it is App business: the JWT routes (`/app…`, `…/installation`),
   * any JWT elsewhere (refused), or an installation token (gated to its repositories).
   * Returns undefined for anything else.
   */
  async serveApi(
    c: Context,
    next: Next,
    path: string,
    token: string | undefined,
  ): Promise<Response | undefined> {
    const nowMs = this.deps.state.clock.now().getTime();
    if (JWT_ROUTE.test(path)) {
      const refused = await verifyAppJwt(token, this.#publicKey, this.id, Math.floor(nowMs / 1000));
      if (refused) return ghError(401, refused);
      await next();
      return c.res;
    }
    // GitHub takes an app JWT on the App's own routes only.
    if (token && JWT_SHAPE.test(token)) return ghError(401, "Bad credentials");
    const record = token === undefined ? undefined : this.tokens.find((t) => t.token === token);
    if (!record) return undefined;
    const installation = this.installations.get(record.installationId);
    if (!installation || nowMs >= record.expiresAt.getTime()) {
      return ghError(401, "Bad credentials");
    }
    const reaches = (repo: SimRepo) =>
      this.covers(installation, repo.fullName) &&
      (!record.repositories ||
        record.repositories.some((r) => r.toLowerCase() === repo.fullName.toLowerCase()));
    if (path === "/installation/repositories" && c.req.method === "GET") {
      const repos = this.reposOf(installation).filter(reaches);
      return await json(c, {
        total_count: repos.length,
        repository_selection: installation.repos === "all" ? "all" : "selected",
        repositories: repos.map((repo) => this.deps.state.repoPayload(repo)),
      });
    }
    if (path === "/user") return ghError(403, "Resource not accessible by integration");
    const match = /^\/repos\/([^/]+)\/([^/]+)/.exec(path);
    const repo = match ? this.deps.state.repo(`${match[1]}/${match[2]}`) : undefined;
    if (match && (!repo || !reaches(repo))) return ghError(404, "Not Found");
    await next();
    return c.res;
  }
}
