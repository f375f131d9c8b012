import { HR, check } from './hresult.js';
import { natives } from './natives.js';

const COINIT_MULTITHREADED = 0;
const RPC_C_AUTHN_LEVEL_PKT_PRIVACY = 6;
const RPC_C_IMP_LEVEL_IDENTIFY = 2;
const EOAC_NONE = 0;

let initialized = false;

/**
 * Joins the MTA and sets COM security once per process, as VSS requesters must (writers call back
 * into the requester). This runs only in the VSS host process, which owns its COM init; a host that
 * already set security (RPC_E_TOO_LATE) or is an STA (RPC_E_CHANGED_MODE) can still use COM.
 */
export function ensureComInitialized(): void {
  if (initialized) return;
  const n = natives();
  const hr = n.CoInitializeEx(null, COINIT_MULTITHREADED);
  if (hr !== HR.RPC_E_CHANGED_MODE) check(hr, 'CoInitializeEx');
  const sec = n.CoInitializeSecurity(null, -1, null, null, RPC_C_AUTHN_LEVEL_PKT_PRIVACY, RPC_C_IMP_LEVEL_IDENTIFY, null, EOAC_NONE, null);
  if (sec !== HR.RPC_E_TOO_LATE) check(sec, 'CoInitializeSecurity');
  initialized = true;
}
