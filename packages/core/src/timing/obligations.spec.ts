import { describe, expect, it } from "vitest"
import { makeCalendar } from "../calendar/calendar.js"
import { estrados } from "./estrados.js"
import { obligations } from "./obligations.js"
import { paymentDueOn } from "./plazos.js"

const at = (iso: string): number => Date.parse(iso)

describe("obligations calendar (DOMAIN §6)", () => {
  it("2026: the 17th, moved off weekends, holidays and Fridays", () => {
    const cal = makeCalendar()
    const v = { ruleSetVersion: cal.ruleSetVersion, calendarVersion: cal.version }
    const cop = (period: string, nominalOn: string, dueOn: string) => ({ obligation: "cop", period, nominalOn, dueOn, basis: "LSS art. 39; RACERF art. 3; CFF art. 12", ...v })
    const rcv = (period: string, nominalOn: string, dueOn: string) => ({ obligation: "rcv-infonavit", period, nominalOn, dueOn, basis: "LSS art. 39; LINFONAVIT art. 35; RACERF art. 3; CFF art. 12", ...v })
    expect(obligations(cal, 2026)).toEqual([
      cop("2025-12", "2026-01-17", "2026-01-19"), rcv("2025-B6", "2026-01-17", "2026-01-19"),
      cop("2026-01", "2026-02-17", "2026-02-17"),
      cop("2026-02", "2026-03-17", "2026-03-17"), rcv("2026-B1", "2026-03-17", "2026-03-17"),
      cop("2026-03", "2026-04-17", "2026-04-20"),
      cop("2026-04", "2026-05-17", "2026-05-18"), rcv("2026-B2", "2026-05-17", "2026-05-18"),
      cop("2026-05", "2026-06-17", "2026-06-17"),
      cop("2026-06", "2026-07-17", "2026-07-20"), rcv("2026-B3", "2026-07-17", "2026-07-20"),
      cop("2026-07", "2026-08-17", "2026-08-17"),
      cop("2026-08", "2026-09-17", "2026-09-17"), rcv("2026-B4", "2026-09-17", "2026-09-17"),
      cop("2026-09", "2026-10-17", "2026-10-19"),
      cop("2026-10", "2026-11-17", "2026-11-17"), rcv("2026-B5", "2026-11-17", "2026-11-17"),
      cop("2026-11", "2026-12-17", "2026-12-17"),
    ])
  })

  it("vacations do not move a due date; closures do, and a Friday reached that way moves again", () => {
    const cal = makeCalendar({ closures: [
      { from: "2026-07-13", to: "2026-07-24", kind: "vacation", source: "test", publishedOn: "2026-01-05" },
      { from: "2026-09-17", to: "2026-09-17", kind: "closure", source: "test", publishedOn: "2026-01-05" },
    ] })
    expect(obligations(cal, 2026).filter((o) => o.obligation === "cop").map((o) => o.dueOn).slice(6, 9)).toEqual(["2026-07-20", "2026-08-17", "2026-09-21"])
    expect(paymentDueOn(cal, "2026-07-17")).toBe("2026-07-20")
  })
})

describe("estrados (CFF art. 139)", () => {
  it("published Mon 2 Mar 2026: 10 days of publication, notified on the 11th, effect the next business day", () => {
    const cal = makeCalendar()
    const t = estrados(cal, at("2026-03-02T12:00:00-06:00"))
    expect({ ...t, plazos: t.plazos.aclaracion.endsOn }).toEqual({
      publishedAt: at("2026-03-02T12:00:00-06:00"), publishedOn: "2026-03-02", publishedUntil: "2026-03-17", notifiedOn: "2026-03-18",
      effectiveOn: "2026-03-19", plazos: "2026-03-26", basis: "LSS art. 286 M; CFF arts. 134 fr. III, 135 and 139",
      ruleSetVersion: cal.ruleSetVersion, calendarVersion: cal.version,
    })
  })
  it("published on a Saturday: days count from the next business day; the Holy Week closure is skipped", () => {
    const cal = makeCalendar({ closures: [{ from: "2026-04-02", to: "2026-04-03", kind: "closure", source: "test", publishedOn: "2026-01-05" }] })
    const t = estrados(cal, at("2026-03-21T11:00:00-06:00"))
    expect([t.publishedOn, t.publishedUntil, t.notifiedOn, t.effectiveOn]).toEqual(["2026-03-21", "2026-04-07", "2026-04-08", "2026-04-09"]) // 23–27 Mar (5), 30 Mar–1 Apr (8), 6–8 Apr (11)
  })
})
