/**
 * The OpenAPI 3.1 document, generated from the route catalogue and the request schemas
 * (`Schema.toJsonSchemaDocument`), and the problem table for the error answers.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { problemTable } from "../edge/problems.js"
import { catalogue } from "./catalogue.js"
import type { RouteSpec } from "./catalogue.js"

const problemResponse = (tags: ReadonlyArray<string>) => ({
  description: `Problem details (RFC 9457). Types: ${tags.map((t) => `/problems/${t}`).join(", ")}`,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
})

const security = (route: RouteSpec) =>
  route.audience === "employer" ? [{ session: [] }]
  : route.audience === "operator" ? [{ operator: [] }]
  : route.audience === "employer-or-operator" ? [{ session: [] }, { operator: [] }]
  : []

const operation = (route: RouteSpec) => {
  const table = problemTable()
  const generic = ["RequestInvalid", "MalformedJson", "Unauthenticated", "TokenInvalid", "TokenExpired", "BodyTooLarge", "UnsupportedMediaType"]
  const byStatus = new Map<number, Array<string>>()
  for (const tag of [...generic, ...route.problems]) {
    const status = table[tag]?.status ?? 400
    byStatus.set(status, [...(byStatus.get(status) ?? []), tag])
  }
  const params = [
    ...[...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } })),
    ...(route.query ?? []).map((q) => ({ name: q.name, in: "query", required: q.required, description: q.description, schema: { type: "string" } })),
    ...(route.headers ?? []).map((h) => ({ name: h.name, in: "header", required: h.required, description: h.description, schema: { type: "string" } })),
  ]
  return {
    summary: route.summary,
    tags: [route.audience],
    security: security(route),
    ...(params.length === 0 ? {} : { parameters: params }),
    ...(route.body === undefined ? {} : { requestBody: { required: true, content: { "application/json": { schema: Schema.toJsonSchemaDocument(route.body).schema } } } }),
    responses: {
      [String(route.success.status)]: { description: route.success.description },
      ...Object.fromEntries([...byStatus].map(([status, tags]) => [String(status), problemResponse(tags)])),
      "500": { description: "A defect on our side, without internals", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } },
    },
  }
}

/**
 * The document; development routes are listed only in development mode.
 * @example openApiDocument({ development: false }).openapi // => "3.1.0"
 * @since 0.1.0
 */
export const openApiDocument = (options: { readonly development: boolean }) => {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of catalogue) {
    if (route.audience === "development" && !options.development) continue
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route) }
  }
  return {
    openapi: "3.1.0",
    info: { title: "Buzón IMSS API", version: "0.1.0", description: "The electronic notification mailbox of Mexico's IMSS: enrollment with e.firma, contacts, consent, notifications, acuses and evidence." },
    paths,
    components: {
      securitySchemes: {
        session: { type: "http", scheme: "bearer", description: "The token from POST /auth/session (e.firma challenge login), short-lived" },
        operator: { type: "http", scheme: "bearer", description: "The institute operator token (BUZON_OPERATOR_TOKEN)" },
      },
      schemas: {
        Problem: {
          type: "object", required: ["type", "title", "status", "detail"],
          properties: { type: { type: "string" }, title: { type: "string" }, status: { type: "integer" }, detail: { type: "string" }, instance: { type: "string" } },
        },
      },
    },
    "x-problems": Object.fromEntries(Object.entries(problemTable()).map(([tag, row]) => [`/problems/${tag}`, row])),
  }
}
