// One of several processes racing on one stream of one SQLite file, through the BUILT adapter:
// read the version, append at it, on a conflict read again. Prints a summary line when done.
// Usage: node racerChild.mjs FILE WRITER COUNT
import { writeSync } from "node:fs"
import { Effect } from "effect"
import { openSqliteEventStore } from "@buzon/adapters"

const [path, writer, count] = process.argv.slice(2)
const { store, close } = Effect.runSync(openSqliteEventStore({ path }))
const stream = "mailbox-EKU9003173C9"
const conflicts = []
const failures = []
for (let i = 0; i < Number(count); i++) {
  for (;;) {
    const version = Effect.runSync(store.readStream(stream)).length
    const outcome = Effect.runSync(Effect.result(store.append(stream, version, [{ type: "ContactAdded", data: { writer: Number(writer), i }, metadata: {} }])))
    if (outcome._tag === "Success") break
    if (outcome.failure._tag === "StreamVersionConflict") conflicts.push({ expected: version, actual: outcome.failure.actualVersion })
    else failures.push(outcome.failure.message)
  }
}
close()
writeSync(1, `${JSON.stringify({ writer: Number(writer), conflicts, failures })}\n`)
