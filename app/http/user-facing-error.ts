/** A refusal the user must read: a Vietnamese message and the HTTP status it maps to. */
export class UserFacingError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = "refused",
  ) {
    super(message);
    this.name = "UserFacingError";
  }
}
