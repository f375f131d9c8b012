import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchTargetOf, launchUrl } from './launch-target.js';

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
