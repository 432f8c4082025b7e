/**
 * The distributed event store: EventStoreDB through `@eventstore/db-client` 6.
 *
 * Mapping (the only place it happens): version = revision + 1, and an expected version of 0 is
 * "no stream". `position` is the event's commit position in the transaction log, assumed unique
 * per event and increasing in `$all` order (true for events appended over gRPC, where each
 * event's commit and prepare positions are its own log record). Byte offsets beyond 2^53 (8 PiB
 * of log) would lose precision. Only streams whose name starts with one of `prefixes` (default
 * `mailbox-`, `notification-`) are ours: `$all` reads and subscriptions skip every other stream,
 * system streams included. `appendBatch` is atomic per stream only: EventStoreDB has no
 * multi-stream transaction, so a conflict stops the batch with earlier parts written.
 *
 * @since 0.1.0
 */
import pkg from "@eventstore/db-client"
import type { AllStreamResolvedEvent, EventStoreDBClient, ResolvedEvent } from "@eventstore/db-client"
import { Effect, Layer, Stream } from "effect"
import { EventStore, EventStoreUnavailable, StreamVersionConflict } from "@buzon/core"
import type { AppendResult, EventStoreShape, ExpectedVersion, Json, NewEvent, RecordedEvent } from "@buzon/core"
import { describeEsdbFailure } from "./esdbFailure.js"

const { ANY, NO_STREAM, START, EventStoreDBClient: Client, jsonEvent, streamNameFilter } = pkg

/** Which streams are ours. @since 0.1.0 */
export interface EsdbEventStoreOptions {
  /** Stream-name prefixes the store reads and subscribes to; default `["mailbox-", "notification-"]`. */
  readonly prefixes?: ReadonlyArray<string>
}

const DEFAULT_PREFIXES = ["mailbox-", "notification-"] as const
const PAGE = 512

type Recorded = NonNullable<ResolvedEvent["event"]> | NonNullable<AllStreamResolvedEvent["event"]>

const toRecorded = (event: Recorded): RecordedEvent => ({
  streamName: event.streamId,
  version: Number(event.revision) + 1, // revision 0 is our version 1
  position: Number(event.position?.commit ?? 0),
  type: event.type,
  data: event.data as Json,
  metadata: (event.metadata ?? {}) as RecordedEvent["metadata"],
  recordedAt: event.created.getTime(), // the client hands a Date; we keep epoch ms only
})

const expectedRevision = (expected: ExpectedVersion) =>
  expected === "any" ? ANY : expected === 0 ? NO_STREAM : BigInt(expected - 1)

const isType = (error: unknown, type: string): boolean =>
  typeof error === "object" && error !== null && "type" in error && error.type === type

/**
 * Makes the EventStore over a connected client (the caller owns and disposes it).
 * @example const store = makeEsdbEventStore(EventStoreDBClient.connectionString("esdb://127.0.0.1:2113?tls=false"))
 * @since 0.1.0
 */
