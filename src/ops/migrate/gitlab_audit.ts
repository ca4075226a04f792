/**
 * Collects the notes of a GitLab conversion: what became what, what changed behaviour and
 * what could not be converted, each with its file, line and job.
 *
 * @module
 */
import type { MigrationNote } from "./model.ts";

/** Where a note points. */
export interface At {
  file: string;
  line?: number;
  job?: string;
}

/**
 * The conversion's notes, deduplicated (a construct inherited by twenty jobs is still one
 * note per job, never twenty copies of the same job note).
 *
 * @example
 * ```ts
 * const audit = new Audit();
 * audit.notConverted({ file: ".gitlab-ci.yml", line: 3, job: "test" }, "'retry' has no equivalent");
 * audit.notes.length; // 1
 * ```
 */
export class Audit {
  readonly notes: MigrationNote[] = [];
  #seen = new Set<string>();

  #add(kind: MigrationNote["kind"], at: At, message: string) {
    const key = `${kind}|${at.file}|${at.line ?? ""}|${at.job ?? ""}|${message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    const note: MigrationNote = { kind, file: at.file, message };
    if (at.line !== undefined) note.line = at.line;
    if (at.job !== undefined) note.job = at.job;
    this.notes.push(note);
  }

  /** A construct that could not be converted. */
  notConverted(at: At, message: string): void {
    this.#add("not-converted", at, message);
  }

  /** A converted construct a reviewer must check. */
  change(at: At, message: string): void {
    this.#add("behaviour-change", at, message);
  }

  /** A construct converted faithfully. */
  converted(at: At, message: string): void {
    this.#add("converted", at, message);
  }
}
