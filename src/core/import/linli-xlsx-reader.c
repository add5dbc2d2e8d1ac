/* linli-xlsx-reader.c: the first visible sheet of an .xlsx workbook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An .xlsx is a zip of XML parts (ECMA-376). libarchive opens the zip and
 * libxml2 parses the parts we need: its streaming reader the small ones,
 * the workbook (which sheet is the first visible one), its relationships
 * (where that sheet lives) and the styles (which cells are dates); its
 * SAX2 interface the large ones, the shared strings and the sheet itself. The file comes from anywhere, so every size is capped: the
 * bytes a part inflates to, in total and as a ratio of the file (a zip
 * bomb), a cell's length, the rows and columns; and a DTD is refused.
 */

#define G_LOG_DOMAIN "linli-import"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
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

/* The large parts (the shared strings and the sheet) stream through
 * libxml2's SAX2 interface: no node, no attribute copy, no string per
 * event, only our own state. */

typedef struct
{
  xmlParserCtxtPtr  ctxt;
  const char       *part;
  GError          **error;
  gboolean          failed;
  int               error_line;   /* of the first error libxml2 reported */
} SaxState;

/* Stops the parse with @error (taken), unless it failed already. */
static void
sax_fail (SaxState *st,
          GError   *error)
{
  if (!st->failed)
    g_propagate_error (st->error, error);
  else
    g_error_free (error);
  st->failed = TRUE;
  xmlStopParser (st->ctxt);
}

static void
sax_fail_corrupt (SaxState   *st,
                  const char *detail)
{
  GError *error = NULL;

  set_corrupt (&error, detail);
  sax_fail (st, error);
}

/* No workbook has a DTD, and one could hide an entity expansion. */
static void
sax_refuse_dtd (void          *user_data,
                const xmlChar *name,
                const xmlChar *external_id,
                const xmlChar *system_id)
{
  SaxState *st = user_data;
  g_autofree char *what = g_strdup_printf ("%s: DTD", st->part);

  sax_fail_corrupt (st, what);
}

static void
sax_error (void        *user_data,
           xmlErrorPtr  e)
{
  SaxState *st = user_data;

  if (e != NULL && e->level >= XML_ERR_ERROR && st->error_line == 0)
    st->error_line = e->line > 0 ? e->line : 1;
}

static void
sax_init (xmlSAXHandler *sax)
{
  memset (sax, 0, sizeof *sax);
  sax->initialized = XML_SAX2_MAGIC;
  sax->internalSubset = sax_refuse_dtd;
  sax->externalSubset = sax_refuse_dtd;
  sax->serror = sax_error;
}

static gboolean
sax_parse (xmlSAXHandler  *sax,
           SaxState       *st,
           GBytes         *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size > G_MAXINT)
    {
      set_corrupt (st->error, st->part);
      return FALSE;
    }

  st->ctxt = xmlCreatePushParserCtxt (sax, st, NULL, 0, NULL);
  if (st->ctxt == NULL)
    {
      set_corrupt (st->error, st->part);
      return FALSE;
    }
  xmlCtxtUseOptions (st->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
  xmlParseChunk (st->ctxt, data ? data : "", (int) size, 1);

  if (!st->failed && !st->ctxt->wellFormed)
    {
      g_autofree char *what = g_strdup_printf ("%s, line %d", st->part,
                                               st->error_line ? st->error_line : xmlSAX2GetLineNumber (st->ctxt));

      set_corrupt (st->error, what);
      st->failed = TRUE;
    }
  xmlFreeParserCtxt (st->ctxt);
  st->ctxt = NULL;
  return !st->failed;
}

/* An attribute without a prefix, as SAX2 gives it: not NUL-terminated. */
typedef struct
{
  const char *s;
  gsize       len;
} Span;

static gboolean
sax_attr (int             n_attributes,
          const xmlChar **attributes,
          const char     *name,
          Span           *out)
{
  for (int i = 0; i < n_attributes; i++)
    {
      const xmlChar **a = attributes + 5 * i;

      if (a[1] == NULL && strcmp ((const char *) a[0], name) == 0)
        {
          out->s = (const char *) a[3];
          out->len = (gsize) (a[4] - a[3]);
          return TRUE;
        }
    }
  out->s = NULL;
  out->len = 0;
  return FALSE;
}

