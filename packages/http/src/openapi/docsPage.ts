/**
 * `GET /docs`: a readable HTML page rendering the OpenAPI document, server-side, with no script
 * (the page's CSP forbids them). Every interpolated string is escaped.
 *
 * @since 0.1.0
 */
import type { openApiDocument } from "./document.js"

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c)

interface Operation {
  readonly summary: string
  readonly tags: ReadonlyArray<string>
  readonly parameters?: ReadonlyArray<{ readonly name: string; readonly in: string; readonly required: boolean; readonly description?: string }>
  readonly requestBody?: { readonly content: { readonly "application/json": { readonly schema: unknown } } }
  readonly responses: Record<string, { readonly description: string }>
}

const renderOperation = (path: string, method: string, op: Operation): string => `
<section><h3><span class="m ${escape(method)}">${escape(method.toUpperCase())}</span> <code>${escape(path)}</code></h3>
<p>${escape(op.summary)} <em>(${escape(op.tags.join(", "))})</em></p>
${op.parameters === undefined ? "" : `<ul>${op.parameters.map((p) => `<li><code>${escape(p.name)}</code> in ${escape(p.in)}${p.required ? " (required)" : ""}${p.description === undefined ? "" : `: ${escape(p.description)}`}</li>`).join("")}</ul>`}
${op.requestBody === undefined ? "" : `<details><summary>Body schema</summary><pre>${escape(JSON.stringify(op.requestBody.content["application/json"].schema, null, 2))}</pre></details>`}
<ul>${Object.entries(op.responses).map(([status, r]) => `<li><b>${escape(status)}</b> ${escape(r.description)}</li>`).join("")}</ul></section>`

/**
 * Renders the page.
 * @example docsPage(openApiDocument({ development: false })).startsWith("<!doctype html>") // => true
 * @since 0.1.0
 */
export const docsPage = (document: ReturnType<typeof openApiDocument>): string => {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => renderOperation(path, method, op as Operation)))
  const problems = Object.entries(document["x-problems"]).map(([type, row]) => `<tr><td><code>${escape(type)}</code></td><td>${row.status}</td><td>${escape(row.title)}</td></tr>`)
  return `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>${escape(document.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font:13px ui-monospace,monospace}pre{background:#f5f5f5;padding:.5rem;overflow:auto}
section{border-top:1px solid #ddd;padding:.5rem 0}.m{display:inline-block;min-width:3.5rem;font-size:13px;color:#fff;border-radius:3px;text-align:center}
.get{background:#2b7}.post{background:#27b}table{border-collapse:collapse}td{border:1px solid #ddd;padding:.2rem .5rem}</style></head>
<body><h1>${escape(document.info.title)} <small>${escape(document.info.version)}</small></h1><p>${escape(document.info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escape(document.openapi)}). Errors are RFC 9457 problem details.</p>
<h2>Routes</h2>${operations.join("")}
<h2>Problems</h2><table><tr><th>type</th><th>status</th><th>title</th></tr>${problems.join("")}</table></body></html>`
}
