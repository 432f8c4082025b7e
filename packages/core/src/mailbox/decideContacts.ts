/**
 * Decisions on the mailbox's contacts: register, replace, remove ([D] DOMAIN §2.2 limits; DOMAIN §2.4:
 * an active mailbox never falls below one verified email and one verified mobile).
 *
 * @since 0.1.0
 */
import type { RegisterContact, RemoveContact, ReplaceContact } from "./commands.js"
import { normaliseAddress } from "./contactAddress.js"
import type { MailboxDecision, MailboxTurn } from "./decider.js"
import {
  ContactIdInUse, ContactKindMismatch, ContactLimitReached, DuplicateContact, MinimumContactsRequired,
  ReplacementPending, UnknownContact,
} from "./errors.js"
import { ContactRegistered, ContactRemoved } from "./events.js"
import type { ContactKind } from "./events.js"
import { verifiedContacts } from "./state.js"
import type { Contact, EnrolledMailbox } from "./state.js"

/** [D] DOMAIN §2.2: 1–5 emails and 1–3 mobiles (SAT allows 5 emails and 1 mobile). @since 0.1.0 */
export const CONTACT_LIMITS: { readonly [K in ContactKind]: number } = { email: 5, mobile: 3 }

const sameAddress = (mailbox: EnrolledMailbox, address: string): Contact | undefined =>
  [...mailbox.contacts.values()].find((contact) => contact.address === address)

const pendingReplacementOf = (mailbox: EnrolledMailbox, contactId: string): Contact | undefined =>
  [...mailbox.contacts.values()].find((contact) => contact.replaces === contactId)

// A contact waiting for its replacement's code counts once with that replacement: one of them will go.
const countedContacts = (mailbox: EnrolledMailbox, kind: ContactKind): number => {
  const live = [...mailbox.contacts.values()].filter((contact) => contact.kind === kind)
  const replaced = live.filter((contact) => contact.replaces !== undefined && mailbox.contacts.has(contact.replaces))
  return live.length - replaced.length
}

// A retry of the same registration (same id, kind, address and target) is a no-op; any other use of the id is refused.
const contactIdTaken = (
  mailbox: EnrolledMailbox, contactId: string, wanted: Pick<Contact, "kind" | "address" | "replaces">,
): MailboxDecision | undefined => {
  const existing = mailbox.contacts.get(contactId)
  if (existing !== undefined)
    return existing.kind === wanted.kind && existing.address === wanted.address && existing.replaces === wanted.replaces
      ? []
      : new ContactIdInUse({ contactId })
  return mailbox.removedContactIds.has(contactId) ? new ContactIdInUse({ contactId }) : undefined
}

/**
 * Registers an email or a mobile: validated and normalised, unique on the mailbox, within the limits.
 * @example decideRegisterContact({ _tag: "RegisterContact", identity, contactId: "c1", kind: "email", address: "Pagos@Kemper.mx" }, turn)
 * // => [ContactRegistered { contactId: "c1", kind: "email", address: "pagos@kemper.mx", … }]
 * @since 0.1.0
 */
export const decideRegisterContact = (command: RegisterContact, { mailbox, actor, context }: MailboxTurn): MailboxDecision => {
  const { contactId, kind } = command
  const address = normaliseAddress(kind, command.address)
  if (typeof address !== "string") return address
  const taken = contactIdTaken(mailbox, contactId, { kind, address, replaces: undefined })
  if (taken !== undefined) return taken
  const duplicate = sameAddress(mailbox, address)
  if (duplicate !== undefined) return new DuplicateContact({ address, contactId: duplicate.contactId })
  if (countedContacts(mailbox, kind) >= CONTACT_LIMITS[kind]) return new ContactLimitReached({ kind, limit: CONTACT_LIMITS[kind] }) // [D] DOMAIN §2.2
  return [new ContactRegistered({ rfc: mailbox.rfc, contactId, kind, address, actor, at: context.now })]
}

/**
 * Registers a new address that replaces a contact of the same kind once verified; until then the old
 * contact stays in use, so an active mailbox is never left without it (DOMAIN §2.4).
 * @example decideReplaceContact({ _tag: "ReplaceContact", identity, contactId: "c1", newContactId: "c3", address: "nuevo@kemper.mx" }, turn)
 * // => [ContactRegistered { contactId: "c3", address: "nuevo@kemper.mx", replaces: "c1", … }]
 * @since 0.1.0
 */
export const decideReplaceContact = (command: ReplaceContact, { mailbox, actor, context }: MailboxTurn): MailboxDecision => {
  const { contactId, newContactId } = command
  const replacement = mailbox.contacts.get(newContactId)
  if (replacement?.replaces === contactId && replacement.address === normaliseAddress(replacement.kind, command.address))
    return [] // a retry, even after the old contact was removed by the replacement's verification
  const old = mailbox.contacts.get(contactId)
  if (old === undefined) return new UnknownContact({ contactId })
  const { kind } = old
  const address = normaliseAddress(kind, command.address)
  if (typeof address !== "string") {
    const otherKind = normaliseAddress(kind === "email" ? "mobile" : "email", command.address)
    return typeof otherKind === "string" ? new ContactKindMismatch({ contactId, kind }) : address
  }
  const taken = contactIdTaken(mailbox, newContactId, { kind, address, replaces: contactId })
  if (taken !== undefined) return taken
  const pending = pendingReplacementOf(mailbox, contactId)
  if (pending !== undefined) return new ReplacementPending({ contactId, replacementId: pending.contactId })
  // A pending replacement is not replaced in turn: both it and its target would survive the chain, past the limits.
  if (old.replaces !== undefined && mailbox.contacts.has(old.replaces))
    return new ReplacementPending({ contactId: old.replaces, replacementId: contactId })
  const duplicate = sameAddress(mailbox, address)
  if (duplicate !== undefined) return new DuplicateContact({ address, contactId: duplicate.contactId })
  return [new ContactRegistered({ rfc: mailbox.rfc, contactId: newContactId, kind, address, replaces: contactId, actor, at: context.now })]
}

/**
 * Removes a contact, unless it is the last verified one of its kind on an active mailbox (DOMAIN §2.4).
 * While enrolling, any contact may go. Removing a removed contact is a no-op.
 * @example decideRemoveContact({ _tag: "RemoveContact", identity, contactId: "c2" }, turn) // => [ContactRemoved { contactId: "c2", … }]
 * @since 0.1.0
 */
export const decideRemoveContact = (command: RemoveContact, { mailbox, actor, context }: MailboxTurn): MailboxDecision => {
  const { contactId } = command
  if (mailbox.removedContactIds.has(contactId)) return []
  const contact = mailbox.contacts.get(contactId)
  if (contact === undefined) return new UnknownContact({ contactId })
  // DOMAIN §2.4: an active mailbox never has fewer than one verified email and one verified mobile.
  if (mailbox.status === "active" && contact.verifiedAt !== undefined && verifiedContacts(mailbox, contact.kind).length <= 1)
    return new MinimumContactsRequired({ contactId, kind: contact.kind })
  return [new ContactRemoved({ rfc: mailbox.rfc, contactId, actor, at: context.now })]
}
