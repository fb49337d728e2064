import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Me, Meta } from '../../../contract/api.js';
import { api, ApiError, setUnauthorizedHandler } from '../api';

export type LoginNotice = 'expired' | 'loggedOut';

interface AuthValue {
  /** undefined while the session probe runs; null when signed out */
  me: Me | null | undefined;
  meta: Meta | null;
  /** `second_factor`: the password was right, the account's code comes next (completeSignIn) */
  login: (username: string, password: string) => Promise<Me | 'second_factor'>;
  completeSignIn: (code: string) => Promise<Me>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
  /** why the person is on the login page (signed out, session expired), shown once */
  notice: LoginNotice | null;
  clearNotice: () => void;
}
const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [meta, setMeta] = useState<Meta | null>(null);
  const [notice, setNotice] = useState<LoginNotice | null>(null);
  const navigate = useNavigate();
  const meRef = useRef(me);
  meRef.current = me;

  useEffect(() => {
    let alive = true;
    api.meta().then(
      (m) => alive && setMeta(m),
      () => alive && setMeta(null),
    );
    api.me().then(
      (u) => alive && setMe(u),
      () => alive && setMe(null),
    );
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    // Any call that finds the session gone sends the person back to the login page once.
    // RequireAuth then redirects to /login, keeping the page to come back to.
    setUnauthorizedHandler((_err: ApiError) => {
      if (!meRef.current) return;
      meRef.current = null;
      setNotice('expired');
      setMe(null);
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const u = await api.login(username, password);
    setNotice(null);
    if (u !== 'second_factor') setMe(u);
    return u;
  }, []);
  const completeSignIn = useCallback(async (code: string) => {
    const u = await api.secondFactor(code);
    setMe(u);
    return u;
  }, []);
  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      /* the session may already be gone */
    }
    setNotice('loggedOut');
    setMe(null);
    navigate('/login', { replace: true });
  }, [navigate]);
  const refresh = useCallback(async () => {
    setMe(await api.me());
  }, []);

  const clearNotice = useCallback(() => setNotice(null), []);
  const value = useMemo(
    () => ({ me, meta, login, completeSignIn, logout, refresh, notice, clearNotice }),
    [me, meta, login, completeSignIn, logout, refresh, notice, clearNotice],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
/** For pages rendered inside the signed-in layout. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a session');
  return me;
}
