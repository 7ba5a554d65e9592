/** Text safe to put in Markdown prose: on one line, with Markdown and HTML syntax made literal. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\\`*_{}[\]()#+!|<>~]/g, (character) => `\\${character}`);
}
