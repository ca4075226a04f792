/**
 * A small in-process GitHub for the App auth unit tests, served through an injected `fetch`:
 * RS256 JWTs checked against the App's public key and a movable clock, installations per owner,
 * installation tokens valid one hour and only on their installation's repositories. The e2e
 * test runs the same flows against the full simulator (`test/sim/github.ts`).
 *
 * @module
 */

/** An installation of the fake App. */
export interface FakeInstallation {
  id: number;
  account: string;
  repos: "all" | string[];
  suspended?: boolean;
}

/** An RSA key pair as GitHub hands it out (PKCS#1) and as Web Crypto exports it (PKCS#8). */
export interface AppKeys {
  publicKey: CryptoKey;
  pkcs8Pem: string;
  pkcs1Pem: string;
}

const pem = (label: string, der: Uint8Array) =>
  `-----BEGIN ${label}-----\n${
    btoa(String.fromCharCode(...der)).replace(/.{64}/g, "$&\n").trim()
  }\n-----END ${label}-----\n`;

// One DER element: where its content starts and ends.
function element(der: Uint8Array, at: number): { start: number; end: number } {
  let length = der[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[start + i];
    start += bytes;
  }
  return { start, end: start + length };
}

/**
 * A fresh App key. PKCS#1 is the RSAPrivateKey inside PKCS#8's OCTET STRING (after the version
 * and the algorithm identifier), which Web Crypto cannot export by itself.
 */
export async function generateAppKeys(): Promise<AppKeys> {
  const pair = await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const outer = element(pkcs8, 0);
  const version = element(pkcs8, outer.start);
  const algorithm = element(pkcs8, version.end);
  const octets = element(pkcs8, algorithm.end);
  return {
    publicKey: pair.publicKey,
    pkcs8Pem: pem("PRIVATE KEY", pkcs8),
    pkcs1Pem: pem("RSA PRIVATE KEY", pkcs8.slice(octets.start, octets.end)),
  };
}

const fromB64Url = (text: string) =>
  Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

/** The fake GitHub. */
export interface FakeGitHubApp {
  fetch: typeof fetch;
  now: () => Date;
  advance(ms: number): void;
  installations: FakeInstallation[];
  /** Every token issued, in order. */
  issued: Array<{ token: string; installationId: number; expiresAt: string }>;
  /** Tokens GitHub no longer accepts (answered 401). */
  revoked: Set<string>;
  /** Each request: method, path, and its authorization header. */
  requests: Array<{ method: string; path: string; authorization: string | null }>;
}

/** Starts the fake for App `appId`, verifying JWTs with `publicKey`. */
export function fakeGitHubApp(
  appId: number,
  publicKey: CryptoKey,
  installations: FakeInstallation[],
  start = new Date("2026-03-01T12:00:00Z"),
): FakeGitHubApp {
  let clock = start.getTime();
  const issued: FakeGitHubApp["issued"] = [];
  const revoked = new Set<string>();
  const requests: FakeGitHubApp["requests"] = [];
  const json = (status: number, body: unknown) => Response.json(body, { status });

  const jwtValid = async (header: string | null) => {
    const match = /^bearer (.+)\.(.+)\.(.+)$/i.exec(header ?? "");
    if (!match) return false;
    const signed = new TextEncoder().encode(`${match[1]}.${match[2]}`);
    const ok = await crypto.subtle.verify(
      "RSASSA-PKCS1-v1_5",
      publicKey,
      fromB64Url(match[3]),
      signed,
    );
    const claims = JSON.parse(new TextDecoder().decode(fromB64Url(match[2])));
    const seconds = clock / 1000;
    return ok && Number(claims.iss) === appId && claims.iat <= seconds && claims.exp > seconds;
  };
  const installationOf = (token: string) => {
    const found = issued.find((t) => t.token === token);
    if (!found || revoked.has(token) || Date.parse(found.expiresAt) <= clock) return undefined;
    return installations.find((i) => i.id === found.installationId);
  };
  const installationPayload = (i: FakeInstallation) => ({
    id: i.id,
    account: { login: i.account, type: "Organization" },
    repository_selection: i.repos === "all" ? "all" : "selected",
    suspended_at: i.suspended ? new Date(clock).toISOString() : null,
    html_url: `https://github.example/organizations/${i.account}/settings/installations/${i.id}`,
  });

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname;
    const authorization = request.headers.get("authorization");
    requests.push({ method: request.method, path, authorization });
    let m: RegExpExecArray | null;
    if (path === "/app" || /^\/(users|orgs)\/[^/]+\/installation$/.test(path)) {
      if (!(await jwtValid(authorization))) {
        return json(401, { message: "A JSON web token could not be decoded" });
      }
      if (path === "/app") {
        return json(200, { id: appId, html_url: "https://github.example/apps/ci" });
      }
      const login = path.split("/")[2].toLowerCase();
      const found = installations.find((i) => i.account.toLowerCase() === login);
      return found ? json(200, installationPayload(found)) : json(404, { message: "Not Found" });
    }
    if ((m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path))) {
      if (!(await jwtValid(authorization))) {
        return json(401, { message: "A JSON web token could not be decoded" });
      }
      const found = installations.find((i) => i.id === Number(m![1]));
      if (!found) return json(404, { message: "Not Found" });
      const token = `ghs_${found.id}_${issued.length + 1}`;
      const expiresAt = new Date(clock + 3_600_000).toISOString();
      issued.push({ token, installationId: found.id, expiresAt });
      return json(201, {
        token,
        expires_at: expiresAt,
        repository_selection: "all",
        permissions: {},
      });
    }
    const token = /^token (.+)$/.exec(authorization ?? "")?.[1];
    const installation = token ? installationOf(token) : undefined;
    if (!installation) return json(401, { message: "Bad credentials" });
    if (path === "/installation/repositories") {
      const repos = installation.repos === "all" ? [] : installation.repos;
      return json(200, {
        total_count: repos.length,
        repositories: repos.map((full, i) => ({
          id: i + 1,
          full_name: full,
          name: full.split("/")[1],
        })),
      });
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path))) {
      const full = `${m[1]}/${m[2]}`.toLowerCase();
      const reach = installation.account.toLowerCase() === m[1].toLowerCase() &&
        (installation.repos === "all" || installation.repos.includes(full));
      if (!reach) return json(404, { message: "Not Found" });
      return json(200, { full_name: full, default_branch: "main", private: true });
    }
    return json(404, { message: "Not Found" });
  };

  return {
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const response = await handle(request);
      // As over the network: Octokit's paginator reads the response's URL.
      Object.defineProperty(response, "url", { value: request.url });
      return response;
    },
    now: () => new Date(clock),
    advance: (ms) => {
      clock += ms;
    },
    installations,
    issued,
    revoked,
    requests,
  };
}
