/**
 * The wire protocol: errors as the SDK and raw HTTP see them, and the AWS CLI (where installed) as a
 * second, independent client. If these pass, code that talks to the emulator talks the service's
 * wire protocol. Shared setup in sdk-setup.ts.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { AssociatePackageCommand, CreatePackageCommand, DescribePackagesCommand, ListPackagesForDomainCommand } from '@aws-sdk/client-opensearch';
import { DOMAIN, FAKE_SIGV4, listForDomain, PKG, PKG2, setup, SOURCE, stopEmulator } from './sdk-setup';
import { Emulator, ERROR_STATUS, ErrorCode } from '../../local/emulator';

const execFileAsync = promisify(execFile);

afterEach(stopEmulator);

describe('errors as the SDK and raw HTTP see them', () => {
  const cases: [ErrorCode, number][] = [
    ['ValidationException', 400],
    ['BaseException', 400],
    ['AccessDeniedException', 403],
    ['ResourceNotFoundException', 409],
    ['ConflictException', 409],
    ['LimitExceededException', 409],
    ['ThrottlingException', 429],
    ['InternalException', 500],
  ];

  test.each(cases)('%s is surfaced by the SDK by name with status %d', async (code, status) => {
    const { emu: e, client: c } = await setup();
    expect(ERROR_STATUS[code]).toBe(status);
    e.faults.add({ operation: 'ListPackagesForDomain', error: code, message: `injected ${code}` });
    await expect(listForDomain(c)).rejects.toMatchObject({
      name: code,
      message: `injected ${code}`,
      $metadata: { httpStatusCode: status },
    });
    expect(await listForDomain(c)).toEqual([]);
  });

  test('a ConflictException carries name, message and status for SDK callers', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.faults.add({ operation: 'AssociatePackage', error: 'ConflictException', message: 'Another operation is in progress' });
    const err = await c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG })).then(() => undefined, (x: unknown) => x);
    expect(err).toBeInstanceOf(Error);
    const e2 = err as Error & { $metadata: { httpStatusCode?: number }; $fault: string };
    expect(e2.name).toBe('ConflictException');
    expect(e2.message).toBe('Another operation is in progress');
    expect(e2.$metadata.httpStatusCode).toBe(409);
    expect(e2.$fault).toBe('client');
  });

  test('the wire format is a status, an x-amzn-ErrorType header and a {"message"} body', async () => {
    const { emu: e } = await setup();
    const res = await fetch(`${e.endpoint}/2021-01-01/domain/no-such-domain/packages`, { headers: FAKE_SIGV4 });
    expect(res.status).toBe(409);
    expect(res.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await res.json()).toEqual({ message: 'Domain not found: no-such-domain' });
  });

  test('requests without a SigV4 Authorization header are refused with 403', async () => {
    const { emu: e } = await setup();
    const res = await fetch(`${e.endpoint}/2021-01-01/domain/${DOMAIN}/packages`);
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await res.json()).toEqual({ message: 'Missing Authentication Token' });
    const basic = await fetch(`${e.endpoint}/2021-01-01/domain/${DOMAIN}/packages`, { headers: { Authorization: 'Basic Zm9vOmJhcg==' } });
    expect(basic.status).toBe(403);
    const signed = await fetch(`${e.endpoint}/2021-01-01/domain/${DOMAIN}/packages`, { headers: FAKE_SIGV4 });
    expect(signed.status).toBe(200);
  });

  test('unknown routes are 404 UnknownOperationException, malformed JSON a SerializationException', async () => {
    const { emu: e } = await setup();
    const unknown = await fetch(`${e.endpoint}/2021-01-01/opensearch/domain`, { headers: FAKE_SIGV4 });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    const wrongMethod = await fetch(`${e.endpoint}/2021-01-01/packages/describe`, { headers: FAKE_SIGV4 });
    expect(wrongMethod.status).toBe(404);
    const bad = await fetch(`${e.endpoint}/2021-01-01/packages/describe`, { method: 'POST', headers: FAKE_SIGV4, body: '{nope' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-amzn-errortype')).toBe('SerializationException');
    expect(e.countCalls('Unknown')).toBe(2);
  });

  test('path parameters and MaxResults are validated, naming the field', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    const invalid = (field: string) => ({ name: 'ValidationException', message: expect.stringContaining(`'${field}'`), $metadata: { httpStatusCode: 400 } });
    for (const DomainName of ['ab', 'a'.repeat(29), 'My-Domain', '1domain', 'my_domain']) {
      await expect(c.send(new AssociatePackageCommand({ DomainName, PackageID: PKG }))).rejects.toMatchObject(invalid('domainName'));
    }
    for (const PackageID of ['X123', 'F12a', 'pkg-XYZ', 'f123']) {
      await expect(c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID }))).rejects.toMatchObject(invalid('packageID'));
    }
    await expect(c.send(new ListPackagesForDomainCommand({ DomainName: DOMAIN, MaxResults: 101 }))).rejects.toMatchObject(invalid('maxResults'));
    await expect(c.send(new DescribePackagesCommand({ MaxResults: 500 }))).rejects.toMatchObject(invalid('maxResults'));
    await expect(c.send(new CreatePackageCommand({ PackageName: 'Bad Name', PackageType: 'TXT-DICTIONARY', PackageSource: SOURCE })))
      .rejects.toMatchObject(invalid('packageName'));
    // Valid ids of either form reach the state (and are unknown there).
    await expect(c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: 'pkg-0a1b' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: 'G123' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});


// The AWS CLI (botocore) is a second, independent client of the same wire protocol.
const hasAws = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasAws) {
  console.warn('AWS CLI tests skipped: `aws` is not on PATH');
}
const itIfAws = hasAws ? test : test.skip;

/** The parts of the CLI's JSON output the tests read. */
interface CliOutput {
  DomainPackageDetails?: Record<string, unknown>;
  DomainPackageDetailsList: Record<string, unknown>[];
  NextToken?: string;
}

