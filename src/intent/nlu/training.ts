/**
 * The generated training set of the operation classifier (`nlu/classify.ts`): sentence
 * templates per operation, written as `{a|b|c}` alternations over slot fillers (verbs,
 * complaints, question frames, politeness) with names already masked (`REPONAME`,
 * `WORKFLOWFILE`, `JOBID`), as the classifier sees them. Kept apart from the development set,
 * which measures the classifier and must not train it.
 *
 * @module
 */
import type { Op } from "../schema.ts";

/** An operation, or "none": words that ask the bot for nothing. */
export type TrainingLabel = Op | "none";

const CI = "{CI|the CI|the pipeline|the build|builds|the tests|the suite|the jobs|the workflows}";
const ON = "{on|in|for|of} REPONAME";
const POLITE = "{|please |hey, |could you |can you |}";

const TEMPLATES: Record<TrainingLabel, readonly string[]> = {
  analyze: [
    `why {do|does|did} ${CI} ${ON} {take so long|take an hour|keep failing|fail so often|break all the time|go red}`,
    `what is {eating|burning|wasting|using} {all the|so many} {CI |}minutes ${ON}`,
    `is ${CI} ${ON} in {decent|good|ok|bad} shape`,
    `what {made|turned} the build red ${ON}{| main}`,
    `REPONAME {CI|builds|the pipeline} {has been|is} {crawling|dragging|flaky|unreliable|a mess|broken|timing out} {since monday|lately|this week|again|}`,
    `${POLITE}{look at|take a look at|look into|dig into|investigate|inspect|go over|assess} REPONAME{|, everything is failing|, something is off| actions}`,
    `do we {pin our actions|cache dependencies|use secrets safely|follow best practice} ${ON}`,
    `does {WORKFLOWFILE|the workflow} ${ON} follow {good|best} practice`,
    `{are|is} {the|our|third-party} {actions|dependencies|permissions|tokens} {in|of|for} REPONAME {pinned|locked down|scoped|up to date|safe}{| to a sha| to versions|}`,
    `{are|is} {there|anything} {risky|insecure|wrong|off|bad} {in|with} ${CI} ${ON}`,
    `how {healthy|reliable|stable} is ${CI} ${ON}`,
    `${CI} ${ON} {is|are} {failing|red|broken|flaky|timing out} {again|all the time|every day|}`,
    `what{'s| is} {up with|going on with|the problem with|the matter with} ${CI} ${ON}`,
    `{any|what} {issues|smells|red flags|risks} in REPONAME {workflows|ci|pipelines}`,
    `give me {a health check|a report|an overview|a diagnosis} {of|for} REPONAME`,
  ],
  optimize: [
    `could REPONAME{'s|} {jobs|tests|builds} run {more in parallel|in parallel|concurrently}`,
    `what would make {WORKFLOWFILE|the build|the pipeline|CI} ${ON} {quicker|faster|leaner|snappier}`,
    `how {do|can|could} {we|i} get REPONAME {under 8 minutes|below ten minutes|down to 5 minutes|to build in less time}`,
    `{biggest|best|easiest|cheapest} {quick win|win|improvement|saving} for REPONAME {build time|ci time|runtime|minutes}`,
    `can ${CI} ${ON} be made {faster|quicker|shorter|cheaper}`,
    `${POLITE}{tune|trim|tighten|streamline|slim down|shorten} REPONAME {WORKFLOWFILE|ci|the pipeline} {for speed||to run less}`,
    `how can {i|we} make ${CI} ${ON} {finish sooner|take less time|run quicker|use fewer minutes}`,
    `{ideas|tips|suggestions} {to|for} {shorten|shortening|cut|cutting|trim|trimming} ${CI} ${ON}`,
    `{spend|burn} less {time|money|minutes} on ${CI} ${ON}`,
    `make REPONAME {build|ci|tests} {faster|quicker|leaner}`,
  ],
  help: [
    `what {does|do} {compare|cancel|status|test|migrate|subscribe|analyze} {actually |}{do|mean|show|return}`,
    `which {options|flags|arguments|keys} does {cancel|test|compare|status|subscribe} take`,
    `what do i {type|write|say} to {run a workflow|start a test|compare branches|cancel a job|get alerts}`,
    `how do i {give inputs to a workflow|pass inputs|pick a branch|set the matrix|use this|talk to you|use you}`,
    `is there a way to {compare two branches|run on a branch|get alerts|cancel a job|list my runs}`,
    `can you {convert jenkins pipelines|compare branches|run matrices|speed things up|read gitlab files}`,
    `what are you {able to do|good for|for}`,
    `{new here|first time|just joined}, what can {this bot|you|it} do`,
    `{difference|the difference} between {test|compare|analyze} and {compare|optimize|status}`,
    `{help|usage|commands|instructions|manual|docs|how does this work}`,
    `what {commands|things} {can i use|do you understand|are there}`,
  ],
  status: [
    `what happened to {job|run|build} JOBID`,
    `did {job|run|build} JOBID {make it through|go through|get anywhere|succeed|pass}`,
    `what{'s| is} the {state|status|result|outcome} of {JOBID|my run|the last run|job JOBID}`,
    `anything {waiting|queued|pending|stuck} in the queue ${ON}`,
    `is {something|anything|my job|the run} {stuck|hung|waiting|pending}`,
    `${POLITE}check on {my run|my job|JOBID|the build} {please|}`,
    `where are {my runs|we|the builds} {at|}`,
    `{is|has} JOBID {done|finished|over|through}`,
    `{show|list} {my|the} {runs|jobs|recent jobs|queue}`,
    `what{'s| is} {running|queued|pending|in flight} ${ON}`,
  ],
  cancel: [
    `{kill|nuke|scrap|drop|terminate|halt|bin} {job JOBID|that run JOBID|JOBID|the run}{|, wrong commit|, my mistake}`,
    `${POLITE}{kill|stop|end|abort|call off} {the run|my job|job JOBID|JOBID}`,
  ],
  subscribe: [
    `{post|send|drop|share} REPONAME {failures|breakages|build results|pr failures|results} {in here|to this channel|here|to us}`,
    `{watch|follow|track|monitor} REPONAME and {yell|shout|tell us|ping me|speak up} when it {breaks|fails|goes red}`,
    `ping me for every REPONAME run`,
    `{let us know|give us a shout|shout} {when|if} REPONAME {breaks|fails|recovers}`,
    `{send|forward|pipe} REPONAME {alerts|notifications|news} {here|to this channel|to me}`,
  ],
  unsubscribe: [
    `{turn off|switch off|disable|kill|drop|remove} {the |}{alerts|notifications|pings} for REPONAME`,
    `{we don't need|no more|enough of} {the |}REPONAME {alerts|notifications|pings|messages}`,
    `{stop|quit} {following|watching|tracking} REPONAME`,
  ],
  migrate: [
    `{get|move|take} REPONAME off {gitlab ci|jenkins|circleci|travis}`,
    `{port|translate|convert|rewrite} REPONAME{'s|} {jenkinsfile|gitlab ci file|circleci config|travis config}`,
    `share one workflow across REPONAME instead of {copy-pasting|duplicating|repeating it}`,
    `{use|set up} {a mix of|both} reusable workflows and composite actions {in|for} REPONAME`,
    `{factor out|extract|dry up|consolidate} the {shared|repeated|common} {steps|jobs|workflows} in REPONAME`,
  ],
  use: [
    `{set|make} REPONAME {as|} {this channel's|the|our} default {repo|repository}`,
    `what{'s| is} the default {repo|repository} {here|in this channel|}`,
    `{use|default to|work on|switch to} REPONAME {from now on|by default|here|in this channel}`,
    `which repo {is this channel on|do you use here|is the default}`,
  ],
  login: [
    `{connect|link|hook up|attach} my github{| account}`,
    `{authenticate|authorize|auth|verify} me {with|on|against} github`,
    `{sign|log} {me |}in{| please| pls| to github}`,
    `{let me|i want to|i need to} {sign in|log in|connect github}`,
  ],
  logout: [
    `{forget|drop|delete|remove|wipe} my github {token|account|credentials|link}`,
    `{disconnect|unlink|detach} my github{| account}`,
    `revoke your access to my {account|github}`,
    `{sign|log} {me |}out{| please| of github}`,
  ],
  test: [
    `${POLITE}{run|rerun|kick off|fire off|trigger|start} ${CI} ${ON}{| twice| 3 times| on main| again}`,
    `{run|rerun} the suite {4 times|a few times|twice} ${ON}, {i think it's flaky|it might be flaky|to see if it's flaky}`,
    `would you mind running ${CI} ${ON} {twice|again|once more}`,
    `see if {CI|the build|it} passes ${ON}{| develop}{| — just run it}`,
    `{kick|fire} REPONAME {WORKFLOWFILE|ci|tests} {on main|}`,
    `{give|do} REPONAME a {spin|run|go}`,
  ],
  compare: [
    `{compare|diff|benchmark} {main|develop} {and|with|against} {my branch|feature} ${ON}`,
    `is {my branch|the new branch} {faster|slower} than main ${ON}`,
  ],
  none: [
    `is github {down|slow|broken|having issues} {for anyone else|today|again|}`,
    `why is github so {slow|flaky|down} {today|right now|}`,
    `did you all see the {analyze|optimize|status} report for REPONAME{|? crazy|, wild}`,
    `did you {catch|see|watch} the {match|game|news} {last night|yesterday|}`,
    `{lunch|coffee|standup} {anyone|in 5|at noon}{|?}`,
    `{thanks|thank you|cheers|nice|great|cool}{|!| a lot| bot}`,
    `{good morning|hello|hi all|hey team|happy friday}`,
    `{the|our} {office|wifi|coffee machine} is {down|broken|slow} {again|today|}`,
    `{i|we} {love|hate|like} {github|ci|mondays|this bot}`,
    `who is {on call|presenting|around} {today|this week|}`,
  ],
};

/** Expands `{a|b}` alternations into every sentence (the product of all choices). */
function expand(template: string): string[] {
  const m = /\{([^{}]*)\}/.exec(template);
  if (!m) return [template.replace(/\s+/g, " ").trim()];
  const head = template.slice(0, m.index);
  const tail = template.slice(m.index + m[0].length);
  return m[1].split("|").flatMap((choice) => expand(head + choice + tail));
}

/** Each template contributes at most this many sentences, spread over its product. */
const PER_TEMPLATE = 60;

/**
 * The generated sentences with their labels (deterministic: every n-th of each product).
 *
 * @example
 * ```ts
 * trainingSet().some(([, label]) => label === "analyze"); // true
 * ```
 */
export function trainingSet(): [string, TrainingLabel][] {
  return (Object.entries(TEMPLATES) as [TrainingLabel, readonly string[]][]).flatMap(
    ([label, templates]) =>
      templates.flatMap((t) => {
        const all = expand(t);
        const step = Math.max(1, Math.floor(all.length / PER_TEMPLATE));
        return all.filter((_, i) => i % step === 0).map((s): [string, TrainingLabel] => [s, label]);
      }),
  );
}
