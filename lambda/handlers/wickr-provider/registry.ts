/**
 * Every Wickr resource handler of the provider, by resource key. Adding a resource type means adding
 * its kind to lambda/shared/resource-types.ts and its handler here.
 */
import type { WickrResourceKey } from '../../shared/resource-types';
import type { ResourceHandler } from './framework';
import { networkHandler } from './network';
import { networkSettingsHandler } from './network-settings';
import { dataRetentionBotHandler } from './data-retention-bot';
import { dataRetentionHandler } from './data-retention';
import { securityGroupHandler } from './security-group';
import { oidcHandler } from './oidc';
import { usersHandler } from './users';
import { federationHandler } from './federation';

export const HANDLERS: { readonly [K in WickrResourceKey]: ResourceHandler<any> } = {
  network: networkHandler,
  networkSettings: networkSettingsHandler,
  dataRetentionBot: dataRetentionBotHandler,
  dataRetention: dataRetentionHandler,
  securityGroup: securityGroupHandler,
  oidc: oidcHandler,
  users: usersHandler,
  federation: federationHandler,
};
