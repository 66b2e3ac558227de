/* fuzz_topics.c: a topic profile file as sm_topics_load reads it, and, when
 * it loads, a digest of a fixed small corpus with it (term resolution and
 * relevance).  Option byte: whether to build the digest. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char news[] =
    "source: Outlet A\n\nThe court issued an arrest warrant for the "
    "minister on Monday. Prosecutors said the case concerned deported "
    "children.\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t b0 = fuzz_byte(&data, &size);
    const char *dir = fuzz_tmpdir();
    char path[128];
    snprintf(path, sizeof path, "%s/fuzz.topic", dir);
    fuzz_write(path, data, size);
    sm_topics *t = NULL;
    if (sm_topics_load(fuzz_ctx(), dir, &t) == SM_OK) {
        for (size_t i = 0; i < sm_topics_count(t); i++) {
            (void)sm_topics_id(t, i);
            (void)sm_topics_title(t, i);
        }
        if (b0 & 1) {
            sm_corpus *c = sm_corpus_new(fuzz_ctx());
            sm_corpus_add_text(c, "a.txt", news, sizeof news - 1, NULL);
            sm_digest_opts o;
            sm_digest_opts_init(&o);
            sm_digest *d = NULL;
            if (sm_digest_build(c, t, &o, &d) == SM_OK)
                sm_digest_free(d);
            sm_corpus_free(c);
        }
        sm_topics_free(t);
    }
    return 0;
}
