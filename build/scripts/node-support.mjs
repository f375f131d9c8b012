// Which Node runs what (README "Packaging"; package.json engines). Plain Node, no dependencies.
//
// The build, the app's tests and the CLI need Node ^20.19 || ^22.13 || >=24 (vite 8, rolldown and
// typescript-eslint's eslint-visitor-keys declare so). `npm run dist` needs Node >= 22.12: the
// packaging tools electron-builder 26 uses (@electron/rebuild, node-abi, and @electron/get, which
// also downloads Electron's runtime for npm start) declare it in their package.json "engines".

/** The oldest Node electron-builder's own dependencies declare (@electron/rebuild, node-abi, @electron/get). */
export const DIST_NODE = '22.12.0';

/** Whether a Node version (as in process.versions.node) can run `npm run dist`. */
export function nodeCanPackage(version) {
  const [major = 0, minor = 0] = String(version).replace(/^v/, '').split('.').map(Number);
  const [needMajor, needMinor] = DIST_NODE.split('.').map(Number);
  return major > needMajor || (major === needMajor && minor >= needMinor);
}

/** The one line `npm run dist` stops with on an older Node. */
export function distNodeLine(version) {
  return `npm run dist needs Node ${DIST_NODE} or later (electron-builder's @electron/rebuild, node-abi and @electron/get require it); this is Node ${String(version).replace(/^v/, '')}, enough for the build, the app and the tests, not for packaging.`;
}
