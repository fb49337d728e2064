import { useCallback, useState } from 'react';

/**
 * The busy flag and the error of one submission (a dialog's save, a form's send): `run` clears
 * the last error, marks busy, runs the work and keeps its error for an `ErrorAlert` — unless
 * `handled` takes it (say, field errors put on the form). Resolves to whether the work succeeded.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
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
