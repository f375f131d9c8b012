/* What the VSS host's COM start-up returned: plain data (no koffi), so `about`, `doctor` and
 * `selftest` can carry it across the contract and the renderer can name its type. */

/** One COM call's result. */
export interface ComCallResult {
  /** The HRESULT as an unsigned 32-bit number (0x80010119, not a negative int). */
  hresult: number;
  /** S_OK, S_FALSE, RPC_E_TOO_LATE, … (or the hex form for a code without a name). */
  hresultName: string;
}

/**
 * The results of the host's COM start-up, recorded because they change what works: writers call
 * back into the requester, and those callbacks obey whichever CoInitializeSecurity ran first.
 */
export interface ComInitStatus {
  /**
   * CoInitializeEx(COINIT_MULTITHREADED): S_OK (this thread joined the MTA), S_FALSE (it already
   * had), RPC_E_CHANGED_MODE (the thread was already an STA; COM stays usable in that mode).
   */
  coInitializeEx: ComCallResult;
  /** The apartment the calling thread is in after CoInitializeEx. */
  apartment: 'mta' | 'sta';
  /**
   * CoInitializeSecurity with a NULL descriptor (every process may call back, as VSS requesters
   * need): S_OK, or RPC_E_TOO_LATE when the process's security was already set (by a caller or by
   * COM's implicit initialization) and ours was not applied.
   */
  coInitializeSecurity: ComCallResult;
  /** True when ShadowDesk's own CoInitializeSecurity is the one in force (it returned S_OK). */
  securityOurs: boolean;
  /**
   * Turning off COM's exception handling, as Microsoft asks requesters to ("Security
   * Considerations for Requesters"): CoCreateInstance(CLSID_GlobalOptions) then
   * IGlobalOptions::Set(COMGLB_EXCEPTION_HANDLING, COMGLB_EXCEPTION_DONOT_HANDLE). `step` says
   * which call the HRESULT is from.
   */
  exceptionHandling: ComCallResult & { step: 'CoCreateInstance' | 'Set'; set: boolean };
}
