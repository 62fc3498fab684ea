import { USCC_CHARSET, creditCodeCheckChar, isValidCreditCode, makeCreditCode } from '../../src/validation/uscc';
import { parsePermitNo, permitNoMatchesCreditCode } from '../../src/validation/permit-no';
import {
  CHINA_EXTENT, MAX_BOUNDARY_POSITIONS, boundaryAreaM2, boundaryCentroid, boundaryProblem, pointProblem,
} from '../../src/validation/geo';
import { addDays, addYears, isValidDate, parseQuarter, quarterOf, todayInShanghai } from '../../src/validation/dates';
import { addDecimals, decimalProblem, normalizeDecimal } from '../../src/validation/money';

describe('uscc', () => {
  it('has the 31-character GB 32100 charset without I, O, Z, S, V', () => {
    expect(USCC_CHARSET).toHaveLength(31);
    expect(new Set(USCC_CHARSET).size).toBe(31);
    for (const c of 'IOZSV') expect(USCC_CHARSET).not.toContain(c);
  });

  it.each(['91110000600037341L', '91350100M000100Y43', '91130200699229617X'])('accepts verified example %s', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
    expect(makeCreditCode(code.slice(0, 17))).toBe(code);
  });

  it('rejects a wrong check character', () => {
    expect(isValidCreditCode('91110000600037341X')).toBe(false);
  });

  it('maps a zero remainder to check character 0', () => {
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
    expect(isValidCreditCode('000000000000000000')).toBe(true);
  });

  it('allows letter department codes in positions 1–8 (A, N, Y)', () => {
    expect(makeCreditCode('A1110000MA0000001')).toBe('A1110000MA0000001K');
    expect(makeCreditCode('N2140000MA0000001')).toBe('N2140000MA0000001G');
    expect(makeCreditCode('Y1110000MA0000001')).toBe('Y1110000MA0000001Y');
    expect(isValidCreditCode('A1110000MA0000001K')).toBe(true);
    expect(isValidCreditCode('N2140000MA0000001G')).toBe(true);
  });

  it('does not enforce the GB 11714 org-code check', () => {
    const code = makeCreditCode('91140000MA0K00001'); // org-code check digit not computed
    expect(code).toBe('91140000MA0K000012');
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('rejects lowercase input', () => {
    expect(isValidCreditCode('91350100m000100y43')).toBe(false);
    expect(isValidCreditCode('91110000600037341l')).toBe(false);
  });

  it('rejects wrong lengths and non-strings', () => {
    expect(isValidCreditCode('')).toBe(false);
    expect(isValidCreditCode('91110000600037341')).toBe(false);
    expect(isValidCreditCode('91110000600037341L0')).toBe(false);
    expect(isValidCreditCode(' 91110000600037341L')).toBe(false);
    expect(isValidCreditCode(undefined as unknown as string)).toBe(false);
    expect(isValidCreditCode(91110000600037341 as unknown as string)).toBe(false);
  });

  it('rejects excluded letters anywhere, even when the check would otherwise match', () => {
    for (const bad of 'IOZSV') {
      expect(isValidCreditCode(`91350100${bad}000100Y43`)).toBe(false);
      expect(isValidCreditCode(`9135010000001000Y${bad}`)).toBe(false);
    }
  });

  it('detects every single-character substitution in a valid code', () => {
    const code = '91350100M000100Y43';
    for (let i = 0; i < 18; i++) {
      for (const c of USCC_CHARSET) {
        if (c === code[i]) continue;
        expect(isValidCreditCode(code.slice(0, i) + c + code.slice(i + 1))).toBe(false);
      }
    }
  });

  it('detects adjacent transpositions', () => {
    const code = '91130200699229617X';
    for (let i = 0; i < 17; i++) {
      if (code[i] === code[i + 1]) continue;
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      expect(isValidCreditCode(swapped)).toBe(false);
    }
  });

  it('throws on a malformed body', () => {
    expect(() => creditCodeCheckChar('9111000060003734')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('911100006000373411')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('9111000060003734i')).toThrow(RangeError);
    expect(() => makeCreditCode('91110000I00037341')).toThrow(RangeError);
  });
});

describe('permit numbers (HJ 608-2017)', () => {
  it.each([
    ['91130200699229617X001P', '001'],
    ['91130200699229617X002P', '002'],
  ])('parses the standard example %s', (no, serial) => {
    expect(parsePermitNo(no)).toEqual({ creditCode: '91130200699229617X', serial, letter: 'P' });
    expect(permitNoMatchesCreditCode(no, '91130200699229617X')).toBe(true);
  });

  it('accepts any uppercase final letter', () => {
    expect(parsePermitNo('91110000600037341L001W')?.letter).toBe('W');
    expect(parsePermitNo('91110000600037341L999A')).toEqual({ creditCode: '91110000600037341L', serial: '999', letter: 'A' });
  });

  it('rejects an embedded credit code that fails its check', () => {
    expect(parsePermitNo('91110000600037341X001P')).toBeNull();
    expect(parsePermitNo('91130200699229617Y001P')).toBeNull();
  });

  it('rejects lowercase, wrong lengths and bad serials or letters', () => {
    expect(parsePermitNo('91130200699229617X001p')).toBeNull();
    expect(parsePermitNo('91130200699229617x001P')).toBeNull();
    expect(parsePermitNo('91130200699229617X01P')).toBeNull();
    expect(parsePermitNo('91130200699229617X0001P')).toBeNull();
    expect(parsePermitNo('91130200699229617X001')).toBeNull();
    expect(parsePermitNo('91130200699229617X')).toBeNull();
    expect(parsePermitNo('91130200699229617XA01P')).toBeNull();
    expect(parsePermitNo('91130200699229617X0011')).toBeNull();
    expect(parsePermitNo('91130200699229617X001P ')).toBeNull();
    expect(parsePermitNo('')).toBeNull();
    expect(parsePermitNo(null as unknown as string)).toBeNull();
  });

  it('matches only the exact embedded credit code', () => {
    expect(permitNoMatchesCreditCode('91130200699229617X001P', '91110000600037341L')).toBe(false);
    expect(permitNoMatchesCreditCode('91130200699229617X001P', '91130200699229617x')).toBe(false);
    expect(permitNoMatchesCreditCode('91110000600037341X001P', '91110000600037341X')).toBe(false);
    expect(permitNoMatchesCreditCode('bogus', '91130200699229617X')).toBe(false);
  });
});

describe('geo', () => {
  // ~100 m × 100 m square near Xiaoyi, Shanxi, sized on the same sphere the area function uses.
  const LON = 111.78;
  const LAT = 37.14;
  const M_PER_DEG = (6378137 * Math.PI) / 180;
  const square = (lon: number, lat: number, sideM: number, clockwise = false): number[][] => {
    const dLat = sideM / M_PER_DEG;
    const dLon = dLat / Math.cos((lat * Math.PI) / 180);
    const ring = [[lon, lat], [lon + dLon, lat], [lon + dLon, lat + dLat], [lon, lat + dLat], [lon, lat]];
    return clockwise ? ring.reverse() : ring;
  };
  const polygon = (...rings: number[][][]) => ({ type: 'Polygon', coordinates: rings });

  describe('pointProblem', () => {
    it('accepts points in China', () => {
      expect(pointProblem(LON, LAT)).toBeNull();
      expect(pointProblem(116.397, 39.908)).toBeNull(); // Beijing
      expect(pointProblem(112.33, 16.83)).toBeNull(); // Xisha (Paracel) Islands
      expect(pointProblem(CHINA_EXTENT.minLon, CHINA_EXTENT.maxLat)).toBeNull();
    });

    it('rejects non-finite and non-numeric coordinates', () => {
      expect(pointProblem(NaN, LAT)).toMatch(/longitude/);
      expect(pointProblem(LON, NaN)).toMatch(/latitude/);
      expect(pointProblem(Infinity, LAT)).toMatch(/longitude/);
      expect(pointProblem('111.78', LAT)).toMatch(/longitude/);
      expect(pointProblem(LON, null)).toMatch(/latitude/);
      expect(pointProblem(undefined, undefined)).toMatch(/longitude/);
    });

    it('rejects out-of-range coordinates', () => {
      expect(pointProblem(181, LAT)).toMatch(/between -180 and 180/);
      expect(pointProblem(LON, -91)).toMatch(/between -90 and 90/);
    });

    it('rejects points outside China, including swapped lon/lat', () => {
      expect(pointProblem(-0.1276, 51.5072)).toMatch(/outside China/); // London
      expect(pointProblem(LAT, LON)).not.toBeNull();
      expect(pointProblem(137, 35)).toMatch(/outside China/);
      expect(pointProblem(110, 2.9)).toMatch(/outside China/);
    });
  });

  describe('boundaryProblem', () => {
    it('accepts a valid Polygon, a polygon with a hole, a MultiPolygon, altitude and bbox', () => {
      expect(boundaryProblem(polygon(square(LON, LAT, 100)))).toBeNull();
      expect(boundaryProblem(polygon(square(LON, LAT, 300), square(LON + 0.001, LAT + 0.001, 50)))).toBeNull();
      expect(boundaryProblem({ type: 'MultiPolygon', coordinates: [[square(LON, LAT, 100)], [square(LON + 0.01, LAT, 100)]] })).toBeNull();
      const withZ = square(LON, LAT, 100).map(([x, y]) => [x, y, 850]);
      expect(boundaryProblem(polygon(withZ))).toBeNull();
      expect(boundaryProblem({ ...polygon(square(LON, LAT, 100)), bbox: [111.78, 37.14, 111.79, 37.15] })).toBeNull();
    });

    it('rejects non-objects, Features and other geometry types', () => {
      expect(boundaryProblem(null)).toMatch(/geometry object/);
      expect(boundaryProblem('Polygon')).toMatch(/geometry object/);
      expect(boundaryProblem([square(LON, LAT, 100)])).toMatch(/geometry object/);
      expect(boundaryProblem({ type: 'Feature', geometry: polygon(square(LON, LAT, 100)), properties: {} })).toMatch(/not a Feature/);
      expect(boundaryProblem({ type: 'Point', coordinates: [LON, LAT] })).toMatch(/"Polygon" or "MultiPolygon"/);
      expect(boundaryProblem({ type: 'polygon', coordinates: [square(LON, LAT, 100)] })).toMatch(/type/);
      expect(boundaryProblem({ coordinates: [square(LON, LAT, 100)] })).toMatch(/type/);
    });

    it('rejects extra members and a malformed bbox', () => {
      expect(boundaryProblem({ ...polygon(square(LON, LAT, 100)), properties: {} })).toMatch(/unexpected member "properties"/);
      expect(boundaryProblem({ ...polygon(square(LON, LAT, 100)), crs: {} })).toMatch(/"crs"/);
      expect(boundaryProblem({ ...polygon(square(LON, LAT, 100)), bbox: [1, 2, 3] })).toMatch(/bbox/);
      expect(boundaryProblem({ ...polygon(square(LON, LAT, 100)), bbox: [1, 2, NaN, 4] })).toMatch(/bbox/);
    });

    it('rejects missing or empty coordinates', () => {
      expect(boundaryProblem({ type: 'Polygon' })).toMatch(/coordinates/);
      expect(boundaryProblem({ type: 'Polygon', coordinates: [] })).toMatch(/coordinates/);
      expect(boundaryProblem({ type: 'MultiPolygon', coordinates: [[]] })).toMatch(/coordinates\[0\]/);
      expect(boundaryProblem({ type: 'MultiPolygon', coordinates: [square(LON, LAT, 100)] })).toMatch(/coordinates\[0\]\[0\]/);
    });

    it('rejects an unclosed ring', () => {
      const open = square(LON, LAT, 100).slice(0, 4);
      open.push([LON + 0.0005, LAT + 0.0005]);
      expect(boundaryProblem(polygon(open))).toMatch(/coordinates\[0\] is not closed/);
    });

    it('rejects a ring closed in lon/lat but not in altitude', () => {
      const ring = square(LON, LAT, 100).map(([x, y]) => [x, y, 850]);
      ring[4] = [LON, LAT, 851];
      expect(boundaryProblem(polygon(ring))).toMatch(/not closed/);
    });

    it('rejects rings with fewer than 4 positions', () => {
      expect(boundaryProblem(polygon([[LON, LAT], [LON + 0.001, LAT], [LON, LAT]]))).toMatch(/at least 4/);
      expect(boundaryProblem(polygon(square(LON, LAT, 100), []))).toMatch(/coordinates\[1\].*at least 4/);
    });

    it('rejects a ring outside China', () => {
      expect(boundaryProblem(polygon(square(2.35, 48.85, 100)))).toMatch(/outside China/); // Paris
      const partly = square(135.999, LAT, 1000);
      expect(boundaryProblem(polygon(partly))).toMatch(/coordinates\[0\]\[1\].*outside China/);
    });

    it('rejects swapped [lat, lon] positions', () => {
      const swapped = square(LON, LAT, 100).map(([x, y]) => [y, x]);
      expect(boundaryProblem(polygon(swapped))).toMatch(/outside China/);
    });

    it('rejects NaN, non-numeric and malformed positions', () => {
      const nan = square(LON, LAT, 100);
      nan[2] = [NaN, LAT];
      expect(boundaryProblem(polygon(nan))).toMatch(/coordinates\[0\]\[2\].*finite/);
      const str = square(LON, LAT, 100) as unknown[][];
      str[1] = ['111.78', '37.14'];
      expect(boundaryProblem(polygon(str as number[][]))).toMatch(/finite/);
      const short = square(LON, LAT, 100);
      short[1] = [LON];
      expect(boundaryProblem(polygon(short))).toMatch(/position/);
      const long = square(LON, LAT, 100);
      long[1] = [LON, LAT, 1, 2];
      expect(boundaryProblem(polygon(long))).toMatch(/position/);
      expect(boundaryProblem({ type: 'Polygon', coordinates: [[LON, LAT]] })).toMatch(/linear ring/);
    });

    it(`allows ${MAX_BOUNDARY_POSITIONS} positions and rejects more`, () => {
      const ring = (n: number) => {
        const r: number[][] = [];
        for (let i = 0; i < n - 1; i++) {
          const a = (2 * Math.PI * i) / (n - 1);
          r.push([LON + 0.01 * Math.cos(a), LAT + 0.01 * Math.sin(a)]);
        }
        r.push(r[0]);
        return r;
      };
      expect(boundaryProblem(polygon(ring(MAX_BOUNDARY_POSITIONS)))).toBeNull();
      expect(boundaryProblem(polygon(ring(MAX_BOUNDARY_POSITIONS + 1)))).toMatch(/more than 10000 positions/);
      const half = ring(MAX_BOUNDARY_POSITIONS / 2 + 1);
      expect(boundaryProblem({ type: 'MultiPolygon', coordinates: [[half], [half]] })).toMatch(/more than 10000/);
    });
  });

  describe('boundaryProblem: simple rings only', () => {
    const d = 0.001;
    it('refuses a bow-tie (it would be stored with area 0)', () => {
      const bowTie = [[LON, LAT], [LON + d, LAT + d], [LON + d, LAT], [LON, LAT + d], [LON, LAT]];
      expect(boundaryProblem(polygon(bowTie))).toMatch(/coordinates\[0\] intersects itself/);
      expect(boundaryAreaM2(polygon(bowTie))).toBeCloseTo(0, 6); // what used to be stored
      expect(boundaryProblem({ type: 'MultiPolygon', coordinates: [[square(LON, LAT, 100)], [bowTie]] })).toMatch(/coordinates\[1\]\[0\] intersects itself/);
    });

    it('refuses a ring on one line, a spike folding back, and a ring touching itself at a vertex', () => {
      expect(boundaryProblem(polygon([[110, 35], [111, 35], [112, 35], [110, 35]]))).toMatch(/intersects itself/);
      expect(boundaryProblem(polygon([[LON, LAT], [LON + d, LAT], [LON + d, LAT], [LON, LAT]]))).toMatch(/encloses no area/);
      expect(boundaryProblem(polygon([[LON, LAT], [LON + d, LAT], [LON + 2 * d, LAT], [LON + d, LAT], [LON + d, LAT + d], [LON, LAT]]))).toMatch(/intersects itself/);
      // A figure eight through one shared vertex.
      const eight = [[LON, LAT], [LON + d, LAT + d], [LON + 2 * d, LAT], [LON + 2 * d, LAT + 2 * d], [LON + d, LAT + d], [LON, LAT + 2 * d], [LON, LAT]];
      expect(boundaryProblem(polygon(eight))).toMatch(/intersects itself/);
    });

    it('refuses a hole crossing its outer ring, accepts one touching it at a point', () => {
      const outer = [[LON, LAT], [LON + 4 * d, LAT], [LON + 4 * d, LAT + 4 * d], [LON, LAT + 4 * d], [LON, LAT]];
      const crossing = [[LON + d, LAT + d], [LON + 5 * d, LAT + d], [LON + 5 * d, LAT + 2 * d], [LON + d, LAT + 2 * d], [LON + d, LAT + d]];
      expect(boundaryProblem(polygon(outer, crossing))).toMatch(/coordinates\[0\] and coordinates\[1\] cross/);
      const touching = [[LON, LAT + 2 * d], [LON + d, LAT + d], [LON + d, LAT + 3 * d], [LON, LAT + 2 * d]];
      expect(boundaryProblem(polygon(outer, touching))).toBeNull();
    });

    it('ignores repeated consecutive positions and accepts concave rings', () => {
      expect(boundaryProblem(polygon([[LON, LAT], [LON, LAT], [LON + d, LAT], [LON + d, LAT + d], [LON, LAT + d], [LON, LAT]]))).toBeNull();
      const concave = [[LON, LAT], [LON + 2 * d, LAT], [LON + d, LAT + d / 2], [LON + 2 * d, LAT + d], [LON, LAT + d], [LON, LAT]];
      expect(boundaryProblem(polygon(concave))).toBeNull();
    });

    it(`checks ${MAX_BOUNDARY_POSITIONS} positions quickly, also in the worst case`, () => {
      // A comb: every tooth spans the whole width in longitude, so every segment's range overlaps the others'.
      const n = MAX_BOUNDARY_POSITIONS / 2 - 1;
      const top: number[][] = [];
      for (let i = 0; i < n; i++) top.push([LON + (i % 2) * 0.01, LAT + i * 1e-5]);
      const ring = [[LON - 0.001, LAT], ...top, [LON - 0.001, LAT + n * 1e-5], [LON - 0.001, LAT]];
      const started = Date.now();
      expect(boundaryProblem(polygon(ring))).toBeNull();
      expect(Date.now() - started).toBeLessThan(3000);
    });
  });

  describe('boundaryCentroid and boundaryAreaM2', () => {
    const sq = square(LON, LAT, 100);
    const center = { lon: (sq[0][0] + sq[2][0]) / 2, lat: (sq[0][1] + sq[2][1]) / 2 };

    it('measures a ~100 m × 100 m square near Xiaoyi', () => {
      const area = boundaryAreaM2(polygon(sq));
      expect(Math.abs(area - 10_000) / 10_000).toBeLessThan(0.02);
      const c = boundaryCentroid(polygon(sq));
      expect(c.lon).toBeCloseTo(center.lon, 9);
      expect(c.lat).toBeCloseTo(center.lat, 9);
      expect(pointProblem(c.lon, c.lat)).toBeNull();
    });

    it('does not depend on ring orientation', () => {
      const cw = square(LON, LAT, 100, true);
      expect(boundaryAreaM2(polygon(cw))).toBeCloseTo(boundaryAreaM2(polygon(sq)), 6);
      expect(boundaryCentroid(polygon(cw)).lon).toBeCloseTo(center.lon, 9);
    });

    it('subtracts holes from the area but ignores them for the centroid', () => {
      const outer = square(LON, LAT, 300);
      const hole = square(LON, LAT, 100); // hole in the outer ring's corner
      const area = boundaryAreaM2(polygon(outer, hole));
      expect(Math.abs(area - 80_000) / 80_000).toBeLessThan(0.02);
      const withHole = boundaryCentroid(polygon(outer, hole));
      const without = boundaryCentroid(polygon(outer));
      expect(withHole.lon).toBeCloseTo(without.lon, 12);
      expect(withHole.lat).toBeCloseTo(without.lat, 12);
    });

    it('weights MultiPolygon parts by area', () => {
      const big = square(LON, LAT, 200); // 4× the area of small
      const small = square(LON + 0.01, LAT, 100);
      const mp = { type: 'MultiPolygon', coordinates: [[big], [small]] };
      expect(Math.abs(boundaryAreaM2(mp) - 50_000) / 50_000).toBeLessThan(0.02);
      const cb = boundaryCentroid(polygon(big));
      const cs = boundaryCentroid(polygon(small));
      const c = boundaryCentroid(mp);
      expect(c.lon).toBeCloseTo((4 * cb.lon + cs.lon) / 5, 6);
      expect(c.lat).toBeCloseTo((4 * cb.lat + cs.lat) / 5, 6);
    });

    it('falls back to the mean of vertices for a degenerate (collinear) ring', () => {
      const line = [[110, 35], [111, 35], [112, 35], [110, 35]];
      expect(boundaryAreaM2(polygon(line))).toBeCloseTo(0, 6);
      expect(boundaryCentroid(polygon(line))).toEqual({ lon: 111, lat: 35 });
    });

    it('gives a plausible area for a 1° × 1° cell', () => {
      // Spherical band area: R² · Δλ · (sin φ2 − sin φ1).
      const R = 6378137;
      const rad = Math.PI / 180;
      const expected = R * R * rad * (Math.sin(38 * rad) - Math.sin(37 * rad));
      const cell = [[111, 37], [112, 37], [112, 38], [111, 38], [111, 37]];
      expect(Math.abs(boundaryAreaM2(polygon(cell)) - expected) / expected).toBeLessThan(1e-9);
    });

    it('throws on an invalid boundary', () => {
      expect(() => boundaryAreaM2({ type: 'Polygon', coordinates: [] })).toThrow(RangeError);
      expect(() => boundaryCentroid(polygon(square(2.35, 48.85, 100)))).toThrow(/outside China/);
    });
  });
});

describe('dates', () => {
  it('validates strict YYYY-MM-DD real calendar days', () => {
    expect(isValidDate('2025-07-15')).toBe(true);
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2000-02-29')).toBe(true);
    expect(isValidDate('2025-02-29')).toBe(false);
    expect(isValidDate('1900-02-29')).toBe(false);
    expect(isValidDate('2100-02-29')).toBe(false);
    expect(isValidDate('2025-04-31')).toBe(false);
    expect(isValidDate('2025-12-31')).toBe(true);
    expect(isValidDate('2025-13-01')).toBe(false);
    expect(isValidDate('2025-00-10')).toBe(false);
    expect(isValidDate('2025-01-00')).toBe(false);
  });

  it('rejects loose formats and out-of-range years', () => {
    for (const s of ['2025-7-15', '2025/07/15', '20250715', '2025-07-15T00:00:00Z', ' 2025-07-15', '2025-07-15\n', '１２３４-01-01']) {
      expect(isValidDate(s)).toBe(false);
    }
    expect(isValidDate('1899-12-31')).toBe(false);
    expect(isValidDate('1900-01-01')).toBe(true);
    expect(isValidDate('2999-12-31')).toBe(true);
    expect(isValidDate('3000-01-01')).toBe(false);
    expect(isValidDate(undefined)).toBe(false);
    expect(isValidDate(20250715)).toBe(false);
    expect(isValidDate(new Date())).toBe(false);
  });

  it('computes today in Shanghai (UTC+8) around midnight', () => {
    expect(todayInShanghai(new Date('2025-06-30T15:59:59.999Z'))).toBe('2025-06-30');
    expect(todayInShanghai(new Date('2025-06-30T16:00:00.000Z'))).toBe('2025-07-01');
    expect(todayInShanghai(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
    expect(todayInShanghai(new Date('2024-02-28T16:30:00Z'))).toBe('2024-02-29');
    expect(isValidDate(todayInShanghai())).toBe(true);
    expect(() => todayInShanghai(new Date('nope'))).toThrow(RangeError);
  });

  it('computes quarters', () => {
    expect(quarterOf('2025-01-01')).toBe('2025Q1');
    expect(quarterOf('2025-03-31')).toBe('2025Q1');
    expect(quarterOf('2025-04-01')).toBe('2025Q2');
    expect(quarterOf('2025-08-15')).toBe('2025Q3');
    expect(quarterOf('2025-12-31')).toBe('2025Q4');
    expect(() => quarterOf('2025-02-30')).toThrow(RangeError);
  });

  it('parses quarter strings', () => {
    expect(parseQuarter('2025Q1')).toEqual({ year: 2025, quarter: 1, firstDay: '2025-01-01', lastDay: '2025-03-31' });
    expect(parseQuarter('2025Q2')).toEqual({ year: 2025, quarter: 2, firstDay: '2025-04-01', lastDay: '2025-06-30' });
    expect(parseQuarter('2025Q3')).toEqual({ year: 2025, quarter: 3, firstDay: '2025-07-01', lastDay: '2025-09-30' });
    expect(parseQuarter('2025Q4')).toEqual({ year: 2025, quarter: 4, firstDay: '2025-10-01', lastDay: '2025-12-31' });
    for (const d of ['2025-01-01', '2025-05-20', '2025-09-30', '2025-11-11']) {
      const q = parseQuarter(quarterOf(d));
      expect(q).not.toBeNull();
      expect(q!.firstDay <= d && d <= q!.lastDay).toBe(true);
    }
  });

  it('rejects malformed quarter strings', () => {
    for (const q of ['2025Q5', '25Q1', '2025Q0', '2025q1', '2025-Q1', '2025Q1 ', 'Q1 2025', '12025Q1', '']) {
      expect(parseQuarter(q)).toBeNull();
    }
    expect(parseQuarter('1899Q4')).toBeNull();
    expect(parseQuarter(undefined as unknown as string)).toBeNull();
  });

  it('adds days across month, year and leap boundaries', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2025-07-15', 0)).toBe('2025-07-15');
    expect(addDays('2025-01-01', 365)).toBe('2026-01-01');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
    expect(addDays('2025-09-01', -60)).toBe('2025-07-03');
  });

  it('rejects bad addDays input and results out of range', () => {
    expect(() => addDays('2025-02-29', 1)).toThrow(RangeError);
    expect(() => addDays('2025-01-01', 1.5)).toThrow(RangeError);
    expect(() => addDays('2025-01-01', NaN)).toThrow(RangeError);
    expect(() => addDays('2999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('1900-01-01', -1)).toThrow(RangeError);
  });

  it('adds years, mapping Feb 29 to Feb 28 in non-leap years', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2025-07-15', 5)).toBe('2030-07-15');
    expect(addYears('2025-02-28', 1)).toBe('2026-02-28');
    expect(addYears('2023-03-01', 1)).toBe('2024-03-01');
    expect(() => addYears('2025-02-29', 1)).toThrow(RangeError);
    expect(() => addYears('2025-01-01', 0.5)).toThrow(RangeError);
    expect(() => addYears('2998-01-01', 5)).toThrow(RangeError);
  });
});

describe('money', () => {
  it('accepts non-negative decimals with at most 12 integer digits and 2 decimals', () => {
    for (const s of ['0', '0.5', '12.50', '1250.5', '0012.5', '999999999999.99', '000000000000']) {
      expect(decimalProblem(s)).toBeNull();
    }
  });

  it('rejects everything else', () => {
    for (const s of ['', '-1', '+1', '1.', '.5', '1.234', '1e3', ' 1', '1 ', '1,000', '1000000000000', 'NaN', '１２']) {
      expect(decimalProblem(s)).toMatch(/decimal/);
    }
    expect(decimalProblem(12.5)).toMatch(/string/);
    expect(decimalProblem(null)).toMatch(/string/);
  });

  it('normalizes to no leading zeros and two decimals', () => {
    expect(normalizeDecimal('0012.5')).toBe('12.50');
    expect(normalizeDecimal('0')).toBe('0.00');
    expect(normalizeDecimal('000.0')).toBe('0.00');
    expect(normalizeDecimal('0.05')).toBe('0.05');
    expect(normalizeDecimal('7')).toBe('7.00');
    expect(normalizeDecimal('1250.50')).toBe('1250.50');
    expect(normalizeDecimal('999999999999.99')).toBe('999999999999.99');
    expect(() => normalizeDecimal('-1')).toThrow(RangeError);
  });

  it('adds exactly without floating-point error', () => {
    expect(addDecimals('0.1', '0.2')).toBe('0.30');
    expect(addDecimals('0012.5', '0.05')).toBe('12.55');
    expect(addDecimals('0', '0')).toBe('0.00');
    expect(addDecimals('999999999999.99', '0.01')).toBe('1000000000000.00');
    expect(addDecimals('999999999999.99', '999999999999.99')).toBe('1999999999999.98');
    expect(() => addDecimals('1', 'x')).toThrow(RangeError);
    expect(() => addDecimals(1 as unknown as string, '1')).toThrow(RangeError);
  });
});
