/* Part of the VSS stand-in: the snapshot engine (create, delete, storage) and the demo machine.
 * Not a translation unit of its own: vss-standin.c includes every part in order, so internal
 * functions stay static and the library exports only the names VSS and Windows export. */
#ifndef SD_UNITY
#error "compile native/standin/vss-standin.c, which includes this file"
#endif

/* ============================================================================================== */
/* 10. Machine cache, snapshot engine, demo machine                                               */
/* ============================================================================================== */

static sim_machine *g_machine;
static char *g_machine_root;
static int64_t g_machine_mtime, g_machine_size;
static int demo_create(const char *root);

static void machine_drop_cache(void) {
    glock();
    machine_unref(g_machine);
    g_machine = NULL;
    free(g_machine_root);
    g_machine_root = NULL;
    gunlock();
}

/* The current machine (a new reference) and, if rootOut, the root it lives in (malloc'd).
 * Creates the demo machine when the root has no machine.json. NULL when machine.json is invalid. */
static sim_machine *machine_get(char **rootOut) {
    glock();
    char *root = current_root();
    char *mp = path_join(root, "machine.json");
    fs_info st;
    if (fs_stat(mp, &st) != 0) {
        demo_create(root);
        if (fs_stat(mp, &st) != 0) {
            fprintf(stderr, "shadowdesk-vss: cannot create the demo machine in %s\n", root);
            free(mp); free(root);
            gunlock();
            return NULL;
        }
    }
    sim_machine *m = NULL;
    if (g_machine && !strcmp(g_machine_root, root) && st.mtime == g_machine_mtime && st.size == g_machine_size) {
        m = machine_ref(g_machine);
    } else {
        size_t len;
        char *text = fs_read(mp, &len);
        char *err = NULL;
        m = text ? machine_parse(text, &err) : NULL;
        free(text);
        if (!m) {
            fprintf(stderr, "shadowdesk-vss: %s\n", err ? err : "cannot read machine.json");
            free(err);
        } else {
            machine_unref(g_machine);
            g_machine = machine_ref(m);
            free(g_machine_root);
            g_machine_root = xstrdup(root);
            g_machine_mtime = st.mtime;
            g_machine_size = st.size;
        }
    }
    free(mp);
    if (rootOut && m) *rootOut = root;
    else free(root);
    gunlock();
    return m;
}

typedef struct { uint32_t pid; int64_t start; uint64_t obj; } owner_t;

static char *live_dir(const char *root, char letter) {
    char L[2] = {letter, 0};
    return path_join3(root, "volumes", L);
}
/* ---- shadow storage accounting ----
 * Real shadow copies are copy-on-write: a new copy costs almost nothing when made and the diff area
 * grows as live files change afterwards, the old data being copied into it before it is overwritten
 * ("not implemented by copying the entire file each time ... a copy-on-write approach, that deals
 * only with fragments of changed data": Adi Oltean of the VSS team, "Shadow copies - a peek under
 * the hood", MSDN blogs, 2004; the glossary's "diff area": "where the differential data is stored",
 * Microsoft Learn, VSS glossary "D"). The stand-in counts that at file
 * granularity (Windows copies blocks): every version of a file that some copy holds and the live
 * volume no longer has costs its size once, however many copies share it. A version is known by
 * path, size and last-write time, so a write that keeps the content still costs, as a write does in
 * VSS. "storageAccounting": "fullCopy" keeps the older, simpler model (a copy costs its whole tree
 * when made), for machines whose point is a create that must make room. */
typedef struct { char *path; int64_t size, mtime; } cow_entry;
typedef struct { cow_entry *e; size_t n, cap; } cow_list;
typedef struct { cow_list *l; const char *dir; const char *rel; } cow_walk;
static int cow_walk_cb(const char *name, int isdir, void *vctx) {
    cow_walk *w = vctx;
    char *p = path_join(w->dir, name);
    char *rel = w->rel[0] ? strfmt("%s/%s", w->rel, name) : xstrdup(name);
    if (isdir) {
        cow_walk sub = {w->l, p, rel};
        fs_list(p, cow_walk_cb, &sub);
        free(rel);
    } else {
        fs_info fi;
        if (fs_stat(p, &fi) == 0) {
            if (w->l->n == w->l->cap) {
                w->l->cap = w->l->cap ? w->l->cap * 2 : 64;
                w->l->e = xrealloc(w->l->e, w->l->cap * sizeof *w->l->e);
            }
            w->l->e[w->l->n++] = (cow_entry){rel, fi.size, fi.mtime};
        } else {
            free(rel);
        }
    }
    free(p);
    return 0;
}
static void cow_list_dir(const char *dir, cow_list *l) {
    memset(l, 0, sizeof *l);
    cow_walk w = {l, dir, ""};
    fs_list(dir, cow_walk_cb, &w);
}
static void cow_list_free(cow_list *l) {
    for (size_t k = 0; k < l->n; k++) free(l->e[k].path);
    free(l->e);
    memset(l, 0, sizeof *l);
}
/* A frozen tree never changes once made, so its listing is kept for the process (by root and
 * snapshot id, which is never reused; a device number can be, when a demo is made again in the
 * same root); only the live tree is walked again each time. */
typedef struct { char *root; sd_GUID id; cow_list l; } cow_frozen;
static cow_frozen *g_frozen;
static size_t g_nfrozen, g_frozen_entries;
#define COW_FROZEN_CACHE_MAX_ENTRIES 4000000
static void cow_unions_flush(void);
/* Called before a computation starts (never during one, which holds pointers into the listings). */
static void cow_cache_trim(void) {
    if (g_frozen_entries <= COW_FROZEN_CACHE_MAX_ENTRIES) return;
    cow_unions_flush(); /* they point into the listings */
    for (size_t k = 0; k < g_nfrozen; k++) { free(g_frozen[k].root); cow_list_free(&g_frozen[k].l); }
    g_nfrozen = 0;
    g_frozen_entries = 0;
}
static const cow_list *cow_frozen_list(const char *root, const st_snap *sn) {
    for (size_t k = 0; k < g_nfrozen; k++)
        if (guid_eq(&g_frozen[k].id, &sn->id) && !strcmp(g_frozen[k].root, root)) return &g_frozen[k].l;
    g_frozen = xrealloc(g_frozen, (g_nfrozen + 1) * sizeof *g_frozen);
    cow_frozen *f = &g_frozen[g_nfrozen++];
    f->root = xstrdup(root);
    f->id = sn->id;
    char *d = shadow_dir(root, sn->dev);
    cow_list_dir(d, &f->l);
    free(d);
    g_frozen_entries += f->l.n;
    return &f->l;
}
/* The versions of one volume: a hash set of (path, size, last-write time), each with whether the
 * live volume has it and how many of the volume's copies hold it. */
