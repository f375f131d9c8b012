/* The self-test's report as plain data: what crosses the contract, `--json` and `--markdown`. */

/** pass: works; fail: does not (with the HRESULT when Windows gave one); warn: works, but see the detail; skip: does not apply here. */
export type SelftestStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** One thing the self-test tried. */
export interface SelftestCheck {
  /** Stable id (`vss.writers`, `com.security`, `dll.vssapi`), so reports from several machines line up. */
  id: string;
  group: 'system' | 'com' | 'dll' | 'vss';
  /** What was tried, in the report's language. */
  name: string;
  status: SelftestStatus;
  /** The HRESULT the call answered (unsigned), when there is one. */
  hresult?: number;
  hresultName?: string;
  /** What came back: counts, a path, a version, or what went wrong. */
  detail: string;
  /** How long it took, in milliseconds. */
  ms: number;
}

/** Everything the self-test found, in the order it tried it. */
export interface SelftestReport {
  generatedAt: string;
  lang: 'en' | 'it';
  version: string;
  /** `windows`: this computer's VSS; `sim`: the simulated machine. */
  backend: 'windows' | 'sim';
  platform: string;
  arch: string;
  machine: string;
  summary: { pass: number; fail: number; warn: number; skip: number };
  /** True when no check failed. */
  passed: boolean;
  checks: SelftestCheck[];
}
