/**
 * Replays the record of botocore's service model (local/service-model/service-model.json, rewritten and
 * re-checked by `npx projen oracle:service-model`) against the emulator:
 * - each operation's method and URI are the emulator's route;
 * - every constraint the model puts on a request member (required, min/max length or value, pattern,
 *   enum) is derived from the record: a request just inside it is not refused for that member, one just
 *   outside is a ValidationException naming the member. A constraint the emulator doesn't check fails here;
 * - the replies of a representative scenario validate against the recorded output shapes (no unknown
 *   members, required members present, enums, lengths and patterns respected), and every error sent is one
 *   the model lists for the operation, with the model's status code.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FAKE_SIGV4 } from './sdk-setup';
import { Emulator, EmulatorOptions, startEmulator } from '../../local/emulator';
import { ERROR_STATUS } from '../../local/emulator/api/errors';
import { ROUTES } from '../../local/emulator/api/operations';
import type { RecordedShape, ServiceModelRecord } from '../../local/service-model/record';

const RECORD: ServiceModelRecord = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'local', 'service-model', 'service-model.json'), 'utf8'));

const DOMAIN = 'my-domain';
const DICTIONARY = 'F111111111';
const SPARE = 'F222222222';
const PLUGIN = 'pkg-0a0a';
const LICENSE = 'pkg-1b1b';
const ROLE = 'arn:aws:iam::123456789012:role/keystore';
const SOURCE = { S3BucketName: 'my-bucket', S3Key: 'plugin.zip' };
const CONFIGURATION = { LicenseRequirement: 'OPTIONAL', LicenseFilepath: 'license.json', ConfigurationRequirement: 'NONE', RequiresRestartForConfigurationUpdate: false };
const KEY_STORE = { KeyStoreAccessOption: { KeyAccessRoleArn: ROLE, KeyStoreAccessEnabled: true } };

/** AWS's common errors, which any operation may answer (https://docs.aws.amazon.com/opensearch-service/latest/APIReference/CommonErrors.html). */
const COMMON_ERRORS = ['AccessDeniedException', 'ThrottlingException', 'ValidationError', 'InternalFailure', 'ServiceUnavailable'];

interface RawRequest {
  readonly params: Record<string, string>;
  readonly query: Record<string, string>;
  readonly body: Record<string, unknown>;
}

interface RawReply {
  readonly status: number;
  readonly errorType?: string;
  readonly body: Record<string, unknown>;
}

const request = (parts: Partial<RawRequest>): RawRequest => ({ params: {}, query: {}, body: {}, ...parts });

/** A request of each operation that uses every member the model constrains, and succeeds in {@link scenario}. */
const BASE: Readonly<Record<string, RawRequest>> = {
  AssociatePackage: request({
    params: { PackageID: LICENSE, DomainName: DOMAIN },
    body: { PrerequisitePackageIDList: [PLUGIN], AssociationConfiguration: KEY_STORE },
  }),
  DissociatePackage: request({ params: { PackageID: DICTIONARY, DomainName: DOMAIN } }),
  ListPackagesForDomain: request({ params: { DomainName: DOMAIN }, query: { maxResults: '10' } }),
  DescribePackages: request({ body: { Filters: [{ Name: 'PackageID', Value: [DICTIONARY] }], MaxResults: 10 } }),
  GetPackageVersionHistory: request({ params: { PackageID: PLUGIN }, query: { maxResults: '10' } }),
  CreatePackage: request({
    body: {
      PackageName: 'new-plugin',
      PackageType: 'ZIP-PLUGIN',
      PackageDescription: 'a plugin',
      PackageSource: SOURCE,
      PackageConfiguration: CONFIGURATION,
      EngineVersion: 'OpenSearch_2.19',
      PackageVendingOptions: { VendingEnabled: false },
      PackageEncryptionOptions: { KmsKeyIdentifier: 'alias/plugins', EncryptionEnabled: true },
    },
  }),
  UpdatePackage: request({
    body: {
      PackageID: PLUGIN,
      PackageSource: SOURCE,
      PackageDescription: 'a plugin',
      CommitMessage: 'second version',
      PackageConfiguration: CONFIGURATION,
      PackageEncryptionOptions: { KmsKeyIdentifier: 'alias/plugins', EncryptionEnabled: true },
    },
  }),
  DeletePackage: request({ params: { PackageID: SPARE } }),
  ListDomainsForPackage: request({ params: { PackageID: DICTIONARY }, query: { maxResults: '10' } }),
  DescribeDomain: request({ params: { DomainName: DOMAIN } }),
  AssociatePackages: request({
    body: { DomainName: DOMAIN, PackageList: [{ PackageID: LICENSE, PrerequisitePackageIDList: [PLUGIN], AssociationConfiguration: KEY_STORE }] },
  }),
  DissociatePackages: request({ body: { DomainName: DOMAIN, PackageList: [DICTIONARY] } }),
  UpdatePackageScope: request({ body: { PackageID: PLUGIN, Operation: 'ADD', PackageUserList: ['111122223333'] } }),
};

