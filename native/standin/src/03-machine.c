/* Part of the VSS stand-in: the simulated machine (machine.json), root selection, persistent state under a cross-process lock.
 * Not a translation unit of its own: vss-standin.c includes every part in order, so internal
 * functions stay static and the library exports only the names VSS and Windows export. */
#ifndef SD_UNITY
#error "compile native/standin/vss-standin.c, which includes this file"
#endif

/* ============================================================================================== */
/* 7. Simulated machine (machine.json), root selection                                            */
/* ============================================================================================== */

typedef struct {
    char *path, *filespec, *alt;
    int recursive;
    uint32_t typeMask;
} sim_filedesc;

typedef struct {
    char *name, *logicalPath, *caption;
    int type; /* VSS_COMPONENT_TYPE: 1 database, 2 filegroup */
    int selectable, selectableForRestore, notifyOnBackupComplete, restoreMetadata;
    uint32_t flags;
    sim_filedesc *files, *dbFiles, *logFiles;
    size_t nfiles, ndb, nlog;
} sim_component;

typedef struct {
    char *name;
    sd_GUID id, inst;
    int state;
    int32_t lastError;
    int usage, source;
    sim_component *comps;
    size_t ncomps;
    sim_filedesc *incl, *excl;
    size_t nincl, nexcl;
    int failPhase;
    int32_t failError;
    int restoreMethod, writerRestore, rebootRequired;
    char *restoreService;
    uint32_t backupSchema;
} sim_writer;

typedef struct {
    char letter;       /* the drive letter, or for a volume without one an internal key '1'..'9' (never a letter) */
    int hasLetter;     /* 0: no drive letter (EFI system partition, recovery, a volume mounted only at folders) */
    char **mountFolders; /* "C:\\Mount\\Archive\\" (trailing backslash), in machine.json order */
    size_t nmountFolders;
    int noMedia;       /* a drive with no media (an empty card reader): volume facts fail with ERROR_NOT_READY */
    sd_GUID guid;
    char *label, *fs;
    int64_t capacity, baseUsed;
    int driveType;
    int supported;     /* can be shadow-copied */
    int storageHost;   /* can hold shadow storage (NTFS/ReFS, fixed) */
    int hasInitialStorage;
    char storageLetter;
    int64_t storageMax; /* -1 unbounded */
    uint32_t serial;
} sim_volume;

/* How long each asynchronous IVssBackupComponents operation takes (machine.json "asyncDelaysMs"). */
enum { AD_GATHER_METADATA, AD_GATHER_STATUS, AD_PREPARE_FOR_BACKUP, AD_DO_SNAPSHOT_SET, AD_BACKUP_COMPLETE, AD_COUNT };
static const char *const ASYNC_DELAY_NAMES[AD_COUNT] = {"GatherWriterMetadata", "GatherWriterStatus", "PrepareForBackup",
                                                        "DoSnapshotSet", "BackupComplete"};
/* Defaults that make a create take about a second (and one with writers a little more). Real writer
 * phases take seconds to minutes; these keep the window's progress and a quit during a create
 * observable without slowing tests much. "asyncDelaysMs": false (or 0) turns them all off. */
static const uint32_t ASYNC_DELAY_DEFAULTS[AD_COUNT] = {200, 30, 100, 800, 70};

typedef struct sim_machine {
    atomic_int refs;
    char *name;
    sim_volume *vols;
    size_t nvols;
    sim_writer *writers;
    size_t nwriters;
    /* Shadow storage rules (see the snapshot engine): the minimum maximum Windows accepts, which
     * IVssSnapshotMgmt2::GetMinDiffAreaSize reports and which is the MinDiffAreaFileSize registry
     * value ("minDiffAreaFileSizeMB", in MB as the registry value is; 320 when absent), and how used
     * space is counted ("storageAccounting": copyOnWrite, the default, or fullCopy). */
    int64_t minDiffArea;
    int fullCopyAccounting;
    uint32_t asyncDelayMs[AD_COUNT];
} sim_machine;

static void filedescs_free(sim_filedesc *f, size_t n) {
    for (size_t k = 0; k < n; k++) { free(f[k].path); free(f[k].filespec); free(f[k].alt); }
    free(f);
}
static void machine_free(sim_machine *m) {
    if (!m) return;
    free(m->name);
    for (size_t v = 0; v < m->nvols; v++) {
        free(m->vols[v].label); free(m->vols[v].fs);
        for (size_t k = 0; k < m->vols[v].nmountFolders; k++) free(m->vols[v].mountFolders[k]);
        free(m->vols[v].mountFolders);
    }
    free(m->vols);
    for (size_t w = 0; w < m->nwriters; w++) {
        sim_writer *wr = &m->writers[w];
        free(wr->name);
        free(wr->restoreService);
        for (size_t c = 0; c < wr->ncomps; c++) {
            sim_component *cp = &wr->comps[c];
            free(cp->name); free(cp->logicalPath); free(cp->caption);
            filedescs_free(cp->files, cp->nfiles);
            filedescs_free(cp->dbFiles, cp->ndb);
            filedescs_free(cp->logFiles, cp->nlog);
        }
        free(wr->comps);
        filedescs_free(wr->incl, wr->nincl);
        filedescs_free(wr->excl, wr->nexcl);
    }
    free(m->writers);
    free(m);
}
static sim_machine *machine_ref(sim_machine *m) { if (m) atomic_fetch_add(&m->refs, 1); return m; }
static void machine_unref(sim_machine *m) {
    if (m && atomic_fetch_sub(&m->refs, 1) == 1) machine_free(m);
}

