/** The runner cannot start or go on, for a reason the user can fix: exit 2 with the message. */
export class RunnerError extends Error {
  override name = 'RunnerError';
}
