import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isEvents } from "../app/decider.js"
import { expectIdempotent } from "../testing/deciderSpec.js"
import type { MailboxCommand } from "./commands.js"
import { consentForMailbox } from "./consent.js"
import { CONTACT_LIMITS } from "./decideContacts.js"
import { mailboxDecider } from "./decider.js"
import type { ContactKind, MailboxEvent } from "./events.js"
import type { MailboxState } from "./state.js"
import { verifiedContacts } from "./state.js"
import { HOUR, NOW, calendar, ctx, identity, moralFiel, signText } from "./testKit.js"
import { hashVerificationCode } from "./verificationCode.js"

// Random command sequences are drawn as intents and turned into commands against the state they meet,
// the way a user (right or wrong) would act: the right code or a wrong one, a good signature or not.
type Intent =
  | { readonly t: "start" }
  | { readonly t: "register"; readonly id: number; readonly kind: ContactKind; readonly address: number }
  | { readonly t: "replace"; readonly id: number; readonly newId: number; readonly address: number }
  | { readonly t: "issue"; readonly id: number; readonly salt: number; readonly code: string }
  | { readonly t: "verify"; readonly id: number; readonly right: boolean }
  | { readonly t: "remove"; readonly id: number }
  | { readonly t: "sign"; readonly version: "2024-08" | "2020-07"; readonly good: boolean }
interface Step { readonly intent: Intent; readonly elapsed: number }

const id = fc.integer({ min: 1, max: 5 })
const address = fc.integer({ min: 1, max: 7 })
const intent: fc.Arbitrary<Intent> = fc.oneof(
  { arbitrary: fc.constant({ t: "start" } as const), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant("register" as const), id, kind: fc.constantFrom<ContactKind>("email", "mobile"), address }), weight: 5 },
  { arbitrary: fc.record({ t: fc.constant("replace" as const), id, newId: id, address }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant("issue" as const), id, salt: fc.integer({ min: 1, max: 40 }), code: fc.stringMatching(/^\d{6}$/) }), weight: 5 },
  { arbitrary: fc.record({ t: fc.constant("verify" as const), id, right: fc.oneof(fc.constant(true), fc.boolean()) }), weight: 5 },
  { arbitrary: fc.record({ t: fc.constant("remove" as const), id }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant("sign" as const), version: fc.constantFrom("2024-08" as const, "2020-07" as const), good: fc.boolean() }), weight: 2 },
)
// Mostly minutes apart, sometimes days: enough to cross the resend hour and the 72-hour expiry.
const elapsed = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 20 * 60_000 }), weight: 6 },
  { arbitrary: fc.integer({ min: 0, max: 80 * HOUR }), weight: 1 },
)
// A user who registers a contact, asks for a code and types it right away: often enough to reach consent.
const onboarding: fc.Arbitrary<ReadonlyArray<Step>> = fc
  .record({ id: fc.integer({ min: 1, max: 8 }), kind: fc.constantFrom<ContactKind>("email", "mobile"), address, salt: fc.integer({ min: 41, max: 80 }), code: fc.stringMatching(/^\d{6}$/) })
  .map(({ id: n, kind, address: a, salt, code }) => [
    { intent: { t: "register", id: n, kind, address: a }, elapsed: 60_000 },
    { intent: { t: "issue", id: 0, salt, code }, elapsed: 1_000 },
    { intent: { t: "verify", id: 0, right: true }, elapsed: 120_000 },
  ])
const activation: fc.Arbitrary<ReadonlyArray<Step>> = fc.tuple(onboarding, onboarding).map(([first, second]) => [
  ...first, ...second.map((step) => step.intent.t === "register" ? { ...step, intent: { ...step.intent, kind: first[0]?.intent.t === "register" && first[0].intent.kind === "email" ? "mobile" as const : "email" as const } } : step),
  { intent: { t: "sign", version: "2024-08", good: true }, elapsed: 60_000 },
])
// An impatient user: four codes within minutes (the 4th is refused), then a code typed days later.
const impatience: fc.Arbitrary<ReadonlyArray<Step>> = fc.array(fc.integer({ min: 81, max: 120 }), { minLength: 4, maxLength: 4 })
  .map((salts) => [
    ...salts.map((salt) => ({ intent: { t: "issue", id: 0, salt, code: "135790" } as Intent, elapsed: 60_000 })),
    { intent: { t: "verify", id: 0, right: true }, elapsed: 73 * HOUR },
  ])
const steps = fc.array(fc.oneof(
  { arbitrary: impatience, weight: 1 },
  { arbitrary: fc.record({ intent, elapsed }).map((step) => [step]), weight: 8 },
  { arbitrary: onboarding, weight: 2 },
  { arbitrary: activation, weight: 1 },
), { minLength: 5, maxLength: 30 })
  .map((chunks) => [{ intent: { t: "start" } as Intent, elapsed: 0 }, ...chunks.flat()])

const emailOf = (n: number) => `buzon${n}@kemper.mx`
const mobileOf = (n: number) => `55 1234 567${n}`

/** Issue, verify, remove and replace aim at a live contact (the n-th, cyclically), or at `c{n}` when there is none. */
const target = (state: MailboxState, n: number, unverifiedFirst = false): string => {
  const live = state.status === "unenrolled" ? [] : [...state.contacts.values()]
  const unverified = live.filter((contact) => contact.verifiedAt === undefined)
  const pool = (unverifiedFirst && unverified.length > 0 ? unverified : live).map((contact) => contact.contactId)
  return pool[n % Math.max(pool.length, 1)] ?? `c${n}`
}

