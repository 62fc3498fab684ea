/**
 * The benchmark's scenarios: the GraphQL operation the server answers, and THE FLOOR: the same answer built
 * by one hand-written SQL statement (json_build_object / json_agg in PostgreSQL, returned as text), with the
 * same row scope and the same definitions (permit status on today's date, duties as of a date, history by
 * effectiveOn). The floor is what the database alone needs for the answer; server p50 / floor p50 is the
 * price of everything else (HTTP, GraphQL, permissions, the ORM, the round trips).
 */
import { dutiesSql, dutyRules } from '../src/modules/duty/engine';
import { ObligationKind } from '../src/modules/duty/duty.types';
import { DEFAULT_CITY_RULES } from '../src/rules/city-rules';
import { PlotStage } from '../src/modules/plot/plot.enums';
import { ReserveStage } from '../src/modules/reserve/reserve-project.entity';

export const STAGES = Object.values(PlotStage);
export const RESERVE_STAGES = Object.values(ReserveStage);
const pgTextArray = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(', ')}]::text[]`;
/** encodeCursor (src/graphql/connection.ts) in SQL: base64url of "c:<id>", no padding. */
const cursorSql = (idExpr: string) => `rtrim(translate(encode(convert_to('c:' || (${idExpr})::text, 'UTF8'), 'base64'), '+/', '-_'), '=')`;
/** permitStatus (src/modules/permit/permit.status.ts) in SQL, on the date bound at `today`. */
const permitStatusSql = (t: string, today: string) => `case when ${t}.stored_status <> 'VALID' then ${t}.stored_status when ${t}.valid_until < ${today}::date then 'EXPIRED' else 'VALID' end`;

// ───────────────────────── (0): the fixed cost of a request ─────────────────────────

export const ME_QUERY = `query Me { me { clientName agency division { code name } } }`;

/** $1 the bearer token: the client row by its hash, as authentication reads it. */
export const ME_FLOOR = `
select json_build_object('data', json_build_object('me', json_build_object('clientName', c.name, 'agency', c.agency,
  'division', json_build_object('code', d.code, 'name', d.name))))::text
