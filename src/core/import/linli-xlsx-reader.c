/* linli-xlsx-reader.c: the first visible sheet of an .xlsx workbook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An .xlsx is a zip of XML parts (ECMA-376). libarchive opens the zip and
 * libxml2's streaming reader parses the parts we need: the workbook (which
 * sheet is the first visible one), its relationships (where that sheet
 * lives), the shared strings, the styles (which cells are dates) and the
 * sheet itself. The file comes from anywhere, so every size is capped: the
 * bytes a part inflates to, in total and as a ratio of the file (a zip
 * bomb), a cell's length, the rows and columns; and a DTD is refused.
 */

#define G_LOG_DOMAIN "linli-import"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linli-sheet-private.h"

/* A ledger of 15,000 residents inflates to about 6 MB of XML. */
#define MAX_INFLATED       (400 * 1024 * 1024)
#define MAX_RATIO          200
#define RATIO_FLOOR        (16 * 1024 * 1024)
#define MAX_MERGED_CELLS   (4 * 1024 * 1024)

#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

typedef struct
{
  GHashTable *parts;    /* lower-case name -> GBytes */
  gsize       inflated;
} Package;

static void
package_clear (Package *pkg)
{
  g_clear_pointer (&pkg->parts, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Package, package_clear)

static gboolean
wanted_part (const char *lower)
{
  return g_str_equal (lower, "xl/workbook.xml") ||
         g_str_equal (lower, "xl/_rels/workbook.xml.rels") ||
         g_str_equal (lower, "xl/sharedstrings.xml") ||
         g_str_equal (lower, "xl/styles.xml") ||
         (g_str_has_prefix (lower, "xl/worksheets/") && g_str_has_suffix (lower, ".xml") &&
          strchr (lower + strlen ("xl/worksheets/"), '/') == NULL);
}

static void
set_corrupt (GError     **error,
             const char  *detail)
{
  g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_CORRUPT,
               _("The workbook is damaged or cut short (%s). Open it in Excel or WPS, save it "
                 "again and import the saved file."), detail);
}

static gboolean
read_package (Package       *pkg,
              const guint8  *data,
              gsize          length,
              GError       **error)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  gsize limit = MIN ((gsize) MAX_INFLATED, MAX ((gsize) RATIO_FLOOR, length * MAX_RATIO));
  gboolean ok = FALSE;
  guint8 buf[16384];
  int rc;

  pkg->parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);

  archive_read_support_format_zip (a);
  if (archive_read_open_memory (a, data, length) != ARCHIVE_OK)
    {
      set_corrupt (error, archive_error_string (a) ? archive_error_string (a) : "zip");
      goto out;
    }

  while ((rc = archive_read_next_header (a, &entry)) == ARCHIVE_OK || rc == ARCHIVE_WARN)
    {
      const char *name = archive_entry_pathname (entry);
      g_autofree char *lower = NULL;
      g_autoptr(GByteArray) bytes = NULL;
      la_ssize_t n;

      if (name == NULL)
        continue;
      lower = g_ascii_strdown (name, -1);
      if (!wanted_part (lower))
        continue;

      if (archive_entry_is_encrypted (entry))
        {
          g_set_error_literal (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_CORRUPT,
                               _("The workbook is protected with a password. Remove the password "
                                 "in Excel or WPS, save it and import it again."));
          goto out;
        }

      bytes = g_byte_array_new ();
      while ((n = archive_read_data (a, buf, sizeof buf)) > 0)
        {
          pkg->inflated += (gsize) n;
          if (pkg->inflated > limit)
            {
              g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_TOO_LARGE,
                           _("The workbook inflates to more than %u MB from a file of "
                             "%u KB (at “%s”): this is not an ordinary ledger but a "
                             "“zip bomb”, and it was not opened further."),
                           (guint) (limit / (1024 * 1024)), (guint) ((length + 1023) / 1024), name);
              goto out;
            }
          g_byte_array_append (bytes, buf, (guint) n);
        }
      if (n < 0)
        {
          g_autofree char *what = g_strdup_printf ("%s: %s", name,
                                                   archive_error_string (a) ? archive_error_string (a) : "zip");
          set_corrupt (error, what);
          goto out;
        }
      g_hash_table_replace (pkg->parts, g_steal_pointer (&lower),
                            g_byte_array_free_to_bytes (g_steal_pointer (&bytes)));
    }

  if (rc != ARCHIVE_EOF)
    {
      set_corrupt (error, archive_error_string (a) ? archive_error_string (a) : "zip");
      goto out;
    }

  if (!g_hash_table_contains (pkg->parts, "xl/workbook.xml"))
    {
      g_set_error_literal (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_NOT_SPREADSHEET,
                           _("This is a zip file but not an Excel workbook (.xlsx): it has no "
                             "sheets. Choose the ledger saved from Excel or WPS."));
      goto out;
    }

  ok = TRUE;

