/**
 * The name an error is reported under in `by_type` and `recent`: its type,
 * or `HTTP <status>` when it has none. A bare number (`"404"`, as
 * `error.type` may hold) also becomes `HTTP 404`: JSON objects list
 * integer-like keys first, which would break the count-descending order of
 * `by_type`.
 */
export function errorLabel(errorType: string, statusCode: number): string {
  if (errorType === '') return `HTTP ${statusCode}`;
  return /^[0-9]+$/.test(errorType) ? `HTTP ${errorType}` : errorType;
}
