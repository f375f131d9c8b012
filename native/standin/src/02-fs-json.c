/* Part of the VSS stand-in: file system helpers and the JSON parser/writer.
 * Not a translation unit of its own: vss-standin.c includes every part in order, so internal
 * functions stay static and the library exports only the names VSS and Windows export. */
#ifndef SD_UNITY
#error "compile native/standin/vss-standin.c, which includes this file"
#endif

/* ============================================================================================== */
/* 5. File system helpers (paths are UTF-8 with '/' separators internally)                        */
/* ============================================================================================== */

typedef struct { int exists, isdir; int64_t size; int64_t mtime; /* FILETIME */ } fs_info;

static char *path_join(const char *a, const char *b) {
    size_t la = strlen(a);
    if (la && (a[la - 1] == '/' || a[la - 1] == '\\')) return strfmt("%s%s", a, b);
    return strfmt("%s/%s", a, b);
}
static char *path_join3(const char *a, const char *b, const char *c) {
    char *ab = path_join(a, b);
    char *r = path_join(ab, c);
    free(ab);
    return r;
}

#ifdef _WIN32
static WCH *win_path(const char *p) {
    WCH *w = utf8_to_utf16(p);
    for (WCH *q = w; *q; q++) if (*q == '/') *q = '\\';
    return w;
}
static int64_t ft_from(FILETIME f) { return (int64_t)(((uint64_t)f.dwHighDateTime << 32) | f.dwLowDateTime); }
static int fs_stat(const char *path, fs_info *st) {
    memset(st, 0, sizeof *st);
    WCH *w = win_path(path);
    WIN32_FILE_ATTRIBUTE_DATA d;
    BOOL ok = GetFileAttributesExW((wchar_t *)w, GetFileExInfoStandard, &d);
    free(w);
    if (!ok) return -1;
    st->exists = 1;
    st->isdir = (d.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
    st->size = (int64_t)(((uint64_t)d.nFileSizeHigh << 32) | d.nFileSizeLow);
    st->mtime = ft_from(d.ftLastWriteTime);
    return 0;
}
static int fs_mkdir(const char *path) {
    WCH *w = win_path(path);
    BOOL ok = CreateDirectoryW((wchar_t *)w, NULL);
    DWORD e = GetLastError();
    free(w);
    return ok || e == ERROR_ALREADY_EXISTS ? 0 : -1;
}
static int fs_remove_file(const char *path) {
    WCH *w = win_path(path);
    SetFileAttributesW((wchar_t *)w, FILE_ATTRIBUTE_NORMAL);
    BOOL ok = DeleteFileW((wchar_t *)w);
    free(w);
    return ok ? 0 : -1;
}
static int fs_rmdir(const char *path) {
    WCH *w = win_path(path);
    BOOL ok = RemoveDirectoryW((wchar_t *)w);
    free(w);
    return ok ? 0 : -1;
}
typedef int (*fs_list_cb)(const char *name, int isdir, void *ctx);
static int fs_list(const char *dir, fs_list_cb cb, void *ctx) {
    char *pat = path_join(dir, "*");
    WCH *w = win_path(pat);
    free(pat);
    WIN32_FIND_DATAW fd;
    HANDLE h = FindFirstFileW((wchar_t *)w, &fd);
    free(w);
    if (h == INVALID_HANDLE_VALUE) return -1;
    int rc = 0;
    do {
        const WCH *n = (const WCH *)fd.cFileName;
        if ((n[0] == '.' && n[1] == 0) || (n[0] == '.' && n[1] == '.' && n[2] == 0)) continue;
        if (fd.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) continue;
        char *u = utf16_to_utf8(n);
        rc = cb(u, (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0, ctx);
        free(u);
    } while (rc == 0 && FindNextFileW(h, &fd));
    FindClose(h);
    return rc;
}
static int fs_rename(const char *from, const char *to) {
    WCH *a = win_path(from), *b = win_path(to);
    BOOL ok = MoveFileExW((wchar_t *)a, (wchar_t *)b, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH);
    free(a); free(b);
    return ok ? 0 : -1;
}
static int fs_copy_file(const char *src, const char *dst) {
    WCH *a = win_path(src), *b = win_path(dst);
    BOOL ok = CopyFileW((wchar_t *)a, (wchar_t *)b, FALSE); /* keeps the last-write time */
    free(a); free(b);
    return ok ? 0 : -1;
}
static int fs_set_mtime(const char *path, int64_t ft) {
    WCH *w = win_path(path);
    HANDLE h = CreateFileW((wchar_t *)w, FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) return -1;
    FILETIME f;
    f.dwLowDateTime = (DWORD)((uint64_t)ft & 0xFFFFFFFFu);
    f.dwHighDateTime = (DWORD)((uint64_t)ft >> 32);
    BOOL ok = SetFileTime(h, NULL, &f, &f);
    CloseHandle(h);
    return ok ? 0 : -1;
}
static char *fs_read(const char *path, size_t *len) {
    WCH *w = win_path(path);
    HANDLE h = CreateFileW((wchar_t *)w, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) return NULL;
    sbuf b = {0};
    sb_reserve(&b, 4096);
    for (;;) {
        char tmp[65536];
        DWORD got = 0;
        if (!ReadFile(h, tmp, sizeof tmp, &got, NULL) || got == 0) break;
        sb_addn(&b, tmp, got);
    }
    CloseHandle(h);
    if (len) *len = b.n;
    return sb_take(&b);
}
static int fs_write(const char *path, const void *data, size_t len) {
    WCH *w = win_path(path);
    HANDLE h = CreateFileW((wchar_t *)w, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) return -1;
    const char *p = data;
    while (len) {
        DWORD put = 0;
        if (!WriteFile(h, p, (DWORD)(len > 0x40000000 ? 0x40000000 : len), &put, NULL) || put == 0) { CloseHandle(h); return -1; }
        p += put; len -= put;
    }
    FlushFileBuffers(h);
    CloseHandle(h);
    return 0;
}
#else
static int64_t ft_from_ts(struct timespec ts) { return FT_UNIX_EPOCH + (int64_t)ts.tv_sec * FT_PER_SEC + ts.tv_nsec / 100; }
static int fs_stat(const char *path, fs_info *st) {
    memset(st, 0, sizeof *st);
    struct stat s;
    if (stat(path, &s) != 0) return -1;
    st->exists = 1;
    st->isdir = S_ISDIR(s.st_mode);
    st->size = (int64_t)s.st_size;
    st->mtime = ft_from_ts(s.st_mtim);
    return 0;
}
static int fs_mkdir(const char *path) { return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1; }
static int fs_remove_file(const char *path) { return unlink(path); }
static int fs_rmdir(const char *path) { return rmdir(path); }
typedef int (*fs_list_cb)(const char *name, int isdir, void *ctx);
static int fs_list(const char *dir, fs_list_cb cb, void *ctx) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *p = path_join(dir, e->d_name);
        struct stat s;
        int ok = lstat(p, &s) == 0;
        free(p);
        if (!ok || !(S_ISDIR(s.st_mode) || S_ISREG(s.st_mode))) continue; /* symlinks etc. are skipped */
        rc = cb(e->d_name, S_ISDIR(s.st_mode), ctx);
    }
    closedir(d);
    return rc;
}
static int fs_rename(const char *from, const char *to) { return rename(from, to); }
static int fs_copy_file(const char *src, const char *dst) {
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0) return -1;
    struct stat s;
    if (fstat(in, &s) != 0) { close(in); return -1; }
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, s.st_mode & 07777);
    if (out < 0) { close(in); return -1; }
    int ok = 0;