/* The attribute as a string, in @buf when it fits, else in *@heap. */
static const char *
span_str (const Span  *span,
          char        *buf,
          gsize        size,
          char       **heap)
{
  if (span->s == NULL)
    return NULL;
  if (span->len < size)
    {
      memcpy (buf, span->s, span->len);
      buf[span->len] = '\0';
      return buf;
    }
  *heap = g_strndup (span->s, span->len);
  return *heap;
}

#define IS(name, word) (strcmp ((const char *) (name), (word)) == 0)

/* Workbook ------------------------------------------------------------- */

typedef struct
{
  const char *wanted;      /* the sheet asked for; NULL for the first visible */
  char       *sheet_name;
  char       *sheet_rid;
  GPtrArray  *visible;     /* char *: the names of the visible sheets */
  gboolean    date1904;
} Workbook;

static void
workbook_clear (Workbook *wb)
{
  g_clear_pointer (&wb->sheet_name, g_free);
  g_clear_pointer (&wb->sheet_rid, g_free);
  g_clear_pointer (&wb->visible, g_ptr_array_unref);
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

  wb->visible = g_ptr_array_new_with_free_func (g_free);
  while ((rc = xml_next (reader, "xl/workbook.xml", error)) == 1)
    {
      if (is_element (reader, "workbookPr"))
        {
          g_autofree char *d = attr (reader, "date1904");

          wb->date1904 = d != NULL && (g_str_equal (d, "1") || g_ascii_strcasecmp (d, "true") == 0);
        }
      else if (is_element (reader, "sheet"))
        {
          g_autofree char *state = attr (reader, "state");
          g_autofree char *name = attr (reader, "name");

          gboolean visible = state == NULL || g_str_equal (state, "visible");
          gboolean wanted = FALSE;

          any_sheet = TRUE;
          if (visible && wb->visible->len < 1000)
            g_ptr_array_add (wb->visible, g_strdup (name ? name : ""));
          /* The sheet asked for by name, hidden or not, spaces around it
           * or not ("4栋 " is what the tab shows as 4栋) */
          if (wb->wanted != NULL && name != NULL)
            {
              g_autofree char *a = g_strstrip (g_strdup (name));
              g_autofree char *b = g_strstrip (g_strdup (wb->wanted));

              wanted = g_str_equal (a, b);
            }
          if (wb->sheet_rid != NULL || (wb->wanted != NULL && !wanted) || (wb->wanted == NULL && !visible))
            continue;
          wb->sheet_name = g_steal_pointer (&name);
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

  if (wb->sheet_rid == NULL && wb->wanted != NULL && wb->visible->len > 0)
    {
      g_ptr_array_add (wb->visible, NULL);
      {
        g_autofree char *names = g_strjoinv ("、", (char **) wb->visible->pdata);

        g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_EMPTY,
                     _("The workbook has no sheet “%s”; its sheets are %s"), wb->wanted, names);
      }
      return FALSE;
    }
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

typedef struct
{
  const char *text;    /* in the sheet's strings */
  gsize       length;
} SharedString;

typedef struct
{
  SaxState      st;
  GStringChunk *chunk;
  GArray       *strings;   /* SharedString */
  GString      *text;
  gboolean      in_si;
  int           si_nested;
  int           t_depth;
  int           rph_depth;
} SharedReader;

static void
shared_start (void           *user_data,
              const xmlChar  *localname,
              const xmlChar  *prefix,
              const xmlChar  *uri,
              int             n_namespaces,
              const xmlChar **namespaces,
              int             n_attributes,
              int             n_defaulted,
              const xmlChar **attributes)
{
  SharedReader *r = user_data;

  if (IS (localname, "si"))
    {
      if (r->in_si)
        r->si_nested++;
      else
        {
          r->in_si = TRUE;
          r->t_depth = r->rph_depth = 0;
          g_string_truncate (r->text, 0);
        }
    }
  else if (r->in_si && IS (localname, "t"))
    r->t_depth++;
  else if (r->in_si && IS (localname, "rPh"))  /* the phonetic guides of Chinese and Japanese Excel */
    r->rph_depth++;
}

static void
shared_end (void          *user_data,
            const xmlChar *localname,
            const xmlChar *prefix,
            const xmlChar *uri)
{
  SharedReader *r = user_data;

  if (!r->in_si)
    return;
  if (IS (localname, "si"))
    {
      if (r->si_nested > 0)
        r->si_nested--;
      else
        {
          SharedString s = { g_string_chunk_insert_len (r->chunk, r->text->str, (gssize) r->text->len),
                             r->text->len };

          g_array_append_val (r->strings, s);
          r->in_si = FALSE;
        }
    }
  else if (IS (localname, "t") && r->t_depth > 0)
    r->t_depth--;
  else if (IS (localname, "rPh") && r->rph_depth > 0)
    r->rph_depth--;
}

static void
shared_text (void          *user_data,
             const xmlChar *ch,
             int            len)
{
  SharedReader *r = user_data;

  if (r->in_si && r->t_depth > 0 && r->rph_depth == 0)
    g_string_append_len (r->text, (const char *) ch, len);
}

/* The shared strings, their text kept in @chunk. */
static GArray *
read_shared_strings (Package       *pkg,
                     GStringChunk  *chunk,
                     GError       **error)
{
  GBytes *bytes = g_hash_table_lookup (pkg->parts, "xl/sharedstrings.xml");
  g_autoptr(GArray) strings = g_array_new (FALSE, FALSE, sizeof (SharedString));
  g_autoptr(GString) text = g_string_new (NULL);
  SharedReader r = { { NULL, "xl/sharedStrings.xml", error, FALSE, 0 }, chunk, strings, text, FALSE, 0, 0, 0 };
  xmlSAXHandler sax;

  if (bytes == NULL)
    return g_steal_pointer (&strings);

  sax_init (&sax);
  sax.startElementNs = shared_start;
  sax.endElementNs = shared_end;
  sax.characters = shared_text;
  sax.ignorableWhitespace = shared_text;
  sax.cdataBlock = shared_text;
  if (!sax_parse (&sax, &r.st, bytes))
    return NULL;
  return g_steal_pointer (&strings);
}

/* Styles: which cell formats show a date ------------------------------- */

/* What a cell format shows of a number: the kind in the low two bits,
 * and for a number its decimals (0.00: two) above them. */
enum
{
  NOT_DATE,
  DATE,
  MONTH,   /* a date without its day: 1985.06, 1985年6月 */
};

#define KIND_OF(style)     ((style) & 3)
#define DECIMALS_OF(style) ((style) >> 2)

static guint8
builtin_date_kind (guint id)
{
  if (id == 17 || id == 57)   /* mmm-yy; yyyy"年"m"月" in Chinese Excel */
    return MONTH;
  if (id == 2 || id == 4)     /* 0.00, #,##0.00 */
    return 2 << 2;
  return (id >= 14 && id <= 16) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58) ? DATE : NOT_DATE;
}

static guint8
format_code_date_kind (const char *code)
{
  gboolean quoted = FALSE, bracket = FALSE;
  gboolean year = FALSE, day = FALSE;
  guint decimals = 0;
  gboolean after_point = FALSE;

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
      /* General"栋", G/通用格式: no year in it */
      if (g_ascii_strncasecmp (p, "General", 7) == 0)
        {
          p += 6;
          continue;
        }
      if (c == ';')
        break;   /* the first section says it */
      if (c == '"')
        quoted = TRUE;
      else if (c == '[')
        bracket = TRUE;
      else if (c == '.')
        after_point = TRUE;
      else if (c == '0' && after_point)
        decimals++;
      else if (c == '\\' || c == '_' || c == '*')
        {
          if (p[1] != '\0')
            p++;
        }
      else if (c == 'y' || c == 'Y' || c == 'e')
        year = TRUE;
      else if (c == 'd' || c == 'D')
        day = TRUE;
    }
  if (day)
    return DATE;
  if (year)
    return MONTH;
  return (guint8) (MIN (decimals, 15) << 2);
}

