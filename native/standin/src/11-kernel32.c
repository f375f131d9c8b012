/* Part of the VSS stand-in: flat exports of kernel32 (volume enumeration and facts).
 * Not a translation unit of its own: vss-standin.c includes every part in order, so internal
 * functions stay static and the library exports only the names VSS and Windows export. */
#ifndef SD_UNITY
#error "compile native/standin/vss-standin.c, which includes this file"
#endif

/* ---- kernel32 ---- */
static _Thread_local uint32_t t_last_error;
SD_API uint32_t SD_EXPORT(GetLastError)(void) { return t_last_error; }
SD_API void SD_EXPORT(SetLastError)(uint32_t e) { t_last_error = e; }
/* The calling thread's error mode (SetThreadErrorMode). "When a user attempts to get information about a floppy
 * drive that does not have a floppy disk, or a CD-ROM drive that does not have a compact disc, the system displays
 * a message box for the user to insert" one, unless the mode has SEM_FAILCRITICALERRORS (Microsoft Learn,
 * GetVolumeInformationW); "this is to prevent error mode dialogs from hanging the application" (SetThreadErrorMode).
 * The stand-in cannot show that box: it says on stderr that Windows would have, and fails as with the box dismissed. */
#define SD_SEM_FAILCRITICALERRORS 0x0001u
#define SD_SEM_VALID (0x0001u | 0x0002u | 0x0004u | 0x8000u)
static _Thread_local uint32_t t_error_mode;
SD_API int32_t SD_EXPORT(SetThreadErrorMode)(uint32_t mode, uint32_t *old) {
    if (mode & ~SD_SEM_VALID) { t_last_error = SD_ERROR_INVALID_PARAMETER; return 0; }
    if (old) *old = t_error_mode;
    t_error_mode = mode;
    return 1;
}
static void critical_error_box(const sim_volume *v) {
    if (t_error_mode & SD_SEM_FAILCRITICALERRORS) return;
    if (v->driveType != 2 && v->driveType != 5) return; /* removable, CD/DVD: the drives that prompt for media */
    char *g = vol_guid_path(v);
    fprintf(stderr, "shadowdesk-vss: Windows would now show \"There is no disk in the drive\" for %s and wait for the user "
                    "(the calling thread has no SEM_FAILCRITICALERRORS)\n", g);
    free(g);
}
static uint32_t win32_from_hr(int32_t hr) {
    uint32_t u = (uint32_t)hr;
    return (u & 0xFFFF0000u) == 0x80070000u ? (u & 0xFFFFu) : u;
}
#define KFAULT(meth, failret)                                             \
    do {                                                                  \
        fault_hit kh_;                                                    \
        int32_t kr_ = fault_point("kernel32", meth, &kh_, 0);             \
        if (kr_) { t_last_error = win32_from_hr(kr_); return failret; }   \
    } while (0)