#ifdef FICLONE
    if (ioctl(out, FICLONE, in) == 0) ok = 1; /* reflink where the file system supports it */
#endif
    if (!ok) {
        char buf[65536];
        ok = 1;
        for (;;) {
            ssize_t n = read(in, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) { ok = 0; break; }
            if (n == 0) break;
            ssize_t off = 0;
            while (off < n) {
                ssize_t w = write(out, buf + off, (size_t)(n - off));
                if (w < 0 && errno == EINTR) continue;
                if (w <= 0) { ok = 0; break; }
                off += w;
            }
            if (!ok) break;
        }
    }
    struct timespec times[2] = {s.st_atim, s.st_mtim};
    futimens(out, times);
    close(in);
    if (close(out) != 0) ok = 0;
    return ok ? 0 : -1;
}
static int fs_set_mtime(const char *path, int64_t ft) {
    int64_t t = ft - FT_UNIX_EPOCH;
    struct timespec times[2];
    times[0].tv_sec = times[1].tv_sec = (time_t)(t / FT_PER_SEC);
    times[0].tv_nsec = times[1].tv_nsec = (long)(t % FT_PER_SEC) * 100;
    return utimensat(AT_FDCWD, path, times, 0);
}
static char *fs_read(const char *path, size_t *len) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    sbuf b = {0};
    sb_reserve(&b, 4096);
    for (;;) {
        char tmp[65536];
        ssize_t n = read(fd, tmp, sizeof tmp);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        sb_addn(&b, tmp, (size_t)n);
    }
    close(fd);
    if (len) *len = b.n;
    return sb_take(&b);
}
static int fs_write(const char *path, const void *data, size_t len) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    const char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { close(fd); return -1; }
        p += w; len -= (size_t)w;
    }
    fsync(fd);
    return close(fd);
}
#endif

