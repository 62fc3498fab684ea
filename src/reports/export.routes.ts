import type http from 'node:http';
import type { ExecutionResult } from 'graphql';
import type { Context } from '../context';
import { DomainError, ErrorCode } from '../errors';
import { Route, sendError } from '../http';
import { farmlandIndicatorTable, jointDispatchCellTable, jointDispatchTable, problemListTable, reserveTrackerTable, Table, zeroViolationReviewTable } from './tables';
import { toCsv, toXlsx } from './writers';
import { queryStringProblem } from '../validation/text';

export interface ExportDeps {
  /** Authenticates like /graphql (bearer token → context). */
  context: (req: http.IncomingMessage) => Promise<Context>;
  /** Runs an operation through the same schema, permission layer and row scope as /graphql. */
  execute: (ctx: Context, query: string, variables: Record<string, unknown>) => Promise<ExecutionResult>;
}

const STATUS: Record<string, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401, [ErrorCode.FORBIDDEN]: 403, [ErrorCode.BAD_USER_INPUT]: 400, [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.RATE_LIMITED]: 429,
};

const JOINT_DISPATCH = `query($quarter: String!, $divisionCode: ID!) { r: jointDispatchReport(quarter: $quarter, divisionCode: $divisionCode) {
  quarter asOf division { code name } rows { ...row county { code name } } total { ...row } } }
  fragment row on JointDispatchRow { plotsByStage { stage count } sensitiveUseChanges sensitiveUseChangesInvestigated listedInQuarter
    delistedInQuarter violationsOpen violationsRectifiedInQuarter keyUnits keyUnitsOverdue permitsEndedInQuarter vacatedSitesOpen
    reserveProjectsAdded safeUseRate plotDutiesOverdue realEstateFilingsMissing postManagementOverdue
    yardsInspectedThisMonth yardsInspectionOverdue legacyWasteRemainingTonnes soilTransferDiscrepanciesOpen }`;
const RESERVE_TRACKER = `query($year: Int!, $divisionCode: ID!, $asOf: Date) { r: reserveTracker(year: $year, divisionCode: $divisionCode, asOf: $asOf) {
  year asOf division { code name } rows { county { code name } projects newInCentralReserve targetMet byStage { stage count }
  centralFundsRequested centralFundsApproved } } }`;
const PROBLEMS = `query($divisionCode: ID!, $quarter: String, $asOf: Date) { r: problems(divisionCode: $divisionCode, quarter: $quarter, asOf: $asOf) {
  asOf division { code name } rows { source kind county { code name } subject responsibleAgency dueOn detectedOn state detail } } }`;
const FARMLAND = `query($divisionCode: ID!, $quarter: String, $asOf: Date) { r: farmlandIndicator(divisionCode: $divisionCode, quarter: $quarter, asOf: $asOf) {
  asOf yearStart division { code name } rows { county { code name } units priorityAreaAtYearStart priorityArea priorityAreaDecrease safeUseArea
  strictControlArea basicFarmlandArea changesApproved categoryMovedDown warning eiaRestricted warnings } } }`;
const JOINT_DISPATCH_CELL = `query($quarter: String!, $divisionCode: ID!, $cell: JointDispatchCell!, $stage: PlotStage, $countyCode: ID) {
  r: jointDispatchCell(quarter: $quarter, divisionCode: $divisionCode, cell: $cell, stage: $stage, countyCode: $countyCode) {
  quarter asOf cell stage count division { code name } county { code name }
  rows { subject county { code name } kind state date detail plot { plotCode name } keyUnit { name } permit { holderName } vacatedSite { enterpriseName } reserveProject { name }
    solidWasteYard { name } legacyWasteSite { name } quantity } } }`;
const REVIEW = `query($divisionCode: ID!, $quarter: String, $asOf: Date) { r: zeroViolationReview(divisionCode: $divisionCode, quarter: $quarter, asOf: $asOf) {
  asOf division { code name } plots { county { code name } plot { plotCode name } stage problems steps { step state date } } } }`;
const GEOJSON = `query($filter: PlotFilter) { r: plotsGeoJSON(filter: $filter) }`;
const YARDS_GEOJSON = `query($divisionCode: ID, $includeClosed: Boolean) { r: solidWasteYardsGeoJSON(divisionCode: $divisionCode, includeClosed: $includeClosed) }`;

/**
 * Downloads from the same server, with the same bearer tokens and the same permissions: each export runs
 * the GraphQL operation it is a view of, so no rule exists twice. Refusals come back as JSON errors with
 * the matching HTTP status (401, 403, 400, and 429 with Retry-After over the rate limit, as /graphql).
 * A parameter that is not valid UTF-8 (an encoded lone surrogate) or holds NUL is refused with 400
 * BAD_USER_INPUT naming it, after authentication, as on /graphql.
 */
