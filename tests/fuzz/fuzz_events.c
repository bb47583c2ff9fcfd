/*
 * fuzz_events.c - libFuzzer harness: the input is events.csv of an otherwise
 * valid dataset; whatever it holds, the load must end in a dataset or a
 * positioned error, never a crash, leak or hang.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fz_load("events.csv", data, size);
}
