/*
 * fuzz_blocs.c - libFuzzer harness: the input is blocs.csv of an otherwise
 * valid dataset; whatever it holds, the load must end in a dataset or a
 * positioned error, never a crash, leak or hang.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fz_load("blocs.csv", data, size);
}