static GArray *
read_date_styles (Package  *pkg,
                  GError  **error)
{
  GBytes *bytes = g_hash_table_lookup (pkg->parts, "xl/styles.xml");
  g_autoptr(GArray) is_date = g_array_new (FALSE, TRUE, sizeof (guint8));
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

          guint8 kind = code != NULL ? format_code_date_kind (code) : NOT_DATE;

          /* stored + 1: a custom format that shows a plain number is
           * known too, and hides a built-in id's meaning */
          if (id != NULL)
            g_hash_table_insert (custom, GUINT_TO_POINTER ((guint) strtoul (id, NULL, 10)), GUINT_TO_POINTER (kind + 1u));
        }
      else if (is_element (reader, "cellXfs"))
        in_xfs = !xmlTextReaderIsEmptyElement (reader);
      else if (is_end (reader, "cellXfs"))
        in_xfs = FALSE;
      else if (in_xfs && is_element (reader, "xf"))
        {
          g_autofree char *id = attr (reader, "numFmtId");
          guint n = id ? (guint) strtoul (id, NULL, 10) : 0;
          guint8 date = g_hash_table_contains (custom, GUINT_TO_POINTER (n))
                        ? (guint8) (GPOINTER_TO_UINT (g_hash_table_lookup (custom, GUINT_TO_POINTER (n))) - 1)
                        : builtin_date_kind (n);

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

/* The date a serial number of Excel names, in @buf (11 bytes or more). */
static gboolean
serial_to_date (double   serial,
                gboolean date1904,
                char    *buf,
                gsize    size)
{
  GDate date;
  guint days;

  if (!(serial >= 1 && serial < 2958466))
    return FALSE;
  days = (guint) floor (serial);

  g_date_clear (&date, 1);
  if (date1904)
    g_date_set_dmy (&date, 1, 1, 1904);
  else if (days >= 61)
    g_date_set_dmy (&date, 30, 12, 1899);
  else if (days == 60)
    {
      g_strlcpy (buf, "1900-02-29", size); /* Excel's own Lotus-compatible mistake */
      return TRUE;
    }
  else
    g_date_set_dmy (&date, 31, 12, 1899);
  g_date_add_days (&date, days);

  g_snprintf (buf, size, "%04d-%02d-%02d", g_date_get_year (&date),
              g_date_get_month (&date), g_date_get_day (&date));
  return TRUE;
}

/* A number cell's text as Excel shows it: @v itself, or its form in @buf. */
static const char *
format_number (const char *v,
               guint8      date,
               gboolean    date1904,
               char        buf[64])
{
  char *end = NULL;
  double d = g_ascii_strtod (v, &end);

  G_STATIC_ASSERT (64 >= G_ASCII_DTOSTR_BUF_SIZE);

  if (end == v || *end != '\0' || !isfinite (d))
    return v;

  if (KIND_OF (date) != NOT_DATE && serial_to_date (d, date1904, buf, 64))
    {
      /* 1985-06: the day Excel keeps when only the month was typed (the
       * 1st) is nobody's birthday; another day was typed, and stays. */
      if (KIND_OF (date) == MONTH && g_str_has_suffix (buf, "-01"))
        buf[7] = '\0';
      return buf;
    }
  /* Whole numbers as Excel shows them in a cell, not 1.3907181234E10.
   * Excel keeps 15 significant digits: a longer number (an ID number
   * typed into a cell formatted as a number) has lost its last digits,
   * and is written as Excel shows it, 4.20106198506106E+17, for the
   * import to say so; printed whole, it would pass for a number. */
  if (d == floor (d) && fabs (d) < 1e15)
    {
      g_snprintf (buf, 64, "%.0f", d);
      return buf;
    }
  if (d == floor (d))
    {
      char *e;

      g_ascii_formatd (buf, 64, "%.14E", d);
      /* 4.20106198506100E+17 -> 4.201061985061E+17 */
      e = strchr (buf, 'E');
      if (e != NULL)
        {
          char *m = e;

          while (m > buf && m[-1] == '0')
            m--;
          if (m > buf && m[-1] == '.')
            m--;
          memmove (m, e, strlen (e) + 1);
        }
      return buf;
    }
  /* As the cell shows it: 1985.10 in a cell formatted 0.00 (the month of
   * October, not January) */
  if (DECIMALS_OF (date) > 0)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%uf", DECIMALS_OF (date));
      return g_ascii_formatd (buf, 64, format, d);
    }
  /* 1985.06, not 1985.0599999999999 (what a birth month typed as a
   * number reads as with 17 digits): Excel's 15. */
  return g_ascii_formatd (buf, 64, "%.15g", d);
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
              _linli_sheet_row_set_kept (row, c, value);
            }
        }
    }
}

