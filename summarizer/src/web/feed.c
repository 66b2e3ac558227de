/*
 * feed.c: RSS 2.0, RSS 1.0 and Atom feeds, one document per item.
 */
#include "web/dom.h"

size_t sm_web_feed(sm_web *w, const char *label, const char *data, size_t len,
                   sm_web_emit_fn emit, void *userdata)
{
    (void)data; (void)len; (void)emit; (void)userdata;
    sm_warnf(w->ctx, "%s: feeds are not read yet, skipped", label);
    return 0;
}
