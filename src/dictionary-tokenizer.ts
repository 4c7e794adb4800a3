/**
 * The tokenizer of the analyzer that reads a synonyms file. OpenSearch parses a `synonym` or `synonym_graph`
 * filter's file with the tokenizer and the filters that stand before the synonym filter in the analyzer's
 * chain, and refuses the whole file when that analyzer leaves nothing of a term ("term: & was completely
 * eliminated by analyzer"). Which terms survive depends on the tokenizer; `lowercase` and similar filters
 * don't change it.
 */
export enum DictionaryTokenizer {
  /**
   * The `standard` tokenizer (Unicode word breaks, OpenSearch's default): it drops punctuation, most symbols,
   * spaces, invisible characters and lone combining marks, so a term such as `&`, `-` or `...` is eliminated.
   */
  STANDARD = 'STANDARD',

  /**
   * The `whitespace` tokenizer: it drops only what Java counts as whitespace (spaces, tabs, the Unicode space,
   * line and paragraph separators except the no-break spaces).
   */
  WHITESPACE = 'WHITESPACE',

  /**
   * The `keyword` tokenizer: the whole term is one token, so only an empty term is refused.
   */
  KEYWORD = 'KEYWORD',
}
