/** An operation word as shown. */
const WORD = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;
/** The table a statement reads or writes: after FROM, INTO or UPDATE (an identifier, maybe quoted or dotted). */
const TABLE =
  /^\s*(?:(?:SELECT|DELETE)\b[\s\S]*?\bFROM|INSERT\s+INTO|UPDATE|REPLACE\s+INTO|MERGE\s+INTO)\s+("[^"]{1,63}"|`[^`]{1,63}`|[A-Za-z_][A-Za-z0-9_.$]{0,63})/i;

/**
 * A database call's operation as shown: the operation (`db.operation.name`,
 * else the statement's first word, upper-cased) and the collection or
 * table (`db.collection.name`/`db.sql.table`, else the first one the
 * normalised statement names), as `SELECT users`. Reads only the masked
 * statement. `QUERY` when nothing names the operation. Pure.
 */
export function sqlOperation(
  operation: string | undefined,
  collection: string | undefined,
  statement: string | undefined,
): string {
  const first = statement?.trimStart().split(/\s/, 1)[0];
  const op =
    operation !== undefined && WORD.test(operation)
      ? operation
      : first !== undefined && WORD.test(first)
        ? first.toUpperCase()
        : 'QUERY';
  const table = collection ?? tableOf(statement);
  return table === undefined ? op : `${op} ${table}`;
}

function tableOf(statement: string | undefined): string | undefined {
  if (statement === undefined) return undefined;
  const m = TABLE.exec(statement);
  return m?.[1]?.replace(/^["`]|["`]$/g, '');
}
