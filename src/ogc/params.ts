/**
 * The query parameters of OGC API – Features Part 1 (OGC 17-069r4 §7.15): bbox, datetime, limit. Each parser
 * returns the value or a message for the 400 answer (InvalidParameterValue).
 */

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 1000;

export type Parsed<T> = { value: T } | { problem: string };

/** minLon,minLat,maxLon,maxLat (or with heights: 6 numbers) in CRS84; minLon > maxLon crosses the antimeridian. */
export interface Bbox { west: number; south: number; east: number; north: number }

export function parseBbox(raw: string | null): Parsed<Bbox | null> {
  if (raw == null) return { value: null };
  const parts = raw.split(',');
  if (parts.length !== 4 && parts.length !== 6) return { problem: 'bbox must be 4 numbers (minLon,minLat,maxLon,maxLat) or 6 (with heights), comma-separated' };
  if (!parts.every((p) => /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(p))) return { problem: 'bbox must be numbers, comma-separated' };
  const n = parts.map(Number);
  const [west, south, east, north] = parts.length === 4 ? n : [n[0], n[1], n[3], n[4]];
  if (parts.length === 6 && n[2] > n[5]) return { problem: 'bbox: the lower height is above the upper one' };
  for (const lon of [west, east]) if (lon < -180 || lon > 180) return { problem: 'bbox: longitudes must be between -180 and 180' };
  for (const lat of [south, north]) if (lat < -90 || lat > 90) return { problem: 'bbox: latitudes must be between -90 and 90' };
  if (south > north) return { problem: 'bbox: the southern latitude is above the northern one' };
  return { value: { west, south, east, north } };
}

/** The calendar day (Asia/Shanghai, the platform's day) of an RFC 3339 date or date-time. */
function dayOf(s: string): string | null {
  if (/^\d{4}-\d\d-\d\d$/.test(s)) {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? s : null;
  }
  const m = /^(\d{4}-\d\d-\d\d)[Tt](\d\d):(\d\d):(\d\d)(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/.exec(s);
  if (!m || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4]) > 60) return null;
  const t = new Date(s.toUpperCase());
  if (Number.isNaN(t.getTime()) || dayOf(m[1]) === null) return null;
  return new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** An instant (one day) or an interval `start/end` with `..` or nothing for an open end; both ends inclusive. */
export interface DayRange { from: string | null; to: string | null }

export function parseDatetime(raw: string | null): Parsed<DayRange | null> {
  if (raw == null) return { value: null };
  const bad = { problem: 'datetime must be an RFC 3339 date or date-time, or an interval start/end with ".." or nothing for an open end' };
  const ends = raw.split('/');
  if (ends.length === 1) {
    const d = dayOf(raw);
    return d ? { value: { from: d, to: d } } : bad;
  }
  if (ends.length !== 2) return bad;
  const open = (e: string) => e === '' || e === '..';
  if (open(ends[0]) && open(ends[1])) return bad;
  const from = open(ends[0]) ? null : dayOf(ends[0]);
  const to = open(ends[1]) ? null : dayOf(ends[1]);
  if ((!open(ends[0]) && !from) || (!open(ends[1]) && !to)) return bad;
  if (from && to && from > to) return { problem: 'datetime: the interval ends before it starts' };
  return { value: { from, to } };
}

/** 1 to MAX_LIMIT; a larger limit is answered with MAX_LIMIT features (OGC 17-069r4 /req/core/fc-limit-response-1). */
export function parseLimit(raw: string | null): Parsed<number> {
  if (raw == null) return { value: DEFAULT_LIMIT };
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) return { problem: `limit must be an integer from 1 (at most ${MAX_LIMIT} features are returned)` };
  return { value: Math.min(Number(raw), MAX_LIMIT) };
}

/** The keyset cursor of the `next` link: the last feature id of the page. */
export function parseCursor(raw: string | null): Parsed<number> {
  if (raw == null) return { value: 0 };
  if (!/^\d{1,15}$/.test(raw)) return { problem: 'cursor must be the value a next link gave' };
  return { value: Number(raw) };
}
