/**
 * The public routes: the timeline calculator (`GET /timeline`), the OpenAPI document and the docs
 * page. No credential is needed: the calculator only applies public law to the instants given.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { Router } from "express"
import { decodeInput } from "../edge/decode.js"
import { instantOf } from "../edge/instant.js"
import { json, route } from "../edge/reply.js"
import { TimelineQuery } from "../edge/schemas.js"
import { docsPage } from "../openapi/docsPage.js"
import { openApiDocument } from "../openapi/document.js"
import type { RouteContext } from "./context.js"

/**
 * Mounts the public routes.
 * @example publicRoutes(router, ctx, { development: false })
 * @since 0.1.0
 */
export const publicRoutes = (router: Router, ctx: RouteContext, options: { readonly development: boolean }): void => {
  const document = openApiDocument({ development: options.development })
  const page = docsPage(document)

  router.get("/timeline", route((req) => Effect.gen(function* () {
    const query = yield* decodeInput(TimelineQuery, { ...(req.query as Record<string, unknown>) })
    const deposited = yield* instantOf(query.deposited, "deposited")
    const opened = query.opened === undefined ? undefined : yield* instantOf(query.opened, "opened")
    return json(200, yield* ctx.backend.timeline(opened === undefined ? { deposited } : { deposited, opened }))
  })))

  router.get("/openapi.json", (_req, res) => {
    res.status(200).type("application/json").send(JSON.stringify(document))
  })

  router.get("/docs", (_req, res) => {
    res.status(200).type("text/html; charset=utf-8").send(page)
  })
}