out:
  archive_read_free (a);
  return ok;
}

/* XML ------------------------------------------------------------------ */

static xmlTextReaderPtr
open_xml (GBytes *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size > G_MAXINT)
    return NULL;
  return xmlReaderForMemory (data ? data : "", (int) size, NULL, NULL,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
}

/* Steps the reader; refuses DTDs, which no workbook has and which could
 * hide an entity expansion. Returns 1 on a node, 0 at the end, -1 on an
 * error (then @error is set). */
static int
xml_next (xmlTextReaderPtr   reader,
          const char        *part,
          GError           **error)
{
  int rc = xmlTextReaderRead (reader);

  if (rc == 1 && xmlTextReaderNodeType (reader) == XML_READER_TYPE_DOCUMENT_TYPE)
    {
      g_autofree char *what = g_strdup_printf ("%s: DTD", part);

      set_corrupt (error, what);
      return -1;
    }
  if (rc < 0)
    {
      g_autofree char *what = g_strdup_printf ("%s, line %d", part, xmlTextReaderGetParserLineNumber (reader));

      set_corrupt (error, what);
    }
  return rc;
}

static gboolean
is_element (xmlTextReaderPtr  reader,
            const char       *local)
{
  return xmlTextReaderNodeType (reader) == XML_READER_TYPE_ELEMENT &&
         g_strcmp0 ((const char *) xmlTextReaderConstLocalName (reader), local) == 0;
}

static gboolean
is_end (xmlTextReaderPtr  reader,
        const char       *local)
{
  return xmlTextReaderNodeType (reader) == XML_READER_TYPE_END_ELEMENT &&
         g_strcmp0 ((const char *) xmlTextReaderConstLocalName (reader), local) == 0;
}

static char *
attr (xmlTextReaderPtr  reader,
      const char       *name)
{
  xmlChar *v = xmlTextReaderGetAttribute (reader, (const xmlChar *) name);
  char *s = v ? g_strdup ((const char *) v) : NULL;

  xmlFree (v);
  return s;
}

static char *
attr_ns (xmlTextReaderPtr  reader,
         const char       *local,
         const char       *ns)
{
  xmlChar *v = xmlTextReaderGetAttributeNs (reader, (const xmlChar *) local, (const xmlChar *) ns);
  char *s = v ? g_strdup ((const char *) v) : NULL;

  xmlFree (v);
  return s;
}

/* Appends the text of the current element (a <t>, a <v>) to @out and
 * leaves the reader on its end. */
static int
read_text (xmlTextReaderPtr   reader,
           const char        *part,
           GString           *out,
           GError           **error)
{
  int depth = xmlTextReaderDepth (reader);
  int rc;

  if (xmlTextReaderIsEmptyElement (reader))
    return 1;

  while ((rc = xml_next (reader, part, error)) == 1)
    {
      int type = xmlTextReaderNodeType (reader);

      if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth (reader) == depth)
        return 1;
      if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
          type == XML_READER_TYPE_CDATA || type == XML_READER_TYPE_WHITESPACE)
        {
          const char *v = (const char *) xmlTextReaderConstValue (reader);

          if (v != NULL)
            g_string_append (out, v);
        }
    }
  if (rc == 0)
    {
      g_autofree char *what = g_strdup_printf ("%s: %s", part, "end");

      set_corrupt (error, what);
      return -1;
    }
  return rc;
}

