// DOMAIN §3 worked example: an act deposited Wed 2026-03-11 10:00 (Mexico City) and never opened.
import { makeCalendar, timeline } from "@buzon/core"

// Published closures are data with provenance; `knownOn` would ignore those published later.
const calendar = makeCalendar({
  closures: [{ from: "2026-04-02", to: "2026-04-03", kind: "closure", source: "Jueves y Viernes Santo 2026", publishedOn: "2026-01-05" }],
})
const t = timeline({ deposited: Date.parse("2026-03-11T10:00:00-06:00"), calendar })
const local = (ms: number) => new Date(ms).toLocaleString("sv-SE", { timeZone: t.zone }).slice(0, 16) // "YYYY-MM-DD hh:mm"

console.log(`aviso          ${local(t.avisoAt)}`) // inside the 09:30–18:00 window: at once
console.log(`open until     ${t.openUntil}`) // day 3 (Mon 16 Mar is a holiday)
console.log(`made           ${local(t.madeAt)} (${t.basis})`) // 09:30 of the 4th business day, CFF art. 134 fr. I
console.log(`takes effect   ${t.effectiveOn}`) // the next business day, CFF art. 135
for (const [name, plazo] of Object.entries(t.plazos)) // RCFF art. 7: counted from the day after the effect
  console.log(`${name.padEnd(14)} ${plazo.endsOn} (${plazo.days} ${plazo.purpose} days; ${plazo.basis})`)
console.log(`versions       ${t.ruleSetVersion} / ${t.calendarVersion}`)
