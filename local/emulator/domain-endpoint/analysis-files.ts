import { DictionaryKind, dictionaryRefusal, DictionaryRefusal, EmulatedTokenizer } from './dictionary-rules';
import { OpenSearchError } from './opensearch-error';

/**
 * Builds, as far as the emulator models it, the analysis component a `*_path` setting feeds with a package's
 * file, and refuses the template the way OpenSearch refuses an analyzer it cannot build (400,
 * illegal_argument_exception). A synonym filter reads its file in its `format` (solr unless `wordnet`) with the
 * tokenizer of every analyzer whose chain holds it (the standard tokenizer, OpenSearch's default, when none does),
 * and only fails when not `lenient`; every other `*_path` is a word list, which must be UTF-8.
 */
export function checkAnalysisFile(settings: ReadonlyMap<string, unknown>, setting: string, content: Uint8Array): void {
  const prefix = setting.slice(0, setting.lastIndexOf('.') + 1);
  const key = setting.slice(prefix.length);
  const isSynonyms = key === 'synonyms_path';
  if (isSynonyms && String(settings.get(`${prefix}lenient`)) === 'true') return;
  const kind: DictionaryKind = !isSynonyms ? 'wordlist' : String(settings.get(`${prefix}format`)).toLowerCase() === 'wordnet' ? 'wordnet' : 'solr';
  const filterName = prefix.split('.').slice(-2, -1)[0];
  let refusal: DictionaryRefusal | undefined;
  for (const tokenizer of isSynonyms ? tokenizersOf(settings, filterName) : ['keyword' as const]) {
    refusal ??= dictionaryRefusal(kind, content, tokenizer);
  }
  if (refusal === undefined) return;
  const reason = isSynonyms
    ? `failed to build synonyms: ${refusal.reason}`
    // OpenSearch's reading of a word list names the setting and the file it could not decode.
    : `Unsupported character encoding detected while reading ${key}: ${settings.get(setting)} - ${refusal.reason}`;
  throw new OpenSearchError(400, 'illegal_argument_exception', reason);
}

/**
 * Every scalar setting under `analysis`, by its full name (`index.analysis.filter.<name>.<key>`), however the
 * settings are written: nested or with dotted keys.
 */
export function analysisSettings(settings: unknown): Map<string, unknown> {
  const found = new Map<string, unknown>();
  const walk = (value: unknown, segments: string[]): void => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, [...segments, ...key.split('.')]);
      return;
    }
    const start = segments.indexOf('analysis');
    if (start >= 0) found.set(['index', ...segments.slice(start)].join('.'), value);
  };
  walk(settings, []);
  return found;
}

const MODELLED_TOKENIZERS: readonly string[] = ['standard', 'whitespace', 'keyword'];

/**
 * The tokenizers of the analyzers whose `filter` list holds `filterName` (a custom tokenizer by its `type`);
 * one the emulator does not model is judged like keyword, which refuses only what every tokenizer refuses.
 */
function tokenizersOf(settings: ReadonlyMap<string, unknown>, filterName: string): EmulatedTokenizer[] {
  const found = new Set<EmulatedTokenizer>();
  for (const [name, value] of settings) {
    const analyzer = /^index\.analysis\.analyzer\.([^.]+)\.filter$/.exec(name)?.[1];
    const filters = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
    if (analyzer === undefined || !filters.map((f) => String(f).trim()).includes(filterName)) continue;
    const tokenizerName = String(settings.get(`index.analysis.analyzer.${analyzer}.tokenizer`) ?? 'standard');
    const type = String(settings.get(`index.analysis.tokenizer.${tokenizerName}.type`) ?? tokenizerName);
    found.add(MODELLED_TOKENIZERS.includes(type) ? type as EmulatedTokenizer : 'keyword');
  }
  return found.size > 0 ? [...found] : ['standard'];
}
