/**
 * `buzon timeline --deposited ISO [--opened ISO] [--closures FILE] [--zone ZONE] [--domicile ZONE] [--json]`:
 * the notification timeline of DOMAIN §3 with its plazos (§4) and the legal basis of each date.
 *
 * @since 0.1.0
 */
import { type Calendar, makeCalendar, type Plazo, type Timeline, timeline } from "@buzon/core"
import type { Command } from "commander"
import { DateTime } from "luxon"
import { BadInput, closuresFile, instantArg, zoneArg } from "../input.js"
import type { CliIo } from "../io.js"
import { renderTable } from "../table.js"
import { calendarNote, CLOSURES_HELP } from "../calendarNote.js"

interface TimelineFlags {
  readonly deposited: string
  readonly opened?: string
  readonly closures?: string
  readonly zone: string
  readonly domicile?: string
  readonly json?: boolean
}

const isoInstant = (t: number, zone: string): string => DateTime.fromMillis(t, { zone }).toISO() as string
const human = (t: number, zone: string): string => DateTime.fromMillis(t, { zone }).toFormat("yyyy-MM-dd HH:mm (ccc)")
const humanDay = (day: string): string => DateTime.fromISO(day).toFormat("yyyy-MM-dd (ccc)")

/** The JSON document of a timeline: instants as ISO-8601 in the legal zone, days as `YYYY-MM-DD`. @since 0.1.0 */
export const timelineJson = (t: Timeline) => ({
  deposited: isoInstant(t.deposited, t.zone),
  ...(t.opened === undefined ? {} : { opened: isoInstant(t.opened, t.zone) }),
  avisoAt: isoInstant(t.avisoAt, t.zone),
  openUntil: t.openUntil,
  deemedAt: isoInstant(t.deemedAt, t.zone),
  basis: t.basis,
  madeAt: isoInstant(t.madeAt, t.zone),
  effectiveOn: t.effectiveOn,
  plazos: { aclaracion: t.plazos.aclaracion.endsOn, pagoCedula: t.plazos.pagoCedula.endsOn, inconformidad: t.plazos.inconformidad.endsOn, nulidad: t.plazos.nulidad.endsOn },
  plazosBasis: { aclaracion: t.plazos.aclaracion.basis, pagoCedula: t.plazos.pagoCedula.basis, inconformidad: t.plazos.inconformidad.basis, nulidad: t.plazos.nulidad.basis },
  zone: t.zone,
  ruleSetVersion: t.ruleSetVersion,
  calendarVersion: t.calendarVersion,
})

const plazoRow = (name: string, p: Plazo): ReadonlyArray<string> =>
  [name, humanDay(p.endsOn), `${p.days} ${p.purpose} business days; ${p.basis}`]

/**
 * The human table of a timeline, ending with the zone, the versions and the closures the calendar knew.
 * @since 0.1.0
 */
export const timelineTable = (t: Timeline, calendar: Calendar): string => {
  const made = t.basis === "opened"
    ? "opened: inside a window at that instant, else 09:30 of the next business day (RCFF art. 11; RMF regla 2.9.2)"
    : "not opened by day 3: deemed at 09:30 of the 4th business day (CFF art. 134 fr. I; RMF regla 2.9.2)"
  const rows = [
    ["step", "date", "legal basis"],
    ["deposited", human(t.deposited, t.zone), "DOMAIN §3.1"],
    ...(t.opened === undefined ? [] : [["opened", human(t.opened, t.zone), "acuse de recibo (CFF art. 134 fr. I)"]]),
    ["aviso", human(t.avisoAt, t.zone), "next instant of a window, business days 09:30–18:00 (RMF regla 2.9.2)"],
    ["open until", humanDay(t.openUntil), "3 business days from the day after the aviso (CFF arts. 12, 134 fr. I)"],
    [`made (${t.basis})`, human(t.madeAt, t.zone), made],
    ["takes effect", humanDay(t.effectiveOn), "the business day after it is made (CFF art. 135)"],
    plazoRow("aclaración", t.plazos.aclaracion),
    plazoRow("pago de cédula", t.plazos.pagoCedula),
    plazoRow("inconformidad", t.plazos.inconformidad),
    plazoRow("nulidad", t.plazos.nulidad),
  ]
  const note = calendarNote({ version: t.calendarVersion, closures: calendar.closures })
  return `${renderTable(rows)}\nzone ${t.zone}; rule set ${t.ruleSetVersion}; plazos end at 23:59:59.999 local\n${note}`
}

/** Adds the `timeline` command. @since 0.1.0 */
export const registerTimeline = (program: Command, io: CliIo): void => {
  program
    .command("timeline")
    .description("the aviso, notification, effect and plazos of an act (DOMAIN §3–4)")
    .requiredOption("--deposited <iso>", "when the act was deposited (ISO-8601; no offset = wall time in --zone)")
    .option("--opened <iso>", "when the patrón opened it, if so")
    .option("--closures <file>", CLOSURES_HELP)
    .option("--zone <zone>", "the authority zone", "America/Mexico_City")
    .option("--domicile <zone>", "count days and hours in the patrón's domicile zone (RMF regla 2.9.4)")
    .option("--json", "print one JSON object")
    .action((flags: TimelineFlags) => {
      const zone = zoneArg(flags.zone, "--zone")
      const domicile = flags.domicile === undefined ? undefined : zoneArg(flags.domicile, "--domicile")
      const calendar: Calendar = makeCalendar({ closures: closuresFile(flags.closures, io.readFile), zone })
      const inputZone = domicile ?? zone
      const deposited = instantArg(flags.deposited, "--deposited", inputZone)
      const opened = flags.opened === undefined ? undefined : instantArg(flags.opened, "--opened", inputZone)
      if (opened !== undefined && opened < deposited)
        throw new BadInput({ reason: `--opened: "${flags.opened}" is before --deposited "${flags.deposited}": an act cannot be opened before it is deposited` })
      const t = timeline({ deposited, calendar, ...(opened === undefined ? {} : { opened }), ...(domicile === undefined ? {} : { legalZone: { domicile } }) })
      io.stdout(flags.json === true ? JSON.stringify(timelineJson(t)) : timelineTable(t, calendar))
    })
}
