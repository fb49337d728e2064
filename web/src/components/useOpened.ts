import { useEffect, useRef } from 'react';

/**
 * Runs `fn` each time a dialog opens (not after its opening animation, when a quick person — or a
 * browser test — may already have typed or picked a file that a late reset would wipe).
 */
export function useOpened(open: boolean, fn: () => void) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (open) ref.current();
  }, [open]);
}
