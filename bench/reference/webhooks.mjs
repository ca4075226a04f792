/**
 * The webhook-storm load generator of `deno task bench`: autocannon (pinned in package.json)
 * sending GitHub deliveries to `POST /github/webhooks`, every one distinct (its own
 * `X-GitHub-Delivery`, so none takes the cheap duplicate path) and signed with
 * `X-Hub-Signature-256` before the run starts, so signing does not compete with the server for
 * the machine's cores. Should the pool run out, the rest are signed as they are sent, and the
 * count says so.
 *
 * What a storm looks like: an organisation's busy hour is many jobs per run. The deliveries
 * come in blocks of 25 for one run (of `opts.runs`, default 300, spread over `opts.repos`,
 * default 4, repositories): eight jobs each `queued`, then `in_progress`, then `completed`, and
 * the run's `workflow_run` `completed`. Run ids repeat as the blocks go round; job ids do not.
 *
 * Prints one JSON object: throughput, latency percentiles, and counts by status (202 stored,
 * 200 duplicate, 503 busy, other).
 *
 * @example
 * ```sh
 * node bench/reference/webhooks.mjs '{"url":"http://127.0.0.1:8000/github/webhooks",
 *   "secret":"s","seconds":10,"connections":50,"pool":100000}'
 * ```
 */
import { createHmac } from "node:crypto";
import autocannon from "autocannon";
import { summary } from "./summary.mjs";

const opts = JSON.parse(process.argv[2]);
const runs = opts.runs ?? 300;
const repos = Array.from(
  { length: opts.repos ?? 4 },
  (_, i) => `acme/service-${i + 1}`,
);
const stamp = Date.now();
const tag = `${stamp.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const JOBS_PER_RUN = 8;
const BLOCK = JOBS_PER_RUN * 3 + 1;
const ACTIONS = ["queued", "in_progress", "completed"];
const RUN_BASE = 9_000_000_000;
const JOB_BASE = 30_000_000_000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The `*_url` templates GitHub puts in every webhook's repository (most of its size). */
const URL_FIELDS = [
  "archive",
  "assignees",
  "blobs",
  "branches",
  "collaborators",
  "comments",
  "commits",
  "compare",
  "contents",
  "contributors",
  "deployments",
  "downloads",
  "events",
  "forks",
  "git_commits",
  "git_refs",
  "git_tags",
  "hooks",
  "issue_comment",
  "issue_events",
  "issues",
  "keys",
  "labels",
  "languages",
  "merges",
  "milestones",
  "notifications",
  "pulls",
  "releases",
  "stargazers",
  "statuses",
  "subscribers",
  "subscription",
  "tags",
  "teams",
  "trees",
];

function repository(fullName, index) {
  const [owner, name] = fullName.split("/");
  const api = `https://api.github.com/repos/${fullName}`;
  const urls = Object.fromEntries(
    URL_FIELDS.map((f) => [`${f}_url`, `${api}/${f}{/id}`]),
  );
  return {
    ...urls,
    id: 700_000 + index,
    node_id: `R_kgDOBench${index}`,
    name,
    full_name: fullName,
    private: true,
    owner: {
      login: owner,
      id: 9_000,
      type: "Organization",
      url: `https://api.github.com/users/${owner}`,
    },
    html_url: `https://github.com/${fullName}`,
    url: api,
    default_branch: "main",
    visibility: "private",
    created_at: "2024-01-02T03:04:05Z",
    pushed_at: iso(stamp),
  };
}

function runPayload(runId, repo, at) {
  return {
    id: runId,
    name: "CI",
    workflow_id: 161_335,
    path: ".github/workflows/ci.yml",
    head_branch: "main",
    head_sha: runId.toString(16).padStart(40, "0"),
    display_title: `Merge pull request #${runId % 1000}`,
    run_number: runId % 100_000,
    event: "push",
    status: "completed",
    conclusion: runId % 7 === 0 ? "failure" : "success",
    run_attempt: 1,
    created_at: iso(at - 600_000),
    updated_at: iso(at),
    run_started_at: iso(at - 590_000),
    html_url: `https://github.com/${repo}/actions/runs/${runId}`,
    actor: { login: "octocat", id: 1 },
    triggering_actor: { login: "octocat", id: 1 },
    head_commit: {
      message: "Merge pull request",
      author: { name: "Octo Cat" },
    },
  };
}

