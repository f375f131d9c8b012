/** Whether ShadowDesk runs with the rights VSS needs, and whether it can ask for them. */
export interface ElevationInfo {
  /** False off Windows (the simulated machine needs no elevation). */
  applies: boolean;
  /** Whether this process runs elevated; null when elevation does not apply. */
  elevated: boolean | null;
  /** True when "Restart as administrator" can be offered: on Windows, unelevated, in the app. */
  canRestart: boolean;
}
