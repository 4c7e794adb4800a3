import { error, Finding, warning } from './findings';

/**
 * What holds for every `TXT-DICTIONARY`, whatever its format. OpenSearch reads analysis files with Java's
 * UTF-8 decoder and refuses malformed input ("files must be UTF-8 encoded", `Analysis` in OpenSearch). That
 * decoder keeps a byte-order mark as a character (https://bugs.openjdk.org/browse/JDK-4508058): at the start of
 * a line it sticks to the first term, and before a `#` it makes the line no comment. A NUL byte or a file
 * without content is accepted (an empty synonym map, an empty word list), but rarely meant. The domain holds a
 * dictionary in its Java heap (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/custom-packages.html),
 * so a very large one is worth a second look.
 */

/** Above this size a dictionary is reported: 10 MB. */
export const LARGE_DICTIONARY_BYTES = 10_000_000;

const BYTE_ORDER_MARK = 0xfeff;

export class UniversalChecks {
  private hasContent = false;

  constructor(private readonly report: (finding: Finding) => void, private readonly sizeBytes: number) {}

  public invalidUtf8(line: number, byteInLine: number): void {
    this.report(error('dictionaryInvalidUtf8', line,
      `byte ${byteInLine + 1} of the line is not valid UTF-8, and OpenSearch reads dictionaries as UTF-8 only; save the file as UTF-8`));
  }

  public line(text: string, line: number): void {
    if (text.charCodeAt(0) === BYTE_ORDER_MARK) {
      this.report(warning('dictionaryByteOrderMark', line, line === 1
        ? 'the file starts with a UTF-8 byte-order mark, which OpenSearch reads as part of the first term; save the file as UTF-8 without BOM'
        : 'the line starts with a UTF-8 byte-order mark (files concatenated?), which OpenSearch reads as a character of the line: it joins the first term, and a # after it starts no comment'));
    }
    if (text.includes('\0')) {
      this.report(warning('dictionaryNulByte', line, 'the line holds a NUL byte (U+0000), which no text dictionary has; is this a binary or UTF-16 file?'));
    }
    if (!this.hasContent && /[^\s\ufeff]/.test(text)) this.hasContent = true;
  }

  /** The line at which the file passes LARGE_DICTIONARY_BYTES. */
  public largeFileAt(line: number): void {
    const megabytes = (this.sizeBytes / 1_000_000).toFixed(1);
    this.report(warning('dictionaryTooLarge', line,
      `the file passes 10 MB at this line (${megabytes} MB in all); the domain holds every dictionary in its Java heap, so split or trim it`));
  }

  public finish(): void {
    if (!this.hasContent) {
      this.report(warning('dictionaryEmpty', 1, 'the dictionary has no content, only whitespace: OpenSearch builds an empty synonym map or word list from it'));
    }
  }
}
