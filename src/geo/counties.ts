import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import type { Principal } from '../auth/principal';

/** Where the outlines come from and in which datum, as the file states it (shown under the console's map). */
export interface BoundarySource { source: string; license: string; datum: string; note?: string }

export interface CountyFeature {
  type: 'Feature';
  properties: { code: string; name?: string };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

export interface CountyBoundaries { file: string; meta: BoundarySource; features: CountyFeature[] }

export const DEFAULT_BOUNDARIES_FILE = path.join(PROJECT_ROOT, 'seeds', 'boundaries', 'counties.geojson');

const isRing = (r: unknown) => Array.isArray(r) && r.length >= 4 && r.every((p) => Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n)))
  && (r as number[][]).every(([x, y]) => x >= -180 && x <= 180 && y >= -90 && y <= 90);
const isPolygon = (c: unknown) => Array.isArray(c) && c.length > 0 && c.every(isRing);

/**
 * Reads a county-outline file: an RFC 7946 FeatureCollection of Polygon/MultiPolygon features, each with
 * `properties.code` (the county's six-digit division code), plus a top-level `metadata` object that states
 * `source`, `license` and `datum` (coordinates must be WGS84 / CGCS2000 longitude-latitude, as plots are stored:
 * GCJ-02 data must be converted before it is put here). Anything else stops the server at boot with a message
 * naming the file. No file (the default path absent) → null: the map then draws no outlines and says why.
 */
export function loadCountyBoundaries(file?: string): CountyBoundaries | null {
  const target = file ?? DEFAULT_BOUNDARIES_FILE;
  if (!file && !fs.existsSync(target)) return null;
  let doc: any;
  try {
    doc = JSON.parse(fs.readFileSync(target, 'utf8'));
  } catch (e) {
    throw new Error(`county boundaries ${target}: cannot read it as JSON (${(e as Error).message})`);
  }
  const fail = (what: string) => { throw new Error(`county boundaries ${target}: ${what}`); };
  if (doc?.type !== 'FeatureCollection' || !Array.isArray(doc.features)) fail('must be a GeoJSON FeatureCollection');
  const meta = doc.metadata;
  for (const k of ['source', 'license', 'datum'] as const) if (typeof meta?.[k] !== 'string' || !meta[k].trim()) fail(`metadata.${k} must say where the outlines come from, under which license, in which datum`);
  if (!/WGS\s*84|CGCS\s*2000/i.test(meta.datum) || /GCJ|BD-?09/i.test(meta.datum)) fail('metadata.datum must be WGS84 or CGCS2000 (plots are stored in it); convert GCJ-02 data first');
  const features: CountyFeature[] = doc.features.map((f: any, i: number) => {
    const code = f?.properties?.code;
    if (typeof code !== 'string' || !/^\d{6}$/.test(code)) fail(`features[${i}].properties.code must be a six-digit division code`);
    const g = f.geometry;
    const ok = g?.type === 'Polygon' ? isPolygon(g.coordinates) : g?.type === 'MultiPolygon' ? Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.every(isPolygon) : false;
    if (!ok) fail(`features[${i}] (${code}): geometry must be a Polygon or MultiPolygon of longitude-latitude rings`);
    return { type: 'Feature', properties: { code, ...(typeof f.properties.name === 'string' ? { name: f.properties.name } : {}) }, geometry: { type: g.type, coordinates: g.coordinates } };
  });
  return { file: target, meta: { source: meta.source, license: meta.license, datum: meta.datum, ...(typeof meta.note === 'string' ? { note: meta.note } : {}) }, features };
}

/** The outlines of the counties in the principal's scope, as GeoJSON with the file's statement of source and datum. */
export function countiesFor(b: CountyBoundaries | null, principal: Principal) {
  const visible = (code: string) => principal.scope.all || principal.scope.counties.includes(code);
  return {
    type: 'FeatureCollection' as const,
    metadata: b ? b.meta : null,
    features: b ? b.features.filter((f) => visible(f.properties.code)) : [],
  };
}