/* The text of a rich string (<si>, <is>): its <t> runs, without the
 * phonetic guides (<rPh>) that Japanese and Chinese Excel add. */
static int
read_rich_text (xmlTextReaderPtr   reader,
                const char        *part,
                GString           *out,
                GError           **error)
{
  int depth = xmlTextReaderDepth (reader);
  gboolean advance = TRUE;
  int rc = 1;

  if (xmlTextReaderIsEmptyElement (reader))
    return 1;

  for (;;)
    {
      if (advance && (rc = xml_next (reader, part, error)) != 1)
        break;
      advance = TRUE;

      if (xmlTextReaderNodeType (reader) == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth (reader) == depth)
        return 1;
      if (is_element (reader, "rPh"))
        {
          /* Next() skips the subtree and lands on the node after it. */
          if ((rc = xmlTextReaderNext (reader)) != 1)
            break;
          advance = FALSE;
          continue;
        }
      if (is_element (reader, "t") && read_text (reader, part, out, error) < 0)
        return -1;
    }
  if (rc >= 0 || error == NULL || *error == NULL)
    set_corrupt (error, part);
  return -1;
}

/* Workbook ------------------------------------------------------------- */

typedef struct
{
  char     *sheet_name;
  char     *sheet_rid;
  gboolean  date1904;
} Workbook;

static void
workbook_clear (Workbook *wb)
{
  g_clear_pointer (&wb->sheet_name, g_free);
  g_clear_pointer (&wb->sheet_rid, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Workbook, workbook_clear)

static gboolean
read_workbook (Package   *pkg,
               Workbook  *wb,
               GError   **error)
{
  GBytes *bytes = g_hash_table_lookup (pkg->parts, "xl/workbook.xml");
  xmlTextReaderPtr reader = open_xml (bytes);
  gboolean any_sheet = FALSE;
  int rc;

  if (reader == NULL)
    {
      set_corrupt (error, "xl/workbook.xml");
      return FALSE;
    }

  while ((rc = xml_next (reader, "xl/workbook.xml", error)) == 1)
    {
      if (is_element (reader, "workbookPr"))
        {
          g_autofree char *d = attr (reader, "date1904");

          wb->date1904 = d != NULL && (g_str_equal (d, "1") || g_ascii_strcasecmp (d, "true") == 0);
        }
      else if (is_element (reader, "sheet") && wb->sheet_rid == NULL)
        {
          g_autofree char *state = attr (reader, "state");

          any_sheet = TRUE;
          if (state != NULL && !g_str_equal (state, "visible"))
            continue;
          wb->sheet_name = attr (reader, "name");
          wb->sheet_rid = attr_ns (reader, "id", NS_REL);
          if (wb->sheet_rid == NULL)
            wb->sheet_rid = attr (reader, "r:id");
          if (wb->sheet_rid == NULL)
            wb->sheet_rid = g_strdup ("");
        }
    }
  xmlFreeTextReader (reader);
  if (rc < 0)
    return FALSE;

  if (wb->sheet_rid == NULL)
    {
      g_set_error_literal (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_EMPTY,
                           any_sheet ? _("Every sheet of the workbook is hidden: show the sheet "
                                         "of residents in Excel or WPS, save and import again.")
                                     : _("The workbook has no sheet"));
      return FALSE;
    }
  return TRUE;
}

/* The part the first visible sheet is in, from the relationships. */
static char *
find_sheet_part (Package    *pkg,
                 Workbook   *wb,
                 GError    **error)
{
  GBytes *bytes = g_hash_table_lookup (pkg->parts, "xl/_rels/workbook.xml.rels");
  g_autofree char *target = NULL;
  xmlTextReaderPtr reader;
  int rc;

  if (bytes != NULL && *wb->sheet_rid != '\0')
    {
      reader = open_xml (bytes);
      if (reader == NULL)
        {
          set_corrupt (error, "xl/_rels/workbook.xml.rels");
          return NULL;
        }
      while ((rc = xml_next (reader, "xl/_rels/workbook.xml.rels", error)) == 1)
        {
          if (is_element (reader, "Relationship"))
            {
              g_autofree char *id = attr (reader, "Id");

              if (g_strcmp0 (id, wb->sheet_rid) == 0)
                {
                  g_free (target);
                  target = attr (reader, "Target");
                }
            }
        }
      xmlFreeTextReader (reader);
      if (rc < 0)
        return NULL;
    }

  if (target != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (target, -1);

      if (lower[0] == '/')
        return g_strdup (lower + 1);
      return g_strconcat ("xl/", lower, NULL);
    }
  return g_strdup ("xl/worksheets/sheet1.xml");
}

/* Shared strings ------------------------------------------------------- */

static GPtrArray *
read_shared_strings (Package  *pkg,
                     GError  **error)
{
  GBytes *bytes = g_hash_table_lookup (pkg->parts, "xl/sharedstrings.xml");
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  xmlTextReaderPtr reader;
  int rc;

  if (bytes == NULL)
    return g_steal_pointer (&strings);

  reader = open_xml (bytes);
  if (reader == NULL)
    {
      set_corrupt (error, "xl/sharedStrings.xml");
      return NULL;
    }
  while ((rc = xml_next (reader, "xl/sharedStrings.xml", error)) == 1)
    {
      if (is_element (reader, "si"))
        {
          g_string_truncate (text, 0);
          if (read_rich_text (reader, "xl/sharedStrings.xml", text, error) < 0)
            {
              rc = -1;
              break;
            }
          g_ptr_array_add (strings, g_strndup (text->str, text->len));
        }
    }
  xmlFreeTextReader (reader);
  if (rc < 0)
    return NULL;
  return g_steal_pointer (&strings);
}

/* Styles: which cell formats show a date ------------------------------- */

static gboolean
builtin_is_date (guint id)
{
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

static gboolean
format_code_is_date (const char *code)
{
  gboolean quoted = FALSE, bracket = FALSE;

  for (const char *p = code; *p; p++)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '"')
            quoted = FALSE;
          continue;
        }
      if (bracket)
        {
          if (c == ']')
            bracket = FALSE;
          continue;
        }
      if (c == '"')
        quoted = TRUE;
      else if (c == '[')
        bracket = TRUE;
      else if (c == '\\' || c == '_' || c == '*')
        {
          if (p[1] != '\0')
            p++;
        }
      else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'e')
        return TRUE;
    }
  return FALSE;
}

