/*
 * fuzz_batch.c - libFuzzer harness for batch files: any bytes go through
 * the syntax parser and the checked reader (as a batch file, and as a
 * manifest when the first byte is odd). Either is refused with a
 * positioned message or gives a document whose every output folder stays
 * inside the output root by both safety checks (the batch reader's own
 * and dj_out_path_join).
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dj_error err;
    dj_batch_doc *doc = NULL;
    int rc = dj_batch_parse(&doc, "fuzz.batch", (const char *)data, size, &err);
    if (rc == 0) {
        if (!doc || doc->nsections < 1 || doc->sections[0].name[0] != '\0')
            FZ_FAIL();
        for (size_t s = 0; s < doc->nsections; s++)
            if (doc->sections[s].first + doc->sections[s].count > doc->nentries)
                FZ_FAIL();
        for (size_t e = 0; e < doc->nentries; e++)
            if (doc->entries[e].line < 1 || !doc->entries[e].key[0])
                FZ_FAIL();
    } else if (doc || err.code != rc || ((rc == DJ_EPARSE || rc == DJ_ELIMIT) && err.line < 1)) {
        FZ_FAIL();
    }
    dj_batch_doc_free(doc);

    dj_batch *b = NULL;
    unsigned flags = size && (data[0] & 1) ? DJ_BATCH_MANIFEST : 0;
    rc = dj_batch_new(&b, "fuzz.batch", (const char *)data, size, flags, &err);
    if (rc == 0) {
        if (!b)
            FZ_FAIL();
        for (size_t i = 0; i < b->count; i++) {
            char path[4096];
            const char *out = b->analyses[i].output;
            if (!out || !dj_batch_path_is_safe(out) ||
                dj_out_path_join(path, sizeof path, "root", out, NULL) != 0)
                FZ_FAIL();
            for (size_t f = 0; f < b->analyses[i].nfiles; f++)
                if (dj_out_path_join(path, sizeof path, "root", b->analyses[i].files[f].path, NULL))
                    FZ_FAIL();
        }
    } else if (b || err.code != rc || !err.msg[0]) {
        FZ_FAIL();
    }
    dj_batch_free(b);
    return 0;
}
