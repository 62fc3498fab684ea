import { Migration } from '@mikro-orm/migrations';

/**
 * Three bureaus join the platform (RULES §"New families"): AGRICULTURE (农业农村局, farmland), PUBLIC_SECURITY
 * (公安局, cases referred to it) and EMERGENCY (应急局, waste yards' safety procedures). The first tables checked
 * the agency against the four of the first round; they now accept the seven of `Agency`.
 */
const TABLES = ['audit_log', 'change_log', 'api_client', 'land_event', 'stage_event'];
const check = (agencies: string[]) => `check ("agency" in (${agencies.map((a) => `'${a}'`).join(', ')}))`;
const FOUR = ['ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS'];
const SEVEN = [...FOUR, 'AGRICULTURE', 'PUBLIC_SECURITY', 'EMERGENCY'];

export class Migration20261129000000 extends Migration {
  override async up(): Promise<void> {
    for (const t of TABLES) {
      this.addSql(`alter table "${t}" drop constraint if exists "${t}_agency_check";`);
      this.addSql(`alter table "${t}" add constraint "${t}_agency_check" ${check(SEVEN)};`);
    }
  }

  override async down(): Promise<void> {
    for (const t of TABLES) {
      this.addSql(`alter table "${t}" drop constraint if exists "${t}_agency_check";`);
      this.addSql(`alter table "${t}" add constraint "${t}_agency_check" ${check(FOUR)};`);
    }
  }
}
