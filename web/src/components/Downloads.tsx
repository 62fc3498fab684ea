import { useState } from 'react';
import { download } from '../api';

/** XLSX and CSV buttons for one export; the files are fetched with the token and saved from a Blob. */
export function Downloads({ path, params, name }: { path: string; params: Record<string, string>; name: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const go = async (ext: 'xlsx' | 'csv') => {
    setBusy(ext);
    setMsg(null);
    try {
      const file = await download(`${path}.${ext}?${new URLSearchParams(params)}`, `${name}.${ext}`);
      setMsg({ ok: true, text: `已下载 ${file}` });
    } catch (e) {
      setMsg({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="downloads">
      <button type="button" onClick={() => go('xlsx')} disabled={!!busy} data-testid="download-xlsx">{busy === 'xlsx' ? '正在导出…' : '导出 Excel（XLSX）'}</button>
      <button type="button" onClick={() => go('csv')} disabled={!!busy} data-testid="download-csv">{busy === 'csv' ? '正在导出…' : '导出 CSV'}</button>
      {msg && <span className={msg.ok ? 'hint ok' : 'hint bad'} role="status">{msg.text}</span>}
    </div>
  );
}
