/*
 * load_impl.h - the loader's view of a dataset folder, shared with the
 * batch runner (which reads the same files into memory, to hash exactly
 * what it loads).
 */
#ifndef DJ_LOAD_IMPL_H
#define DJ_LOAD_IMPL_H

#include <stddef.h>
#include "util/alloc.h"
#include "dejure/error.h"

/*
 * The dataset files present in folder `dir`, as names relative to it, in
 * the order the loader reads them: the dataset's own files
 * (dj_dataset_file_names()), then, for each subject folder (a real
 * folder, not a link, holding an events.csv; by name), its events.csv and
 * annotations.csv ("kosovo/events.csv"). *names is the caller's:
 * dj_dataset_dir_free().
 */
DJ_HIDDEN int dj_dataset_dir_list(char ***names, size_t *n, const char *dir, dj_error *err);
DJ_HIDDEN void dj_dataset_dir_free(char **names, size_t n);

#endif
