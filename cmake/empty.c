/* empty.c - the shared library's own source: it has none; all its code
   comes from the static library, linked whole (cmake/DejureInstall.cmake). */
typedef int dj_empty_translation_unit;
