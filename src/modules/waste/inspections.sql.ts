/**
 * The ON_SITE inspections of solid-waste yards as rows (yard_id, inspected_on): what MONTHLY_INSPECTION counts
 * (src/modules/duty/waste.sql.ts) and the report's yard cells read. One definition, so the day the enforcement
 * family's `inspection` table carries yards this is the one place that changes.
 */
export const onSiteInspectionsSql = () =>
  `select yard_id, inspected_on from solid_waste_inspection where method = 'ON_SITE'`;
