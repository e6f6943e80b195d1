/** The README's code blocks, so the route tests paste exactly what a user reads. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repo } from './package';

export interface CodeBlock {
  lang: string;
  code: string;
  /** 1-based line of the opening fence in README.md */
  line: number;
}

export function codeBlocks(markdown = readFileSync(join(repo, 'README.md'), 'utf8')): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown))
    blocks.push({ lang: m[1]!, code: m[2]!, line: markdown.slice(0, m.index).split('\n').length });
  return blocks;
}

/** The one README code block that contains `text` (throws when none or several do). */
export function block(text: string): string {
  const found = codeBlocks().filter((b) => b.code.includes(text));
  if (found.length !== 1)
    throw new Error(`README: ${found.length} code blocks contain ${JSON.stringify(text)}`);
  return found[0]!.code;
}
