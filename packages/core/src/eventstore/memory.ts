/**
 * The in-memory EventStore: plain arrays and maps, synchronous under the hood so the command
 * path stays fast. Every store built is fresh and private to its layer.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import { StreamVersionConflict } from "./errors.js"
import type {
  AppendResult,
  EventStoreShape,
  ExpectedVersion,
  NewEvent,
  RecordedEvent,
  StreamAppend,
} from "./EventStore.js"
import { followAll, makeAppendSignal } from "./subscription.js"

interface Tables {
  readonly all: Array<RecordedEvent>
  readonly streams: Map<string, Array<RecordedEvent>>
}

/** Checks every part of a batch before anything is written, so a conflict writes nothing. */
const findConflict = (tables: Tables, batch: ReadonlyArray<StreamAppend>): StreamVersionConflict | undefined => {
  const versions = new Map<string, number>()
  for (const { streamName, expectedVersion, events } of batch) {
    const actualVersion = versions.get(streamName) ?? tables.streams.get(streamName)?.length ?? 0
    if (expectedVersion !== "any" && expectedVersion !== actualVersion)
      return new StreamVersionConflict({ streamName, expectedVersion, actualVersion })
    versions.set(streamName, actualVersion + events.length)
  }
  return undefined
}

const write = (tables: Tables, part: StreamAppend, recordedAt: number): AppendResult => {
  const { streamName } = part
  let stream = tables.streams.get(streamName)
  if (stream === undefined) tables.streams.set(streamName, (stream = []))
  for (const { type, data, metadata } of part.events) {
    const event: RecordedEvent = {
      streamName,
      version: stream.length + 1,
      position: tables.all.length + 1,
      type,
      data,
      metadata,
      recordedAt,
    }
    stream.push(event)
    tables.all.push(event)
  }
  const lastPosition = stream[stream.length - 1]?.position ?? 0
  return { streamName, nextExpectedVersion: stream.length, lastPosition }
}

/**
 * Makes a fresh in-memory store. Positions are gapless here (1, 2, 3…); `recordedAt` comes from
 * the Effect `Clock`, so a `TestClock` fixes it.
 * @example const store = makeMemoryEventStore(); Effect.runPromise(store.append("mailbox-EKU9003173C9", 0, []))
 * @since 0.1.0
 */
export const makeMemoryEventStore = (): EventStoreShape => {
  const tables: Tables = { all: [], streams: new Map() }
  const signal = makeAppendSignal()
  const appendBatch = (batch: ReadonlyArray<StreamAppend>) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const conflict = findConflict(tables, batch)
      if (conflict !== undefined) return Effect.fail(conflict)
      const results = batch.map((part) => write(tables, part, now))
      signal.notify()
      return Effect.succeed(results)
    })
  const readAll = ({ after, limit }: { readonly after: number; readonly limit?: number }) =>
    Effect.sync(() => {
      // positions are gapless from 1 here, so position p sits at index p - 1
      const from = Math.max(0, Math.floor(after))
      return tables.all.slice(from, limit === undefined ? undefined : from + Math.max(0, limit))
    })
  return {
    append: (streamName: string, expectedVersion: ExpectedVersion, events: ReadonlyArray<NewEvent>) =>
      Effect.map(appendBatch([{ streamName, expectedVersion, events }]), (results) => results[0]!),
    appendBatch,
    readStream: (streamName, options) =>
      Effect.sync(() => (tables.streams.get(streamName) ?? []).slice(Math.max(0, (options?.fromVersion ?? 1) - 1))),
    readAll,
    subscribeAll: ({ after }) =>
      followAll(
        { readAll, waitForAppend: (position) => signal.wait(() => tables.all.length > position) },
        after,
      ),
  }
}
