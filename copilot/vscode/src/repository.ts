/**
 * The open workspace's GitHub repository, read through VS Code's built-in git extension
 * (`vscode.git`, API version 1), so a bare `@ci-orchestrator /optimize` knows what to optimize.
 *
 * @module
 */
import type { HandlerVscode } from "./vscode_api.ts";

/** The parts of the git extension's API 1 we read. */
export interface GitExtension {
  getAPI(version: 1): {
    repositories: readonly {
      state: {
        remotes: readonly {
          name: string;
          fetchUrl?: string;
          pushUrl?: string;
        }[];
      };
    }[];
  };
}

/**
 * `owner/name` from a git remote URL (https, ssh or scp-like), on any host (GitHub Enterprise
 * Server too); `undefined` when the URL has no owner/name path.
 *
 * @example
 * ```ts
 * repoFromRemote("git@github.com:acme/app.git"); // "acme/app"
 * repoFromRemote("https://github.example.com/acme/app"); // "acme/app"
 * ```
 */
export function repoFromRemote(url: string): string | undefined {
  const path = url.trim()
    .replace(/^[a-z+]+:\/\/[^/]+\//i, "")
    .replace(/^[^@/]+@[^:/]+:/, "")
    .replace(/\.git$/, "")
    .replace(/\/+$/, "");
  const match = path.match(/^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/**
 * The first workspace repository's `origin` (or first) remote as `owner/name`; `undefined`
 * when git is disabled, no folder is open, or no remote names a repository.
 *
 * @example
 * ```ts
 * const repo = await workspaceRepo(vscode); // "acme/app"
 * ```
 */
export async function workspaceRepo(
  vscode: HandlerVscode,
): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<GitExtension>("vscode.git");
  if (!extension) return undefined;
  const git = extension.isActive ? extension.exports : await extension.activate();
  for (const repository of git.getAPI(1).repositories) {
    const remotes = [...repository.state.remotes].sort((a, b) =>
      Number(b.name === "origin") - Number(a.name === "origin")
    );
    for (const remote of remotes) {
      const repo = repoFromRemote(remote.fetchUrl ?? remote.pushUrl ?? "");
      if (repo) return repo;
    }
  }
  return undefined;
}