/**
 * Values of the constrained string shapes: `ofLength(n)` gives a value of n characters that satisfies the
 * pattern where one exists, `valid` more values the pattern accepts, `invalid` one of a valid length it refuses.
 * The samples are themselves checked against the record below.
 */
const STRINGS: Readonly<Record<string, { ofLength?: (n: number) => string; valid?: string[]; invalid?: string }>> = {
  DomainName: { ofLength: (n) => `d${'a'.repeat(n - 1)}`, valid: [DOMAIN, 'a-1'], invalid: 'My_Domain' },
  PackageID: { valid: [DICTIONARY, 'G79602591', 'pkg-0a1b'], invalid: 'pkg-0A1B' },
  PackageName: { ofLength: (n) => `p${'a'.repeat(n - 1)}`, valid: ['synonyms-2'], invalid: 'Synonyms' },
  PackageDescription: { ofLength: (n) => 'd'.repeat(n) },
  S3BucketName: { ofLength: (n) => 'b'.repeat(n) },
  S3Key: { ofLength: (n) => 'k'.repeat(n) },
  CommitMessage: { ofLength: (n) => 'c'.repeat(n) },
  LicenseFilepath: { ofLength: (n) => 'l'.repeat(n), valid: ['license.json', 'config/license.txt'], invalid: 'config/../license.json' },
  KmsKeyId: { ofLength: (n) => 'k'.repeat(n), valid: ['alias/plugins'] },
  RoleArn: {
    ofLength: (n) => `arn:aws:iam::0:role/${'r'.repeat(Math.max(0, n - 20))}`.slice(0, n),
    valid: [ROLE, 'arn:aws-us-gov:iam::123456789012:role/path/keystore'],
    invalid: 'arn:aws:iam::123456789012:user/keystore',
  },
  EngineVersion: { valid: ['OpenSearch_2.19', 'Elasticsearch_7.10'], invalid: 'OpenSearch_2' },
  DescribePackagesFilterValue: { valid: [DICTIONARY, 'F*', 'syn?nyms'], invalid: 'two words' },
  PackageUser: { ofLength: (n) => (n === 6 ? 'GLOBAL' : '1'.repeat(n)), valid: ['111122223333'], invalid: '1111-2222-33' },
};

function shape(name: string): RecordedShape {
  const s = RECORD.shapes[name];
  if (!s) throw new Error(`shape ${name} is not in the record`);
  return s;
}

/** The model's patterns (Java syntax) are matched whole, as the emulator does; `\p{XDigit}` is Java's hex digit class. */
const fullMatch = (pattern: string) => new RegExp(`^(?:${pattern.replace(/\\p\{XDigit\}/g, '[0-9a-fA-F]')})$`);

function satisfies(s: RecordedShape, value: string): boolean {
  return (s.min === undefined || value.length >= s.min) && (s.max === undefined || value.length <= s.max)
    && (s.pattern === undefined || fullMatch(s.pattern).test(value)) && (s.enum === undefined || s.enum.includes(value));
}

const hasConstraints = (s: RecordedShape) => s.min !== undefined || s.max !== undefined || s.pattern !== undefined || s.enum !== undefined;

/** Whether a shape, or anything it contains, carries a constraint. */
function constrained(name: string, seen = new Set<string>()): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  const s = shape(name);
  return hasConstraints(s) || (s.required?.length ?? 0) > 0
    || Object.values(s.members ?? {}).some((m) => constrained(m.shape, seen)) || (s.member !== undefined && constrained(s.member, seen));
}

