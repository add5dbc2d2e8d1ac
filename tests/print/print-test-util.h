/* print-test-util.h: a small community to print, and poppler to read PDFs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "linli-db.h"

G_BEGIN_DECLS

/* The fixture's date: ages and "as of" are computed on it. */
#define FIXTURE_DATE "2026-11-23"

void        print_fixture_fill        (LinliDb     *db);
char       *print_test_tmp_path       (const char  *name);
char       *print_test_fixture_db     (void);

gboolean    print_test_have_poppler   (void);
char       *print_test_pdftotext      (const char  *pdf,
                                       gboolean     layout);
guint       print_test_pdf_pages      (const char  *pdf);
void        print_test_pdf_page_size  (const char  *pdf,
                                       double      *width,
                                       double      *height);
void        print_test_assert_fonts_embedded (const char *pdf);
void        print_test_assert_within_margins (const char *pdf,
                                              double      margin_mm);
void        print_test_assert_no_overlap     (const char *pdf);
void        print_test_assert_same_words     (const char *a,
                                              const char *b,
                                              double      tolerance);
char       *print_test_render_png     (const char  *pdf,
                                       guint        page,
                                       const char  *name);
void        print_test_assert_contains (const char *text,
                                        const char *needle);
void        print_test_assert_lacks    (const char *text,
                                        const char *needle);
int         print_test_run_cli        (const char *const *args,
                                       char       **out,
                                       char       **err);
gboolean    print_test_seed_demo      (char       **db_path);

G_END_DECLS
