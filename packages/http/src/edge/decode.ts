/**
 * Decoding at the edge: unknown input (a body, a query, path parameters) becomes a typed value or a
 * `RequestInvalid` refusal naming where and why. Extra properties are refused, so a typo in a
 * field name is an error rather than a silently ignored field.
 *
 * @since 0.1.0
 */
import { Effect, Result, Schema } from "effect"
import { RequestInvalid } from "./refusals.js"

const decoders = new WeakMap<object, (input: unknown, options: { readonly onExcessProperty: "error"; readonly errors: "all" }) => Result.Result<unknown, { readonly message: string }>>()

/**
 * Decodes `input` with `schema`, failing with `RequestInvalid`.
 * @example Effect.runSync(Effect.result(decodeInput(VerificationRequest, { code: "12" }))) // => Failure(RequestInvalid)
 * @since 0.1.0
 */
export const decodeInput = <S extends Schema.Decoder<unknown>>(schema: S, input: unknown): Effect.Effect<S["Type"], RequestInvalid> => {
  let decode = decoders.get(schema) // a decoder is built once per schema and reused (STYLE.md: "built once, used at the edges")
  if (decode === undefined) decoders.set(schema, (decode = Schema.decodeUnknownResult(schema) as never))
  const result = decode(input, { onExcessProperty: "error", errors: "all" }) as Result.Result<S["Type"], { readonly message: string }>
  return Result.isFailure(result)
    ? Effect.fail(new RequestInvalid({ issues: result.failure.message.slice(0, 1_000) }))
    : Effect.succeed(result.success)
}
