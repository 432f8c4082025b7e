/**
 * `npm run bench -- NAME [NAME…]` runs the named benchmarks (each prints one JSON line of figures,
 * with its baseline measured in the same run); with no name it runs them all.
 */
const known = ["calendar", "efirma", "core", "stores", "http"] as const
const asked = process.argv.slice(2)
const unknown = asked.filter((name) => !(known as ReadonlyArray<string>).includes(name))
if (unknown.length > 0) {
  console.error(`Unknown benchmark: ${unknown.join(", ")}. Known: ${known.join(", ")}`)
  process.exit(2)
}
for (const name of asked.length > 0 ? asked : known) {
  await import(`./${name}.js`)
}
