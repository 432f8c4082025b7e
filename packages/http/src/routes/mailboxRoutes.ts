/**
 * Enrollment and the mailbox (DOMAIN §2): start it, add and verify contacts, read and sign the
 * consent, read the mailbox (contacts masked). Every change honours `If-Match`, pinned in the
 * command itself (`underIfMatch`); every resource goes out with its `ETag`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { Router } from "express"
import { addressOf, mayRead, ownsMailbox, requireCaller, requireEmployer } from "../auth/access.js"
import { decodeInput } from "../edge/decode.js"
import { etagOf, underIfMatch } from "../edge/etag.js"
import { json, route } from "../edge/reply.js"
import { ConsentRequest, ContactPath, ContactRequest, EmptyBody, RfcPath, VerificationRequest } from "../edge/schemas.js"
import { bytesOf, countAttempt } from "./context.js"
import type { RouteContext } from "./context.js"
import { mailboxBody, maskedContact } from "./mailboxView.js"

/**
 * Mounts the mailbox routes.
 * @example mailboxRoutes(router, ctx)
 * @since 0.1.0
 */
export const mailboxRoutes = (router: Router, ctx: RouteContext): void => {
  const { backend, policy } = ctx
  // The mailbox stream's version: the ETag every mailbox resource goes out with, and what If-Match pins.
  const versionOf = (rfc: string) => Effect.map(backend.mailbox(rfc), (mailbox) => mailbox.version)

  router.post("/mailboxes", route((req) => Effect.gen(function* () {
    const session = yield* requireEmployer(policy, req)
    const mailbox = yield* backend.startEnrollment(session.identity, bytesOf(session.certificate))
    return json(201, mailboxBody(mailbox.value), { ETag: etagOf(mailbox.version), Location: `/mailboxes/${encodeURIComponent(mailbox.value.rfc)}` })
  })))

  router.get("/mailboxes/:rfc", route((req) => Effect.gen(function* () {
    const caller = yield* requireCaller(policy, req)
    const { rfc } = yield* decodeInput(RfcPath, req.params)
    yield* mayRead(caller, rfc)
    const mailbox = yield* backend.mailbox(rfc)
    return json(200, mailboxBody(mailbox.value), { ETag: etagOf(mailbox.version) })
  })))

  router.post("/mailboxes/:rfc/contacts", route((req) => Effect.gen(function* () {
    const session = yield* requireEmployer(policy, req)
    const { rfc } = yield* decodeInput(RfcPath, req.params)
    yield* ownsMailbox(session, rfc)
    const body = yield* decodeInput(ContactRequest, req.body ?? {})
    const contact = yield* underIfMatch(req, versionOf(rfc), (expected) => backend.addContact(session.identity, rfc, body, expected))
    return json(201, maskedContact(contact.value), { ETag: etagOf(contact.version) })
  })))

  router.post("/mailboxes/:rfc/contacts/:contactId/verification", route((req) => Effect.gen(function* () {
    const session = yield* requireEmployer(policy, req)
    const { rfc, contactId } = yield* decodeInput(ContactPath, req.params)
    yield* ownsMailbox(session, rfc)
    // Issue #6: code attempts are limited per RFC and per network address (the core also locks a code after 5 misses).
    yield* countAttempt(ctx, [[`code:rfc:${rfc}`, ctx.limits.codePerRfc], [`code:address:${addressOf(req)}`, ctx.limits.codePerAddress]])
    const { code } = yield* decodeInput(VerificationRequest, req.body ?? {})
    const mailbox = yield* underIfMatch(req, versionOf(rfc), (expected) => backend.verifyContact(session.identity, rfc, contactId, code, expected))
    return json(200, mailboxBody(mailbox.value), { ETag: etagOf(mailbox.version) })
  })))

  router.post("/mailboxes/:rfc/contacts/:contactId/code", route((req) => Effect.gen(function* () {
    const session = yield* requireEmployer(policy, req)
    const { rfc, contactId } = yield* decodeInput(ContactPath, req.params)
    yield* ownsMailbox(session, rfc)
    yield* decodeInput(EmptyBody, req.body ?? {})
    const contact = yield* underIfMatch(req, versionOf(rfc), (expected) => backend.resendCode(session.identity, rfc, contactId, expected))
    return json(202, maskedContact(contact.value), { ETag: etagOf(contact.version) })
  })))

  router.get("/mailboxes/:rfc/consent", route((req) => Effect.gen(function* () {
    const session = yield* requireEmployer(policy, req)
    const { rfc } = yield* decodeInput(RfcPath, req.params)
    yield* ownsMailbox(session, rfc)
    const consent = yield* backend.consentDocument(rfc)
    return json(200, consent.value, { ETag: etagOf(consent.version) })
  })))

  router.post("/mailboxes/:rfc/consent", route((req) => Effect.gen(function* () {
    const session = yield* requireEmployer(policy, req)
    const { rfc } = yield* decodeInput(RfcPath, req.params)
    yield* ownsMailbox(session, rfc)
    const body = yield* decodeInput(ConsentRequest, req.body ?? {})
    const mailbox = yield* underIfMatch(req, versionOf(rfc), (expected) =>
      backend.signConsent(session.identity, bytesOf(session.certificate), rfc, bytesOf(body.signature), body.version, expected))
    return json(200, mailboxBody(mailbox.value), { ETag: etagOf(mailbox.version) })
  })))
}
