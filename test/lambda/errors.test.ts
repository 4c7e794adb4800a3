import {
  AccessDeniedException,
  ConflictException,
  InternalException,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-opensearch';
import { classifyError, operationFailed, refusalPersisted, statusFailed } from '../../lambda/shared/errors';

const $metadata = {};
const target = { domainName: 'search-domain', packageId: 'F123456789' };

describe('classifyError', () => {
  test.each([
    ['a ConflictException, whatever it says', new ConflictException({ message: 'Package is already in desired state.', $metadata }), 'refused'],
    ['another ConflictException', new ConflictException({ message: 'Another package operation is running.', $metadata }), 'refused'],
    ['a ValidationException saying a change is in progress', new ValidationException({
      message: 'A change/update is in progress. Please wait for it to complete before requesting another change.', $metadata,
    }), 'refused'],
    ['a ValidationException saying not associated', new ValidationException({ message: 'Package F1 is not associated with domain d.', $metadata }), 'refused'],
    ['ResourceNotFoundException', new ResourceNotFoundException({ message: 'Domain not found: search-domain', $metadata }), 'not-found'],
    ['ThrottlingException left after retries', new ThrottlingException({ message: 'Rate exceeded', $metadata }), 'fatal'],
    ['AccessDeniedException', new AccessDeniedException({ message: 'not authorized', $metadata }), 'fatal'],
    ['InternalException', new InternalException({ message: 'boom', $metadata }), 'fatal'],
    ['a plain Error', new Error('socket hang up'), 'fatal'],
    ['a thrown string', 'weird', 'fatal'],
  ])('%s', (_label, error, kind) => {
    expect(classifyError(error)).toBe(kind);
  });

  test('looks at the error name, never the message', () => {
    const lookalike = new Error('ConflictException: Package is already in desired state');
    expect(classifyError(lookalike)).toBe('fatal');
  });
});

describe('refusalPersisted', () => {
  test('names the operation, package, domain, the grace, the service error and the likely cause, without a doubled period', () => {
    const error = refusalPersisted('DissociatePackage', target, new ConflictException({ message: 'In use.', $metadata }), 'an index uses it',
      { attempts: 3, seconds: 30 });
    expect(error.message).toBe('DissociatePackage was refused for package F123456789 on domain search-domain while the domain is idle, '
      + 'so retrying can\'t help: ConflictException: In use. Likely cause: an index uses it (refused 3 times over 30 seconds)');
  });
});

describe('operationFailed', () => {
  test('names the operation, domain, package and the service error name and message', () => {
    const error = operationFailed('AssociatePackage', target, new ThrottlingException({ message: 'Rate exceeded', $metadata }));
    expect(error.message).toBe('AssociatePackage failed for package F123456789 on domain search-domain: ThrottlingException: Rate exceeded');
  });

  test('copes with values that are not errors', () => {
    expect(operationFailed('DissociatePackage', target, 'weird').message).toContain('UnknownError: weird');
  });
});

describe('statusFailed', () => {
  test('carries the service error details', () => {
    const error = statusFailed(target, 'ASSOCIATION_FAILED', { ErrorType: 'InvalidSynonyms', ErrorMessage: 'line 3 is malformed' });
    expect(error.message).toBe('Package F123456789 on domain search-domain is ASSOCIATION_FAILED: InvalidSynonyms: line 3 is malformed');
  });

  test('says so when the service gave no details', () => {
    expect(statusFailed(target, 'DISSOCIATION_FAILED').message).toContain('UnknownError: the service gave no details');
  });
});
