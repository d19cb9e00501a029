/** Distinct methods the exemplars name; past it, `_OTHER`. */
export const EXEMPLAR_METHOD_LIMIT = 255;

/**
 * The methods the packed exemplars name, by small id: the first
 * {@link EXEMPLAR_METHOD_LIMIT} methods seen get one each, later ones share
 * the `_OTHER` id.
 */
export class MethodNames {
  private readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  /** The name of `id`; `_OTHER` past the limit. Bound, so it can be passed around. */
  readonly nameOf = (id: number): string => this.names[id] ?? '_OTHER';

  /** The id of `method`, given one on first sight while there is room. */
  idOf(method: string): number {
    let id = this.ids.get(method);
    if (id === undefined) {
      if (this.names.length >= EXEMPLAR_METHOD_LIMIT) return EXEMPLAR_METHOD_LIMIT;
      id = this.names.length;
      this.names.push(method);
      this.ids.set(method, id);
    }
    return id;
  }
}