static GArray *
read_date_styles (Package  *pkg,
                  GError  **error)
{
  GBytes *bytes = g_hash_table_lookup (pkg->parts, "xl/styles.xml");
  g_autoptr(GArray) is_date = g_array_new (FALSE, TRUE, sizeof (gboolean));
  g_autoptr(GHashTable) custom = g_hash_table_new (g_direct_hash, g_direct_equal);
  gboolean in_xfs = FALSE;
  xmlTextReaderPtr reader;
  int rc;

  if (bytes == NULL)
    return g_steal_pointer (&is_date);

  reader = open_xml (bytes);
  if (reader == NULL)
    {
      set_corrupt (error, "xl/styles.xml");
      return NULL;
    }
  while ((rc = xml_next (reader, "xl/styles.xml", error)) == 1)
    {
      if (is_element (reader, "numFmt"))
        {
          g_autofree char *id = attr (reader, "numFmtId");
          g_autofree char *code = attr (reader, "formatCode");

          if (id != NULL && code != NULL && format_code_is_date (code))
            g_hash_table_add (custom, GUINT_TO_POINTER ((guint) strtoul (id, NULL, 10)));
        }
      else if (is_element (reader, "cellXfs"))
        in_xfs = !xmlTextReaderIsEmptyElement (reader);
      else if (is_end (reader, "cellXfs"))
        in_xfs = FALSE;
      else if (in_xfs && is_element (reader, "xf"))
        {
          g_autofree char *id = attr (reader, "numFmtId");
          guint n = id ? (guint) strtoul (id, NULL, 10) : 0;
          gboolean date = builtin_is_date (n) || g_hash_table_contains (custom, GUINT_TO_POINTER (n));

          if (is_date->len >= 65536)
            continue;
          g_array_append_val (is_date, date);
        }
    }
  xmlFreeTextReader (reader);
  if (rc < 0)
    return NULL;
  return g_steal_pointer (&is_date);
}

