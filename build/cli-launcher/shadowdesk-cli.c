/*
 * shadowdesk.exe: the console command line of the installed Windows app.
 *
 * ShadowDesk.exe is a GUI-subsystem program: cmd.exe and PowerShell do not wait for it, and it is
 * attached to no console, so a CLI run from it directly would return at once and print into the
 * void. Its RunAsNode fuse is off (a signed binary that runs arbitrary JavaScript would be a
 * living-off-the-land tool), and there is no other JavaScript runtime in the install. So this small
 * console-subsystem program, installed beside it, is what a console runs:
 *
 *   bin\shadowdesk.exe ARGS...   ->   ShadowDesk.exe --cli -- ARGS...   (the folder above bin\)
 *
 * It lives in its own bin\ folder, as VS Code's bin\code.cmd does, for two reasons: Windows file
 * names ignore case, so shadowdesk.exe and ShadowDesk.exe cannot share a folder; and bin\ can go on
 * PATH without putting ShadowDesk.exe and Electron's DLLs there too.
 *
 * - ARGS go on verbatim: the rest of this process's own command line (GetCommandLineW) after its
 *   program name is appended unchanged, so ShadowDesk.exe (Electron parses with CommandLineToArgvW)
 *   sees exactly the arguments the shell gave us: spaces, quotes, backslashes, Unicode. "--" ends
 *   Chromium's switch parsing, so no argument is taken for a Chromium or Electron switch.
 * - stdout and stderr: the app writes into two pipes, which this program copies to its own
 *   handles (a console gets UTF-16 through WriteConsoleW, a file or pipe the app's UTF-8 bytes).
 *   A GUI process cannot use a console it is not attached to, so inheriting our console handles
 *   would not do; Electron itself only attaches to a console when its stdout is not already valid
 *   (shell/app/electron_main_win.cc: base::RouteStdioToConsole), and pipes are valid.
 * - stdin: a pipe this program holds open and never writes. Ctrl+C, Ctrl+Break or closing the
 *   console closes it, which the app's --cli mode takes as "interrupted": it ends the VSS host the
 *   way quitting does (a restore stops between files, never inside one) and exits with 130. A
 *   second Ctrl+C ends the app at once. If this program is killed, the pipe closes too.
 *   SHADOWDESK_CLI_LAUNCHER=1 in the app's environment says that stdin means this.
 * - Except for `shadowdesk.exe host` (what another computer's ShadowDesk runs over ssh): there
 *   stdin is the protocol's request stream, so this program copies its own stdin (the ssh channel)
 *   into the app's, byte for byte, and closes the app's when its own ends, which ends the host the
 *   same way. Its stdout is a pipe then (sshd's), so the responses go out as the app's UTF-8 bytes.
 * - The exit code is the app's (GetExitCodeProcess).
 *
 * Build: x86_64-w64-mingw32-gcc -municode -O2 -s -o shadowdesk.exe shadowdesk-cli.c
 * (build/scripts/build-cli-launcher.mjs; a console program: no -mwindows).
 */
#define WIN32_LEAN_AND_MEAN
#ifndef UNICODE
#define UNICODE
#endif
#ifndef _UNICODE
#define _UNICODE
#endif
#include <windows.h>
#include <wchar.h>

#define APP_EXE L"ShadowDesk.exe"
#define EXIT_LAUNCH_FAILED 127
#define EXIT_INTERRUPTED 130

static HANDLE volatile g_cancel_write; /* our end of the app's stdin: closing it is "Ctrl+C" */
static HANDLE volatile g_child;
static LONG volatile g_interrupts;

static void write_all(HANDLE out, const void *data, DWORD len) {
  const char *p = (const char *)data;
  while (len > 0) {
    DWORD done = 0;
    if (!WriteFile(out, p, len, &done, NULL) || done == 0) return;
    p += done;
    len -= done;
  }
}

static void say(const wchar_t *text) {
  HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
  DWORD mode, done;
  if (err == NULL || err == INVALID_HANDLE_VALUE) return;
  if (GetConsoleMode(err, &mode)) {
    WriteConsoleW(err, text, (DWORD)wcslen(text), &done, NULL);
  } else {
    char buf[2048];
    int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, buf, sizeof buf, NULL, NULL);
    if (n > 1) write_all(err, buf, (DWORD)(n - 1));
  }
}

/* How many leading bytes of buf[0..len) are whole UTF-8 sequences (the rest waits for more). */
static DWORD utf8_whole(const unsigned char *buf, DWORD len) {
  DWORD i = len, back = 0;
  while (i > 0 && back < 4) {
    unsigned char b = buf[i - 1];
    if ((b & 0xC0) != 0x80) { /* a lead byte or ASCII */
      DWORD need = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
      return (len - (i - 1) >= need) ? len : i - 1;
    }
    i--;
    back++;
  }
  return len;
}