static int fs_exists(const char *path) { fs_info st; return fs_stat(path, &st) == 0; }
static int fs_isdir(const char *path) { fs_info st; return fs_stat(path, &st) == 0 && st.isdir; }

static int fs_mkdirs(const char *path) {
    char *p = xstrdup(path);
    size_t n = strlen(p);
    for (size_t i = 1; i < n; i++) {
        if (p[i] == '/' || p[i] == '\\') {
            if (i == 2 && p[1] == ':') continue; /* "C:\" */
            char c = p[i];
            p[i] = 0;
            if (!fs_isdir(p)) fs_mkdir(p);
            p[i] = c;
        }
    }
    int rc = fs_isdir(p) ? 0 : fs_mkdir(p);
    free(p);
    return rc;
}

static int fs_write_atomic(const char *path, const void *data, size_t len) {
    char *tmp = strfmt("%s.tmp.%u.%llx", path, (unsigned)self_pid(), (unsigned long long)(rng_next() & 0xFFFFFF));
    int rc = fs_write(tmp, data, len);
    if (rc == 0) rc = fs_rename(tmp, path);
    if (rc != 0) fs_remove_file(tmp);
    free(tmp);
    return rc;
}

static int rmtree_cb(const char *name, int isdir, void *ctx);
static int fs_rmtree(const char *path) {
    fs_info st;
    if (fs_stat(path, &st) != 0) return 0;
    if (!st.isdir) return fs_remove_file(path);
    fs_list(path, rmtree_cb, (void *)path);
    return fs_rmdir(path);
}
static int rmtree_cb(const char *name, int isdir, void *ctx) {
    char *p = path_join((const char *)ctx, name);
    if (isdir) fs_rmtree(p);
    else fs_remove_file(p);
    free(p);
    return 0;
}

typedef struct { const char *src, *dst; int64_t bytes; int err; } copy_ctx;
static int copytree_cb(const char *name, int isdir, void *vctx);
static int fs_copytree(const char *src, const char *dst, int64_t *bytes) {
    if (fs_mkdirs(dst) != 0) return -1;
    copy_ctx c = {src, dst, 0, 0};
    fs_list(src, copytree_cb, &c);
    fs_info st;
    if (fs_stat(src, &st) == 0) fs_set_mtime(dst, st.mtime);
    if (bytes) *bytes += c.bytes;
    return c.err;
}
static int copytree_cb(const char *name, int isdir, void *vctx) {
    copy_ctx *c = vctx;
    char *s = path_join(c->src, name), *d = path_join(c->dst, name);
    if (isdir) {
        int64_t b = 0;
        if (fs_copytree(s, d, &b) != 0) c->err = -1;
        c->bytes += b;
    } else {
        fs_info st;
        if (fs_copy_file(s, d) != 0) c->err = -1;
        else if (fs_stat(s, &st) == 0) c->bytes += st.size;
    }
    free(s); free(d);
    return 0;
}

