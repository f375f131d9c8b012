import { HR, VssError, hresultName, succeeded } from './hresult.js';
import { natives } from './natives.js';
import { guidToStruct } from './guid.js';
import { withComScope } from './com.js';
import type { ComCallResult, ComInitStatus } from './com-init-types.js';

export type { ComCallResult, ComInitStatus } from './com-init-types.js';

const COINIT_MULTITHREADED = 0;
const RPC_C_AUTHN_LEVEL_PKT_PRIVACY = 6;
const RPC_C_IMP_LEVEL_IDENTIFY = 2;
const EOAC_NONE = 0;
const CLSCTX_INPROC_SERVER = 0x1;

/**
 * CLSID_GlobalOptions {0000034B-0000-0000-C000-000000000046} and IID_IGlobalOptions
 * {0000015B-0000-0000-C000-000000000046}: IID_IGlobalOptions from mingw-w64's objidl.h
 * (DEFINE_GUID(IID_IGlobalOptions, 0x0000015b, …)); CLSID_GlobalOptions is only declared there
 * (cguid.h, `extern const CLSID`) and defined in mingw-w64's libuuid.a (uuid.o,
 * `.rdata$CLSID_GlobalOptions` = 4b030000 0000 0000 c000000000000046).
 */
export const CLSID_GlobalOptions = '{0000034b-0000-0000-c000-000000000046}';
/** IID_IGlobalOptions (see {@link CLSID_GlobalOptions} for where both values come from). */
export const IID_IGlobalOptions = '{0000015b-0000-0000-c000-000000000046}';
/** GLOBALOPT_PROPERTIES and GLOBALOPT_EH_VALUES, from mingw-w64's objidl.h. */
export const COMGLB = {
  EXCEPTION_HANDLING: 1,
  EXCEPTION_HANDLE: 0,
  EXCEPTION_DONOT_HANDLE: 1,
  EXCEPTION_DONOT_HANDLE_ANY: 2,
} as const;

let status: ComInitStatus | undefined;

const result = (hr: number): ComCallResult => ({ hresult: hr >>> 0, hresultName: hresultName(hr) });

/**
 * Joins the MTA, sets COM security once per process, and turns off COM's exception handling, as
 * VSS requesters must (writers call back into the requester; "Security Considerations for
 * Requesters"). This runs only in the VSS host process, which owns its COM init. A thread that was
 * already an STA (RPC_E_CHANGED_MODE) or a process whose security was already set (RPC_E_TOO_LATE)
 * can still use COM: both are recorded ({@link comInitStatus}) rather than thrown, so `doctor`,
 * `about` and `selftest` can say what they mean. Any other failure of CoInitializeEx or
 * CoInitializeSecurity throws; a failure to set the exception option is recorded only.
 */
export function ensureComInitialized(): ComInitStatus {
  if (status) return status;
  const n = natives();
  const hr = n.CoInitializeEx(null, COINIT_MULTITHREADED);
  if (!succeeded(hr) && hr !== HR.RPC_E_CHANGED_MODE) throw new VssError(hr, 'CoInitializeEx');
  const sec = n.CoInitializeSecurity(null, -1, null, null, RPC_C_AUTHN_LEVEL_PKT_PRIVACY, RPC_C_IMP_LEVEL_IDENTIFY, null, EOAC_NONE, null);
  if (!succeeded(sec) && sec !== HR.RPC_E_TOO_LATE) throw new VssError(sec, 'CoInitializeSecurity');
  status = {
    coInitializeEx: result(hr),
    apartment: hr === HR.RPC_E_CHANGED_MODE ? 'sta' : 'mta',
    coInitializeSecurity: result(sec),
    securityOurs: sec === HR.S_OK,
    exceptionHandling: disableComExceptionHandling(),
  };
  return status;
}

/**
 * IGlobalOptions::Set(COMGLB_EXCEPTION_HANDLING, COMGLB_EXCEPTION_DONOT_HANDLE), the code
 * Microsoft's IGlobalOptions page gives: COM's handler would turn a crash inside a callback into
 * RPC_E_SERVERFAULT and leave the process in an unknown state ("COM exception handling can mask
 * fatal errors in a VSS application").
 */
function disableComExceptionHandling(): ComInitStatus['exceptionHandling'] {
  return withComScope((scope) => {
    const out: [unknown] = [null];
    const created = natives().CoCreateInstance(guidToStruct(CLSID_GlobalOptions), null, CLSCTX_INPROC_SERVER, guidToStruct(IID_IGlobalOptions), out);
    if (!succeeded(created)) return { ...result(created), step: 'CoCreateInstance' as const, set: false };
    const options = scope.adopt('IGlobalOptions', out[0] as bigint);
    const hr = options.invoke('Set', COMGLB.EXCEPTION_HANDLING, COMGLB.EXCEPTION_DONOT_HANDLE);
    return { ...result(hr), step: 'Set' as const, set: succeeded(hr) };
  });
}

/** The recorded COM start-up results, or undefined before the first VSS call of this process. */
export function comInitStatus(): ComInitStatus | undefined {
  return status;
}

/**
 * The COM start-up results for reports (`about`, `doctor`): starts COM if this host has not yet,
 * and gives null instead of throwing when it cannot, so a report never fails for this alone.
 */
export function comStartupForReport(): ComInitStatus | null {
  try {
    return ensureComInitialized();
  } catch {
    return null;
  }
}
