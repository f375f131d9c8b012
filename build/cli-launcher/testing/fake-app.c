/*
 * A stand-in for ShadowDesk.exe in the launcher's tests: like the real app it is a GUI-subsystem
 * program (-mwindows, no console of its own) that parses its command line with CommandLineToArgvW,
 * as Electron does (shell/app/electron_main_win.cc). It writes what it got to stdout as one JSON
 * object (UTF-8): its arguments, SHADOWDESK_CLI_LAUNCHER, and whether its std handles are pipes;
 * a line to stderr; and exits with N for an argument --exit=N. With --wait-stdin it first reads
 * stdin until it closes (the launcher's Ctrl+C) and then exits 130; with --mark=FILE it writes
 * "started" to FILE at once and appends " stdin-closed" when stdin closes. With the single argument
 * `host` (after --cli --) it copies its stdin to stdout after the JSON line until stdin ends, then
 * exits 0, as the app's host relay does with the protocol.
 */
#define WIN32_LEAN_AND_MEAN
#ifndef UNICODE
#define UNICODE
#endif
#include <windows.h>
#include <shellapi.h>
#include <wchar.h>

static char out[1 << 16];
static size_t used;

static void put(const char *s, size_t n) {
  if (used + n < sizeof out) {
    memcpy(out + used, s, n);
    used += n;
  }
}
static void puts_(const char *s) { put(s, strlen(s)); }

static void put_json_string(const wchar_t *w) {
  char utf8[8192];
  int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, utf8, sizeof utf8, NULL, NULL);
  puts_("\"");
  for (int i = 0; i < n - 1; i++) {
    unsigned char c = (unsigned char)utf8[i];
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      put(e, 2);
    } else if (c < 0x20) {
      char e[8];
      wsprintfA(e, "\\u%04x", c);
      puts_(e);
    } else {
      put((const char *)&utf8[i], 1);
    }
  }
  puts_("\"");
}

static const char *kind(DWORD id) {
  DWORD t = GetFileType(GetStdHandle(id));
  return t == FILE_TYPE_PIPE ? "pipe" : t == FILE_TYPE_CHAR ? "char" : t == FILE_TYPE_DISK ? "disk" : "none";
}

int WINAPI wWinMain(HINSTANCE a, HINSTANCE b, LPWSTR c, int d) {
  (void)a; (void)b; (void)c; (void)d;
  int argc = 0;
  wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
  int code = 0, wait_stdin = 0;
  int echo = argc == 4 && wcscmp(argv[3], L"host") == 0;
  const wchar_t *mark = NULL;
  puts_("{\"argv\":[");
  for (int i = 1; i < argc; i++) {
    if (i > 1) puts_(",");
    put_json_string(argv[i]);
    if (wcsncmp(argv[i], L"--exit=", 7) == 0) code = _wtoi(argv[i] + 7);
    if (wcscmp(argv[i], L"--wait-stdin") == 0) wait_stdin = 1;
    if (wcsncmp(argv[i], L"--mark=", 7) == 0) mark = argv[i] + 7;
  }
  wchar_t env[64];
  DWORD n = GetEnvironmentVariableW(L"SHADOWDESK_CLI_LAUNCHER", env, 64);
  puts_("],\"launcherEnv\":");
  put_json_string(n > 0 && n < 64 ? env : L"");
  puts_(",\"stdin\":\"");
  puts_(kind(STD_INPUT_HANDLE));
  puts_("\",\"stdout\":\"");
  puts_(kind(STD_OUTPUT_HANDLE));
  puts_("\",\"stderr\":\"");
  puts_(kind(STD_ERROR_HANDLE));
  puts_("\"}\n");
  DWORD done;
  HANDLE mf = INVALID_HANDLE_VALUE;
  if (mark) {
    mf = CreateFileW(mark, GENERIC_WRITE, FILE_SHARE_READ, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    WriteFile(mf, "started", 7, &done, NULL);
    FlushFileBuffers(mf);
  }
  if (wait_stdin) {
    char buf[256];
    while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), buf, sizeof buf, &done, NULL) && done > 0) {}
    code = 130;
    if (mf != INVALID_HANDLE_VALUE) {
      WriteFile(mf, " stdin-closed", 13, &done, NULL);
      FlushFileBuffers(mf);
    }
  }
  if (mf != INVALID_HANDLE_VALUE) CloseHandle(mf);
  WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), out, (DWORD)used, &done, NULL);
  if (echo) {
    char buf[4096];
    DWORD got;
    while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), buf, sizeof buf, &got, NULL) && got > 0) {
      WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), buf, got, &done, NULL);
    }
  }
  const char *e = "fake app: a line on stderr \xC3\xA8\n";
  WriteFile(GetStdHandle(STD_ERROR_HANDLE), e, (DWORD)strlen(e), &done, NULL);
  return code;
}
