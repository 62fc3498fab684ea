import type { App } from '../../src/app';
import { systemPrincipal } from '../../src/auth/principal';
import { Agency } from '../../src/modules/client/agency';
import { MonitoringKind } from '../../src/modules/keyunit/keyunit.entity';
import * as keyUnits from '../../src/modules/keyunit/keyunit.service';
import { PermitCategory, PermitEnd } from '../../src/modules/permit/permit.entity';
import * as permits from '../../src/modules/permit/permit.service';
import { PlotSource, PlotStage } from '../../src/modules/plot/plot.enums';
import * as plots from '../../src/modules/plot/plot.service';
import { Plot } from '../../src/modules/plot/plot.entity';
import { ReserveCategory } from '../../src/modules/reserve/reserve-project.entity';
import * as reserve from '../../src/modules/reserve/reserve-project.service';
import { VacatedSite } from '../../src/modules/vacated/vacated-site.entity';
import { Violation } from '../../src/modules/violation/violation.entity';
import { makeCreditCode } from '../../src/validation/uscc';

let serial = 0;
/** A fresh valid credit code in a county: 91 + county + 9 serial characters + check character. */
export const creditCodeIn = (county: string) => makeCreditCode(`91${county}MA${String(++serial).padStart(7, '0')}`);

export interface Fixture {
  county: string;
  keyUnitId: string; keyUnitVersion: number; creditCode: string;
  permitId: string; permitVersion: number; permitNo: string;
  plotId: string; plotVersion: number; plotCode: string;
  /** A plot of no key unit (the flagged one): planning its use is not held by 法67 (RULES §4 gate 5), unlike plotId. */
  plainPlotId: string; plainPlotVersion: number;
  siteId: string; siteVersion: number;
  projectId: string; projectVersion: number;
  violationId: string;
}

/**
 * One of everything in a county, written through the services as the platform itself: a key unit with a
 * check and a monitoring record, a valid permit, a plot of the unit, a vacated site (from a second,
 * ended permit), a reserve project, and an open violation.
 */
export async function buildFixture(app: App, county: string): Promise<Fixture> {
  const as = (agency: Agency) => app.contextFor(systemPrincipal(agency, 'fixture'));
  const creditCode = creditCodeIn(county);
  const unit = await keyUnits.upsertKeyUnit(as(Agency.ECO), { creditCode, name: `示例焦化${serial}`, countyCode: county, industry: '焦化', listedOn: '2023-01-10', contactPhone: '0358-7000000' });
  await keyUnits.recordHiddenDangerCheck(as(Agency.ECO), { keyUnitId: String(unit.id), completedOn: '2023-06-01', rectified: true });
  await keyUnits.recordMonitoring(as(Agency.ECO), { keyUnitId: String(unit.id), kind: MonitoringKind.SELF_SOIL, year: 2024, sampledOn: '2024-05-01', exceedsScreening: false, beyondBoundary: false });
  const permit = await permits.issuePermit(as(Agency.APPROVALS), { permitNo: `${creditCode}001P`, holderName: unit.name, creditCode, countyCode: county, industry: '焦化', category: PermitCategory.KEY, issuedOn: '2023-01-01', validUntil: '2027-12-31' });
  const plot = await plots.registerPlot(as(Agency.ECO), {
    name: `示例地块${serial}`, countyCode: county, source: PlotSource.KEY_UNIT_LAND, keyUnitId: String(unit.id), identifiedOn: '2024-01-01',
    centroid: { lon: 111.78, lat: 37.14 }, industry: '焦化',
  });
  // A second enterprise whose permit ended: the vacated site (and its plot) of the fixture.
  const other = creditCodeIn(county);
  const ended = await permits.issuePermit(as(Agency.APPROVALS), { permitNo: `${other}001P`, holderName: `示例电镀${serial}`, creditCode: other, countyCode: county, industry: '电镀', category: PermitCategory.SIMPLIFIED, issuedOn: '2022-01-01', validUntil: '2026-12-31' });
  await permits.endPermit(as(Agency.APPROVALS), { id: String(ended.id), how: PermitEnd.CANCEL, endedOn: '2024-02-01', reason: '停产', expectedVersion: ended.version });
  const project = await reserve.createReserveProject(as(Agency.ECO), { name: `示例项目${serial}`, countyCode: county, category: ReserveCategory.RISK_CONTROL_REMEDIATION, year: 2025, centralFundsRequested: '100.00', plotIds: [String(plot.id)] });
  // Works seen on a SUSPECTED plot: an open violation.
  const flagged = await plots.registerPlot(as(Agency.ECO), { name: `示例违规地块${serial}`, countyCode: county, source: PlotSource.OTHER, identifiedOn: '2024-01-01' });
  await plots.reportConstructionStarted(as(Agency.HOUSING), { plotId: String(flagged.id), startedOn: '2024-03-01', expectedVersion: flagged.version });

  const em = app.systemContext().em;
  const site = await em.findOneOrFail(VacatedSite, { permit: ended.id });
  const violation = await em.findOneOrFail(Violation, { plot: flagged.id });
  const fresh = await em.findOneOrFail(Plot, { id: plot.id });
  const plain = await em.findOneOrFail(Plot, { id: flagged.id });
  return {
    county,
    keyUnitId: String(unit.id), keyUnitVersion: unit.version, creditCode,
    permitId: String(permit.id), permitVersion: permit.version, permitNo: permit.permitNo,
    plotId: String(plot.id), plotVersion: fresh.version, plotCode: plot.plotCode,
    plainPlotId: String(plain.id), plainPlotVersion: plain.version,
    siteId: String(site.id), siteVersion: site.version,
    projectId: String(project.id), projectVersion: project.version,
    violationId: String(violation.id),
  };
}

export { PlotStage };
