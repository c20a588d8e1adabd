/**
 * The data-retention bot's Secrets Manager secret, as the registration handler sees it: a JSON
 * object with the keys the Wickr documentation names (`password`, `s3_bucket_name`, ...).
 *
 * The secret is created empty by the stack; this module reads it, merges the keys the kit manages
 * and writes a new version only when something differs. Values never leave this module except to
 * Secrets Manager: nothing here logs, and errors name the secret and the problem, not the content.
 */
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { BotSecretConfig, MANAGED_SECRET_KEYS } from '../../shared/data-retention-props';
import { HandlerError } from './framework';

export type BotSecret = Record<string, unknown>;

export interface SecretStore {
  read(secretArn: string): Promise<BotSecret>;
  write(secretArn: string, value: BotSecret): Promise<void>;
  destroy(): void;
}

/** A store backed by Secrets Manager in the stack's Region (the SDK reads endpoint overrides from the environment). */
export function secretsManagerStore(region: string): SecretStore {
  const client = new SecretsManagerClient({ region });
  return {
    async read(secretArn) {
      let text: string | undefined;
      try {
        text = (await client.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
      } catch (e) {
        // A secret created without a value has no AWSCURRENT version yet: that is an empty secret.
        if (e instanceof ResourceNotFoundException || (e as Error).name === 'ResourceNotFoundException') {
          if (/staging label|secret value/i.test((e as Error).message ?? '')) return {};
          throw new HandlerError(`the data retention bot's secret ${secretArn} does not exist; check the secret ARN (botSecretArn in the config)`);
        }
        throw new HandlerError(`cannot read the data retention bot's secret ${secretArn}: ${(e as Error).name}`);
      }
      if (text === undefined || text.trim() === '') return {};
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as BotSecret;
      } catch {
        // fall through: not JSON
      }
      throw new HandlerError(
        `the data retention bot's secret ${secretArn} does not hold a JSON object; the bot reads its password and settings from JSON keys, so store them as JSON`,
      );
    },
    async write(secretArn, value) {
      try {
        await client.send(new PutSecretValueCommand({ SecretId: secretArn, SecretString: JSON.stringify(value) }));
      } catch (e) {
        throw new HandlerError(`cannot write the data retention bot's secret ${secretArn}: ${(e as Error).name}`);
      }
    },
    destroy() {
      client.destroy();
    },
  };
}

/** The secret with the kit's keys set to the configured values; keys the config leaves out are removed, others kept. */
export function mergeBotConfig(current: BotSecret, config: BotSecretConfig): BotSecret {
  const next: BotSecret = { ...current };
  for (const key of MANAGED_SECRET_KEYS) {
    const value = config[key];
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next;
}

/** True when the secret holds a non-empty password (a challenge, or the password the bot generated). */
export function hasPassword(secret: BotSecret): boolean {
  return typeof secret.password === 'string' && secret.password.length > 0;
}

/** Same keys and values (order does not matter). */
export function sameSecret(a: BotSecret, b: BotSecret): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && JSON.stringify(a[k]) === JSON.stringify(b[k]));
}
