/**
 * The composable index templates (`_index_template`) of each emulated domain, with the checks OpenSearch
 * makes when a template is put. The one that matters here: OpenSearch builds the template's analyzers,
 * so every file an analysis setting names must exist on the domain. On OpenSearch Service the only such
 * files are custom packages, at their reference path `analyzers/<package id>` once their association is
 * ACTIVE; a template put any earlier is refused.
 *
 * Error types and the wording of the 404s, of the validation errors and of `?create=true` on an existing
 * template are OpenSearch's. The reason for a missing package is our own wording (OpenSearch names a file it cannot read; AWS documents no message).
 */
import { analysisSettings, checkAnalysisFile } from './analysis-files';
import { OpenSearchError } from './opensearch-error';

/** The index template operations of the domain endpoint, as they appear in the call log. */
export type IndexTemplateOperation = 'PutIndexTemplate' | 'GetIndexTemplate' | 'DeleteIndexTemplate';

/** Reference paths of the packages a domain can read now (ACTIVE associations). */
export type ActiveReferencePaths = (domainName: string) => ReadonlySet<string>;

/** The file a domain reads at a reference path (its ACTIVE package version's), if the emulator knows it. */
export type PackageFileReader = (domainName: string, referencePath: string) => Uint8Array | undefined;

// Characters OpenSearch refuses in index and template names.
const INVALID_NAME_CHARACTERS = /[\\/*?"<>| ,#:]/;

export class IndexTemplates {
  private readonly byDomain = new Map<string, Map<string, Record<string, unknown>>>();

  constructor(private readonly activeReferencePaths: ActiveReferencePaths, private readonly readPackageFile?: PackageFileReader) {}

  /**
   * PUT _index_template/<name>: validates, then creates or replaces the template. With `create`
   * (`?create=true`) an existing template of that name is refused instead of replaced.
   */
  public put(domainName: string, name: string, body: unknown, options: { create?: boolean } = {}): { acknowledged: true } {
    checkName(name);
    if (!isObject(body)) {
      throw new OpenSearchError(400, 'parse_exception', 'request body is required');
    }
    const patterns = body.index_patterns;
    if (patterns === undefined || (Array.isArray(patterns) && patterns.length === 0)) {
      throw new OpenSearchError(400, 'action_request_validation_exception', 'Validation Failed: 1: index patterns are missing;');
    }
    if (options.create && this.templatesOf(domainName).has(name)) {
      // OpenSearch's own reason (MetadataIndexTemplateService); the AWS documentation gives none.
      throw new OpenSearchError(400, 'illegal_argument_exception', `index template [${name}] already exists`);
    }
    const settings = isObject(body.template) ? body.template.settings : undefined;
    this.checkAnalysisFiles(domainName, settings);
    this.templatesOf(domainName).set(name, structuredClone(body));
    return { acknowledged: true };
  }

  /** GET _index_template/<name>. */
  public get(domainName: string, name: string): { index_templates: Array<{ name: string; index_template: unknown }> } {
    const template = this.find(domainName, name);
    if (!template) {
      throw new OpenSearchError(404, 'resource_not_found_exception', `index template matching [${name}] not found`);
    }
    return { index_templates: [{ name, index_template: template }] };
  }

  /** DELETE _index_template/<name>. */
  public delete(domainName: string, name: string): { acknowledged: true } {
    if (!this.templatesOf(domainName).delete(name)) {
      throw new OpenSearchError(404, 'index_template_missing_exception', `index_template [${name}] missing`);
    }
    return { acknowledged: true };
  }

  /** A copy of a stored template body, or undefined. */
  public find(domainName: string, name: string): Record<string, unknown> | undefined {
    const template = this.byDomain.get(domainName)?.get(name);
    return template && structuredClone(template);
  }

  /** Names of a domain's templates. */
  public names(domainName: string): string[] {
    return [...(this.byDomain.get(domainName)?.keys() ?? [])];
  }

  /** Forgets a deleted domain's templates. */
  public dropDomain(domainName: string): void {
    this.byDomain.delete(domainName);
  }

  private templatesOf(domainName: string): Map<string, Record<string, unknown>> {
    let templates = this.byDomain.get(domainName);
    if (!templates) {
      templates = new Map();
      this.byDomain.set(domainName, templates);
    }
    return templates;
  }

  /**
   * Fails on the first package file (`analyzers/...`) the domain cannot read, or cannot build an analysis
   * component from, as building the analyzer would.
   */
  private checkAnalysisFiles(domainName: string, settings: unknown): void {
    const active = this.activeReferencePaths(domainName);
    for (const { setting, value } of analysisFileSettings(settings)) {
      if (value.startsWith('analyzers/') && !active.has(value)) {
        const key = setting.split('.').pop();
        const what = key === 'synonyms_path' ? 'failed to build synonyms' : `failed to load ${key}`;
        throw new OpenSearchError(400, 'illegal_argument_exception',
          `${what}: ${setting} names [${value}], which is not a package ACTIVE on domain [${domainName}]`);
      }
      const content = value.startsWith('analyzers/') ? this.readPackageFile?.(domainName, value) : undefined;
      if (content) checkAnalysisFile(analysisSettings(settings), setting, content);
    }
  }
}

/**
 * Every `*_path` setting under `analysis` (synonyms_path, stopwords_path, keywords_path...), however the
 * settings are written: nested (`analysis: {...}`, `index: { analysis: {...} }`) or with dotted keys.
 * Names come back in OpenSearch's full form, e.g. `index.analysis.filter.product_synonyms.synonyms_path`.
 */
export function analysisFileSettings(settings: unknown): Array<{ setting: string; value: string }> {
  const found: Array<{ setting: string; value: string }> = [];
  const walk = (value: unknown, segments: string[]): void => {
    if (typeof value === 'string') {
      const start = segments.indexOf('analysis');
      if (start >= 0 && segments[segments.length - 1].endsWith('_path')) {
        found.push({ setting: ['index', ...segments.slice(start)].join('.'), value });
      }
    } else if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, [...segments, ...key.split('.')]);
    }
  };
  walk(settings, []);
  return found;
}

function checkName(name: string): void {
  const invalid = (cause: string) => new OpenSearchError(400, 'invalid_index_template_exception', `index_template [${name}] invalid, cause [${cause}]`);
  if (name !== name.toLowerCase()) throw invalid('name must be lower cased');
  if (INVALID_NAME_CHARACTERS.test(name)) throw invalid('name must not contain a space, a comma or any of \\ / * ? " < > | # :');
  if (name.startsWith('_')) throw invalid('name must not start with \'_\'');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