#define VOLFIND_MAGIC 0x564F4C46u
typedef struct { uint32_t magic; size_t next, n; char **names; } volfind;
static volfind **g_volfinds;
static size_t g_nvolfinds;
static int volfind_valid(volfind *f) {
    for (size_t k = 0; k < g_nvolfinds; k++) if (g_volfinds[k] == f) return f->magic == VOLFIND_MAGIC;
    return 0;
}
/* copies a UTF-8 string into a caller's UTF-16 buffer; 0 if it does not fit */
static int put_w(const char *s, WCH *buf, uint32_t cch) {
    size_t n;
    WCH *w = utf8_to_utf16_len(s, &n);
    int ok = buf && n + 1 <= cch;
    if (ok) memcpy(buf, w, (n + 1) * sizeof(WCH));
    free(w);
    return ok;
}
SD_API void *SD_EXPORT(FindFirstVolumeW)(WCH *buf, uint32_t cch) {
    void *INVALID = (void *)(intptr_t)-1;
    KFAULT("FindFirstVolumeW", INVALID);
    if (!buf || cch == 0) { t_last_error = SD_ERROR_INVALID_PARAMETER; return INVALID; }
    sim_machine *m = machine_get(NULL);
    if (!m) { t_last_error = SD_ERROR_FILE_NOT_FOUND; return INVALID; }
    if (m->nvols == 0) { machine_unref(m); t_last_error = SD_ERROR_NO_MORE_FILES; return INVALID; }
    volfind *f = xcalloc(1, sizeof *f);
    f->magic = VOLFIND_MAGIC;
    f->n = m->nvols;
    f->names = xcalloc(m->nvols, sizeof *f->names);
    for (size_t k = 0; k < m->nvols; k++) f->names[k] = vol_guid_path(&m->vols[k]);
    machine_unref(m);
    if (!put_w(f->names[0], buf, cch)) {
        for (size_t k = 0; k < f->n; k++) free(f->names[k]);
        free(f->names);
        free(f);
        t_last_error = SD_ERROR_FILENAME_EXCED_RANGE;
        return INVALID;
    }
    f->next = 1;
    glock();
    g_volfinds = xrealloc(g_volfinds, (g_nvolfinds + 1) * sizeof *g_volfinds);
    g_volfinds[g_nvolfinds++] = f;
    gunlock();
    t_last_error = 0;
    return f;
}
SD_API int32_t SD_EXPORT(FindNextVolumeW)(void *h, WCH *buf, uint32_t cch) {
    KFAULT("FindNextVolumeW", 0);
    glock();
    volfind *f = h;
    int32_t ok = 0;
    if (!volfind_valid(f)) t_last_error = SD_ERROR_INVALID_HANDLE;
    else if (!buf) t_last_error = SD_ERROR_INVALID_PARAMETER;
    else if (f->next >= f->n) t_last_error = SD_ERROR_NO_MORE_FILES;
    else if (!put_w(f->names[f->next], buf, cch)) t_last_error = SD_ERROR_FILENAME_EXCED_RANGE;
    else { f->next++; ok = 1; t_last_error = 0; }
    gunlock();
    return ok;
}
SD_API int32_t SD_EXPORT(FindVolumeClose)(void *h) {
    KFAULT("FindVolumeClose", 0);
    glock();
    volfind *f = h;
    int32_t ok = 0;
    if (!volfind_valid(f)) t_last_error = SD_ERROR_INVALID_HANDLE;
    else {
        for (size_t k = 0; k < g_nvolfinds; k++) if (g_volfinds[k] == f) { g_volfinds[k] = g_volfinds[--g_nvolfinds]; break; }
        f->magic = 0;
        for (size_t k = 0; k < f->n; k++) free(f->names[k]);
        free(f->names);
        free(f);
        ok = 1;
        t_last_error = 0;
    }
    gunlock();
    return ok;
}
SD_API int32_t SD_EXPORT(GetVolumePathNamesForVolumeNameW)(const WCH *vol, WCH *buf, uint32_t cch, uint32_t *returned) {
    KFAULT("GetVolumePathNamesForVolumeNameW", 0);
    if (!vol) { t_last_error = SD_ERROR_INVALID_PARAMETER; return 0; }
    sim_machine *m = machine_get(NULL);
    if (!m) { t_last_error = SD_ERROR_FILE_NOT_FOUND; return 0; }
    char *name = utf16_to_utf8(vol);
    int isGuidPath = startswith_ci(name, "\\\\?\\Volume{");
    int vi = machine_find_volume(m, name);
    free(name);
    int32_t ok = 0;
    if (!isGuidPath || vi == -2) t_last_error = SD_ERROR_INVALID_NAME;
    else if (vi < 0) t_last_error = SD_ERROR_FILE_NOT_FOUND;
    else {
        /* "a list of drive letters and mounted folder paths": the letter first, then the mount folders, each
         * NUL-terminated, and one more NUL (Microsoft Learn, GetVolumePathNamesForVolumeNameW). A volume with
         * no mount point (an EFI system partition, a recovery partition) succeeds with the empty list: just
         * the final NUL, which "Displaying Volume Paths" walks as no paths. */
        const sim_volume *v = &m->vols[vi];
        uint32_t need = 1;
        if (v->hasLetter) need += 4;
        for (size_t k = 0; k < v->nmountFolders; k++) {
            size_t wl;
            WCH *w = utf8_to_utf16_len(v->mountFolders[k], &wl);
            free(w);
            need += (uint32_t)wl + 1;
        }
        if (returned) *returned = need;
        if (!buf || cch < need) t_last_error = SD_ERROR_MORE_DATA;
        else {
            uint32_t at = 0;
            if (v->hasLetter) { buf[at++] = (WCH)v->letter; buf[at++] = ':'; buf[at++] = '\\'; buf[at++] = 0; }
            for (size_t k = 0; k < v->nmountFolders; k++) {
                size_t wl;
                WCH *w = utf8_to_utf16_len(v->mountFolders[k], &wl);
                memcpy(buf + at, w, wl * sizeof(WCH));
                free(w);
                at += (uint32_t)wl;
                buf[at++] = 0;
            }
            buf[at++] = 0;
            ok = 1;
            t_last_error = 0;
        }
    }
    machine_unref(m);
    return ok;
}
SD_API int32_t SD_EXPORT(GetVolumeNameForVolumeMountPointW)(const WCH *mountPoint, WCH *buf, uint32_t cch) {
    KFAULT("GetVolumeNameForVolumeMountPointW", 0);
    if (!mountPoint || !buf) { t_last_error = SD_ERROR_INVALID_PARAMETER; return 0; }
    sim_machine *m = machine_get(NULL);
    if (!m) { t_last_error = SD_ERROR_FILE_NOT_FOUND; return 0; }
    char *name = utf16_to_utf8(mountPoint);
    int vi = machine_find_volume(m, name);
    free(name);
    int32_t ok = 0;
    if (vi == -2) t_last_error = SD_ERROR_INVALID_PARAMETER; /* no trailing backslash */
    else if (vi < 0) t_last_error = SD_ERROR_FILE_NOT_FOUND;
    else {
        char *g = vol_guid_path(&m->vols[vi]);
        if (!put_w(g, buf, cch)) t_last_error = SD_ERROR_FILENAME_EXCED_RANGE;
        else { ok = 1; t_last_error = 0; }
        free(g);
    }
    machine_unref(m);
    return ok;
}
static uint32_t fs_flags_for(const char *fs) {
    if (streq_ci(fs, "NTFS")) return 0x03E706FFu;
    if (streq_ci(fs, "ReFS")) return 0x03E507AFu;
    return 0x00C20006u; /* FAT32 / exFAT */
}
/* root of a volume for the kernel32 calls: "X:\" or a GUID path; NULL means C:\ */
static int kvolume(const sim_machine *m, const WCH *root, int allowRest) {
    if (!root) return machine_find_volume(m, "C:\\");
    char *name = utf16_to_utf8(root);
    int vi;
    if (allowRest && strlen(name) == 2 && name[1] == ':') {
        char L[4] = {name[0], ':', '\\', 0};
        vi = machine_find_volume(m, L);
    } else {
        vi = machine_find_volume_ex(m, name, allowRest, NULL);
    }
    free(name);
    return vi;
}
SD_API int32_t SD_EXPORT(GetVolumeInformationW)(const WCH *root, WCH *label, uint32_t cchLabel, uint32_t *serial, uint32_t *maxComp,
                                               uint32_t *flags, WCH *fsName, uint32_t cchFs) {
    KFAULT("GetVolumeInformationW", 0);
    sim_machine *m = machine_get(NULL);
    if (!m) { t_last_error = SD_ERROR_FILE_NOT_FOUND; return 0; }
    int vi = kvolume(m, root, 0);
    int32_t ok = 0;
    if (vi == -2) t_last_error = SD_ERROR_INVALID_NAME;
    else if (vi < 0) t_last_error = SD_ERROR_PATH_NOT_FOUND;
    else if (m->vols[vi].noMedia) { critical_error_box(&m->vols[vi]); t_last_error = SD_ERROR_NOT_READY; } /* "The device is not ready." */
    else {
        const sim_volume *v = &m->vols[vi];
        if (label && !put_w(v->label, label, cchLabel)) t_last_error = SD_ERROR_BAD_LENGTH;
        else if (fsName && !put_w(v->fs, fsName, cchFs)) t_last_error = SD_ERROR_BAD_LENGTH;
        else {
            if (serial) *serial = v->serial;
            if (maxComp) *maxComp = 255;
            if (flags) *flags = fs_flags_for(v->fs);
            ok = 1;
            t_last_error = 0;
        }
    }
    machine_unref(m);
    return ok;
}
SD_API int32_t SD_EXPORT(GetDiskFreeSpaceExW)(const WCH *dir, uint64_t *freeToCaller, uint64_t *total, uint64_t *totalFree) {
    KFAULT("GetDiskFreeSpaceExW", 0);
    sess s;
    if (sess_open(&s) != SD_S_OK) { t_last_error = SD_ERROR_FILE_NOT_FOUND; return 0; }
    int vi = kvolume(s.m, dir, 1);
    int32_t ok = 0;
    if (vi < 0) t_last_error = SD_ERROR_PATH_NOT_FOUND;
    else if (s.m->vols[vi].noMedia) { critical_error_box(&s.m->vols[vi]); t_last_error = SD_ERROR_NOT_READY; } /* no media: no size */
    else {
        const sim_volume *v = &s.m->vols[vi];
        int64_t used = volume_used_bytes(s.m, s.root, &s.st, vi);
        uint64_t fr = (uint64_t)(v->capacity - used);
        if (freeToCaller) *freeToCaller = fr;
        if (total) *total = (uint64_t)v->capacity;
        if (totalFree) *totalFree = fr;
        ok = 1;
        t_last_error = 0;
    }
    sess_close(&s);
    return ok;
}
SD_API uint32_t SD_EXPORT(GetDriveTypeW)(const WCH *root) {
    KFAULT("GetDriveTypeW", 0);
    sim_machine *m = machine_get(NULL);
    if (!m) return 1;
    int vi = kvolume(m, root, 0);
    uint32_t t = vi < 0 ? 1u /* DRIVE_NO_ROOT_DIR */ : (uint32_t)m->vols[vi].driveType;
    machine_unref(m);
    return t;
}
