/**
 * Every error a caller of the shell can meet, as one union: the refusals of the mailbox and
 * notification deciders, e.firma's rejection, a code or aviso the provider refused, a stream that
 * was not at the version the caller pinned, and the two store failures. Each tag is a stable code; the HTTP layer maps tags to statuses in one table
 * (STYLE.md §7), so a new tag here fails its build until it is mapped.
 *
 * @since 0.1.0
 */
import { Data } from "effect"
import type { EfirmaRejected } from "../efirma/errors.js"
import type { EventStoreUnavailable, StreamVersionConflict } from "../eventstore/EventStore.js"
import type { MailboxRefusal } from "../mailbox/errors.js"
import type { NotificationRefusal } from "../notification/errors.js"
import type { DispatchFailed } from "./AvisoSender.js"

/**
 * The stream was not at the version the caller pinned (`CommandOptions.expectedVersion`, an HTTP
 * `If-Match`): the command was not applied, and nothing was recorded. Unlike `StreamVersionConflict`
 * it is never retried: the caller decided on that version, so only the caller may decide again.
 * Rule: RFC 9110 §13.1.1 (a false `If-Match` must not perform the method).
 * @example new StreamVersionMismatch({ streamName: "mailbox-EKU9003173C9", expectedVersion: 2, actualVersion: 3 }).message // => "Stream mailbox-EKU9003173C9 is at version 3, not 2 as read: read it again before changing it."
 * @since 0.1.0
 */
export class StreamVersionMismatch extends Data.TaggedError("StreamVersionMismatch")<{
  readonly streamName: string
  readonly expectedVersion: number
  readonly actualVersion: number
}> {
  override get message() {
    return `Stream ${this.streamName} is at version ${this.actualVersion}, not ${this.expectedVersion} as read: read it again before changing it.`
  }
}

/**
 * The errors of the Buzón shell, by tag.
 * @example const status = { UnknownContact: 404, StreamVersionMismatch: 412 } satisfies Partial<Record<DomainError["_tag"], number>>
 * @since 0.1.0
 */
export type DomainError =
  | MailboxRefusal
  | NotificationRefusal
  | EfirmaRejected
  | DispatchFailed
  | StreamVersionConflict
  | StreamVersionMismatch
  | EventStoreUnavailable