typedef struct
{
  SaxState            st;
  LinliSheet         *sheet;
  const SharedString *strings;
  guint               n_strings;
  GArray             *date_styles;
  gboolean            date1904;
  GArray             *merges;     /* Range */
  GString            *value;      /* the text of the cell being read */
  LinliSheetRow      *row;
  guint               row_number;
  guint               next_column;
  /* the cell being read */
  gboolean            in_c;
  int                 c_nested;
  guint               column;
  char               *ref;        /* for messages */
  gboolean            has_type;
  char                type[16];   /* "s", "n", "b", "str", "e", "inlineStr"; "?" when too long */
  guint               style;
  int                 v_depth;
  int                 is_depth;
  int                 t_depth;
  int                 rph_depth;
  gboolean            have_v;
  gboolean            have_inline;
} SheetReader;

static void
sheet_fail_at (SheetReader *r,
               const char  *what,
               const char  *ref)
{
  g_autofree char *detail = g_strdup_printf ("%s: %s %s", r->st.part, what, ref ? ref : "?");

  sax_fail_corrupt (&r->st, detail);
}

static void
sheet_start_row (SheetReader     *r,
                 int              n_attributes,
                 const xmlChar  **attributes)
{
  g_autofree char *heap = NULL;
  char buf[32];
  Span span;
  const char *ref;
  guint n;

  sax_attr (n_attributes, attributes, "r", &span);
  ref = span_str (&span, buf, sizeof buf, &heap);
  n = ref ? (guint) strtoul (ref, NULL, 10) : r->row_number + 1;
  if (n == 0 || n > LINLI_SHEET_MAX_ROWS || n <= r->row_number)
    {
      sheet_fail_at (r, "row", ref);
      return;
    }
  r->row_number = n;
  r->next_column = 0;
  r->row = _linli_sheet_append_row (r->sheet, n);
}