typedef struct { const char *dir; int64_t bytes; } size_ctx;
static int treesize_cb(const char *name, int isdir, void *vctx);
static int64_t fs_treesize(const char *dir) {
    size_ctx c = {dir, 0};
    fs_list(dir, treesize_cb, &c);
    return c.bytes;
}
static int treesize_cb(const char *name, int isdir, void *vctx) {
    size_ctx *c = vctx;
    char *p = path_join(c->dir, name);
    if (isdir) c->bytes += fs_treesize(p);
    else { fs_info st; if (fs_stat(p, &st) == 0) c->bytes += st.size; }
    free(p);
    return 0;
}

/* ---- cross-process lock file ---- */
#ifdef _WIN32
typedef HANDLE lockfile_t;
#define LOCKFILE_NONE NULL
static lockfile_t lockfile_acquire(const char *path) {
    WCH *w = win_path(path);
    HANDLE h = CreateFileW((wchar_t *)w, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) return NULL;
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    if (!LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &ov)) { CloseHandle(h); return NULL; }
    return h;
}
static void lockfile_release(lockfile_t h) {
    if (!h) return;
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    UnlockFileEx(h, 0, 1, 0, &ov);
    CloseHandle(h);
}
#else
typedef int lockfile_t;
#define LOCKFILE_NONE (-1)
static lockfile_t lockfile_acquire(const char *path) {
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    while (flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR) { close(fd); return -1; }
    }
    return fd;
}
static void lockfile_release(lockfile_t fd) {
    if (fd < 0) return;
    flock(fd, LOCK_UN);
    close(fd);
}
#endif

/* ============================================================================================== */
/* 6. JSON parser / writer                                                                        */
/* ============================================================================================== */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;
typedef struct jval {
    jtype t;
    int b;
    double num;
    int64_t i;
    int is_int;
    char *s;
    struct jval **items; /* arrays and object values */
    char **keys;         /* objects */
    size_t n;
} jval;

typedef struct { const char *p; const char *err; int depth; } jparser;

