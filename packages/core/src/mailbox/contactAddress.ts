/**
 * Contact addresses, validated and normalised before they are recorded, so that duplicates are found
 * and avisos go to one canonical form ([D] DOMAIN §2.2).
 *
 * - Email: trimmed and written in lower case (mail providers treat the local part case-insensitively
 *   in practice; a patrón typing `Pagos@Kemper.MX` twice means one address). Syntax: a dot-atom local
 *   part (RFC 5322, no quoted strings), at most 64 characters; a domain of at least two labels of
 *   letters, digits and inner hyphens, ending in an alphabetic TLD; at most 254 characters in all.
 * - Mobile: a Mexican number of 10 digits (area code + subscriber, since the 2019 numbering plan; the
 *   first digit is never 0 or 1), written as E.164 `+52XXXXXXXXXX`. Spaces, dots, hyphens and
 *   parentheses are ignored; a leading `+52` or `52` is accepted, and so is the former mobile prefix
 *   `1` after the country code (`+52 1 …`), which the plan abolished and which is dropped.
 *
 * @since 0.1.0
 */
import type { ContactKind } from "./events.js"
import { InvalidEmailAddress, InvalidMobileNumber } from "./errors.js"

const ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
const LOCAL_PART = new RegExp(`^${ATOM}(\\.${ATOM})*$`)
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/
const TLD = /^[a-z]{2,63}$/

/**
 * The canonical form of an email address, or the refusal.
 * @example normaliseEmail(" Pagos@Kemper.MX ") // => "pagos@kemper.mx"
 * @since 0.1.0
 */
export const normaliseEmail = (address: string): string | InvalidEmailAddress => {
  const email = address.trim().toLowerCase()
  const at = email.lastIndexOf("@")
  const local = email.slice(0, at)
  const labels = email.slice(at + 1).split(".")
  const valid = at > 0 && email.length <= 254 && local.length <= 64 && LOCAL_PART.test(local) &&
    labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label)) && TLD.test(labels[labels.length - 1] ?? "")
  return valid ? email : new InvalidEmailAddress({ address })
}

/**
 * The E.164 form of a Mexican mobile number, or the refusal.
 * @example normaliseMobile("(55) 1234-5678") // => "+525512345678"
 * @since 0.1.0
 */
export const normaliseMobile = (number: string): string | InvalidMobileNumber => {
  const compact = number.trim().replace(/[\s.()-]/g, "")
  const digits = /^\+?52/.test(compact) && compact.replace(/^\+/, "").length > 10
    ? compact.replace(/^\+?52(1(?=\d{10}$))?/, "")
    : compact
  return /^[2-9]\d{9}$/.test(digits) ? `+52${digits}` : new InvalidMobileNumber({ number })
}

/**
 * The canonical form of an address of either kind.
 * @example normaliseAddress("mobile", "+52 1 55 1234 5678") // => "+525512345678"
 * @since 0.1.0
 */
export const normaliseAddress = (kind: ContactKind, address: string): string | InvalidEmailAddress | InvalidMobileNumber =>
  kind === "email" ? normaliseEmail(address) : normaliseMobile(address)