export function exportRoutes(deps: ExportDeps): Route[] {
  const run = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL, query: string, vars: (u: URL) => Record<string, unknown>) => {
    let ctx: Context;
    try {
      ctx = await deps.context(req);
    } catch (e) {
      if (e instanceof DomainError && e.code === ErrorCode.RATE_LIMITED) {
        const retryAfter = String(e.extensions.retryAfter ?? 60);
        return void sendError(res, 429, e.code, e.message, { 'retry-after': retryAfter }, { retryAfter: Number(retryAfter) });
      }
      if (e instanceof DomainError) return void sendError(res, STATUS[e.code] ?? 400, e.code, e.message);
      throw e;
    }
    const bad = queryStringProblem(url.search);
    if (bad) return void sendError(res, 400, ErrorCode.BAD_USER_INPUT, `${bad.field}: ${bad.message}`, {}, { field: bad.field });
    const result = await deps.execute(ctx, query, vars(url));
    const err = result.errors?.[0];
    if (err) {
      // No data at all is a request error: the operation is fixed, so a query parameter did not coerce to its
      // variable's type (?stages=NOPE, ?year=abc). That is the client's input, not a server fault.
      const requestError = result.data === undefined;
      const code = (err.originalError instanceof DomainError ? err.originalError.code : requestError ? ErrorCode.BAD_USER_INPUT : (err.extensions?.code as string)) ?? ErrorCode.INTERNAL_SERVER_ERROR;
      if (!(err.originalError instanceof DomainError) && !requestError && !STATUS[code]) throw err.originalError ?? err;
      return void sendError(res, STATUS[code] ?? 400, code, err.message);
    }
    return (result.data as { r: unknown }).r as any;
  };
  const send = (res: http.ServerResponse, type: string, filename: string, body: Buffer | string) => {
    res.writeHead(200, {
      'content-type': type,
      'content-disposition': `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };
  const tableRoute = (path: string, query: string, vars: (u: URL) => Record<string, unknown>, table: (r: any) => Table, name: (r: any) => string): Route[] => [
    {
      method: 'GET', path: `${path}.xlsx`,
      handler: async (req, res, url) => {
        const r = await run(req, res, url, query, vars);
        if (r) send(res, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${name(r)}.xlsx`, await toXlsx([table(r)]));
      },
    },
    {
      method: 'GET', path: `${path}.csv`,
      handler: async (req, res, url) => {
        const r = await run(req, res, url, query, vars);
        if (r) send(res, 'text/csv; charset=utf-8', `${name(r)}.csv`, toCsv(table(r)));
      },
    },
  ];
  const division = (u: URL) => u.searchParams.get('divisionCode') ?? u.searchParams.get('division') ?? '';
  return [
    ...tableRoute('/exports/joint-dispatch', JOINT_DISPATCH, (u) => ({ quarter: u.searchParams.get('quarter') ?? '', divisionCode: division(u) }), jointDispatchTable, (r) => `季度调度-${r.division.code}-${r.quarter}`),
    ...tableRoute('/exports/reserve-tracker', RESERVE_TRACKER, (u) => ({ year: Number(u.searchParams.get('year')), divisionCode: division(u), asOf: u.searchParams.get('asOf') ?? undefined }), reserveTrackerTable, (r) => `项目储备-${r.division.code}-${r.year}`),
    ...tableRoute('/exports/problems', PROBLEMS, (u) => ({ divisionCode: division(u), quarter: u.searchParams.get('quarter') ?? undefined, asOf: u.searchParams.get('asOf') ?? undefined }),
      problemListTable, (r) => `问题清单-${r.division.code}-${r.asOf}`),
    ...tableRoute('/exports/farmland-indicator', FARMLAND, (u) => ({ divisionCode: division(u), quarter: u.searchParams.get('quarter') ?? undefined, asOf: u.searchParams.get('asOf') ?? undefined }),
      farmlandIndicatorTable, (r) => `耕地预警-${r.division.code}-${r.asOf}`),
    ...tableRoute('/exports/joint-dispatch-cell', JOINT_DISPATCH_CELL, (u) => ({
      quarter: u.searchParams.get('quarter') ?? '', divisionCode: division(u), cell: u.searchParams.get('cell') ?? '',
      stage: u.searchParams.get('stage') ?? undefined, countyCode: u.searchParams.get('countyCode') ?? undefined,
    }), jointDispatchCellTable, (r) => `季度调度明细-${r.county?.code ?? r.division.code}-${r.quarter}-${r.cell}${r.stage ? `-${r.stage}` : ''}`),
    ...tableRoute('/exports/zero-violation-review', REVIEW, (u) => ({ divisionCode: division(u), quarter: u.searchParams.get('quarter') ?? undefined, asOf: u.searchParams.get('asOf') ?? undefined }),
      zeroViolationReviewTable, (r) => `清零核查-${r.division.code}-${r.asOf}`),
    {
      method: 'GET', path: '/exports/plots.geojson',
      handler: async (req, res, url) => {
        const r = await run(req, res, url, GEOJSON, (u) => {
          const p = u.searchParams;
          const filter: Record<string, unknown> = {};
          if (p.get('divisionCode')) filter.divisionCode = p.get('divisionCode');
          if (p.get('stages')) filter.stages = p.get('stages')!.split(',');
          if (p.get('landStatus')) filter.landStatus = p.get('landStatus');
          if (p.get('search')) filter.search = p.get('search');
          if (p.get('sensitivePlannedUse')) filter.sensitivePlannedUse = p.get('sensitivePlannedUse') === 'true';
          return { filter };
        });
        if (r) send(res, 'application/geo+json; charset=utf-8', 'plots.geojson', JSON.stringify(r));
      },
    },
    {
      // The solid-waste yards layer of the one map (RULES §11), as the yards' readers may see it.
      method: 'GET', path: '/exports/solid-waste-yards.geojson',
      handler: async (req, res, url) => {
        const r = await run(req, res, url, YARDS_GEOJSON, (u) => ({
          divisionCode: u.searchParams.get('divisionCode') ?? u.searchParams.get('division') ?? undefined,
          includeClosed: u.searchParams.has('includeClosed') ? u.searchParams.get('includeClosed') === 'true' : undefined,
        }));
        if (r) send(res, 'application/geo+json; charset=utf-8', 'solid-waste-yards.geojson', JSON.stringify(r));
      },
    },
  ];
}
