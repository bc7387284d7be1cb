/**
 * A byte body for `new Response(…)`. Node's Buffers are backed by plain ArrayBuffers, but TypeScript's DOM
 * typings (used by workspaces that type-check the emulator with `lib: dom`, such as the admin's tests) only
 * accept `Uint8Array<ArrayBuffer>`; this states it once instead of casting at every call site.
 *
 * @example
 * return new Response(responseBytes(await buildXlsx(sheet)), { headers });
 */
export function responseBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}
