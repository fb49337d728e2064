/**
 * What a person sees instead of a blank screen. A page whose code fails to load (offline for a
 * moment, or a redeploy: `Failed to fetch dynamically imported module`) reloads once by itself,
 * then shows a message with a reload button; any other error shows a friendly page with the
 * request id to quote to the help desk.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import { lastRequestId } from '../api/client';
import { useI18n } from '../i18n';
import { isChunkLoadError, reloadOnce, sessionStore } from './chunkReload';

interface Props {
  children: ReactNode;
  /** a change of this value clears a shown error (the page area resets when the route changes) */
  resetKey?: unknown;
  /** inside the signed-in frame: the header and menu stay, only the page area shows the message */
  inPage?: boolean;
}
interface State {
  error: unknown;
  resetKey: unknown;
  /** an automatic reload is on its way: show nothing meanwhile */
  reloading: boolean;
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, resetKey: this.props.resetKey, reloading: false };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (props.resetKey !== state.resetKey) return { error: null, resetKey: props.resetKey, reloading: false };
    return null;
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    if (isChunkLoadError(error)) {
      if (reloadOnce(sessionStore(), Date.now(), () => window.location.reload())) this.setState({ reloading: true });
      return;
    }
    console.error('page error', error, info.componentStack);
  }

  render() {
    if (this.state.reloading) return null;
    if (this.state.error) return <ErrorPage error={this.state.error} inPage={this.props.inPage} />;
    return this.props.children;
  }
}

function ErrorPage({ error, inPage }: { error: unknown; inPage?: boolean }) {
  const { t } = useI18n();
  const chunk = isChunkLoadError(error);
  const requestId = (error instanceof ApiError && error.requestId) || lastRequestId();
  const reload = (
    <Button
      type="primary"
      icon={<ReloadOutlined />}
      onClick={() => window.location.reload()}
      data-testid="error-reload"
    >
      {t('error.reload')}
    </Button>
  );
  return (
    <div className={inPage ? 'error-page in-page' : 'error-page'} data-testid={chunk ? 'chunk-error' : 'app-error'}>
      <Result
        status={chunk ? 'warning' : 'error'}
        title={chunk ? t('error.chunkTitle') : t('error.crashTitle')}
        subTitle={
          <>
            <div>{chunk ? t('error.chunkText') : t('error.crashText')}</div>
            {!chunk && requestId && (
              <div className="error-request-id">
                {t('error.requestId')}{' '}
                <Typography.Text copyable code data-testid="error-request-id">
                  {requestId}
                </Typography.Text>
              </div>
            )}
          </>
        }
        extra={
          chunk ? (
            reload
          ) : (
            <>
              {reload}
              <Button onClick={() => window.location.assign('/')}>{t('error.backHome')}</Button>
            </>
          )
        }
      />
    </div>
  );
}