function jobPayload(jobId, runId, repo, j, action, at) {
  const done = action === "completed";
  return {
    id: jobId,
    run_id: runId,
    run_url: `https://api.github.com/repos/${repo}/actions/runs/${runId}`,
    head_sha: runId.toString(16).padStart(40, "0"),
    name: `test (${j})`,
    status: action,
    conclusion: done ? "success" : null,
    created_at: iso(at - 60_000),
    started_at: action === "queued" ? iso(at - 60_000) : iso(at - 30_000),
    completed_at: done ? iso(at) : null,
    labels: ["ubuntu-latest"],
    runner_name: action === "queued" ? null : `GitHub Actions ${j}`,
    html_url: `https://github.com/${repo}/actions/runs/${runId}/job/${jobId}`,
    url: `https://api.github.com/repos/${repo}/actions/jobs/${jobId}`,
    steps: done
      ? [
        {
          name: "Set up job",
          number: 1,
          status: "completed",
          conclusion: "success",
        },
        {
          name: "Run tests",
          number: 2,
          status: "completed",
          conclusion: "success",
        },
      ]
      : [],
  };
}

/** Delivery `i`: event name and body, following the block order described above. */
function delivery(i) {
  const block = Math.floor(i / BLOCK);
  const k = i % BLOCK;
  const runId = RUN_BASE + (block % runs);
  const repoIndex = block % repos.length;
  const repo = repos[repoIndex];
  const at = stamp + i;
  const common = {
    repository: repository(repo, repoIndex),
    sender: { login: "octocat", id: 1 },
  };
  if (k === BLOCK - 1) {
    return {
      event: "workflow_run",
      body: {
        action: "completed",
        workflow_run: runPayload(runId, repo, at),
        ...common,
      },
    };
  }
  const j = k % JOBS_PER_RUN;
  const action = ACTIONS[Math.floor(k / JOBS_PER_RUN)];
  const jobId = JOB_BASE + block * JOBS_PER_RUN + j;
  return {
    event: "workflow_job",
    body: {
      action,
      workflow_job: jobPayload(jobId, runId, repo, j, action, at),
      ...common,
    },
  };
}

function signed(i) {
  const { event, body } = delivery(i);
  const raw = JSON.stringify(body);
  const sig = createHmac("sha256", opts.secret).update(raw).digest("hex");
  return {
    method: "POST",
    body: raw,
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/bench",
      "x-github-event": event,
      "x-github-delivery": `${tag}-${i}`,
      "x-github-hook-id": "4242",
      "x-hub-signature-256": `sha256=${sig}`,
    },
  };
}

const pool = Array.from({ length: opts.pool }, (_, i) => signed(i));
let next = 0;
let signedLive = 0;
const status = { stored: 0, duplicate: 0, busy: 0, other: 0 };
const otherCodes = {};

const result = await autocannon({
  url: opts.url,
  connections: opts.connections,
  duration: opts.seconds,
  requests: [{
    setupRequest: (req) => {
      const i = next++;
      if (i >= pool.length) signedLive++;
      return { ...req, ...(i < pool.length ? pool[i] : signed(i)) };
    },
    onResponse: (code) => {
      if (code === 202) status.stored++;
      else if (code === 200) status.duplicate++;
      else if (code === 503) status.busy++;
      else {
        status.other++;
        otherCodes[code] = (otherCodes[code] ?? 0) + 1;
      }
    },
  }],
});

process.stdout.write(
  JSON.stringify({
    ...summary(result),
    ...status,
    otherCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    signedDuringRun: signedLive,
    meanBodyBytes: Math.round(
      pool.slice(0, 100).reduce((n, r) => n + r.body.length, 0) /
        Math.min(100, pool.length || 1),
    ),
    seconds: opts.seconds,
    connections: opts.connections,
  }) + "\n",
);