static void json_free(jval *v) {
    if (!v) return;
    free(v->s);
    for (size_t k = 0; k < v->n; k++) {
        json_free(v->items[k]);
        if (v->keys) free(v->keys[k]);
    }
    free(v->items);
    free(v->keys);
    free(v);
}
static void jskip(jparser *jp) {
    for (;;) {
        while (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r') jp->p++;
        /* tolerate // comments: machine.json is edited by hand */
        if (jp->p[0] == '/' && jp->p[1] == '/') { while (*jp->p && *jp->p != '\n') jp->p++; continue; }
        break;
    }
}
static int jhex4(const char *p, uint32_t *out) {
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) { int h = hexv((unsigned char)p[k]); if (h < 0) return 0; v = v * 16 + (uint32_t)h; }
    *out = v;
    return 1;
}
static char *jparse_string(jparser *jp) {
    if (*jp->p != '"') { jp->err = "expected string"; return NULL; }
    jp->p++;
    sbuf b = {0};
    sb_reserve(&b, 16);
    while (*jp->p && *jp->p != '"') {
        char c = *jp->p++;
        if (c != '\\') { sb_addc(&b, c); continue; }
        char e = *jp->p++;
        switch (e) {
        case '"': sb_addc(&b, '"'); break;
        case '\\': sb_addc(&b, '\\'); break;
        case '/': sb_addc(&b, '/'); break;
        case 'b': sb_addc(&b, '\b'); break;
        case 'f': sb_addc(&b, '\f'); break;
        case 'n': sb_addc(&b, '\n'); break;
        case 'r': sb_addc(&b, '\r'); break;
        case 't': sb_addc(&b, '\t'); break;
        case 'u': {
            uint32_t u;
            if (!jhex4(jp->p, &u)) { jp->err = "bad \\u escape"; sb_free(&b); return NULL; }
            jp->p += 4;
            if (u >= 0xD800 && u <= 0xDBFF && jp->p[0] == '\\' && jp->p[1] == 'u') {
                uint32_t lo;
                if (jhex4(jp->p + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    jp->p += 6;
                }
            }
            utf8_put(&b, u);
            break;
        }
        default: jp->err = "bad escape"; sb_free(&b); return NULL;
        }
    }
    if (*jp->p != '"') { jp->err = "unterminated string"; sb_free(&b); return NULL; }
    jp->p++;
    return sb_take(&b);
}
static jval *jparse_value(jparser *jp);
static jval *jnew(jtype t) { jval *v = xcalloc(1, sizeof *v); v->t = t; return v; }
static void jpush(jval *arr, char *key, jval *item) {
    arr->items = xrealloc(arr->items, (arr->n + 1) * sizeof *arr->items);
    if (arr->t == J_OBJ) { arr->keys = xrealloc(arr->keys, (arr->n + 1) * sizeof *arr->keys); arr->keys[arr->n] = key; }
    arr->items[arr->n++] = item;
}
static jval *jparse_value(jparser *jp) {
    jskip(jp);
    if (++jp->depth > 64) { jp->err = "nested too deeply"; return NULL; }
    jval *v = NULL;
    char c = *jp->p;
    if (c == '{') {
        jp->p++;
        v = jnew(J_OBJ);
        jskip(jp);
        if (*jp->p == '}') { jp->p++; goto done; }
        for (;;) {
            jskip(jp);
            char *k = jparse_string(jp);
            if (!k) goto fail;
            jskip(jp);
            if (*jp->p != ':') { free(k); jp->err = "expected ':'"; goto fail; }
            jp->p++;
            jval *item = jparse_value(jp);
            if (!item) { free(k); goto fail; }
            jpush(v, k, item);
            jskip(jp);
            if (*jp->p == ',') { jp->p++; jskip(jp); if (*jp->p == '}') { jp->p++; break; } continue; }
            if (*jp->p == '}') { jp->p++; break; }
            jp->err = "expected ',' or '}'";
            goto fail;
        }
    } else if (c == '[') {
        jp->p++;
        v = jnew(J_ARR);
        jskip(jp);
        if (*jp->p == ']') { jp->p++; goto done; }
        for (;;) {
            jval *item = jparse_value(jp);
            if (!item) goto fail;
            jpush(v, NULL, item);
            jskip(jp);
            if (*jp->p == ',') { jp->p++; jskip(jp); if (*jp->p == ']') { jp->p++; break; } continue; }
            if (*jp->p == ']') { jp->p++; break; }
            jp->err = "expected ',' or ']'";
            goto fail;
        }
    } else if (c == '"') {
        char *s = jparse_string(jp);
        if (!s) goto fail;
        v = jnew(J_STR);
        v->s = s;
    } else if (!strncmp(jp->p, "true", 4)) { v = jnew(J_BOOL); v->b = 1; jp->p += 4; }
    else if (!strncmp(jp->p, "false", 5)) { v = jnew(J_BOOL); jp->p += 5; }
    else if (!strncmp(jp->p, "null", 4)) { v = jnew(J_NULL); jp->p += 4; }
    else if (c == '-' || (c >= '0' && c <= '9')) {
        const char *s = jp->p;
        int isint = 1;
        if (*jp->p == '-') jp->p++;
        while ((*jp->p >= '0' && *jp->p <= '9') || *jp->p == '.' || *jp->p == 'e' || *jp->p == 'E' || *jp->p == '+' || *jp->p == '-') {
            if (*jp->p == '.' || *jp->p == 'e' || *jp->p == 'E') isint = 0;
            jp->p++;
        }
        char tmp[64];
        size_t n = (size_t)(jp->p - s);
        if (n >= sizeof tmp) { jp->err = "number too long"; goto fail; }
        memcpy(tmp, s, n);
        tmp[n] = 0;
        v = jnew(J_NUM);
        v->num = strtod(tmp, NULL);
        if (isint) { v->i = strtoll(tmp, NULL, 10); v->is_int = 1; }
        else v->i = (int64_t)v->num;
    } else {
        jp->err = "unexpected character";
        goto fail;
    }
done:
    jp->depth--;
    return v;
fail:
    json_free(v);
    return NULL;
}
static jval *json_parse(const char *text, const char **err) {
    jparser jp = {text, NULL, 0};
    jval *v = jparse_value(&jp);
    if (v) {
        jskip(&jp);
        if (*jp.p) { json_free(v); v = NULL; jp.err = "trailing characters"; }
    }
    if (err) *err = jp.err;
    return v;
}
static jval *jget(const jval *o, const char *key) {
    if (!o || o->t != J_OBJ) return NULL;
    for (size_t k = 0; k < o->n; k++) if (!strcmp(o->keys[k], key)) return o->items[k];
    return NULL;
}
static const char *jstr(const jval *o, const char *key, const char *def) {
    jval *v = jget(o, key);
    return v && v->t == J_STR ? v->s : def;
}
static int64_t jint(const jval *o, const char *key, int64_t def) {
    jval *v = jget(o, key);
    if (!v) return def;
    if (v->t == J_NUM) return v->is_int ? v->i : (int64_t)v->num;
    if (v->t == J_STR) {
        const char *s = v->s;
        if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) return (int64_t)strtoull(s + 2, NULL, 16);
        char *end;
        long long x = strtoll(s, &end, 10);
        if (end != s) return x;
    }
    if (v->t == J_BOOL) return v->b;
    return def;
}
static int jbool(const jval *o, const char *key, int def) {
    jval *v = jget(o, key);
    if (!v) return def;
    if (v->t == J_BOOL) return v->b;
    if (v->t == J_NUM) return v->i != 0;
    return def;
}
static jval *jarr(const jval *o, const char *key) {
    jval *v = jget(o, key);
    return v && v->t == J_ARR ? v : NULL;
}

