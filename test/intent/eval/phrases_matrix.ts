/**
 * `test` phrases with matrices (ranges such as "3.10 through 3.12", lists such as "node 18 20
 * 22", operating systems) and dispatch inputs (`key=value`, with or without `inputs:`).
 *
 * @module
 */
import { type EvalPhrase, p } from "./types.ts";

const R = "request";
const PY = "python-version";
const NODE = "node-version";

/** `test` phrases with a matrix or inputs. */
export const MATRIX_PHRASES: readonly EvalPhrase[] = [
  p("test acme/api on python 3.10 through 3.12", "range", R, {
    op: "test",
    repo: "acme/api",
    matrix: { [PY]: ["3.10", "3.11", "3.12"] },
  }),
  p("run acme/web on node 18 20 22", "range", R, {
    op: "test",
    repo: "acme/web",
    matrix: { [NODE]: ["18", "20", "22"] },
  }),
  p("test globex/billing on ubuntu and macos", "range", R, {
    op: "test",
    repo: "globex/billing",
    matrix: { os: ["ubuntu-latest", "macos-latest"] },
  }),
  p("run the suite on py 3.9-3.12 for hooli/search", "range", R, {
    op: "test",
    repo: "hooli/search",
    matrix: { [PY]: ["3.9", "3.10", "3.11", "3.12"] },
  }),
  p("test acme/app against node 20 and 22", "range", R, {
    op: "test",
    repo: "acme/app",
    matrix: { [NODE]: ["20", "22"] },
  }),
  p("run stark/jarvis on python 3.11, 3.12 and 3.13", "range", R, {
    op: "test",
    repo: "stark/jarvis",
    matrix: { [PY]: ["3.11", "3.12", "3.13"] },
  }),
  p("test contoso/infra on windows, ubuntu and macos", "range", R, {
    op: "test",
    repo: "contoso/infra",
    matrix: { os: ["windows-latest", "ubuntu-latest", "macos-latest"] },
  }),
  p("try acme/mobile with python 3.9 to 3.11", "range", R, {
    op: "test",
    repo: "acme/mobile",
    matrix: { [PY]: ["3.9", "3.10", "3.11"] },
  }),
  p("run acme/api on python 3.12 + 3.13 on ubuntu", "range", R, {
    op: "test",
    repo: "acme/api",
    matrix: { [PY]: ["3.12", "3.13"], os: ["ubuntu-latest"] },
  }),
  p("test umbrella/lab-portal on every python from 3.8 up to 3.11", "range", R, {
    op: "test",
    repo: "umbrella/lab-portal",
    matrix: { [PY]: ["3.8", "3.9", "3.10", "3.11"] },
  }),
  p("matrix run acme/web node 18/20/22", "range", R, {
    op: "test",
    repo: "acme/web",
    matrix: { [NODE]: ["18", "20", "22"] },
  }),
  p("run globex/billing with the full matrix", "range", R, {
    op: "test",
    repo: "globex/billing",
    matrix: "full",
  }),
  p("dispatch deploy.yml on acme/docs with environment=staging and version=1.4.2", "inputs", R, {
    op: "test",
    repo: "acme/docs",
    workflow: "deploy.yml",
    inputs: { environment: "staging", version: "1.4.2" },
  }),
  p("run acme/app ci.yml inputs: debug=true", "inputs", R, {
    op: "test",
    repo: "acme/app",
    workflow: "ci.yml",
    inputs: { debug: "true" },
  }),
  p("test hooli/search with log_level=debug", "inputs", R, {
    op: "test",
    repo: "hooli/search",
    inputs: { log_level: "debug" },
  }),
  p("trigger release.yml on acme/api inputs:channel=beta dry_run=true", "inputs", R, {
    op: "test",
    repo: "acme/api",
    workflow: "release.yml",
    inputs: { channel: "beta", dry_run: "true" },
  }),
  p("run contoso/infra plan.yml with region=westeurope", "inputs", R, {
    op: "test",
    repo: "contoso/infra",
    workflow: "plan.yml",
    inputs: { region: "westeurope" },
  }),
  p("please dispatch e2e.yml on acme/web, browser=firefox, shards=4", "inputs", R, {
    op: "test",
    repo: "acme/web",
    workflow: "e2e.yml",
    inputs: { browser: "firefox", shards: "4" },
  }),
  p("test stark/jarvis inputs: suite=smoke, retries=0", "inputs", R, {
    op: "test",
    repo: "stark/jarvis",
    inputs: { suite: "smoke", retries: "0" },
  }),
  p("kick off bench.yml on acme/app with iterations=10 on main", "inputs", R, {
    op: "test",
    repo: "acme/app",
    workflow: "bench.yml",
    ref: "main",
    inputs: { iterations: "10" },
  }),
  p("run globex/billing migrate-db.yml with dry_run=true", "inputs", R, {
    op: "test",
    repo: "globex/billing",
    workflow: "migrate-db.yml",
    inputs: { dry_run: "true" },
  }),
];