typedef struct { const char *path; int64_t size, mtime; uint64_t h; int32_t holders; int live; } cow_ver;
typedef struct {
    cow_ver *t;
    size_t cap, n;
    int64_t used;                 /* bytes of the versions held by some copy that the live volume lacks */
    cow_list live;                /* owns the live paths */
    int *snap;                    /* snapshot index per copy considered */
    const cow_list **lists;       /* frozen listing per copy */
    size_t ncopies;
} cow_acct;
static uint64_t cow_hash(const char *p, int64_t size, int64_t mtime) {
    uint64_t h = 1469598103934665603ull;
    for (; *p; p++) h = (h ^ (uint8_t)*p) * 1099511628211ull;
    h = (h ^ (uint64_t)size) * 1099511628211ull;
    h = (h ^ (uint64_t)mtime) * 1099511628211ull;
    return h ? h : 1;
}
static cow_ver *cow_find(cow_acct *a, const cow_entry *e, int insert) {
    uint64_t h = cow_hash(e->path, e->size, e->mtime);
    if (insert && (a->n + 1) * 2 > a->cap) {
        size_t ncap = a->cap ? a->cap * 2 : 1024;
        cow_ver *nt = xcalloc(ncap, sizeof *nt);
        for (size_t k = 0; k < a->cap; k++) {
            if (!a->t[k].h) continue;
            size_t i = a->t[k].h & (ncap - 1);
            while (nt[i].h) i = (i + 1) & (ncap - 1);
            nt[i] = a->t[k];
        }
        free(a->t);
        a->t = nt;
        a->cap = ncap;
    }
    if (!a->cap) return NULL;
    size_t i = h & (a->cap - 1);
    while (a->t[i].h) {
        cow_ver *v = &a->t[i];
        if (v->h == h && v->size == e->size && v->mtime == e->mtime && !strcmp(v->path, e->path)) return v;
        i = (i + 1) & (a->cap - 1);
    }
    if (!insert) return NULL;
    a->t[i] = (cow_ver){e->path, e->size, e->mtime, h, 0, 0};
    a->n++;
    return &a->t[i];
}
static void cow_acct_build(const sim_state *st, char vol, cow_acct *a) {
    cow_cache_trim();
    memset(a, 0, sizeof *a);
    char *d = live_dir(st->root, vol);
    cow_list_dir(d, &a->live);
    free(d);
    for (size_t k = 0; k < a->live.n; k++) cow_find(a, &a->live.e[k], 1)->live = 1;
    a->snap = xcalloc(st->nsnaps + 1, sizeof *a->snap);
    a->lists = xcalloc(st->nsnaps + 1, sizeof *a->lists);
    for (size_t k = 0; k < st->nsnaps; k++) {
        if (st->snaps[k].vol != vol) continue;
        const cow_list *l = cow_frozen_list(st->root, &st->snaps[k]);
        a->snap[a->ncopies] = (int)k;
        a->lists[a->ncopies++] = l;
        for (size_t j = 0; j < l->n; j++) {
            cow_ver *v = cow_find(a, &l->e[j], 1);
            if (v->holders++ == 0 && !v->live) a->used += v->size;
        }
    }
}
/* forgets copy number c (its versions no other copy holds stop costing) */
static void cow_acct_drop(cow_acct *a, size_t c) {
    const cow_list *l = a->lists[c];
    for (size_t j = 0; j < l->n; j++) {
        cow_ver *v = cow_find(a, &l->e[j], 0);
        if (v && --v->holders == 0 && !v->live) a->used -= v->size;
    }
}
static void cow_acct_free(cow_acct *a) {
    free(a->t);
    cow_list_free(&a->live);
    free(a->snap);
    free(a->lists);
}
/* "used" without building the per-copy accounting: the versions the copies hold (kept per set of
 * copies, since frozen trees never change) minus those the live volume still has. */
typedef struct { char *root; char vol; sd_GUID *ids; size_t nids; cow_acct held; } cow_union;
static cow_union g_unions[8];
static size_t g_nunions, g_union_next;
static void cow_unions_flush(void) {
    for (size_t k = 0; k < g_nunions; k++) {
        free(g_unions[k].root);
        free(g_unions[k].ids);
        cow_acct_free(&g_unions[k].held);
        memset(&g_unions[k], 0, sizeof g_unions[k]);
    }
    g_nunions = 0;
}
static int cmp_guid(const void *a, const void *b) { return memcmp(a, b, sizeof(sd_GUID)); }
static int64_t cow_used_fast(const sim_state *st, char vol) {
    cow_cache_trim();
    sd_GUID *ids = xcalloc(st->nsnaps + 1, sizeof *ids);
    size_t *idx = xcalloc(st->nsnaps + 1, sizeof *idx);
    size_t n = 0;
    for (size_t k = 0; k < st->nsnaps; k++) if (st->snaps[k].vol == vol) ids[n++] = st->snaps[k].id;
    qsort(ids, n, sizeof *ids, cmp_guid);
    cow_union *u = NULL;
    for (size_t k = 0; k < g_nunions && !u; k++)
        if (g_unions[k].vol == vol && g_unions[k].nids == n && !strcmp(g_unions[k].root, st->root) &&
            !memcmp(g_unions[k].ids, ids, n * sizeof *ids))
            u = &g_unions[k];
    if (u) {
        free(ids);
    } else {
        size_t slot = g_nunions < 8 ? g_nunions++ : (g_union_next++ % 8);
        u = &g_unions[slot];
        if (u->root) { free(u->root); free(u->ids); cow_acct_free(&u->held); }
        u->root = xstrdup(st->root);
        u->vol = vol;
        u->ids = ids;
        u->nids = n;
        memset(&u->held, 0, sizeof u->held);
        for (size_t k = 0; k < st->nsnaps; k++) {
            if (st->snaps[k].vol != vol) continue;
            const cow_list *l = cow_frozen_list(st->root, &st->snaps[k]);
            for (size_t j = 0; j < l->n; j++) {
                cow_ver *v = cow_find(&u->held, &l->e[j], 1);
                if (v->holders++ == 0) u->held.used += v->size;
            }
        }
    }
    free(idx);
    cow_list live;
    char *d = live_dir(st->root, vol);
    cow_list_dir(d, &live);
    free(d);
    int64_t used = u->held.used;
    for (size_t k = 0; k < live.n; k++) {
        cow_ver *v = cow_find(&u->held, &live.e[k], 0);
        if (v) used -= v->size; /* one live file per path, so each held version is matched once at most */
    }
    cow_list_free(&live);
    return used;
}
/* the bytes of the copies' trees when they were made: the full-copy "used", and an upper bound of
 * the copy-on-write one (every version a copy holds was in its tree) */
