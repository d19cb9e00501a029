// A document nested deeper than this shows as `{…}`: the shape stays readable and bounded.
const MAX_SHAPE_DEPTH = 6;
// Nesting past this is not read at all: the reader's recursion stays shallow.
const MAX_READ_DEPTH = 32;
// A key or collection name longer than this is cut: names, not payloads.
const MAX_NAME_LENGTH = 64;
const SAFE_NAME = /^[A-Za-z0-9_.$-]+$/;
// The command names whose value is the collection (`{"find":"users",…}`).
const COMMANDS = new Set([
  'find', 'insert', 'update', 'delete', 'aggregate', 'count', 'distinct', 'findAndModify',
  'getMore', 'createIndexes', 'dropIndexes', 'listIndexes', 'drop', 'create', 'collMod',
]); // biome-ignore format: a word list reads best packed
// Where a command keeps its filter.
const FILTER_KEYS = ['filter', 'query', 'q'];

type Node =
  | { readonly kind: 'object'; readonly entries: ReadonlyArray<readonly [string, Node]> }
  | { readonly kind: 'array'; readonly items: readonly Node[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'scalar' };

/** A lenient reader of JSON-like text; what it cannot read, or what was cut, ends the value. */
class Reader {
  private i = 0;
  constructor(private readonly text: string) {}

  value(depth: number): Node {
    if (depth > MAX_READ_DEPTH) {
      this.i = this.text.length;
      return { kind: 'scalar' };
    }
    this.skipSpace();
    const c = this.text[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"' || c === "'") return { kind: 'string', value: this.string(c) };
    while (this.i < this.text.length && !',]}:'.includes(this.text[this.i] as string)) this.i++;
    return { kind: 'scalar' };
  }

  private object(depth: number): Node {
    const entries: [string, Node][] = [];
    this.i++;
    for (;;) {
      this.skipSpace();
      const c = this.text[this.i];
      if (c === undefined) break;
      if (c === '}') {
        this.i++;
        break;
      }
      if (c === ',') {
        this.i++;
        continue;
      }
      const key = c === '"' || c === "'" ? this.string(c) : this.bareKey();
      this.skipSpace();
      if (this.text[this.i] !== ':') break;
      this.i++;
      entries.push([key, this.value(depth + 1)]);
    }
    return { kind: 'object', entries };
  }

  private array(depth: number): Node {
    const items: Node[] = [];
    this.i++;
    for (;;) {
      this.skipSpace();
      const c = this.text[this.i];
      if (c === undefined) break;
      if (c === ']') {
        this.i++;
        break;
      }
      if (c === ',') {
        this.i++;
        continue;
      }
      const before = this.i;
      items.push(this.value(depth + 1));
      if (this.i === before) break;
    }
    return { kind: 'array', items };
  }

  private string(quote: string): string {
    const start = ++this.i;
    while (this.i < this.text.length && this.text[this.i] !== quote) {
      this.i += this.text[this.i] === '\\' ? 2 : 1;
    }
    const value = this.text.slice(start, Math.min(this.i, this.text.length));
    this.i++;
    return value;
  }

  private bareKey(): string {
    const start = this.i;
    while (this.i < this.text.length && !':,{}[] \t\n\r'.includes(this.text[this.i] as string)) {
      this.i++;
    }
    return this.text.slice(start, this.i);
  }

  private skipSpace(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i] as string)) this.i++;
  }
}

function name(raw: string): string {
  const cut = raw.length > MAX_NAME_LENGTH ? raw.slice(0, MAX_NAME_LENGTH) : raw;
  return SAFE_NAME.test(cut) ? cut : '?';
}

/** The shape of a value: keys kept, every value `?`, an array of values `[?]`. */
function shape(node: Node, depth: number): string {
  if (node.kind === 'object') {
    if (depth >= MAX_SHAPE_DEPTH) return '{…}';
    const fields = node.entries.map(([key, value]) => `${name(key)}:${shape(value, depth + 1)}`);
    return `{${fields.join(',')}}`;
  }
  if (node.kind === 'array') {
    const items: string[] = [];
    for (const item of node.items) {
      const one = item.kind === 'object' || item.kind === 'array' ? shape(item, depth + 1) : '?';
      if (items[items.length - 1] !== one) items.push(one);
    }
    return `[${items.join(',')}]`;
  }
  return '?';
}

function filterOf(command: Extract<Node, { kind: 'object' }>): Node | undefined {
  for (const key of FILTER_KEYS) {
    const found = command.entries.find(([k]) => k === key);
    if (found) return found[1];
  }
  for (const [key, value] of command.entries) {
    if ((key === 'updates' || key === 'deletes') && value.kind === 'array') {
      const first = value.items[0];
      if (first?.kind === 'object') return filterOf(first);
    }
  }
  return undefined;
}

/**
 * A MongoDB statement (the command or filter as JSON) as
 * `<operation> <collection> <filter shape>`: `find users {name:?,age:{$gt:?}}`.
 * A document that is not a command shows as its shape alone. Every value is
 * masked; only keys and names made of `[A-Za-z0-9_.$-]` are kept.
 */
export function mongoShape(text: string): string {
  const open = text.indexOf('{');
  if (open < 0) return '?';
  const root = new Reader(text.slice(open)).value(0);
  if (root.kind !== 'object') return '?';
  const [first] = root.entries;
  if (first === undefined || !COMMANDS.has(first[0])) return shape(root, 0);
  const collection = first[1].kind === 'string' ? name(first[1].value) : '?';
  const filter = filterOf(root);
  const head = collection === '?' ? first[0] : `${first[0]} ${collection}`;
  return filter === undefined ? head : `${head} ${shape(filter, 0)}`;
}
