/**
 * The package READMEs quote the runnable examples rather than carry code nobody runs (STYLE.md §9):
 * a fenced block under `<!-- quote: examples/<file>.ts -->` is the whole file, and under
 * `<!-- quote: examples/<file>.ts#<name> -->` the lines between `// #region <name>` and
 * `// #endregion <name>` (after Emmett's docs). Each README must hold exactly the quotes listed here,
 * each equal to the file's current text.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../..", import.meta.url))
const read = (path: string) => readFileSync(join(root, path), "utf8")

/** The text a reference names: a whole file, or one `#region` of it. */
const source = (reference: string): string => {
  const [path = "", region] = reference.split("#")
  const text = read(path)
  if (region === undefined) return text.trimEnd()
  const lines = text.split("\n")
  const start = lines.indexOf(`// #region ${region}`), end = lines.indexOf(`// #endregion ${region}`)
  if (start < 0 || end < start) throw new Error(`${path} has no region "${region}"`)
  return lines.slice(start + 1, end).join("\n")
}

/** Every quote in a README: the reference in the marker and the fenced block right under it. */
const quotesOf = (readme: string) =>
  [...read(readme).matchAll(/^<!-- quote: (\S+) -->\n```ts\n([\s\S]*?)\n```$/gm)].map(([, reference = "", code = ""]) => ({ reference, code }))

const quoted = (...references: Array<string>) => references.map((reference) => ({ reference, code: source(reference) }))

describe("README quotes of the examples", () => {
  it("packages/core/README.md quotes the timeline, the facade journey and the Effect program", () =>
    expect(quotesOf("packages/core/README.md")).toEqual(quoted("examples/timeline.ts", "examples/mailbox.ts#journey", "examples/effect.ts#effect")))

  it("packages/adapters/README.md quotes a SQLite session", () =>
    expect(quotesOf("packages/adapters/README.md")).toEqual(quoted("examples/sqlite.ts#store")))

  it("packages/http/README.md quotes the app", () =>
    expect(quotesOf("packages/http/README.md")).toEqual(quoted("examples/http.ts#app")))

  it("README.md quotes the timeline example", () =>
    expect(quotesOf("README.md")).toEqual(quoted("examples/timeline.ts")))

  it("every quote marker opens a line and has its ts block right under it", () =>
    expect(["README.md", "packages/core/README.md", "packages/adapters/README.md", "packages/http/README.md"].map((readme) => read(readme).match(/^<!-- quote:/gm)?.length))
      .toEqual([1, 3, 1, 1]))
})
