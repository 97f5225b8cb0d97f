import { createContext, useContext } from "react";

// The Content-Security-Policy nonce of the request being rendered on the server (undefined in the
// browser, which hides it): the inline scripts Remix writes into the page carry it.
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
