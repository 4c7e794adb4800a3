import { App, Duration } from 'aws-cdk-lib';
import { associationsOf, buildStack, domainNamesOf, STACK_NAME, StackShape } from './stacks';
import { median, percentile, round } from './stats';
import { makeTempDir, removeTempDir } from './temp-dirs';
import { bootstrapEnvironment, LocalStackDeployment, readStack, ResourceEvent } from '../../local/deploy';
import { CallRecord, startEmulator } from '../../local/emulator';

/**
 * Deployment latency against the emulator, with time scaled down: how long after an association turns
 * ACTIVE its custom resource reports CREATE_COMPLETE, what API calls it took, and how close a whole
 * deployment gets to the floor the associations themselves set.
 */

/** Real associations take minutes; here every one takes this long in the emulator. */
export const ASSOCIATE_MS = 3000;
/** The waiter's query interval, in the template and in the local driver. */
export const POLL_MS = 1000;

export interface DeployScenario extends StackShape {
  readonly key: string;
  readonly title: string;
}

export const DEPLOY_SCENARIOS: readonly DeployScenario[] = [
  { key: 'a', title: '1 association', associations: 1, domains: 1 },
  { key: 'b', title: '10 associations on 1 domain (serialized)', associations: 10, domains: 1 },
  { key: 'c', title: '10 associations on 10 domains (parallel)', associations: 10, domains: 10 },
];

export interface Spread {
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly samplesMs: number[];
}

export interface DeployScenarioResult extends DeployScenario {
  /** How many times the scenario was deployed; the spreads pool the associations of all rounds. */
  readonly rounds: number;
  /** deploy() call to its return: the median over the rounds, and each round's. */
  readonly totalMs: number;
  readonly totalSamplesMs: number[];
  /** The associations alone: ASSOCIATE_MS times the most associations any one domain must take in turn. */
  readonly floorMs: number;
  readonly ratio: number;
  /** Association ACTIVE in the emulator to the resource's CREATE_COMPLETE. */
  readonly activeToComplete: Spread;
  /** Resource's CREATE_IN_PROGRESS to the AssociatePackage response (onEvent, cold start included). */
  readonly startToAssociated: Spread;
  /** Requests per association, by operation, and the refused ones by error type. */
  readonly callsPerAssociation: Record<string, number>;
  readonly errorsPerAssociation: Record<string, number>;
}

/** One deployment of a scenario, in a fresh emulator and fresh Lambda processes (cold starts included). */
interface Run {
  readonly totalMs: number;
  readonly activeToComplete: number[];
  readonly startToAssociated: number[];
  readonly calls: CallRecord[];
}

/** `rounds` deployments of each scenario, round-robin, so machine noise is spread over all three. */
export async function runDeployBench(rounds: number, progress: (line: string) => void): Promise<DeployScenarioResult[]> {
  const runs = new Map<string, Run[]>(DEPLOY_SCENARIOS.map((scenario) => [scenario.key, []]));
  for (let pass = 0; pass < rounds; pass++) {
    for (const scenario of DEPLOY_SCENARIOS) {
      const run = await runOnce(scenario);
      runs.get(scenario.key)!.push(run);
      progress(`deploy round ${pass + 1}/${rounds}, (${scenario.key}) ${scenario.title}: ${(run.totalMs / 1000).toFixed(1)} s`);
    }
  }
  return DEPLOY_SCENARIOS.map((scenario) => summarize(scenario, runs.get(scenario.key)!));
}

function summarize(scenario: DeployScenario, runs: Run[]): DeployScenarioResult {
  const totalMs = median(runs.map((run) => run.totalMs));
  const floorMs = ASSOCIATE_MS * Math.ceil(scenario.associations / scenario.domains);
  return {
    ...scenario,
    rounds: runs.length,
    totalMs,
    totalSamplesMs: runs.map((run) => run.totalMs),
    floorMs,
    ratio: round(totalMs / floorMs, 2),
    activeToComplete: spread(runs.flatMap((run) => run.activeToComplete)),
    startToAssociated: spread(runs.flatMap((run) => run.startToAssociated)),
    ...perAssociation(runs.flatMap((run) => run.calls), scenario.associations * runs.length),
  };
}

