/**
 * Records what botocore's service model (the AWS CLI's copy of `opensearch/2021-01-01/service-2.json`)
 * says about the operations the emulator serves: each operation's HTTP method and URI, its input,
 * output and error shapes, and every shape those reach with its constraints (required members,
 * min/max, pattern, enum, error status). The record (service-model.json, next to this file) is
 * replayed by test/emulator/service-model.test.ts in the normal build.
 *
 *   ts-node --project local/tsconfig.json local/service-model/record.ts           rewrite the record
 *   ts-node --project local/tsconfig.json local/service-model/record.ts --check   fail if the installed model differs
 *
 * The model is Apache-2.0 data published by AWS; only its facts are kept (no documentation strings).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { OPERATIONS } from '../emulator/api/model';

/** Where the record lives. */
export const RECORD_FILE = path.join(__dirname, 'service-model.json');

const MODEL_PATH = ['data', 'opensearch', '2021-01-01'];

/**
 * DescribeDomain's DomainStatus has dozens of members the emulator never sends. Their names are kept
 * (so a reply's unknown member is still caught), but only the listed members' shapes are recorded.
 */
const DETAILED_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  DomainStatus: ['DomainId', 'DomainName', 'ARN', 'Created', 'Deleted', 'Processing', 'UpgradeProcessing', 'EngineVersion',
    'ClusterConfig', 'ChangeProgressDetails', 'DomainProcessingStatus'],
  ClusterConfig: [],
};

interface ModelMember { shape: string; location?: string; locationName?: string }
interface ModelShape {
  type: string;
  required?: string[];
  members?: Record<string, ModelMember>;
  member?: ModelMember;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  error?: { httpStatusCode?: number };
  exception?: boolean;
}
interface ModelOperation {
  http: { method: string; requestUri: string };
  input?: { shape: string };
  output?: { shape: string };
  errors?: Array<{ shape: string }>;
}
interface Model {
  metadata: Record<string, unknown>;
  operations: Record<string, ModelOperation>;
  shapes: Record<string, ModelShape>;
}

/** A recorded shape: the model's facts, without documentation. */
export interface RecordedShape {
  readonly type: string;
  readonly required?: readonly string[];
  readonly members?: Readonly<Record<string, { readonly shape: string; readonly location?: string; readonly locationName?: string }>>;
  readonly member?: string;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly httpStatusCode?: number;
}

/** A recorded operation. */
export interface RecordedOperation {
  readonly method: string;
  readonly uri: string;
  readonly input: string;
  readonly output: string;
  readonly errors: readonly string[];
}

/** The record: where it came from, and the facts. */
export interface ServiceModelRecord {
  readonly source: { readonly file: string; readonly botocore: string };
  readonly metadata: { readonly apiVersion: string; readonly protocol: string };
  readonly operations: Readonly<Record<string, RecordedOperation>>;
  readonly shapes: Readonly<Record<string, RecordedShape>>;
}

/** Finds botocore's package directory and version through the Python that has it (the AWS CLI's). */
function findBotocore(): { dir: string; version: string } {
  const script = 'import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)';
  const candidates = [process.env.BOTOCORE_PYTHON, 'python3', awsCliPython()].filter((c): c is string => !!c);
  for (const python of candidates) {
    try {
      const [dir, version] = execFileSync(python, ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n');
      if (dir && existsSync(path.join(dir, ...MODEL_PATH))) return { dir, version };
    } catch {
      // Not this one: try the next.
    }
  }
  throw new Error(`botocore not found (tried ${candidates.join(', ')}); install the AWS CLI v1 or set BOTOCORE_PYTHON`);
}

/** The interpreter named by the `aws` script's shebang (AWS CLI v1 is a Python script). */
function awsCliPython(): string | undefined {
  try {
    const aws = execFileSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).trim();
    const first = readFileSync(aws, 'utf8').split('\n')[0];
    return first.startsWith('#!') ? first.slice(2).trim().split(/\s+/)[0] : undefined;
  } catch {
    return undefined;
  }
}

function readModel(dir: string): Model {
  const base = path.join(dir, ...MODEL_PATH, 'service-2.json');
  if (existsSync(base)) return JSON.parse(readFileSync(base, 'utf8'));
  return JSON.parse(gunzipSync(readFileSync(`${base}.gz`)).toString('utf8'));
}

