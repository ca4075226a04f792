/**
 * The GitHub part of the configuration: API and web base URLs (GitHub Enterprise Server), the
 * service's credentials (a token, or a GitHub App), and account linking (OAuth client and the
 * key that encrypts stored tokens). Pure: a private key given as a path is read by the caller.
 *
 * @module
 */

/** How the service reaches GitHub and who it acts as. */
export interface GitHubConfig {
  /** `GITHUB_TOKEN`: a personal or fine-grained token, for small setups. */
  token?: string;
  /** REST base without a trailing slash (`GITHUB_API_URL`). */
  apiUrl: string;
  /** Web base for the device flow, OAuth and links (`GITHUB_URL`, else derived from the API). */
  webUrl: string;
  /** `GITHUB_APP_ID` + `GITHUB_APP_PRIVATE_KEY`: run as a GitHub App (installation tokens). */
  app?: { appId: string; privateKey: string };
  /**
   * Account linking: on with `GITHUB_CLIENT_ID` and `SECRET_KEY` (tokens are never stored
   * without it). `clientSecret` is needed for the web flow, refresh and revocation.
   */
  accounts?: {
    clientId: string;
    clientSecret?: string;
    secretKey: string;
    /** What an unlinked person may do (`UNLINKED_ACCESS`): read public repositories, or nothing. */
    unlinked: "public-read" | "none";
  };
}

/** The GitHub variables, already trimmed and validated for shape. */
export interface GitHubEnv {
  GITHUB_TOKEN?: string;
  GITHUB_API_URL: string;
  GITHUB_URL?: string;
  GITHUB_APP_ID?: string;
  GITHUB_APP_PRIVATE_KEY?: string;
  GITHUB_CLIENT_ID?: string;
  GITHUB_CLIENT_SECRET?: string;
  SECRET_KEY?: string;
  UNLINKED_ACCESS: "public-read" | "none";
}

/**
 * GitHub's web base for an API base: `https://api.github.com` → `https://github.com`, GHES
 * `https://ghe.example/api/v3` → `https://ghe.example`, anything else (a simulator) → its origin.
 *
 * @example
 * ```ts
 * webUrlFor("https://ghe.acme.internal/api/v3"); // "https://ghe.acme.internal"
 * ```
 */
export function webUrlFor(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === "api.github.com") return "https://github.com";
  return url.origin;
}

const isPem = (text: string) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text);

/**
 * Builds the GitHub configuration; `readFile` reads `GITHUB_APP_PRIVATE_KEY` when it is a path.
 * Returns the problems instead of throwing, so the caller reports them with the rest.
 *
 * @example
 * ```ts
 * const { config, problems } = githubConfig({ GITHUB_API_URL: "https://api.github.com", UNLINKED_ACCESS: "public-read" }, Deno.readTextFileSync);
 * config.webUrl; // "https://github.com"
 * problems; // []
 * ```
 */
export function githubConfig(
  env: GitHubEnv,
  readFile: (path: string) => string,
): { config: GitHubConfig; problems: string[] } {
  const problems: string[] = [];
  const apiUrl = env.GITHUB_API_URL.replace(/\/+$/, "");
  const webUrl = (env.GITHUB_URL ?? webUrlFor(apiUrl)).replace(/\/+$/, "");
  let app: GitHubConfig["app"];
  if (env.GITHUB_APP_ID || env.GITHUB_APP_PRIVATE_KEY) {
    const key = env.GITHUB_APP_PRIVATE_KEY;
    if (!env.GITHUB_APP_ID || !key) {
      problems.push(
        "GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY go together: set both to run as a GitHub App",
      );
    } else {
      let pem = key.replace(/\\n/g, "\n");
      if (!isPem(pem)) {
        try {
          pem = readFile(key);
        } catch {
          problems.push(
            `GITHUB_APP_PRIVATE_KEY: neither a PEM private key nor a readable file (current value is a ${key.length}-character string)`,
          );
        }
      }
      if (problems.length === 0 && !isPem(pem)) {
        problems.push("GITHUB_APP_PRIVATE_KEY: the file holds no PEM private key");
      }
      if (problems.length === 0) app = { appId: env.GITHUB_APP_ID, privateKey: pem };
    }
  }
  let accounts: GitHubConfig["accounts"];
  if (env.GITHUB_CLIENT_ID) {
    if (!env.SECRET_KEY) {
      problems.push(
        "GITHUB_CLIENT_ID needs SECRET_KEY: linked accounts' tokens are stored only encrypted " +
          "(set SECRET_KEY to at least 32 random characters, e.g. `openssl rand -base64 32`)",
      );
    } else {
      accounts = {
        clientId: env.GITHUB_CLIENT_ID,
        clientSecret: env.GITHUB_CLIENT_SECRET,
        secretKey: env.SECRET_KEY,
        unlinked: env.UNLINKED_ACCESS,
      };
    }
  }
  return { config: { token: env.GITHUB_TOKEN, apiUrl, webUrl, app, accounts }, problems };
}
