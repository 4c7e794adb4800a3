import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { bootstrapEnvironment, BootstrapOptions, LocalStackDeployment, readStack, ResourceEvent, ScaledClock, StackArtifact } from '../../local/deploy';
import { Emulator, EmulatorOptions, startEmulator } from '../../local/emulator';

/**
 * End-to-end harness: synthesizes a stack into a real cloud assembly (with the handler bundle from
 * assets/), and deploys it against an emulator, the emulator and the functions sharing one clock that
 * runs E2E_TIME_SCALE times faster than real time.
 */

/**
 * How many times faster than real time a scenario's clock runs: a handler's 5 s pause takes 250 ms.
 * Every timing a scenario states (emulator delays, resource timeouts, poll intervals, how long a test
 * waits or expects something to take) is in milliseconds of that clock; only the work itself (cold
 * starts, requests, synthesis) takes real time, which on this clock looks 20 times longer.
 */
export const E2E_TIME_SCALE = 20;

export const STACK_NAME = 'E2E';

// A deployment's real work (cold starts, synthesis, requests) is slow on a loaded machine whatever the
// clock; jest's 5 s default fails a test that has only been starved of CPU. A file may set its own.
jest.setTimeout(30_000);
const assemblies: string[] = [];

/** Synthesizes a stack built by `build` and reads it back from the cloud assembly. */
export function synthesize(build: (stack: Stack) => void): StackArtifact {
  return synthesizeStack((app) => {
    const stack = new Stack(app, STACK_NAME, { env: { account: '123456789012', region: 'us-east-1' } });
    build(stack);
    return stack;
  });
}

/** Synthesizes the stack `create` adds to a fresh app (e.g. an example's own Stack class). */
export function synthesizeStack(create: (app: App) => Stack): StackArtifact {
  const outdir = mkdtempSync(path.join(tmpdir(), 'e2e-assembly-'));
  assemblies.push(outdir);
  const app = new App({ outdir });
  const stack = create(app);
  app.synth();
  return readStack(outdir, stack.stackName);
}

/** A domain as an imported reference, so its name in the template is the emulator's domain name. */
export function domainNamed(stack: Stack, name: string): opensearch.IDomain {
  return opensearch.Domain.fromDomainAttributes(stack, `Domain-${name}`, {
    domainArn: `arn:aws:es:us-east-1:123456789012:domain/${name}`,
    domainEndpoint: `https://search-${name}-abc123.us-east-1.es.amazonaws.com`,
  });
}

export interface Scenario {
  readonly emulator: Emulator;
  readonly deployment: LocalStackDeployment;
  /** Every resource event of our custom resources, in order. */
  readonly events: ResourceEvent[];
  /** The clock the functions run on (and the emulator, unless the scenario gave it its own). */
  readonly clock: ScaledClock;
}

/** An emulator's options, and how the environment is bootstrapped. */
export interface ScenarioOptions extends EmulatorOptions {
  /** The file asset bucket `cdk bootstrap` makes (default: SSE-KMS with the AWS managed key, as plain `cdk bootstrap`). */
  readonly bootstrap?: BootstrapOptions;
  /** Extra environment for the functions, e.g. `AWS_MAX_ATTEMPTS` to keep the SDK's retries short. */
  readonly environment?: Record<string, string>;
  /**
   * The clock of the functions, the provider framework and, unless `clock` is given, the emulator
   * (default: a new one, E2E_TIME_SCALE times faster than real time; `ScaledClock.REAL` for real time).
   */
  readonly time?: ScaledClock;
}

/**
 * Starts an emulator, bootstraps it as `cdk bootstrap` would, and makes a local deployment that talks
 * to it; both are closed after the test that started them. Pass `domainEndpoints: true` for stacks whose handlers
 * call a domain's REST API (`DomainEndpoint`).
 */
export async function startScenario(options: ScenarioOptions = {}): Promise<Scenario> {
  const clock = options.time ?? new ScaledClock(E2E_TIME_SCALE);
  const emulator = await startEmulator({
    associateDelayMs: 3_000,
    dissociateDelayMs: 2_000,
    packageCopyDelayMs: 1_000,
    packageValidateDelayMs: 2_000,
    clock: () => clock.now(),
    ...options,
  });
  await bootstrapEnvironment(emulator.env(), options.bootstrap);
  const events: ResourceEvent[] = [];
  const deployment = new LocalStackDeployment(STACK_NAME, {
    environment: { ...emulator.env(), ...options.environment },
    domainEndpoint: (domainName) => emulator.domainEndpoint(domainName),
    queryIntervalMs: 1_000,
    totalTimeoutMs: 10 * 60_000,
    clock,
    onEvent: (event) => { if (event.custom) events.push(event); },
  });
  const scenario = { emulator, deployment, events, clock };
  started.push(scenario);
  return scenario;
}

/**
 * An emulator clock that can jump ahead of the scenario's: a test holds a state (an association
 * ASSOCIATING, a package VALIDATING) for a long span and jumps past it the moment a handler has met
 * it, so the test sees that state however slow the machine is, and waits for none of it. Only the
 * emulator jumps; the functions keep the scenario's clock (being behind the service is harmless).
 */
export interface JumpingClock {
  readonly now: () => number;
  jump(ms: number): void;
}

export function jumpingClock(time: ScaledClock): JumpingClock {
  let skipped = 0;
  return { now: () => time.now() + skipped, jump: (ms) => { skipped += ms; } };
}

// Each test file that imports the harness gets these hooks: the scenarios a test started are closed
// after it, and the assemblies the file synthesized are removed after the file.
const started: Scenario[] = [];
const closed = new WeakSet<Scenario>();
afterEach(async () => {
  for (const scenario of started.splice(0)) await closeScenario(scenario);
});
afterAll(removeAssemblies);

/** Closes a scenario now (the harness closes any left open after the test). */
export async function closeScenario(scenario: Scenario | undefined): Promise<void> {
  if (!scenario || closed.has(scenario)) return;
  closed.add(scenario);
  await scenario.deployment.close();
  await scenario.emulator.stop();
}

/** Removes the cloud assemblies this test file synthesized. */
export function removeAssemblies(): void {
  for (const dir of assemblies.splice(0)) rmSync(dir, { recursive: true, force: true });
}
