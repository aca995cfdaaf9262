import type { Provider } from './types.js';
import { junction } from './junction/index.js';
import { gmicloud } from './gmicloud/index.js';
import { razi } from './razi/index.js';
import { transmit } from './transmit/index.js';
import { scalekit } from './scalekit/index.js';

/** Every vendor orgmock serves: adding one is one line here and one folder beside this file. */
export const providers: readonly Provider[] = [junction, gmicloud, razi, transmit, scalekit];

/** The vendors' names, as `mintToken`, faults and the journal take them. */
export const vendorNames = ['junction', 'gmicloud', 'razi', 'transmit', 'scalekit'] as const;
export type VendorName = (typeof vendorNames)[number];