/** A value just inside (`accept`) or just outside (`refuse`) the constraints of one member. */
interface Probe {
  readonly what: string;
  readonly value: unknown;
  readonly accept: boolean;
}

/** The probes of a scalar or list shape, from its recorded constraints. */
function probes(name: string, base: unknown, asText: boolean): Probe[] {
  const s = shape(name);
  const out: Probe[] = [];
  const add = (what: string, value: unknown, accept: boolean) => out.push({ what, value: asText && typeof value === 'number' ? String(value) : value, accept });
  if (s.type === 'string' && hasConstraints(s)) {
    for (const value of s.enum ?? []) add(`enum value ${value}`, value, true);
    if (s.enum) add('a value outside the enum', 'NOT_IN_THE_ENUM', false);
    const samples = STRINGS[name];
    if (!s.enum && !samples) throw new Error(`the model constrains shape ${name}, and STRINGS has no samples for it`);
    if (s.min !== undefined || s.max !== undefined) {
      if (!samples?.ofLength) throw new Error(`shape ${name} has a length constraint, and STRINGS has no ofLength for it`);
      if (s.min !== undefined) {
        add(`length ${s.min} (min)`, samples.ofLength(s.min), true);
        if (s.min > 0) add(`length ${s.min - 1} (under min)`, samples.ofLength(s.min - 1), false);
      }
      if (s.max !== undefined) {
        add(`length ${s.max} (max)`, samples.ofLength(s.max), true);
        add(`length ${s.max + 1} (over max)`, samples.ofLength(s.max + 1), false);
      }
    }
    if (s.pattern !== undefined && s.pattern !== '.*') {
      for (const value of samples?.valid ?? []) add(`${value} (pattern)`, value, true);
      if (samples?.invalid === undefined) throw new Error(`shape ${name} has a pattern, and STRINGS has no invalid sample for it`);
      add(`${samples.invalid} (outside the pattern)`, samples.invalid, false);
    }
    for (const probe of out) {
      if (typeof probe.value === 'string' && satisfies(s, probe.value) !== probe.accept) {
        throw new Error(`sample ${JSON.stringify(probe.value)} of shape ${name} should ${probe.accept ? 'satisfy' : 'violate'} the record`);
      }
    }
  }
  if ((s.type === 'integer' || s.type === 'long') && (s.min !== undefined || s.max !== undefined)) {
    if (s.min !== undefined) {
      add(`${s.min} (min)`, s.min, true);
      add(`${s.min - 1} (under min)`, s.min - 1, false);
    }
    if (s.max !== undefined) {
      add(`${s.max} (max)`, s.max, true);
      add(`${s.max + 1} (over max)`, s.max + 1, false);
    }
  }
  if (s.type === 'list' && s.min !== undefined) {
    const first = (base as unknown[])[0];
    add(`${s.min} items (min)`, Array.from({ length: s.min }, () => first), true);
    if (s.min > 0) add(`${s.min - 1} items (under min)`, Array.from({ length: s.min - 1 }, () => first), false);
  }
  return out;
}

/** One request derived from the record: the base request with one member changed. */
interface Case {
  readonly field: string;
  readonly what: string;
  readonly request: RawRequest;
  readonly accept: boolean;
}

type Location = ReadonlyArray<string | number>;

