/**
 * What LeanHttpInstrumentation relies on in @opentelemetry/instrumentation-http,
 * checked when it is built: a release line whose incoming path it has been
 * diffed against, and the private methods it overrides or calls, with their
 * arity. test/telemetry/http/upstreamShape.test.ts pins the source
 * text of those methods too, so that a version bump fails there first.
 * The diagnostics_channel path also runs the stock `_incomingRequestFunction`
 * itself, for a request the lean split is not sure of.
 */

/** A release line the lean path was diffed against, and how its incoming path differs. */
export interface KnownLine {
  /** The version prefix, such as `0.223.`. */
  readonly prefix: string;
  /** 0.301 also sets `error.type` on a SERVER span whose status is 5xx. */
  readonly spanErrorTypeOn5xx: boolean;
}

/** The instrumentation-http lines the lean path implements. */
export const KNOWN_LINES: readonly KnownLine[] = Object.freeze([
  { prefix: '0.223.', spanErrorTypeOn5xx: false },
  { prefix: '0.301.', spanErrorTypeOn5xx: true },
]);

/** Each private method the lean path overrides or calls, with its upstream arity. */
export const UPSTREAM_METHODS: Readonly<Record<string, number>> = Object.freeze({
  // Overridden: returns the patched `Server.prototype.emit`.
  _incomingRequestFunction: 2,
  // Called by the stock `_getPatchIncomingRequestFunction` with `this`; must keep doing so.
  _getPatchIncomingRequestFunction: 1,
  // Called by the lean path to record the histogram through the SDK.
  _recordServerDuration: 2,
  // Reimplemented by the lean path (the guard test pins their text).
  _onServerResponseFinish: 5,
  _onServerResponseError: 4,
  _closeHttpSpan: 4,
  _startHttpSpan: 2,
});

/**
 * Why the lean path cannot run on this instrumentation-http, or undefined
 * when it can: an unknown release line, or a private method missing or of
 * another arity.
 */
export function upstreamMismatch(
  prototype: object,
  version: string,
): { line: KnownLine | undefined; reason: string | undefined } {
  const line = KNOWN_LINES.find((l) => version.startsWith(l.prefix));
  if (line === undefined) {
    return {
      line,
      reason: `@opentelemetry/instrumentation-http ${version} is not a release line the lean path was checked against (${KNOWN_LINES.map((l) => `${l.prefix}x`).join(', ')})`,
    };
  }
  const methods = prototype as Record<string, unknown>;
  for (const [name, arity] of Object.entries(UPSTREAM_METHODS)) {
    const method = methods[name];
    if (typeof method !== 'function') {
      return { line, reason: `HttpInstrumentation.prototype.${name} is gone in ${version}` };
    }
    if (method.length !== arity) {
      return {
        line,
        reason: `HttpInstrumentation.prototype.${name} takes ${method.length} arguments in ${version}, not ${arity}`,
      };
    }
  }
  return { line, reason: undefined };
}
