import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../auth/principal';
import { allows, Policy } from '../../auth/policy';
import { FIELD_PARTS, partOf } from '../../auth/parts';
import type { Agency } from '../client/agency';
import type { ChangeAction } from './change-log.entity';
import { marks } from '../../db/named';
import { countyCondition } from '../../db/scope';
import { encodeCursor } from '../../graphql/connection';
import { WASTE_FEED_ENTITIES } from '../waste/waste.entity';

/**
 * The one definition of what a token sees of the change feed, shared by the `changes` query and the
 * `changeAdded` subscription (src/modules/changes/change-hub.ts): entities whose type the agency may read
 * (by the policy's part for the type), rows in the principal's row scope (by county), and of each row only
 * the field names the agency may read.
 */

/** Every entity type the feed carries. */
export const FEED_ENTITIES = ['KeyUnit', 'HiddenDangerCheck', 'MonitoringRecord', 'DischargePermit', 'Plot', 'VacatedSite', 'ReserveProject', 'Violation', 'Inspection', 'Lead', 'Case', 'JointMeeting', 'RemoteSensingBatch', 'FarmlandUnit', 'FarmlandCategoryChange', ...WASTE_FEED_ENTITIES];

/** The entity types an agency may read, by the policy's part for the type (worked out once per policy and agency). */
export function visibleEntities(policy: Policy, agency: Agency): readonly string[] {
  let byAgency = visibleMemo.get(policy);
  if (!byAgency) visibleMemo.set(policy, (byAgency = new Map()));
  let out = byAgency.get(agency);
  if (!out) {
    out = Object.freeze(FEED_ENTITIES.filter((t) => {
      const part = partOf(t, 'id');
      return part && allows(policy, part, agency, 'read');
    }));
    byAgency.set(agency, out);
  }
  return out;
}

const visibleMemo = new WeakMap<Policy, Map<Agency, readonly string[]>>();

export interface FeedRow { id: string; at: Date; agency: Agency; client_name: string; entity: string; entity_id: string; action: ChangeAction; fields: string[] }

/** One change as the asking agency may see it (the GraphQL type `Change`). */
export interface ChangeView { cursor: string; at: Date; agency: Agency; clientName: string; entity: string; entityId: string; action: ChangeAction; fields: string[] }

/**
 * Up to `limit` rows of the feed after `afterId` that `principal` may see, in id (= commit) order. `em` is
 * a request transaction in the principal's row scope (src/db/scope.ts: inRequestScope).
 */
export async function readFeed(em: EntityManager, policy: Policy, principal: Principal, afterId: number, limit: number): Promise<FeedRow[]> {
  const entities = visibleEntities(policy, principal.agency);
  if (limit <= 0 || !entities.length) return [];
  const scope = countyCondition(principal.scope, 'county_code');
  return em.execute<FeedRow[]>(
    `select id, at, agency, client_name, entity, entity_id, action, fields from change_log
     where id > ? and entity in (${marks(entities.length)}) and ${scope.sql} order by id limit ?`,
    [afterId, ...entities, ...scope.params, limit],
  );
}

/** A row as `Change`: only the field names the agency may read. */
export function changeView(policy: Policy, agency: Agency, r: FeedRow): ChangeView {
  return {
    cursor: encodeCursor(r.id),
    at: r.at,
    agency: r.agency,
    clientName: r.client_name,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    fields: r.fields.filter((f) => {
      const part = partOf(r.entity, f);
      return part !== undefined && allows(policy, part, agency, 'read');
    }),
  };
}

/**
 * `Entity.field` names of visible entities the agency may not read: changeView's filter on `fields` in the form the
 * compiled read path puts in SQL (src/compiler/fields/changes.ts). A name not listed in FIELD_PARTS is read under
 * its entity's part, which is visible.
 */
export function deniedChangeFields(policy: Policy, agency: Agency): string[] {
  const visible = new Set(visibleEntities(policy, agency));
  return Object.keys(FIELD_PARTS).filter((k) => {
    const [entity, field] = k.split('.');
    if (!visible.has(entity)) return false;
    const part = partOf(entity, field);
    return part === undefined || !allows(policy, part, agency, 'read');
  }).sort();
}
