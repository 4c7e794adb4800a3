/** Fenced code blocks of a Markdown file, shared by the tests that check the README's examples. */

export interface CodeBlock {
  /** The info string's first word, lowercased: `ts`, `python`, `sh`, ... */
  readonly language: string;
  /** 1-based line of the opening fence in README.md. */
  readonly fenceLine: number;
  readonly code: string;
}

/** Fenced code blocks (``` or ~~~, possibly indented under a list item) with their README line. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body: string[] = [];
    let j = i + 1;
    // The closing fence: the same character, at least as many, nothing else on the line.
    const closes = (line: string) => {
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
      return close !== null && close[1][0] === fence[0] && close[1].length >= fence.length;
    };
    while (j < lines.length && !closes(lines[j])) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
      j++;
    }
    if (j === lines.length) {
      throw new Error(`README.md:${i + 1}: code block is never closed`);
    }
    blocks.push({ language: info.toLowerCase(), fenceLine: i + 1, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

export function isTypeScript(block: CodeBlock): boolean {
  return block.language === 'ts' || block.language === 'typescript';
}

export function isPython(block: CodeBlock): boolean {
  return block.language === 'python' || block.language === 'py';
}
