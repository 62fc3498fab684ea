/**
 * The reclamation gate (RULES.md §12) as pure rules: what the land was decides, the category decides whether the
 * farmland is for edible crops, and the geometry decides which plots a unit's boundary meets.
 */
import { reclamationGrounds, reclamationToFood } from '../../src/modules/plot/gates';
import { reclamationRefusal, RestrictedPlot, bboxOf } from '../../src/modules/farmland/reclamation';
import { checkUnit } from '../../src/modules/farmland/farmland.service';
import { readCsv } from '../../src/db/csv';

const sq = (lon: number, lat: number, s = 0.001) => ({ type: 'Polygon', coordinates: [[[lon, lat], [lon + s, lat], [lon + s, lat + s], [lon, lat + s], [lon, lat]]] });
const none = { keyUnitLand: false, vacatedSite: false, keyIndustry: null };

it('grounds: each kind of land alone restricts; clean land does not; 严格管控类 (not edible) is never refused', () => {
  expect(reclamationGrounds(none)).toEqual([]);
  expect(reclamationToFood(none, true, 'p')).toBeNull();
  for (const f of [{ ...none, keyUnitLand: true }, { ...none, vacatedSite: true }, { ...none, keyIndustry: '焦化' }]) {
    expect(reclamationToFood(f, true, 'p')?.code).toBe('RESTRICTED_USE');
    expect(reclamationToFood(f, false, 'p')).toBeNull();
  }
  expect(reclamationGrounds({ keyUnitLand: true, vacatedSite: true, keyIndustry: '化工' })).toEqual(['KEY_UNIT_LAND', 'VACATED_SITE', 'KEY_INDUSTRY']);
});

it('geometry: named, overlapping, touching, containing a centroid-only plot, or apart', () => {
  const plot = (id: number, boundary: unknown, centroid: [number, number] | null = null): RestrictedPlot => ({
    facts: { id, plotCode: `P-${id}`, name: '原焦化厂', countyCode: '140702', keyUnitLand: false, vacatedSite: false, industries: ['焦化'], boundary, centroid },
    gate: { ...none, keyIndustry: '焦化' }, bbox: boundary ? bboxOf(boundary) : centroid ? [centroid[0], centroid[1], centroid[0], centroid[1]] : null,
  });
  const restricted = [plot(1, sq(112.8, 37.7, 0.002)), plot(2, null, [112.9005, 37.7005])];
  expect(reclamationRefusal(restricted, { plotId: 1 }, true)?.code).toBe('RESTRICTED_USE');
  expect(reclamationRefusal(restricted, { boundary: sq(112.801, 37.701) }, true)?.code).toBe('RESTRICTED_USE'); // inside
  expect(reclamationRefusal(restricted, { boundary: sq(112.7995, 37.6995) }, true)?.code).toBe('RESTRICTED_USE'); // partly
  // A neighbouring field that only shares an edge or a corner is not on the plot.
  expect(reclamationRefusal([plot(9, sq(0 + 100, 30, 1))], { boundary: sq(101, 30, 1) }, true)).toBeNull();
  expect(reclamationRefusal([plot(9, sq(100, 30, 1))], { boundary: sq(101, 31, 1) }, true)).toBeNull();
  // The same outline, or a cross of two strips (no vertex inside the other), is on it.
  expect(reclamationRefusal([plot(9, sq(100, 30, 1))], { boundary: sq(100, 30, 1) }, true)?.code).toBe('RESTRICTED_USE');
  const strip = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
  expect(reclamationRefusal([plot(9, strip(100, 30.4, 103, 30.6))], { boundary: strip(101.4, 29, 101.6, 32) }, true)?.code).toBe('RESTRICTED_USE');
  // A plot with a hole: a unit inside the hole is not on it.
  const holed = { type: 'Polygon', coordinates: [[[100, 30], [104, 30], [104, 34], [100, 34], [100, 30]], [[101, 31], [103, 31], [103, 33], [101, 33], [101, 31]]] };
  expect(reclamationRefusal([plot(9, holed)], { boundary: strip(101.5, 31.5, 102.5, 32.5) }, true)).toBeNull();
  expect(reclamationRefusal(restricted, { boundary: sq(112.9, 37.7) }, true)?.code).toBe('RESTRICTED_USE'); // around a centroid
  expect(reclamationRefusal(restricted, { boundary: sq(112.81, 37.7) }, true)).toBeNull(); // apart
  expect(reclamationRefusal(restricted, { plotId: 3 }, true)).toBeNull();
  expect(reclamationRefusal(restricted, { plotId: 1 }, false)).toBeNull();
});

it('a unit\'s fields: every problem reported with its field; the area measured from the boundary', () => {
  const problems: string[] = [];
  expect(checkUnit({ code: '', category: 'NOPE', areaM2: -1 }, (f) => problems.push(f))).toBeNull();
  expect(problems).toEqual(['code', 'category', 'areaM2']);
  const u = checkUnit({ code: 'A-1', category: 'SAFE_USE', boundary: sq(112.8, 37.7) }, () => { throw new Error('no problem expected'); })!;
  expect(u.areaM2).toBeGreaterThan(9000);
  expect(u.areaM2).toBeLessThan(10000);
});

it('CSV: quoted fields with commas, doubled quotes and line breaks, CRLF, a BOM; each record with its first line', () => {
  expect(readCsv('\ufeffa,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n')).toEqual([
    { line: 1, cells: ['a', 'b'] }, { line: 2, cells: ['x, y', 'say "hi"'] }, { line: 3, cells: ['two\nlines', 'z'] },
  ]);
  expect(() => readCsv('a\n"open')).toThrow(/not closed/);
});