static void
sheet_start_cell (SheetReader     *r,
                  int              n_attributes,
                  const xmlChar  **attributes)
{
  g_autofree char *heap = NULL;
  char buf[32];
  Span span;
  const char *ref;
  guint column = r->next_column, rn = r->row_number;

  sax_attr (n_attributes, attributes, "r", &span);
  ref = span_str (&span, buf, sizeof buf, &heap);
  if (r->row == NULL || (ref != NULL && (!parse_ref (ref, &column, &rn) || rn != r->row_number)))
    {
      sheet_fail_at (r, "cell", ref);
      return;
    }
  r->next_column = column + 1;
  r->column = column;
  g_free (r->ref);
  r->ref = g_strdup (ref);

  r->has_type = sax_attr (n_attributes, attributes, "t", &span);
  if (!r->has_type)
    r->type[0] = '\0';
  else if (span.len < sizeof r->type)
    {
      memcpy (r->type, span.s, span.len);
      r->type[span.len] = '\0';
    }
  else
    g_strlcpy (r->type, "?", sizeof r->type);

  {
    g_autofree char *style_heap = NULL;
    char style_buf[32];
    const char *style;

    sax_attr (n_attributes, attributes, "s", &span);
    style = span_str (&span, style_buf, sizeof style_buf, &style_heap);
    r->style = style ? (guint) strtoul (style, NULL, 10) : 0;
  }

  r->in_c = TRUE;
  r->c_nested = r->v_depth = r->is_depth = r->t_depth = r->rph_depth = 0;
  r->have_v = r->have_inline = FALSE;
  g_string_truncate (r->value, 0);
}

