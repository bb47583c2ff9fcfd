/*
 * cmd_batch.c - `dejure batch FILE` and `dejure verify DIR`.
 *
 * Each analysis runs in a child process (fork): the library keeps a few
 * static sort contexts and the allocation counter, so processes, not
 * threads, are what make `--jobs N` safe; a child that crashes costs only
 * its own analysis. Children only write their own output folder and print
 * their own messages; the parent waits, then hashes inputs and outputs and
 * writes the manifest, always in file order, so that the manifest is the
 * same bytes whatever the number of jobs.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

typedef struct runner {
    cli_ctx *c;
    const dj_batch *b;
    const char *base;      /* folder that `data` paths are relative to */
    const char *root;      /* output root */
    int jobs;
    int progress;          /* standard error is a terminal */
    int *codes;            /* exit code per analysis */
    pid_t *pids;
    struct timespec start;
    volatile sig_atomic_t *stop; /* set by a signal: stop the children (verify) */
} runner;

static int code_of(const dj_error *err)
{
    if (cli_gnuplot_failed(err))
        return EXIT_GNUPLOT;
    switch (err->code) {
    case DJ_EPARSE: case DJ_ELIMIT: return EXIT_DATA;
    case DJ_EINVALID: return EXIT_USAGE;
    default: return EXIT_IO;
    }
}

/* The child's work: one analysis, its messages, its exit code. */
static int run_one(runner *r, size_t i)
{
    const dj_batch_analysis *a = &r->b->analyses[i];
    dj_diagnostics diags;
    dj_error err;
    dj_diagnostics_init(&diags);
    int rc = dj_batch_run(a, r->b->file, r->base, r->root, &diags, &err);
    int printed_error = 0;
    for (size_t k = 0; k < diags.count; k++) {
        const dj_diag *g = &diags.items[k];
        if (g->severity == DJ_WARNING && r->c->o.quiet)
            continue;
        if (g->severity == DJ_ERROR)
            printed_error = 1;
        if (g->line > 0)
            fprintf(stderr, "%s: %s:%ld:%ld: %s%s\n", r->c->prog, g->path, g->line,
                    g->column > 0 ? g->column : 1, g->severity == DJ_WARNING ? "warning: " : "", g->msg);
        else
            fprintf(stderr, "%s: %s: %s%s\n", r->c->prog, g->path,
                    g->severity == DJ_WARNING ? "warning: " : "", g->msg);
    }
    dj_diagnostics_dispose(&diags);
    if (!rc)
        return EXIT_OK;
    if (!printed_error)
        cli_print_error(r->c, &err);
    fprintf(stderr, "%s: analysis [%s] (%s:%ld) failed; nothing of %s/%s was written\n",
            r->c->prog, a->name, r->b->file, a->line, r->root, a->output);
    return code_of(&err);
}

static double elapsed(const runner *r)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - r->start.tv_sec) + (double)(now.tv_nsec - r->start.tv_nsec) / 1e9;
}

/* One terminal line, redrawn in place: "analysis 2 of 5: name (1.2s)", or
   with --jobs "2 of 5 done; running a, b (1.2s)". */
static void show_progress(const runner *r, size_t done)
{
    if (!r->progress)
        return;
    char line[200];
    size_t n = r->b->count, off = 0, running = 0, last = 0;
    for (size_t i = 0; i < n; i++)
        if (r->pids[i] > 0 && r->codes[i] < 0) {
            running++;
            last = i;
        }
    if (!running)
        return;
    if (r->jobs == 1)
        off = (size_t)snprintf(line, sizeof line, "analysis %zu of %zu: %s", last + 1, n,
                               r->b->analyses[last].name);
    else {
        off = (size_t)snprintf(line, sizeof line, "%zu of %zu done; running", done, n);
        int first = 1;
        for (size_t i = 0; i < n && off < sizeof line - 60; i++)
            if (r->pids[i] > 0 && r->codes[i] < 0) {
                off += (size_t)snprintf(line + off, sizeof line - off, "%s %s", first ? "" : ",",
                                        r->b->analyses[i].name);
                first = 0;
            }
    }
    if (off > sizeof line - 30)
        off = sizeof line - 30;
    snprintf(line + off, sizeof line - off, " (%.1fs)", elapsed(r));
    fprintf(stderr, "\r\033[K%s", line);
    fflush(stderr);
}

