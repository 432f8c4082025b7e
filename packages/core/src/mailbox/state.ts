/**
 * The mailbox's state, folded from its events: a union by status, `unenrolled` → `enrolling` →
 * `active` (DOMAIN §1). `evolve` returns a new value and copies collections; an event that does not
 * apply to the status leaves the state as it is.
 *
 * DOMAIN §1 also names a `suspended` status; it is not modelled yet: the rule book says neither who
 * suspends a mailbox nor how it comes back, and a mailbox whose contacts fail is handled by the
 * notification side (estrados), not by a status here.
 *
 * @since 0.1.0
 */
import { absurd } from "../app/decider.js"
import type { ContactKind, MailboxEvent } from "./events.js"

/** The code currently valid for a contact (only its salted hash). @since 0.1.0 */
export interface IssuedCode {
  readonly codeHash: string
  readonly salt: string
  readonly issuedAt: number
  readonly expiresAt: number
  readonly failedAttempts: number
}

/** A contact (medio de contacto) as the mailbox knows it. @since 0.1.0 */
export interface Contact {
  readonly contactId: string
  readonly kind: ContactKind
  /** Normalised: lower-case email, or E.164 `+52` and 10 digits. */
  readonly address: string
  readonly registeredAt: number
  readonly verifiedAt: number | undefined
  readonly code: IssuedCode | undefined
  /** Every code issued to the contact, oldest first: for the resend limit and to know a retried issue. */
  readonly codeIssues: ReadonlyArray<{ readonly at: number; readonly salt: string }>
  /** The contact this one replaces once verified. */
  readonly replaces: string | undefined
}

/** The consent the patrón signed. @since 0.1.0 */
export interface SignedConsent {
  readonly version: string
  readonly documentDate: string
  readonly cadenaSha256: string
  readonly certificateNumber: string
  readonly signedAt: number
}

/** What every enrolled mailbox holds. @since 0.1.0 */
export interface EnrolledMailbox {
  readonly rfc: string
  readonly legalName: string
  readonly certificateNumber: string
  readonly enrolledAt: number
  /** Live contacts, in registration order. */
  readonly contacts: ReadonlyMap<string, Contact>
  /** Ids of removed contacts: never reused, and removing again is a no-op. */
  readonly removedContactIds: ReadonlySet<string>
}

/**
 * A mailbox by status: not enrolled; enrolling (FIEL authenticated, contacts being verified); active
 * (consent signed, DOMAIN §2.4).
 * @example const state: MailboxState = initialState // => { status: "unenrolled" }
 * @since 0.1.0
 */
export type MailboxState =
  | { readonly status: "unenrolled" }
  | ({ readonly status: "enrolling" } & EnrolledMailbox)
  | ({ readonly status: "active"; readonly consent: SignedConsent } & EnrolledMailbox)

/** A mailbox whose FIEL is authenticated and whose consent is not signed yet. @since 0.1.0 */
export type EnrollingMailbox = Extract<MailboxState, { readonly status: "enrolling" }>
/** A mailbox whose consent is signed: notifications reach it (DOMAIN §2.4). @since 0.1.0 */
export type ActiveMailbox = Extract<MailboxState, { readonly status: "active" }>

/** A mailbox before its first event. @example fold(evolve, initialState, []) // => { status: "unenrolled" } @since 0.1.0 */
export const initialState: MailboxState = { status: "unenrolled" }

/**
 * The verified contacts of a kind, in registration order.
 * @example verifiedContacts(state, "email").map((c) => c.address) // => ["pagos@kemper.mx"]
 * @since 0.1.0
 */
export const verifiedContacts = (mailbox: EnrolledMailbox, kind: ContactKind): ReadonlyArray<Contact> =>
  [...mailbox.contacts.values()].filter((contact) => contact.kind === kind && contact.verifiedAt !== undefined)

const withContact = <S extends EnrolledMailbox>(state: S, contactId: string, change: (contact: Contact) => Contact): S => {
  const contact = state.contacts.get(contactId)
  if (contact === undefined) return state
  const contacts = new Map(state.contacts)
  contacts.set(contactId, change(contact))
  return { ...state, contacts }
}

/**
 * Applies one event to the state.
 * @example evolve(initialState, enrollmentStarted).status // => "enrolling"
 * @since 0.1.0
 */
export const evolve = (state: MailboxState, event: MailboxEvent): MailboxState => {
  if (event._tag === "EnrollmentStarted") {
    if (state.status !== "unenrolled") return state
    const { rfc, legalName, certificateNumber, at } = event
    return { status: "enrolling", rfc, legalName, certificateNumber, enrolledAt: at, contacts: new Map(), removedContactIds: new Set() }
  }
  if (state.status === "unenrolled") return state
  switch (event._tag) {
    case "ContactRegistered": {
      const contacts = new Map(state.contacts)
      contacts.set(event.contactId, {
        contactId: event.contactId, kind: event.kind, address: event.address, registeredAt: event.at,
        verifiedAt: undefined, code: undefined, codeIssues: [], replaces: event.replaces,
      })
      return { ...state, contacts }
    }
    case "VerificationCodeIssued":
      return withContact(state, event.contactId, (contact) => ({
        ...contact,
        code: { codeHash: event.codeHash, salt: event.salt, issuedAt: event.at, expiresAt: event.expiresAt, failedAttempts: 0 },
        codeIssues: [...contact.codeIssues, { at: event.at, salt: event.salt }],
      }))
    case "VerificationCodeRejected":
      return withContact(state, event.contactId, (contact) =>
        contact.code === undefined ? contact : { ...contact, code: { ...contact.code, failedAttempts: event.attempt } })
    case "ContactVerified":
      return withContact(state, event.contactId, (contact) => ({ ...contact, verifiedAt: event.at, code: undefined }))
    case "ContactRemoved": {
      if (!state.contacts.has(event.contactId)) return state
      const contacts = new Map(state.contacts)
      contacts.delete(event.contactId)
      return { ...state, contacts, removedContactIds: new Set([...state.removedContactIds, event.contactId]) }
    }
    case "ConsentSigned": {
      const { version, documentDate, cadenaSha256, certificateNumber, at } = event
      return { ...state, status: "active", consent: { version, documentDate, cadenaSha256, certificateNumber, signedAt: at } }
    }
    default:
      return absurd(event)
  }
}