static void json_put_str(sbuf *b, const char *s) {
    sb_addc(b, '"');
    if (s) {
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
            if (*p == '"' || *p == '\\') { sb_addc(b, '\\'); sb_addc(b, (char)*p); }
            else if (*p == '\n') sb_add(b, "\\n");
            else if (*p == '\r') sb_add(b, "\\r");
            else if (*p == '\t') sb_add(b, "\\t");
            else if (*p < 0x20) sb_printf(b, "\\u%04x", *p);
            else sb_addc(b, (char)*p);
        }
    }
    sb_addc(b, '"');
}
static void json_put_guid(sbuf *b, const sd_GUID *g) {
    char s[39];
    guid_format(g, s);
    json_put_str(b, s);
}

/* Generic re-serialisation (used to rewrite faults.json) */
static void json_write(sbuf *b, const jval *v, int indent) {
    switch (v->t) {
    case J_NULL: sb_add(b, "null"); break;
    case J_BOOL: sb_add(b, v->b ? "true" : "false"); break;
    case J_NUM:
        if (v->is_int) sb_printf(b, "%lld", (long long)v->i);
        else sb_printf(b, "%.17g", v->num);
        break;
    case J_STR: json_put_str(b, v->s); break;
    case J_ARR:
    case J_OBJ:
        sb_addc(b, v->t == J_ARR ? '[' : '{');
        for (size_t k = 0; k < v->n; k++) {
            sb_addc(b, '\n');
            for (int s = 0; s < indent + 2; s++) sb_addc(b, ' ');
            if (v->t == J_OBJ) { json_put_str(b, v->keys[k]); sb_add(b, ": "); }
            json_write(b, v->items[k], indent + 2);
            if (k + 1 < v->n) sb_addc(b, ',');
        }
        if (v->n) { sb_addc(b, '\n'); for (int s = 0; s < indent; s++) sb_addc(b, ' '); }
        sb_addc(b, v->t == J_ARR ? ']' : '}');
        break;
    }
}
