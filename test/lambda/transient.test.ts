import { AccessDeniedException, ConflictException, InternalException, ThrottlingException, ValidationException } from '@aws-sdk/client-opensearch';
import { operationFailed, isTransient, UnexpectedResponseError } from '../../lambda/shared/errors';

const $metadata = {};
const target = { domainName: 'search-domain', packageId: 'F1' };

describe('isTransient', () => {
  test.each([
    ['ThrottlingException', new ThrottlingException({ message: 'Rate exceeded', $metadata })],
    ['a modeled server fault', new InternalException({ message: 'Internal error', $metadata })],
    ['any 5xx', Object.assign(new Error('Service Unavailable'), { name: 'Unknown', $metadata: { httpStatusCode: 503 } })],
    ['a 429', Object.assign(new Error('Too many requests'), { name: 'Unknown', $metadata: { httpStatusCode: 429 } })],
    ['an SDK-retryable error', Object.assign(new Error('x'), { name: 'Whatever', $retryable: {} })],
    ['a request timeout', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['an unreadable reply', Object.assign(new SyntaxError('Unexpected end of JSON input'), { $response: {} })],
    ['a reply without its list', new UnexpectedResponseError('ListPackagesForDomain', 'DomainPackageDetailsList')],
  ])('%s is transient', (_label, error) => {
    expect(isTransient(error)).toBe(true);
  });

  test.each([
    ['AccessDeniedException', new AccessDeniedException({ message: 'denied', $metadata })],
    ['ValidationException', new ValidationException({ message: 'bad', $metadata })],
    ['ConflictException', new ConflictException({ message: 'busy', $metadata })],
    ['a 400 with a throttling-like message', Object.assign(new Error('Rate exceeded, please retry'), { name: 'BadRequest', $metadata: { httpStatusCode: 400 } })],
    ['a plain error', new Error('Invalid DomainName')],
    ['a SyntaxError of our own code', new SyntaxError('Unexpected token')],
    ['a string', 'ECONNRESET'],
    ['undefined', undefined],
  ])('%s is not', (_label, error) => {
    expect(isTransient(error)).toBe(false);
  });

  test('errors wrapped by operationFailed and operationFailed keep their cause and their class', () => {
    const throttled = new ThrottlingException({ message: 'Rate exceeded', $metadata });
    expect(isTransient(operationFailed('ListPackagesForDomain', target, throttled))).toBe(true);
    expect(isTransient(operationFailed('DescribePackages', 'F1', throttled))).toBe(true);
    expect(isTransient(operationFailed('AssociatePackage', target, new AccessDeniedException({ message: 'denied', $metadata })))).toBe(false);
  });

  test('a cycle of causes ends', () => {
    const a: { cause?: unknown } = {};
    a.cause = a;
    expect(isTransient(a)).toBe(false);
  });
});
