import { useEffect, useState } from 'react';
import { gql } from '../api';
import { useMe, Division } from '../session';

const CHILDREN = `query Divisions($parentCode: ID) { divisions(parentCode: $parentCode) { code name level } }`;
const cache = new Map<string, Promise<Division[]>>();
function children(code: string): Promise<Division[]> {
  if (!cache.has(code)) {
    const p = gql<{ divisions: Division[] }>(CHILDREN, { parentCode: code }).then((r) => r.data?.divisions ?? []);
    p.catch(() => cache.delete(code));
    cache.set(code, p);
  }
  return cache.get(code)!;
}

/** GB/T 2260 codes nest by prefix: 141181 is in 141100, which is in 140000. */
function chainCodes(root: string, code: string): string[] {
  const candidates = [`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code];
  const i = candidates.indexOf(root);
  if (i < 0 || !code.startsWith(root.replace(/0+$/, ''))) return [root];
  return [...new Set(candidates.slice(i))];
}

/** A division code from the URL, kept only when it is the token's division or below it. */
export function scoped(rootCode: string, code: string | null): string {
  return code && chainCodes(rootCode, code).at(-1) === code ? code : rootCode;
}

/**
 * Cascading selects from the token's own division (from `me`) down to a county, each level loaded with
 * `divisions(parentCode:)`. "全部" at a level selects the division above it.
 */
export function DivisionPicker({ value, onChange, label = '行政区划' }: { value: string; onChange: (code: string) => void; label?: string }) {
  const me = useMe();
  const chain = chainCodes(me.division.code, value || me.division.code);
  const [lists, setLists] = useState<Record<string, Division[]>>({});
  const key = chain.join(',');
  useEffect(() => {
    let live = true;
    for (const c of chain) children(c).then((l) => live && setLists((s) => (s[c] === l ? s : { ...s, [c]: l }))).catch(() => undefined);
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const nameOf = (code: string) => (code === me.division.code ? me.division.name : Object.values(lists).flat().find((d) => d.code === code)?.name ?? code);
  return (
    <label className="field division-picker" data-testid="division-picker">
      <span>{label}</span>
      <span className="selects">
        {me.division.level === 'COUNTY' && <span className="fixed">{me.division.name}</span>}
        {chain.map((code, i) => {
          const list = lists[code];
          if (!list || list.length === 0) return null;
          const selected = chain[i + 1] ?? '';
          return (
            <select key={code} aria-label={`${nameOf(code)}下级区划`} data-level={i} value={selected}
              onChange={(e) => onChange(e.target.value || code)}>
              <option value="">全部（{nameOf(code)}）</option>
              {list.map((d) => <option key={d.code} value={d.code}>{d.name}</option>)}
            </select>
          );
        })}
      </span>
    </label>
  );
}