struct relay {
  HANDLE from; /* the read end of one of the app's output pipes */
  DWORD std_id; /* STD_OUTPUT_HANDLE or STD_ERROR_HANDLE */
};

/* Copies one of the app's output pipes to our own handle until the app's end closes. */
static DWORD WINAPI relay_thread(LPVOID param) {
  struct relay *r = (struct relay *)param;
  HANDLE out = GetStdHandle(r->std_id);
  DWORD mode;
  BOOL console = out != NULL && out != INVALID_HANDLE_VALUE && GetConsoleMode(out, &mode);
  static const DWORD cap = 16384;
  unsigned char buf[16384 + 4];
  wchar_t wide[16384 + 4];
  DWORD carry = 0;
  for (;;) {
    DWORD got = 0;
    if (!ReadFile(r->from, buf + carry, cap - carry, &got, NULL) || got == 0) break;
    if (out == NULL || out == INVALID_HANDLE_VALUE) continue;
    if (!console) {
      write_all(out, buf, got);
      continue;
    }
    DWORD have = carry + got;
    DWORD whole = utf8_whole(buf, have);
    if (whole > 0) {
      int n = MultiByteToWideChar(CP_UTF8, 0, (const char *)buf, (int)whole, wide, (int)(sizeof wide / sizeof wide[0]));
      DWORD done;
      if (n > 0) WriteConsoleW(out, wide, (DWORD)n, &done, NULL);
    }
    carry = have - whole;
    memmove(buf, buf + whole, carry);
  }
  CloseHandle(r->from);
  return 0;
}

/* `host` mode: copies this program's stdin into the app's until it ends, then closes the app's. */
static DWORD WINAPI stdin_thread(LPVOID param) {
  (void)param;
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  unsigned char buf[16384];
  for (;;) {
    DWORD got = 0;
    if (in == NULL || in == INVALID_HANDLE_VALUE || !ReadFile(in, buf, sizeof buf, &got, NULL) || got == 0) break;
    HANDLE to = g_cancel_write;
    if (!to) break;
    DWORD done = 0;
    const unsigned char *p = buf;
    while (got > 0 && WriteFile(to, p, got, &done, NULL) && done > 0) {
      p += done;
      got -= done;
    }
    if (got > 0) break;
  }
  HANDLE h = InterlockedExchangePointer((PVOID volatile *)&g_cancel_write, NULL);
  if (h) CloseHandle(h);
  return 0;
}

/* True when the arguments are exactly `host` (trailing blanks aside). */
static BOOL is_host_mode(const wchar_t *args) {
  if (wcsncmp(args, L"host", 4) != 0) return FALSE;
  for (const wchar_t *p = args + 4; *p; p++) {
    if (*p != L' ' && *p != L'\t') return FALSE;
  }
  return TRUE;
}

static BOOL WINAPI on_console_event(DWORD type) {
  if (type != CTRL_C_EVENT && type != CTRL_BREAK_EVENT && type != CTRL_CLOSE_EVENT) return FALSE;
  if (InterlockedIncrement(&g_interrupts) == 1) {
    HANDLE h = InterlockedExchangePointer((PVOID volatile *)&g_cancel_write, NULL);
    if (h) CloseHandle(h);
  } else if (g_child) {
    TerminateProcess(g_child, EXIT_INTERRUPTED);
  }
  return TRUE;
}

/* The rest of a command line after its program name, parsed as CreateProcess and the CRT do:
 * a quoted name runs to the next quote, an unquoted one to the first space or tab. */
static const wchar_t *after_program_name(const wchar_t *cmd) {
  const wchar_t *p = cmd;
  if (*p == L'"') {
    p++;
    while (*p && *p != L'"') p++;
    if (*p == L'"') p++;
  } else {
    while (*p && *p != L' ' && *p != L'\t') p++;
  }
  while (*p == L' ' || *p == L'\t') p++;
  return p;
}

static BOOL make_pipe(HANDLE *read_end, HANDLE *write_end, BOOL child_reads) {
  SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
  if (!CreatePipe(read_end, write_end, &sa, 0)) return FALSE;
  /* Only the app's end is inherited. */
  SetHandleInformation(child_reads ? *write_end : *read_end, HANDLE_FLAG_INHERIT, 0);
  return TRUE;
}

