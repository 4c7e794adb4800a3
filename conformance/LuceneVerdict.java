import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.synonym.WordnetSynonymParser;

/**
 * Lucene's verdict on dictionary files, read as OpenSearch reads a synonyms_path or stopwords_path: strict
 * UTF-8, then SolrSynonymParser or WordnetSynonymParser (dedup and expand on, not lenient) or the word-list
 * reader, once per analyzer (tokenizer + lowercase, the chain before the synonym filter).
 *
 * Arguments: <format>=<file> ... with format solr, wordnet or stopwords. Prints one JSON object a line:
 * {"file", "analyzer", "accepted", "line", "message"}. The line is Lucene's own ("at line N") when its message
 * has one, otherwise the first line whose prefix of the file Lucene refuses.
 *
 * With --standard-token-chars it prints instead the code points from which the standard tokenizer makes a
 * token when the character stands alone, as hex ranges ("41-5a,61-7a,..."), the table the lint judges with.
 */
public final class LuceneVerdict {
  private static final String[] ANALYZERS = {"standard", "whitespace", "keyword"};
  private static final Pattern AT_LINE = Pattern.compile("at line (\\d+)");

  public static void main(String[] args) throws IOException {
    if (args.length == 1 && args[0].equals("--standard-token-chars")) {
      System.out.println(standardTokenChars());
      return;
    }
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String format = arg.substring(0, eq);
      String file = arg.substring(eq + 1);
      byte[] bytes = Files.readAllBytes(Paths.get(file));
      for (String analyzer : ANALYZERS) {
        System.out.println(verdict(file, format, analyzer, bytes));
      }
    }
  }

  private static String verdict(String file, String format, String analyzerName, byte[] bytes) {
    String head = "{\"file\":" + json(file) + ",\"analyzer\":" + json(analyzerName);
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int line = lineOfByte(bytes, in.position());
      return head + ",\"accepted\":false,\"line\":" + line + ",\"message\":" + json("files must be UTF-8 encoded") + "}";
    }
    decoder.flush(out);
    String text = out.flip().toString();
    try (Analyzer analyzer = analyzer(analyzerName)) {
      String refusal = refusal(format, text, analyzer);
      if (refusal == null) return head + ",\"accepted\":true}";
      Matcher atLine = AT_LINE.matcher(refusal);
      int line = atLine.find() ? Integer.parseInt(atLine.group(1)) : firstRefusedPrefix(format, text, analyzer);
      return head + ",\"accepted\":false,\"line\":" + line + ",\"message\":" + json(refusal) + "}";
    }
  }

  /** Why Lucene refuses the text, or null: the message of the exception and of its cause. */
  private static String refusal(String format, String text, Analyzer analyzer) {
    try {
      if (format.equals("solr")) {
        SolrSynonymParser parser = new SolrSynonymParser(true, true, analyzer);
        parser.parse(new StringReader(text));
        parser.build();
      } else if (format.equals("wordnet")) {
        WordnetSynonymParser parser = new WordnetSynonymParser(true, true, analyzer);
        parser.parse(new StringReader(text));
        parser.build();
      } else if (format.equals("stopwords")) {
        WordlistLoader.getWordSet(new StringReader(text), "#", new CharArraySet(16, true));
      } else {
        throw new IllegalArgumentException("unknown format " + format);
      }
      return null;
    } catch (Exception e) {
      String message = e.getClass().getSimpleName() + ": " + e.getMessage();
      return e.getCause() == null ? message : message + " / " + e.getCause().getMessage();
    }
  }

  /** The first line whose prefix (lines 1 to n, with their line ends) Lucene refuses. */
  private static int firstRefusedPrefix(String format, String text, Analyzer analyzer) {
    int line = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i++);
      boolean end = c == '\n' || (c == '\r' && (i >= text.length() || text.charAt(i) != '\n')) || i == text.length();
      if (!end) continue;
      line++;
      if (refusal(format, text.substring(0, i), analyzer) != null) return line;
    }
    return Math.max(line, 1);
  }

  /** Line ends as BufferedReader.readLine() sees them: \n, \r\n or a lone \r. */
  private static int lineOfByte(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) line++;
    }
    return line;
  }

  private static String standardTokenChars() throws IOException {
    StringBuilder ranges = new StringBuilder();
    int start = -1;
    for (int cp = 0; cp <= Character.MAX_CODE_POINT + 1; cp++) {
      boolean kept = cp <= Character.MAX_CODE_POINT && Character.getType(cp) != Character.SURROGATE && makesToken(cp);
      if (kept && start < 0) start = cp;
      if (!kept && start >= 0) {
        if (ranges.length() > 0) ranges.append(',');
        ranges.append(Integer.toHexString(start));
        if (cp - 1 > start) ranges.append('-').append(Integer.toHexString(cp - 1));
        start = -1;
      }
    }
    return ranges.toString();
  }

  private static boolean makesToken(int codePoint) throws IOException {
    try (StandardTokenizer tokenizer = new StandardTokenizer()) {
      tokenizer.setReader(new StringReader(new String(Character.toChars(codePoint))));
      tokenizer.reset();
      boolean token = tokenizer.incrementToken();
      tokenizer.end();
      return token;
    }
  }

  private static Analyzer analyzer(String name) {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String field) {
        Tokenizer tokenizer = name.equals("standard") ? new StandardTokenizer()
            : name.equals("whitespace") ? new WhitespaceTokenizer() : new KeywordTokenizer();
        return new TokenStreamComponents(tokenizer, new LowerCaseFilter(tokenizer));
      }
    };
  }

  private static String json(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length() && i < 300; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    return sb.append('"').toString();
  }
}
