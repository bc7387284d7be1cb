/** WB sent a body we cannot decode (corrupt or truncated): the transport answers 502. */
export class UpstreamBodyCorruptError extends Error {
  readonly code = 'UPSTREAM_BODY_CORRUPT';
  readonly status = 502;
  readonly encoding: string;
  constructor(encoding: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`the upstream body is not valid ${encoding} (corrupt or truncated): ${detail}`, { cause });
    this.name = 'UpstreamBodyCorruptError';
    this.encoding = encoding;
  }
}

/** WB sent a Content-Encoding we do not know: the transport answers 502 (it cannot rewrite what it cannot read). */
export class UnsupportedEncodingError extends Error {
  readonly code = 'UPSTREAM_ENCODING_UNSUPPORTED';
  readonly status = 502;
  readonly encoding: string;
  constructor(encoding: string) {
    super(
      `the upstream Content-Encoding "${encoding}" is not supported (gzip, br, deflate, zstd, identity are)`,
    );
    this.name = 'UnsupportedEncodingError';
    this.encoding = encoding;
  }
}
