import type { Attributes } from '@opentelemetry/api';
import { normalizeStatement } from './normalizeStatement.js';

/**
 * A database span's status message with its quoted values and numbers
 * masked, as a statement's literals are: a driver's error names the value it
 * refused (`invalid input syntax for type integer: "42x"`). Quoted names go
 * too (`relation ? does not exist`): the statement beside it still names
 * them. The message of a span without `db.system` (or `db.system.name`) is
 * returned as it is.
 */
export function maskDatabaseMessage(attributes: Attributes, message: string): string {
  if (attributes['db.system.name'] === undefined && attributes['db.system'] === undefined) {
    return message;
  }
  // Read as SQL of no known system, where "…" is a string too.
  return normalizeStatement('', message);
}
