/**
 * Enrollment and the mailbox (DOMAIN §2): start it, add and verify contacts, read and sign the
 * consent, read the mailbox (contacts masked). Every change honours `If-Match`; every resource goes
 * out with its `ETag`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { Router } from "express"
import { addressOf, mayRead, ownsMailbox, requireCaller, requireEmployer } from "../auth/access.js"
import { decodeInput } from "../edge/decode.js"
import { checkIfMatch, etagOf } from "../edge/etag.js"
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
    yield* checkIfMatch(req, (yield* backend.mailbox(rfc)).version)
    const contact = yield* backend.addContact(session.identity, rfc, body)
    return json(201, maskedContact(contact.value), { ETag: etagOf(contact.version) })
  })))

  router.post("/mailboxes/:rfc/contacts/:contactId/verification", route((req) => Effect.gen(function* () {
    const session = yield* requireEmployer(policy, req)
    const { rfc, contactId } = yield* decodeInput(ContactPath, req.params)
    yield* ownsMailbox(session, rfc)
    // Issue #6: code attempts are limited per RFC and per network address (the core also locks a code after 5 misses).
    yield* countAttempt(ctx, [[`code:rfc:${rfc}`, ctx.limits.codePerRfc], [`code:address:${addressOf(req)}`, ctx.limits.codePerAddress]])
    const { code } = yield* decodeInput(VerificationRequest, req.body ?? {})
    yield* checkIfMatch(req, (yield* backend.mailbox(rfc)).version)
    const mailbox = yield* backend.verifyContact(session.identity, rfc, contactId, code)
    return json(200, mailboxBody(mailbox.value), { ETag: etagOf(mailbox.version) })
  })))

  router.post("/mailboxes/:rfc/contacts/:contactId/code", route((req) => Effect.gen(function* () {
    const session = yield* requireEmployer(policy, req)
    const { rfc, contactId } = yield* decodeInput(ContactPath, req.params)
    yield* ownsMailbox(session, rfc)
    yield* decodeInput(EmptyBody, req.body ?? {})
    yield* checkIfMatch(req, (yield* backend.mailbox(rfc)).version)
    const contact = yield* backend.resendCode(session.identity, rfc, contactId)
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
    yield* checkIfMatch(req, (yield* backend.mailbox(rfc)).version)
    const mailbox = yield* backend.signConsent(session.identity, bytesOf(session.certificate), rfc, bytesOf(body.signature), body.version)
    return json(200, mailboxBody(mailbox.value), { ETag: etagOf(mailbox.version) })
  })))
}
