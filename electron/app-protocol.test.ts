import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APP_CSP, allowedExternalUrl, isAppUrl } from './app-origin.js';
import { appFileResponse } from './app-protocol.js';

function rendererFolder(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'shadowdesk-protocol-'));
  const dir = path.join(root, 'renderer');
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'secret.txt'), 'secret');
  return dir;
}

test('app protocol: serves the renderer with its type and the CSP, and nothing outside it', async () => {
  const dir = rendererFolder();
  const index = await appFileResponse(dir, 'app://shadowdesk/');
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(index.headers.get('content-security-policy'), APP_CSP);
  assert.equal(index.headers.get('x-content-type-options'), 'nosniff');
  const script = await appFileResponse(dir, 'app://shadowdesk/assets/app.js');
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(await script.text(), 'console.log(1)');
  // The URL parser already resolves `..` and `%2e%2e` segments; what it leaves (encoded separators,
  // NUL) the handler refuses. Either way the file beside the renderer folder is never served.
  for (const url of [
    'app://shadowdesk/../secret.txt',
    'app://shadowdesk/%2e%2e/secret.txt',
    'app://shadowdesk/..%2fsecret.txt',
    'app://shadowdesk/assets/..%2f..%2fsecret.txt',
    'app://shadowdesk/assets/..%5c..%5csecret.txt',
    'app://shadowdesk/%00index.html',
  ]) {
    const r = await appFileResponse(dir, url);
    assert.ok(r.status === 400 || r.status === 404, `${url}: ${r.status}`);
    assert.doesNotMatch(await r.text(), /secret/, url);
  }
  assert.equal((await appFileResponse(dir, 'app://shadowdesk/..%2fsecret.txt')).status, 400, 'an encoded separator is refused outright');
  assert.equal((await appFileResponse(dir, 'app://other/index.html')).status, 404);
  assert.equal((await appFileResponse(dir, 'app://shadowdesk/missing.js')).status, 404);
  assert.equal((await appFileResponse(dir, 'app://shadowdesk/assets')).status, 404, 'a folder is not a file');
  assert.equal((await appFileResponse(dir, 'app://shadowdesk/index.html', 'POST')).status, 405);
});

test('app origin: only app://shadowdesk is the app; external links only https on allowlisted hosts', () => {
  assert.equal(isAppUrl('app://shadowdesk/index.html'), true);
  for (const url of ['app://shadowdesk.evil/index.html', 'app://user@shadowdesk/', 'app://shadowdesk:99/', 'file:///index.html', 'https://shadowdesk/', 'not a url']) {
    assert.equal(isAppUrl(url), false, url);
  }
  assert.equal(allowedExternalUrl('https://learn.microsoft.com/a?b=1'), 'https://learn.microsoft.com/a?b=1');
  for (const url of ['http://learn.microsoft.com/', 'https://learn.microsoft.com:8443/', 'https://user@learn.microsoft.com/', 'https://evil.example/', 'file:///C:/Windows/System32/calc.exe', 'ms-settings:privacy', 'https://learn.microsoft.com.evil.example/']) {
    assert.equal(allowedExternalUrl(url), undefined, url);
  }
});
