import { DictionaryFixtures } from './fixtures';
import { firstInvalidByte, readLines } from '../../src/private/dictionary-lint/line-reader';

/** The streamed reader at its seams: lines and characters cut by a chunk boundary. */

const fixtures = new DictionaryFixtures();
afterAll(() => fixtures.remove());

function read(content: string | Uint8Array, chunkBytes: number) {
  const lines: Array<[number, string]> = [];
  const invalid: Array<[number, number]> = [];
  const count = readLines(fixtures.file(content), {
    line: (text, line) => lines.push([line, text]),
    invalidUtf8: (line, byte) => invalid.push([line, byte]),
  }, { chunkBytes });
  return { lines, invalid, count };
}

test.each([1, 2, 3, 5, 64])('every chunk size gives the same lines (%i bytes a read)', (chunkBytes) => {
  // A CRLF, a 3-byte and a 4-byte character, a lone CR and no final newline, cut anywhere.
  const { lines, invalid, count } = read('ab\r\ncafé ☕, 𝄞\rlast', chunkBytes);
  expect(lines).toEqual([[1, 'ab'], [2, 'café ☕, 𝄞'], [3, 'last']]);
  expect(invalid).toEqual([]);
  expect(count).toBe(3);
});

test('invalid UTF-8 is reported on its own line, and the next lines still come through', () => {
  const bytes = Buffer.concat([Buffer.from('one\ntwo '), Buffer.from([0xc3, 0x28]), Buffer.from('\nthree\n')]);
  const { lines, invalid } = read(bytes, 4);
  expect(invalid).toEqual([[2, 4]]);
  expect(lines).toEqual([[1, 'one'], [2, 'two \ufffd('], [3, 'three']]);
});

test('a byte-order mark is kept in the first line', () => {
  expect(read('\ufeffword\n', 2).lines).toEqual([[1, '\ufeffword']]);
});

test.each([
  ['ASCII', [0x61, 0x62], 2],
  ['a lone continuation byte', [0x61, 0x80], 1],
  ['an overlong encoding', [0xc0, 0xaf], 0],
  ['a surrogate', [0xed, 0xa0, 0x80], 0],
  ['a truncated sequence', [0x61, 0xe2, 0x98], 1],
  ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
  ['a valid 4-byte character', [0xf0, 0x9d, 0x84, 0x9e], 4],
])('firstInvalidByte: %s', (_name, bytes, expected) => {
  expect(firstInvalidByte(Uint8Array.from(bytes))).toBe(expected);
});
