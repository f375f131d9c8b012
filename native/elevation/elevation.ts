import { processIsElevated, runAsAdministrator, type RunAsResult } from '../ffi/elevation.js';
import { AppError } from '../vss/app-error.js';
import { selectBackend } from '../ffi/libraries.js';
import type { ElevationInfo } from './elevation-types.js';
import { appCommandOf, windowsCommandLine } from './app-command.js';

export { APP_COMMAND_ENV, appCommandOf, windowsCommandLine, type AppCommand } from './app-command.js';

/**
 * On the simulated machine, `SHADOWDESK_SIM_ELEVATED=0` (or `1`) makes the host report an unelevated
 * (or elevated) Windows process, so the window's "not running as administrator" state can be shown
 * and tested off Windows. Ignored with the real backend.
 */
export function simulatedElevation(env: NodeJS.ProcessEnv): boolean | undefined {
  if (selectBackend(env) !== 'sim') return undefined;
  const v = env.SHADOWDESK_SIM_ELEVATED;
  return v === '0' ? false : v === '1' ? true : undefined;
}

/** This process's elevation: the simulated one when asked for, else the token's (undefined off Windows). */
export function currentElevation(env: NodeJS.ProcessEnv): boolean | undefined {
  return simulatedElevation(env) ?? processIsElevated();
}

/**
 * What the `elevation` operation answers, from `elevated` (undefined: elevation does not apply).
 * Explicit rather than defaulted, so "undefined" always means "off Windows", even on Windows.
 */
export function describeElevation(env: NodeJS.ProcessEnv, elevated: boolean | undefined): ElevationInfo {
  if (elevated === undefined) return { applies: false, elevated: null, canRestart: false };
  return { applies: true, elevated, canRestart: !elevated && appCommandOf(env) !== undefined };
}

/**
 * The `restartElevated` operation: starts the app again "as administrator" (Windows asks the user,
 * in a prompt owned by the app's window when the app passed its handle as `parentWindow`),
 * and answers `{ started: true }`; the app then closes this instance. Declining the prompt, or
 * asking from the CLI or off Windows, is an error the window shows in plain words.
 */
export function restartElevated(
  env: NodeJS.ProcessEnv,
  runAs: (file: string, params: string, parentWindow?: bigint) => RunAsResult = runAsAdministrator,
  platform: NodeJS.Platform = process.platform,
  input: { parentWindow?: string } = {},
): { started: true } {
  const command = appCommandOf(env);
  if (platform !== 'win32' || !command) {
    throw new AppError('ELEVATION_NOT_AVAILABLE', {
      en: 'Restarting as administrator is only possible in the ShadowDesk app on Windows. From a terminal, open an elevated one ("Run as administrator") and start ShadowDesk there.',
      it: 'Il riavvio come amministratore è possibile solo nell\'app ShadowDesk su Windows. Da un terminale, aprirne uno con privilegi elevati ("Esegui come amministratore") e avviare ShadowDesk da lì.',
    });
  }
  // The window's handle owns the UAC prompt, so it comes up in front of the app (see runAsAdministrator).
  const parent = input.parentWindow && /^[1-9][0-9]{0,19}$/.test(input.parentWindow) ? BigInt(input.parentWindow) : undefined;
  const result = parent !== undefined && parent < 2n ** 64n ? runAs(command.file, windowsCommandLine(command.args), parent) : runAs(command.file, windowsCommandLine(command.args));
  if (result.started) return { started: true };
  if (result.declined) {
    throw new AppError('ELEVATION_DECLINED', {
      en: 'ShadowDesk was not restarted as administrator, because the Windows prompt was declined. It keeps running with your own rights.',
      it: 'ShadowDesk non è stato riavviato come amministratore, perché la richiesta di Windows è stata rifiutata. Continua a funzionare con i diritti dell\'utente.',
    });
  }
  throw new AppError(
    'ELEVATION_FAILED',
    { en: 'Windows could not restart ShadowDesk as administrator.', it: 'Windows non è riuscito a riavviare ShadowDesk come amministratore.' },
    `ShellExecuteExW runas failed, GetLastError ${result.code}`,
  );
}
