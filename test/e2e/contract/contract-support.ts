/**
 * The contract suite's shared parts, in the spirit of CloudFormation's resource-provider contract
 * tests (`cfn test`): every resource type goes through the same promises end to end, against the
 * emulator over HTTP, with the emulator's own fault controls (no proxy of ours in between).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { DeletePackageCommand, DescribePackagesCommand, GetPackageVersionHistoryCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import type { PackageDetails, PackageVersionHistory } from '@aws-sdk/client-opensearch';
import type { ReplyFaultKind, Emulator } from '../../../local/emulator';
import type { OperationName } from '../../../local/emulator/api/model';
import type { S3Operation } from '../../../local/emulator/s3/store';
import { Scenario, startScenario } from '../harness';

export const DOMAIN = 'products';

/** A mutating call of the table: the package API's, or S3's staging calls. */
export type MutatingCall = OperationName | S3Operation;

/** One row of the fault table: a mutating call and what goes wrong with it. */
export interface FaultRow {
  readonly call: MutatingCall;
  /** `lost`: the service acted, then the reply was lost (a 500); `empty`/`html`/`truncated`: it acted, then answered an unreadable 200; `hang`: it acted, then never answered; `dropped`: the request was lost before it acted. */
  readonly fault: ReplyFaultKind;
}

/** The faults each mutating call is tried with: a handful per call, not every combination. */
export const FAULTS_PER_CALL: readonly ReplyFaultKind[] = ['lost', 'html', 'dropped'];

/** The rows for `calls`, each with {@link FAULTS_PER_CALL}, plus `extra` rows. */
export function faultRows(calls: readonly MutatingCall[], extra: readonly FaultRow[] = []): FaultRow[] {
  return [...calls.flatMap((call) => FAULTS_PER_CALL.map((fault) => ({ call, fault }))), ...extra];
}

const S3_CALLS: ReadonlySet<string> = new Set(['CopyObject', 'DeleteObject']);

/** Queues the row's fault on the emulator, once, for the first matching request. */
export function inject(emulator: Emulator, row: FaultRow): void {
  if (S3_CALLS.has(row.call)) {
    emulator.faults.s3.add({ operation: row.call as S3Operation, reply: row.fault });
  } else {
    emulator.faults.reply({ operation: row.call as OperationName, kind: row.fault });
  }
}

/** Whether the row's fault fired (a row whose call never came would prove nothing). */
export function fired(emulator: Emulator): boolean {
  return emulator.faults.pending().length === 0;
}

/** A scenario with one domain; AWS_MAX_ATTEMPTS keeps the SDK's backoff short. */
export async function contractScenario(): Promise<Scenario> {
  const scenario = await startScenario({ environment: { AWS_MAX_ATTEMPTS: '3' } });
  scenario.emulator.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  return scenario;
}

/** Every package the emulator holds, as DescribePackages shows them. */
export async function allPackages(emulator: Emulator): Promise<PackageDetails[]> {
  const { PackageDetailsList } = await withClient(emulator, (client) => client.send(new DescribePackagesCommand({})));
  return PackageDetailsList ?? [];
}

/** A package's versions, newest first, as GetPackageVersionHistory shows them. */
export async function versionHistory(emulator: Emulator, packageId: string): Promise<PackageVersionHistory[]> {
  const { PackageVersionHistoryList } = await withClient(emulator,
    (client) => client.send(new GetPackageVersionHistoryCommand({ PackageID: packageId })));
  return PackageVersionHistoryList ?? [];
}

/** Deletes a package behind the stack's back, as someone in the console would. */
export async function deletePackage(emulator: Emulator, packageId: string): Promise<void> {
  await withClient(emulator, (client) => client.send(new DeletePackageCommand({ PackageID: packageId })));
}

async function withClient<T>(emulator: Emulator, call: (client: OpenSearchClient) => Promise<T>): Promise<T> {
  const client = new OpenSearchClient(emulator.clientConfig());
  try {
    return await call(client);
  } finally {
    client.destroy();
  }
}

/** Calls that change something, by operation, for "no call on anything else". */
export const MUTATING_CALLS: readonly MutatingCall[] = [
  'CreatePackage', 'UpdatePackage', 'DeletePackage', 'AssociatePackage', 'AssociatePackages', 'DissociatePackage', 'DissociatePackages',
  'UpdatePackageScope', 'CopyObject', 'DeleteObject',
];

/** The mutating calls made since the call log was last cleared, e.g. `['DissociatePackage']`. */
export function mutatingCalls(emulator: Emulator): string[] {
  return [...emulator.calls, ...emulator.s3Calls].filter((call) => (MUTATING_CALLS as readonly string[]).includes(call.operation))
    .map((call) => call.operation);
}

/** Temporary files for package sources. */
export class SourceFiles {
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'e2e-contract-'));

  public write(name: string, content: string): string {
    const file = path.join(this.dir, name);
    writeFileSync(file, content);
    return file;
  }

  public remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The failure of a promise that must fail. */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(() => { throw new Error('expected a failure'); }, (error: Error) => error);
}
