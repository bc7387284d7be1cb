/**
 * Source-map links are dropped from rewritten JS and CSS: the maps describe WB's original bytes (and name
 * WB's hosts), and a browser fetching them would learn nothing we want it to. Matches `//# sourceMappingURL=…`
 * and `//@ sourceMappingURL=…` line comments and `/*# sourceMappingURL=… *\/` block comments.
 */
const LINE = /(^|[\r\n])[ \t]*\/\/[#@][ \t]*sourceMappingURL=[^\r\n]*/g;
const BLOCK = /\/\*[#@][ \t]*sourceMappingURL=[^*]*(?:\*(?!\/)[^*]*)*\*\//g;

export function stripSourceMapLinks(text: string): string {
  if (!text.includes('sourceMappingURL')) return text;
  return text.replace(BLOCK, '').replace(LINE, '$1');
}