/* The sheet -------------------------------------------------------------- */

/* "AB12" -> column 27 (from 0), row 12. */
static gboolean
parse_ref (const char *ref,
           guint      *column,
           guint      *row)
{
  guint64 c = 0, r = 0;
  const char *p = ref;

  if (ref == NULL)
    return FALSE;
  while (g_ascii_isalpha (*p))
    {
      c = c * 26 + (guint64) (g_ascii_toupper (*p) - 'A' + 1);
      if (c > LINLI_SHEET_MAX_COLUMNS)
        return FALSE;
      p++;
    }
  while (g_ascii_isdigit (*p))
    {
      r = r * 10 + (guint64) (*p - '0');
      if (r > LINLI_SHEET_MAX_ROWS)
        return FALSE;
      p++;
    }
  if (*p != '\0' || c == 0 || r == 0)
    return FALSE;
  *column = (guint) (c - 1);
  *row = (guint) r;
  return TRUE;
}

static char *
serial_to_date (double   serial,
                gboolean date1904)
{
  GDate date;
  guint days;

  if (!(serial >= 1 && serial < 2958466))
    return NULL;
  days = (guint) floor (serial);

  g_date_clear (&date, 1);
  if (date1904)
    g_date_set_dmy (&date, 1, 1, 1904);
  else if (days >= 61)
    g_date_set_dmy (&date, 30, 12, 1899);
  else if (days == 60)
    return g_strdup ("1900-02-29"); /* Excel's own Lotus-compatible mistake */
  else
    g_date_set_dmy (&date, 31, 12, 1899);
  g_date_add_days (&date, days);

  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date),
                          g_date_get_month (&date), g_date_get_day (&date));
}

static char *
format_number (const char *v,
               gboolean    date,
               gboolean    date1904)
{
  char *end = NULL;
  double d = g_ascii_strtod (v, &end);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (end == v || *end != '\0' || !isfinite (d))
    return g_strdup (v);

  if (date)
    {
      char *s = serial_to_date (d, date1904);

      if (s != NULL)
        return s;
    }
  /* Whole numbers as Excel shows them in a cell, not 1.3907181234E10. */
  if (d == floor (d) && fabs (d) < 1e18)
    return g_strdup_printf ("%.0f", d);
  return g_strdup (g_ascii_dtostr (buf, sizeof buf, d));
}

typedef struct
{
  guint r1, c1, r2, c2;
} Range;

static gboolean
parse_range (const char *ref,
             Range      *range)
{
  g_auto(GStrv) ends = NULL;

  if (ref == NULL)
    return FALSE;
  ends = g_strsplit (ref, ":", 3);
  if (ends[0] == NULL || !parse_ref (ends[0], &range->c1, &range->r1))
    return FALSE;
  if (ends[1] == NULL)
    {
      range->c2 = range->c1;
      range->r2 = range->r1;
      return TRUE;
    }
  if (ends[2] != NULL || !parse_ref (ends[1], &range->c2, &range->r2))
    return FALSE;
  if (range->c2 < range->c1 || range->r2 < range->r1)
    return FALSE;
  return TRUE;
}

static int
compare_row_number (gconstpointer a,
                    gconstpointer b)
{
  const LinliSheetRow *ra = *(LinliSheetRow * const *) a;
  const LinliSheetRow *rb = *(LinliSheetRow * const *) b;

  return (ra->number > rb->number) - (ra->number < rb->number);
}

/* A merged block shows its top-left value in every cell: a building or a
 * household written once for several residents belongs to each of them. */