/** Extracts the record from the model. */
export function extract(model: Model, botocoreVersion: string): ServiceModelRecord {
  const shapes: Record<string, RecordedShape> = {};
  const visit = (name: string): void => {
    if (shapes[name]) return;
    const s = model.shapes[name];
    if (!s) throw new Error(`shape ${name} is not in the model`);
    const detailed = DETAILED_MEMBERS[name];
    const members = s.members && Object.fromEntries(Object.entries(s.members).map(([member, m]) => [member, {
      shape: m.shape,
      ...(m.location ? { location: m.location, locationName: m.locationName } : {}),
    }]));
    shapes[name] = {
      type: s.type,
      ...(s.required ? { required: [...s.required] } : {}),
      ...(members ? { members } : {}),
      ...(s.member ? { member: s.member.shape } : {}),
      ...(s.min !== undefined ? { min: s.min } : {}),
      ...(s.max !== undefined ? { max: s.max } : {}),
      ...(s.pattern !== undefined ? { pattern: s.pattern } : {}),
      ...(s.enum ? { enum: [...s.enum] } : {}),
      ...(s.exception ? { httpStatusCode: s.error?.httpStatusCode ?? 400 } : {}),
    };
    for (const [member, m] of Object.entries(s.members ?? {})) {
      if (!detailed || detailed.includes(member)) visit(m.shape);
    }
    if (s.member) visit(s.member.shape);
  };
  const operations: Record<string, RecordedOperation> = {};
  for (const name of OPERATIONS) {
    const op = model.operations[name];
    if (!op?.input || !op.output) throw new Error(`operation ${name} is not in the model`);
    operations[name] = {
      method: op.http.method,
      uri: op.http.requestUri,
      input: op.input.shape,
      output: op.output.shape,
      errors: (op.errors ?? []).map((e) => e.shape),
    };
    visit(op.input.shape);
    visit(op.output.shape);
    operations[name].errors.forEach(visit);
  }
  return {
    source: { file: `botocore/${MODEL_PATH.join('/')}/service-2.json`, botocore: botocoreVersion },
    metadata: { apiVersion: String(model.metadata.apiVersion), protocol: String(model.metadata.protocol) },
    operations,
    shapes: Object.fromEntries(Object.keys(shapes).sort().map((k) => [k, shapes[k]])),
  };
}

/** One line per operation and per shape, so a change in the model is a readable diff. */
export function serialize(record: ServiceModelRecord): string {
  const section = (entries: Readonly<Record<string, unknown>>) =>
    `{\n${Object.entries(entries).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n  }`;
  return `{\n  "source": ${JSON.stringify(record.source)},\n  "metadata": ${JSON.stringify(record.metadata)},\n`
    + `  "operations": ${section(record.operations)},\n  "shapes": ${section(record.shapes)}\n}\n`;
}

/** The entries (operations, shapes) that differ between two records; the botocore version is not a fact of the API. */
export function differences(recorded: ServiceModelRecord, installed: ServiceModelRecord): string[] {
  const out: string[] = [];
  const compare = (kind: string, a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>) => {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) {
        out.push(`${kind} ${key}:\n  recorded:  ${JSON.stringify(a[key])}\n  installed: ${JSON.stringify(b[key])}`);
      }
    }
  };
  compare('metadata', recorded.metadata, installed.metadata);
  compare('operation', recorded.operations, installed.operations);
  compare('shape', recorded.shapes, installed.shapes);
  return out;
}

function main(): void {
  const botocore = findBotocore();
  const installed = extract(readModel(botocore.dir), botocore.version);
  if (!process.argv.includes('--check')) {
    writeFileSync(RECORD_FILE, serialize(installed));
    console.log(`Recorded ${Object.keys(installed.operations).length} operations and ${Object.keys(installed.shapes).length} shapes from botocore ${botocore.version} to ${RECORD_FILE}`);
    return;
  }
  const recorded = JSON.parse(readFileSync(RECORD_FILE, 'utf8')) as ServiceModelRecord;
  const diff = differences(recorded, installed);
  if (diff.length > 0) {
    console.error(`botocore ${botocore.version} disagrees with the record (made from botocore ${recorded.source.botocore}):\n${diff.join('\n')}`);
    console.error('Review the change, update the emulator where the API changed, and rewrite the record (npx projen oracle:service-model:record).');
    process.exitCode = 1;
    return;
  }
  console.log(`botocore ${botocore.version} agrees with the record (made from botocore ${recorded.source.botocore}).`);
}

if (require.main === module) {
  main();
}
