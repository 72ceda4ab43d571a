import { useRevalidator } from '@remix-run/react';
import { useCallback, useState } from 'react';
import type { ApiFailure, ApiResult } from './api-client';

/**
 * The life of a form that calls the API: busy while the call runs, the failure kept for the fields to
 * show, cleared on success; then the caller's `onSuccess` and, unless told otherwise, the page's loaders
 * run again so the page shows what changed.
 */
export function useApiForm<T>({
  onSuccess,
  revalidate = true,
}: { onSuccess?: (data: T) => void; revalidate?: boolean } = {}) {
  const revalidator = useRevalidator();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiFailure>();
  const run = useCallback(
    async (call: () => Promise<ApiResult<T>>): Promise<boolean> => {
      setBusy(true);
      const result = await call();
      setBusy(false);
      if (!result.ok) {
        setFailure(result.error);
        return false;
      }
      setFailure(undefined);
      onSuccess?.(result.data);
      if (revalidate) revalidator.revalidate();
      return true;
    },
    [onSuccess, revalidate, revalidator],
  );
  return { busy, failure, setFailure, run };
}
