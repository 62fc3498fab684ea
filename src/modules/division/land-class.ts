import { registerEnumType } from 'type-graphql';

/**
 * The two sets of soil values of GB 36600-2018 (3.3–3.4): 第一类用地 (residential, primary and middle schools,
 * medical, social welfare, community and children's parks) and 第二类用地 (the rest). FIRST covers SECOND.
 */
export enum LandClass { FIRST = 'FIRST', SECOND = 'SECOND' }
registerEnumType(LandClass, { name: 'LandClass', description: 'GB 36600-2018 land class: FIRST (第一类用地) covers SECOND (第二类用地)' });

/** True when land cleared against `cleared` values is safe for a use that needs `needed`. */
export const covers = (cleared: LandClass, needed: LandClass) => cleared === LandClass.FIRST || needed === LandClass.SECOND;