static void
fill_merged (LinliSheet *sheet,
             GArray     *merges)
{
  gsize filled = 0;

  if (merges->len == 0)
    return;

  g_ptr_array_sort (sheet->rows, compare_row_number);

  for (guint m = 0; m < merges->len; m++)
    {
      Range *range = &g_array_index (merges, Range, m);
      const char *value = NULL;
      guint lo = 0, hi = sheet->rows->len;

      /* The first row at or after r1. */
      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;
          LinliSheetRow *row = g_ptr_array_index (sheet->rows, mid);

          if (row->number < range->r1)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo >= sheet->rows->len)
        continue;
      {
        LinliSheetRow *first = g_ptr_array_index (sheet->rows, lo);

        if (first->number != range->r1 || range->c1 >= first->cells->len)
          continue;
        value = g_ptr_array_index (first->cells, range->c1);
        if (value == NULL)
          continue;
      }

      for (guint i = lo; i < sheet->rows->len; i++)
        {
          LinliSheetRow *row = g_ptr_array_index (sheet->rows, i);
          guint c2 = MIN (range->c2, MAX (sheet->n_columns, range->c1 + 1) - 1);

          if (row->number > range->r2)
            break;
          for (guint c = range->c1; c <= c2; c++)
            {
              if (c < row->cells->len && g_ptr_array_index (row->cells, c) != NULL)
                continue;
              if (++filled > MAX_MERGED_CELLS)
                return;
              _linli_sheet_row_set (row, c, g_strdup (value));
            }
        }
    }
}

static LinliSheet *
read_sheet (Package     *pkg,
            const char  *part,
            const char  *name,
            GPtrArray   *strings,
            GArray      *date_styles,
            gboolean     date1904,
            GError     **error)
{
  GBytes *bytes = g_hash_table_lookup (pkg->parts, part);
  g_autoptr(LinliSheet) sheet = NULL;
  g_autoptr(GArray) merges = g_array_new (FALSE, FALSE, sizeof (Range));
  g_autoptr(GString) value = g_string_new (NULL);
  xmlTextReaderPtr reader;
  LinliSheetRow *row = NULL;
  guint row_number = 0, next_column = 0;
  int rc;

  if (bytes == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("the sheet “%s” is missing"), name ? name : "");

      set_corrupt (error, what);
      return NULL;
    }

  sheet = linli_sheet_new (name);
  reader = open_xml (bytes);
  if (reader == NULL)
    {
      set_corrupt (error, part);
      return NULL;
    }

  while ((rc = xml_next (reader, part, error)) == 1)
    {
      if (is_element (reader, "row"))
        {
          g_autofree char *r = attr (reader, "r");
          guint n = r ? (guint) strtoul (r, NULL, 10) : row_number + 1;

          if (n == 0 || n > LINLI_SHEET_MAX_ROWS || n <= row_number)
            {
              g_autofree char *what = g_strdup_printf ("%s: row %s", part, r ? r : "?");

              set_corrupt (error, what);
              rc = -1;
              break;
            }
          row_number = n;
          next_column = 0;
          row = _linli_sheet_append_row (sheet, n);
        }
      else if (is_element (reader, "c"))
        {
          g_autofree char *ref = attr (reader, "r");
          g_autofree char *type = attr (reader, "t");
          g_autofree char *style = attr (reader, "s");
          g_autofree char *raw = NULL;
          char *text = NULL;
          guint column = next_column, rn = row_number;
          gboolean have_v = FALSE, have_inline = FALSE;
          int depth = xmlTextReaderDepth (reader);

          if (row == NULL || (ref != NULL && (!parse_ref (ref, &column, &rn) || rn != row_number)))
            {
              g_autofree char *what = g_strdup_printf ("%s: cell %s", part, ref ? ref : "?");

              set_corrupt (error, what);
              rc = -1;
              break;
            }
          next_column = column + 1;

          g_string_truncate (value, 0);
          if (!xmlTextReaderIsEmptyElement (reader))
            {
              while ((rc = xml_next (reader, part, error)) == 1)
                {
                  if (xmlTextReaderNodeType (reader) == XML_READER_TYPE_END_ELEMENT &&
                      xmlTextReaderDepth (reader) == depth)
                    break;
                  if (is_element (reader, "v"))
                    {
                      /* The cached result of a formula, or the value. */
                      have_v = TRUE;
                      if (read_text (reader, part, value, error) < 0)
                        {
                          rc = -1;
                          break;
                        }
                    }
                  else if (is_element (reader, "is"))
                    {
                      have_inline = TRUE;
                      if (read_rich_text (reader, part, value, error) < 0)
                        {
                          rc = -1;
                          break;
                        }
                    }
                }
              if (rc != 1)
                {
                  if (rc == 0)
                    set_corrupt (error, part);
                  rc = -1;
                  break;
                }
            }

          if (!_linli_sheet_cell_ok (value->str, value->len, row_number, column, error))
            {
              rc = -1;
              break;
            }

          if (g_strcmp0 (type, "s") == 0 && have_v)
            {
              char *end = NULL;
              guint64 idx = g_ascii_strtoull (value->str, &end, 10);

              if (end == value->str || idx >= strings->len)
                {
                  g_autofree char *what = g_strdup_printf ("%s: cell %s", part, ref ? ref : "?");

                  set_corrupt (error, what);
                  rc = -1;
                  break;
                }
              raw = g_strdup (g_ptr_array_index (strings, idx));
              if (!_linli_sheet_cell_ok (raw, strlen (raw), row_number, column, error))
                {
                  rc = -1;
                  break;
                }
              text = g_steal_pointer (&raw);
            }
          else if (g_strcmp0 (type, "inlineStr") == 0 || have_inline)
            text = g_strndup (value->str, value->len);
          else if (g_strcmp0 (type, "b") == 0 && have_v)
            text = g_strdup (g_str_equal (value->str, "1") ? "TRUE" : "FALSE");
          else if ((type == NULL || g_str_equal (type, "n")) && have_v)
            {
              guint s = style ? (guint) strtoul (style, NULL, 10) : 0;
              gboolean date = s < date_styles->len && g_array_index (date_styles, gboolean, s);

              text = format_number (value->str, date, date1904);
            }
          else if (have_v)
            text = g_strndup (value->str, value->len); /* str (formula text), e (#N/A) */

          _linli_sheet_row_set (row, column, text);
        }
      else if (is_element (reader, "mergeCell"))
        {
          g_autofree char *ref = attr (reader, "ref");
          Range range;

          if (parse_range (ref, &range) && merges->len < 100000)
            g_array_append_val (merges, range);
        }
    }
  xmlFreeTextReader (reader);
  if (rc < 0)
    return NULL;

  for (guint i = 0; i < sheet->rows->len; i++)
    sheet->n_columns = MAX (sheet->n_columns, ((LinliSheetRow *) g_ptr_array_index (sheet->rows, i))->cells->len);
  fill_merged (sheet, merges);
  _linli_sheet_finish (sheet);

  if (sheet->rows->len == 0)
    {
      g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_EMPTY,
                   _("The sheet “%s” is empty: there is no row to import"), name ? name : "");
      return NULL;
    }

  return g_steal_pointer (&sheet);
}

