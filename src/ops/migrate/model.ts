/**
 * What every migration strategy produces: the files it would write and what it did, so one
 * report, one validation pass and one pull request serve `reusable`, `actions`, `hybrid` and
 * the GitLab CI conversion alike.
 *
 * @module
 */
import type { ReportInput } from "../../report/model.ts";
import type { FileCheck } from "./validate.ts";

/** One file the migration writes. `before` is null for a new file. */
export interface FileChange {
  path: string;
  before: string | null;
  after: string;
}

/** One line of the migration report. */
export interface MigrationNote {
  kind:
    | "replaced" // a job now calls a shared reusable workflow
    | "extracted" // steps moved into a composite action
    | "converted" // a construct of another CI system became GitHub Actions
    | "kept" // left custom, with the reason
    | "behaviour-change" // something a reviewer must check
    | "not-converted"; // a construct that could not be converted (audit)
  file: string;
  line?: number;
  job?: string;
  message: string;
}

/** A strategy's result. */
export interface MigrationResult {
  strategy: "reusable" | "actions" | "hybrid" | "gitlab";
  files: FileChange[];
  notes: MigrationNote[];
}

/** A proposal: the report, and the files with their checks for a caller that writes them. */
export interface MigrationProposal {
  report: ReportInput;
  result: MigrationResult;
  checks: FileCheck[];
}
