/**
 * Plain-text tables for people: columns padded to the widest cell, two spaces apart.
 *
 * @since 0.1.0
 */

/**
 * Renders rows (the first is the header) as aligned text, one line per row.
 * @example renderTable([["a", "bb"], ["ccc", "d"]]) // => "a    bb\nccc  d"
 * @since 0.1.0
 */
export const renderTable = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths: Array<number> = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ").trimEnd()).join("\n")
}
