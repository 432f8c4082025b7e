/**
 * A loopback EventStoreDB for tests: the Streams gRPC service (Append; Read of a stream, of `$all`,
 * and `$all` subscriptions with stream-name / event-type filters) served by @grpc/grpc-js on
 * 127.0.0.1 from the client package's own generated service definitions. Anything else answers
 * UNIMPLEMENTED, as an old server would (the client then falls back to plain Append).
 *
 * The log starts with a system event (`$settings`) and a foreign stream (`orders-1`), so readers
 * must filter to their own streams as they would on a real node.
 */
import * as grpc from "@grpc/grpc-js"
import streamsGrpc from "@eventstore/db-client/generated/streams_grpc_pb.js"
import { currentRevision, makeLog, write } from "./log.js"
import type { FakeLog, LogRecord, Proposed } from "./log.js"
import { appendResponse, readEventResponse, readProtocol } from "./protocol.js"

export interface EsdbFake {
  readonly port: number
  readonly connectionString: string
  readonly log: FakeLog
  readonly close: () => Promise<void>
}

type AnyCall = any // the generated classes are CommonJS with loose typings

const seed = (log: FakeLog, nowMs: number) => {
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))
  const proposed = (id: string, type: string, data: unknown): Proposed => ({
    id, type, contentType: "application/json", data: json(data), customMetadata: new Uint8Array(),
  })
  write(log, "$settings", [proposed("00000000-0000-4000-8000-000000000001", "$settings", { acl: {} })], nowMs)
  write(log, "orders-1", [proposed("00000000-0000-4000-8000-000000000002", "OrderPlaced", { total: 10 })], nowMs)
}

const matches = (filter: AnyCall, record: LogRecord): boolean => {
  if (filter === undefined) return true
  const expression = filter.hasStreamIdentifier() ? filter.getStreamIdentifier() : filter.getEventType()
  const subject = filter.hasStreamIdentifier() ? record.streamName : record.type
  const prefixes: Array<string> = expression.getPrefixList()
  const regex: string = expression.getRegex()
  if (prefixes.length > 0) return prefixes.some((prefix) => subject.startsWith(prefix))
  return regex === "" || new RegExp(regex).test(subject)
}

const makeRead = (log: FakeLog) => (call: AnyCall) => {
  const options = call.request.getOptions()
  if (options.getReadDirection() !== 0) return call.destroy({ code: grpc.status.UNIMPLEMENTED, details: "the fake reads forwards only" })
  const count = options.hasCount() ? Number(options.getCount()) : Number.MAX_SAFE_INTEGER
  if (options.hasStream()) {
    if (options.hasSubscription()) return call.destroy({ code: grpc.status.UNIMPLEMENTED, details: "stream subscriptions are not faked" })
    const s = options.getStream()
    const name = Buffer.from(s.getStreamIdentifier().getStreamName_asU8()).toString("utf8")
    const stream = log.streams.get(name)
    if (stream === undefined) {
      call.write(readProtocol.streamNotFound(name))
      return call.end()
    }
    const from = s.hasRevision() ? Number(s.getRevision()) : s.hasEnd() ? stream.length : 0
    for (const record of stream.slice(from, from + count)) call.write(readEventResponse(record, false))
    return call.end()
  }
  const all = options.getAll()
  const from = all.hasPosition() ? BigInt(all.getPosition().getCommitPosition()) : all.hasEnd() ? log.nextPosition : 0n
  const filter = options.hasFilter() ? options.getFilter() : undefined
  if (!options.hasSubscription()) {
    // a read of $all includes the event at `from`
    const page = log.records.filter((r) => r.position >= from && matches(filter, r)).slice(0, count)
    for (const record of page) call.write(readEventResponse(record, true))
    return call.end()
  }
  // a subscription from a position starts after it
  const after = (r: LogRecord) => (all.hasPosition() ? r.position > from : r.position >= from)
  call.write(readProtocol.confirmation(`fake-${log.listeners.size + 1}`))
  for (const record of log.records) if (after(record) && matches(filter, record)) call.write(readEventResponse(record, true))
  call.write(readProtocol.caughtUp())
  const listener = (record: LogRecord) => {
    if (matches(filter, record)) call.write(readEventResponse(record, true))
  }
  log.listeners.add(listener)
  const stop = () => log.listeners.delete(listener)
  call.on("cancelled", stop)
  call.on("close", stop)
  call.on("error", stop)
}

const makeAppend = (log: FakeLog, now: () => number) => (call: AnyCall, callback: AnyCall) => {
  let options: AnyCall
  const proposed: Array<Proposed> = []
  call.on("data", (req: AnyCall) => {
    if (req.hasOptions()) options = req.getOptions()
    else {
      const message = req.getProposedMessage()
      proposed.push({
        id: message.getId().getString(),
        type: message.getMetadataMap().get("type"),
        contentType: message.getMetadataMap().get("content-type"),
        data: message.getData_asU8(),
        customMetadata: message.getCustomMetadata_asU8(),
      })
    }
  })
  call.on("end", () => {
    const name = Buffer.from(options.getStreamIdentifier().getStreamName_asU8()).toString("utf8")
    const current = currentRevision(log, name)
    const ok = options.hasAny()
      || (options.hasNoStream() && current === -1)
      || (options.hasStreamExists() && current >= 0)
      || (options.hasRevision() && Number(options.getRevision()) === current)
    if (!ok) return callback(null, appendResponse.wrongExpectedVersion(options, current))
    const written = write(log, name, proposed, now())
    callback(null, appendResponse.success(currentRevision(log, name), written[written.length - 1]?.position))
  })
}

/** Starts a fake on a free loopback port. `now` stamps `created` (default: the real clock). */
export const startEsdbFake = async (now: () => number = Date.now): Promise<EsdbFake> => {
  const log = makeLog()
  seed(log, now())
  const server = new grpc.Server()
  server.addService((streamsGrpc as AnyCall).StreamsService, { read: makeRead(log), append: makeAppend(log, now) } as AnyCall)
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  )
  return {
    port,
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    log,
    close: () => new Promise<void>((resolve) => {
      server.forceShutdown()
      resolve()
    }),
  }
}
