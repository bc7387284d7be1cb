// `JSON.rawJSON` (Node ≥ 21) writes a number's digits verbatim: how the emulator sends report ids beyond
// 2^53 as JSON numbers, as WB does. TypeScript's lib does not declare it yet.
declare global {
  interface JSON {
    rawJSON(text: string): unknown;
  }
}

export {};
