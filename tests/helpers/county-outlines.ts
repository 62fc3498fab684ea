import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoSteps } from '../../seeds/demo/data';

/**
 * A county-outline file for tests (SOILSHARE_COUNTY_BOUNDARIES / config.countyBoundariesFile): for each county
 * of the demo data, the box around its demo plots, padded by `pad` degrees — a stand-in, clearly labelled as
 * such, NOT an administrative boundary (the repository ships none: seeds/boundaries/README.md). `extra` adds
 * boxes for other codes (e.g. a county out of a token's scope). Returns the file's path.
 */
export function writeTestOutlines(extra: { code: string; name: string; box: [number, number, number, number] }[] = [], pad = 0.03): string {
  const boxes = new Map<string, [number, number, number, number]>();
  for (const s of demoSteps as any[]) {
    if (s.op !== 'registerPlot' || !s.centroid) continue;
    const { lon, lat } = s.centroid;
    const b = boxes.get(s.countyCode) ?? [lon, lat, lon, lat];
    boxes.set(s.countyCode, [Math.min(b[0], lon), Math.min(b[1], lat), Math.max(b[2], lon), Math.max(b[3], lat)]);
  }
  const ring = ([x0, y0, x1, y1]: number[]) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
  const features = [
    ...[...boxes].map(([code, [x0, y0, x1, y1]]) => ({ type: 'Feature', properties: { code, name: `测试框 ${code}` }, geometry: { type: 'Polygon', coordinates: [ring([x0 - pad, y0 - pad, x1 + pad, y1 + pad])] } })),
    ...extra.map((e) => ({ type: 'Feature', properties: { code: e.code, name: e.name }, geometry: { type: 'Polygon', coordinates: [ring(e.box)] } })),
  ];
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'soilshare-outlines-')), 'counties.geojson');
  fs.writeFileSync(file, JSON.stringify({
    type: 'FeatureCollection',
    metadata: { source: '测试数据：各县演示地块的外包框（非行政界线）', license: '测试用', datum: 'CGCS2000（测试数据）' },
    features,
  }));
  return file;
}

/** Removes a file writeTestOutlines wrote, with its directory (a spec's afterAll). */
export function removeTestOutlines(file: string | undefined) {
  if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
