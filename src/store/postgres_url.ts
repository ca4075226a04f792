/**
 * Describing a `DATABASE_URL` without its secrets; free of the database client so configuration
 * can use it without loading the client.
 *
 * @module
 */

/**
 * Where a `DATABASE_URL` points, without its password: for logs and error messages.
 *
 * @example
 * ```ts
 * describeDatabaseUrl("postgres://ci:secret@db.internal:5432/ci?schema=prod");
 * // "db.internal:5432/ci (schema prod)"
 * ```
 */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const schema = u.searchParams.get("schema") ?? "public";
    return `${u.hostname || "localhost"}:${u.port || "5432"}${
      u.pathname || "/"
    } (schema ${schema})`;
  } catch {
    return "(unparsable URL)";
  }
}
