/**
 * The rows of a bulk write as one JSON parameter, which the statement reads with
 * `ROWS FROM (json_to_recordset($1::json) AS (col type, ...)) WITH ORDINALITY AS u(col, ..., ord)`.
 *
 * One array parameter per column made both drivers build a PostgreSQL array literal in JavaScript, element by
 * element with every quote escaped (node-pg's `arrayString`, PGlite's serializer): a 20,000-row Forms sync allocated
 * ~250 MB of short-lived strings that way on the main thread, and its garbage collection was the largest single cost
 * of the sync (docs/performance.md, stop 26). `JSON.stringify` is one native call, and PostgreSQL's JSON reader is C.
 * Keys are the column names of the statement's definition list; a missing or undefined key reads as NULL.
 */
export function jsonRows(rows: readonly object[]): string {
  return JSON.stringify(rows);
}
