import { Division } from '../modules/division/division.entity';
import { Gb36600Value, KeyIndustry, LandUse } from '../modules/division/landuse.entity';
import { HiddenDangerCheck, KeyUnit, MonitoringRecord } from '../modules/keyunit/keyunit.entity';
import { DischargePermit } from '../modules/permit/permit.entity';
import { Plot } from '../modules/plot/plot.entity';
import { StageEvent } from '../modules/plot/stage-event.entity';
import { LandEvent } from '../modules/plot/land-event.entity';
import { InvestigationTrigger } from '../modules/plot/trigger.entity';
import { RealEstateFiling } from '../modules/plot/real-estate-filing.entity';
import { PostManagementPlan, PostManagementRecord } from '../modules/plot/post-management.entity';
import { VacatedSite } from '../modules/vacated/vacated-site.entity';
import { ReserveProject } from '../modules/reserve/reserve-project.entity';
import { Violation } from '../modules/violation/violation.entity';
import { WASTE_ENTITIES } from '../modules/waste/waste.entity';
import { ApiClient } from '../modules/client/api-client.entity';
import { ChangeLog } from '../modules/changes/change-log.entity';
import { AuditLog } from '../modules/changes/audit-log.entity';
import { FarmlandCategoryChange, FarmlandUnit } from '../modules/farmland/farmland.entity';
import { Inspection } from '../modules/inspection/inspection.entity';
import { Lead } from '../modules/lead/lead.entity';
import { EnforcementCase } from '../modules/case/case.entity';
import { RemoteSensingBatch, RemoteSensingPolygon } from '../modules/remote-sensing/remote-sensing.entity';
import { JointMeeting } from '../modules/joint-meeting/joint-meeting.entity';
import { ClientOperation, IdempotencyKey, RateLimitWindow } from '../limits/limits.entities';

/** The explicit entity list (no folder scanning: what is mapped is what is written here). */
export const ENTITIES = [
  Division, LandUse, KeyIndustry, Gb36600Value,
  KeyUnit, HiddenDangerCheck, MonitoringRecord,
  DischargePermit,
  Plot, StageEvent, LandEvent, InvestigationTrigger, RealEstateFiling, PostManagementPlan, PostManagementRecord,
  VacatedSite, ReserveProject, Violation,
  FarmlandUnit, FarmlandCategoryChange,
  ...WASTE_ENTITIES,
  Inspection, Lead, EnforcementCase, RemoteSensingBatch, RemoteSensingPolygon, JointMeeting,
  ApiClient, ChangeLog, AuditLog,
  RateLimitWindow, IdempotencyKey, ClientOperation,
];
