import { createContext, useContext } from 'react';

export interface Division { code: string; name: string; level: 'PROVINCE' | 'CITY' | 'COUNTY' }
export interface Me { clientName: string; agency: string; division: Division }

export const MeContext = createContext<Me | null>(null);

/** The signed-in token's agency and scope (from `me`); pages render only inside a signed-in session. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside a session');
  return me;
}
