/**
 * Every error a caller of the shell can meet, as one union: the refusals of the mailbox and
 * notification deciders, e.firma's rejection, a code or aviso the provider refused, and the two
 * store failures. Each tag is a stable code; the HTTP layer maps tags to statuses in one table
 * (STYLE.md §7), so a new tag here fails its build until it is mapped.
 *
 * @since 0.1.0
 */
import type { EfirmaRejected } from "../efirma/errors.js"
import type { EventStoreUnavailable, StreamVersionConflict } from "../eventstore/EventStore.js"
import type { MailboxRefusal } from "../mailbox/errors.js"
import type { NotificationRefusal } from "../notification/errors.js"
import type { DispatchFailed } from "./AvisoSender.js"

/**
 * The errors of the Buzón shell, by tag.
 * @example const status = { UnknownContact: 404, StreamVersionConflict: 412 } satisfies Partial<Record<DomainError["_tag"], number>>
 * @since 0.1.0
 */
export type DomainError =
  | MailboxRefusal
  | NotificationRefusal
  | EfirmaRejected
  | DispatchFailed
  | StreamVersionConflict
  | EventStoreUnavailable