export const makeEsdbEventStore = (client: EventStoreDBClient, options: EsdbEventStoreOptions = {}): EventStoreShape => {
  const prefixes = options.prefixes ?? DEFAULT_PREFIXES
  const ours = (streamName: string) => prefixes.some((prefix) => streamName.startsWith(prefix))
  const unavailable = (error: unknown) => new EventStoreUnavailable({ store: "EventStoreDB", cause: describeEsdbFailure(error) })

  const append = (streamName: string, expected: ExpectedVersion, events: ReadonlyArray<NewEvent>) =>
    Effect.tryPromise({
      try: () =>
        client.appendToStream(
          streamName,
          events.map(({ type, data, metadata }) => jsonEvent({ type, data: data as never, metadata: metadata as never })),
          { expectedRevision: expectedRevision(expected) },
        ),
      catch: (error): StreamVersionConflict | EventStoreUnavailable => {
        if (!isType(error, "wrong-expected-version")) return unavailable(error)
        const actual = (error as { actualVersion: bigint | string }).actualVersion
        const actualVersion = typeof actual === "bigint" ? Number(actual) + 1 : 0
        return new StreamVersionConflict({ streamName, expectedVersion: expected, actualVersion })
      },
    }).pipe(
      Effect.map((result): AppendResult => ({
        streamName,
        nextExpectedVersion: Number(result.nextExpectedRevision) + 1,
        lastPosition: Number(result.position?.commit ?? 0),
      })),
      Effect.withSpan("EsdbEventStore.append", { attributes: { streamName } }),
    )

  /** One forward page of `$all` from a raw position (inclusive), every stream. */
  const readAllPage = (from: { commit: bigint; prepare: bigint } | typeof START) =>
    Effect.tryPromise({
      try: async () => {
        const page: Array<AllStreamResolvedEvent> = []
        for await (const resolved of client.readAll({ fromPosition: from, maxCount: PAGE })) page.push(resolved)
        return page
      },
      catch: unavailable,
    })

  const readAll = ({ after, limit }: { readonly after: number; readonly limit?: number }) =>
    Effect.gen(function* () {
      const wanted = limit ?? Number.POSITIVE_INFINITY
      const found: Array<RecordedEvent> = []
      let from: { commit: bigint; prepare: bigint } | typeof START = after <= 0 ? START : { commit: BigInt(after), prepare: BigInt(after) }
      let seen = after // a read from a position includes the event there: skip what was read already
      while (found.length < wanted) {
        const page = yield* readAllPage(from)
        for (const { event } of page) {
          const position = Number(event?.position?.commit ?? 0)
          if (event === undefined || position <= seen) continue
          seen = position
          if (ours(event.streamId) && found.length < wanted) found.push(toRecorded(event))
        }
        const last = page[page.length - 1]?.event?.position
        if (page.length < PAGE || last === undefined) break
        from = last // the next page starts at the last event read, which is skipped
      }
      return found as ReadonlyArray<RecordedEvent>
    }).pipe(Effect.withSpan("EsdbEventStore.readAll"))

  return {
    append,
    appendBatch: (batch) => Effect.forEach(batch, (part) => append(part.streamName, part.expectedVersion, part.events)),
    readStream: (streamName, readOptions) =>
      Effect.tryPromise({
        try: async () => {
          const events: Array<RecordedEvent> = []
          const fromRevision = BigInt(Math.max(0, (readOptions?.fromVersion ?? 1) - 1))
          for await (const { event } of client.readStream(streamName, { fromRevision }))
            if (event !== undefined) events.push(toRecorded(event))
          return events as ReadonlyArray<RecordedEvent>
        },
        catch: (error) => error,
      }).pipe(
        Effect.catch((error) => (isType(error, "stream-not-found") ? Effect.succeed([]) : Effect.fail(unavailable(error)))),
        Effect.withSpan("EsdbEventStore.readStream", { attributes: { streamName } }),
      ),
    readAll,
    subscribeAll: ({ after }) =>
      Stream.unwrap(
        Effect.map(
          Effect.acquireRelease(
            Effect.sync(() =>
              client.subscribeToAll({
                fromPosition: after <= 0 ? START : { commit: BigInt(after), prepare: BigInt(after) },
                filter: streamNameFilter({ prefixes: [...prefixes] }),
              }),
            ),
            (subscription) => Effect.promise(() => subscription.unsubscribe()),
          ),
          (subscription) =>
            Stream.fromAsyncIterable(subscription, unavailable).pipe(
              Stream.map(({ event }) => (event === undefined || !ours(event.streamId) ? undefined : toRecorded(event))),
              Stream.filter((event): event is RecordedEvent => event !== undefined && event.position > after),
            ),
        ),
      ),
  }
}

/**
 * The EventStoreDB store as layers: `layer(client)` over a client you own; `layerFromConnectionString`
 * builds the client and disposes it with the layer's scope.
 * @example Effect.provide(program, EsdbEventStore.layerFromConnectionString("esdb://127.0.0.1:2113?tls=false"))
 * @since 0.1.0
 */
export const EsdbEventStore = {
  layer: (client: EventStoreDBClient, options: EsdbEventStoreOptions = {}): Layer.Layer<EventStore> =>
    Layer.succeed(EventStore, makeEsdbEventStore(client, options)),
  layerFromConnectionString: (
    connectionString: string,
    options: EsdbEventStoreOptions = {},
  ): Layer.Layer<EventStore, EventStoreUnavailable> =>
    Layer.effect(
      EventStore,
      Effect.map(
        Effect.acquireRelease(
          Effect.try({
            try: () => Client.connectionString(connectionString),
            catch: (error) =>
              new EventStoreUnavailable({ store: "EventStoreDB", cause: `the connection string is not valid: ${(error as Error).message}` }),
          }),
          (client) => Effect.promise(() => client.dispose()),
        ),
        (client) => makeEsdbEventStore(client, options),
      ),
    ),
  /** A client from a connection string, e.g. `esdb://127.0.0.1:2113?tls=false`. */
  connect: (connectionString: string): EventStoreDBClient => Client.connectionString(connectionString),
} as const