static int64_t storage_frozen_bytes(const sim_state *st, char vol) {
    int64_t u = 0;
    for (size_t k = 0; k < st->nsnaps; k++) if (st->snaps[k].vol == vol) u += st->snaps[k].bytes;
    return u;
}
static int64_t storage_used(const sim_state *st, char vol) {
    if (st->fullCopy) return storage_frozen_bytes(st, vol);
    int any = 0;
    for (size_t k = 0; k < st->nsnaps && !any; k++) any = st->snaps[k].vol == vol;
    if (!any) return 0;
    unsigned v = (unsigned)(ascii_upper((unsigned char)vol) - 'A');
    if (v < 26 && (st->cowKnown >> v & 1u)) return st->cowUsed[v];
    int64_t u = cow_used_fast(st, vol);
    if (v < 26) {
        /* a cache for this session only (the state is re-read for every call); the copies' list
         * changing drops it (state_remove_snap_at, engine_create_set) */
        sim_state *mut = (sim_state *)st;
        mut->cowUsed[v] = u;
        mut->cowKnown |= 1u << v;
    }
    return u;
}
#define ALLOC_GRANULARITY (1LL << 20) /* allocated = used rounded up to 1 MiB, capped at the maximum */
static int64_t storage_allocated(int64_t used, int64_t max) {
    if (used <= 0) return 0;
    int64_t a = (used + ALLOC_GRANULARITY - 1) / ALLOC_GRANULARITY * ALLOC_GRANULARITY;
    if (max >= 0 && a > max) a = max;
    if (a < used) a = used;
    return a;
}
/* bytes of shadow storage hosted on volume `host` */
static int64_t storage_hosted_on(const sim_state *st, char host) {
    int64_t a = 0;
    for (size_t k = 0; k < st->nstor; k++)
        if (st->stor[k].diffVol == host) a += storage_allocated(storage_used(st, st->stor[k].vol), st->stor[k].maxBytes);
    return a;
}
/* used bytes of a volume: baseline + its live folder + shadow storage it hosts */
static int64_t volume_used_bytes(const sim_machine *m, const char *root, const sim_state *st, int vi) {
    const sim_volume *v = &m->vols[vi];
    char *d = live_dir(root, v->letter);
    int64_t u = v->baseUsed + fs_treesize(d);
    free(d);
    if (st) u += storage_hosted_on(st, v->letter);
    if (u > v->capacity) u = v->capacity;
    return u;
}
static int default_storage_host(const sim_machine *m, int vi) {
    if (m->vols[vi].storageHost) return vi;
    for (size_t k = 0; k < m->nvols; k++) if (m->vols[k].storageHost) return (int)k;
    return -1;
}
/* association for volume vi; created on first use on the volume itself with max = 10% of its capacity */
static st_storage *ensure_storage(const sim_machine *m, sim_state *st, int vi) {
    st_storage *s = state_storage_for(st, m->vols[vi].letter);
    if (s) return s;
    int host = default_storage_host(m, vi);
    if (host < 0) return NULL;
    return state_storage_add(st, m->vols[vi].letter, m->vols[host].letter, m->vols[host].capacity / 10);
}
static int snap_index(const sim_state *st, const sd_GUID *id) {
    for (size_t k = 0; k < st->nsnaps; k++) if (guid_eq(&st->snaps[k].id, id)) return (int)k;
    return -1;
}
static int snap_visible(const st_snap *s, int32_t ctx) { return ctx == CTX_ALL || s->ctx == ctx; }
static int count_snaps_on(const sim_state *st, char vol, int clientAccessibleOnly) {
    int n = 0;
    for (size_t k = 0; k < st->nsnaps; k++)
        if (st->snaps[k].vol == vol && (!clientAccessibleOnly || (st->snaps[k].attrs & ATTR_CLIENT_ACCESSIBLE))) n++;
    return n;
}
static int oldest_snap_on(const sim_state *st, char vol) {
    int best = -1;
    for (size_t k = 0; k < st->nsnaps; k++) {
        const st_snap *s = &st->snaps[k];
        if (s->vol != vol) continue;
        if (best < 0 || s->created < st->snaps[best].created || (s->created == st->snaps[best].created && s->dev < st->snaps[best].dev))
            best = (int)k;
    }
    return best;
}
/* deletes the oldest copies of `vol` until used + extra <= max */
static void storage_make_room(sim_state *st, char vol, int64_t max, int64_t extra) {
    if (max < 0) return;
    if (!st->fullCopy && storage_frozen_bytes(st, vol) + extra <= max) return; /* cannot be over: no walk */
    if (st->fullCopy) {
        while (storage_used(st, vol) + extra > max) {
            int k = oldest_snap_on(st, vol);
            if (k < 0) break;
            state_remove_snap_at(st, (size_t)k);
        }
        return;
    }
    /* copy-on-write: one walk, then drop the oldest until what the rest hold fits */
    cow_acct a;
    cow_acct_build(st, vol, &a);
    unsigned char *gone = xcalloc(a.ncopies + 1, 1);
    sd_GUID *victims = xcalloc(a.ncopies + 1, sizeof *victims);
    size_t nv = 0;
    while (a.used + extra > max) {
        size_t best = a.ncopies;
        for (size_t c = 0; c < a.ncopies; c++) {
            if (gone[c]) continue;
            const st_snap *s = &st->snaps[a.snap[c]], *b = best < a.ncopies ? &st->snaps[a.snap[best]] : NULL;
            if (!b || s->created < b->created || (s->created == b->created && s->dev < b->dev)) best = c;
        }
        if (best == a.ncopies) break;
        gone[best] = 1;
        victims[nv++] = st->snaps[a.snap[best]].id;
        cow_acct_drop(&a, best);
    }
    cow_acct_free(&a);
    for (size_t v = 0; v < nv; v++) {
        int k = snap_index(st, &victims[v]);
        if (k >= 0) state_remove_snap_at(st, (size_t)k);
    }
    free(victims);
    free(gone);
}
/* Copy-on-write: when live writes have grown a volume's storage past its maximum, VSS deletes the
 * oldest copies to make room ("vssadmin resize shadowstorage": "Resizing the storage association may
 * cause shadow copies to disappear"; the same happens as the storage fills). The stand-in cannot see
 * writes as they happen, so it applies this whenever the state is loaded: a caller sees the copies
 * gone at its next look, not inside the call that caused it. That is also how a shrink behaves
 * here: ChangeDiffAreaMaximumSize "may not have an immediate effect" (its Microsoft Learn page). */
