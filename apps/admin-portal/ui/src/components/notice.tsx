import type { ReactNode } from 'react';
import { ApiError } from '../api/api-client';

export function Notice({
  tone,
  title,
  children,
}: {
  tone: 'info' | 'warning' | 'danger' | 'success';
  title?: string;
  children?: ReactNode;
}) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
      {title ? <p className="notice-title">{title}</p> : null}
      {children ? <div className="notice-body">{children}</div> : null}
    </div>
  );
}

/** An error of a load or an action, said plainly; an API this server does not serve is named as such. */
export function ErrorNotice({ error, what }: { error: Error; what?: string }) {
  if (error instanceof ApiError && error.unavailable) {
    return <UnavailableNotice what={what ?? 'This API'} />;
  }
  return (
    <Notice tone="danger" title={what ? `Could not load ${what}` : 'Something went wrong'}>
      {error.message}
    </Notice>
  );
}

export function UnavailableNotice({ what }: { what: string }) {
  return (
    <Notice tone="warning" title={`${what}: not available on this server`}>
      This server does not answer this part of the management API yet (the service may not be deployed or may
      be down). The rest of the portal keeps working.
    </Notice>
  );
}
