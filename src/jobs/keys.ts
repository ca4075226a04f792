/**
 * Store keys of the job runner, in one place so the layout is visible at a glance.
 *
 * @module
 */
import type { Key } from "../store/port.ts";

/** How long job records and their bookkeeping are kept. */
export const JOB_TTL_MS = 30 * 24 * 3600 * 1000;

/** Key builders. */
export const jobKeys = {
  /** The job record. */
  job: (id: string): Key => ["job", id],
  /** Present while a job is running or its final reply is not yet delivered. */
  active: (id: string): Key => ["job-active", id],
  activePrefix: ["job-active"] as Key,
  /** Claim of one step (sequence number) by one process. */
  step: (id: string, seq: number): Key => ["job-step", id, seq],
  /** Result of a `once` call. */
  once: (id: string, key: string): Key => ["job-once", id, key],
  /** Set when someone asked to cancel. */
  cancel: (id: string): Key => ["job-cancel", id],
  /** Final delivery state: delivering | delivered. */
  final: (id: string): Key => ["job-final", id],
  /** Index for `status`: newest first per requester. */
  byUser: (surface: string, user: string, at: number, id: string): Key => [
    "job-user",
    surface,
    user,
    // Inverted, zero-padded time: the store lists keys in ascending order.
    String(9_999_999_999_999 - at).padStart(13, "0"),
    id,
  ],
  byUserPrefix: (surface: string, user: string): Key => ["job-user", surface, user],
  /** Which job follows a CI run (webhooks wake the job). */
  run: (repo: string, runId: number): Key => ["job-run", repo.toLowerCase(), runId],
};