/**
 * linli_xlsx_read:
 * @data: the bytes of an .xlsx file
 *
 * Returns: (transfer full) (nullable): the first visible sheet
 */
LinliSheet *
linli_xlsx_read (const guint8  *data,
                 gsize          length,
                 GError       **error)
{
  static gsize xml_initialized;
  g_auto(Package) pkg = { 0 };
  g_auto(Workbook) wb = { 0 };
  g_autoptr(GPtrArray) strings = NULL;
  g_autoptr(GArray) date_styles = NULL;
  g_autofree char *part = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (data == NULL)
    data = (const guint8 *) "";
  /* libxml2 is thread-safe once initialised; the app reads in a thread. */
  if (g_once_init_enter (&xml_initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&xml_initialized, 1);
    }

  if (!read_package (&pkg, data, length, error))
    return NULL;
  if (!read_workbook (&pkg, &wb, error))
    return NULL;
  part = find_sheet_part (&pkg, &wb, error);
  if (part == NULL)
    return NULL;
  strings = read_shared_strings (&pkg, error);
  if (strings == NULL)
    return NULL;
  date_styles = read_date_styles (&pkg, error);
  if (date_styles == NULL)
    return NULL;

  return read_sheet (&pkg, part, wb.sheet_name, strings, date_styles, wb.date1904, error);
}