int wmain(void) {
  /* This program's folder: the app is beside it. */
  wchar_t self[32768];
  DWORD n = GetModuleFileNameW(NULL, self, 32768);
  if (n == 0 || n >= 32768) {
    say(L"shadowdesk: cannot find where shadowdesk.exe is installed.\r\n");
    return EXIT_LAUNCH_FAILED;
  }
  /* ...\ShadowDesk\bin\shadowdesk.exe -> ...\ShadowDesk\ */
  for (int up = 0; up < 2; up++) {
    wchar_t *slash = wcsrchr(self, L'\\');
    if (!slash) {
      say(L"shadowdesk: cannot find where shadowdesk.exe is installed.\r\n");
      return EXIT_LAUNCH_FAILED;
    }
    *slash = 0;
  }
  wcscat(self, L"\\");
  size_t dir_len = wcslen(self);
  size_t exe_len = wcslen(APP_EXE);
  wchar_t *app = (wchar_t *)HeapAlloc(GetProcessHeap(), 0, (dir_len + exe_len + 1) * sizeof(wchar_t));
  if (!app) return EXIT_LAUNCH_FAILED;
  wcscpy(app, self);
  wcscat(app, APP_EXE);

  /* "<dir>\ShadowDesk.exe" --cli -- <our arguments, verbatim> */
  const wchar_t *args = after_program_name(GetCommandLineW());
  static const wchar_t sw[] = L" --cli --";
  size_t len = 1 + wcslen(app) + 1 + wcslen(sw) + 1 + wcslen(args) + 1;
  if (len > 32767) {
    say(L"shadowdesk: the command line is too long for Windows (32,767 characters).\r\n");
    return EXIT_LAUNCH_FAILED;
  }
  wchar_t *cmd = (wchar_t *)HeapAlloc(GetProcessHeap(), 0, len * sizeof(wchar_t));
  if (!cmd) return EXIT_LAUNCH_FAILED;
  wcscpy(cmd, L"\"");
  wcscat(cmd, app);
  wcscat(cmd, L"\"");
  wcscat(cmd, sw);
  if (*args) {
    wcscat(cmd, L" ");
    wcscat(cmd, args);
  }

  HANDLE in_read, in_write, out_read, out_write, err_read, err_write;
  if (!make_pipe(&in_read, &in_write, TRUE) || !make_pipe(&out_read, &out_write, FALSE) || !make_pipe(&err_read, &err_write, FALSE)) {
    say(L"shadowdesk: could not create the pipes to ShadowDesk.exe.\r\n");
    return EXIT_LAUNCH_FAILED;
  }
  g_cancel_write = in_write;
  SetConsoleCtrlHandler(on_console_event, TRUE);
  SetEnvironmentVariableW(L"SHADOWDESK_CLI_LAUNCHER", L"1");

  STARTUPINFOW si;
  ZeroMemory(&si, sizeof si);
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = in_read;
  si.hStdOutput = out_write;
  si.hStdError = err_write;
  PROCESS_INFORMATION pi;
  if (!CreateProcessW(app, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
    DWORD e = GetLastError();
    wchar_t msg[1024];
    if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND) {
      _snwprintf(msg, 1024, L"shadowdesk: %ls is missing: shadowdesk.exe must stay in the bin folder of ShadowDesk's install folder.\r\n", app);
    } else {
      _snwprintf(msg, 1024, L"shadowdesk: could not start %ls (Windows error %lu).\r\n", app, (unsigned long)e);
    }
    msg[1023] = 0;
    say(msg);
    return EXIT_LAUNCH_FAILED;
  }
  g_child = pi.hProcess;
  CloseHandle(pi.hThread);
  /* The app holds its ends now; ours must go, or the relays would never see the pipes close. */
  CloseHandle(in_read);
  CloseHandle(out_write);
  CloseHandle(err_write);

  struct relay r_out = {out_read, STD_OUTPUT_HANDLE};
  struct relay r_err = {err_read, STD_ERROR_HANDLE};
  HANDLE threads[2];
  threads[0] = CreateThread(NULL, 0, relay_thread, &r_out, 0, NULL);
  threads[1] = CreateThread(NULL, 0, relay_thread, &r_err, 0, NULL);
  /* Not waited for: it may sit in ReadFile on a stdin that never ends; returning ends it. */
  if (is_host_mode(args)) {
    HANDLE t = CreateThread(NULL, 0, stdin_thread, NULL, 0, NULL);
    if (t) CloseHandle(t);
  }

  WaitForSingleObject(pi.hProcess, INFINITE);
  DWORD code = EXIT_LAUNCH_FAILED;
  GetExitCodeProcess(pi.hProcess, &code);
  /* Whatever the app wrote is copied out; a process the app left behind that still holds a pipe
   * cannot keep the console waiting past a few seconds. */
  if (threads[0] && threads[1]) WaitForMultipleObjects(2, threads, TRUE, 5000);
  HANDLE h = InterlockedExchangePointer((PVOID volatile *)&g_cancel_write, NULL);
  if (h) CloseHandle(h);
  return (int)code;
}