static void
sheet_end_cell (SheetReader *r)
{
  GError *error = NULL;
  const char *type = r->type;
  GString *value = r->value;
  guint row = r->row_number, column = r->column;

  r->in_c = FALSE;
  if (!_linli_sheet_cell_ok (value->str, value->len, row, column, &error))
    {
      sax_fail (&r->st, error);
      return;
    }

  if (g_str_equal (type, "s") && r->have_v)
    {
      char *end = NULL;
      guint64 idx = g_ascii_strtoull (value->str, &end, 10);
      const SharedString *s;

      if (end == value->str || idx >= r->n_strings)
        {
          sheet_fail_at (r, "cell", r->ref);
          return;
        }
      s = &r->strings[idx];
      if (!_linli_sheet_cell_ok (s->text, s->length, row, column, &error))
        {
          sax_fail (&r->st, error);
          return;
        }
      _linli_sheet_row_set_kept (r->row, column, s->text);
    }
  else if (g_str_equal (type, "inlineStr") || r->have_inline)
    _linli_sheet_row_set (r->sheet, r->row, column, value->str, (gssize) value->len);
  else if (g_str_equal (type, "b") && r->have_v)
    _linli_sheet_row_set_kept (r->row, column, g_str_equal (value->str, "1") ? "TRUE" : "FALSE");
  else if ((!r->has_type || g_str_equal (type, "n")) && r->have_v)
    {
      guint8 date = r->style < r->date_styles->len ? g_array_index (r->date_styles, guint8, r->style) : NOT_DATE;
      char buf[64];

      _linli_sheet_row_set (r->sheet, r->row, column, format_number (value->str, date, r->date1904, buf), -1);
    }
  else if (r->have_v)
    _linli_sheet_row_set (r->sheet, r->row, column, value->str, (gssize) value->len); /* str (formula text), e (#N/A) */
  else
    _linli_sheet_row_set_kept (r->row, column, NULL);  /* a cell without a value empties one read before */
}

static void
sheet_start (void           *user_data,
             const xmlChar  *localname,
             const xmlChar  *prefix,
             const xmlChar  *uri,
             int             n_namespaces,
             const xmlChar **namespaces,
             int             n_attributes,
             int             n_defaulted,
             const xmlChar **attributes)
{
  SheetReader *r = user_data;

  if (r->st.failed)
    return;

  if (r->in_c)
    {
      /* <v> is the value or a formula's cached result; <is> an inline
       * string, whose <t> runs count, without their phonetic guides. */
      if (IS (localname, "c"))
        r->c_nested++;
      else if (IS (localname, "v") && r->is_depth == 0)
        {
          r->have_v = TRUE;
          r->v_depth++;
        }
      else if (IS (localname, "is") && r->v_depth == 0)
        {
          r->have_inline = TRUE;
          r->is_depth++;
        }
      else if (IS (localname, "t") && r->is_depth > 0)
        r->t_depth++;
      else if (IS (localname, "rPh") && r->is_depth > 0)
        r->rph_depth++;
      return;
    }

  if (IS (localname, "row"))
    sheet_start_row (r, n_attributes, attributes);
  else if (IS (localname, "c"))
    sheet_start_cell (r, n_attributes, attributes);
  else if (IS (localname, "mergeCell"))
    {
      g_autofree char *heap = NULL;
      char buf[64];
      Span span;
      Range range;

      sax_attr (n_attributes, attributes, "ref", &span);
      if (parse_range (span_str (&span, buf, sizeof buf, &heap), &range) && r->merges->len < 100000)
        g_array_append_val (r->merges, range);
    }
}

static void
sheet_end (void          *user_data,
           const xmlChar *localname,
           const xmlChar *prefix,
           const xmlChar *uri)
{
  SheetReader *r = user_data;

  if (r->st.failed || !r->in_c)
    return;

  if (IS (localname, "c"))
    {
      if (r->c_nested > 0)
        r->c_nested--;
      else
        sheet_end_cell (r);
    }
  else if (IS (localname, "v") && r->is_depth == 0 && r->v_depth > 0)
    r->v_depth--;
  else if (IS (localname, "is") && r->v_depth == 0 && r->is_depth > 0)
    r->is_depth--;
  else if (IS (localname, "t") && r->is_depth > 0 && r->t_depth > 0)
    r->t_depth--;
  else if (IS (localname, "rPh") && r->is_depth > 0 && r->rph_depth > 0)
    r->rph_depth--;
}

