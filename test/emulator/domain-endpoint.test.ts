/**
 * The emulated domain endpoint (index templates over HTTPS with SigV4), driven over real HTTPS with a
 * client that trusts only the emulator's certificate.
 */
import { existsSync, readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { Server as HttpsServer } from 'node:https';
import * as path from 'node:path';
import { DescribePackagesCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { DUMMY_CREDENTIALS, Emulator, startEmulator } from '../../local/emulator';
import { callDomain, DomainRequest } from '../../local/emulator/domain-endpoint/domain-client';
import { OpenSearchError } from '../../local/emulator/domain-endpoint/opensearch-error';
import * as certificate from '../../local/emulator/http/certificate';
import { exchange, RawAnswer } from '../../local/emulator/http/http';

const DOMAIN = 'products';
const OTHER_DOMAIN = 'catalog';
const PKG = 'F123456789';

let emu: Emulator | undefined;

async function setup(): Promise<Emulator> {
  emu = await startEmulator({ associateDelayMs: 100, dissociateDelayMs: 100, domainEndpoints: true });
  emu.addDomain(DOMAIN).addDomain(OTHER_DOMAIN);
  emu.addPackage({ packageId: PKG, packageName: 'synonyms' });
  return emu;
}

afterEach(async () => {
  jest.restoreAllMocks();
  await emu?.stop();
  emu = undefined;
});

/** A template whose filter reads `synonymsPath`. */
function withSynonyms(synonymsPath: string): object {
  return {
    index_patterns: ['products*'],
    template: { settings: { analysis: { filter: { product_synonyms: { type: 'synonym_graph', synonyms_path: synonymsPath } } } } },
  };
}

function put(e: Emulator, body: DomainRequest['body'], name = 'products', domain = DOMAIN) {
  return callDomain(e, domain, { method: 'PUT', path: `/_index_template/${name}`, body });
}

function get(e: Emulator, name = 'products', domain = DOMAIN) {
  return callDomain(e, domain, { method: 'GET', path: `/_index_template/${name}` });
}

describe('index templates', () => {
  test('PUT stores the template, GET returns it, DELETE removes it, as OpenSearch answers them', async () => {
    const e = await setup();
    e.addAssociation({ domainName: DOMAIN, packageId: PKG });
    const template = withSynonyms(`analyzers/${PKG}`);

    expect(await put(e, template)).toEqual({ status: 200, body: { acknowledged: true } });
    expect(await get(e)).toEqual({ status: 200, body: { index_templates: [{ name: 'products', index_template: template }] } });
    expect(await callDomain(e, DOMAIN, { method: 'DELETE', path: '/_index_template/products' })).toEqual({ status: 200, body: { acknowledged: true } });
    // OpenSearch's error shape, written out once; the other tests build it with OpenSearchError.
    const notFound = { type: 'resource_not_found_exception', reason: 'index template matching [products] not found' };
    expect(await get(e)).toEqual({ status: 404, body: { error: { root_cause: [notFound], ...notFound }, status: 404 } });
    expect(await callDomain(e, DOMAIN, { method: 'DELETE', path: '/_index_template/products' }))
      .toEqual({ status: 404, body: new OpenSearchError(404, 'index_template_missing_exception', 'index_template [products] missing').toJSON() });

    expect(e.calls.map((c) => [c.operation, c.pathParams.DomainName, c.pathParams.TemplateName, c.status])).toEqual([
      ['PutIndexTemplate', DOMAIN, 'products', 200],
      ['GetIndexTemplate', DOMAIN, 'products', 200],
      ['DeleteIndexTemplate', DOMAIN, 'products', 200],
      ['GetIndexTemplate', DOMAIN, 'products', 404],
      ['DeleteIndexTemplate', DOMAIN, 'products', 404],
    ]);
  });

  test('a second PUT replaces the template', async () => {
    const e = await setup();
    await put(e, { index_patterns: ['a*'] });
    await put(e, { index_patterns: ['b*'], priority: 5 });
    expect(e.indexTemplate(DOMAIN, 'products')).toEqual({ index_patterns: ['b*'], priority: 5 });
  });

  describe('?create=true only creates', () => {
    const create = (e: Emulator, body: object, value = 'true', name = 'products') =>
      callDomain(e, DOMAIN, { method: 'PUT', path: `/_index_template/${name}`, query: { create: value }, body });

    test('a new name is created', async () => {
      const e = await setup();
      expect(await create(e, { index_patterns: ['a*'] })).toEqual({ status: 200, body: { acknowledged: true } });
      expect(e.indexTemplate(DOMAIN, 'products')).toEqual({ index_patterns: ['a*'] });
      expect(e.callsTo('PutIndexTemplate')[0].query).toEqual({ create: 'true' });
    });

    test.each(['true', ''])('an existing name is refused with 400 illegal_argument_exception (create=%j) and kept as it was', async (value) => {
      const e = await setup();
      await put(e, { index_patterns: ['a*'] });
      const answer = await create(e, { index_patterns: ['b*'] }, value);
      expect(answer).toEqual({ status: 400, body: new OpenSearchError(400, 'illegal_argument_exception', 'index template [products] already exists').toJSON() });
      expect(e.indexTemplate(DOMAIN, 'products')).toEqual({ index_patterns: ['a*'] });
      expect(e.callsTo('PutIndexTemplate')[1]).toMatchObject({ status: 400, errorType: 'illegal_argument_exception' });
    });

    test('create=false replaces, like no parameter', async () => {
      const e = await setup();
      await put(e, { index_patterns: ['a*'] });
      expect((await create(e, { index_patterns: ['b*'] }, 'false')).status).toBe(200);
      expect(e.indexTemplate(DOMAIN, 'products')).toEqual({ index_patterns: ['b*'] });
    });

    test('a value that is not a boolean is refused', async () => {
      const e = await setup();
      const answer = await create(e, { index_patterns: ['a*'] }, 'yes');
      expect(answer).toEqual({ status: 400, body: new OpenSearchError(400, 'illegal_argument_exception', 'Failed to parse value [yes] as only [true] or [false] are allowed.').toJSON() });
      expect(e.indexTemplateNames(DOMAIN)).toEqual([]);
    });

    test('the other domain\'s template of that name does not count', async () => {
      const e = await setup();
      await put(e, { index_patterns: ['a*'] }, 'products', OTHER_DOMAIN);
      expect((await create(e, { index_patterns: ['b*'] })).status).toBe(200);
    });
  });

  test('each domain has its own templates, behind its own endpoint', async () => {
    const e = await setup();
    expect(e.domainEndpoint(DOMAIN)).toMatch(/^127\.0\.0\.1:\d+\/products$/);
    await put(e, { index_patterns: ['a*'] }, 'shared', DOMAIN);

    expect((await get(e, 'shared', OTHER_DOMAIN)).status).toBe(404);
    expect(e.indexTemplateNames(DOMAIN)).toEqual(['shared']);
    expect(e.indexTemplateNames(OTHER_DOMAIN)).toEqual([]);
    e.removeDomain(DOMAIN);
    expect(e.indexTemplateNames(DOMAIN)).toEqual([]);
  });

  test.each([
    ['missing index_patterns', { template: {} }, 'action_request_validation_exception', 'Validation Failed: 1: index patterns are missing;'],
    ['an empty body', undefined, 'parse_exception', 'request body is required'],
    ['a body that is not JSON', '{"index_patterns": [', 'json_parse_exception', undefined],
  ])('refuses %s with 400', async (_case, body, type, reason) => {
    const e = await setup();
    const answer = await put(e, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.type).toBe(type);
    if (reason) expect(answer.body.error.reason).toBe(reason);
    expect(e.indexTemplateNames(DOMAIN)).toEqual([]);
  });

  test('refuses a name OpenSearch does not allow', async () => {
    const e = await setup();
    const answer = await put(e, { index_patterns: ['a*'] }, 'Products');
    expect(answer).toEqual({ status: 400, body: new OpenSearchError(400, 'invalid_index_template_exception', 'index_template [Products] invalid, cause [name must be lower cased]').toJSON() });
  });
});

describe('analysis files must be packages ACTIVE on the domain', () => {
  const reason = `failed to build synonyms: index.analysis.filter.product_synonyms.synonyms_path names [analyzers/${PKG}], which is not a package ACTIVE on domain [${DOMAIN}]`;

  test('a package that is not associated: 400 illegal_argument_exception, nothing stored', async () => {
    const e = await setup();
    const answer = await put(e, withSynonyms(`analyzers/${PKG}`));
    expect(answer).toEqual({ status: 400, body: new OpenSearchError(400, 'illegal_argument_exception', reason).toJSON() });
    expect(e.indexTemplateNames(DOMAIN)).toEqual([]);
    expect(e.callsTo('PutIndexTemplate')[0]).toMatchObject({ status: 400, errorType: 'illegal_argument_exception', errorMessage: reason });
  });

  test('refused while ASSOCIATING, accepted once ACTIVE, refused again while DISSOCIATING', async () => {
    const e = await setup();
    e.addAssociation({ domainName: DOMAIN, packageId: PKG, status: 'ASSOCIATING' });
    expect((await put(e, withSynonyms(`analyzers/${PKG}`))).status).toBe(400);

    e.addAssociation({ domainName: DOMAIN, packageId: PKG, status: 'ACTIVE' });
    expect((await put(e, withSynonyms(`analyzers/${PKG}`))).status).toBe(200);

    e.addAssociation({ domainName: DOMAIN, packageId: PKG, status: 'DISSOCIATING' });
    expect((await put(e, withSynonyms(`analyzers/${PKG}`), 'products-2')).status).toBe(400);
  });

  test('a package ACTIVE on another domain does not count', async () => {
    const e = await setup();
    e.addAssociation({ domainName: OTHER_DOMAIN, packageId: PKG });
    expect((await put(e, withSynonyms(`analyzers/${PKG}`))).body.error.reason).toBe(reason);
    expect((await put(e, withSynonyms(`analyzers/${PKG}`), 'products', OTHER_DOMAIN)).status).toBe(200);
  });

  test.each([
    ['under index.analysis', { index: { analysis: { filter: { f: { type: 'stop', stopwords_path: 'analyzers/F999999999' } } } } },
      'failed to load stopwords_path: index.analysis.filter.f.stopwords_path names [analyzers/F999999999]'],
    ['as dotted keys', { 'index.analysis.filter.f.synonyms_path': 'analyzers/F999999999' },
      'failed to build synonyms: index.analysis.filter.f.synonyms_path names [analyzers/F999999999]'],
    ['in an analyzer', { analysis: { analyzer: { a: { type: 'standard', stopwords_path: 'analyzers/F999999999' } } } },
      'failed to load stopwords_path: index.analysis.analyzer.a.stopwords_path names [analyzers/F999999999]'],
  ])('finds the path %s', async (_case, settings, expected) => {
    const e = await setup();
    const answer = await put(e, { index_patterns: ['p*'], template: { settings } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.reason).toContain(expected);
  });

  test('the second of two files is checked too', async () => {
    const e = await setup();
    e.addAssociation({ domainName: DOMAIN, packageId: PKG });
    const filter = {
      synonyms: { type: 'synonym_graph', synonyms_path: `analyzers/${PKG}` },
      stop: { type: 'stop', stopwords_path: 'analyzers/F999999999' },
    };
    const answer = await put(e, { index_patterns: ['p*'], template: { settings: { analysis: { filter } } } });
    expect(answer.body.error.reason).toContain('[analyzers/F999999999]');
  });
});

describe('SigV4', () => {
  test('an unsigned request is refused with 403 and changes nothing', async () => {
    const e = await setup();
    const answer = await callDomain(e, DOMAIN, { method: 'PUT', path: '/_index_template/products', body: { index_patterns: ['a*'] }, sign: false });
    expect(answer).toEqual({
      status: 403,
      body: { message: 'User: anonymous is not authorized to perform: es:ESHttpPut because no resource-based policy allows the es:ESHttpPut action' },
    });
    expect(e.indexTemplateNames(DOMAIN)).toEqual([]);
    expect(e.callsTo('PutIndexTemplate')[0]).toMatchObject({ status: 403, errorType: 'AccessDeniedException' });
  });

  test.each([
    ['another service', { service: 'aoss' }, 'Credential should be scoped to correct service: \'es\'. '],
    ['another Region', { region: 'eu-west-1' }, 'Credential should be scoped to a valid region, not \'eu-west-1\'. '],
    ['an unknown access key', { accessKeyId: 'AKIAOTHER00000000000' }, 'The security token included in the request is invalid.'],
    ['a wrong secret key', { secretAccessKey: 'not-the-secret' }, 'The request signature we calculated does not match'],
  ])('a request signed with %s is refused', async (_case, sign, message) => {
    const e = await setup();
    const answer = await callDomain(e, DOMAIN, { method: 'PUT', path: '/_index_template/products', body: { index_patterns: ['a*'] }, sign });
    expect(answer.status).toBe(403);
    expect(answer.body.message).toContain(message);
    expect(e.indexTemplateNames(DOMAIN)).toEqual([]);
  });

  test('a body changed after signing is refused', async () => {
    const e = await setup();
    const answer = await callDomain(e, DOMAIN, {
      method: 'PUT', path: '/_index_template/products', body: { index_patterns: ['a*'] }, afterSigning: { body: JSON.stringify({ index_patterns: ['b*'] }) },
    });
    expect(answer.status).toBe(403);
    expect(answer.body.message).toContain('signature we calculated does not match');
  });

  test('the query string is signed: a create=true dropped after signing is refused', async () => {
    const e = await setup();
    await put(e, { index_patterns: ['a*'] });
    const answer = await callDomain(e, DOMAIN, {
      method: 'PUT', path: '/_index_template/products', query: { create: 'true' }, body: { index_patterns: ['b*'] }, afterSigning: { query: {} },
    });
    expect(answer.status).toBe(403);
    expect(answer.body.message).toContain('signature we calculated does not match');
    expect(e.indexTemplate(DOMAIN, 'products')).toEqual({ index_patterns: ['a*'] });
  });

  test('a request sent to another path than the one signed is refused', async () => {
    const e = await setup();
    await put(e, { index_patterns: ['a*'] }, 'keep');
    const answer = await callDomain(e, DOMAIN, { method: 'DELETE', path: '/_index_template/other', afterSigning: { path: '/_index_template/keep' } });
    expect(answer.status).toBe(403);
    expect(answer.body.message).toContain('signature we calculated does not match');
    expect(e.indexTemplateNames(DOMAIN)).toEqual(['keep']);
  });

  test('a well-formed header with a made-up signature is refused', async () => {
    const e = await setup();
    const answer = await sendRaw(e, `/${DOMAIN}/_index_template/products`, { authorization: madeUpAuthorization(e) });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('signature we calculated does not match');
  });
});

describe('transport', () => {
  test('HTTPS with the emulator\'s own certificate: a client that does not trust it cannot connect', async () => {
    const e = await setup();
    await expect(sendRaw(e, `/${DOMAIN}/_index_template/products`, {}, false)).rejects.toThrow(/self[- ]signed certificate/);
    expect((await sendRaw(e, `/${DOMAIN}/_index_template/products`, {})).status).toBe(403);
  });

  test('env() hands the certificate to Node.js processes; stop() deletes it', async () => {
    const e = await setup();
    const file = e.env().NODE_EXTRA_CA_CERTS;
    expect(file).toBe(e.caCertificateFile);
    expect(readFileSync(file, 'utf-8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    await e.stop();
    emu = undefined;
    expect(existsSync(file)).toBe(false);
  });

  test('an unknown domain is 404 and an unknown API is 400, as OpenSearch answers', async () => {
    const e = await setup();
    const unknownDomain = await sendRaw(e, '/no-such-domain/_index_template/products', {});
    expect(unknownDomain.status).toBe(404);
    const unknownApi = await callDomain(e, DOMAIN, { method: 'POST', path: '/_index_template/products' });
    expect(unknownApi).toEqual({ status: 400, body: new OpenSearchError(400, 'no_handler_found', 'no handler found for uri [/_index_template/products] and method [POST]').toJSON() });
  });
});

describe('stop()', () => {
  test('a second stop() is harmless', async () => {
    const e = await setup();
    const directory = path.dirname(e.caCertificateFile);
    await e.stop();
    await expect(e.stop()).resolves.toBeUndefined();
    expect(existsSync(directory)).toBe(false);
    emu = undefined;
  });

  test('deletes the certificate even when a server fails to close, and reports that failure', async () => {
    const e = await setup();
    const directory = path.dirname(e.caCertificateFile);
    const realClose = HttpsServer.prototype.close;
    jest.spyOn(HttpsServer.prototype, 'close').mockImplementationOnce(function (this: HttpsServer, callback?: (err?: Error) => void) {
      return realClose.call(this, () => callback?.(new Error('close failed')));
    });

    await expect(e.stop()).rejects.toThrow('close failed');
    expect(existsSync(directory)).toBe(false);
    // The package API's server was closed all the same.
    await expect(new Promise((resolve, reject) => httpGet(e.endpoint, resolve).on('error', reject))).rejects.toThrow(/ECONNREFUSED/);
    emu = undefined;
  });
});

describe('without domainEndpoints', () => {
  /** As if the system had no openssl: the certificate cannot be made. */
  const withoutOpenssl = () => jest.spyOn(certificate, 'createCertificate').mockRejectedValue(new Error('spawn openssl ENOENT'));

  test('starts without openssl, serves the package API, and says how to get domain endpoints', async () => {
    const createCertificate = withoutOpenssl();
    emu = await startEmulator();
    expect(createCertificate).not.toHaveBeenCalled();

    emu.addPackage({ packageId: PKG, packageName: 'synonyms' });
    const client = new OpenSearchClient(emu.clientConfig());
    const { PackageDetailsList } = await client.send(new DescribePackagesCommand({}));
    client.destroy();
    expect(PackageDetailsList?.map((p) => p.PackageID)).toEqual([PKG]);

    expect(emu.servesDomainEndpoints).toBe(false);
    expect(emu.env().NODE_EXTRA_CA_CERTS).toBeUndefined();
    const hint = 'this emulator serves no domain endpoints: start it with startEmulator({ domainEndpoints: true })';
    expect(() => emu!.domainEndpoint(DOMAIN)).toThrow(hint);
    expect(() => emu!.caCertificateFile).toThrow(hint);
  });

  test('with domainEndpoints, a missing openssl fails the start', async () => {
    withoutOpenssl();
    await expect(startEmulator({ domainEndpoints: true })).rejects.toThrow('spawn openssl ENOENT');
  });
});

/** An Authorization header of the right form, for today, with the emulator's key and a made-up signature. */
function madeUpAuthorization(e: Emulator): string {
  const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '').slice(0, 8);
  return `AWS4-HMAC-SHA256 Credential=${DUMMY_CREDENTIALS.accessKeyId}/${date}/${e.region}/es/aws4_request, `
    + `SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
}

/** A raw GET with the given headers; `trust: false` leaves the emulator's certificate out of the trusted set. */
function sendRaw(e: Emulator, requestPath: string, headers: Record<string, string>, trust = true): Promise<RawAnswer> {
  const [host] = e.domainEndpoint(DOMAIN).split('/');
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  return exchange(`https://${host}${requestPath}`, {
    method: 'GET',
    headers: { 'x-amz-date': amzDate, ...headers },
    ...(trust ? { ca: readFileSync(e.caCertificateFile) } : {}),
  });
}
