/** Placeholder: replaced by the calendar implementation. */
export interface Calendar {
  readonly version: string
}
