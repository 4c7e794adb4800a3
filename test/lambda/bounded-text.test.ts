import { boundMessage, echo, encodedBytes, MAX_FAILURE_MESSAGE_BYTES, MAX_SERVICE_MESSAGE_CHARS, serviceMessage, operationFailed, statusFailed } from '../../lambda/shared/errors';

describe('echo', () => {
  test('leaves short values alone', () => {
    expect(echo('F123')).toBe('F123');
  });

  test('cuts long values, keeping the start and saying how much was left out', () => {
    const echoed = echo('x'.repeat(10_000));
    expect(echoed).toBe(`${'x'.repeat(128)}… (9872 more characters)`);
  });

  test('turns control characters into spaces, so a value cannot add lines to the reason', () => {
    expect(echo('a\nb\r\n\tc')).toBe('a b c');
  });

  test('counts characters, not UTF-16 units: a cut never splits a character', () => {
    expect(echo('😀'.repeat(200), 3)).toBe('😀😀😀… (197 more characters)');
  });
});

describe('boundMessage', () => {
  test('passes messages that fit', () => {
    expect(boundMessage('Invalid DomainName "ab"')).toBe('Invalid DomainName "ab"');
  });

  test.each([
    ['ASCII', 'a'],
    ['quotes, which JSON doubles', '"'],
    ['multi-byte characters', 'é'],
    ['control characters between letters', '\u0001x'],
  ])('cuts a long message of %s to the byte limit once JSON-encoded, keeping its start', (_label, unit) => {
    const message = `Start of the reason: ${unit.repeat(20_000)}`;
    const bounded = boundMessage(message);
    expect(encodedBytes(bounded)).toBeLessThanOrEqual(MAX_FAILURE_MESSAGE_BYTES);
    expect(bounded.startsWith('Start of the reason: ')).toBe(true);
    expect(bounded).toContain('message shortened');
  });
});

describe('failure messages echo bounded values', () => {
  const long = 'y'.repeat(10_000);

  test('the service message keeps its start, cut to its cap', () => {
    expect(serviceMessage(`The cause comes first. ${long}`)).toMatch(/^The cause comes first\. y+… \(\d+ more characters\)$/);
    expect(Array.from(serviceMessage(long)).length).toBeLessThan(MAX_SERVICE_MESSAGE_CHARS + 40);
  });

  test.each([
    ['operationFailed', () => operationFailed('AssociatePackage', { domainName: long, packageId: long }, Object.assign(new Error(long), { name: long }))],
    ['operationFailed', () => operationFailed('CreatePackage', long, new Error(long))],
    ['statusFailed', () => statusFailed({ domainName: 'd1', packageId: 'F1' }, 'ASSOCIATION_FAILED', { ErrorType: long, ErrorMessage: long })],
  ])('%s fits the failure budget with 10,000-character values', (_label, build) => {
    expect(encodedBytes(build().message)).toBeLessThan(MAX_FAILURE_MESSAGE_BYTES);
  });
});