async function runOnce(scenario: DeployScenario): Promise<Run> {
  const outdir = makeTempDir('deploy');
  const emulator = await startEmulator({ associateDelayMs: ASSOCIATE_MS });
  const events: Array<ResourceEvent & { at: number }> = [];
  const deployment = new LocalStackDeployment(STACK_NAME, {
    environment: emulator.env(),
    queryIntervalMs: POLL_MS,
    totalTimeoutMs: 120_000,
    onEvent: (event) => { if (event.custom) events.push({ ...event, at: Date.now() }); },
  });
  try {
    const app = new App({ outdir });
    buildStack(app, 'construct', scenario, { pollInterval: Duration.seconds(POLL_MS / 1000), timeout: Duration.minutes(5) });
    app.synth();
    const artifact = readStack(outdir, STACK_NAME);
    // cdk deploy publishes the template as a file asset into the bootstrap bucket.
    await bootstrapEnvironment(emulator.env());
    for (const name of domainNamesOf(scenario)) emulator.addDomain(name, { engineVersion: 'OpenSearch_2.19' });
    for (const spec of associationsOf(scenario)) {
      emulator.addPackage({ packageId: spec.packageId, packageName: `bench-${spec.packageId.toLowerCase()}`, packageType: 'TXT-DICTIONARY' });
    }

    const started = Date.now();
    await deployment.deploy(artifact);
    const totalMs = Date.now() - started;

    // The association's resource type, as the template shows it.
    const resources = Object.entries(artifact.template.Resources).filter(([, r]) => r.Type === 'Custom::OpenSearchPackageAssociation');
    if (resources.length !== scenario.associations) {
      throw new Error(`expected ${scenario.associations} association resources in the template, found ${resources.length}`);
    }
    const calls = emulator.calls;
    const activeToComplete: number[] = [];
    const startToAssociated: number[] = [];
    for (const [logicalId, resource] of resources) {
      const { DomainName: domainName, PackageId: packageId } = resource.Properties!;
      const association = emulator.association(domainName, packageId);
      if (association?.DomainPackageStatus !== 'ACTIVE') {
        throw new Error(`${packageId} on ${domainName} is ${association?.DomainPackageStatus ?? 'not associated'} after the deployment`);
      }
      // LastUpdated is when the emulator ended the ASSOCIATING transition, to the millisecond.
      const activeAt = association.LastUpdated * 1000;
      const accepted = lastAccepted(calls, domainName, packageId);
      activeToComplete.push(eventTime(events, logicalId, 'CREATE_COMPLETE') - activeAt);
      startToAssociated.push(accepted.time + accepted.durationMs - eventTime(events, logicalId, 'CREATE_IN_PROGRESS'));
    }
    return { totalMs, activeToComplete, startToAssociated, calls };
  } finally {
    await deployment.close();
    await emulator.stop();
    removeTempDir(outdir);
  }
}

/** The AssociatePackage request the emulator accepted (the last, should a refused one have come first). */
function lastAccepted(calls: CallRecord[], domainName: string, packageId: string): CallRecord {
  const accepted = calls.filter((c) => c.operation === 'AssociatePackage' && c.status === 200
    && c.pathParams.DomainName === domainName && c.pathParams.PackageID === packageId);
  if (accepted.length === 0) throw new Error(`the emulator accepted no AssociatePackage for ${packageId} on ${domainName}`);
  return accepted[accepted.length - 1];
}

function eventTime(events: Array<ResourceEvent & { at: number }>, logicalId: string, status: ResourceEvent['status']): number {
  const event = events.find((e) => e.logicalId === logicalId && e.status === status);
  if (!event) throw new Error(`${logicalId} never reported ${status}`);
  return event.at;
}

function perAssociation(calls: CallRecord[], associations: number): Pick<DeployScenarioResult, 'callsPerAssociation' | 'errorsPerAssociation'> {
  const callsPerAssociation: Record<string, number> = {};
  const errorsPerAssociation: Record<string, number> = {};
  for (const call of calls) {
    callsPerAssociation[call.operation] = (callsPerAssociation[call.operation] ?? 0) + 1;
    if (call.status >= 300) {
      const type = `${call.operation} ${call.errorType ?? call.status}`;
      errorsPerAssociation[type] = (errorsPerAssociation[type] ?? 0) + 1;
    }
  }
  const divide = (counts: Record<string, number>) =>
    Object.fromEntries(Object.entries(counts).map(([name, count]) => [name, round(count / associations, 2)]));
  return { callsPerAssociation: divide(callsPerAssociation), errorsPerAssociation: divide(errorsPerAssociation) };
}

function spread(samples: number[]): Spread {
  return { medianMs: round(median(samples)), p95Ms: round(percentile(samples, 95)), samplesMs: samples.map((s) => round(s)) };
}
