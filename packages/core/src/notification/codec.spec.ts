/** The two decodes of stored notification events: the validating one refuses, the stored one trusts. */
import { describe, expect, it } from "vitest"
import { notificationCodec, storedNotificationCodec } from "./codec.js"
import {
  ActDeposited, ActPublishedInEstrados, AvisoDelivered, AvisoDispatchAttempted, AvisoFailed, AvisoRetryScheduled, AvisoSent,
  NotificationMade, NotificationOpened, NotificationTookEffect,
} from "./events.js"
import type { NotificationEvent } from "./events.js"

const at = Date.UTC(2026, 2, 11, 15, 30)
const versions = { calendarVersion: "cff-2026.1", ruleSetVersion: "2026.1" }
const email = { channel: "email", to: "pagos@kemper.mx" } as const
const every: ReadonlyArray<NotificationEvent> = [
  new ActDeposited({ notificationId: "n1", idempotencyKey: "IMSS-1", rfc: "EKU9003173C9", actType: "oficio", reference: "OF-1", contentSha256: "5".repeat(64), issuingUnit: "Centro", depositedAt: at, avisoDueAt: at, ...versions }),
  new ActPublishedInEstrados({ notificationId: "n1", reason: "no-verified-contacts", publishedAt: at, lastPublicationDay: "2026-03-25", notifiedAt: at, ...versions }),
  new AvisoDispatchAttempted({ notificationId: "n1", attempt: 1, dispatchedAt: at, targets: [email] }),
  new AvisoSent({ notificationId: "n1", attempt: 1, channel: "email", to: email.to, providerId: "prov-1", acceptedAt: at }),
  new AvisoFailed({ notificationId: "n1", attempt: 1, channel: "sms", to: "+525512345678", reason: "bounced", retryable: true, fallbackChannel: null }),
  new AvisoRetryScheduled({ notificationId: "n1", attempt: 1, retryAt: at + 900_000, backoffMs: 900_000 }),
  new AvisoDelivered({ notificationId: "n1", attempt: 2, avisoAt: at, addresses: [email], openUntil: "2026-03-13", deemableAt: at, ...versions }),
  new NotificationOpened({ notificationId: "n1", rfc: "EKU9003173C9", certificateNumber: "30001000000500003416", representativeRfc: null, authenticatedAt: at, countsAsMadeAt: at, contentSha256: "5".repeat(64), certificateDer: "MII=", signature: "c2ln", ...versions }),
  new NotificationMade({ notificationId: "n1", basis: "opened", madeAt: at, madeOn: "2026-03-11", ...versions }),
  new NotificationTookEffect({ notificationId: "n1", effectiveOn: "2026-03-12", plazos: [{ name: "revocacion", days: 30, purpose: "recurso", endsOn: "2026-04-24", endsAt: at, basis: "CFF art. 121" }], ...versions }),
]
/** What a store gives back: the encoded row after a JSON round trip. */
const stored = (event: NotificationEvent) => {
  const { type, data } = notificationCodec.encode(event)
  return { type, data: JSON.parse(JSON.stringify(data)) }
}

describe("notificationCodec and storedNotificationCodec", () => {
  it("give back every event, equal and of its class, from its stored row", () => {
    for (const event of every) {
      const { type, data } = stored(event)
      for (const decoded of [notificationCodec.decode(type, data), storedNotificationCodec.decode(type, data)]) {
        expect(decoded).toStrictEqual(event)
        expect(Object.keys(decoded)).toEqual(Object.keys(event))
        expect(Object.getPrototypeOf(decoded)).toBe(Object.getPrototypeOf(event))
      }
    }
  })

  it("encodes the fields but the tag, as the schema would", () => {
    expect(notificationCodec.encode(every[5]!)).toEqual({ type: "AvisoRetryScheduled", data: { notificationId: "n1", attempt: 1, retryAt: at + 900_000, backoffMs: 900_000 } })
  })

  it("validating: refuses a wrong type, a missing field, a foreign literal, a non-record and an unknown event", () => {
    const { data } = stored(every[0]!)
    expect(() => notificationCodec.decode("ActDeposited", { ...data, depositedAt: "yesterday" })).toThrow()
    expect(() => notificationCodec.decode("ActDeposited", { ...data, rfc: undefined })).toThrow()
    expect(() => notificationCodec.decode("ActDeposited", { ...data, actType: "memo" })).toThrow()
    expect(() => notificationCodec.decode("AvisoDelivered", { ...stored(every[6]!).data, addresses: [{ channel: "fax", to: "1" }] })).toThrow()
    expect(() => notificationCodec.decode("ActDeposited", "ActDeposited")).toThrow()
    expect(() => notificationCodec.decode("ActDeposited", null)).toThrow()
    expect(() => notificationCodec.decode("ActDeleted", data)).toThrow()
  })

  it("both drop undeclared keys; the stored one still refuses an unknown event", () => {
    const { type, data } = stored(every[0]!)
    expect(notificationCodec.decode(type, { ...data, extra: 1 })).toStrictEqual(every[0])
    expect(storedNotificationCodec.decode(type, { ...data, extra: 1 })).toStrictEqual(every[0])
    expect(() => storedNotificationCodec.decode("ActDeleted", data)).toThrow()
  })
})
