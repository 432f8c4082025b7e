/**
 * The fake's answers, built with the client package's own generated message classes.
 */
import streamsPb from "@eventstore/db-client/generated/streams_pb.js"
import sharedPb from "@eventstore/db-client/generated/shared_pb.js"
import type { LogRecord } from "./log.js"

type Any = any // the generated classes are CommonJS with loose typings
const { ReadResp, AppendResp } = streamsPb as Any
const { Empty, StreamIdentifier, UUID } = sharedPb as Any

const identifier = (name: string) => new StreamIdentifier().setStreamName(Buffer.from(name, "utf8"))

/** One event as a `ReadResp`: `withPosition` for `$all` reads, which carry the commit position. */
export const readEventResponse = (record: LogRecord, withPosition: boolean) => {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(record.id))
    .setStreamIdentifier(identifier(record.streamName))
    .setStreamRevision(String(record.revision))
    .setPreparePosition(String(record.position))
    .setCommitPosition(String(record.position))
    .setData(record.data)
    .setCustomMetadata(record.customMetadata)
  recorded.getMetadataMap().set("type", record.type)
  recorded.getMetadataMap().set("content-type", record.contentType)
  recorded.getMetadataMap().set("created", String(record.createdTicks))
  const event = new ReadResp.ReadEvent().setEvent(recorded)
  if (withPosition) event.setCommitPosition(String(record.position))
  else event.setNoPosition(new Empty())
  return new ReadResp().setEvent(event)
}

export const readProtocol = {
  streamNotFound: (name: string) => new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(identifier(name))),
  confirmation: (id: string) => new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(id)),
  caughtUp: () => new ReadResp().setCaughtUp(new ReadResp.CaughtUp()),
}

export const appendResponse = {
  success: (revision: number, position: bigint | undefined) => {
    const success = new AppendResp.Success()
    if (revision >= 0) success.setCurrentRevision(String(revision))
    else success.setNoStream(new Empty())
    if (position === undefined) success.setNoPosition(new Empty())
    else success.setPosition(new AppendResp.Position().setCommitPosition(String(position)).setPreparePosition(String(position)))
    return new AppendResp().setSuccess(success)
  },
  wrongExpectedVersion: (options: Any, current: number) => {
    const wrong = new AppendResp.WrongExpectedVersion()
    if (current >= 0) wrong.setCurrentRevision(String(current))
    else wrong.setCurrentNoStream(new Empty())
    if (options.hasRevision()) wrong.setExpectedRevision(options.getRevision())
    else if (options.hasNoStream()) wrong.setExpectedNoStream(new Empty())
    else if (options.hasStreamExists()) wrong.setExpectedStreamExists(new Empty())
    else wrong.setExpectedAny(new Empty())
    return new AppendResp().setWrongExpectedVersion(wrong)
  },
}