/* Runs every analysis, `jobs` at a time; codes[i] gets each exit code. */
static void run_all(runner *r)
{
    size_t n = r->b->count, next = 0, running = 0, done = 0;
    for (size_t i = 0; i < n; i++) {
        r->codes[i] = -1;
        r->pids[i] = 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &r->start);
    while (done < n) {
        if (r->stop && *r->stop) {
            /* interrupted: no new analysis; the running ones get SIGTERM
               (each removes its temporaries) and are waited for, so that
               none writes on once the caller removes their folder */
            for (size_t i = 0; i < n; i++)
                if (r->pids[i] > 0 && r->codes[i] < 0)
                    kill(r->pids[i], SIGTERM);
            for (size_t i = 0; i < n; i++)
                if (r->pids[i] > 0 && r->codes[i] < 0) {
                    while (waitpid(r->pids[i], NULL, 0) < 0 && errno == EINTR)
                        ;
                    r->codes[i] = EXIT_IO;
                }
            for (size_t i = 0; i < n; i++)
                if (r->codes[i] < 0)
                    r->codes[i] = EXIT_IO;
            break;
        }
        while (running < (size_t)r->jobs && next < n) {
            fflush(NULL);
            pid_t pid = fork();
            if (pid == 0) {
                int code = run_one(r, next);
                fflush(NULL);
                exit(code);
            }
            if (pid < 0) {
                cli_error(r->c, "cannot start analysis [%s]: %s", r->b->analyses[next].name, strerror(errno));
                r->codes[next] = EXIT_IO;
                r->pids[next] = -1;
                done++;
            } else {
                r->pids[next] = pid;
                running++;
            }
            next++;
            show_progress(r, done);
        }
        if (!running)
            continue;
        int status;
        /* polled when a signal may ask to stop: one arriving just before
           a blocking wait would otherwise wait for an analysis to end */
        pid_t pid = waitpid(-1, &status, r->progress || r->stop ? WNOHANG : 0);
        if (pid == 0) {
            struct timespec ts = {0, r->progress ? 100000000 : 20000000};
            nanosleep(&ts, NULL);
            show_progress(r, done);
            continue;
        }
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            cli_error(r->c, "waiting for analyses: %s", strerror(errno));
            for (size_t i = 0; i < n; i++)
                if (r->codes[i] < 0)
                    r->codes[i] = EXIT_IO;
            break;
        }
        for (size_t i = 0; i < n; i++) {
            if (r->pids[i] != pid)
                continue;
            if (WIFEXITED(status)) {
                r->codes[i] = WEXITSTATUS(status);
            } else {
                cli_error(r->c, "analysis [%s] stopped by signal %d", r->b->analyses[i].name,
                          WIFSIGNALED(status) ? WTERMSIG(status) : 0);
                r->codes[i] = EXIT_IO;
            }
            running--;
            done++;
            break;
        }
        show_progress(r, done);
    }
    if (r->progress) {
        fprintf(stderr, "\r\033[K");
        fflush(stderr);
    }
}

static int setup(runner *r, cli_ctx *c, const dj_batch *b)
{
    memset(r, 0, sizeof *r);
    r->c = c;
    r->b = b;
    r->jobs = c->o.jobs > 0 ? c->o.jobs : 1;
    r->progress = !c->o.quiet && isatty(STDERR_FILENO);
    r->codes = calloc(b->count, sizeof *r->codes);
    r->pids = calloc(b->count, sizeof *r->pids);
    if (!r->codes || !r->pids) {
        free(r->codes);
        free(r->pids);
        cli_error(c, "out of memory");
        return EXIT_IO;
    }
    return EXIT_OK;
}

static void teardown(runner *r)
{
    free(r->codes);
    free(r->pids);
}

static int make_folder(cli_ctx *c, const char *dir)
{
    char buf[4096];
    size_t n = strlen(dir);
    if (n >= sizeof buf) {
        cli_error(c, "folder name too long");
        return EXIT_USAGE;
    }
    memcpy(buf, dir, n + 1);
    for (size_t i = 1; i <= n; i++)
        if (buf[i] == '/' || buf[i] == '\0') {
            char ch = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
                cli_error(c, "%s: cannot create folder: %s", buf, strerror(errno));
                return EXIT_IO;
            }
            buf[i] = ch;
        }
    return EXIT_OK;
}

/* The folder holding `file` ("." when it has none). */
static void folder_of(char *out, size_t size, const char *file)
{
    const char *slash = strrchr(file, '/');
    if (!slash)
        snprintf(out, size, ".");
    else if (slash == file)
        snprintf(out, size, "/");
    else
        snprintf(out, size, "%.*s", (int)(slash - file), file);
}

