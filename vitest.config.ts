import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const pkg = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url))

export default defineConfig({
  resolve: {
    // Tests run on the TypeScript sources: no build is needed between an edit and `npm test`.
    alias: [
      { find: /^@buzon\/(core|adapters|http)\/testing$/, replacement: pkg("$1/src/testing.ts") },
      { find: /^@buzon\/(core|adapters|http|cli)$/, replacement: pkg("$1/src/index.ts") },
    ],
  },
  test: {
    include: ["packages/*/src/**/*.spec.ts", "test/**/*.spec.ts", "examples/**/*.spec.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
})
