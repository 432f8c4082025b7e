/**
 * Plazos and timelines as the API writes them: one shape wherever they appear (inbox, acuse, public
 * calculator) — a list of `{ name, days, purpose, endsOn, endsAt, basis }`, instants as ISO 8601 UTC.
 *
 * @since 0.1.0
 */
import type { Json, Plazos, Timeline } from "@buzon/core"
import { isoOf } from "./context.js"

/** A plazo as the API shows it. @since 0.1.0 */
export interface PlazoView {
  readonly name: string
  readonly days: number
  readonly purpose: string
  readonly endsOn: string
  readonly endsAt: string
  readonly basis: string
}

/**
 * The plazo list from what the core recorded (a list with names) or computed (a record by name).
 * @example plazoList([{ name: "aclaracion", days: 5, purpose: "procedural", endsOn: "2026-12-08", endsAt: 1796795999999, basis: "LSS art. 39-D" }])
 * // => [{ name: "aclaracion", days: 5, purpose: "procedural", endsOn: "2026-12-08", endsAt: "2026-12-09T05:59:59.999Z", basis: "LSS art. 39-D" }]
 * @since 0.1.0
 */
export const plazoList = (
  plazos: ReadonlyArray<{ readonly name: string; readonly days: number; readonly purpose: string; readonly endsOn: string; readonly endsAt: number; readonly basis: string }> | Plazos,
): ReadonlyArray<PlazoView> => {
  const named = Array.isArray(plazos) ? plazos : Object.entries(plazos as Plazos).map(([name, p]) => ({ ...p, name }))
  return named.map((p) => ({ name: p.name, days: p.days, purpose: p.purpose, endsOn: p.endsOn, endsAt: isoOf(p.endsAt), basis: p.basis }))
}

/**
 * A computed timeline as `GET /timeline` answers it.
 * @example timelineView(timeline({ deposited, calendar })).effectiveOn // => "2026-03-19"
 * @since 0.1.0
 */
export const timelineView = (t: Timeline): Json => ({
  deposited: isoOf(t.deposited),
  ...(t.opened === undefined ? {} : { opened: isoOf(t.opened) }),
  zone: t.zone,
  avisoAt: isoOf(t.avisoAt),
  openUntil: t.openUntil,
  deemedAt: isoOf(t.deemedAt),
  basis: t.basis,
  madeAt: isoOf(t.madeAt),
  madeOn: t.madeOn,
  effectiveOn: t.effectiveOn,
  plazos: plazoList(t.plazos) as unknown as Json,
  ruleSetVersion: t.ruleSetVersion,
  calendarVersion: t.calendarVersion,
})
