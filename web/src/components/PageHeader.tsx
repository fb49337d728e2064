import type { ReactNode } from 'react';

export function PageHeader({ title, extra, testId }: { title: ReactNode; extra?: ReactNode; testId?: string }) {
  return (
    <div className="page-header">
      <h2 data-testid={testId ?? 'page-title'}>{title}</h2>
      {extra && <div>{extra}</div>}
    </div>
  );
}