function withValue(base: RawRequest, location: Location, value: unknown): RawRequest {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  let node = copy as Record<string | number, unknown>;
  for (const step of location.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = location[location.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy as unknown as RawRequest;
}

const lowerFirst = (name: string) => `${name[0].toLowerCase()}${name.slice(1)}`;

/** The cases of one member (and what it contains), at `location` in the request and `field` in the error messages. */
function memberCases(base: RawRequest, shapeName: string, location: Location, field: string, value: unknown, asText: boolean): Case[] {
  const s = shape(shapeName);
  const cases: Case[] = probes(shapeName, value, asText)
    .map((p) => ({ field, what: p.what, request: withValue(base, location, p.value), accept: p.accept }));
  if (s.type === 'structure') {
    const record = value as Record<string, unknown>;
    for (const required of s.required ?? []) {
      cases.push({ field: `${field}.${lowerFirst(required)}`, what: 'missing (required)', request: withValue(base, [...location, required], undefined), accept: false });
    }
    for (const [member, m] of Object.entries(s.members ?? {})) {
      cases.push(...nested(base, m.shape, [...location, member], `${field}.${lowerFirst(member)}`, record[member]));
    }
  }
  if (s.type === 'list' && s.member) {
    cases.push(...nested(base, s.member, [...location, 0], `${field}.1.member`, (value as unknown[])[0]));
  }
  return cases;
}

function nested(base: RawRequest, shapeName: string, location: Location, field: string, value: unknown): Case[] {
  if (value === undefined) {
    if (constrained(shapeName)) throw new Error(`the base request has no ${field}, which the model constrains: add it to BASE`);
    return [];
  }
  return memberCases(base, shapeName, location, field, value, false);
}

/** Every case of an operation, derived from its recorded input shape. */
function casesOf(operation: string): Case[] {
  const base = BASE[operation];
  const input = shape(RECORD.operations[operation].input);
  const cases: Case[] = [];
  for (const [member, m] of Object.entries(input.members ?? {})) {
    const location: Location = m.location === 'uri' ? ['params', m.locationName!] : m.location === 'querystring' ? ['query', m.locationName!] : ['body', member];
    const field = lowerFirst(member);
    const value = location.reduce<unknown>((node, step) => (node as Record<string, unknown>)[step as string], base);
    if (input.required?.includes(member)) {
      // An empty URI label is how a client leaves one out.
      cases.push({ field, what: 'missing (required)', request: withValue(base, location, m.location === 'uri' ? '' : undefined), accept: false });
    }
    if (value === undefined) {
      if (constrained(m.shape)) throw new Error(`the base ${operation} request has no ${member}, which the model constrains: add it to BASE`);
      continue;
    }
    cases.push(...memberCases(base, m.shape, location, field, value, m.location !== undefined));
  }
  return cases;
}

/** Domains and packages every base request succeeds on. */
async function scenario(options: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startEmulator({
    associateDelayMs: 60, dissociateDelayMs: 60, packageCopyDelayMs: 10, packageValidateDelayMs: 10, packageDeleteDelayMs: 60, ...options,
  });
  emu.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  emu.s3.createBucket(SOURCE.S3BucketName);
  emu.s3.putObject(SOURCE.S3BucketName, SOURCE.S3Key, Buffer.from('a stand-in plugin'));
  emu.addPackage({ packageId: DICTIONARY, packageName: 'synonyms', description: 'synonyms' });
  emu.addAssociation({ domainName: DOMAIN, packageId: DICTIONARY });
  emu.addPackage({ packageId: SPARE, packageName: 'stopwords' });
  emu.addPackage({
    packageId: PLUGIN,
    packageName: 'lockbox',
    packageType: 'ZIP-PLUGIN',
    engineVersion: 'OpenSearch_2.19',
    plugin: { configuration: { LicenseRequirement: 'OPTIONAL', ConfigurationRequirement: 'NONE' }, vending: { VendingEnabled: true } },
    pluginProperties: { Name: 'lockbox', Description: 'Locks boxes', Version: '1.0.0', ClassName: 'org.example.Lockbox', UncompressedSizeInBytes: 2048 },
  });
  emu.addAssociation({ domainName: DOMAIN, packageId: PLUGIN });
  emu.addPackage({ packageId: LICENSE, packageName: 'lockbox-license', packageType: 'PACKAGE-LICENSE' });
  return emu;
}

async function send(emu: Emulator, operation: string, req: RawRequest): Promise<RawReply> {
  const { method, uri } = RECORD.operations[operation];
  const pathname = uri.replace(/\{(\w+)\}/g, (_, label: string) => encodeURIComponent(req.params[label] ?? ''));
  const query = new URLSearchParams(req.query).toString();
  const res = await fetch(`${emu.endpoint}${pathname}${query ? `?${query}` : ''}`, {
    method,
    headers: { ...FAKE_SIGV4, 'content-type': 'application/json' },
    body: method === 'POST' ? JSON.stringify(req.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype') ?? undefined, body: text ? JSON.parse(text) : {} };
}

/** Where `value` breaks the recorded shape (unknown or missing members, types, enums, lengths, patterns). */
function violations(value: unknown, shapeName: string, at: string): string[] {
  const s = RECORD.shapes[shapeName];
  if (!s) return [`${at}: shape ${shapeName} is not recorded (add it to DETAILED_MEMBERS in local/service-model/record.ts)`];
  switch (s.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: not a structure`];
      const record = value as Record<string, unknown>;
      const out = (s.required ?? []).filter((r) => record[r] === undefined).map((r) => `${at}.${r}: required, missing`);
      for (const [key, v] of Object.entries(record)) {
        const member = s.members?.[key];
        if (!member) out.push(`${at}.${key}: not a member of ${shapeName}`);
        else if (v !== null) out.push(...violations(v, member.shape, `${at}.${key}`));
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.flatMap((v, i) => violations(v, s.member!, `${at}[${i}]`)) : [`${at}: not a list`];
    case 'map':
      return typeof value === 'object' && value !== null ? [] : [`${at}: not a map`];
    case 'string':
      if (typeof value !== 'string') return [`${at}: not a string`];
      return satisfies(s, value) ? [] : [`${at}: ${JSON.stringify(value)} breaks ${shapeName} ${JSON.stringify({ min: s.min, max: s.max, pattern: s.pattern, enum: s.enum })}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
    case 'integer': case 'long':
      if (!Number.isInteger(value)) return [`${at}: not an integer`];
      return (s.min !== undefined && (value as number) < s.min) || (s.max !== undefined && (value as number) > s.max) ? [`${at}: out of range`] : [];
    case 'timestamp':
      // restJson1 sends timestamps as epoch seconds.
      return typeof value === 'number' ? [] : [`${at}: not epoch seconds`];
    default:
      return [`${at}: shape type ${s.type} not checked`];
  }
}

/** A reply: a success validates against the output shape; an error is one the operation lists, with the model's status. */
function replyViolations(operation: string, reply: RawReply): string[] {
  const op = RECORD.operations[operation];
  if (reply.errorType === undefined) return violations(reply.body, op.output, operation);
  if (COMMON_ERRORS.includes(reply.errorType)) return [];
  if (!op.errors.includes(reply.errorType)) return [`${operation}: ${reply.errorType} is not an error the model lists for it`];
  // The protocol carries every error's message in `message`, whether or not the error shape names it.
  const { message, ...members } = reply.body;
  const out = violations(members, reply.errorType, `${operation} ${reply.errorType}`);
  if (typeof message !== 'string') out.push(`${operation} ${reply.errorType}: no message`);
  const status = RECORD.shapes[reply.errorType].httpStatusCode;
  return status === reply.status ? out : [...out, `${operation} ${reply.errorType}: status ${reply.status}, the model says ${status}`];
}

describe('routes', () => {
  test('the emulator serves exactly the recorded operations, each on the model\'s method and URI', () => {
    const served = Object.fromEntries(ROUTES.map((r) => [r.operation, { method: r.method, uri: r.template }]));
    const recorded = Object.fromEntries(Object.entries(RECORD.operations).map(([name, op]) => [name, { method: op.method, uri: op.uri }]));
    expect(served).toEqual(recorded);
  });

  test('every error status the emulator sends for a modelled error is the model\'s', () => {
    const modelled = Object.keys(ERROR_STATUS).filter((code) => RECORD.shapes[code] !== undefined);
    expect(modelled.length).toBeGreaterThan(5);
    expect(Object.fromEntries(modelled.map((code) => [code, ERROR_STATUS[code as keyof typeof ERROR_STATUS]])))
      .toEqual(Object.fromEntries(modelled.map((code) => [code, RECORD.shapes[code].httpStatusCode])));
  });
});

describe.each(Object.keys(RECORD.operations))('%s against the recorded input shape', (operation) => {
  let emu: Emulator;
  beforeAll(async () => { emu = await scenario(); });
  afterAll(async () => { await emu.stop(); });

  test('the base request succeeds and its reply validates against the output shape', async () => {
    const reply = await send(emu, operation, BASE[operation]);
    expect(reply).toMatchObject({ status: 200 });
    expect(replyViolations(operation, reply)).toEqual([]);
  });

  const cases = casesOf(operation);
  test.each(cases.map((c) => [c.field, c.what, c] as const))('%s: %s', async (_field, _what, c) => {
    const reply = await send(emu, operation, c.request);
    const message = String(reply.body.message ?? reply.body.Message ?? '');
    const refusedForIt = reply.errorType === 'ValidationException' && message.includes(`at '${c.field}'`);
    expect({ refusedForIt, status: refusedForIt ? reply.status : undefined, message: refusedForIt === c.accept ? message : undefined })
      .toEqual({ refusedForIt: !c.accept, status: c.accept ? undefined : 400, message: undefined });
    expect(replyViolations(operation, reply)).toEqual([]);
  });
});

describe('replies in every state', () => {
  test('packages, associations and domains in their intermediate and failed states validate against the output shapes', async () => {
    // Long enough to read every intermediate status.
    const emu = await scenario({ associateDelayMs: 5000, dissociateDelayMs: 5000, packageCopyDelayMs: 5000, packageDeleteDelayMs: 5000 });
    try {
      const sent: Array<[string, RawReply]> = [];
      const call = async (operation: string, req: RawRequest) => {
        const reply = await send(emu, operation, req);
        sent.push([operation, reply]);
        return reply;
      };
      emu.addPackage({ packageId: 'F333333333', packageName: 'broken', status: 'COPY_FAILED', errorDetails: { ErrorType: 'CopyFailure', ErrorMessage: 'no such object' } });
      emu.addPackage({ packageId: 'F444444444', packageName: 'invalid', status: 'VALIDATION_FAILED', errorDetails: { ErrorType: 'ValidationFailure', ErrorMessage: 'bad line 3' } });
      emu.addAssociation({ domainName: DOMAIN, packageId: SPARE, status: 'ASSOCIATION_FAILED', errorDetails: { ErrorType: 'ValidationFailure', ErrorMessage: 'bad file' } });
      await call('UpdatePackageScope', BASE.UpdatePackageScope);
      await call('UpdatePackage', BASE.UpdatePackage);
      await call('AssociatePackage', BASE.AssociatePackage);
      // One package operation per domain at a time: the dissociation is on a second domain.
      emu.addDomain('other-domain', { engineVersion: 'OpenSearch_2.19' });
      emu.addAssociation({ domainName: 'other-domain', packageId: DICTIONARY });
      await call('DissociatePackage', request({ params: { PackageID: DICTIONARY, DomainName: 'other-domain' } }));
      emu.setChangeInProgress(DOMAIN, 1000);
      await call('DescribeDomain', BASE.DescribeDomain);
      await call('DeletePackage', request({ params: { PackageID: 'F333333333' } }));
      // COPYING, DELETING, a plugin with its properties and users; ASSOCIATING, DISSOCIATING, ASSOCIATION_FAILED.
      const packages = await call('DescribePackages', request({}));
      const statuses = (packages.body.PackageDetailsList as Array<{ PackageStatus: string }>).map((p) => p.PackageStatus);
      expect(statuses).toEqual(expect.arrayContaining(['AVAILABLE', 'COPYING', 'DELETING', 'VALIDATION_FAILED']));
      const domainPackages = await call('ListPackagesForDomain', BASE.ListPackagesForDomain);
      expect((domainPackages.body.DomainPackageDetailsList as Array<{ DomainPackageStatus: string }>).map((p) => p.DomainPackageStatus))
        .toEqual(expect.arrayContaining(['ACTIVE', 'ASSOCIATING', 'ASSOCIATION_FAILED']));
      const dictionaryDomains = await call('ListDomainsForPackage', request({ params: { PackageID: DICTIONARY } }));
      expect((dictionaryDomains.body.DomainPackageDetailsList as Array<{ DomainPackageStatus: string }>).map((p) => p.DomainPackageStatus))
        .toEqual(expect.arrayContaining(['ACTIVE', 'DISSOCIATING']));
      await call('GetPackageVersionHistory', BASE.GetPackageVersionHistory);
      await call('ListDomainsForPackage', request({ params: { PackageID: PLUGIN } }));
      expect(sent.filter(([, reply]) => reply.status !== 200)).toEqual([]);
      expect(sent.flatMap(([operation, reply]) => replyViolations(operation, reply))).toEqual([]);
    } finally {
      await emu.stop();
    }
  });
});
