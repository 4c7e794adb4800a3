/**
 * The syntax of a `TXT-DICTIONARY` file, which `PackageSource.fromAsset` checks at synth time.
 *
 * Whatever the format, a dictionary must be valid UTF-8 with content and no NUL bytes; the format adds
 * the rules OpenSearch applies when it builds an analyzer from the file.
 */
export enum DictionaryFormat {
  /**
   * Synonyms in the Solr format, the default `format` of OpenSearch's `synonym` and `synonym_graph`
   * filters: `a, b, c` (equivalent terms) or `a, b => c` (explicit mapping), `#` comments, `\` escapes.
   *
   * @see https://docs.opensearch.org/latest/analyzers/token-filters/synonym/
   */
  SOLR_SYNONYMS = 'SOLR_SYNONYMS',

  /**
   * Synonyms in the WordNet prolog format (`"format": "wordnet"`): one
   * `s(synset_id,w_num,'word',ss_type,sense_number,tag_count).` fact a line.
   *
   * @see https://wordnet.princeton.edu/documentation/prologdb5wn
   */
  WORDNET_SYNONYMS = 'WORDNET_SYNONYMS',

  /**
   * A word list for `stopwords_path` (and other `*_path` word lists): one term a line, `#` comments.
   *
   * @see https://docs.opensearch.org/latest/analyzers/token-filters/stop/
   */
  STOPWORDS = 'STOPWORDS',
}