describe('AWS CLI against the emulator', () => {
  // Only the dummy credentials: no profile, config file or instance metadata from the machine.
  const cliEnv = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(env)) {
      if (name.startsWith('AWS_')) {
        delete env[name];
      }
    }
    return {
      ...env,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'dummy-secret',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      NO_PROXY: '127.0.0.1',
      no_proxy: '127.0.0.1',
    };
  };
  const aws = async (e: Emulator, ...args: string[]) => {
    const { stdout } = await execFileAsync('aws', [
      'opensearch', ...args, '--endpoint-url', e.endpoint, '--region', 'us-east-1', '--output', 'json',
    ], { env: cliEnv(), timeout: 15_000 });
    return JSON.parse(stdout) as CliOutput;
  };

  itIfAws('associate-package and list-packages-for-domain (with --next-token) return the documented JSON', async () => {
    const { emu: e } = await setup({ listPageCap: 1 });
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    // Slow enough to still be ASSOCIATING after a few CLI start-ups.
    e.addPackage({ packageId: PKG2, packageName: 'stopwords', associateDelayMs: 60_000 });
    e.addAssociation({ domainName: DOMAIN, packageId: PKG });

    const associated = await aws(e, 'associate-package', '--domain-name', DOMAIN, '--package-id', PKG2);
    expect(associated.DomainPackageDetails).toMatchObject({ DomainName: DOMAIN, PackageID: PKG2, DomainPackageStatus: 'ASSOCIATING' });

    // botocore has no paginator for this operation, so the CLI returns one page and its NextToken.
    const first = await aws(e, 'list-packages-for-domain', '--domain-name', DOMAIN);
    expect(first.DomainPackageDetailsList).toEqual([
      expect.objectContaining({ PackageID: PKG, DomainPackageStatus: 'ACTIVE', ReferencePath: `analyzers/${PKG}`, PackageVersion: 'v1' }),
    ]);
    expect(typeof first.DomainPackageDetailsList[0].LastUpdated).toBe('number');
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await aws(e, 'list-packages-for-domain', '--domain-name', DOMAIN, '--next-token', first.NextToken!);
    expect(second.DomainPackageDetailsList).toEqual([expect.objectContaining({ PackageID: PKG2, DomainPackageStatus: 'ASSOCIATING' })]);
    expect(second.NextToken).toBeUndefined();
    expect(e.callsTo('ListPackagesForDomain').map(call => call.query.nextToken)).toEqual([undefined, first.NextToken]);
  }, 30_000);

  itIfAws('reports service errors with their code', async () => {
    const { emu: e } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.addAssociation({ domainName: DOMAIN, packageId: PKG });
    const failure = await aws(e, 'associate-package', '--domain-name', DOMAIN, '--package-id', PKG).then(() => undefined, (err: unknown) => err);
    expect(failure).toMatchObject({ code: 255, stderr: expect.stringContaining('(ConflictException)') });
    expect((failure as { stderr: string }).stderr).toContain('Package is already in desired state');
  }, 30_000);
});
