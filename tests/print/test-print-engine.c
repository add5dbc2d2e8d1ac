/* test-print-engine.c: the layout engine with a sheet kind of its own —
 * tables that flow onto following pages with their header repeated and
 * "page 2 of 3", names that shrink or wrap and never overlap, the same
 * pages on any cairo target.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "linli-core.h"
#include "linli-print-document.h"
#include "print-test-util.h"

static LinliDb *db;
static guint n_rows = 150;

/* A sheet kind as another view would write one. */
static gboolean
build_long_list (LinliSheetContext  *ctx,
                 GError            **error)
{
  LinliPrintSheet *sheet = linli_sheet_context_add_sheet (ctx, "long list");
  LinliSheetTable *table;

  linli_sheet_add_title (sheet, "志愿服务时长统计");
  linli_sheet_add_subtitle (sheet, "周三有约 · 2026年");
  table = linli_sheet_add_table (sheet, LINLI_TABLE_DEFAULT);
  linli_sheet_table_add_column (table, "序号", 0.6, LINLI_COLUMN_CENTER);
  linli_sheet_table_add_column (table, "志愿者姓名", 1.2, LINLI_COLUMN_FIT);
  linli_sheet_table_add_column (table, "服务项目", 2.0, LINLI_COLUMN_DEFAULT);
  linli_sheet_table_add_column (table, "联系电话", 1.6, LINLI_COLUMN_FIT | LINLI_COLUMN_CENTER);

  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *n = g_strdup_printf ("%u", i + 1);
      g_autofree char *phone = linli_sheet_context_format_phone (ctx, "13912345678", i % 2 == 0);
      const char *name = i % 10 == 3 ? "欧阳娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜" :
                         i % 10 == 7 ? "Wolfgang Amadeus Mozart-Schmidt-Kowalski" : "李华";
      const char *item = i % 5 == 0 ? "义务理发、小家电维修、磨刀、量血压、法律咨询、心理疏导、代写书信、手机使用教学" :
                         "义务理发";

      linli_sheet_table_add_row (table, n, name, item, phone);
    }
  linli_sheet_add_signature (sheet);
  return TRUE;
}

static const LinliSheetKind long_list = {
  .name = "long-list",
  .label = "Long list",
  .description = "a table over several pages",
  .scopes = LINLI_SCOPE_MASK (LINLI_SCOPE_ALL),
  .internal = FALSE,
  .build = build_long_list,
};

/* A title alone, to see what a viewer draws of its characters. */
static const char *ink_title;

static gboolean
build_title (LinliSheetContext  *ctx,
             GError            **error)
{
  LinliPrintSheet *sheet = linli_sheet_context_add_sheet (ctx, "title");

  linli_sheet_add_paragraph (sheet, LINLI_TEXT_BODY, LINLI_ALIGN_LEFT, ink_title);
  return TRUE;
}

static const LinliSheetKind title_only = {
  .name = "title-only",
  .label = "Title",
  .description = "one title",
  .scopes = LINLI_SCOPE_MASK (LINLI_SCOPE_ALL),
  .internal = FALSE,
  .build = build_title,
};

/* Dark pixels of the PDF's first page as poppler draws it. */
static guint
ink (const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("title-only", LINLI_SCOPE_ALL, NULL);
  g_autoptr(LinliPrintDocument) doc = NULL;
  g_autofree char *pdf = print_test_tmp_path ("ink.pdf");
  g_autofree char *stem = print_test_tmp_path ("ink");
  g_autofree char *pgm = g_strconcat (stem, "-1.pgm", NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  guint dark = 0;
  int w, h, max, offset = 0;

  ink_title = title;
  req->date = g_strdup (FIXTURE_DATE);
  doc = linli_print_document_new_for_kind (db, &title_only, req, &error);
  g_assert_no_error (error);
  g_assert_true (linli_print_document_write_pdf (doc, pdf, NULL, NULL, NULL, &error));
  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) "pdftoppm", (char *) "-gray", (char *) "-r", (char *) "72",
                                                 (char *) "-f", (char *) "1", (char *) "-l", (char *) "1",
                                                 pdf, stem, NULL },
                               NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pgm, &data, &len, &error));
  g_assert_cmpint (sscanf (data, "P5 %d %d %d%n", &w, &h, &max, &offset), ==, 3);
  for (gsize i = (gsize) offset + 1; i < len; i++)
    if ((guchar) data[i] < 128)
      dark++;
  return dark;
}

