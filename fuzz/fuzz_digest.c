/* fuzz_digest.c: documents through a digest with the shipped topic
 * profiles (models/topics), rendered in every format.  Option bytes: the
 * budget, words or bytes, similarity, how many stories to discover, and a
 * day to keep. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static sm_topics *topics;
    if (!topics && sm_topics_load(fuzz_ctx(), NULL, &topics) != SM_OK)
        abort(); /* the harness cannot run: not a finding */
    uint8_t b0 = fuzz_byte(&data, &size), b1 = fuzz_byte(&data, &size);
    sm_digest_opts o;
    sm_digest_opts_init(&o);
    if (b0 & 1)
        o.bytes = 8 + (size_t)(b0 >> 1) * 8;
    else
        o.words = 1 + (size_t)(b0 >> 1);
    o.similarity = (b1 & 1) ? SM_SIM_BM25 : SM_SIM_TEXTRANK;
    o.discover = (b1 >> 1) & 3;
    if (b1 & 8)
        o.date = "2023-03-20";
    sm_corpus *c = sm_corpus_new(fuzz_ctx());
    fuzz_add_docs(c, data, size);
    sm_digest *d = NULL;
    if (sm_corpus_prepare(c) == SM_OK &&
        sm_digest_build(c, topics, &o, &d) == SM_OK) {
        for (int f = SM_FORMAT_TEXT; f <= SM_FORMAT_HTML; f++) {
            size_t len;
            free(sm_digest_render(d, (sm_format)f, &len));
        }
        for (size_t t = 0; t < d->n_topics; t++)
            free(sm_topic_profile(&d->topics[t]));
        sm_digest_free(d);
    }
    sm_corpus_free(c);
    return 0;
}
