import type { ErrorData, Lang } from '../contract/errors.js';
import { spawnHostCommand, type HostEnd, type HostSpawner } from '../host/host-process.js';

/**
 * The codes of a link that failed (ssh could not connect, or the connection or its host ended), as
 * opposed to an operation that failed on the other computer: every code this file describes.
 */
export const LINK_FAILURE_CODES: ReadonlySet<string> = new Set([
  'CONNECTION_LOST', 'SSH_UNREACHABLE', 'SSH_HOST_KEY', 'SSH_AUTH_REFUSED', 'SSH_CLIENT_MISSING', 'REMOTE_NO_SHADOWDESK', 'REMOTE_HOST_FAILED',
]);

/** What runs on the other computer unless told otherwise: the installed command line's host mode. */
export const DEFAULT_REMOTE_COMMAND = 'shadowdesk host';

/** How to reach another computer's ShadowDesk host. */
export interface SshTarget {
  /** `host`, `user@host` or an alias of the user's SSH config. */
  target: string;
  /** The command that starts the host there (default {@link DEFAULT_REMOTE_COMMAND}). */
  remoteCommand?: string;
  /** An SSH config file to use instead of ~/.ssh/config (`ssh -F`). */
  configFile?: string;
  /** The ssh client (default `ssh` on PATH: the system's, with the user's keys, agent and known_hosts). */
  sshPath?: string;
}

/**
 * ssh's arguments. BatchMode: ssh never asks anything (a password, a passphrase, "accept this host
 * key?") on a terminal ShadowDesk does not own; keys and the agent work, and an unknown host key is
 * refused, to be checked and accepted by a person in a terminal. `-T`: no terminal, so the protocol's
 * bytes pass untouched. `--` ends the options, so a target can never be read as one.
 */
export function sshArgs(t: SshTarget): string[] {
  return [
    ...(t.configFile ? ['-F', t.configFile] : []),
    '-T', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=15', '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=2',
    '--', t.target, t.remoteCommand ?? DEFAULT_REMOTE_COMMAND,
  ];
}

const has = (text: string, re: RegExp): boolean => re.test(text);

/**
 * Why a connection ended, in words, from ssh's exit status and what it printed: ssh exits 255 for
 * its own failures (man ssh: "ssh exits with the exit status of the remote command or with 255 if an
 * error occurred"); a shell that cannot find a command exits 127 (POSIX; cmd.exe prints "is not
 * recognized").
 */
export function describeSshEnd(target: string, end: HostEnd, lang: Lang): ErrorData | undefined {
  const it = lang === 'it';
  const err = end.stderr;
  const detail = err.trim().split('\n').slice(-3).join(' | ') || `exit ${end.code ?? end.signal}`;
  if (has(err, /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No .*host key is known/i)) {
    return {
      code: 'SSH_HOST_KEY',
      message: it
        ? `La chiave di ${target} non è tra quelle note (o è cambiata), quindi la connessione è stata rifiutata.`
        : `${target}'s host key is not one you know (or it changed), so the connection was refused.`,
      next: it
        ? `Collegarsi una volta con "ssh ${target}" in un terminale, controllare l'impronta con l'amministratore di quel computer e accettarla; poi riprovare.`
        : `Connect once with "ssh ${target}" in a terminal, check the fingerprint with that computer's administrator and accept it; then try again.`,
      detail,
    };
  }
  if (has(err, /Permission denied|Too many authentication failures/i)) {
    return {
      code: 'SSH_AUTH_REFUSED',
      message: it
        ? `${target} ha rifiutato l'accesso: ShadowDesk usa le chiavi SSH e l'agente, mai una password.`
        : `${target} refused the login: ShadowDesk uses your SSH keys and agent, never a password.`,
      next: it
        ? `Aggiungere la propria chiave pubblica all'account su ${target} (su Windows, per un amministratore: C:\\ProgramData\\ssh\\administrators_authorized_keys), o caricarla nell'agente.`
        : `Add your public key to the account on ${target} (on Windows, for an administrator: C:\\ProgramData\\ssh\\administrators_authorized_keys), or load it into your agent.`,
      detail,
    };
  }
  if (has(err, /Could not resolve hostname|Connection refused|timed out|No route to host|Network is unreachable|Connection closed by .* port|kex_exchange_identification/i) && !end.wasReady) {
    return {
      code: 'SSH_UNREACHABLE',
      message: it ? `Impossibile raggiungere ${target} con SSH.` : `${target} cannot be reached over SSH.`,
      next: it
        ? 'Controllare il nome, che il computer sia acceso e in rete, e che vi giri il servizio OpenSSH Server.'
        : 'Check the name, that the computer is on and on the network, and that its OpenSSH Server service runs.',
      detail,
    };
  }
  if (!end.wasReady && (end.code === 127 || end.code === 9009 || has(err, /command not found|not found|is not recognized as an internal or external command|No such file or directory/i))) {
    return {
      code: 'REMOTE_NO_SHADOWDESK',
      message: it
        ? `ShadowDesk non è installato su ${target}, o il suo comando non è nel PATH di quell'account.`
        : `ShadowDesk is not installed on ${target}, or its command is not on that account's PATH.`,
      next: it
        ? `Installarlo su ${target} (il suo programma mette bin\\shadowdesk.exe), poi riprovare.`
        : `Install it on ${target} (its installer puts in bin\\shadowdesk.exe), then try again.`,
      detail,
    };
  }
  if (end.wasReady) {
    return {
      code: 'CONNECTION_LOST',
      message: it
        ? `La connessione a ${target} si è interrotta. Un ripristino in corso lì viene completato o annullato da ShadowDesk su ${target} al prossimo avvio, come in locale.`
        : `The connection to ${target} was lost. A restore running there is finished or rolled back by ShadowDesk on ${target} when it next starts, as locally.`,
      next: it ? 'Riprovare: la prossima operazione si ricollega.' : 'Try again: the next operation reconnects.',
      detail,
    };
  }
  return {
    code: 'REMOTE_HOST_FAILED',
    message: it
      ? `ShadowDesk su ${target} non è partito.`
      : `ShadowDesk on ${target} did not start.`,
    detail,
  };
}