int cmd_batch(cli_ctx *c, int argc, char **argv)
{
    dj_error err;
    dj_batch *b = NULL;
    runner r;
    int rc;
    (void)argc, (void)argv;
    if ((rc = dj_batch_read(&b, c->o.arg, 0, &err))) {
        cli_print_error(c, &err);
        return err.code == DJ_ENOTFOUND ? EXIT_IO : code_of(&err);
    }
    char base[4096];
    folder_of(base, sizeof base, c->o.arg);
    const char *root = c->o.out ? c->o.out : "out";
    if ((rc = make_folder(c, root)) || (rc = setup(&r, c, b))) {
        dj_batch_free(b);
        return rc;
    }
    r.base = base;
    r.root = root;
    /* a manifest from an earlier run would vouch for folders this run
       replaces: it goes now, and the new one comes when all is done */
    char old_manifest[4200];
    snprintf(old_manifest, sizeof old_manifest, "%s/%s", root, DJ_BATCH_MANIFEST_NAME);
    if (unlink(old_manifest) != 0 && errno != ENOENT) {
        cli_error(c, "%s: cannot remove: %s", old_manifest, strerror(errno));
        teardown(&r);
        dj_batch_free(b);
        return EXIT_IO;
    }
    run_all(&r);

    /* hashes and manifest, in file order */
    int *ok = calloc(b->count, sizeof *ok);
    dj_batch_files *inputs = calloc(b->count, sizeof *inputs);
    dj_batch_files *outputs = calloc(b->count, sizeof *outputs);
    dj_batch_file source = {NULL, ""};
    int exit_code = EXIT_OK;
    if (!ok || !inputs || !outputs) {
        cli_error(c, "out of memory");
        exit_code = EXIT_IO;
        goto done;
    }
    for (size_t i = 0; i < b->count; i++) {
        dj_batch_files_init(&inputs[i]);
        dj_batch_files_init(&outputs[i]);
        if (r.codes[i] != 0) {
            if (!exit_code)
                exit_code = r.codes[i];
            continue;
        }
        if ((rc = dj_batch_hash_inputs(&inputs[i], &b->analyses[i], base, &err)) ||
            (rc = dj_batch_hash_tree(&outputs[i], root, b->analyses[i].output, &err))) {
            cli_print_error(c, &err);
            if (!exit_code)
                exit_code = EXIT_IO;
            continue;
        }
        ok[i] = 1;
    }
    source.path = (char *)c->o.arg;
    char gnuplot[128] = "";
    for (size_t i = 0; i < b->count; i++)
        if (ok[i] && b->analyses[i].charts && b->analyses[i].formats) {
            dj_error e2;
            dj_gnuplot_version(gnuplot, sizeof gnuplot, &e2);
            break;
        }
    if ((rc = dj_sha256_file(source.sha256, c->o.arg, &err)) ||
        (rc = dj_batch_manifest_write(root, b, base, &source, gnuplot, ok, inputs, outputs, &err))) {
        cli_print_error(c, &err);
        exit_code = EXIT_IO;
        goto done;
    }
    for (size_t i = 0; i < b->count; i++)
        if (ok[i])
            printf("%s/%s\n", root, b->analyses[i].output);
    printf("%s/%s\n", root, DJ_BATCH_MANIFEST_NAME);
    fflush(stdout);
done:
    for (size_t i = 0; inputs && outputs && i < b->count; i++) {
        dj_batch_files_dispose(&inputs[i]);
        dj_batch_files_dispose(&outputs[i]);
    }
    free(ok);
    free(inputs);
    free(outputs);
    teardown(&r);
    dj_batch_free(b);
    return exit_code;
}

/* ---- verify ---- */

/* verify's temporary folder is a whole tree, which a signal handler
   cannot remove (opendir is not async-signal-safe): the handler only
   records the signal; run_all then stops the analyses, cmd_verify removes
   the folder and dies of that signal. In an analysis (a child), the
   handler does what main's does: its temporaries go, it dies. */
static volatile sig_atomic_t verify_signal;
static pid_t verify_pid;

static void on_verify_signal(int sig)
{
    if (getpid() != verify_pid) {
        dj_out_cleanup_on_signal();
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    verify_signal = sig;
}

static const int verify_sigs[] = {SIGINT, SIGTERM, SIGHUP};
#define NVERIFY_SIGS (sizeof verify_sigs / sizeof *verify_sigs)

static void catch_verify_signals(struct sigaction old[NVERIFY_SIGS])
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_verify_signal; /* no SA_RESTART: waits end early */
    sigemptyset(&sa.sa_mask);
    verify_pid = getpid();
    verify_signal = 0;
    for (size_t i = 0; i < NVERIFY_SIGS; i++) {
        sigaction(verify_sigs[i], NULL, &old[i]);
        /* a signal ignored by whoever started us stays ignored */
        if (old[i].sa_handler != SIG_IGN)
            sigaction(verify_sigs[i], &sa, NULL);
    }
}