/** Turns an intent into the command a user would send in `state`; `codes` remembers each salt's code. */
const commandOf = (intent: Intent, state: MailboxState, now: number, codes: Map<string, string>): MailboxCommand => {
  switch (intent.t) {
    case "start":
      return { _tag: "StartEnrollment", identity }
    case "register":
      return { _tag: "RegisterContact", identity, contactId: `c${intent.id}`, kind: intent.kind, address: (intent.kind === "email" ? emailOf : mobileOf)(intent.address) }
    case "replace": {
      const contactId = target(state, intent.id)
      const kind = state.status === "unenrolled" ? "email" : state.contacts.get(contactId)?.kind ?? "email"
      return { _tag: "ReplaceContact", identity, contactId, newContactId: `c${intent.newId + 5}`, address: (kind === "email" ? emailOf : mobileOf)(intent.address) }
    }
    case "issue": {
      const salt = `salt-${intent.salt}`
      const code = codes.get(salt) ?? intent.code
      codes.set(salt, code)
      return { _tag: "IssueVerificationCode", identity, contactId: target(state, intent.id, true), codeHash: hashVerificationCode(code, salt), salt }
    }
    case "verify": {
      const contactId = target(state, intent.id, true)
      const salt = state.status === "unenrolled" ? undefined : state.contacts.get(contactId)?.code?.salt
      const right = (salt !== undefined && codes.get(salt)) || "000000"
      return { _tag: "VerifyContact", identity, contactId, code: intent.right ? right : right === "999999" ? "999998" : "999999" }
    }
    case "remove":
      return { _tag: "RemoveContact", identity, contactId: target(state, intent.id) }
    case "sign": {
      const signer = moralFiel()
      const cadena = state.status === "unenrolled" ? "||nada||" : consentForMailbox(state, intent.version, calendar, now).cadenaOriginal
      const signature = signText(signer, intent.good ? cadena : `${cadena}x`)
      return { _tag: "SignConsent", identity, version: intent.version, signature, certificate: signer.certificateDer }
    }
  }
}

/** Runs a sequence, calling `check` before each decision; returns the history of what happened. */
const run = (sequence: ReadonlyArray<Step>, check: (state: MailboxState, command: MailboxCommand, now: number, history: ReadonlyArray<MailboxEvent>) => void) => {
  const codes = new Map<string, string>()
  let state = mailboxDecider.initialState
  let now = NOW
  const history: Array<MailboxEvent> = []
  for (const { intent: next, elapsed: dt } of sequence) {
    now += dt
    const command = commandOf(next, state, now, codes)
    check(state, command, now, history)
    const decision = mailboxDecider.decide(command, state, ctx(now))
    if (!isEvents(decision)) continue
    for (const event of decision) state = mailboxDecider.evolve(state, event)
    history.push(...decision)
  }
  return { state, history }
}

const counted = (state: Exclude<MailboxState, { status: "unenrolled" }>, kind: ContactKind) =>
  [...state.contacts.values()].filter((c) => c.kind === kind && !(c.replaces !== undefined && state.contacts.has(c.replaces))).length

describe("mailbox properties", () => {
  it("Equinox idempotency: once a successful command's events are folded in, the same command decides []", () =>
    fc.assert(fc.property(steps, (sequence) => {
      run(sequence, (_state, command, now, history) => {
        const first = mailboxDecider.decide(command, _state, ctx(now))
        // A wrong code is a failure fact (DOMAIN §2.2 counts it), the one documented exception.
        if (isEvents(first) && first.some((event) => event._tag === "VerificationCodeRejected")) return
        expectIdempotent(mailboxDecider, history, command, ctx(now))
      })
    }), { seed: 20_261_130, numRuns: 120 }))

  it("an active mailbox always has at least one verified email and one verified mobile (DOMAIN §2.4), within the limits", () =>
    fc.assert(fc.property(steps, (sequence) => {
      const check = (state: MailboxState) => {
        if (state.status === "unenrolled") return
        expect(counted(state, "email") <= CONTACT_LIMITS.email && counted(state, "mobile") <= CONTACT_LIMITS.mobile).toBe(true)
        if (state.status === "active")
          expect([verifiedContacts(state, "email").length >= 1, verifiedContacts(state, "mobile").length >= 1]).toEqual([true, true])
      }
      const { state } = run(sequence, (before) => check(before))
      check(state)
    }), { seed: 20_261_201, numRuns: 200 }))

  it("the generator reaches active mailboxes, every event and the refusals the invariant guards (so the properties are not vacuous)", () => {
    const seen = new Set<string>()
    fc.assert(fc.property(steps, (sequence) => {
      run(sequence, (state, command, now) => {
        const decision = mailboxDecider.decide(command, state, ctx(now))
        for (const tag of isEvents(decision) ? decision.map((event) => event._tag) : [decision._tag]) { seen.add(`${state.status}:${tag}`); seen.add(`any:${tag}`) }
      })
    }), { seed: 20_261_130, numRuns: 120 })
    const required = [
      "unenrolled:EnrollmentStarted", "enrolling:ContactRegistered", "enrolling:VerificationCodeIssued", "enrolling:VerificationCodeRejected",
      "enrolling:ContactVerified", "enrolling:ContactRemoved", "enrolling:ConsentSigned", "active:ContactRemoved", "active:ContactVerified",
      "active:MinimumContactsRequired", "enrolling:ContactsNotVerified", "any:CodeResendLimited", "any:ContactLimitReached",
      "any:ConsentSignatureInvalid", "any:CodeExpired", "any:DuplicateContact",
    ]
    expect(required.filter((key) => !seen.has(key))).toEqual([])
  })
})
