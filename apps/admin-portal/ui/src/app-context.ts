import { createContext, useContext } from 'react';
import type { ApiClient } from './api/api-client';
import type { Credentials } from './auth/credentials-store';

export interface AppContextValue {
  api: ApiClient;
  credentials: Credentials;
  /** True for the operator (admin API key): every organization, webhooks, roles catalog, portal links. */
  isOperator: boolean;
  signOut: (message?: string) => void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp() outside of <AppContext.Provider>');
  return value;
}
