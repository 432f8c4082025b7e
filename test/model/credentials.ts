/** The model test's patrones: generated FIELs under a generated test CA, made once per file. */
import { makeCredentials } from "../core/support.js"

export const credentials = makeCredentials([
  { rfc: "EKU9003173C9", legalName: "ESCUELA KEMPER URGATE SA DE CV" },
  { rfc: "CACX7605101P8", legalName: "XOCHILT CASAS CHAVEZ" },
])
export const { patrones } = credentials
