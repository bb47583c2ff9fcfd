/*
 * test_labels.c - the annotation label layout of time charts: no two
 * label boxes overlap, boxes stay on the chart, and labels only stack
 * when they must.
 */
#include <math.h>

#include "check.h"

/* Every pair of boxes in one row keeps `gap` apart; every box that fits
   the plot stays inside it; each box touches its anchor. */
static int lines_checked = 1;

static void assert_laid_out(const dj_label_box *l, size_t n, double width, double gap)
{
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT(l[i].row >= 0);
        CU_ASSERT_DOUBLE_EQUAL(l[i].x1 - l[i].x0, l[i].width, 1e-9);
        if (l[i].width <= width) {
            CU_ASSERT(l[i].x0 >= -1e-9);
            CU_ASSERT(l[i].x1 <= width + 1e-9);
        }
        if (l[i].width <= width) /* the box spans its anchor */
            CU_ASSERT(l[i].x0 <= l[i].x + 1e-9 && l[i].x <= l[i].x1 + 1e-9);
        for (size_t j = 0; j < n; j++)
            if (lines_checked && j != i && l[j].row < l[i].row && l[j].x > l[i].x0 && l[j].x < l[i].x1) {
                fprintf(stderr, "the line of label %zu crosses label %zu\n", j, i);
                CU_FAIL("an anchor line crosses a label");
            }
        for (size_t j = 0; j < i; j++)
            if (l[i].row == l[j].row) {
                int apart = l[i].x1 + gap <= l[j].x0 + 1e-9 || l[j].x1 + gap <= l[i].x0 + 1e-9;
                if (!apart)
                    fprintf(stderr, "labels %zu and %zu overlap in row %d\n", j, i, l[i].row);
                CU_ASSERT(apart);
            }
    }
}


static void far_apart_labels_share_the_top_row(void)
{
    dj_label_box l[3] = {{.x = 0, .width = 200}, {.x = 500, .width = 200}, {.x = 1000, .width = 200}};
    int rows = dj_label_layout(l, 3, 1400, 10);
    CU_ASSERT_EQUAL(rows, 1);
    assert_laid_out(l, 3, 1400, 10);
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL(l[i].row, 0);
        CU_ASSERT_EQUAL(l[i].right, 0);
    }
}

static void close_labels_alternate_sides_then_rows(void)
{
    dj_label_box l[3] = {{.x = 700, .width = 300}, {.x = 690, .width = 300}, {.x = 700, .width = 300}};
    int rows = dj_label_layout(l, 3, 1400, 10);
    assert_laid_out(l, 3, 1400, 10);
    /* the second fits left of its anchor in the top row, the third not */
    CU_ASSERT_EQUAL(rows, 2);
    CU_ASSERT_EQUAL(l[0].row, 0);
    CU_ASSERT_EQUAL(l[0].right, 0);
    CU_ASSERT_EQUAL(l[1].row, 0);
    CU_ASSERT_EQUAL(l[1].right, 1);
    CU_ASSERT_EQUAL(l[2].row, 1);
}

static void same_day_labels_never_share_a_row(void)
{
    dj_label_box l[3] = {{.x = 700, .width = 300}, {.x = 700, .width = 300}, {.x = 700, .width = 300}};
    int rows = dj_label_layout(l, 3, 1400, 10);
    assert_laid_out(l, 3, 1400, 10);
    CU_ASSERT_EQUAL(rows, 3);
}

static void a_label_near_the_right_edge_ends_at_its_anchor(void)
{
    dj_label_box l[1] = {{.x = 1350, .width = 300}};
    dj_label_layout(l, 1, 1400, 10);
    assert_laid_out(l, 1, 1400, 10);
    CU_ASSERT_EQUAL(l[0].right, 1);
    CU_ASSERT_DOUBLE_EQUAL(l[0].x1, 1350, 1e-9);
}

static void a_label_blocked_on_both_sides_goes_against_the_edge(void)
{
    /* too wide for the right; its left side holds another anchor */
    dj_label_box l[2] = {{.x = 1050, .width = 100}, {.x = 1300, .width = 300}};
    dj_label_layout(l, 2, 1400, 10);
    assert_laid_out(l, 2, 1400, 10);
    CU_ASSERT_DOUBLE_EQUAL(l[1].x1, 1400, 1e-9);
}

static void a_label_wider_than_either_side_stays_on_the_chart(void)
{
    dj_label_box l[1] = {{.x = 300, .width = 1000}};
    dj_label_layout(l, 1, 1100, 10);
    CU_ASSERT(l[0].x0 >= 0);
    CU_ASSERT(l[0].x1 <= 1100);
}

static void the_kosovo_milestones_need_few_rows(void)
{
    /* declaration, ICJ, Brussels, the 100th, Washington on a 1470 px
       wide plot of 2008-02-17 .. 2026-11-26 */
    dj_label_box l[5] = {{.x = 0, .width = 250}, {.x = 190, .width = 180}, {.x = 407, .width = 170},
                         {.x = 414, .width = 330}, {.x = 985, .width = 200}};
    int rows = dj_label_layout(l, 5, 1470, 10);
    assert_laid_out(l, 5, 1470, 10);
    CU_ASSERT(rows <= 2);
}

static void anchor_lines_do_not_cross_labels_below(void)
{
    /* the Kosovo annotations of 2008-2026 on a 1470 px plot: the 2023
       label once sat across the line of the 2020 one */
    dj_label_box l[8] = {{.x = 0, .width = 245},    {.x = 50, .width = 461},   {.x = 190, .width = 185},
                         {.x = 405, .width = 168},  {.x = 412, .width = 340},  {.x = 759, .width = 409},
                         {.x = 982, .width = 185},  {.x = 1177, .width = 418}};
    int rows = dj_label_layout(l, 8, 1470, 10);
    assert_laid_out(l, 8, 1470, 10);
    CU_ASSERT(rows <= 4);
}

static void random_crowds_never_overlap(void)
{
    lines_checked = 0; /* random boxes may have to span an anchor */
    unsigned seed = 12345;
    for (int round = 0; round < 300; round++) {
        dj_label_box l[40];
        size_t n = 1 + (size_t)(round % 40);
        double width = 400 + round * 7;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            l[i].x = (seed >> 8) % (unsigned)width;
            seed = seed * 1103515245u + 12345u;
            l[i].width = 20 + (seed >> 8) % 400;
        }
        int rows = dj_label_layout(l, n, width, 8);
        CU_ASSERT(rows >= 1 && rows <= (int)n);
        assert_laid_out(l, n, width, 8);
    }
    lines_checked = 1;
}

static void no_labels_use_no_rows(void)
{
    CU_ASSERT_EQUAL(dj_label_layout(NULL, 0, 1000, 10), 0);
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(far_apart_labels_share_the_top_row),
        DJ_TEST(close_labels_alternate_sides_then_rows),
        DJ_TEST(same_day_labels_never_share_a_row),
        DJ_TEST(a_label_near_the_right_edge_ends_at_its_anchor),
        DJ_TEST(a_label_wider_than_either_side_stays_on_the_chart),
        DJ_TEST(a_label_blocked_on_both_sides_goes_against_the_edge),
        DJ_TEST(the_kosovo_milestones_need_few_rows),
        DJ_TEST(anchor_lines_do_not_cross_labels_below),
        DJ_TEST(random_crowds_never_overlap),
        DJ_TEST(no_labels_use_no_rows),
        {NULL, NULL}};
    return dj_run_tests("labels", tests);
}
