/* Part of the VSS stand-in: fault injection (faults.json and ShadowDeskSimInjectFault).
 * Not a translation unit of its own: vss-standin.c includes every part in order, so internal
 * functions stay static and the library exports only the names VSS and Windows export. */
#ifndef SD_UNITY
#error "compile native/standin/vss-standin.c, which includes this file"
#endif

/* ============================================================================================== */
/* 9. Fault injection                                                                             */
/* ============================================================================================== */

typedef struct { char *method; int32_t hr; int64_t count; } mem_fault;
static mem_fault *g_mem_faults;
static size_t g_nmem_faults;

enum { FK_NONE = 0, FK_FAIL, FK_DELAY, FK_ABORT };
/* viaAsync: for the methods that return an IVssAsync, the failure is the operation's result (what
 * IVssAsync::Wait/QueryStatus report), not the call's own return value; see fault_via_async. */
typedef struct { int kind; int32_t hr; uint32_t delayMs; int exitCode; int viaAsync; } fault_hit;

/* HRESULTs that real VSS hands back only through the IVssAsync of the call: the DoSnapshotSet page
 * on Microsoft Learn (IVssBackupComponents::DoSnapshotSet, "Return value") says of
 * VSS_E_INSUFFICIENT_STORAGE, VSS_E_PROVIDER_VETO and VSS_E_UNEXPECTED_PROVIDER_ERROR "This error code
 * is only returned via the QueryStatus method on the IVssAsync interface returned in the ppAsync
 * parameter". An injected fault with one of them is therefore always delivered through the async. */
#define VSSE_PROVIDER_VETO_ ((int32_t)0x80042306u)
static int hr_async_only(int32_t hr) {
    return hr == VSSE_INSUFFICIENT_STORAGE || hr == VSSE_PROVIDER_VETO_ || hr == VSSE_UNEXPECTED_PROVIDER_ERROR;
}

static int fault_name_matches(const char *entry, const char *iface, const char *method) {
    if (!entry) return 0;
    const char *sep = strstr(entry, "::");
    if (!sep) return streq_ci(entry, method);
    size_t il = (size_t)(sep - entry);
    return strlen(iface) == il && startswith_ci(entry, iface) && streq_ci(sep + 2, method);
}

/* Looks for a fault for iface::method, consuming one-shot entries. */
static void fault_take(const char *iface, const char *method, fault_hit *hit) {
    memset(hit, 0, sizeof *hit);
    glock();
    for (size_t k = 0; k < g_nmem_faults; k++) {
        mem_fault *f = &g_mem_faults[k];
        if (!fault_name_matches(f->method, iface, method)) continue;
        hit->kind = FK_FAIL;
        hit->hr = f->hr;
        hit->viaAsync = hr_async_only(f->hr);
        if (f->count > 0 && --f->count == 0) {
            free(f->method);
            g_mem_faults[k] = g_mem_faults[--g_nmem_faults];
        }
        gunlock();
        return;
    }
    char *root = current_root();
    char *fp = path_join(root, "faults.json");
    if (!fs_exists(fp)) { free(fp); free(root); gunlock(); return; }
    state_lock(root);
    size_t len;
    char *text = fs_read(fp, &len);
    jval *j = text ? json_parse(text, NULL) : NULL;
    free(text);
    jval *list = j ? (j->t == J_ARR ? j : jarr(j, "faults")) : NULL;
    if (list) {
        for (size_t k = 0; k < list->n; k++) {
            jval *o = list->items[k];
            if (!fault_name_matches(jstr(o, "method", NULL), iface, method)) continue;
            int64_t count = jint(o, "count", 1);
            if (count == 0) continue;
            if (jbool(o, "abort", 0)) { hit->kind = FK_ABORT; hit->exitCode = (int)jint(o, "exitCode", 3); }
            else if (jget(o, "delayMs")) { hit->kind = FK_DELAY; hit->delayMs = (uint32_t)jint(o, "delayMs", 0); }
            else {
                hit->kind = FK_FAIL;
                hit->hr = hr_from_json(jget(o, "hresult"), SD_E_FAIL);
                const char *via = jstr(o, "via", NULL);
                hit->viaAsync = hr_async_only(hit->hr) || (via && streq_ci(via, "async"));
            }
            if (count > 0) {
                /* consume: rewrite the file with count-1 (dropping the entry at 0) */
                if (count == 1) {
                    json_free(o);
                    memmove(&list->items[k], &list->items[k + 1], (list->n - k - 1) * sizeof *list->items);
                    if (list->keys) memmove(&list->keys[k], &list->keys[k + 1], (list->n - k - 1) * sizeof *list->keys);
                    list->n--;
                } else {
                    jval *c = jget(o, "count");
                    c->t = J_NUM; c->is_int = 1; c->i = count - 1; c->num = (double)(count - 1);
                }
                sbuf b = {0};
                json_write(&b, j, 0);
                sb_addc(&b, '\n');
                fs_write_atomic(fp, b.p, b.n);
                sb_free(&b);
            }
            break;
        }
    }
    json_free(j);
    state_unlock();
    free(fp);
    free(root);
    gunlock();
}

/* A fault point at the entry of a call: returns a failure HRESULT to return, 0 to go on. Aborts the
 * process for "abort" entries unless deferAbort (the call then aborts at its own chosen point).
 * asyncCall: the method returns an IVssAsync, so a failure marked viaAsync is left in *hit for the
 * call to deliver through its async object instead of being returned here. */
static int32_t fault_point_ex(const char *iface, const char *method, fault_hit *hit, int deferAbort, int asyncCall) {
    fault_take(iface, method, hit);
    if (hit->kind == FK_ABORT && !deferAbort) die_now(hit->exitCode);
    if (hit->kind == FK_FAIL && !(asyncCall && hit->viaAsync)) return hit->hr ? hit->hr : SD_E_FAIL;
    return 0;
}
static int32_t fault_point(const char *iface, const char *method, fault_hit *hit, int deferAbort) {
    return fault_point_ex(iface, method, hit, deferAbort, 0);
}
#define FAULT(iface, meth)                                       \
    fault_hit fh_;                                               \
    do {                                                         \
        int32_t fr_ = fault_point(iface, meth, &fh_, 0);         \
        if (fr_) return fr_;                                     \
    } while (0)
