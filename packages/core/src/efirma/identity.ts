/**
 * Who acted: the identity a challenge login with a FIEL proves. Recorded on every event a person
 * causes, so an auditor can tell years later which certificate was used.
 *
 * @since 0.1.0
 */

/**
 * A persona moral's legal representative, as named after the slash in its FIEL (DOMAIN §9).
 *
 * @example const representative: Representative = { rfc: "VADA800927DJ3", curp: "VADA800927HSRSRL05" }
 * @since 0.1.0
 */
export interface Representative {
  readonly rfc: string
  readonly curp: string
}

/**
 * An authenticated e.firma holder (what `identityOf` and a challenge login answer).
 *
 * @example const who: Identity = { rfc: "CACX7605101P8", certificateNumber: "30001000000500003282", legalName: "XOCHILT CASAS CHAVEZ" }
 * @since 0.1.0
 */
export interface Identity {
  /** The patrón's RFC (12 characters persona moral, 13 física; may contain Ñ and &). */
  readonly rfc: string
  /** The certificate number: the serial's hex read as ASCII digits (20 digits). */
  readonly certificateNumber: string
  readonly legalName: string
  /** Present when a persona moral acts through the representative named in its certificate. */
  readonly representative?: Representative
}
