/** Properties of `Custom::WickrNetworkSettings`, declared once for the construct and the handler. */
import { Infer, p } from './props';

export const READ_RECEIPTS = ['DISABLED', 'ENABLED', 'FORCE_ENABLED'] as const;

export const NetworkSettingsPropertiesSchema = p.object({
  NetworkId: p.string({ pattern: /^[0-9]{8}$/ }),
  /** Only the settings given are managed; the others are left as they are. */
  Settings: p.object({
    enableClientMetrics: p.optional(p.boolean()),
    readReceipts: p.optional(p.enumOf(READ_RECEIPTS)),
    dataRetention: p.optional(p.boolean()),
    enableTrustedDataFormat: p.optional(p.boolean()),
  }),
});

export type NetworkSettingsProperties = Infer<typeof NetworkSettingsPropertiesSchema>;
