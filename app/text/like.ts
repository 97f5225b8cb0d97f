/** `text` with LIKE's wildcards and escape character escaped, to be matched literally. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE pattern for "starts with `prefix`" (a unit path's subtree, for instance). */
export const likePrefix = (prefix: string) => `${escapeLike(prefix)}%`;
