import { lazy, type ReactNode } from 'react';
import { canOpen, type PageKey } from '../access';
import { useMe } from '../auth/AuthContext';

const Forbidden = lazy(() => import('./Forbidden'));

/** Renders the page only for roles that may open it (see access.ts); others see a 403. */
export function Guard({ page, children }: { page: PageKey; children: ReactNode }) {
  const me = useMe();
  return canOpen(me.role, page) ? <>{children}</> : <Forbidden />;
}