static void
sheet_text (void          *user_data,
            const xmlChar *ch,
            int            len)
{
  SheetReader *r = user_data;

  if (r->in_c && (r->v_depth > 0 || (r->is_depth > 0 && r->t_depth > 0 && r->rph_depth == 0)))
    g_string_append_len (r->value, (const char *) ch, len);
}

/* Reads the sheet in @part into @sheet. */
static gboolean
read_sheet (Package      *pkg,
            const char   *part,
            LinliSheet   *sheet,
            GArray       *strings,
            GArray       *date_styles,
            gboolean      date1904,
            GError      **error)
{
  GBytes *bytes = g_hash_table_lookup (pkg->parts, part);
  g_autoptr(GArray) merges = g_array_new (FALSE, FALSE, sizeof (Range));
  g_autoptr(GString) value = g_string_new (NULL);
  SheetReader r = { { NULL, part, error, FALSE, 0 } };
  xmlSAXHandler sax;
  gboolean ok;

  if (bytes == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("the sheet “%s” is missing"), sheet->name ? sheet->name : "");

      set_corrupt (error, what);
      return FALSE;
    }

  r.sheet = sheet;
  r.strings = (const SharedString *) (gpointer) strings->data;
  r.n_strings = strings->len;
  r.date_styles = date_styles;
  r.date1904 = date1904;
  r.merges = merges;
  r.value = value;

  sax_init (&sax);
  sax.startElementNs = sheet_start;
  sax.endElementNs = sheet_end;
  sax.characters = sheet_text;
  sax.ignorableWhitespace = sheet_text;
  sax.cdataBlock = sheet_text;
  ok = sax_parse (&sax, &r.st, bytes);
  g_free (r.ref);
  if (!ok)
    return FALSE;

  for (guint i = 0; i < sheet->rows->len; i++)
    sheet->n_columns = MAX (sheet->n_columns, ((LinliSheetRow *) g_ptr_array_index (sheet->rows, i))->cells->len);
  fill_merged (sheet, merges);
  _linli_sheet_finish (sheet);

  if (sheet->rows->len == 0)
    {
      g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_EMPTY,
                   _("The sheet “%s” is empty: there is no row to import"), sheet->name ? sheet->name : "");
      return FALSE;
    }
  return TRUE;
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
  return linli_xlsx_read_sheet (data, length, NULL, error);
}

/**
 * linli_xlsx_read_sheet:
 * @name: (nullable): the sheet to read; %NULL for the first visible one
 *
 * Returns: (transfer full) (nullable): the sheet, with the names of every
 *   visible sheet of the workbook in its @sheets
 */
LinliSheet *
linli_xlsx_read_sheet (const guint8  *data,
                       gsize          length,
                       const char    *name,
                       GError       **error)
{
  static gsize xml_initialized;
  g_auto(Package) pkg = { 0 };
  g_auto(Workbook) wb = { 0 };
  g_autoptr(LinliSheet) sheet = NULL;
  g_autoptr(GArray) strings = NULL;
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
  wb.wanted = name;
  if (!read_workbook (&pkg, &wb, error))
    return NULL;
  part = find_sheet_part (&pkg, &wb, error);
  if (part == NULL)
    return NULL;

  /* The shared strings go straight into the sheet's strings: a cell that
   * shows one points at it. */
  sheet = linli_sheet_new (wb.sheet_name);
  strings = read_shared_strings (&pkg, sheet->strings, error);
  if (strings == NULL)
    return NULL;
  date_styles = read_date_styles (&pkg, error);
  if (date_styles == NULL)
    return NULL;

  if (!read_sheet (&pkg, part, sheet, strings, date_styles, wb.date1904, error))
    return NULL;
  g_ptr_array_add (wb.visible, NULL);
  sheet->sheets = (char **) g_ptr_array_free (g_steal_pointer (&wb.visible), FALSE);
  return g_steal_pointer (&sheet);
}
