/**
 * Wraps `target[name]` with `wrap(original)` without shimmer's marks, and
 * returns the undo. instrumentation-express unwraps any marked `Router.use`
 * before wrapping its own (it assumes the mark is its own), which silently
 * removed our mount tracking; unmarked, it wraps ours instead, whichever
 * loads first. After the undo the wrapper passes through, in case another
 * instrumentation wrapped on top of it since.
 */
export function wrapBeside<F extends (...args: never[]) => unknown>(
  target: Record<string, unknown>,
  name: string,
  wrap: (original: F) => F,
): () => void {
  const original = target[name] as F;
  const ours = wrap(original);
  let active = true;
  const wrapped = function (this: unknown, ...args: Parameters<F>): ReturnType<F> {
    return (active ? ours : original).apply(this, args) as ReturnType<F>;
  };
  target[name] = wrapped;
  return () => {
    active = false;
    if (target[name] === wrapped) target[name] = original;
  };
}
