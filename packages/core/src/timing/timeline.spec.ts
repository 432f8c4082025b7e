import { describe, expect, it } from "vitest"
import { makeCalendar, type Closure } from "../calendar/calendar.js"
import { deemedAt, effectiveOn, madeAtOnOpening, openUntil } from "./notified.js"
import { plazos } from "./plazos.js"
import { OpeningBeforeDeposit, timeline } from "./timeline.js"

const at = (iso: string): number => Date.parse(iso)
const holyWeek: Closure = { from: "2026-04-02", to: "2026-04-03", kind: "closure", source: "test: Jueves y Viernes Santo 2026", publishedOn: "2026-01-05" }
const summer: Closure = { from: "2026-07-13", to: "2026-07-24", kind: "vacation", source: "test: primer periodo vacacional 2026", publishedOn: "2026-01-05" }
const cal2026 = makeCalendar({ closures: [holyWeek] })
const versions = { ruleSetVersion: cal2026.ruleSetVersion, calendarVersion: cal2026.version }
const endOf = (day: string): number => at(`${day}T23:59:59.999-06:00`)

describe("DOMAIN §3 worked example: aviso Wed 2026-03-11, never opened", () => {
  const deposited = at("2026-03-11T10:00:00-06:00")

  it("gives the whole timeline with the basis and versions of each date", () =>
    expect(timeline({ deposited, calendar: cal2026 })).toEqual({
      deposited, zone: "America/Mexico_City", avisoAt: deposited, openUntil: "2026-03-17",
      deemedAt: at("2026-03-18T09:30:00-06:00"), basis: "deemed", madeAt: at("2026-03-18T09:30:00-06:00"), madeOn: "2026-03-18",
      effectiveOn: "2026-03-19", ...versions,
      plazos: {
        aclaracion: { days: 5, purpose: "procedural", endsOn: "2026-03-26", endsAt: endOf("2026-03-26"), basis: "LSS art. 39-D; CFF art. 12; RCFF art. 7", ...versions },
        pagoCedula: { days: 15, purpose: "payment", endsOn: "2026-04-13", endsAt: endOf("2026-04-13"), basis: "LSS art. 39-C; RACERF arts. 3 and 127; CFF art. 12 paras. 2 and 5", ...versions },
        inconformidad: { days: 15, purpose: "procedural", endsOn: "2026-04-13", endsAt: endOf("2026-04-13"), basis: "Reglamento del Recurso de Inconformidad art. 6; CFF art. 12", ...versions },
        nulidad: { days: 30, purpose: "procedural", endsOn: "2026-05-06", endsAt: endOf("2026-05-06"), basis: "LFPCA art. 13 fr. I a); CFF art. 12", ...versions },
      },
    }))

  it("the single-step functions agree", () => {
    expect(openUntil(cal2026, deposited)).toBe("2026-03-17")
    expect(deemedAt(cal2026, deposited)).toBe(at("2026-03-18T09:30:00-06:00"))
    expect(effectiveOn(cal2026, at("2026-03-18T09:30:00-06:00"))).toBe("2026-03-19")
    expect(plazos(cal2026, "2026-03-19")).toEqual(timeline({ deposited, calendar: cal2026 }).plazos)
  })
})

describe("DOMAIN §4: payment plazos count vacations and move off Fridays", () => {
  const cal = makeCalendar({ closures: [summer] })
  it("deposited Mon 2026-06-15: inconformidad ends Mon 27 Jul, the cédula is due Mon 13 Jul", () => {
    const t = timeline({ deposited: at("2026-06-15T12:00:00-06:00"), calendar: cal })
    expect([t.effectiveOn, t.plazos.inconformidad.endsOn, t.plazos.pagoCedula.endsOn]).toEqual(["2026-06-22", "2026-07-27", "2026-07-13"])
  })
  it("deposited Fri 2026-06-12: the 15th payment day is Fri 10 Jul, so payment is due Mon 13 Jul", () => {
    const t = timeline({ deposited: at("2026-06-12T12:00:00-06:00"), calendar: cal })
    expect([t.effectiveOn, t.plazos.inconformidad.endsOn, t.plazos.pagoCedula.endsOn]).toEqual(["2026-06-19", "2026-07-10", "2026-07-13"])
  })
})