/* ---- names of HRESULTs, writer states, enums ---- */
typedef struct { const char *name; uint32_t value; } named_value;
static const named_value HR_NAMES[] = {
    {"S_OK", 0}, {"S_FALSE", 1}, {"E_NOTIMPL", 0x80004001u}, {"E_NOINTERFACE", 0x80004002u},
    {"E_POINTER", 0x80004003u}, {"E_ABORT", 0x80004004u}, {"E_FAIL", 0x80004005u}, {"E_UNEXPECTED", 0x8000FFFFu},
    {"E_ACCESSDENIED", 0x80070005u}, {"E_OUTOFMEMORY", 0x8007000Eu}, {"E_INVALIDARG", 0x80070057u},
    {"REGDB_E_CLASSNOTREG", 0x80040154u}, {"CO_E_NOTINITIALIZED", 0x800401F0u}, {"RPC_E_TOO_LATE", 0x80010119u},
    {"RPC_E_CHANGED_MODE", 0x80010106u}, {"VSS_S_ASYNC_PENDING", 0x00042309u}, {"VSS_S_ASYNC_FINISHED", 0x0004230Au},
    {"VSS_S_ASYNC_CANCELLED", 0x0004230Bu}, {"VSS_E_BAD_STATE", 0x80042301u}, {"VSS_E_UNEXPECTED", 0x80042302u},
    {"VSS_E_PROVIDER_ALREADY_REGISTERED", 0x80042303u}, {"VSS_E_PROVIDER_NOT_REGISTERED", 0x80042304u},
    {"VSS_E_PROVIDER_VETO", 0x80042306u}, {"VSS_E_PROVIDER_IN_USE", 0x80042307u}, {"VSS_E_OBJECT_NOT_FOUND", 0x80042308u},
    {"VSS_E_VOLUME_NOT_SUPPORTED", 0x8004230Cu}, {"VSS_E_OBJECT_ALREADY_EXISTS", 0x8004230Du},
    {"VSS_E_VOLUME_NOT_SUPPORTED_BY_PROVIDER", 0x8004230Eu}, {"VSS_E_UNEXPECTED_PROVIDER_ERROR", 0x8004230Fu},
    {"VSS_E_CORRUPT_XML_DOCUMENT", 0x80042310u}, {"VSS_E_INVALID_XML_DOCUMENT", 0x80042311u},
    {"VSS_E_MAXIMUM_NUMBER_OF_VOLUMES_REACHED", 0x80042312u}, {"VSS_E_FLUSH_WRITES_TIMEOUT", 0x80042313u},
    {"VSS_E_HOLD_WRITES_TIMEOUT", 0x80042314u}, {"VSS_E_UNEXPECTED_WRITER_ERROR", 0x80042315u},
    {"VSS_E_SNAPSHOT_SET_IN_PROGRESS", 0x80042316u}, {"VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED", 0x80042317u},
    {"VSS_E_WRITER_INFRASTRUCTURE", 0x80042318u}, {"VSS_E_WRITER_NOT_RESPONDING", 0x80042319u},
    {"VSS_E_WRITER_ALREADY_SUBSCRIBED", 0x8004231Au}, {"VSS_E_UNSUPPORTED_CONTEXT", 0x8004231Bu},
    {"VSS_E_VOLUME_IN_USE", 0x8004231Du}, {"VSS_E_MAXIMUM_DIFFAREA_ASSOCIATIONS_REACHED", 0x8004231Eu},
    {"VSS_E_INSUFFICIENT_STORAGE", 0x8004231Fu}, {"VSS_E_NO_SNAPSHOTS_IMPORTED", 0x80042320u},
    {"VSS_E_SOME_SNAPSHOTS_NOT_IMPORTED", 0x80042321u}, {"VSS_E_REMOTE_SERVER_UNAVAILABLE", 0x80042323u},
    {"VSS_E_REVERT_IN_PROGRESS", 0x80042325u}, {"VSS_E_REBOOT_REQUIRED", 0x80042327u},
    {"VSS_E_TRANSACTION_FREEZE_TIMEOUT", 0x80042328u}, {"VSS_E_TRANSACTION_THAW_TIMEOUT", 0x80042329u},
    {"VSS_E_VOLUME_NOT_LOCAL", 0x8004232Du}, {"VSS_E_CLUSTER_TIMEOUT", 0x8004232Eu}, {"VSS_E_NOT_SUPPORTED", 0x8004232Fu},
    {"VSS_E_WRITERERROR_PARTIAL_FAILURE", 0x80042336u}, {"VSS_E_WRITERERROR_INCONSISTENTSNAPSHOT", 0x800423F0u},
    {"VSS_E_WRITERERROR_OUTOFRESOURCES", 0x800423F1u}, {"VSS_E_WRITERERROR_TIMEOUT", 0x800423F2u},
    {"VSS_E_WRITERERROR_RETRYABLE", 0x800423F3u}, {"VSS_E_WRITERERROR_NONRETRYABLE", 0x800423F4u},
    {"VSS_E_WRITERERROR_RECOVERY_FAILED", 0x800423F5u}, {"VSS_E_WRITER_STATUS_NOT_AVAILABLE", 0x80042409u},
    {"VSS_E_FSS_TIMEOUT", 0x80042417u}, {NULL, 0}};

static const char *WS_NAMES[WS_COUNT] = {
    "UNKNOWN", "STABLE", "WAITING_FOR_FREEZE", "WAITING_FOR_THAW", "WAITING_FOR_POST_SNAPSHOT",
    "WAITING_FOR_BACKUP_COMPLETE", "FAILED_AT_IDENTIFY", "FAILED_AT_PREPARE_BACKUP", "FAILED_AT_PREPARE_SNAPSHOT",
    "FAILED_AT_FREEZE", "FAILED_AT_THAW", "FAILED_AT_POST_SNAPSHOT", "FAILED_AT_BACKUP_COMPLETE",
    "FAILED_AT_PRE_RESTORE", "FAILED_AT_POST_RESTORE", "FAILED_AT_BACKUPSHUTDOWN"};
static const char *PHASE_NAMES[] = {"none", "identify", "prepareBackup", "prepareSnapshot", "freeze", "thaw",
                                    "postSnapshot", "backupComplete"};
static const int PHASE_FAIL_STATE[] = {WS_STABLE, WS_FAILED_AT_IDENTIFY, WS_FAILED_AT_PREPARE_BACKUP,
                                       WS_FAILED_AT_PREPARE_SNAPSHOT, WS_FAILED_AT_FREEZE, WS_FAILED_AT_THAW,
                                       WS_FAILED_AT_POST_SNAPSHOT, WS_FAILED_AT_BACKUP_COMPLETE};

