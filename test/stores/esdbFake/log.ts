/**
 * The fake's transaction log: what an EventStoreDB node keeps, reduced to what the Streams service
 * answers from. Positions are byte-offset-like (they grow by each record's size, so they have gaps),
 * and commit = prepare per event, as for events appended over gRPC.
 */

/** One event as the fake's log holds it. */
export interface LogRecord {
  readonly id: string
  readonly streamName: string
  readonly revision: number
  readonly position: bigint
  readonly type: string
  readonly contentType: string
  readonly data: Uint8Array
  readonly customMetadata: Uint8Array
  /** .NET ticks (100 ns) since the Unix epoch, as the server sends `created`. */
  readonly createdTicks: bigint
}

export type Proposed = Omit<LogRecord, "streamName" | "revision" | "position" | "createdTicks">

export interface FakeLog {
  readonly records: Array<LogRecord>
  readonly streams: Map<string, Array<LogRecord>>
  readonly listeners: Set<(record: LogRecord) => void>
  nextPosition: bigint
}

export const makeLog = (): FakeLog => ({ records: [], streams: new Map(), listeners: new Set(), nextPosition: 1_024n })

/** The stream's current revision: -1 when it does not exist. */
export const currentRevision = (log: FakeLog, streamName: string): number => (log.streams.get(streamName)?.length ?? 0) - 1

/** Writes events to a stream, all at once (Node runs this without interleaving), and tells subscribers. */
export const write = (log: FakeLog, streamName: string, proposed: ReadonlyArray<Proposed>, nowMs: number): ReadonlyArray<LogRecord> => {
  let stream = log.streams.get(streamName)
  if (stream === undefined) log.streams.set(streamName, (stream = []))
  const written = proposed.map((p) => {
    const record: LogRecord = {
      ...p,
      streamName,
      revision: stream.length,
      position: log.nextPosition,
      createdTicks: BigInt(nowMs) * 10_000n,
    }
    log.nextPosition += BigInt(96 + p.data.length + p.customMetadata.length) // a record's size: positions have gaps
    stream.push(record)
    log.records.push(record)
    return record
  })
  for (const record of written) for (const listener of log.listeners) listener(record)
  return written
}