describe("openings (DOMAIN §3.4–3.5); aviso Wed 11 10:00, deemed Wed 18 09:30", () => {
  const deposited = at("2026-03-11T10:00:00-06:00")
  const deemed = at("2026-03-18T09:30:00-06:00")
  const made = (opened: string) => {
    const t = timeline({ deposited, opened: at(opened), calendar: cal2026 })
    return { basis: t.basis, madeAt: t.madeAt, effectiveOn: t.effectiveOn, opened: t.opened }
  }
  it.each([
    ["inside a window: made at that instant", "2026-03-12T11:00:00-06:00", "opened", "2026-03-12T11:00:00-06:00", "2026-03-13"],
    ["09:30 on day 3: at that instant", "2026-03-17T09:30:00-06:00", "opened", "2026-03-17T09:30:00-06:00", "2026-03-18"],
    ["08:00 on day 3: Wednesday 09:30, not Tuesday (non-monotonic)", "2026-03-17T08:00:00-06:00", "opened", "2026-03-18T09:30:00-06:00", "2026-03-19"],
    ["23:00 on day 3: counts exactly at the deemed instant, keeps opened", "2026-03-17T23:00:00-06:00", "opened", "2026-03-18T09:30:00-06:00", "2026-03-19"],
    ["on a Saturday: 09:30 of the next business day (Tue, Mon 16 is a holiday)", "2026-03-14T12:00:00-06:00", "opened", "2026-03-17T09:30:00-06:00", "2026-03-18"],
    ["on the holiday itself", "2026-03-16T10:00:00-06:00", "opened", "2026-03-17T09:30:00-06:00", "2026-03-18"],
    ["at 18:00 (00:00 UTC) on day 1", "2026-03-13T00:00:00Z", "opened", "2026-03-13T09:30:00-06:00", "2026-03-17"],
    ["08:00 on day 4: would count Thursday, so it is deemed", "2026-03-18T08:00:00-06:00", "deemed", "2026-03-18T09:30:00-06:00", "2026-03-19"],
    ["at the deemed instant: changes nothing", "2026-03-18T09:30:00-06:00", "deemed", "2026-03-18T09:30:00-06:00", "2026-03-19"],
    ["long after: changes nothing", "2026-04-20T11:00:00-06:00", "deemed", "2026-03-18T09:30:00-06:00", "2026-03-19"],
  ])("%s", (_, opened, basis, madeAt, effective) =>
    expect(made(opened)).toEqual({ basis, madeAt: at(madeAt), effectiveOn: effective, opened: at(opened) }))

  it("madeAtOnOpening is not capped by the deemed instant", () =>
    expect(madeAtOnOpening(cal2026, at("2026-03-18T08:00:00-06:00"))).toBe(at("2026-03-19T09:30:00-06:00")))
  it("deemed is the 4th business day", () => expect(timeline({ deposited, calendar: cal2026 }).deemedAt).toBe(deemed))
})

describe("openings before the aviso ([D]: like any other opening)", () => {
  const deposited = at("2026-03-10T19:00:00-06:00") // aviso Wed 11 09:30
  it("the evening of the deposit counts at 09:30 the next business day, the aviso's instant", () => {
    const t = timeline({ deposited, opened: at("2026-03-10T20:00:00-06:00"), calendar: cal2026 })
    expect([t.avisoAt, t.basis, t.madeAt, t.effectiveOn]).toEqual([at("2026-03-11T09:30:00-06:00"), "opened", at("2026-03-11T09:30:00-06:00"), "2026-03-12"])
  })
  it("early the aviso's morning counts the day after (RCFF art. 11 read literally)", () => {
    const t = timeline({ deposited, opened: at("2026-03-11T07:00:00-06:00"), calendar: cal2026 })
    expect([t.basis, t.madeAt, t.effectiveOn]).toEqual(["opened", at("2026-03-12T09:30:00-06:00"), "2026-03-13"])
  })
  it("an opening before the deposit is refused", () =>
    expect(() => timeline({ deposited, opened: deposited - 1, calendar: cal2026 })).toThrow(new OpeningBeforeDeposit({ deposited, opened: deposited - 1 })))
})

describe("legal zone (RMF regla 2.9.4; [D] DOMAIN §3.8)", () => {
  const deposited = at("2026-01-14T18:30:00-06:00") // 17:30 in Ciudad Juárez (UTC−7 in winter)
  it("authority zone: outside the window, aviso Thursday 09:30 Mexico City", () => {
    const t = timeline({ deposited, calendar: cal2026 })
    expect([t.zone, t.avisoAt, t.openUntil]).toEqual(["America/Mexico_City", at("2026-01-15T09:30:00-06:00"), "2026-01-20"])
  })
  it("domicile zone: inside the window there, aviso at the deposit; days counted in Juárez", () => {
    const t = timeline({ deposited, calendar: cal2026, legalZone: { domicile: "America/Ciudad_Juarez" } })
    const juarez = makeCalendar({ closures: [holyWeek], zone: "America/Ciudad_Juarez" })
    expect([t.zone, t.avisoAt, t.openUntil, t.deemedAt, t.calendarVersion]).toEqual([
      "America/Ciudad_Juarez", deposited, "2026-01-19", at("2026-01-20T09:30:00-07:00"), juarez.version,
    ])
    expect(t.plazos.aclaracion.endsAt).toBe(at(`${t.plazos.aclaracion.endsOn}T23:59:59.999-07:00`))
  })
})
