import { useEffect, useRef } from 'react';

/** Runs `load` now and every `ms` while the tab is visible; the latest `load` is always the one called. */
export function usePolling(load: () => Promise<void>, ms: number, deps: readonly unknown[]) {
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    void latest.current();
    const id = setInterval(() => {
      if (document.visibilityState === 'visible') void latest.current();
    }, ms);
    return () => clearInterval(id);
  }, [ms, ...deps]);
}