/** No ssh client to start: what to install, in words; other start failures are left as they are. */
export function describeSshStartError(ssh: string, err: Error, lang: Lang): ErrorData | undefined {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
  return lang === 'it'
    ? {
        code: 'SSH_CLIENT_MISSING',
        message: `Su questo computer non c'è un client SSH (${ssh}), che serve per raggiungere gli altri computer.`,
        next: 'Su Windows: Impostazioni → Sistema → Funzionalità facoltative → Client OpenSSH. Su Debian: apt install openssh-client.',
      }
    : {
        code: 'SSH_CLIENT_MISSING',
        message: `This computer has no SSH client (${ssh}), which reaching other computers needs.`,
        next: 'On Windows: Settings → System → Optional features → OpenSSH Client. On Debian: apt install openssh-client.',
      };
}

/** Starts the host on another computer through the system's ssh client; the local entry point is not used. */
export function sshSpawner(t: SshTarget): HostSpawner {
  return (_entryPoint, env) => {
    const host = spawnHostCommand(t.sshPath ?? 'ssh', sshArgs(t), env);
    return Object.assign(host, {
      where: t.target,
      describeEnd: (end: HostEnd, lang: Lang) => describeSshEnd(t.target, end, lang),
      describeStartError: (err: Error, lang: Lang) => describeSshStartError(t.sshPath ?? 'ssh', err, lang),
    });
  };
}

/**
 * The spawner for `--computer TARGET` (or SHADOWDESK_COMPUTER), with what the environment adds:
 * SHADOWDESK_REMOTE_COMMAND (the host command there) and SHADOWDESK_SSH_CONFIG (an ssh config file).
 */
export function computerSpawner(target: string, env: NodeJS.ProcessEnv = process.env): HostSpawner {
  return sshSpawner({
    target,
    ...(env.SHADOWDESK_REMOTE_COMMAND ? { remoteCommand: env.SHADOWDESK_REMOTE_COMMAND } : {}),
    ...(env.SHADOWDESK_SSH_CONFIG ? { configFile: env.SHADOWDESK_SSH_CONFIG } : {}),
  });
}

const SSH_CODES = new Set(['SSH_HOST_KEY', 'SSH_AUTH_REFUSED', 'SSH_UNREACHABLE', 'REMOTE_NO_SHADOWDESK', 'CONNECTION_LOST']);

/**
 * An ssh failure said again in `lang`, from ssh's own words kept in its `detail`: a failure met in one
 * language (a connection shared by calls in another, a check kept in the computers list) reads in
 * the language the person uses now. Anything else is left as it came.
 */
export function sshErrorIn(target: string, error: ErrorData, lang: Lang): ErrorData {
  if (!SSH_CODES.has(error.code) || error.detail === undefined) return error;
  const again = describeSshEnd(target, { code: 255, signal: null, stderr: error.detail, wasReady: error.code === 'CONNECTION_LOST' }, lang);
  return again && again.code === error.code ? again : error;
}
