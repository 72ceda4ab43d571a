import { createContext, useContext } from 'react';

/**
 * The response's CSP nonce, given by entry.server.tsx; root.tsx puts it on Remix's inline scripts. In the
 * browser it is empty (browsers hide nonces from the page), which is fine: scripts are only rendered once,
 * on the server.
 */
const NonceContext = createContext('');

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