/* Puts back the handlers; dies of a signal that came meanwhile. */
static void release_verify_signals(const struct sigaction old[NVERIFY_SIGS])
{
    for (size_t i = 0; i < NVERIFY_SIGS; i++)
        sigaction(verify_sigs[i], &old[i], NULL);
    if (verify_signal) {
        fflush(stdout);
        signal(verify_signal, SIG_DFL);
        raise(verify_signal);
    }
}

/* The recorded input's bytes now: 1 with its hash, 0 when it is gone,
   -1 when it cannot be read (a FIFO, a device: err says why). The path
   is relative to the manifest's folder (the parser refuses absolute
   ones). */
static int hash_input(char hex[DJ_SHA256_HEX], const char *dir, const char *path, dj_error *err)
{
    size_t pre = strlen(DJ_BATCH_BUILTIN);
    if (strncmp(path, DJ_BATCH_BUILTIN, pre) == 0) {
        size_t n, dn = strlen(dj_default_name());
        const dj_memfile *f = dj_default_files(&n);
        const char *name = path + pre;
        if (strncmp(name, dj_default_name(), dn) != 0 || name[dn] != '/')
            return 0;
        for (size_t i = 0; i < n; i++)
            if (strcmp(f[i].name, name + dn + 1) == 0) {
                dj_sha256_hex(hex, f[i].data, f[i].size);
                return 1;
            }
        return 0;
    }
    char full[8192];
    snprintf(full, sizeof full, "%s/%s", dir, path);
    int rc = dj_sha256_file(hex, full, err);
    return rc == 0 ? 1 : rc == DJ_ENOTFOUND ? 0 : -1;
}

/* Checks a recorded input once, however many analyses read it: returns
   1 when it differs. `seen` holds the paths checked so far; *failed is
   set (and the reason printed) when one cannot be read at all. */
static size_t check_input(cli_ctx *c, const char *dir, const dj_batch_record *rec, const char *what,
                          const char **seen, size_t *nseen, int *failed)
{
    char hex[DJ_SHA256_HEX];
    dj_error err;
    for (size_t i = 0; i < *nseen; i++)
        if (strcmp(seen[i], rec->path) == 0)
            return 0;
    seen[(*nseen)++] = rec->path;
    int got = hash_input(hex, dir, rec->path, &err);
    if (got < 0) {
        cli_print_error(c, &err);
        *failed = 1;
        return 0;
    }
    if (!got) {
        printf("%s missing: %s\n", what, rec->path);
        return 1;
    }
    if (strcmp(hex, rec->sha256) != 0) {
        printf("%s changed: %s\n", what, rec->path);
        return 1;
    }
    return 0;
}

