/**
 * Properties of the two custom resources that register a Wickr data-retention bot, declared once
 * for the constructs and the handlers.
 *
 * Registration is split in two because the bot's container must start between them:
 *
 *   Custom::WickrDataRetentionBot   creates the bot if needed and writes a one-time challenge
 *                                   (the bot's initial password) straight into its secret
 *   → ECS service                   starts the bot, which reads the secret and registers
 *   → Custom::WickrDataRetention    waits (isComplete) until the bot has registered, then turns
 *                                   data retention on and acknowledges the public-key message
 *
 * Neither resource ever returns or logs a password; the secret is named by ARN only.
 */
import { Infer, p } from './props';

/** What Delete does: `retain` leaves the bot and retention on; `destroy` disables retention and deletes the bot. */
export const DATA_RETENTION_REMOVAL = ['retain', 'destroy'] as const;

const NETWORK_ID = /^[0-9]{8}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/**
 * The non-secret keys of the bot's Secrets Manager secret, named as the Wickr documentation names
 * them. The handler owns these keys (and `password`); any other key in the secret is left alone.
 */
export const BotSecretConfigSchema = p.object({
  s3_bucket_name: p.string({ min: 3, max: 63 }),
  s3_region: p.string({ pattern: REGION }),
  /** The folder (key prefix) the bot writes under; one per network. */
  s3_folder_name: p.string({ min: 1, max: 200, pattern: /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/ }),
  /** Topic for the bot's start-up, shutdown and error events. */
  sns_topic_arn: p.optional(p.string({ pattern: /^arn:aws[a-z-]*:sns:/ })),
  /** Client-side re-encryption of records before upload (optional; records need this key to be read). */
  kms_master_key_arn: p.optional(p.string({ pattern: /^arn:aws[a-z-]*:kms:/ })),
  kms_region: p.optional(p.string({ pattern: REGION })),
});

export type BotSecretConfig = Infer<typeof BotSecretConfigSchema>;

/** The keys of the secret the handler manages; `password` is written only with a fresh challenge. */
export const MANAGED_SECRET_KEYS = ['s3_bucket_name', 's3_region', 's3_folder_name', 'sns_topic_arn', 'kms_master_key_arn', 'kms_region'] as const;

export const DataRetentionBotPropertiesSchema = p.object({
  NetworkId: p.string({ pattern: NETWORK_ID }),
  /** ARN of the bot's secret; the handler writes the challenge and `BotConfig` into it. */
  SecretArn: p.string({ pattern: /^arn:aws[a-z-]*:secretsmanager:/ }),
  BotConfig: BotSecretConfigSchema,
  RemovalPolicy: p.enumOf(DATA_RETENTION_REMOVAL),
});

export type DataRetentionBotProperties = Infer<typeof DataRetentionBotPropertiesSchema>;

/** Attributes of `Custom::WickrDataRetentionBot` (`Fn::GetAtt`). */
export const DATA_RETENTION_BOT_ATTRIBUTES = {
  /** The bot's Wickr username as the service reports it, e.g. `compliance_12345678_bot`. */
  botName: 'BotName',
} as const;

export const DataRetentionPropertiesSchema = p.object({
  NetworkId: p.string({ pattern: NETWORK_ID }),
  /** The bot name from the bot resource; carried so this resource follows the bot and so the handler can check it. */
  BotName: p.string({ min: 1, max: 128 }),
  RemovalPolicy: p.enumOf(DATA_RETENTION_REMOVAL),
});

export type DataRetentionProperties = Infer<typeof DataRetentionPropertiesSchema>;

/** Attributes of `Custom::WickrDataRetention` (`Fn::GetAtt`). */
export const DATA_RETENTION_ATTRIBUTES = {
  botName: 'BotName',
  /** "true" once the service reports data retention on. */
  enabled: 'Enabled',
} as const;
