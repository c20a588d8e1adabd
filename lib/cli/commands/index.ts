import type { AdminCommand } from '../command';
import { deleteCommand } from './delete';
import { findUserCommand } from './find-user';
import { listDevicesCommand } from './list-devices';
import { reinviteCommand } from './reinvite';
import { resetDevicesCommand } from './reset-devices';
import { suspendCommand } from './suspend';
import { unsuspendCommand } from './unsuspend';

/** The admin commands, in the order `wickr-kit admin --help` lists them (lost-device response first). */
export const ADMIN_COMMANDS: readonly AdminCommand[] = [
  findUserCommand,
  listDevicesCommand,
  suspendCommand,
  resetDevicesCommand,
  unsuspendCommand,
  reinviteCommand,
  deleteCommand,
];
