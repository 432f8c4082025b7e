/**
 * How notification events are stored, and the two ways back from storage. `type` is the event's tag,
 * `data` its other fields as JSON; every field's JSON form is its value (strings, numbers, literals,
 * null, arrays of plain records), so encoding is a copy and a class constructor can check a stored row.
 *
 * What is trusted: {@link notificationCodec} trusts nothing, and is the one for input from outside the
 * process (an evidence bundle, HTTP, a store another program wrote): it refuses a row that does not
 * match its event's schema. {@link storedNotificationCodec} trusts rows that this codec's `encode`
 * wrote into one of our own stores, which is what a read model rebuilt from `readAll` folds a million
 * times (issue #5): it copies the declared fields onto the event class without checking them.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { EventCodec } from "../app/decider.js"
import type { Json } from "../eventstore/EventStore.js"
import {
  ActDeposited, ActPublishedInEstrados, AvisoDelivered, AvisoDispatchAttempted, AvisoFailed, AvisoRetryScheduled, AvisoSent,
  NotificationEvent, NotificationMade, NotificationOpened, NotificationTookEffect,
} from "./events.js"

const classes = {
  ActDeposited, ActPublishedInEstrados, AvisoDispatchAttempted, AvisoSent, AvisoFailed, AvisoRetryScheduled, AvisoDelivered,
  NotificationOpened, NotificationMade, NotificationTookEffect,
} as const
type Tag = keyof typeof classes
const isTag = (type: string): type is Tag => Object.hasOwn(classes, type)
/** Each event's declared fields but `_tag`, in declaration order (the order the constructor gives them). */
const fieldsOf: Readonly<Record<string, ReadonlyArray<string>>> = Object.fromEntries(
  Object.entries(classes).map(([tag, event]) => [tag, Object.keys(event.fields).filter((key) => key !== "_tag")]),
)

// An unknown type goes through the union's decoder, which refuses it with the schema's own message.
const decodeUnknownType = Schema.decodeUnknownSync(NotificationEvent)

/**
 * The validating codec: `decode` builds the event with its class constructor, which checks every
 * field's type and shape and drops undeclared keys, and throws on a row that does not match (a corrupt
 * or foreign history, not a user's mistake). About 4× cheaper than a schema decode of the union.
 * @example notificationCodec.encode(deposited).type // => "ActDeposited"
 * @example notificationCodec.decode("ActDeposited", { notificationId: 7 }) // throws: the fields do not match
 * @since 0.1.0
 */
export const notificationCodec: EventCodec<NotificationEvent> = {
  encode: (event) => {
    const { _tag, ...data } = event // a copy: the fields' JSON forms are their values (see the module note)
    return { type: _tag, data: data as { readonly [key: string]: Json } }
  },
  decode: (type, data) => {
    if (!isTag(type)) return decodeUnknownType({ ...(data as object), _tag: type })
    return new classes[type](data as never) as NotificationEvent
  },
}

/**
 * The codec for rows read back from our own store, which {@link notificationCodec} encoded: `decode`
 * copies the declared fields (absent optional ones stay absent, undeclared keys are dropped) onto an
 * instance of the event's class without checking their types, about 8× cheaper than the validating
 * decode. Use it only where the store is ours (read models rebuilt or followed from `readAll`); an
 * unknown type is still refused.
 * @example storedNotificationCodec.decode("ActDeposited", row.data) // => an ActDeposited, equal to notificationCodec's
 * @since 0.1.0
 */
export const storedNotificationCodec: EventCodec<NotificationEvent> = {
  encode: notificationCodec.encode,
  decode: (type, data) => {
    if (!isTag(type)) return decodeUnknownType({ ...(data as object), _tag: type })
    const row = data as { readonly [key: string]: Json | undefined }
    const event: Record<string, Json> = Object.create(classes[type].prototype)
    event["_tag"] = type
    for (const key of fieldsOf[type]!) {
      const value = row[key]
      if (value !== undefined) event[key] = value
    }
    return event as unknown as NotificationEvent
  },
}
