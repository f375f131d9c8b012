// What build-standin.mjs does, decided from the platform it runs on, what was asked and which
// compilers exist — a pure function, so its decisions are tested without compiling anything
// (electron/standin-plan.test.ts).
//
// The stand-in is ShadowDesk's simulated Windows (native/standin/README.md). Off Windows it is
// required: the app, the CLI and the tests run on it. On Windows it is optional: the app uses the
// real VSS there, and the stand-in (a DLL, for running the simulated machine on Windows) is built
// only when a MinGW-style compiler is present. So `npm run build` (which asks for `--linux`, the
// stand-in of a Linux checkout) never fails on a Windows developer's machine for want of `cc`.

/** The cross compiler Debian's gcc-mingw-w64-x86-64 installs. */
export const MINGW_CROSS = 'x86_64-w64-mingw32-gcc';

/**
 * @typedef {{ kind: 'so', compiler: string } | { kind: 'dll', compiler: string }} StandinBuild
 * @typedef {{ builds: StandinBuild[], notes: string[], errors: string[], exitCode: 0 | 1 | 2 }} StandinPlan
 */

/**
 * The plan for one run of build-standin.mjs.
 * @param {{ platform: string, args: readonly string[], has: (command: string) => boolean }} input
 *   `has(cmd)`: whether `cmd --version` runs on this machine.
 * @returns {StandinPlan}
 */
export function planStandinBuild({ platform, args, has }) {
  const wantLinux = args.includes('--linux');
  const wantWindows = args.includes('--windows');
  const ifPossible = args.includes('--if-possible');
  const unknown = args.filter((a) => !['--linux', '--windows', '--force', '--if-possible'].includes(a));
  const plan = { builds: [], notes: [], errors: [], exitCode: 0 };
  if (unknown.length || (!wantLinux && !wantWindows)) {
    plan.errors.push('usage: node build/scripts/build-standin.mjs --linux|--windows [--force] [--if-possible]');
    plan.exitCode = 2;
    return plan;
  }
  const onWindows = platform === 'win32';
  // On Windows a MinGW gcc (MSYS2's is plain `gcc`) or a `cc` that drives one builds the DLL natively.
  const dllCompiler = [MINGW_CROSS, ...(onWindows ? ['gcc', 'cc'] : [])].find((c) => has(c));

  if (wantLinux && !onWindows) {
    if (has('cc')) plan.builds.push({ kind: 'so', compiler: 'cc' });
    else {
      const message = 'no C compiler ("cc") found; install gcc (apt-get install gcc) to build the Linux stand-in.';
      if (ifPossible) plan.notes.push(message);
      else {
        plan.errors.push(message);
        plan.exitCode = 1;
      }
    }
  }
  if (wantLinux && onWindows && !wantWindows) {
    // What `npm run build` asks on Windows: the Linux library can neither be built nor used here.
    if (dllCompiler) plan.builds.push({ kind: 'dll', compiler: dllCompiler });
    else {
      plan.notes.push(
        'Windows: the app uses the real VSS, so the stand-in is optional and was not built (no MinGW gcc found). ' +
          'Install MinGW-w64 (for example MSYS2\'s mingw-w64-x86_64-gcc) to run the simulated machine here too.',
      );
    }
  }
  if (wantWindows) {
    if (dllCompiler) plan.builds.push({ kind: 'dll', compiler: dllCompiler });
    else {
      const message = onWindows
        ? 'no MinGW gcc found (x86_64-w64-mingw32-gcc, gcc or cc); install MinGW-w64 (MSYS2: pacman -S mingw-w64-x86_64-gcc) to build the Windows stand-in.'
        : `${MINGW_CROSS} not found; install it with "apt-get install gcc-mingw-w64-x86-64" to build the Windows stand-in.`;
      if (ifPossible) plan.notes.push(message);
      else {
        plan.errors.push(message);
        plan.exitCode = 1;
      }
    }
  }
  return plan;
}