static void storage_enforce_maximums(sim_state *st) {
    if (st->fullCopy) return;
    for (size_t k = 0; k < st->nstor; k++) {
        if (st->stor[k].maxBytes < 0) continue;
        storage_make_room(st, st->stor[k].vol, st->stor[k].maxBytes, 0);
    }
}
/* can a new copy of volume vi be added in context ctx? */
static int32_t engine_check_volume(const sim_machine *m, const sim_state *st, int vi, int32_t ctx) {
    const sim_volume *v = &m->vols[vi];
    if (!v->supported) return VSSE_VOLUME_NOT_SUPPORTED;
    if ((ctx & ATTR_CLIENT_ACCESSIBLE) && count_snaps_on(st, v->letter, 1) >= MAX_CLIENT_ACCESSIBLE_PER_VOLUME)
        return VSSE_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED;
    if (count_snaps_on(st, v->letter, 0) >= MAX_SNAPSHOTS_PER_VOLUME) return VSSE_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED;
    return SD_S_OK;
}

/* Freezes the live trees of the given volumes into new shadow copies forming one set. State lock held.
 * On failure nothing is created (copies made so far are removed). abortExit > 0 kills the process
 * half-way through freezing (fault injection). */
static int32_t engine_create_set(const sim_machine *m, sim_state *st, const int *vis, size_t n, int32_t ctx, int64_t created,
                                 owner_t owner, const sd_GUID *setId, const sd_GUID *snapIds, int abortExit) {
    if (n == 0) return VSSE_BAD_STATE;
    int64_t *bytes = xcalloc(n, sizeof *bytes);
    int32_t hr = SD_S_OK;
    /* 1. checks for every volume before touching anything */
    for (size_t k = 0; k < n && hr == SD_S_OK; k++) {
        hr = engine_check_volume(m, st, vis[k], ctx);
        if (hr) break;
        char *d = live_dir(st->root, m->vols[vis[k]].letter);
        fs_mkdirs(d);
        /* a full copy costs its tree now; a copy-on-write copy costs nothing until live files change */
        bytes[k] = st->fullCopy ? fs_treesize(d) : 0;
        free(d);
        st_storage *s = ensure_storage(m, st, vis[k]);
        if (!s) { hr = VSSE_INSUFFICIENT_STORAGE; break; }
        if (s->maxBytes >= 0 && bytes[k] > s->maxBytes) hr = VSSE_INSUFFICIENT_STORAGE;
        /* the diff area is a file on the storage volume, made at least the minimum size when the
         * copy is made (MinDiffAreaFileSize, "Registry Keys and Values for Backup and Restore"): no
         * room for that on the storage volume is VSS_E_INSUFFICIENT_STORAGE ("The system or provider
         * has insufficient storage space", IVssBackupComponents::DoSnapshotSet) */
        int host = machine_find_letter(m, s->diffVol);
        if (!hr && !st->fullCopy && host >= 0 &&
            m->vols[host].capacity - volume_used_bytes(m, st->root, st, host) < m->minDiffArea)
            hr = VSSE_INSUFFICIENT_STORAGE;
    }
    if (hr) { free(bytes); return hr; }
    /* 2. make room (oldest copies go first), then freeze */
    size_t made = 0;
    for (size_t k = 0; k < n; k++) {
        const sim_volume *v = &m->vols[vis[k]];
        st_storage *s = state_storage_for(st, v->letter);
        storage_make_room(st, v->letter, s ? s->maxBytes : -1, bytes[k]);
        uint32_t dev = st->nextDevice++;
        st->dirty = 1;
        char *dst = shadow_dir(st->root, dev);
        char *src = live_dir(st->root, v->letter);
        fs_rmtree(dst);
        int64_t copied = 0;
        int rc = fs_copytree(src, dst, &copied);
        free(src);
        if (abortExit > 0) die_now(abortExit); /* leaves a half-made set and the in-progress marker */
        if (rc != 0) {
            fs_rmtree(dst);
            free(dst);
            hr = VSSE_UNEXPECTED_PROVIDER_ERROR;
            break;
        }
        free(dst);
        st->snaps = xrealloc(st->snaps, (st->nsnaps + 1) * sizeof *st->snaps);
        st_snap *sn = &st->snaps[st->nsnaps++];
        memset(sn, 0, sizeof *sn);
        sn->id = snapIds[k];
        sn->set = *setId;
        sn->count = (int32_t)n;
        sn->vol = v->letter;
        sn->dev = dev;
        sn->ctx = ctx;
        sn->attrs = ctx | ATTR_DIFFERENTIAL;
        sn->created = created;
        sn->bytes = copied;
        sn->autoRelease = !(ctx & ATTR_NO_AUTO_RELEASE);
        st->cowKnown = 0;
        sn->ownerPid = owner.pid;
        sn->ownerStart = owner.start;
        sn->ownerObj = owner.obj;
        made++;
    }
    if (hr) {
        for (size_t k = 0; k < made; k++) {
            int i = snap_index(st, &snapIds[k]);
            if (i >= 0) state_remove_snap_at(st, (size_t)i);
        }
    }
    free(bytes);
    return hr;
}

