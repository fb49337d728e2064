import { useCallback, useState } from 'react';
import { useOpened } from './useOpened';

/**
 * The busy flag and the error of one submission (a dialog's save, a form's send): `run` clears
 * the last error, marks busy, runs the work and keeps its error for an `ErrorAlert` — unless
 * `handled` takes it (say, field errors put on the form). Resolves to whether the work succeeded.
 * In a dialog, pass whether it is open: each time it opens the last error is cleared and `onOpen`
 * runs (typically `form.resetFields()`).
 */
export function useSubmit(open?: boolean, onOpen?: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useOpened(open === true, () => {
    setError(null);
    onOpen?.();
  });
  const run = useCallback(async (work: () => Promise<unknown>, handled?: (e: unknown) => boolean): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (e) {
      if (!handled?.(e)) setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
