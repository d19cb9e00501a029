/** How one SQL system lexes the few things that differ between systems. */
export interface SqlDialect {
  /** `\'` escapes a quote in every single-quoted string (MySQL), not only in `E'…'` (PostgreSQL). */
  readonly backslashEscapes: boolean;
  /** `"…"` quotes an identifier (standard SQL); else it is a string literal (MySQL). */
  readonly doubleQuotedIdentifiers: boolean;
  /** `[…]` quotes an identifier (SQL Server). */
  readonly bracketIdentifiers: boolean;
  /** `#` starts a comment to the end of the line (MySQL). */
  readonly hashComments: boolean;
}

const MYSQL: SqlDialect = {
  backslashEscapes: true,
  doubleQuotedIdentifiers: false,
  bracketIdentifiers: false,
  hashComments: true,
};
const STANDARD: SqlDialect = {
  backslashEscapes: false,
  doubleQuotedIdentifiers: true,
  bracketIdentifiers: false,
  hashComments: false,
};
const SQL_SERVER: SqlDialect = { ...STANDARD, bracketIdentifiers: true };
// An unknown system: `"…"` may be a string there, so it is masked like one.
const UNKNOWN: SqlDialect = { ...STANDARD, doubleQuotedIdentifiers: false };

const DIALECTS: ReadonlyMap<string, SqlDialect> = new Map([
  ['mysql', MYSQL],
  ['mariadb', MYSQL],
  ['tidb', MYSQL],
  ['postgresql', STANDARD],
  ['cockroachdb', STANDARD],
  ['redshift', STANDARD],
  ['oracle', STANDARD],
  ['oracle.db', STANDARD],
  ['db2', STANDARD],
  ['ibm.db2', STANDARD],
  ['mssql', SQL_SERVER],
  ['microsoft.sql_server', SQL_SERVER],
]);

/** The dialect of a `db.system(.name)` value; an unknown one lexes as the safest standard SQL. */
export function sqlDialectOf(system: string): SqlDialect {
  return DIALECTS.get(system) ?? UNKNOWN;
}