/* "VSS_E_X" / "0x8004..." / number -> HRESULT; *ok = 0 if not understood */
static int32_t hr_from_text(const char *s, int *ok) {
    *ok = 1;
    if (!s || !*s) { *ok = 0; return 0; }
    for (const named_value *n = HR_NAMES; n->name; n++) if (streq_ci(n->name, s)) return (int32_t)n->value;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) return (int32_t)(uint32_t)strtoull(s + 2, NULL, 16);
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end != s && !*end) return (int32_t)v;
    *ok = 0;
    return 0;
}
static int32_t hr_from_json(const jval *v, int32_t def) {
    if (!v) return def;
    if (v->t == J_NUM) return (int32_t)(uint32_t)(v->is_int ? (uint64_t)v->i : (uint64_t)(int64_t)v->num);
    if (v->t == J_STR) { int ok; int32_t r = hr_from_text(v->s, &ok); return ok ? r : def; }
    return def;
}
static int enum_from_json(const jval *v, const char *const *names, int count, const char *prefix, int def) {
    if (!v) return def;
    if (v->t == J_NUM) return (int)v->i;
    if (v->t != J_STR) return def;
    const char *s = v->s;
    if (prefix && startswith_ci(s, prefix)) s += strlen(prefix);
    for (int k = 0; k < count; k++) if (names[k] && streq_ci(names[k], s)) return k;
    /* also accept "failedAtFreeze"-style: compare ignoring '_' */
    for (int k = 0; k < count; k++) {
        if (!names[k]) continue;
        const char *a = names[k], *b = s;
        while (*a || *b) {
            if (*a == '_') { a++; continue; }
            if (*b == '_' || *b == ' ' || *b == '-') { b++; continue; }
            if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b)) break;
            a++; b++;
        }
        if (!*a && !*b) return k;
    }
    return def;
}
static const char *USAGE_NAMES[] = {"UNDEFINED", "BOOTABLESYSTEMSTATE", "SYSTEMSERVICE", "USERDATA", "OTHER"};
static const char *SOURCE_NAMES[] = {"UNDEFINED", "TRANSACTEDDB", "NONTRANSACTEDDB", "OTHER"};
static const char *CT_NAMES[] = {"UNDEFINED", "DATABASE", "FILEGROUP"};
static const char *DRIVE_NAMES[] = {"unknown", "noRootDir", "removable", "fixed", "remote", "cdrom", "ramdisk"};
static const char *RME_NAMES[] = {"UNDEFINED", "RESTORE_IF_NOT_THERE", "RESTORE_IF_CAN_REPLACE", "STOP_RESTORE_START",
                                  "RESTORE_TO_ALTERNATE_LOCATION", "RESTORE_AT_REBOOT",
                                  "RESTORE_AT_REBOOT_IF_CANNOT_REPLACE", "CUSTOM", "RESTORE_STOP_START"};
static const char *WRE_NAMES[] = {"UNDEFINED", "NEVER", "IF_REPLACE_FAILS", "ALWAYS"};

static sim_filedesc *parse_filedescs(const jval *arr, size_t *n) {
    *n = 0;
    if (!arr || arr->t != J_ARR || arr->n == 0) return NULL;
    sim_filedesc *f = xcalloc(arr->n, sizeof *f);
    for (size_t k = 0; k < arr->n; k++) {
        const jval *o = arr->items[k];
        f[*n].path = xstrdup(jstr(o, "path", ""));
        f[*n].filespec = xstrdup(jstr(o, "filespec", "*"));
        const char *alt = jstr(o, "alternateLocation", NULL);
        f[*n].alt = alt ? xstrdup(alt) : NULL;
        f[*n].recursive = jbool(o, "recursive", 0);
        f[*n].typeMask = (uint32_t)jint(o, "backupTypeMask", 0xF0F);
        (*n)++;
    }
    return f;
}

static int guid_from_json(const jval *o, const char *key, sd_GUID *g) {
    const char *s = jstr(o, key, NULL);
    return s && guid_parse(s, g);
}

/* Parses machine.json text. Returns NULL and sets *err on error. */
/* "minDiffAreaFileSizeMB" and "storageAccounting" (top level of machine.json): 0 ok, -1 with *err set. */
static int machine_parse_storage_rules(const jval *root, sim_machine *m, char **err) {
    const jval *mn = jget(root, "minDiffAreaFileSizeMB");
    int64_t mb = mn ? jint(root, "minDiffAreaFileSizeMB", -1) : 320;
    if (mb < 1) { *err = strfmt("machine.json: \"minDiffAreaFileSizeMB\" must be a whole number of MB, at least 1"); return -1; }
    m->minDiffArea = mb * 1024 * 1024;
    const char *acc = jstr(root, "storageAccounting", "copyOnWrite");
    if (streq_ci(acc, "copyOnWrite")) m->fullCopyAccounting = 0;
    else if (streq_ci(acc, "fullCopy")) m->fullCopyAccounting = 1;
    else { *err = strfmt("machine.json: \"storageAccounting\" is \"%s\"; use \"copyOnWrite\" or \"fullCopy\"", acc); return -1; }
    return 0;
}

