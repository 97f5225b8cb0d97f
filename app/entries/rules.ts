/** Seconds after the deadline during which an answer or a submit still counts: it was sent in time but travelled over a slow network. */
export const NETWORK_GRACE_SECONDS = 5;

/** How often the server looks for entries whose time ran out. */
export const FINALISER_INTERVAL_MS = 5_000;