/* ---- demo machine ---- */
static const char DEMO_MACHINE_JSON[] =
    "{\n"
    "  \"$comment\": \"ShadowDesk simulated machine (created as a demo; edit freely, see native/standin/README.md)\",\n"
    "  \"machineName\": \"ANA-LAPTOP\",\n"
    "  \"volumes\": [\n"
    "    {\"letter\": \"C\", \"guid\": \"{a3d5c8e2-41f7-4b0e-9c62-1f8e0d7b5a34}\", \"label\": \"Windows\", \"fileSystem\": \"NTFS\",\n"
    "     \"capacityBytes\": 274877906944, \"usedBytes\": 131941395333, \"driveType\": \"fixed\",\n"
    "     \"shadowStorage\": {\"onVolume\": \"C\", \"maxBytes\": 27487790694}},\n"
    "    {\"letter\": \"D\", \"guid\": \"{6e2b9f14-8c3a-4d57-b1e0-92f4c6a8d713}\", \"label\": \"Data\", \"fileSystem\": \"NTFS\",\n"
    "     \"capacityBytes\": 1000202039296, \"usedBytes\": 412316860416, \"driveType\": \"fixed\",\n"
    "     \"shadowStorage\": {\"onVolume\": \"D\", \"maxBytes\": 53687091200}},\n"
    "    {\"letter\": \"E\", \"guid\": \"{c91f0a76-2d4e-11ef-8b3c-806e6f6e6963}\", \"label\": \"USB STICK\", \"fileSystem\": \"FAT32\",\n"
    "     \"capacityBytes\": 31016878080, \"usedBytes\": 9663676416, \"driveType\": \"removable\", \"shadowCopySupported\": false},\n"
    "    {\"guid\": \"{5f3a91c4-7e02-4b8d-a6c1-0d9e2f47b815}\", \"label\": \"SYSTEM\", \"fileSystem\": \"FAT32\",\n"
    "     \"capacityBytes\": 104857600, \"usedBytes\": 33554432, \"driveType\": \"fixed\"},\n"
    "    {\"guid\": \"{b7e40d29-3c61-4f5a-9e82-6a1d0c3f9b47}\", \"label\": \"Recovery\", \"fileSystem\": \"NTFS\",\n"
    "     \"capacityBytes\": 754974720, \"usedBytes\": 671088640, \"driveType\": \"fixed\"}\n"
    "  ],\n"
    "  \"writers\": [\n"
    "    {\"name\": \"System Writer\", \"writerId\": \"{e8132975-6f93-4464-a53e-1050253ae220}\",\n"
    "     \"instanceId\": \"{1a7c3f52-0b8e-4d61-9f3a-6c2e8d4b7a10}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"BOOTABLESYSTEMSTATE\", \"source\": \"OTHER\", \"restoreMethod\": \"RESTORE_IF_CAN_REPLACE\",\n"
    "     \"components\": [\n"
    "       {\"name\": \"System Files\", \"logicalPath\": \"\", \"caption\": \"System Files\", \"type\": \"FILEGROUP\", \"selectable\": false,\n"
    "        \"files\": [{\"path\": \"C:\\\\Windows\\\\System32\", \"filespec\": \"*.dll\", \"recursive\": false},\n"
    "                  {\"path\": \"C:\\\\Windows\\\\System32\\\\drivers\", \"filespec\": \"*.sys\", \"recursive\": false}]},\n"
    "       {\"name\": \"Win32 Services Files\", \"logicalPath\": \"\", \"caption\": \"Win32 Services Files\", \"type\": \"FILEGROUP\", \"selectable\": true,\n"
    "        \"files\": [{\"path\": \"C:\\\\Windows\\\\System32\", \"filespec\": \"svchost.exe\", \"recursive\": false}]}]},\n"
    "    {\"name\": \"Registry Writer\", \"writerId\": \"{afbab4a2-367d-4d15-a586-71dbb18f8485}\",\n"
    "     \"instanceId\": \"{5c9e2d41-7a3b-4f08-8e6d-2b1f9c0a4e57}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"BOOTABLESYSTEMSTATE\", \"source\": \"OTHER\",\n"
    "     \"components\": [{\"name\": \"Registry\", \"logicalPath\": \"\", \"caption\": \"Registry\", \"type\": \"FILEGROUP\", \"selectable\": false,\n"
    "        \"files\": [{\"path\": \"C:\\\\Windows\\\\System32\\\\config\", \"filespec\": \"*\", \"recursive\": false}]}]},\n"
    "    {\"name\": \"WMI Writer\", \"writerId\": \"{a6ad56c2-b509-4e6c-bb19-49d8f43532f0}\",\n"
    "     \"instanceId\": \"{9d4b7e13-2c6f-4a85-b03e-7f1a5c8d2e96}\", \"state\": \"FAILED_AT_FREEZE\",\n"
    "     \"lastError\": \"VSS_E_WRITERERROR_RETRYABLE\", \"usage\": \"BOOTABLESYSTEMSTATE\", \"source\": \"OTHER\",\n"
    "     \"restoreService\": \"Winmgmt\", \"restoreMethod\": \"RESTORE_STOP_START\",\n"
    "     \"components\": [{\"name\": \"WMI\", \"logicalPath\": \"\", \"caption\": \"Windows Management Instrumentation\", \"type\": \"FILEGROUP\",\n"
    "        \"selectable\": false,\n"
    "        \"files\": [{\"path\": \"C:\\\\Windows\\\\System32\\\\wbem\\\\Repository\", \"filespec\": \"*.*\", \"recursive\": true}]}]},\n"
    "    {\"name\": \"COM+ REGDB Writer\", \"writerId\": \"{542da469-d3e1-473c-9f4f-7847f01fc64f}\",\n"
    "     \"instanceId\": \"{3e8f1a6c-9b2d-4e70-a5c4-8d0b6f2e1a39}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"BOOTABLESYSTEMSTATE\", \"source\": \"OTHER\",\n"
    "     \"components\": [{\"name\": \"COM+ REGDB\", \"logicalPath\": \"\", \"caption\": \"COM+ Registration Database\", \"type\": \"FILEGROUP\",\n"
    "        \"selectable\": false,\n"
    "        \"files\": [{\"path\": \"C:\\\\Windows\\\\Registration\", \"filespec\": \"*.clb\", \"recursive\": false}]}]},\n"
    "    {\"name\": \"ASR Writer\", \"writerId\": \"{be000cbe-11fe-4426-9c58-531aa6355fc4}\",\n"
    "     \"instanceId\": \"{7b2d9c40-5e1f-4a36-8c7b-0e4f3a9d6b21}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"BOOTABLESYSTEMSTATE\", \"source\": \"OTHER\",\n"
    "     \"components\": [{\"name\": \"ASR Config\", \"logicalPath\": \"\", \"caption\": \"ASR Config\", \"type\": \"FILEGROUP\", \"selectable\": true},\n"
    "                    {\"name\": \"BCD\", \"logicalPath\": \"\", \"caption\": \"Boot Configuration Data\", \"type\": \"FILEGROUP\", \"selectable\": false,\n"
    "                     \"files\": [{\"path\": \"C:\\\\Boot\", \"filespec\": \"BCD\", \"recursive\": false}]}]},\n"
    "    {\"name\": \"Shadow Copy Optimization Writer\", \"writerId\": \"{4dc3bdd4-ab48-4d07-adb0-3bee2926fd7f}\",\n"
    "     \"instanceId\": \"{c2f6a8d1-3b7e-4f95-9a0c-5d8e1b4f7c63}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"OTHER\", \"source\": \"OTHER\",\n"
    "     \"excludeFiles\": [{\"path\": \"C:\\\\\", \"filespec\": \"pagefile.sys\", \"recursive\": false},\n"
    "                      {\"path\": \"C:\\\\\", \"filespec\": \"hiberfil.sys\", \"recursive\": false},\n"
    "                      {\"path\": \"C:\\\\Windows\\\\Temp\", \"filespec\": \"*\", \"recursive\": true},\n"
    "                      {\"path\": \"C:\\\\Users\\\\ana\\\\AppData\\\\Local\\\\Temp\", \"filespec\": \"*\", \"recursive\": true}]},\n"
    "    {\"name\": \"MSSearch Service Writer\", \"writerId\": \"{cd3f2362-8bef-46c7-9181-d62844cdc0b2}\",\n"
    "     \"instanceId\": \"{e5a19b7f-6c2d-4038-b4e1-9f7c3a2d5b80}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"USERDATA\", \"source\": \"OTHER\",\n"
    "     \"excludeFiles\": [{\"path\": \"C:\\\\ProgramData\\\\Microsoft\\\\Search\\\\Data\\\\Applications\\\\Windows\", \"filespec\": \"*\", \"recursive\": true}]},\n"
    "    {\"name\": \"BITS Writer\", \"writerId\": \"{4969d978-be47-48b0-b100-f328f07ac1e0}\",\n"
    "     \"instanceId\": \"{0f3c8e25-1d9a-4b67-8f2e-6a4d0c9b3e18}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"USERDATA\", \"source\": \"OTHER\",\n"
    "     \"excludeFiles\": [{\"path\": \"C:\\\\ProgramData\\\\Microsoft\\\\Network\\\\Downloader\", \"filespec\": \"qmgr*.dat\", \"recursive\": false}]},\n"
    "    {\"name\": \"Performance Counters Writer\", \"writerId\": \"{0bada1de-01a9-4625-8278-69e735f39dd2}\",\n"
    "     \"instanceId\": \"{8a6e4c13-f7b2-4d09-a3c5-1e9b7d2f0a64}\", \"state\": \"STABLE\", \"lastError\": \"S_OK\",\n"
    "     \"usage\": \"BOOTABLESYSTEMSTATE\", \"source\": \"OTHER\",\n"
    "     \"components\": [{\"name\": \"PerformanceCounters\", \"logicalPath\": \"\", \"caption\": \"Performance Counters\", \"type\": \"FILEGROUP\",\n"
    "        \"selectable\": false,\n"
    "        \"files\": [{\"path\": \"C:\\\\Windows\\\\System32\", \"filespec\": \"perf?00?.dat\", \"recursive\": false}]}]}\n"
    "  ]\n"
    "}\n";

static uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n) {
    crc = ~crc;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}
static void be32(sbuf *b, uint32_t v) {
    char o[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
    sb_addn(b, o, 4);
}
static void png_chunk(sbuf *b, const char *type, const uint8_t *data, size_t n) {
    be32(b, (uint32_t)n);
    size_t at = b->n;
    sb_addn(b, type, 4);
    if (n) sb_addn(b, (const char *)data, n);
    be32(b, crc32_update(0, (const uint8_t *)b->p + at, n + 4));
}
/* A small valid RGB PNG (zlib stream of stored blocks): a sunset-like gradient with a "sun". */
static void png_make(sbuf *out, int w, int h, int variant) {
    sb_addn(out, "\x89PNG\r\n\x1a\n", 8);
    uint8_t ihdr[13] = {0, 0, 0, (uint8_t)w, 0, 0, 0, (uint8_t)h, 8, 2, 0, 0, 0};
    png_chunk(out, "IHDR", ihdr, 13);
    size_t rowlen = (size_t)w * 3 + 1, rawlen = rowlen * (size_t)h;
    uint8_t *raw = xmalloc(rawlen);
    for (int y = 0; y < h; y++) {
        uint8_t *r = raw + (size_t)y * rowlen;
        r[0] = 0;
        for (int x = 0; x < w; x++) {
            int dx = x - w * 2 / 3, dy = y - h / 3;
            int sun = dx * dx + dy * dy < (h / 6) * (h / 6);
            uint8_t R = (uint8_t)(sun ? 255 : 40 + y * 200 / h);
            uint8_t G = (uint8_t)(sun ? 220 : 60 + (variant ? 40 : 0) + y * 80 / h);
            uint8_t B = (uint8_t)(sun ? 120 : 160 - y * 120 / h);
            if (y > h * 3 / 4) { R = 30; G = (uint8_t)(90 + (x % 7) * 4); B = 160; }
            r[1 + x * 3] = R; r[2 + x * 3] = G; r[3 + x * 3] = B;
        }
    }
    sbuf z = {0};
    sb_addn(&z, "\x78\x01", 2);
    size_t off = 0;
    while (off < rawlen || off == 0) {
        size_t chunk = rawlen - off > 65535 ? 65535 : rawlen - off;
        uint8_t hdr[5] = {(uint8_t)(off + chunk >= rawlen ? 1 : 0), (uint8_t)(chunk & 0xFF), (uint8_t)(chunk >> 8),
                          (uint8_t)(~chunk & 0xFF), (uint8_t)((~chunk >> 8) & 0xFF)};
        sb_addn(&z, (const char *)hdr, 5);
        sb_addn(&z, (const char *)raw + off, chunk);
        off += chunk;
        if (off >= rawlen) break;
    }
    uint32_t a = 1, bsum = 0;
    for (size_t i = 0; i < rawlen; i++) { a = (a + raw[i]) % 65521; bsum = (bsum + a) % 65521; }
    be32(&z, (bsum << 16) | a);
    png_chunk(out, "IDAT", (const uint8_t *)z.p, z.n);
    png_chunk(out, "IEND", NULL, 0);
    sb_free(&z);
    free(raw);
}

static void demo_put(const char *root, char letter, const char *rel, const char *data, size_t len, int64_t mtime) {
    char *d = live_dir(root, letter);
    char *p = path_join(d, rel);
    char *slash = strrchr(p, '/');
    if (slash) { *slash = 0; fs_mkdirs(p); *slash = '/'; }
    fs_write(p, data, len);
    fs_set_mtime(p, mtime);
    free(p);
    free(d);
}
static void demo_text(const char *root, char letter, const char *rel, const char *text, int64_t mtime) {
    demo_put(root, letter, rel, text, strlen(text), mtime);
}
static void demo_rm(const char *root, char letter, const char *rel) {
    char *d = live_dir(root, letter);
    char *p = path_join(d, rel);
    fs_rmtree(p);
    free(p);
    free(d);
}

static const char REPORT_V1[] =
    "Quarterly report - Q3\r\n=====================\r\n\r\nPrepared by: Ana Ribeiro\r\n\r\n"
    "1. Summary\r\nRevenue grew 4% over Q2. Support tickets fell by a fifth after the new onboarding guide.\r\n\r\n"
    "2. Open points\r\n- Renew the hosting contract before November.\r\n- Hire a second support engineer.\r\n";
static const char REPORT_V2[] =
    "Quarterly report - Q3\r\n=====================\r\n\r\nPrepared by: Ana Ribeiro\r\nReviewed by: Marco Bianchi\r\n\r\n"
    "1. Summary\r\nRevenue grew 4.3% over Q2. Support tickets fell by 21% after the new onboarding guide.\r\n\r\n"
    "2. Open points\r\n- Renew the hosting contract before November (quote received: 1,840 EUR/month).\r\n"
    "- Hire a second support engineer.\r\n\r\n3. Risks\r\n- One large customer is evaluating a competitor.\r\n";
static const char REPORT_V3[] =
    "Quarterly report - Q3 (FINAL DRAFT)\r\n===================================\r\n\r\nPrepared by: Ana Ribeiro\r\nReviewed by: Marco Bianchi\r\n\r\n"
    "1. Summary\r\nRevenue grew 4.3% over Q2. Support tickets fell by 21% after the new onboarding guide.\r\n"
    "Churn stayed flat at 1.9%.\r\n\r\n"
    "2. Open points\r\n- Renew the hosting contract before November (quote received: 1,840 EUR/month).\r\n"
    "- Hire a second support engineer (interviews scheduled).\r\n\r\n3. Risks\r\n- One large customer is evaluating a competitor.\r\n"
    "- Exchange-rate exposure on the US contracts.\r\n\r\n4. Next steps\r\nPresent to the board on the 28th.\r\n";
static const char REPORT_V4[] =
    "Quarterly report\r\n\r\n(started over - paste the final text here)\r\n";

static int demo_create(const char *root) {
    fs_mkdirs(root);
    state_lock(root);
    char *mp = path_join(root, "machine.json");
    if (fs_exists(mp)) { free(mp); state_unlock(); return 0; }
    char *err = NULL;
    sim_machine *m = machine_parse(DEMO_MACHINE_JSON, &err);
    if (!m) { fprintf(stderr, "shadowdesk-vss: demo machine: %s\n", err); free(err); free(mp); state_unlock(); return -1; }
    /* start clean: a root without machine.json gets a consistent demo */
    char *p;
    p = path_join3(root, "state", "state.json"); fs_remove_file(p); free(p);
    p = path_join(root, "shadows"); fs_rmtree(p); free(p);
    p = path_join(root, "faults.json"); fs_remove_file(p); free(p);
    for (size_t v = 0; v < m->nvols; v++) { p = live_dir(root, m->vols[v].letter); fs_rmtree(p); fs_mkdirs(p); free(p); }

    const int64_t H = 3600LL * FT_PER_SEC;
    int64_t now = now_filetime();
    int64_t t14 = now - 14 * FT_PER_DAY, t7 = now - 7 * FT_PER_DAY, t3 = now - 3 * FT_PER_DAY, t1 = now - FT_PER_DAY;
    sbuf png = {0};

    /* --- stage 0: two weeks ago --- */
    demo_text(root, 'C', "Windows/win.ini", "; for 16-bit app support\r\n[fonts]\r\n[extensions]\r\n[mci extensions]\r\n[files]\r\n[Mail]\r\nMAPI=1\r\n", t14 - 200 * FT_PER_DAY);
    demo_text(root, 'C', "Windows/System32/drivers/etc/hosts",
              "# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.\r\n#\r\n"
              "# localhost name resolution is handled within DNS itself.\r\n#\t127.0.0.1       localhost\r\n#\t::1             localhost\r\n", t14 - 300 * FT_PER_DAY);
    demo_text(root, 'C', "Windows/System32/config/SYSTEM.LOG1", "regf simulated transaction log\r\n", t14 - 2 * H);
    demo_text(root, 'C', "Users/Public/Documents/readme.txt", "Files in this folder are shared with every user of this PC.\r\n", t14 - 90 * FT_PER_DAY);
    demo_text(root, 'C', "Users/ana/Documents/report.txt", REPORT_V1, t14 - 26 * H);
    demo_text(root, 'C', "Users/ana/Documents/notes.txt",
              "Notes\r\n-----\r\n* Call the bank about the mortgage rate.\r\n* Dentist on Thursday 10:30.\r\n", t14 - 50 * H);
    demo_text(root, 'C', "Users/ana/Documents/budget.csv",
              "month,rent,groceries,utilities,transport,savings\r\nJuly,950,410,132,85,400\r\nAugust,950,388,120,92,450\r\n", t14 - 5 * H);
    demo_text(root, 'C', "Users/ana/Documents/letter-draft.txt",
              "Dear Mr. Conti,\r\n\r\nthank you for your letter of the 3rd. I would be glad to meet next week to discuss the lease renewal.\r\n\r\nKind regards,\r\nAna Ribeiro\r\n", t14 - 3 * H);
    demo_text(root, 'C', "Users/ana/Documents/Caff\xc3\xa8 e appunti.txt", "Lista per la riunione: caff\xc3\xa8, verbale, preventivo.\r\n", t14 - 30 * H);
    png_make(&png, 48, 32, 0);
    demo_put(root, 'C', "Users/ana/Pictures/holiday.png", png.p, png.n, t14 - 20 * FT_PER_DAY);
    sb_free(&png);
    demo_text(root, 'C', "Users/ana/Desktop/todo.txt", "TODO\r\n[ ] finish Q3 report\r\n[ ] send budget to Marco\r\n[ ] book train tickets\r\n", t14 - 4 * H);
    demo_text(root, 'C', "Users/ana/Downloads/setup-log.txt", "Installer 2.4.1 finished with exit code 0\r\n", t14 - 9 * FT_PER_DAY);
    demo_text(root, 'D', "Projects/website/index.html",
              "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Ribeiro Design</title></head>\n<body>\n  <h1>Ribeiro Design</h1>\n  <p>Interiors and small spaces.</p>\n  <script src=\"src/app.js\"></script>\n</body>\n</html>\n", t14 - 6 * FT_PER_DAY);
    demo_text(root, 'D', "Projects/website/src/app.js",
              "// Entry point of the site\nfunction greet(name) {\n  return `Hello, ${name}!`;\n}\n\ndocument.addEventListener('DOMContentLoaded', () => {\n  console.log(greet('visitor'));\n});\n", t14 - 6 * FT_PER_DAY);
    demo_text(root, 'D', "Projects/website/README.md", "# Website\n\nStatic site. Open index.html in a browser.\n", t14 - 6 * FT_PER_DAY);
    demo_text(root, 'D', "Projects/website/old-notes.md", "# Old notes\n\n- Colours: sand, olive, white.\n- Fonts: something humanist.\n", t14 - 40 * FT_PER_DAY);
    demo_text(root, 'D', "Projects/budget-tool/main.py",
              "import csv\nimport sys\n\n\ndef total(path):\n    with open(path, newline='') as f:\n        rows = list(csv.DictReader(f))\n    return sum(float(r['amount']) for r in rows)\n\n\nif __name__ == '__main__':\n    print(total(sys.argv[1]))\n", t14 - 10 * FT_PER_DAY);
    demo_text(root, 'D', "Projects/budget-tool/data/2024.csv", "date,amount,category\n2024-01-03,54.20,groceries\n2024-01-05,950.00,rent\n", t14 - 10 * FT_PER_DAY);
    png_make(&png, 40, 30, 1);
    demo_put(root, 'D', "Photos/2024/beach.png", png.p, png.n, t14 - 60 * FT_PER_DAY);
    sb_free(&png);
    demo_text(root, 'E', "Backup notes.txt", "USB stick - copy of the tax documents is in the Taxes folder.\r\n", t14 - 30 * FT_PER_DAY);
    demo_text(root, 'E', "Taxes/2023-summary.txt", "Tax return 2023 submitted on 2024-06-12.\r\n", t14 - 100 * FT_PER_DAY);

    sim_state st;
    state_load(root, m, &st);
    int cd[2] = {machine_find_letter(m, 'C'), machine_find_letter(m, 'D')};
    owner_t none = {0, 0, 0};
    sd_GUID set, ids[2];
#define DEMO_SNAP(when)                                                                                   \
    do {                                                                                                  \
        guid_new(&set); guid_new(&ids[0]); guid_new(&ids[1]);                                             \
        engine_create_set(m, &st, cd, 2, CTX_CLIENT_ACCESSIBLE, (when), none, &set, ids, 0);               \
    } while (0)
    DEMO_SNAP(t14);

    /* --- stage 1: a week ago --- */
    demo_text(root, 'C', "Users/ana/Documents/report.txt", REPORT_V2, t7 - 6 * H);
    demo_text(root, 'C', "Users/ana/Documents/budget.csv",
              "month,rent,groceries,utilities,transport,savings\r\nJuly,950,410,132,85,400\r\nAugust,950,388,120,92,450\r\nSeptember,950,402,141,80,420\r\n", t7 - 8 * H);
    demo_text(root, 'C', "Users/ana/Documents/meeting-minutes.txt",
              "Minutes - team meeting\r\nPresent: Ana, Marco, Giulia\r\n- Q3 report: Ana to circulate the draft by Friday.\r\n- Hosting: Marco asks for two more quotes.\r\n", t7 - 30 * H);
    demo_text(root, 'C', "Users/ana/Desktop/todo.txt", "TODO\r\n[x] finish Q3 report (draft)\r\n[ ] send budget to Marco\r\n[ ] book train tickets\r\n", t7 - 7 * H);
    demo_text(root, 'D', "Projects/website/src/app.js",
              "// Entry point of the site\nimport { formatDate } from './util.js';\n\nfunction greet(name) {\n  return `Hello, ${name}!`;\n}\n\ndocument.addEventListener('DOMContentLoaded', () => {\n  console.log(greet('visitor'), formatDate(new Date()));\n});\n", t7 - 20 * H);
    demo_text(root, 'D', "Projects/website/src/util.js",
              "export function formatDate(d) {\n  return d.toISOString().slice(0, 10);\n}\n", t7 - 20 * H);
    DEMO_SNAP(t7);

    /* --- stage 2: three days ago --- */
    demo_rm(root, 'C', "Users/ana/Documents/letter-draft.txt");
    demo_text(root, 'C', "Users/ana/Documents/report.txt", REPORT_V3, t3 - 5 * H);
    demo_text(root, 'C', "Users/ana/Documents/notes.txt",
              "Notes\r\n-----\r\n* Call the bank about the mortgage rate. -> done, 3.1% fixed\r\n* Dentist on Thursday 10:30.\r\n* Buy a birthday present for Giulia.\r\n", t3 - 9 * H);
    demo_text(root, 'D', "Projects/budget-tool/main.py",
              "import csv\nimport sys\nfrom collections import defaultdict\n\n\ndef totals(path):\n    out = defaultdict(float)\n    with open(path, newline='') as f:\n        for r in csv.DictReader(f):\n            out[r['category']] += float(r['amount'])\n    return dict(out)\n\n\nif __name__ == '__main__':\n    for k, v in sorted(totals(sys.argv[1]).items()):\n        print(f'{k:12} {v:10.2f}')\n", t3 - 26 * H);
    demo_text(root, 'D', "Projects/website/README.md", "# Website\n\nStatic site. Open index.html in a browser.\n\n## Deploy\n\nCopy the folder to the web host with `rsync -av`.\n", t3 - 28 * H);
    demo_rm(root, 'D', "Projects/website/old-notes.md");
    DEMO_SNAP(t3);

    /* --- stage 3: yesterday --- */
    demo_text(root, 'C', "Users/ana/Documents/budget.csv",
              "month,rent,groceries,utilities,transport,savings\r\nJuly,950,410,132,85,400\r\nAugust,950,388,120,92,450\r\nSeptember,950,402,141,80,420\r\nOctober,950,395,150,78,430\r\n", t1 - 3 * H);
    demo_text(root, 'D', "Projects/website/src/app.js",
              "// Entry point of the site\nimport { formatDate } from './util.js';\n\nconst GREETING = 'Hello';\n\nfunction greet(name) {\n  return `${GREETING}, ${name}!`;\n}\n\ndocument.addEventListener('DOMContentLoaded', () => {\n  document.querySelector('h1').title = greet('visitor');\n  console.log(greet('visitor'), formatDate(new Date()));\n});\n", t1 - 5 * H);
    DEMO_SNAP(t1);
#undef DEMO_SNAP

    /* --- live: this morning --- */
    demo_text(root, 'C', "Users/ana/Documents/report.txt", REPORT_V4, now - 2 * H);
    demo_rm(root, 'C', "Users/ana/Desktop/todo.txt");
    demo_text(root, 'C', "Users/ana/Documents/new-ideas.txt", "Ideas\r\n- A shared calendar for the office.\r\n- Move the archive to D:.\r\n", now - 1 * H);

    state_save(&st);
    state_free(&st);
    machine_unref(m);
    /* machine.json last: its presence means the demo is complete */
    int rc = fs_write_atomic(mp, DEMO_MACHINE_JSON, strlen(DEMO_MACHINE_JSON));
    free(mp);
    state_unlock();
    return rc;
}