static sim_machine *machine_parse(const char *text, char **err) {
    const char *jerr = NULL;
    jval *root = json_parse(text, &jerr);
    if (!root || root->t != J_OBJ) {
        *err = strfmt("machine.json: %s", jerr ? jerr : "not an object");
        json_free(root);
        return NULL;
    }
    sim_machine *m = xcalloc(1, sizeof *m);
    atomic_store(&m->refs, 1);
    m->name = xstrdup(jstr(root, "machineName", jstr(root, "name", "SIM-PC")));
    if (machine_parse_storage_rules(root, m, err) != 0) goto fail;
    {
        const jval *ad = jget(root, "asyncDelaysMs");
        int off = ad && ((ad->t == J_BOOL && !ad->b) || (ad->t == J_NUM && jint(root, "asyncDelaysMs", 0) == 0));
        for (int k = 0; k < AD_COUNT; k++) {
            int64_t v = off ? 0 : ASYNC_DELAY_DEFAULTS[k];
            if (ad && ad->t == J_OBJ && jget(ad, ASYNC_DELAY_NAMES[k])) v = jint(ad, ASYNC_DELAY_NAMES[k], v);
            m->asyncDelayMs[k] = (uint32_t)(v < 0 ? 0 : v > 600000 ? 600000 : v);
        }
    }
    jval *vols = jarr(root, "volumes");
    if (vols && vols->n) {
        m->vols = xcalloc(vols->n, sizeof *m->vols);
        for (size_t k = 0; k < vols->n; k++) {
            const jval *o = vols->items[k];
            sim_volume *v = &m->vols[m->nvols];
            const char *letter = jstr(o, "letter", NULL);
            if (letter && !((letter[0] >= 'A' && letter[0] <= 'Z') || (letter[0] >= 'a' && letter[0] <= 'z'))) {
                *err = strfmt("machine.json: volume %u has no valid \"letter\"", (unsigned)k);
                goto fail;
            }
            int hasGuid = guid_from_json(o, "guid", &v->guid);
            if (letter) {
                v->letter = (char)ascii_upper((unsigned char)letter[0]);
                v->hasLetter = 1;
                for (size_t j = 0; j < m->nvols; j++)
                    if (m->vols[j].letter == v->letter) { *err = strfmt("machine.json: drive letter %c: used twice", v->letter); goto fail; }
            } else {
                /* No drive letter (an EFI system partition, a recovery partition): Windows names it only by its
                 * volume GUID path, so the guid is required. Internally it gets a key '1'..'9' (its live folder is
                 * volumes/<key>/; ShadowDeskSimVolumeFolder finds it from the GUID path). */
                if (!hasGuid) { *err = strfmt("machine.json: volume %u has neither a \"letter\" nor a \"guid\"", (unsigned)k); goto fail; }
                int keys = 0;
                for (size_t j = 0; j < m->nvols; j++) keys += !m->vols[j].hasLetter;
                if (keys >= 9) { *err = strfmt("machine.json: more than 9 volumes without a drive letter"); goto fail; }
                v->letter = (char)('1' + keys);
            }
            if (!hasGuid) {
                /* stable id derived from the letter when none is given */
                v->guid = (sd_GUID){0x5d0e0000u | (uint32_t)v->letter, 0x0000, 0x11ef, {0x9a, 0x3b, 0x00, 0x15, 0x5d, 0x00, 0x00, (uint8_t)v->letter}};
            }
            for (size_t j = 0; j < m->nvols; j++)
                if (guid_eq(&m->vols[j].guid, &v->guid)) { *err = strfmt("machine.json: volume %u has the guid of another volume", (unsigned)k); goto fail; }
            const jval *mf = jarr(o, "mountFolders");
            if (mf && mf->n) {
                v->mountFolders = xcalloc(mf->n, sizeof *v->mountFolders);
                for (size_t j = 0; j < mf->n; j++) {
                    const jval *e = mf->items[j];
                    const char *f = e && e->t == J_STR ? e->s : NULL;
                    size_t fl = f ? strlen(f) : 0;
                    /* a folder on another volume: "X:\\dir\\" (the trailing backslash is added when missing) */
                    if (fl < 4 || !((f[0] >= 'A' && f[0] <= 'Z') || (f[0] >= 'a' && f[0] <= 'z')) || f[1] != ':' || (f[2] != '\\' && f[2] != '/')) {
                        *err = strfmt("machine.json: volume %u: mount folder %u is not a folder path such as C:\\Mount\\Data\\", (unsigned)k, (unsigned)j);
                        m->nvols++;
                        goto fail;
                    }
                    char *c = strfmt("%s%s", f, (f[fl - 1] == '\\' || f[fl - 1] == '/') ? "" : "\\");
                    for (char *q = c; *q; q++) if (*q == '/') *q = '\\';
                    c[0] = (char)ascii_upper((unsigned char)c[0]);
                    v->mountFolders[v->nmountFolders++] = c;
                }
            }
            /* "media": false is a drive with nothing in it (an empty card reader or DVD drive) */
            v->noMedia = !jbool(o, "media", 1);
            v->label = xstrdup(jstr(o, "label", ""));
            v->fs = xstrdup(jstr(o, "fileSystem", "NTFS"));
            v->capacity = jint(o, "capacityBytes", 64LL << 30);
            v->baseUsed = jint(o, "usedBytes", v->capacity / 4);
            v->driveType = enum_from_json(jget(o, "driveType"), DRIVE_NAMES, 7, NULL, 3);
            int ntfsLike = streq_ci(v->fs, "NTFS") || streq_ci(v->fs, "ReFS");
            v->storageHost = ntfsLike && v->driveType == 3;
            if (v->noMedia) v->storageHost = 0;
            v->supported = !v->noMedia && jbool(o, "shadowCopySupported", v->storageHost);
            v->serial = (uint32_t)jint(o, "serialNumber", (int64_t)(v->guid.Data1 ^ ((uint32_t)v->guid.Data2 << 16)));
            const jval *ss = jget(o, "shadowStorage");
            if (ss && ss->t == J_OBJ) {
                v->hasInitialStorage = 1;
                const char *on = jstr(ss, "onVolume", NULL);
                v->storageLetter = on ? (char)ascii_upper((unsigned char)on[0]) : v->letter;
                const jval *mx = jget(ss, "maxBytes");
                v->storageMax = (!mx || mx->t == J_NULL) ? -1 : jint(ss, "maxBytes", -1);
            }
            m->nvols++;
        }
    }
    jval *wrs = jarr(root, "writers");
    if (wrs && wrs->n) {
        m->writers = xcalloc(wrs->n, sizeof *m->writers);
        for (size_t k = 0; k < wrs->n; k++) {
            const jval *o = wrs->items[k];
            sim_writer *w = &m->writers[m->nwriters];
            w->name = xstrdup(jstr(o, "name", "Writer"));
            if (!guid_from_json(o, "writerId", &w->id)) { *err = strfmt("machine.json: writer \"%s\" has no valid writerId", w->name); m->nwriters++; goto fail; }
            if (!guid_from_json(o, "instanceId", &w->inst)) {
                w->inst = w->id;
                w->inst.Data4[7] ^= 0x5A;
                w->inst.Data3 ^= 0x1111;
            }
            w->state = enum_from_json(jget(o, "state"), WS_NAMES, WS_COUNT, "VSS_WS_", WS_STABLE);
            w->lastError = hr_from_json(jget(o, "lastError"), 0);
            w->usage = enum_from_json(jget(o, "usage"), USAGE_NAMES, 5, "VSS_UT_", 0);
            w->source = enum_from_json(jget(o, "source"), SOURCE_NAMES, 4, "VSS_ST_", 0);
            w->restoreMethod = enum_from_json(jget(o, "restoreMethod"), RME_NAMES, 9, "VSS_RME_", 1);
            w->writerRestore = enum_from_json(jget(o, "writerRestore"), WRE_NAMES, 4, "VSS_WRE_", 1);
            w->rebootRequired = jbool(o, "rebootRequired", 0);
            const char *svc = jstr(o, "restoreService", NULL);
            w->restoreService = svc ? xstrdup(svc) : NULL;
            w->backupSchema = (uint32_t)jint(o, "backupSchema", 0);
            w->incl = parse_filedescs(jarr(o, "includeFiles"), &w->nincl);
            w->excl = parse_filedescs(jarr(o, "excludeFiles"), &w->nexcl);
            jval *comps = jarr(o, "components");
            if (comps && comps->n) {
                w->comps = xcalloc(comps->n, sizeof *w->comps);
                for (size_t c = 0; c < comps->n; c++) {
                    const jval *co = comps->items[c];
                    sim_component *cp = &w->comps[w->ncomps++];
                    cp->name = xstrdup(jstr(co, "name", "Component"));
                    cp->logicalPath = xstrdup(jstr(co, "logicalPath", ""));
                    cp->caption = xstrdup(jstr(co, "caption", cp->name));
                    cp->type = enum_from_json(jget(co, "type"), CT_NAMES, 3, "VSS_CT_", 2);
                    cp->selectable = jbool(co, "selectable", 1);
                    cp->selectableForRestore = jbool(co, "selectableForRestore", cp->selectable);
                    cp->notifyOnBackupComplete = jbool(co, "notifyOnBackupComplete", 0);
                    cp->restoreMetadata = jbool(co, "restoreMetadata", 0);
                    cp->flags = (uint32_t)jint(co, "componentFlags", 0);
                    cp->files = parse_filedescs(jarr(co, "files"), &cp->nfiles);
                    cp->dbFiles = parse_filedescs(jarr(co, "databaseFiles"), &cp->ndb);
                    cp->logFiles = parse_filedescs(jarr(co, "logFiles"), &cp->nlog);
                }
            }
            const jval *fa = jget(o, "failAt");
            if (fa && fa->t == J_OBJ) {
                w->failPhase = enum_from_json(jget(fa, "phase"), PHASE_NAMES, 8, NULL, 0);
                w->failError = hr_from_json(jget(fa, "error"), (int32_t)0x800423F3u);
            }
            m->nwriters++;
        }
    }
    json_free(root);
    return m;
fail:
    json_free(root);
    machine_free(m);
    return NULL;
}

