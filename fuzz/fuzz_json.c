/* fuzz_json.c: a digest's JSON (as the archive stores it) parsed back by
 * sm_digest_parse_json and rendered again in every format, alone and as a
 * page of several days. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    sm_digest *d = sm_digest_parse_json((const char *)data, size, err,
                                        sizeof err);
    if (!d)
        return 0;
    for (int f = SM_FORMAT_TEXT; f <= SM_FORMAT_HTML; f++) {
        size_t len;
        free(sm_digest_render(d, (sm_format)f, &len));
    }
    const sm_digest *two[2] = {d, d};
    size_t len;
    free(sm_digests_render_html(two, 2, &len));
    for (size_t t = 0; t < d->n_topics; t++)
        free(sm_topic_profile(&d->topics[t]));
    sm_digest_free(d);
    return 0;
}
