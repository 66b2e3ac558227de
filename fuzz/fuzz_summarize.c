/* fuzz_summarize.c: documents through ingest, cleaning, splitting, terms,
 * the graph and selection to a written summary.  Option bytes: budget kind
 * and size, similarity, order, redundancy, output format, and whether the
 * first document is a query instead. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *out;
    if (!out)
        out = fopen("/dev/null", "w");
    uint8_t b0 = fuzz_byte(&data, &size), b1 = fuzz_byte(&data, &size);
    sm_summary_opts o;
    sm_summary_opts_init(&o);
    size_t budget = 1 + (b0 >> 2);
    o.words = o.bytes = o.sentences = 0;
    switch (b0 & 3) {
    case 0: o.words = budget * 4; break;
    case 1: o.bytes = budget * 16; break;
    case 2: o.sentences = 1 + budget / 8; break;
    default: o.words = budget * 4; o.sentences = 1 + budget / 8; break;
    }
    o.similarity = (b1 & 1) ? SM_SIM_BM25 : SM_SIM_TEXTRANK;
    o.order = (b1 & 2) ? SM_ORDER_SOURCE : SM_ORDER_SCORE;
    o.no_redundancy = (b1 >> 2) & 1;
    sm_format fmt = (sm_format)((b1 >> 3) % 3); /* text, json, markdown */
    char *query = NULL;
    if (b1 & 0x20) { /* the first document is the query */
        const uint8_t *z = memchr(data, 0, size);
        size_t qn = z ? (size_t)(z - data) : size;
        query = malloc(qn + 1);
        memcpy(query, data, qn);
        query[qn] = '\0';
        o.query = query;
        data += z ? qn + 1 : qn;
        size -= z ? qn + 1 : qn;
    }
    sm_corpus *c = sm_corpus_new(fuzz_ctx());
    fuzz_add_docs(c, data, size);
    sm_summary *s = NULL;
    if (sm_corpus_prepare(c) == SM_OK && sm_summarize(c, &o, &s) == SM_OK) {
        sm_summary_write(c, s, fmt, out);
        sm_summary_free(s);
    }
    sm_corpus_free(c);
    free(query);
    return 0;
}
