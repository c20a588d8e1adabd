/** Every operation's handler. Typed as a complete record, so a missing operation fails type-checking. */
import type { OperationName } from '../model';
import { botHandlers } from './bots';
import type { Handler } from './context';
import { guestHandlers } from './guests';
import { networkHandlers } from './networks';
import { oidcHandlers } from './oidc';
import { retentionHandlers } from './retention';
import { securityGroupHandlers } from './security-groups';
import { settingsHandlers } from './settings';
import { tdfHandlers } from './tdf';
import { userHandlers } from './users';

export const HANDLERS: Readonly<Record<OperationName, Handler>> = {
  ...networkHandlers,
  ...settingsHandlers,
  ...securityGroupHandlers,
  ...userHandlers,
  ...botHandlers,
  ...guestHandlers,
  ...retentionHandlers,
  ...oidcHandlers,
  ...tdfHandlers,
};
