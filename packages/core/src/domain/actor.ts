/** Who is acting, recorded in the history. */
export interface ActorOptions {
  /** A user id or job name. Default: `byoc-kit`. */
  actor?: string;
  reason?: string;
}
