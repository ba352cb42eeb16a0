/**
 * Code blocks of the README, so that tests use a documented snippet exactly as a
 * reader copies it.
 */
import { readFileSync } from 'node:fs';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The code blocks (of `language`) in the README section whose heading is `heading`. */
export function readmeSnippets(heading: string, language: string): string[] {
  const start = README.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`README has no section "${heading}"`);
  const level = heading.split(' ')[0] ?? '#';
  const rest = README.slice(start + heading.length + 2);
  const nextHeading = rest.search(new RegExp(`\\n#{1,${level.length}} `));
  const section = nextHeading === -1 ? rest : rest.slice(0, nextHeading);
  const blocks = [...section.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1] ?? '');
  if (blocks.length === 0) throw new Error(`README section "${heading}" has no ${language} block`);
  return blocks;
}
