import { DIVISION, LAND_USE } from './reference';
import { DOCUMENT, PLOT, POINT, STAGE_EVENT } from './plot';
import { HIDDEN_DANGER_CHECK, KEY_UNIT, MONITORING_RECORD, OBLIGATION } from './keyunit';
import { DISCHARGE_PERMIT } from './permit';
import { CHANGE } from './changes';
import type { TypeFields } from './types';

/** Every object type the compiler builds from rows, by GraphQL type name. A type or field not here falls back. */
export const TYPES: Record<string, TypeFields> = {
  Division: DIVISION, LandUse: LAND_USE,
  Plot: PLOT, Point: POINT, StageEvent: STAGE_EVENT, Document: DOCUMENT,
  KeyUnit: KEY_UNIT, Obligation: OBLIGATION, HiddenDangerCheck: HIDDEN_DANGER_CHECK, MonitoringRecord: MONITORING_RECORD,
  DischargePermit: DISCHARGE_PERMIT,
  Change: CHANGE,
};
