import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { ANALYZERS, Verdicts, VERDICTS_FILE, CORPUS_DIR, corpusFiles, formatOfFile } from './verdicts';

/**
 * Runs Apache Lucene live on the conformance corpus and compares its verdicts with the recording
 * (conformance/lucene-verdicts.json) that the normal build replays against the lint. Any difference fails;
 * `--update` rewrites the recording instead. Needs a JDK (javac, java) and Debian's liblucene8-java.
 */

const JAR_DIR = process.env.LUCENE_JAR_DIR ?? '/usr/share/java';
const BUILD_DIR = path.join(__dirname, '.build');
// The lint's table and the emulator's copy.
const TOKEN_CHARS_FILES = [
  path.join(__dirname, '..', 'src', 'private', 'dictionary-lint', 'standard-token-chars.ts'),
  path.join(__dirname, '..', 'local', 'emulator', 'domain-endpoint', 'standard-token-chars.ts'),
];

function luceneClasspath(): string {
  const jars = ['lucene-core-', 'lucene-analyzers-common-'].map((prefix) => {
    const jar = readdirSync(JAR_DIR).filter((name) => name.startsWith(prefix) && /^[\w-]+-\d[\d.]*\.jar$/.test(name)).sort().pop();
    if (!jar) throw new Error(`no ${prefix}*.jar in ${JAR_DIR}: install liblucene8-java (or set LUCENE_JAR_DIR)`);
    return path.join(JAR_DIR, jar);
  });
  return jars.join(path.delimiter);
}

function compile(classpath: string): void {
  mkdirSync(BUILD_DIR, { recursive: true });
  execFileSync('javac', ['-d', BUILD_DIR, '-cp', classpath, path.join(__dirname, 'LuceneVerdict.java')], { stdio: 'inherit' });
}

/** The standard tokenizer's table of characters that make a token on their own, as the lint holds it. */
function runTokenChars(classpath: string): string {
  return execFileSync('java', ['-cp', `${classpath}${path.delimiter}${BUILD_DIR}`, 'LuceneVerdict', '--standard-token-chars'], { encoding: 'utf8' }).trim();
}

function runLucene(classpath: string): Verdicts {
  const files = corpusFiles();
  const args = files.map((file) => `${formatOfFile(file)}=${path.join(CORPUS_DIR, file)}`);
  const output = execFileSync('java', ['-cp', `${classpath}${path.delimiter}${BUILD_DIR}`, 'LuceneVerdict', ...args],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const verdicts: Verdicts = {};
  for (const line of output.split('\n').filter((l) => l !== '')) {
    const { file, analyzer, ...verdict } = JSON.parse(line);
    const key = path.relative(CORPUS_DIR, file).split(path.sep).join('/');
    (verdicts[key] ??= {})[analyzer as typeof ANALYZERS[number]] = verdict;
  }
  return verdicts;
}

function main(): void {
  const classpath = luceneClasspath();
  compile(classpath);
  const live = runLucene(classpath);
  const tokenChars = runTokenChars(classpath);
  const json = `${JSON.stringify(live, undefined, 1)}\n`;
  if (process.argv.includes('--update')) {
    writeFileSync(VERDICTS_FILE, json);
    for (const file of TOKEN_CHARS_FILES) {
      writeFileSync(file, readFileSync(file, 'utf8').replace(/STANDARD_TOKEN_CHARS = '[^']*'/, `STANDARD_TOKEN_CHARS = '${tokenChars}'`));
    }
    console.log(`conformance: recorded Lucene's verdicts on ${Object.keys(live).length} files in ${path.relative(process.cwd(), VERDICTS_FILE)}`);
    return;
  }
  const recorded: Verdicts = existsSync(VERDICTS_FILE) ? JSON.parse(readFileSync(VERDICTS_FILE, 'utf8')) : {};
  const differences: string[] = [];
  for (const file of new Set([...Object.keys(live), ...Object.keys(recorded)])) {
    for (const analyzer of ANALYZERS) {
      const now = JSON.stringify(live[file]?.[analyzer]);
      const then = JSON.stringify(recorded[file]?.[analyzer]);
      if (now !== then) differences.push(`${file} (${analyzer}): Lucene says ${now}, the recording says ${then}`);
    }
  }
  for (const file of TOKEN_CHARS_FILES) {
    if (!readFileSync(file, 'utf8').includes(`STANDARD_TOKEN_CHARS = '${tokenChars}'`)) {
      differences.push(`${path.relative(process.cwd(), file)}: the standard tokenizer keeps other characters than the table says`);
    }
  }
  for (const difference of differences) console.error(difference);
  console.log(`conformance: ${Object.keys(live).length} files, ${ANALYZERS.length} analyzers, differences: ${differences.length}`);
  if (differences.length > 0) {
    console.error('Fix the corpus or the lint, or run `npx projen conformance --update` if Lucene is right and the recording is old.');
    process.exitCode = 1;
  }
}

main();
