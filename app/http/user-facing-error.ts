/** A refusal the user must read: a Vietnamese message and the HTTP status it maps to. */
export class UserFacingError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = "refused",
    /** When trying again later helps (too many attempts, a busy server): sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "UserFacingError";
  }
}
