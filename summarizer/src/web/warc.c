/*
 * warc.c: WARC files, one document per HTML response.
 */
#include "web/dom.h"

size_t sm_web_warc(sm_web *w, const char *label, const char *data, size_t len,
                   sm_web_emit_fn emit, void *userdata)
{
    (void)data; (void)len; (void)emit; (void)userdata;
    sm_warnf(w->ctx, "%s: WARC files are not read yet, skipped", label);
    return 0;
}
