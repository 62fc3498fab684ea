/**
 * The ON_SITE inspections of solid-waste yards as rows (yard_id, inspected_on): what MONTHLY_INSPECTION counts
 * (src/modules/duty/waste.sql.ts). The enforcement family's one `inspection` table, the yard as its subject.
 */
export const onSiteInspectionsSql = () =>
  `select solid_waste_yard_id as yard_id, inspected_on from inspection where solid_waste_yard_id is not null and method = 'ON_SITE'`;