int cmd_verify(cli_ctx *c, int argc, char **argv)
{
    dj_error err;
    dj_batch *b = NULL;
    runner r;
    int rc;
    (void)argc, (void)argv;
    const char *dir = c->o.arg;
    char manifest[4096];
    snprintf(manifest, sizeof manifest, "%s/%s", dir, DJ_BATCH_MANIFEST_NAME);
    if ((rc = dj_batch_read(&b, manifest, DJ_BATCH_MANIFEST, &err))) {
        cli_print_error(c, &err);
        return err.code == DJ_ENOTFOUND ? EXIT_IO : code_of(&err);
    }
    if (strcmp(b->version, DEJURE_VERSION) != 0 && !c->o.quiet)
        cli_error(c, "note: %s was written by dejure %s, this is dejure %s", manifest, b->version,
                  DEJURE_VERSION);
    if (b->gnuplot && !c->o.quiet) {
        /* charts are the same bytes only from the same gnuplot */
        char now[128];
        dj_error e2;
        if (dj_gnuplot_version(now, sizeof now, &e2) != 0)
            cli_error(c, "note: the charts were drawn by %s; gnuplot is not installed here", b->gnuplot);
        else if (strcmp(now, b->gnuplot) != 0)
            cli_error(c, "note: the charts were drawn by %s, this is %s: their bytes may differ",
                      b->gnuplot, now);
    }

    size_t differ = 0, checked = 0, nseen = 0, total = 1;
    for (size_t i = 0; i < b->count; i++)
        total += b->analyses[i].ninputs;
    const char **seen_inputs = calloc(total, sizeof *seen_inputs);
    if (!seen_inputs) {
        cli_error(c, "out of memory");
        dj_batch_free(b);
        return EXIT_IO;
    }
    int unreadable = 0;
    if (b->source.path)
        differ += check_input(c, dir, &b->source, "input", seen_inputs, &nseen, &unreadable);
    for (size_t i = 0; i < b->count; i++)
        for (size_t k = 0; k < b->analyses[i].ninputs; k++)
            differ += check_input(c, dir, &b->analyses[i].inputs[k], "input", seen_inputs, &nseen,
                                  &unreadable);
    checked += nseen;
    free(seen_inputs);
    if (unreadable) {
        /* an input that is not a regular file is not one that can be
           compared, nor one to rerun an analysis on */
        dj_batch_free(b);
        return EXIT_IO;
    }

    const char *tmpdir = getenv("TMPDIR");
    char tmp[4096];
    struct sigaction old_sigs[NVERIFY_SIGS];
    snprintf(tmp, sizeof tmp, "%s/dejure-verify-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    /* from before the folder exists to after it is removed */
    catch_verify_signals(old_sigs);
    if (!mkdtemp(tmp)) {
        cli_error(c, "cannot create a temporary folder in %s: %s", tmpdir && *tmpdir ? tmpdir : "/tmp",
                  strerror(errno));
        dj_batch_free(b);
        release_verify_signals(old_sigs);
        return EXIT_IO;
    }
    if ((rc = setup(&r, c, b))) {
        rmdir(tmp);
        dj_batch_free(b);
        release_verify_signals(old_sigs);
        return rc;
    }
    r.base = dir;
    r.root = tmp;
    r.stop = &verify_signal;
    run_all(&r);
    if (verify_signal) {
        dj_remove_tree(tmp, &err);
        teardown(&r);
        dj_batch_free(b);
        release_verify_signals(old_sigs); /* dies of it */
        return EXIT_IO;
    }

    int exit_code = EXIT_OK;
    for (size_t i = 0; i < b->count; i++) {
        const dj_batch_analysis *a = &b->analyses[i];
        dj_batch_files got;
        dj_batch_files_init(&got);
        if (r.codes[i] != 0) {
            for (size_t k = 0; k < a->nfiles; k++)
                printf("not reproduced: %s\n", a->files[k].path);
            differ += a->nfiles;
            checked += a->nfiles;
            continue;
        }
        if ((rc = dj_batch_hash_tree(&got, tmp, a->output, &err))) {
            cli_print_error(c, &err);
            exit_code = EXIT_IO;
            dj_batch_files_dispose(&got);
            continue;
        }
        char *seen = calloc(got.n ? got.n : 1, 1);
        if (!seen) {
            cli_error(c, "out of memory");
            exit_code = EXIT_IO;
            dj_batch_files_dispose(&got);
            continue;
        }
        for (size_t k = 0; k < a->nfiles; k++) {
            const dj_batch_record *rec = &a->files[k];
            size_t g;
            checked++;
            for (g = 0; g < got.n; g++)
                if (!seen[g] && strcmp(got.v[g].path, rec->path) == 0)
                    break;
            if (g == got.n) {
                printf("not reproduced: %s\n", rec->path);
                differ++;
            } else {
                seen[g] = 1;
                if (strcmp(got.v[g].sha256, rec->sha256) != 0) {
                    printf("differs: %s\n", rec->path);
                    differ++;
                }
            }
            /* and the copy kept in DIR */
            char stored[8192], hex[DJ_SHA256_HEX];
            snprintf(stored, sizeof stored, "%s/%s", dir, rec->path);
            int src = dj_sha256_file(hex, stored, &err);
            if (src != 0 && src != DJ_ENOTFOUND) {
                /* a FIFO or device in its place: refused, never read */
                cli_print_error(c, &err);
                exit_code = EXIT_IO;
            } else if (src != 0) {
                printf("stored copy missing: %s\n", rec->path);
                differ++;
            } else if (strcmp(hex, rec->sha256) != 0) {
                printf("stored copy differs: %s\n", rec->path);
                differ++;
            }
        }
        for (size_t g = 0; g < got.n; g++)
            if (!seen[g]) {
                printf("not in the manifest: %s\n", got.v[g].path);
                differ++;
            }
        free(seen);
        dj_batch_files_dispose(&got);
    }
    if (dj_remove_tree(tmp, &err) != 0)
        cli_print_error(c, &err);
    release_verify_signals(old_sigs);
    if (differ)
        printf("%zu of %zu recorded files differ\n", differ, checked);
    else
        printf("all %zu recorded files are identical\n", checked);
    fflush(stdout);
    teardown(&r);
    dj_batch_free(b);
    if (exit_code)
        return exit_code;
    return differ ? EXIT_DIFFERS : EXIT_OK;
}
