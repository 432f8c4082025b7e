/**
 * A mailbox as it leaves the server: contacts masked, so that a leaked response (a log, a shared
 * screen) does not leak the patrón's addresses. Verification codes never appear at all.
 *
 * @since 0.1.0
 */
import type { ContactView, MailboxView } from "../backend.js"
import { isoOf } from "./context.js"

/**
 * Masks an address: an email keeps its first letter and domain, a mobile its last four digits.
 * @example maskAddress("email", "contabilidad@empresa.mx") // => "c***@empresa.mx"
 * @example maskAddress("mobile", "+525512345678") // => "+52******5678"
 * @since 0.1.0
 */
export const maskAddress = (kind: ContactView["kind"], address: string): string => {
  if (kind === "email") {
    const at = address.lastIndexOf("@")
    return at <= 0 ? "***" : `${address.slice(0, 1)}***${address.slice(at)}`
  }
  const digits = address.replace(/[^0-9+]/g, "")
  const prefix = digits.startsWith("+52") ? "+52" : ""
  return `${prefix}${"*".repeat(Math.max(0, digits.length - prefix.length - 4))}${digits.slice(-4)}`
}

/**
 * A contact with its address masked.
 * @example maskedContact({ contactId: "c1", kind: "email", address: "a@b.mx", verified: true }) // => { contactId: "c1", kind: "email", address: "a***@b.mx", verified: true }
 * @since 0.1.0
 */
export const maskedContact = (contact: ContactView) => ({ ...contact, address: maskAddress(contact.kind, contact.address) })

/**
 * The mailbox body of `GET /mailboxes/{rfc}`.
 * @example mailboxBody(view) // => { rfc, status, legalName, contacts: [masked…], activatedAt? }
 * @since 0.1.0
 */
export const mailboxBody = (view: MailboxView) => ({
  rfc: view.rfc,
  status: view.status,
  legalName: view.legalName,
  contacts: view.contacts.map(maskedContact),
  ...(view.activatedAt === undefined ? {} : { activatedAt: isoOf(view.activatedAt) }),
})
