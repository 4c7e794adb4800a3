import { DictionaryKind, dictionaryRefusal } from './dictionary-rules';
import { OpenSearchError } from './opensearch-error';

/**
 * Builds, as far as the emulator models it, the analysis component a `*_path` setting feeds with a package's
 * file, and refuses the template the way OpenSearch refuses an analyzer it cannot build (400,
 * illegal_argument_exception). A synonym filter reads its file in its `format` (solr unless `wordnet`) and only
 * fails when not `lenient`; every other `*_path` is a word list, which must be UTF-8.
 */
export function checkAnalysisFile(settings: ReadonlyMap<string, unknown>, setting: string, content: Uint8Array): void {
  const prefix = setting.slice(0, setting.lastIndexOf('.') + 1);
  const key = setting.slice(prefix.length);
  const isSynonyms = key === 'synonyms_path';
  if (isSynonyms && String(settings.get(`${prefix}lenient`)) === 'true') return;
  const kind: DictionaryKind = !isSynonyms ? 'wordlist' : String(settings.get(`${prefix}format`)).toLowerCase() === 'wordnet' ? 'wordnet' : 'solr';
  const refusal = dictionaryRefusal(kind, content);
  if (refusal === undefined) return;
  const reason = isSynonyms
    ? `failed to build synonyms: ${refusal}`
    // OpenSearch's reading of a word list names the setting and the file it could not decode.
    : `Unsupported character encoding detected while reading ${key}: ${settings.get(setting)} - ${refusal}`;
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