/* Volume naming */
static char *vol_guid_path(const sim_volume *v) {
    char g[39];
    guid_format(&v->guid, g);
    return strfmt("\\\\?\\Volume%s\\", g);
}
/* how Windows shows a volume: its drive letter, else its first mount folder, else its GUID path */
static char *vol_root_path(const sim_volume *v) {
    if (v->hasLetter) return strfmt("%c:\\", v->letter);
    if (v->nmountFolders) return xstrdup(v->mountFolders[0]);
    return vol_guid_path(v);
}

/* the first len chars of a and b name the same path (case-insensitive, '/' = '\\') */
static int path_prefix_eq(const char *a, const char *b, size_t len) {
    for (size_t c = 0; c < len; c++) {
        char x = a[c] == '/' ? '\\' : a[c], y = b[c] == '/' ? '\\' : b[c];
        if (!x || !y || ascii_lower((unsigned char)x) != ascii_lower((unsigned char)y)) return 0;
    }
    return 1;
}

/* Resolves "C:\" or "\\?\Volume{guid}\" (case-insensitive). Returns the index, -1 if well formed but
 * unknown, -2 if malformed (e.g. no trailing backslash). *rest gets what follows the volume root when
 * allowRest is set (for the sim-only folder helpers). */
static int machine_find_volume_ex(const sim_machine *m, const char *name, int allowRest, const char **rest) {
    if (!name || !*name) return -2;
    if (rest) *rest = "";
    size_t n = strlen(name);
    if (((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')) && name[1] == ':') {
        if (n < 3 || (name[2] != '\\' && name[2] != '/')) return -2;
        if (n > 3) {
            /* a mounted folder ("C:\\Mount\\Archive\\") is the root of the volume mounted there; the
             * longest one wins, for paths below it (allowRest) too */
            int best = -1, noSlash = 0;
            size_t bestLen = 0;
            for (size_t k = 0; k < m->nvols; k++)
                for (size_t j = 0; j < m->vols[k].nmountFolders; j++) {
                    const char *f = m->vols[k].mountFolders[j];
                    size_t fl = strlen(f); /* ends with '\\' */
                    int hit = 0, bare = 0;
                    if (n == fl && path_prefix_eq(name, f, fl)) hit = 1;
                    else if (n == fl - 1 && path_prefix_eq(name, f, fl - 1)) hit = bare = 1;
                    else if (allowRest && n > fl && path_prefix_eq(name, f, fl)) hit = 1;
                    if (hit && fl > bestLen) { best = (int)k; bestLen = fl; noSlash = bare; }
                }
            if (best >= 0) {
                if (noSlash && !allowRest) return -2; /* the folder, but without its trailing backslash */
                if (rest) *rest = noSlash ? "" : name + bestLen;
                return best;
            }
        }
        if (n > 3 && !allowRest) return -1; /* a folder, not a volume root */
        if (rest) *rest = name + 3;
        char L = (char)ascii_upper((unsigned char)name[0]);
        for (size_t k = 0; k < m->nvols; k++) if (m->vols[k].hasLetter && m->vols[k].letter == L) return (int)k;
        return -1;
    }
    if (startswith_ci(name, "\\\\?\\Volume{") || startswith_ci(name, "\\\\.\\Volume{")) {
        sd_GUID g;
        int used = guid_parse_prefix(name + 10, &g);
        if (!used) return -2;
        const char *after = name + 10 + used;
        if (*after != '\\' && *after != '/') return -2;
        if (after[1] && !allowRest) return -1;
        if (rest) *rest = after + 1;
        for (size_t k = 0; k < m->nvols; k++) if (guid_eq(&m->vols[k].guid, &g)) return (int)k;
        return -1;
    }
    return (name[n - 1] == '\\' || name[n - 1] == '/') ? -1 : -2;
}
static int machine_find_volume(const sim_machine *m, const char *name) { return machine_find_volume_ex(m, name, 0, NULL); }
static int machine_find_letter(const sim_machine *m, char L) {
    for (size_t k = 0; k < m->nvols; k++) if (m->vols[k].letter == L) return (int)k;
    return -1;
}

/* ---- root selection ---- */
static char *g_root_override; /* UTF-8; NULL = environment / default */

static char *env_utf8(const char *name) {
#ifdef _WIN32
    WCH *wn = utf8_to_utf16(name);
    DWORD n = GetEnvironmentVariableW((wchar_t *)wn, NULL, 0);
    char *r = NULL;
    if (n) {
        WCH *buf = xcalloc(n + 1, sizeof(WCH));
        if (GetEnvironmentVariableW((wchar_t *)wn, (wchar_t *)buf, n + 1)) r = utf16_to_utf8(buf);
        free(buf);
    }
    free(wn);
    if (r && !*r) { free(r); r = NULL; }
    return r;
#else
    const char *v = getenv(name);
    return v && *v ? xstrdup(v) : NULL;
#endif
}
static char *normalize_root(char *r) {
    size_t n = strlen(r);
    while (n > 1 && (r[n - 1] == '/' || r[n - 1] == '\\') && !(n == 3 && r[1] == ':')) r[--n] = 0;
#ifdef _WIN32
    for (char *p = r; *p; p++) if (*p == '/') *p = '\\';
#endif
    return r;
}
/* malloc'd current root */
static char *current_root(void) {
    if (g_root_override) return xstrdup(g_root_override);
    char *r = env_utf8("SHADOWDESK_SIM_ROOT");
    if (r) return normalize_root(r);
#ifdef _WIN32
    char *base = env_utf8("LOCALAPPDATA");
    if (!base) base = env_utf8("APPDATA");
    if (!base) base = xstrdup("C:\\ProgramData");
    r = strfmt("%s\\ShadowDesk\\sim-machine", base);
    free(base);
    return normalize_root(r);
#else
    char *x = env_utf8("XDG_DATA_HOME");
    if (x) { r = strfmt("%s/shadowdesk/sim-machine", x); free(x); return normalize_root(r); }
    char *home = env_utf8("HOME");
    r = strfmt("%s/.local/share/shadowdesk/sim-machine", home ? home : "/tmp");
    free(home);
    return normalize_root(r);
#endif
}
/* native separators for paths handed out */
static char *native_path(const char *p) {
    char *r = xstrdup(p);
#ifdef _WIN32
    for (char *q = r; *q; q++) if (*q == '/') *q = '\\';
#endif
    return r;
}

/* ============================================================================================== */
/* 8. Persistent state (<root>/state/state.json) under a cross-process lock                        */
/* ============================================================================================== */

typedef struct {
    sd_GUID id, set;
    int32_t count;
    char vol;
    uint32_t dev;
    int32_t ctx, attrs;
    int64_t created, bytes;
    int autoRelease;
    uint32_t ownerPid;
    int64_t ownerStart;
    uint64_t ownerObj;
} st_snap;
typedef struct { char vol, diffVol; int64_t maxBytes; } st_storage;
typedef struct { sd_GUID writerId; int state; int32_t lastError; } st_writer;
typedef struct { int active; uint32_t pid; int64_t start; uint64_t obj; sd_GUID setId; int64_t since; } st_progress;
typedef struct {
    char *root;
    uint32_t nextDevice;
    st_snap *snaps;
    size_t nsnaps;
    st_storage *stor;
    size_t nstor;
    st_writer *wr;
    size_t nwr;
    st_progress prog;
    int dirty;
    int fullCopy; /* the machine's storage accounting (copied at load: storage_used needs only the state) */
    uint32_t cowKnown;   /* bit v: cowUsed[v] is known for volume 'A'+v in this session */
    int64_t cowUsed[26];
} sim_state;

static lockfile_t g_lockfd = LOCKFILE_NONE;
static int g_lock_depth;

static void state_lock(const char *root) {
    glock();
    if (g_lock_depth++ == 0) {
        char *sd = path_join(root, "state");
        fs_mkdirs(sd);
        char *lp = path_join(sd, "lock");
        g_lockfd = lockfile_acquire(lp);
        free(lp);
        free(sd);
    }
}
static void state_unlock(void) {
    if (--g_lock_depth == 0) {
        lockfile_release(g_lockfd);
        g_lockfd = LOCKFILE_NONE;
    }
    gunlock();
}

/* live IVssBackupComponents objects of this process (by object id), to judge same-process owners */
static uint64_t *g_live_bc;
static size_t g_nlive_bc;
static void live_bc_add(uint64_t id) {
    glock();
    g_live_bc = xrealloc(g_live_bc, (g_nlive_bc + 1) * sizeof *g_live_bc);
    g_live_bc[g_nlive_bc++] = id;
    gunlock();
}
static void live_bc_remove(uint64_t id) {
    glock();
    for (size_t k = 0; k < g_nlive_bc; k++) if (g_live_bc[k] == id) { g_live_bc[k] = g_live_bc[--g_nlive_bc]; break; }
    gunlock();
}
static int owner_alive(uint32_t pid, int64_t start, uint64_t obj) {
    if (pid == self_pid() && (start == self_start() || start <= 0 || self_start() <= 0)) {
        if (!obj) return 1;
        for (size_t k = 0; k < g_nlive_bc; k++) if (g_live_bc[k] == obj) return 1;
        return 0;
    }
    return pid_alive(pid, start);
}

static void state_free(sim_state *st) {
    if (!st) return;
    free(st->root);
    free(st->snaps);
    free(st->stor);
    free(st->wr);
    memset(st, 0, sizeof *st);
}
static char *shadow_dir(const char *root, uint32_t dev) {
    char n[16];
    snprintf(n, sizeof n, "%u", (unsigned)dev);
    return path_join3(root, "shadows", n);
}
static void state_remove_snap_at(sim_state *st, size_t k) {
    char *d = shadow_dir(st->root, st->snaps[k].dev);
    fs_rmtree(d);
    free(d);
    memmove(&st->snaps[k], &st->snaps[k + 1], (st->nsnaps - k - 1) * sizeof *st->snaps);
    st->nsnaps--;
    st->dirty = 1;
    st->cowKnown = 0; /* copy-on-write "used" changes with the copies */
}
static st_storage *state_storage_for(sim_state *st, char vol) {
    for (size_t k = 0; k < st->nstor; k++) if (st->stor[k].vol == vol) return &st->stor[k];
    return NULL;
}
static st_storage *state_storage_add(sim_state *st, char vol, char diffVol, int64_t maxBytes) {
    st->stor = xrealloc(st->stor, (st->nstor + 1) * sizeof *st->stor);
    st_storage *s = &st->stor[st->nstor++];
    s->vol = vol; s->diffVol = diffVol; s->maxBytes = maxBytes;
    st->dirty = 1;
    return s;
}
static st_writer *state_writer(sim_state *st, const sd_GUID *id, int create) {
    for (size_t k = 0; k < st->nwr; k++) if (guid_eq(&st->wr[k].writerId, id)) return &st->wr[k];
    if (!create) return NULL;
    st->wr = xrealloc(st->wr, (st->nwr + 1) * sizeof *st->wr);
    st_writer *w = &st->wr[st->nwr++];
    memset(w, 0, sizeof *w);
    w->writerId = *id;
    st->dirty = 1;
    return w;
}

typedef struct { sim_state *st; } orphan_ctx;
static int orphan_cb(const char *name, int isdir, void *vctx) {
    orphan_ctx *c = vctx;
    char *end;
    unsigned long dev = strtoul(name, &end, 10);
    int known = 0;
    if (*end == 0 && end != name)
        for (size_t k = 0; k < c->st->nsnaps; k++) if (c->st->snaps[k].dev == dev) { known = 1; break; }
    if (!known) {
        char *p = path_join3(c->st->root, "shadows", name);
        if (isdir) fs_rmtree(p); else fs_remove_file(p);
        free(p);
    }
    return 0;
}

static void storage_enforce_maximums(sim_state *st);

/* Loads the state; must be called with state_lock(root) held. Drops what belongs to dead owners. */
static int state_load(const char *root, const sim_machine *m, sim_state *st) {
    memset(st, 0, sizeof *st);
    st->root = xstrdup(root);
    st->fullCopy = m->fullCopyAccounting;
    st->nextDevice = 1;
    char *p = path_join3(root, "state", "state.json");
    size_t len = 0;
    char *text = fs_read(p, &len);
    free(p);
    if (!text) {
        /* fresh state: seed the shadow storage associations machine.json declares */
        for (size_t v = 0; v < m->nvols; v++)
            if (m->vols[v].hasInitialStorage) state_storage_add(st, m->vols[v].letter, m->vols[v].storageLetter, m->vols[v].storageMax);
        st->dirty = 1;
    } else {
        const char *jerr = NULL;
        jval *j = json_parse(text, &jerr);
        free(text);
        if (!j || j->t != J_OBJ) {
            fprintf(stderr, "shadowdesk-vss: state.json is unreadable (%s); starting from an empty state\n", jerr ? jerr : "not an object");
            json_free(j);
            st->dirty = 1;
        } else {
            st->nextDevice = (uint32_t)jint(j, "nextDevice", 1);
            jval *a = jarr(j, "snapshots");
            if (a && a->n) {
                st->snaps = xcalloc(a->n, sizeof *st->snaps);
                for (size_t k = 0; k < a->n; k++) {
                    const jval *o = a->items[k];
                    st_snap *s = &st->snaps[st->nsnaps];
                    if (!guid_from_json(o, "id", &s->id)) continue;
                    guid_from_json(o, "setId", &s->set);
                    s->count = (int32_t)jint(o, "countInSet", 1);
                    const char *vl = jstr(o, "volume", "C");
                    s->vol = (char)ascii_upper((unsigned char)vl[0]);
                    s->dev = (uint32_t)jint(o, "device", 0);
                    s->ctx = (int32_t)jint(o, "context", 0);
                    s->attrs = (int32_t)jint(o, "attributes", 0);
                    s->created = jint(o, "created", 0);
                    s->bytes = jint(o, "bytes", 0);
                    s->autoRelease = jbool(o, "autoRelease", 0);
                    s->ownerPid = (uint32_t)jint(o, "ownerPid", 0);
                    s->ownerStart = jint(o, "ownerStart", 0);
                    s->ownerObj = (uint64_t)jint(o, "ownerObject", 0);
                    st->nsnaps++;
                }
            }
            a = jarr(j, "shadowStorage");
            if (a && a->n) {
                for (size_t k = 0; k < a->n; k++) {
                    const jval *o = a->items[k];
                    const char *v = jstr(o, "volume", NULL), *d = jstr(o, "diffVolume", NULL);
                    if (!v || !d) continue;
                    const jval *mx = jget(o, "maxBytes");
                    state_storage_add(st, (char)ascii_upper((unsigned char)v[0]), (char)ascii_upper((unsigned char)d[0]),
                                      (!mx || mx->t == J_NULL) ? -1 : jint(o, "maxBytes", -1));
                }
            }
            a = jarr(j, "writers");
            if (a && a->n) {
                for (size_t k = 0; k < a->n; k++) {
                    const jval *o = a->items[k];
                    sd_GUID id;
                    if (!guid_from_json(o, "writerId", &id)) continue;
                    st_writer *w = state_writer(st, &id, 1);
                    w->state = enum_from_json(jget(o, "state"), WS_NAMES, WS_COUNT, "VSS_WS_", WS_STABLE);
                    w->lastError = hr_from_json(jget(o, "lastError"), 0);
                }
            }
            const jval *pr = jget(j, "inProgress");
            if (pr && pr->t == J_OBJ) {
                st->prog.active = 1;
                st->prog.pid = (uint32_t)jint(pr, "pid", 0);
                st->prog.start = jint(pr, "start", 0);
                st->prog.obj = (uint64_t)jint(pr, "object", 0);
                st->prog.since = jint(pr, "since", 0);
                guid_from_json(pr, "setId", &st->prog.setId);
            }
            json_free(j);
            st->dirty = 0;
        }
    }
    /* stale in-progress marker (holder died or released without cleaning up) */
    if (st->prog.active && !owner_alive(st->prog.pid, st->prog.start, st->prog.obj)) {
        memset(&st->prog, 0, sizeof st->prog);
        st->dirty = 1;
    }
    /* auto-release shadow copies whose creator is gone */
    for (size_t k = 0; k < st->nsnaps;) {
        st_snap *s = &st->snaps[k];
        if (s->autoRelease && !owner_alive(s->ownerPid, s->ownerStart, s->ownerObj)) { state_remove_snap_at(st, k); continue; }
        k++;
    }
    /* frozen folders nobody owns (a process died while freezing) */
    char *sh = path_join(root, "shadows");
    if (fs_isdir(sh)) {
        orphan_ctx oc = {st};
        fs_list(sh, orphan_cb, &oc);
    }
    free(sh);
    /* copy-on-write: live writes since the last look may have filled the storage */
    storage_enforce_maximums(st);
    return 0;
}

static int state_save(sim_state *st) {
    sbuf b = {0};
    sb_printf(&b, "{\n  \"version\": 1,\n  \"nextDevice\": %u,\n  \"inProgress\": ", (unsigned)st->nextDevice);
    if (st->prog.active) {
        sb_printf(&b, "{\"pid\": %u, \"start\": %lld, \"object\": %llu, \"since\": %lld, \"setId\": ", (unsigned)st->prog.pid,
                  (long long)st->prog.start, (unsigned long long)st->prog.obj, (long long)st->prog.since);
        json_put_guid(&b, &st->prog.setId);
        sb_add(&b, "}");
    } else {
        sb_add(&b, "null");
    }
    sb_add(&b, ",\n  \"snapshots\": [");
    for (size_t k = 0; k < st->nsnaps; k++) {
        const st_snap *s = &st->snaps[k];
        sb_add(&b, k ? ",\n    {" : "\n    {");
        sb_add(&b, "\"id\": "); json_put_guid(&b, &s->id);
        sb_add(&b, ", \"setId\": "); json_put_guid(&b, &s->set);
        sb_printf(&b, ", \"countInSet\": %d, \"volume\": \"%c\", \"device\": %u, \"context\": %d, \"attributes\": %d, "
                      "\"created\": %lld, \"bytes\": %lld, \"autoRelease\": %s, \"ownerPid\": %u, \"ownerStart\": %lld, \"ownerObject\": %llu}",
                  (int)s->count, s->vol, (unsigned)s->dev, (int)s->ctx, (int)s->attrs, (long long)s->created, (long long)s->bytes,
                  s->autoRelease ? "true" : "false", (unsigned)s->ownerPid, (long long)s->ownerStart, (unsigned long long)s->ownerObj);
    }
    sb_add(&b, st->nsnaps ? "\n  ],\n  \"shadowStorage\": [" : "],\n  \"shadowStorage\": [");
    for (size_t k = 0; k < st->nstor; k++) {
        const st_storage *s = &st->stor[k];
        sb_printf(&b, "%s{\"volume\": \"%c\", \"diffVolume\": \"%c\", \"maxBytes\": ", k ? ",\n    " : "\n    ", s->vol, s->diffVol);
        if (s->maxBytes < 0) sb_add(&b, "null}");
        else sb_printf(&b, "%lld}", (long long)s->maxBytes);
    }
    sb_add(&b, st->nstor ? "\n  ],\n  \"writers\": [" : "],\n  \"writers\": [");
    for (size_t k = 0; k < st->nwr; k++) {
        const st_writer *w = &st->wr[k];
        sb_add(&b, k ? ",\n    {\"writerId\": " : "\n    {\"writerId\": ");
        json_put_guid(&b, &w->writerId);
        sb_printf(&b, ", \"state\": \"%s\", \"lastError\": \"0x%08X\"}", w->state >= 0 && w->state < WS_COUNT ? WS_NAMES[w->state] : "UNKNOWN",
                  (unsigned)w->lastError);
    }
    sb_add(&b, st->nwr ? "\n  ]\n}\n" : "]\n}\n");
    char *dir = path_join(st->root, "state");
    fs_mkdirs(dir);
    char *p = path_join(dir, "state.json");
    int rc = fs_write_atomic(p, b.p, b.n);
    free(p);
    free(dir);
    sb_free(&b);
    if (rc == 0) st->dirty = 0;
    return rc;
}