from api_client c join division d on d.code = c.division_code
where c.token_hash = encode(sha256(convert_to($1::text, 'UTF8')), 'hex') and c.revoked_at is null`;

// ───────────────────────── (a), (b): a page of plots with nested lists ─────────────────────────

export const PLOTS_QUERY = `query Plots($first: Int, $after: String) {
  plots(first: $first, after: $after) {
    nodes {
      id
      name
      county { name }
      keyUnit { name permits { permitNo status } }
      stageHistory { to effectiveOn }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** $1 scope counties, $2 after id (0 = from the start), $3 page size, $4 today. */
export const PLOTS_FLOOR = `
with page as (
  select p.id, p.name, p.county_code, p.key_unit_id from plot p
  where p.county_code = any($1::text[]) and p.id > $2::int
  order by p.id limit $3::int + 1
), shown as (select * from page order by id limit $3::int)
select json_build_object('data', json_build_object('plots', json_build_object(
  'nodes', coalesce((
    select json_agg(json_build_object(
      'id', s.id::text,
      'name', s.name,
      'county', json_build_object('name', d.name),
      'keyUnit', ku.j,
      'stageHistory', coalesce(h.j, '[]'::json)) order by s.id)
    from shown s
    join division d on d.code = s.county_code
    left join lateral (
      select json_build_object('name', k.name, 'permits', coalesce((
        select json_agg(json_build_object('permitNo', dp.permit_no, 'status', ${permitStatusSql('dp', '$4')}) order by dp.id)
        from discharge_permit dp where dp.key_unit_id = k.id and dp.county_code = any($1::text[])), '[]'::json)) as j
      from key_unit k where k.id = s.key_unit_id and k.county_code = any($1::text[])
    ) ku on true
    left join lateral (
      select json_agg(json_build_object('to', e.to_stage, 'effectiveOn', e.effective_on::text) order by e.effective_on, e.id) as j
      from stage_event e where e.plot_id = s.id
    ) h on true), '[]'::json),
  'pageInfo', json_build_object(
    'hasNextPage', (select count(*) from page) > $3::int,
    'endCursor', (select ${cursorSql('max(id)')} from shown)))))::text`;

// ───────────────────────── (c): one key unit with everything ─────────────────────────

export const KEY_UNIT_QUERY = `query KeyUnit($id: ID!) {
  keyUnit(id: $id) {
    id creditCode name county { code name } industry address listedOn delistedOn status contactPhone inPermitManagement version
    permits { id permitNo holderName category issuedOn validUntil status endedOn endReason }
    hiddenDangerChecks { id completedOn findings rectified }
    monitoringRecords { id kind year sampledOn exceedsScreening beyondBoundary }
    plots {
      id plotCode name stage landStatus plannedUse { code sensitive }
      stageHistory { from to effectiveOn evidence { documentNo title issuedBy issuedOn } }
    }
    obligations { kind state dueOn detail }
  }
}`;

/** The engine's order of kinds (bench.ts compares obligations as a set; the order only keeps the floor's list readable). */
const OBLIGATION_ORDER = Object.values(ObligationKind);

/** $1 key unit id, $2 scope counties, $3 today. */
export const KEY_UNIT_FLOOR = `
select json_build_object('data', json_build_object('keyUnit', (
  select json_build_object(
    'id', k.id::text, 'creditCode', k.credit_code, 'name', k.name, 'county', json_build_object('code', d.code, 'name', d.name),
    'industry', k.industry, 'address', k.address, 'listedOn', k.listed_on::text, 'delistedOn', k.delisted_on::text, 'status', k.status,
    'contactPhone', k.contact_phone,
    'inPermitManagement', coalesce((select bool_or(${permitStatusSql('dp', '$3')} = 'VALID') from discharge_permit dp where dp.key_unit_id = k.id and dp.county_code = any($2::text[])), false),
    'version', k.version,
    'permits', coalesce((select json_agg(json_build_object('id', dp.id::text, 'permitNo', dp.permit_no, 'holderName', dp.holder_name, 'category', dp.category,
        'issuedOn', dp.issued_on::text, 'validUntil', dp.valid_until::text, 'status', ${permitStatusSql('dp', '$3')}, 'endedOn', dp.ended_on::text, 'endReason', dp.end_reason) order by dp.id)
      from discharge_permit dp where dp.key_unit_id = k.id and dp.county_code = any($2::text[])), '[]'::json),
    'hiddenDangerChecks', coalesce((select json_agg(json_build_object('id', h.id::text, 'completedOn', h.completed_on::text, 'findings', h.findings, 'rectified', h.rectified) order by h.completed_on, h.id)
      from hidden_danger_check h where h.key_unit_id = k.id), '[]'::json),
    'monitoringRecords', coalesce((select json_agg(json_build_object('id', m.id::text, 'kind', m.kind, 'year', m.year, 'sampledOn', m.sampled_on::text,
        'exceedsScreening', m.exceeds_screening, 'beyondBoundary', m.beyond_boundary) order by m.year, m.sampled_on, m.id)
      from monitoring_record m where m.key_unit_id = k.id), '[]'::json),
    'plots', coalesce((select json_agg(json_build_object('id', p.id::text, 'plotCode', p.plot_code, 'name', p.name, 'stage', p.stage, 'landStatus', p.land_status,
        'plannedUse', case when lu.code is null then null else json_build_object('code', lu.code, 'sensitive', lu.sensitive) end,
        'stageHistory', coalesce((select json_agg(json_build_object('from', e.from_stage, 'to', e.to_stage, 'effectiveOn', e.effective_on::text,
            'evidence', case when e.evidence is null then null else json_build_object('documentNo', e.evidence->>'documentNo', 'title', e.evidence->>'title',
              'issuedBy', e.evidence->>'issuedBy', 'issuedOn', e.evidence->>'issuedOn') end) order by e.effective_on, e.id)
          from stage_event e where e.plot_id = p.id), '[]'::json)) order by p.id)
      from plot p left join land_use lu on lu.code = p.planned_use_code
      where p.key_unit_id = k.id and p.county_code = any($2::text[])), '[]'::json),
    'obligations', coalesce((select json_agg(json_build_object('kind', o.kind, 'state', o.state, 'dueOn', o.due, 'detail', o.detail)
        order by array_position(${pgTextArray(OBLIGATION_ORDER)}, o.kind), coalesce(o.due, ''))
      from (select ob.kind, ob.state, ob.detail, ob.due_on as due
            from (${dutiesSql({ date: '$3', keyUnits: '$1::int', keyUnitPlotDuty: true, rules: dutyRules(DEFAULT_CITY_RULES) }) /* the duty engine's one SQL definition, unit $1 at date $3 */}) ob) o), '[]'::json))
  from key_unit k join division d on d.code = k.county_code
  where k.id = $1::int and k.county_code = any($2::text[]))))::text`;

// ───────────────────────── (d), (e): the quarterly joint-dispatch report ─────────────────────────

export const JOINT_DISPATCH_QUERY = `query JointDispatch($quarter: String!, $divisionCode: ID!) {
  jointDispatchReport(quarter: $quarter, divisionCode: $divisionCode) {
    quarter asOf division { code name }
    rows { county { code name } ...row }
    total { ...row }
  }
}
fragment row on JointDispatchRow {
  plotsByStage { stage count } sensitiveUseChanges sensitiveUseChangesInvestigated listedInQuarter delistedInQuarter
  violationsOpen violationsRectifiedInQuarter keyUnits keyUnitsOverdue plotDutiesOverdue realEstateFilingsMissing postManagementOverdue
  permitsEndedInQuarter vacatedSitesOpen reserveProjectsAdded safeUseRate
}`;

const CLEARED_SQL = `('BELOW_SCREENING', 'RISK_ACCEPTABLE', 'DELISTED')`;
const IN_RESERVE_SQL = `('IN_CENTRAL_RESERVE', 'FUNDED', 'IN_PROGRESS', 'COMPLETED')`;
const JD_FIELDS = ['sensitiveUseChanges', 'sensitiveUseChangesInvestigated', 'listedInQuarter', 'delistedInQuarter', 'violationsOpen', 'violationsRectifiedInQuarter',
  'keyUnits', 'keyUnitsOverdue', 'plotDutiesOverdue', 'realEstateFilingsMissing', 'postManagementOverdue', 'permitsEndedInQuarter', 'vacatedSitesOpen', 'reserveProjectsAdded'];
const JD_COLS = ['chg', 'chg_inv', 'listed', 'delisted', 'v_open', 'v_rect', 'ku', 'ku_overdue', 'plot_overdue', 'filings_missing', 'pm_overdue', 'permits_ended', 'vacated_open', 'reserve_added'];

/**
 * $1 counties of the division, $2 quarter's first day, $3 its last day, $4 1 January of its year, $5 division
 * code, $6 the quarter ("2025Q3"). Set-based: every count is one grouped pass (no per-county subqueries).
 * The cells as RULES.md §6–§8 define them, written here by hand: a use change leaves out land already in
 * 一住两公 use and counts as investigated only past investigation and, when cleared, cleared against the class its
 * planned or supplied use needs (GB 36600: FIRST covers both); key units are those with a listing period covering
 * quarter end; a vacated site closed by then is not open; a reserve entry counts when its project's stage at
 * quarter end (its last stage event by then) is in the central reserve or later; a supply is safe when cleared
 * then for the class its supplied codes need. The duty counts (keyUnitsOverdue and the three plot-duty cells)
 * come from the duty engine's one SQL definition (dutiesSql), the definition of a duty, as the server's do.
 */
export const JOINT_DISPATCH_FLOOR = `
with c as (select unnest($1::text[]) as county_code),
st as materialized (
  -- the stage (and the clearance class) at quarter end: one backward probe of (plot_id, effective_on) per plot
  select p.id as plot_id, p.county_code, s.stage, s.cls from plot p
  cross join lateral (select e.to_stage as stage, e.land_class as cls from stage_event e where e.plot_id = p.id and e.effective_on <= $3::date
                      order by e.effective_on desc, e.id desc limit 1) s
  where p.county_code = any($1::text[])),
by_stage as (select county_code, stage, count(*) as n from st group by 1, 2),
plan as (
  select le.plot_id, p.county_code,
    (select pu2.sensitive from land_event le2 join land_use pu2 on pu2.code = le2.planned_use_code
      where le2.plot_id = le.plot_id and le2.kind = 'PLAN_USE' and (le2.decided_on < le.decided_on or (le2.decided_on = le.decided_on and le2.id < le.id))
      order by le2.decided_on desc, le2.id desc limit 1) as was_sensitive
  from land_event le join plot p on p.id = le.plot_id join land_use pu on pu.code = le.planned_use_code
  left join land_use cu on cu.code = p.current_use_code
  where le.kind = 'PLAN_USE' and pu.sensitive and not coalesce(cu.sensitive, false)
    and le.decided_on between $2::date and $3::date and p.county_code = any($1::text[])),
changed as (select distinct plot_id, county_code from plan where not coalesce(was_sensitive, false)),
changed_cls as (
  -- does the plot's destination at quarter end (latest planned use, codes of the latest supply) need first-class values?
  select x.plot_id, x.county_code, st.stage, st.cls,
    exists (select 1 from land_use u where u.land_class = 'FIRST' and (
      u.code = (select le.planned_use_code from land_event le where le.plot_id = x.plot_id and le.kind = 'PLAN_USE' and le.planned_use_code is not null
                  and le.decided_on <= $3::date order by le.decided_on desc, le.id desc limit 1)
      or u.code = any(coalesce((select le.supplied_use_codes from land_event le where le.plot_id = x.plot_id and le.kind = 'SUPPLY' and le.decided_on <= $3::date
                  order by le.decided_on desc, le.id desc limit 1), '{}'::text[])))) as needs_first
  from changed x left join st on st.plot_id = x.plot_id),
chg as (select county_code, count(*) as chg,
          count(*) filter (where stage not in ('SUSPECTED', 'UNDER_INVESTIGATION')
                             and (stage not in ${CLEARED_SQL} or not needs_first or coalesce(cls, 'SECOND') = 'FIRST')) as chg_inv
        from changed_cls group by 1),
lst as (select p.county_code, count(distinct e.plot_id) filter (where e.to_stage = 'LISTED') as listed, count(distinct e.plot_id) filter (where e.to_stage = 'DELISTED') as delisted
        from stage_event e join plot p on p.id = e.plot_id
        where e.to_stage in ('LISTED', 'DELISTED') and e.effective_on between $2::date and $3::date and p.county_code = any($1::text[]) group by 1),
vio as (select county_code, count(*) filter (where detected_on <= $3::date and (rectified_on is null or rectified_on > $3::date)) as v_open,
          count(*) filter (where rectified_on between $2::date and $3::date) as v_rect
        from violation where county_code = any($1::text[]) group by 1),
kus as (select k.county_code, count(*) as ku from key_unit k
        where k.county_code = any($1::text[])
          and exists (select 1 from key_unit_listing l where l.key_unit_id = k.id and l.listed_on <= $3::date and (l.delisted_on is null or l.delisted_on > $3::date))
        group by 1),
duty as materialized (${dutiesSql({
  date: '$3', keyUnits: 'select id from key_unit where county_code = any($1::text[])', plots: 'select id from plot where county_code = any($1::text[])',
  keyUnitPlotDuty: true, rules: dutyRules(DEFAULT_CITY_RULES),
}) /* the duty engine's one SQL definition, every unit and plot of the division at quarter end */}),
dut as (select county_code, count(distinct key_unit_id) filter (where subject = 'KEY_UNIT' and state = 'OVERDUE') as ku_overdue,
          count(*) filter (where subject = 'PLOT' and state = 'OVERDUE') as plot_overdue,
          count(*) filter (where subject = 'PLOT' and kind = 'REAL_ESTATE_FILING' and state = 'DUE') as filings_missing,
          count(*) filter (where subject = 'PLOT' and kind = 'POST_MANAGEMENT' and state = 'OVERDUE') as pm_overdue
        from duty group by 1),
perm as (select county_code, count(*) as permits_ended from discharge_permit where county_code = any($1::text[]) and ended_on between $2::date and $3::date group by 1),
vac as (select s.county_code, count(*) as vacated_open from vacated_site s left join st on st.plot_id = s.plot_id
        where s.county_code = any($1::text[]) and s.vacated_on <= $3::date and not coalesce(st.stage in ${CLEARED_SQL}, false)
          and not coalesce(s.closed_on <= $3::date, false) group by 1),
res as (select r.county_code, count(*) as reserve_added from reserve_project r
        left join lateral (select e.to_stage from reserve_stage_event e where e.project_id = r.id and e.effective_on <= $3::date
                           order by e.effective_on desc, e.id desc limit 1) at_end on true
        where r.county_code = any($1::text[]) and r.entered_central_reserve_on between $2::date and $3::date
          and coalesce(at_end.to_stage, case when exists (select 1 from reserve_stage_event e where e.project_id = r.id) then 'DRAFT' else r.stage end) in ${IN_RESERVE_SQL}
        group by 1),
supplies as (
  select distinct on (le.plot_id) le.plot_id, p.county_code, th.to_stage as stage_then, th.land_class as class_then,
    exists (select 1 from land_use u where u.code = any(le.supplied_use_codes) and u.land_class = 'FIRST') as needs_first
  from land_event le join plot p on p.id = le.plot_id
  left join land_use cu on cu.code = p.current_use_code
  left join lateral (select e.to_stage, e.land_class from stage_event e where e.plot_id = le.plot_id and e.effective_on <= le.decided_on
                     order by e.effective_on desc, e.id desc limit 1) th on true
  where le.kind = 'SUPPLY' and exists (select 1 from land_use su where su.code = any(le.supplied_use_codes) and su.sensitive) and not coalesce(cu.sensitive, false)
    and le.decided_on between $4::date and $3::date and p.county_code = any($1::text[])
  order by le.plot_id, le.decided_on desc, le.id desc),
open_v as (select distinct plot_id from violation where county_code = any($1::text[]) and detected_on <= $3::date and (rectified_on is null or rectified_on > $3::date)),
sup as (select s.county_code, count(*) as supplied,
          count(*) filter (where s.stage_then in ${CLEARED_SQL} and (not s.needs_first or coalesce(s.class_then, 'SECOND') = 'FIRST')
                             and not exists (select 1 from open_v o where o.plot_id = s.plot_id)) as safe
        from supplies s group by 1),
r as (
  select c.county_code, d.name,
    ${JD_COLS.map((col) => `coalesce(${col}, 0) as ${col}`).join(', ')},
    coalesce(sup.supplied, 0) as supplied, coalesce(sup.safe, 0) as safe
  from c join division d on d.code = c.county_code
  left join chg using (county_code) left join lst using (county_code) left join vio using (county_code) left join kus using (county_code)
  left join dut using (county_code) left join perm using (county_code) left join vac using (county_code) left join res using (county_code) left join sup using (county_code))
select json_build_object('data', json_build_object('jointDispatchReport', json_build_object(
  'quarter', $6::text, 'asOf', $3::date::text,
  'division', (select json_build_object('code', code, 'name', name) from division where code = $5::text),
  'rows', coalesce((select json_agg(json_build_object(
      'county', json_build_object('code', r.county_code, 'name', r.name),
      'plotsByStage', (select json_agg(json_build_object('stage', s.stage, 'count', coalesce(b.n, 0)) order by s.ord)
                       from unnest(${pgTextArray(STAGES)}) with ordinality s(stage, ord) left join by_stage b on b.county_code = r.county_code and b.stage = s.stage),
      ${JD_FIELDS.map((f, i) => `'${f}', r.${JD_COLS[i]}`).join(', ')},
      'safeUseRate', case when r.supplied = 0 then null else r.safe::float8 / r.supplied end) order by r.county_code) from r), '[]'::json),
  'total', (select json_build_object(
      'plotsByStage', (select json_agg(json_build_object('stage', s.stage, 'count', (select coalesce(sum(b.n), 0) from by_stage b where b.stage = s.stage)) order by s.ord)
                       from unnest(${pgTextArray(STAGES)}) with ordinality s(stage, ord)),
      ${JD_FIELDS.map((f, i) => `'${f}', coalesce(sum(r.${JD_COLS[i]}), 0)`).join(', ')},
      'safeUseRate', case when coalesce(sum(r.supplied), 0) = 0 then null else sum(r.safe)::float8 / sum(r.supplied) end) from r))))::text`;

// ───────────────────────── (f): the county project-reserve tracker ─────────────────────────

export const RESERVE_TRACKER_QUERY = `query ReserveTracker($year: Int!, $divisionCode: ID!) {
  reserveTracker(year: $year, divisionCode: $divisionCode) {
    year asOf division { code name }
    rows { county { code name } projects newInCentralReserve targetMet byStage { stage count } centralFundsRequested centralFundsApproved }
  }
}`;

/**
 * $1 counties, $2 year, $3 division code, $4 the date the tracker is read as of (the query's default: today),
 * $5 today. RULES.md §7: a project's stage as of the date is its last stage event (reserve_stage_event) effective
 * by then, DRAFT before its first move, its row's stage when it has none; as of a past date only projects
 * recorded or moved by then count. newInCentralReserve: entered in the year (by the date) and standing in the
 * central reserve or later as of the date.
 */
export const RESERVE_TRACKER_FLOOR = `
with c as (select unnest($1::text[]) as county_code),
rp as (select r.county_code, r.year, r.entered_central_reserve_on, r.central_funds_requested, r.central_funds_approved,
         coalesce(at_d.to_stage, case when exists (select 1 from reserve_stage_event e where e.project_id = r.id) then 'DRAFT' else r.stage end) as stage
       from reserve_project r
       left join lateral (select e.to_stage from reserve_stage_event e where e.project_id = r.id and e.effective_on <= $4::date
                          order by e.effective_on desc, e.id desc limit 1) at_d on true
       where r.county_code = any($1::text[]) and (r.year = $2::int or r.entered_central_reserve_on between make_date($2::int, 1, 1) and make_date($2::int, 12, 31))
         and ($4::date >= $5::date or (r.created_at at time zone 'Asia/Shanghai')::date <= $4::date or at_d.to_stage is not null)),
agg as (select county_code, count(*) filter (where year = $2::int) as projects,
          count(*) filter (where stage in ${IN_RESERVE_SQL} and entered_central_reserve_on between make_date($2::int, 1, 1) and least(make_date($2::int, 12, 31), $4::date)) as newin,
          coalesce(sum(central_funds_requested) filter (where year = $2::int), 0) as req, coalesce(sum(central_funds_approved) filter (where year = $2::int), 0) as appr
        from rp group by 1),
st as (select county_code, stage, count(*) as n from rp where year = $2::int group by 1, 2)
select json_build_object('data', json_build_object('reserveTracker', json_build_object(
  'year', $2::int, 'asOf', $4::date::text,
  'division', (select json_build_object('code', code, 'name', name) from division where code = $3::text),
  'rows', coalesce((select json_agg(json_build_object(
      'county', json_build_object('code', c.county_code, 'name', d.name),
      'projects', coalesce(a.projects, 0), 'newInCentralReserve', coalesce(a.newin, 0), 'targetMet', coalesce(a.newin, 0) >= 1,
      'byStage', (select json_agg(json_build_object('stage', s.stage, 'count', coalesce(st.n, 0)) order by s.ord)
                  from unnest(${pgTextArray(RESERVE_STAGES)}) with ordinality s(stage, ord) left join st on st.county_code = c.county_code and st.stage = s.stage),
      'centralFundsRequested', to_char(coalesce(a.req, 0), 'FM999999999999990.00'),
      'centralFundsApproved', to_char(coalesce(a.appr, 0), 'FM999999999999990.00')) order by c.county_code)
    from c join division d on d.code = c.county_code left join agg a on a.county_code = c.county_code), '[]'::json))))::text`;

// ───────────────────────── (g): the change feed ─────────────────────────

export const CHANGES_QUERY = `query Changes($after: String, $first: Int) {
  changes(after: $after, first: $first) {
    nodes { cursor at agency clientName entity entityId action fields }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** $1 after id, $2 entity types the agency may read, $3 scope counties, $4 page size, $5 "Entity.field" the agency may not read, $6 the after cursor. */
export const CHANGES_FLOOR = `
with page as (
  select id, at, agency, client_name, entity, entity_id, action, fields from change_log
  where id > $1::bigint and entity = any($2::text[]) and county_code = any($3::text[])
  order by id limit $4::int + 1
), shown as (select * from page order by id limit $4::int)
select json_build_object('data', json_build_object('changes', json_build_object(
  'nodes', coalesce((select json_agg(json_build_object(
      'cursor', ${cursorSql('s.id')},
      'at', to_char(s.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS') || '+08:00',
      'agency', s.agency, 'clientName', s.client_name, 'entity', s.entity, 'entityId', s.entity_id, 'action', s.action,
      'fields', array(select f from unnest(s.fields) with ordinality u(f, i) where s.entity || '.' || f <> all($5::text[]) order by i)) order by s.id)
    from shown s), '[]'::json),
  'pageInfo', json_build_object(
    'hasNextPage', (select count(*) from page) > $4::int,
    'endCursor', coalesce((select ${cursorSql('max(id)')} from shown), $6::text)))))::text`;

// ───────────────────────── (h): writes ─────────────────────────

export const HDC_MUTATION = `mutation Check($keyUnitId: ID!, $completedOn: Date!, $rectified: Boolean!, $findings: String) {
  recordHiddenDangerCheck(keyUnitId: $keyUnitId, completedOn: $completedOn, rectified: $rectified, findings: $findings) { id completedOn findings rectified }
}`;

/**
 * The same write as one statement: the unit in scope, the check, the change-feed and audit rows under the
 * change-log advisory lock (src/modules/changes/change-log.ts), all in the statement's own transaction.
 * $1 key unit, $2 scope counties, $3 completedOn, $4 findings, $5 rectified, $6 client id, $7 client name.
 */
export const HDC_FLOOR = `
with ku as (select id, county_code from key_unit where id = $1::int and county_code = any($2::text[])),
ins as (insert into hidden_danger_check (key_unit_id, completed_on, findings, rectified)
        select id, $3::date, $4::text, $5::boolean from ku returning id, key_unit_id, completed_on, findings, rectified),
lk as (select pg_advisory_xact_lock(7411181) as l from ins),
cl as (insert into change_log (agency, client_id, client_name, entity, entity_id, action, fields, county_code)
       select 'ECO', $6::int, $7::text, 'HiddenDangerCheck', ins.id::text, 'CREATED', '{keyUnit,completedOn,findings,rectified}'::text[], ku.county_code from ins, ku, lk returning id),
al as (insert into audit_log (agency, client_id, client_name, operation, entity, entity_id, action, outcome, before, after, county_code)
       select 'ECO', $6::int, $7::text, 'recordHiddenDangerCheck', 'HiddenDangerCheck', ins.id::text, 'CREATED', 'OK', null,
         jsonb_build_object('id', ins.id, 'keyUnit', ins.key_unit_id, 'completedOn', ins.completed_on, 'findings', ins.findings, 'rectified', ins.rectified), ku.county_code
       from ins, ku, lk returning id)
select json_build_object('data', json_build_object('recordHiddenDangerCheck',
  (select json_build_object('id', ins.id::text, 'completedOn', ins.completed_on::text, 'findings', ins.findings, 'rectified', ins.rectified) from ins)))::text as j,
  (select count(*) from cl) + (select count(*) from al) as logged`;
