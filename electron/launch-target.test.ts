import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageTargetOf, launchPlaceOf, launchTargetOf, launchUrl } from './launch-target.js';

test('launch target: the Explorer switch and shadowdesk:// links name a full Windows path; nothing else does', () => {
  const exe = 'C:\\Program Files\\ShadowDesk\\ShadowDesk.exe';
  assert.equal(launchTargetOf([exe, '--previous-versions', 'C:\\Users\\ana\\report.docx']), 'C:\\Users\\ana\\report.docx');
  assert.equal(launchTargetOf([exe, '--previous-versions=D:\\Data']), 'D:\\Data');
  assert.equal(launchTargetOf([exe, '--allow-file-access-from-files', '--previous-versions', 'C:\\']), 'C:\\');
  assert.equal(launchTargetOf([exe, 'shadowdesk://previous-versions?path=C%3A%5CUsers%5Cana']), 'C:\\Users\\ana');
  assert.equal(launchTargetOf([exe, '--previous-versions=C:"']), 'C:\\', 'Explorer\'s "C:\\" as Windows splits it');
  for (const argv of [
    [exe],
    [exe, '--previous-versions'],
    [exe, '--previous-versions', 'relative\\path'],
    [exe, '--previous-versions', '\\\\server\\share\\x'],
    [exe, '--previous-versions', 'C:\\a\u0007b'],
    [exe, 'shadowdesk://restore?path=C%3A%5Cx'],
    [exe, 'shadowdesk://previous-versions?path=..%2F..%2Fetc'],
    [exe, 'shadowdesk://previous-versions'],
  ]) {
    assert.equal(launchTargetOf(argv), undefined, argv.slice(1).join(' '));
  }
});

test('launch target: the page address carries the path in its fragment, encoded', () => {
  assert.equal(launchUrl(), 'app://shadowdesk/index.html');
  assert.equal(launchUrl('C:\\Users\\ana #1\\a&b.txt'), 'app://shadowdesk/index.html#/versions?path=C%3A%5CUsers%5Cana+%231%5Ca%26b.txt');
});

test('launch target: --image=PATH opens the Open disk image dialog with that path filled in; links never name an image', () => {
  const exe = '/opt/ShadowDesk/shadowdesk';
  assert.equal(launchPlaceOf([exe, '--image=/srv/cases/pc 042.E01']), 'app://shadowdesk/index.html#/image?path=%2Fsrv%2Fcases%2Fpc+042.E01');
  assert.equal(imageTargetOf([exe, '--image', 'D:\\images\\pc.vhdx']), 'D:\\images\\pc.vhdx');
  // Chromium reorders a second launch's command line: there only the one-argument form counts.
  assert.equal(imageTargetOf([exe, '--image', '/srv/x.E01'], { secondInstance: true }), undefined);
  assert.equal(imageTargetOf([exe, '--image=/srv/x.E01'], { secondInstance: true }), '/srv/x.E01');
  for (const argv of [[exe, '--image=relative.E01'], [exe, '--image=/srv/a\u0007b'], [exe, 'shadowdesk://image?path=%2Fdev%2Fsda'], [exe, '--image']]) {
    assert.equal(imageTargetOf(argv), undefined, argv.slice(1).join(' '));
  }
  // Without an image, the place is the previous versions of a path, or none.
  assert.equal(launchPlaceOf([exe, '--previous-versions=C:\\Users']), launchUrl('C:\\Users'));
  assert.equal(launchPlaceOf([exe]), undefined);
});
