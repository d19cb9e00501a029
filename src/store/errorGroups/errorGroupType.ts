/**
 * The type an error is grouped under: its type, or `HTTP <status>` when it
 * has none or only a status code (the same label `by_type` reports it under).
 */
export function errorGroupType(errorType: string, statusCode: number): string {
  if (errorType === '') return `HTTP ${statusCode}`;
  return /^[0-9]+$/.test(errorType) ? `HTTP ${errorType}` : errorType;
}