/* cairo 1.16 embeds some glyphs of the CFF-based Noto CJK faces so that
 * poppler draws nothing for them (如 among them: 王如意 came out as 王 意).
 * Every character of a name must leave ink. */
static void
test_every_character_inked (void)
{
  guint with, without;

  if (!print_test_have_poppler ())
    {
      g_test_skip ("poppler-utils is not installed");
      return;
    }

  with = ink ("王如意");
  without = ink ("王意");
  g_test_message ("ink: 王如意 %u, 王意 %u", with, without);
  g_assert_cmpuint (with, >, without + without / 4);
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *s = haystack; (s = strstr (s, needle)) != NULL; s += strlen (needle))
    n++;
  return n;
}

static void
test_table_flows (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("long-list", LINLI_SCOPE_ALL, NULL);
  g_autoptr(LinliPrintDocument) doc = NULL;
  g_autofree char *pdf = print_test_tmp_path ("long-list.pdf");
  g_autofree char *text = NULL;
  g_autofree char *last = NULL;
  guint pages;

  req->date = g_strdup (FIXTURE_DATE);
  doc = linli_print_document_new_for_kind (db, &long_list, req, &error);
  g_assert_no_error (error);
  g_assert_true (linli_print_document_write_pdf (doc, pdf, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  pages = print_test_pdf_pages (pdf);
  g_assert_cmpuint (pages, >=, 3);
  g_assert_cmpuint (pages, ==, linli_print_document_get_n_pages (doc));
  text = print_test_pdftotext (pdf, FALSE);

  /* The header on every page, the title once, every row once. */
  g_assert_cmpuint (count (text, "志愿者姓名"), ==, pages);
  g_assert_cmpuint (count (text, "志愿服务时长统计"), ==, 1);
  last = g_strdup_printf ("\n%u\n", n_rows);
  print_test_assert_contains (text, last);
  for (guint p = 1; p <= pages; p++)
    {
      g_autofree char *label = g_strdup_printf ("第%u页/共%u页", p, pages);  /* pdftotext drops the spaces between CJK */

      print_test_assert_contains (text, label);
    }
  /* Masked and whole phones side by side. */
  print_test_assert_contains (text, "13912345678");
  print_test_assert_contains (text, "139****5678");

  print_test_assert_fonts_embedded (pdf);
  print_test_assert_within_margins (pdf, 12.0);
  print_test_assert_no_overlap (pdf);
  g_free (print_test_render_png (pdf, 2, "flow-page-2"));
}

/* Large print and A3 change where pages break, never what is printed. */
static void
test_sizes_keep_content (void)
{
  g_autoptr(GError) error = NULL;
  guint previous_pages = 0;

  for (guint large = 0; large <= 1; large++)
    {
      g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("long-list", LINLI_SCOPE_ALL, NULL);
      g_autoptr(LinliPrintDocument) doc = NULL;
      g_autofree char *pdf = g_strdup_printf ("%s-%u.pdf", "sizes", large);
      g_autofree char *path = print_test_tmp_path (pdf);
      g_autofree char *text = NULL;
      g_autofree char *last = g_strdup_printf ("\n%u\n", n_rows);

      req->large_print = large;
      doc = linli_print_document_new_for_kind (db, &long_list, req, &error);
      g_assert_no_error (error);
      g_assert_true (linli_print_document_write_pdf (doc, path, NULL, NULL, NULL, &error));
      text = print_test_pdftotext (path, FALSE);
      print_test_assert_contains (text, last);
      print_test_assert_within_margins (path, 12.0);
      print_test_assert_no_overlap (path);
      g_assert_cmpuint (print_test_pdf_pages (path), >, previous_pages);
      previous_pages = print_test_pdf_pages (path);
    }
}

static void
record_progress (guint    done,
                 guint    total,
                 gpointer data)
{
  GArray *calls = data;

  g_assert_cmpuint (done, <=, total);
  g_array_append_val (calls, done);
}

/* Pagination in steps gives the same pages as in one go, and a page drawn
 * twice, or on another target, is drawn the same. */
static void
test_same_on_any_target (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliSheetRequest) req = linli_sheet_request_new ("squad", LINLI_SCOPE_ALL, NULL);
  g_autoptr(LinliPrintDocument) doc = NULL;
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *pdf = print_test_tmp_path ("steps.pdf");
  cairo_surface_t *a, *b;
  cairo_t *cr;
  guint one_go, steps = 0;

  req->date = g_strdup (FIXTURE_DATE);
  doc = linli_print_document_new (db, req, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (linli_print_document_get_n_sheets (doc), ==, 4);

  linli_print_document_paginate (doc, 595.28, 841.89);
  one_go = linli_print_document_get_n_pages (doc);
  linli_print_document_begin_pagination (doc, 595.28, 841.89);
  while (!linli_print_document_paginate_step (doc, 1))
    steps++;
  g_assert_cmpuint (steps, ==, 3);
  g_assert_cmpuint (linli_print_document_get_n_pages (doc), ==, one_go);
  g_assert_cmpuint (linli_print_document_get_page_sheet (doc, one_go - 1), ==, 3);

  /* A preview draws on an image surface scaled to pixels. */
  a = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 298, 421);
  b = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 298, 421);
  for (guint i = 0; i < 2; i++)
    {
      cr = cairo_create (i == 0 ? a : b);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, 0.5, 0.5);
      /* Draw another page in between: layouts are made anew. */
      if (i == 1)
        linli_print_document_render_page (doc, cr, 2);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      linli_print_document_render_page (doc, cr, 0);
      cairo_destroy (cr);
    }
  cairo_surface_flush (a);
  cairo_surface_flush (b);
  g_assert_cmpint (memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                           cairo_image_surface_get_stride (a) * 421), ==, 0);
  {
    /* Something was drawn. */
    const guint32 *px = (const guint32 *) cairo_image_surface_get_data (a);
    guint dark = 0;

    for (guint i = 0; i < 298 * 421; i++)
      if ((px[i] & 0xff) < 0x80)
        dark++;
    g_assert_cmpuint (dark, >, 1000);
  }
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);

  g_assert_true (linli_print_document_write_pdf (doc, pdf, NULL, record_progress, calls, &error));
  g_assert_cmpuint (calls->len, ==, 4);
  g_assert_cmpuint (g_array_index (calls, guint, 3), ==, 4);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("LANGUAGE", "", TRUE);
  setlocale (LC_ALL, "zh_CN.UTF-8");
  linli_core_init ();
  g_test_init (&argc, &argv, NULL);

  if (!print_test_have_poppler ())
    {
      g_test_skip ("poppler-utils (pdftotext, pdffonts, pdfinfo) are needed");
      return g_test_run ();
    }

  db = linli_db_open_memory (&error);
  g_assert_no_error (error);
  print_fixture_fill (db);

  g_test_add_func ("/print/engine/table-flows", test_table_flows);
  g_test_add_func ("/print/engine/every-character-inked", test_every_character_inked);
  g_test_add_func ("/print/engine/sizes-keep-content", test_sizes_keep_content);
  g_test_add_func ("/print/engine/same-on-any-target", test_same_on_any_target);

  ret = g_test_run ();
  g_clear_object (&db);
  return ret;
}
