/* linli-import.c: residents from a ledger into the community file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three steps, so that the user sees what will happen before anything is
 * written: read the sheet and find its columns (linli_import_new()),
 * check every row (linli_import_validate(): a report of bad rows and
 * warnings, with the row numbers the spreadsheet shows), then write the
 * good rows in one transaction (linli_import_run()). The territory a row
 * names is created when it does not exist yet; a resident already in the
 * file (same ID number, else same name in the same household) is updated,
 * so that importing the same ledger twice changes nothing.
 */

#define G_LOG_DOMAIN "linli-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "linli-format.h"
#include "linli-idnumber.h"
#include "linli-import-private.h"

/* Issues ---------------------------------------------------------------- */

struct _LinliImportIssue
{
  GObject              parent_instance;
  guint                row;
  char                *name;
  char                *message;
  LinliImportSeverity  severity;
};

G_DEFINE_FINAL_TYPE (LinliImportIssue, linli_import_issue, G_TYPE_OBJECT)

static void
linli_import_issue_finalize (GObject *object)
{
  LinliImportIssue *self = LINLI_IMPORT_ISSUE (object);

  g_free (self->name);
  g_free (self->message);
  G_OBJECT_CLASS (linli_import_issue_parent_class)->finalize (object);
}

static void
linli_import_issue_class_init (LinliImportIssueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = linli_import_issue_finalize;
}

static void
linli_import_issue_init (LinliImportIssue *self)
{
}

/* The row number as the spreadsheet shows it. */
guint
linli_import_issue_get_row (LinliImportIssue *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT_ISSUE (self), 0);
  return self->row;
}

const char *
linli_import_issue_get_name (LinliImportIssue *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT_ISSUE (self), NULL);
  return self->name ? self->name : "";
}

const char *
linli_import_issue_get_message (LinliImportIssue *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT_ISSUE (self), NULL);
  return self->message;
}

LinliImportSeverity
linli_import_issue_get_severity (LinliImportIssue *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT_ISSUE (self), LINLI_IMPORT_WARNING);
  return self->severity;
}

/* Records --------------------------------------------------------------- */

typedef struct
{
  guint     row;
  gboolean  valid;
  char     *name;
  char     *gender;       /* "M", "F" or NULL */
  char     *id_number;
  char     *birth_date;
  char     *phone;
  char     *grid;
  char     *compound;
  char     *building;
  int       unit;
  char     *room;
  int       floor;        /* -1: unknown */
  char     *relation;
  gboolean  is_head;
  char    **tags;
  char     *notes;
} Record;

static void
record_clear (Record *r)
{
  g_free (r->name);
  g_free (r->gender);
  g_free (r->id_number);
  g_free (r->birth_date);
  g_free (r->phone);
  g_free (r->grid);
  g_free (r->compound);
  g_free (r->building);
  g_free (r->room);
  g_free (r->relation);
  g_strfreev (r->tags);
  g_free (r->notes);
}

struct _LinliImport
{
  GObject             parent_instance;

  LinliSheet         *sheet;
  LinliImportMapping *mapping;
  GListStore         *issues;
  GArray             *records;     /* Record */
  gboolean            validated;
  guint               n_valid;
  guint               n_invalid;
  guint               n_warnings;
  GDate               today;
};

G_DEFINE_FINAL_TYPE (LinliImport, linli_import, G_TYPE_OBJECT)

void
linli_import_result_clear (LinliImportResult *result)
{
  g_clear_pointer (&result->community_id, g_free);
}

static void
on_mapping_changed_cb (LinliImport *self)
{
  self->validated = FALSE;
}

/**
 * linli_import_new:
 * @sheet: (transfer full): the sheet as read
 *
 * Returns: (transfer full) (nullable): the import, its columns detected;
 *   %NULL with @error set when no header row is found
 */
LinliImport *
linli_import_new (LinliSheet  *sheet,
                  GError     **error)
{
  g_autoptr(LinliSheet) owned = sheet;
  g_autoptr(LinliImportMapping) mapping = NULL;
  LinliImport *self;

  g_return_val_if_fail (sheet != NULL, NULL);

  mapping = linli_import_mapping_detect (sheet, error);
  if (mapping == NULL)
    return NULL;

  self = g_object_new (LINLI_TYPE_IMPORT, NULL);
  self->sheet = g_steal_pointer (&owned);
  self->mapping = g_steal_pointer (&mapping);
  g_signal_connect_object (self->mapping, "changed", G_CALLBACK (on_mapping_changed_cb),
                           self, G_CONNECT_SWAPPED);
  return self;
}

/**
 * linli_import_new_for_file:
 * @path: an .xlsx or .csv ledger
 *
 * Returns: (transfer full) (nullable): the import, or %NULL with @error
 *   set to a message that says what is wrong with the file and where
 */
LinliImport *
linli_import_new_for_file (const char  *path,
                           GError     **error)
{
  LinliSheet *sheet = linli_sheet_read_file (path, error);

  if (sheet == NULL)
    return NULL;
  return linli_import_new (sheet, error);
}

LinliSheet *
linli_import_get_sheet (LinliImport *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT (self), NULL);
  return self->sheet;
}

/**
 * linli_import_get_mapping:
 *
 * Returns: (transfer none): what each column holds; changing it makes
 *   the next linli_import_validate() read the rows anew
 */
LinliImportMapping *
linli_import_get_mapping (LinliImport *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT (self), NULL);
  return self->mapping;
}

/* Validation ------------------------------------------------------------ */

static void
add_issue (LinliImport         *self,
           Record              *record,
           LinliImportSeverity  severity,
           const char          *format,
           ...) G_GNUC_PRINTF (4, 5);

static void
add_issue (LinliImport         *self,
           Record              *record,
           LinliImportSeverity  severity,
           const char          *format,
           ...)
{
  LinliImportIssue *issue = g_object_new (LINLI_TYPE_IMPORT_ISSUE, NULL);
  va_list args;

  va_start (args, format);
  issue->message = g_strdup_vprintf (format, args);
  va_end (args);
  issue->row = record->row;
  issue->name = g_strdup (record->name);
  issue->severity = severity;
  g_list_store_append (self->issues, issue);
  g_object_unref (issue);

  if (severity == LINLI_IMPORT_ERROR_ROW)
    record->valid = FALSE;
  else
    self->n_warnings++;
}

/* The trimmed text of a field in a row; NULL when empty or not mapped. */
static char *
cell (LinliImport      *self,
      const int        *columns,
      guint             index,
      LinliImportField  field)
{
  const char *v;
  char *s;

  if (columns[field] < 0)
    return NULL;
  v = linli_sheet_get_cell (self->sheet, index, (guint) columns[field]);
  if (v == NULL)
    return NULL;
  s = _linli_import_fold (v);
  if (*s == '\0')
    g_clear_pointer (&s, g_free);
  return s;
}

static char *
notes_of_row (LinliImport *self,
              guint        index)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint c = 0; c < linli_import_mapping_get_n_columns (self->mapping); c++)
    {
      g_autofree char *v = NULL;

      if (linli_import_mapping_get_field (self->mapping, c) != LINLI_IMPORT_FIELD_NOTES)
        continue;
      v = g_strdup (linli_sheet_get_cell (self->sheet, index, c));
      if (v == NULL || *g_strstrip (v) == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, "；");
      g_string_append (out, v);
    }
  return out->len ? g_strdup (out->str) : NULL;
}

static gboolean
is_yes (const char *v)
{
  static const char *yes[] = { "是", "√", "✓", "✔", "Y", "y", "YES", "Yes", "yes", "1", "户主", "本人", "TRUE" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    if (g_str_equal (v, yes[i]))
      return TRUE;
  return FALSE;
}

/* Rows under a ledger's table that are not residents. */
static gboolean
is_footer (const char *name)
{
  static const char *words[] = { "合计", "总计", "小计", "制表", "填表", "审核", "负责人", "统计" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_has_prefix (name, words[i]))
      return TRUE;
  return FALSE;
}

static char *
household_key (Record *r)
{
  return g_strdup_printf ("%s\x1f%s\x1f%d\x1f%s", r->compound ? r->compound : "", r->building,
                          r->unit, r->room);
}

static void
check_id_number (LinliImport *self,
                 Record      *r,
                 const char  *raw)
{
  g_autofree char *masked = NULL;
  LinliIdStatus status;

  if (strchr (raw, '*') != NULL)
    {
      add_issue (self, r, LINLI_IMPORT_ERROR_ROW,
                 _("the ID number %s is masked with *; import a ledger with the full numbers "
                   "(export with “full ID numbers”)"), raw);
      return;
    }

  r->id_number = linli_id_number_normalize (raw);
  status = linli_id_number_check (r->id_number);
  if (status == LINLI_ID_OK)
    return;

  masked = linli_mask_id_number (r->id_number);
  if ((strchr (raw, 'E') || strchr (raw, 'e') || g_str_has_suffix (r->id_number, "000")) &&
      strlen (r->id_number) >= 15 && status != LINLI_ID_BAD_CHARACTERS)
    add_issue (self, r, LINLI_IMPORT_ERROR_ROW,
               _("the ID number %s was stored as a number, and Excel kept only its first 15 "
                 "digits; format the column as text and type the number again"), masked);
  else
    add_issue (self, r, LINLI_IMPORT_ERROR_ROW, _("ID number %s: %s"), masked,
               linli_id_status_describe (status));
  g_clear_pointer (&r->id_number, g_free);
}

static void
validate_row (LinliImport *self,
              const int   *cols,
              guint        index,
              Record      *r,
              GHashTable  *first_tags)
{
  g_autofree char *gender = cell (self, cols, index, LINLI_IMPORT_FIELD_GENDER);
  g_autofree char *id = cell (self, cols, index, LINLI_IMPORT_FIELD_ID_NUMBER);
  g_autofree char *birth = cell (self, cols, index, LINLI_IMPORT_FIELD_BIRTH_DATE);
  g_autofree char *age = cell (self, cols, index, LINLI_IMPORT_FIELD_AGE);
  g_autofree char *phone = cell (self, cols, index, LINLI_IMPORT_FIELD_PHONE);
  g_autofree char *building = cell (self, cols, index, LINLI_IMPORT_FIELD_BUILDING);
  g_autofree char *unit = cell (self, cols, index, LINLI_IMPORT_FIELD_UNIT);
  g_autofree char *floor = cell (self, cols, index, LINLI_IMPORT_FIELD_FLOOR);
  g_autofree char *room = cell (self, cols, index, LINLI_IMPORT_FIELD_ROOM);
  g_autofree char *address = cell (self, cols, index, LINLI_IMPORT_FIELD_ADDRESS);
  g_autofree char *relation = cell (self, cols, index, LINLI_IMPORT_FIELD_RELATION);
  g_autofree char *head = cell (self, cols, index, LINLI_IMPORT_FIELD_HEAD);
  g_autofree char *tags = cell (self, cols, index, LINLI_IMPORT_FIELD_TAGS);
  g_autofree char *id_birth = NULL;
  gboolean month_only = FALSE;

  r->grid = cell (self, cols, index, LINLI_IMPORT_FIELD_GRID);
  r->compound = cell (self, cols, index, LINLI_IMPORT_FIELD_COMPOUND);
  r->notes = notes_of_row (self, index);
  r->floor = -1;

  if (r->name == NULL)
    add_issue (self, r, LINLI_IMPORT_ERROR_ROW, _("the name is empty"));
  else if (g_utf8_strlen (r->name, -1) > 40)
    add_issue (self, r, LINLI_IMPORT_ERROR_ROW, _("the name is %ld characters long; is it a name?"),
               g_utf8_strlen (r->name, -1));

  /* ID number, and what it says of birth and gender */
  if (id != NULL)
    check_id_number (self, r, id);
  else
    add_issue (self, r, LINLI_IMPORT_WARNING, _("no ID number: a second import cannot tell this "
                                                "resident from a namesake elsewhere"));
  if (r->id_number != NULL)
    id_birth = linli_id_number_birth_date (r->id_number);

  if (birth != NULL)
    {
      r->birth_date = _linli_import_date (birth, &month_only);
      if (r->birth_date == NULL)
        add_issue (self, r, LINLI_IMPORT_ERROR_ROW, _("the birth date “%s” is not a date"), birth);
      else if (id_birth != NULL && !g_str_has_prefix (id_birth, r->birth_date))
        add_issue (self, r, LINLI_IMPORT_ERROR_ROW,
                   _("the birth date %s does not match the ID number, which says %s"),
                   r->birth_date, id_birth);
      else if (month_only && id_birth == NULL)
        {
          char *full = g_strconcat (r->birth_date, "-01", NULL);

          add_issue (self, r, LINLI_IMPORT_WARNING,
                     _("only the month of birth is known (%s); it is kept as the 1st of the month"),
                     r->birth_date);
          g_free (r->birth_date);
          r->birth_date = full;
        }
    }
  if (id_birth != NULL && (r->birth_date == NULL || month_only))
    {
      g_free (r->birth_date);
      r->birth_date = g_steal_pointer (&id_birth);
    }

  if (gender != NULL)
    {
      if (g_str_equal (gender, "男") || g_str_equal (gender, "男性") || g_ascii_strcasecmp (gender, "M") == 0)
        r->gender = g_strdup ("M");
      else if (g_str_equal (gender, "女") || g_str_equal (gender, "女性") || g_ascii_strcasecmp (gender, "F") == 0)
        r->gender = g_strdup ("F");
      else
        add_issue (self, r, LINLI_IMPORT_ERROR_ROW, _("the gender “%s” is neither 男 nor 女"), gender);
    }
  if (r->id_number != NULL)
    {
      char g = linli_id_number_gender (r->id_number);

      if (r->gender != NULL && r->gender[0] != g)
        add_issue (self, r, LINLI_IMPORT_ERROR_ROW,
                   _("the gender %s does not match the ID number, which is a %s’s"),
                   gender, g == 'M' ? _("man") : _("woman"));
      else if (r->gender == NULL && g != '\0')
        r->gender = g_strdup_printf ("%c", g);
    }

  if (age != NULL && r->birth_date != NULL)
    {
      int years = atoi (age);
      int computed = linli_age_on (r->birth_date, &self->today);

      if (computed >= 0 && ABS (years - computed) > 1)
        add_issue (self, r, LINLI_IMPORT_WARNING,
                   _("the age %s does not match the birth date (%d years); the birth date is kept"),
                   age, computed);
    }

  if (phone != NULL)
    {
      r->phone = linli_phone_normalize (phone);
      if (!linli_phone_is_valid (r->phone))
        {
          add_issue (self, r, LINLI_IMPORT_ERROR_ROW,
                     _("the phone number “%s” is neither a mobile (11 digits, starting with 1) nor "
                       "a landline"), phone);
          g_clear_pointer (&r->phone, g_free);
        }
    }

  /* Address: the columns, or one address cell, or a building cell that
   * holds the whole address. */
  if (address != NULL && (building == NULL || room == NULL))
    {
      g_auto(LinliAddress) a = { 0 };

      if (_linli_import_parse_address (address, &a))
        {
          if (r->compound == NULL)
            r->compound = g_steal_pointer (&a.compound);
          r->building = g_steal_pointer (&a.building);
          r->unit = a.unit;
          r->room = g_steal_pointer (&a.room);
        }
      else
        add_issue (self, r, LINLI_IMPORT_ERROR_ROW,
                   _("the address “%s” cannot be read as building, unit and room; write it as "
                     "12栋2单元501 or 12-2-501"), address);
    }
  else if (building != NULL && room == NULL)
    {
      g_auto(LinliAddress) a = { 0 };

      if (_linli_import_parse_address (building, &a))
        {
          if (r->compound == NULL)
            r->compound = g_steal_pointer (&a.compound);
          r->building = g_steal_pointer (&a.building);
          r->unit = a.unit;
          r->room = g_steal_pointer (&a.room);
        }
    }

  if (r->building == NULL && r->room == NULL && (address == NULL || building != NULL))
    {
      if (building != NULL)
        {
          r->building = _linli_import_building (building);
          if (r->building == NULL || strlen (r->building) > 16)
            {
              add_issue (self, r, LINLI_IMPORT_ERROR_ROW, _("the building “%s” is not a building number"), building);
              g_clear_pointer (&r->building, g_free);
            }
        }
      else
        add_issue (self, r, LINLI_IMPORT_ERROR_ROW, _("the building is missing"));

      if (unit != NULL)
        {
          r->unit = _linli_import_unit (unit);
          if (r->unit < 0)
            add_issue (self, r, LINLI_IMPORT_ERROR_ROW, _("the unit “%s” is not a unit number"), unit);
        }

      if (room != NULL)
        {
          r->room = _linli_import_room (room);
          if (r->room == NULL)
            add_issue (self, r, LINLI_IMPORT_ERROR_ROW, _("the room “%s” is not a room number"), room);
        }
      else
        add_issue (self, r, LINLI_IMPORT_ERROR_ROW, _("the room number is missing"));
    }
  if (r->unit == 0)
    r->unit = 1;

  if (floor != NULL)
    {
      g_autofree char *f = g_strdup (floor);
      char *end = NULL;
      long n;

      n = strtol (f, &end, 10);
      if (end != f && (*end == '\0' || g_str_equal (end, "层") || g_str_equal (end, "楼")) && n > -10 && n < 200)
        r->floor = (int) n;
      else
        add_issue (self, r, LINLI_IMPORT_WARNING, _("the floor “%s” is not a number; it is taken from the room"), floor);
    }
  if (r->floor < 0 && r->room != NULL)
    r->floor = _linli_import_floor_of_room (r->room);

  /* Head of household and relation */
  if (relation != NULL)
    {
      r->relation = g_str_equal (relation, "本人") ? g_strdup ("户主") : g_strdup (relation);
      if (g_str_equal (r->relation, "户主"))
        r->is_head = TRUE;
    }
  if (head != NULL)
    {
      /* Otherwise 否, or the head's name: this resident is not the head. */
      if (is_yes (head) || (r->name != NULL && g_str_equal (head, r->name)))
        r->is_head = TRUE;
      if (r->is_head && r->relation == NULL)
        r->relation = g_strdup ("户主");
    }

  /* Categories */
  if (tags != NULL)
    {
      static GRegex *separators;
      g_auto(GStrv) parts = NULL;

      if (g_once_init_enter (&separators))
        g_once_init_leave (&separators, g_regex_new ("[,，、;；/|\\s]+", G_REGEX_OPTIMIZE, 0, NULL));
      parts = g_regex_split (separators, tags, 0);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; parts[i] != NULL; i++)
        {
          const char *canonical = NULL;

          if (*parts[i] == '\0' || g_str_equal (parts[i], "无") || g_str_equal (parts[i], "-"))
            continue;
          if (_linli_import_tag_code (parts[i], &canonical) == NULL)
            {
              canonical = parts[i];
              if (!g_hash_table_contains (first_tags, canonical))
                {
                  g_hash_table_add (first_tags, g_strdup (canonical));
                  add_issue (self, r, LINLI_IMPORT_WARNING,
                             _("“%s” is not one of Linli’s categories: it will be added as a new tag"),
                             canonical);
                }
            }
          g_strv_builder_add (builder, canonical);
        }
      r->tags = g_strv_builder_end (builder);
    }
}

/**
 * linli_import_validate:
 *
 * Reads every row under the header with the current mapping and checks
 * it. The findings are in linli_import_get_issues(), row by row.
 */
void
linli_import_validate (LinliImport *self)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) by_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) heads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) first_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int cols[LINLI_IMPORT_N_FIELDS];

  g_return_if_fail (LINLI_IS_IMPORT (self));

  g_date_clear (&self->today, 1);
  g_date_set_time_t (&self->today, time (NULL));
  g_list_store_remove_all (self->issues);
  g_array_set_size (self->records, 0);
  self->n_valid = self->n_invalid = self->n_warnings = 0;

  for (guint f = 0; f < LINLI_IMPORT_N_FIELDS; f++)
    cols[f] = linli_import_mapping_find (self->mapping, f);

  for (guint i = linli_import_mapping_get_header_index (self->mapping) + 1; i < self->sheet->rows->len; i++)
    {
      LinliSheetRow *row = g_ptr_array_index (self->sheet->rows, i);
      gboolean any = FALSE;
      Record r = { 0 };

      /* A row with nothing in the imported columns is no resident. */
      for (guint c = 0; c < row->cells->len && !any; c++)
        if (g_ptr_array_index (row->cells, c) != NULL &&
            linli_import_mapping_get_field (self->mapping, c) != LINLI_IMPORT_FIELD_IGNORE &&
            linli_import_mapping_get_field (self->mapping, c) != LINLI_IMPORT_FIELD_SERIAL)
          any = TRUE;
      if (!any)
        continue;

      r.row = row->number;
      r.valid = TRUE;
      r.name = cell (self, cols, i, LINLI_IMPORT_FIELD_NAME);
      {
        const char *first = NULL;

        for (guint c = 0; c < row->cells->len && first == NULL; c++)
          first = g_ptr_array_index (row->cells, c);
        if (first != NULL && is_footer (first))
          {
            record_clear (&r);
            continue;
          }
      }
      if (r.name != NULL && (is_footer (r.name) ||
                             linli_import_field_from_header (r.name) == LINLI_IMPORT_FIELD_NAME))
        {
          /* a total under the table, or the header repeated on a new page */
          record_clear (&r);
          continue;
        }

      validate_row (self, cols, i, &r, first_tags);

      if (r.id_number != NULL)
        {
          guint first_index = GPOINTER_TO_UINT (g_hash_table_lookup (by_id, r.id_number));
          Record *first = first_index ? &g_array_index (self->records, Record, first_index - 1) : NULL;

          if (first != NULL)
            add_issue (self, &r, LINLI_IMPORT_ERROR_ROW,
                       _("the same ID number as row %u (%s)"), first->row, first->name ? first->name : "");
        }
      if (r.name != NULL && r.building != NULL && r.room != NULL)
        {
          g_autofree char *hkey = household_key (&r);
          char *key = g_strdup_printf ("%s\x1f%s", r.name, hkey);
          guint first_row = GPOINTER_TO_UINT (g_hash_table_lookup (by_address, key));

          if (first_row != 0)
            {
              Record *first = &g_array_index (self->records, Record, first_row - 1);

              if (first->id_number == NULL || r.id_number == NULL)
                add_issue (self, &r, LINLI_IMPORT_ERROR_ROW,
                           _("the same name at the same address as row %u"), first->row);
              g_free (key);
            }
          else
            g_hash_table_insert (by_address, key, GUINT_TO_POINTER (self->records->len + 1));

          if (r.is_head && r.valid)
            {
              guint head_row = GPOINTER_TO_UINT (g_hash_table_lookup (heads, hkey));

              if (head_row != 0)
                {
                  add_issue (self, &r, LINLI_IMPORT_WARNING,
                             _("a second head of the same household; the one in row %u stays head"),
                             head_row);
                  r.is_head = FALSE;
                }
              else
                g_hash_table_insert (heads, g_steal_pointer (&hkey), GUINT_TO_POINTER (r.row));
            }
        }

      g_array_append_val (self->records, r);
      if (r.id_number != NULL && r.valid && !g_hash_table_contains (by_id, r.id_number))
        g_hash_table_insert (by_id, g_strdup (r.id_number), GUINT_TO_POINTER (self->records->len));
      if (r.valid)
        self->n_valid++;
      else
        self->n_invalid++;
    }

  self->validated = TRUE;
}

static void
ensure_validated (LinliImport *self)
{
  if (!self->validated)
    linli_import_validate (self);
}

/**
 * linli_import_get_issues:
 *
 * Returns: (transfer none): a list of #LinliImportIssue, in row order
 */
GListModel *
linli_import_get_issues (LinliImport *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT (self), NULL);
  ensure_validated (self);
  return G_LIST_MODEL (self->issues);
}

/* The rows that hold a resident, good or bad. */
guint
linli_import_get_n_records (LinliImport *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT (self), 0);
  ensure_validated (self);
  return self->records->len;
}

guint
linli_import_get_n_valid (LinliImport *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT (self), 0);
  ensure_validated (self);
  return self->n_valid;
}

guint
linli_import_get_n_invalid (LinliImport *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT (self), 0);
  ensure_validated (self);
  return self->n_invalid;
}

guint
linli_import_get_n_warnings (LinliImport *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT (self), 0);
  ensure_validated (self);
  return self->n_warnings;
}

/**
 * linli_import_format_report:
 *
 * Returns: (transfer full): one line per finding, "Row 12 (王秀英): …",
 *   errors first
 */
char *
linli_import_format_report (LinliImport *self)
{
  GString *out = g_string_new (NULL);
  GListModel *issues = linli_import_get_issues (self);
  guint n = g_list_model_get_n_items (issues);

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(LinliImportIssue) issue = g_list_model_get_item (issues, i);

        if ((pass == 0) != (issue->severity == LINLI_IMPORT_ERROR_ROW))
          continue;
        if (issue->severity == LINLI_IMPORT_ERROR_ROW)
          g_string_append_printf (out, _("Row %u (%s): error: %s\n"), issue->row,
                                  issue->name ? issue->name : "", issue->message);
        else
          g_string_append_printf (out, _("Row %u (%s): warning: %s\n"), issue->row,
                                  issue->name ? issue->name : "", issue->message);
      }
  return g_string_free (out, FALSE);
}

/* The import ------------------------------------------------------------ */

typedef struct
{
  LinliDb       *db;
  sqlite3       *handle;
  const char    *community;
  GHashTable    *grid_by_name;       /* name -> id */
  GHashTable    *grid_by_number;     /* "3" -> id */
  GHashTable    *compound_by_name;
  GHashTable    *building_by_key;    /* compound_id \x1f number -> id */
  GHashTable    *building_by_number; /* number -> id (the first) */
  GHashTable    *building_grid;      /* id -> grid id */
  GHashTable    *unit_by_key;        /* building_id \x1f number -> id */
  GHashTable    *household_by_key;   /* unit_id \x1f room -> id */
  GHashTable    *household_head;     /* id -> head id */
  GHashTable    *person_by_id_number;
  GHashTable    *person_by_name;     /* name \x1f household_id -> id */
  GHashTable    *person_has_id;      /* ids of persons with an ID number */
  GHashTable    *tag_by_code;
  GHashTable    *tag_by_name;
  GHashTable    *person_tags;        /* person_id \x1f tag_id */
  sqlite3_stmt  *insert_person;
  sqlite3_stmt  *update_person;
  sqlite3_stmt  *insert_household;
  sqlite3_stmt  *insert_person_tag;
  GArray        *touched;            /* rowids of updated persons, to index again */
  sqlite3_stmt  *insert_head;        /* into temp.linli_import_head */
  LinliImportResult *result;
} Writer;

static GHashTable *
str_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
writer_clear (Writer *w)
{
  g_clear_pointer (&w->grid_by_name, g_hash_table_unref);
  g_clear_pointer (&w->grid_by_number, g_hash_table_unref);
  g_clear_pointer (&w->compound_by_name, g_hash_table_unref);
  g_clear_pointer (&w->building_by_key, g_hash_table_unref);
  g_clear_pointer (&w->building_by_number, g_hash_table_unref);
  g_clear_pointer (&w->building_grid, g_hash_table_unref);
  g_clear_pointer (&w->unit_by_key, g_hash_table_unref);
  g_clear_pointer (&w->household_by_key, g_hash_table_unref);
  g_clear_pointer (&w->household_head, g_hash_table_unref);
  g_clear_pointer (&w->person_by_id_number, g_hash_table_unref);
  g_clear_pointer (&w->person_by_name, g_hash_table_unref);
  g_clear_pointer (&w->person_has_id, g_hash_table_unref);
  g_clear_pointer (&w->tag_by_code, g_hash_table_unref);
  g_clear_pointer (&w->tag_by_name, g_hash_table_unref);
  g_clear_pointer (&w->person_tags, g_hash_table_unref);
  g_clear_pointer (&w->insert_person, sqlite3_finalize);
  g_clear_pointer (&w->update_person, sqlite3_finalize);
  g_clear_pointer (&w->insert_household, sqlite3_finalize);
  g_clear_pointer (&w->insert_person_tag, sqlite3_finalize);
  g_clear_pointer (&w->touched, g_array_unref);
  g_clear_pointer (&w->insert_head, sqlite3_finalize);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

static char *
key2 (const char *a,
      const char *b)
{
  return g_strconcat (a ? a : "", "\x1f", b ? b : "", NULL);
}

static gboolean
load (Writer      *w,
      const char  *sql,
      GHashTable  *table,
      GHashTable  *second,
      GError     **error)
{
  g_autoptr(LinliQuery) q = linli_db_query (w->db, error, sql, "s", w->community);
  g_autoptr(GError) local_error = NULL;

  if (q == NULL)
    return FALSE;
  while (linli_query_next (q, &local_error))
    {
      const char *key = linli_query_get_string (q, 0);
      const char *id = linli_query_get_string (q, 1);

      if (key == NULL)
        continue;
      if (!g_hash_table_contains (table, key))
        g_hash_table_insert (table, g_strdup (key), g_strdup (id));
      if (second != NULL && !linli_query_is_null (q, 2) && !g_hash_table_contains (second, linli_query_get_string (q, 2)))
        g_hash_table_insert (second, g_strdup (linli_query_get_string (q, 2)), g_strdup (id));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
prepare (Writer        *w,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  if (sqlite3_prepare_v3 (w->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED, "%s", sqlite3_errmsg (w->handle));
      return FALSE;
    }
  return TRUE;
}

static gboolean
writer_init (Writer      *w,
             GError     **error)
{
  w->handle = linli_db_get_handle (w->db);
  w->grid_by_name = str_table ();
  w->grid_by_number = str_table ();
  w->compound_by_name = str_table ();
  w->building_by_key = str_table ();
  w->building_by_number = str_table ();
  w->building_grid = str_table ();
  w->unit_by_key = str_table ();
  w->household_by_key = str_table ();
  w->household_head = str_table ();
  w->person_by_id_number = str_table ();
  w->person_by_name = str_table ();
  w->person_has_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w->touched = g_array_new (FALSE, FALSE, sizeof (gint64));

  w->tag_by_code = str_table ();
  w->tag_by_name = str_table ();
  w->person_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!load (w, "SELECT name, id, CAST (number AS TEXT) FROM grid WHERE community_id = ? AND deleted = 0 ORDER BY rowid",
             w->grid_by_name, w->grid_by_number, error) ||
      !load (w, "SELECT name, id FROM compound WHERE community_id = ? AND deleted = 0 ORDER BY rowid",
             w->compound_by_name, NULL, error) ||
      !load (w, "SELECT coalesce (compound_id, '') || char (31) || number, id, number FROM building "
                "WHERE community_id = ? AND deleted = 0 ORDER BY rowid",
             w->building_by_key, w->building_by_number, error) ||
      !load (w, "SELECT id, grid_id FROM building WHERE community_id = ? AND deleted = 0 AND grid_id IS NOT NULL",
             w->building_grid, NULL, error) ||
      !load (w, "SELECT building_id || char (31) || number, id FROM unit WHERE community_id = ? AND deleted = 0 ORDER BY rowid",
             w->unit_by_key, NULL, error) ||
      !load (w, "SELECT unit_id || char (31) || room, id FROM household WHERE community_id = ? AND deleted = 0 ORDER BY rowid",
             w->household_by_key, NULL, error) ||
      !load (w, "SELECT id, head_id FROM household WHERE community_id = ? AND deleted = 0 AND head_id IS NOT NULL",
             w->household_head, NULL, error) ||
      !load (w, "SELECT id_number, id FROM person WHERE community_id = ? AND deleted = 0 AND id_number IS NOT NULL "
                "AND id_number <> '' ORDER BY rowid",
             w->person_by_id_number, NULL, error) ||
      !load (w, "SELECT name || char (31) || household_id, id FROM person WHERE community_id = ? AND deleted = 0 "
                "AND household_id IS NOT NULL ORDER BY rowid",
             w->person_by_name, NULL, error) ||
      !load (w, "SELECT code, id FROM tag WHERE community_id = ? AND deleted = 0 AND code IS NOT NULL ORDER BY rowid",
             w->tag_by_code, NULL, error) ||
      !load (w, "SELECT name, id FROM tag WHERE community_id = ? AND deleted = 0 ORDER BY rowid",
             w->tag_by_name, NULL, error))
    return FALSE;

  {
    g_autoptr(LinliQuery) q = linli_db_query (w->db, error,
                                              "SELECT person_id || char (31) || tag_id FROM person_tag "
                                              "WHERE community_id = ? AND deleted = 0", "s", w->community);
    if (q == NULL)
      return FALSE;
    while (linli_query_next (q, NULL))
      g_hash_table_add (w->person_tags, linli_query_dup_string (q, 0));
  }
  {
    g_autoptr(LinliQuery) q = linli_db_query (w->db, error,
                                              "SELECT id FROM person WHERE community_id = ? AND deleted = 0 "
                                              "AND id_number IS NOT NULL AND id_number <> ''", "s", w->community);
    if (q == NULL)
      return FALSE;
    while (linli_query_next (q, NULL))
      g_hash_table_add (w->person_has_id, linli_query_dup_string (q, 0));
  }

  if (!linli_db_exec_script (w->db, "CREATE TEMP TABLE IF NOT EXISTS linli_import_head "
                                    "(household_id TEXT PRIMARY KEY, person_id TEXT); "
                                    "DELETE FROM temp.linli_import_head", error))
    return FALSE;

  return prepare (w, "INSERT OR REPLACE INTO temp.linli_import_head (household_id, person_id) VALUES (?, ?)",
                  &w->insert_head, error) &&
         prepare (w, "INSERT INTO person (id, _hlc, community_id, household_id, name, gender, id_number, "
                     "birth_date, phone, relation, notes) VALUES (?1, linli_hlc (), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                  &w->insert_person, error) &&
         /* Only what the ledger says replaces what is there, and a row
          * that says nothing new is not written (nor journaled). */
         prepare (w, "UPDATE person SET household_id = ?3, name = ?4, gender = coalesce (?5, gender), "
                     "id_number = coalesce (?6, id_number), birth_date = coalesce (?7, birth_date), "
                     "phone = coalesce (?8, phone), relation = coalesce (?9, relation), notes = coalesce (?10, notes) "
                     "WHERE id = ?1 AND ?2 = community_id AND (household_id IS NOT ?3 OR name IS NOT ?4 "
                     "OR (?5 IS NOT NULL AND ?5 IS NOT gender) OR (?6 IS NOT NULL AND ?6 IS NOT id_number) "
                     "OR (?7 IS NOT NULL AND ?7 IS NOT birth_date) OR (?8 IS NOT NULL AND ?8 IS NOT phone) "
                     "OR (?9 IS NOT NULL AND ?9 IS NOT relation) OR (?10 IS NOT NULL AND ?10 IS NOT notes)) "
                     "RETURNING rowid",
                  &w->update_person, error) &&
         prepare (w, "INSERT INTO household (id, _hlc, community_id, unit_id, floor, room) "
                     "VALUES (?, linli_hlc (), ?, ?, ?, ?)",
                  &w->insert_household, error) &&
         prepare (w, "INSERT INTO person_tag (id, _hlc, community_id, person_id, tag_id) "
                     "VALUES (?, linli_hlc (), ?, ?, ?)",
                  &w->insert_person_tag, error);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           i,
           const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, i, value, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, i);
}

static gboolean
step (Writer        *w,
      sqlite3_stmt  *stmt,
      GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED, "%s", sqlite3_errmsg (w->handle));
      return FALSE;
    }
  return TRUE;
}

static const char *
ensure_grid (Writer      *w,
             const char  *text,
             GError     **error)
{
  const char *id = g_hash_table_lookup (w->grid_by_name, text);
  g_autofree char *name = NULL;
  g_autofree char *number = NULL;
  char *new_id;
  const char *p;

  if (id != NULL)
    return id;

  for (p = text; *p && !g_ascii_isdigit (*p); p++)
    ;
  if (*p)
    number = g_strdup_printf ("%d", atoi (p));
  if (number != NULL && (id = g_hash_table_lookup (w->grid_by_number, number)) != NULL)
    {
      g_hash_table_insert (w->grid_by_name, g_strdup (text), g_strdup (id));
      return g_hash_table_lookup (w->grid_by_name, text);
    }

  /* "3" alone names the third grid */
  {
    gboolean digits_only = TRUE;

    for (p = text; *p; p++)
      if (!g_ascii_isdigit (*p))
        digits_only = FALSE;
    name = digits_only ? g_strdup_printf (_("Grid %s"), number) : g_strdup (text);
  }

  new_id = linli_new_id ();
  if (!linli_db_insert_with_id (w->db, error, "grid", new_id, "community_id,number,name", "sss",
                                w->community, number, name))
    {
      g_free (new_id);
      return NULL;
    }
  w->result->grids_created++;
  g_hash_table_insert (w->grid_by_name, g_strdup (text), g_strdup (new_id));
  if (!g_str_equal (name, text))
    g_hash_table_insert (w->grid_by_name, g_strdup (name), g_strdup (new_id));
  if (number != NULL)
    g_hash_table_insert (w->grid_by_number, g_strdup (number), g_strdup (new_id));
  g_free (new_id);
  return g_hash_table_lookup (w->grid_by_name, text);
}

static const char *
ensure_compound (Writer      *w,
                 const char  *name,
                 GError     **error)
{
  const char *id = g_hash_table_lookup (w->compound_by_name, name);
  char *new_id;

  if (id != NULL)
    return id;
  new_id = linli_db_insert (w->db, error, "compound", "community_id,name", "ss", w->community, name);
  if (new_id == NULL)
    return NULL;
  w->result->compounds_created++;
  g_hash_table_insert (w->compound_by_name, g_strdup (name), new_id);
  return new_id;
}

static const char *
ensure_building (Writer      *w,
                 const char  *compound_id,
                 const char  *number,
                 const char  *grid_id,
                 GError     **error)
{
  g_autofree char *key = key2 (compound_id, number);
  const char *id = g_hash_table_lookup (w->building_by_key, key);
  char *new_id;

  if (id == NULL && compound_id == NULL)
    id = g_hash_table_lookup (w->building_by_number, number);

  if (id != NULL)
    {
      /* The ledger says which grid the building is in. */
      if (grid_id != NULL && g_strcmp0 (g_hash_table_lookup (w->building_grid, id), grid_id) != 0)
        {
          if (!linli_db_set (w->db, error, "building", id, "grid_id", "s", grid_id))
            return NULL;
          g_hash_table_insert (w->building_grid, g_strdup (id), g_strdup (grid_id));
        }
      return id;
    }

  new_id = linli_db_insert (w->db, error, "building", "community_id,compound_id,grid_id,number",
                            "ssss", w->community, compound_id, grid_id, number);
  if (new_id == NULL)
    return NULL;
  w->result->buildings_created++;
  if (grid_id != NULL)
    g_hash_table_insert (w->building_grid, g_strdup (new_id), g_strdup (grid_id));
  if (!g_hash_table_contains (w->building_by_number, number))
    g_hash_table_insert (w->building_by_number, g_strdup (number), g_strdup (new_id));
  g_hash_table_insert (w->building_by_key, g_steal_pointer (&key), new_id);
  return new_id;
}

static const char *
ensure_unit (Writer      *w,
             const char  *building_id,
             int          number,
             GError     **error)
{
  char n[16];
  g_autofree char *key = NULL;
  const char *id;
  char *new_id;

  g_snprintf (n, sizeof n, "%d", number);
  key = key2 (building_id, n);
  id = g_hash_table_lookup (w->unit_by_key, key);
  if (id != NULL)
    return id;

  new_id = linli_db_insert (w->db, error, "unit", "community_id,building_id,number", "ssi",
                            w->community, building_id, number);
  if (new_id == NULL)
    return NULL;
  w->result->units_created++;
  g_hash_table_insert (w->unit_by_key, g_steal_pointer (&key), new_id);
  return new_id;
}

static const char *
ensure_household (Writer      *w,
                  const char  *unit_id,
                  Record      *r,
                  GError     **error)
{
  g_autofree char *key = key2 (unit_id, r->room);
  const char *id = g_hash_table_lookup (w->household_by_key, key);
  char *new_id;

  if (id != NULL)
    return id;

  new_id = linli_new_id ();
  sqlite3_bind_text (w->insert_household, 1, new_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->insert_household, 2, w->community, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->insert_household, 3, unit_id, -1, SQLITE_STATIC);
  if (r->floor >= 0)
    sqlite3_bind_int (w->insert_household, 4, r->floor);
  else
    sqlite3_bind_null (w->insert_household, 4);
  sqlite3_bind_text (w->insert_household, 5, r->room, -1, SQLITE_STATIC);
  if (!step (w, w->insert_household, error))
    {
      g_free (new_id);
      return NULL;
    }
  w->result->households_created++;
  g_hash_table_insert (w->household_by_key, g_steal_pointer (&key), new_id);
  return new_id;
}

static const char *
ensure_tag (Writer      *w,
            const char  *name,
            GError     **error)
{
  const char *canonical = NULL;
  const char *code = _linli_import_tag_code (name, &canonical);
  const char *id;
  char *new_id;
  gboolean care;

  id = code ? g_hash_table_lookup (w->tag_by_code, code) : g_hash_table_lookup (w->tag_by_name, name);
  if (id != NULL)
    return id;

  care = code != NULL && (g_str_equal (code, "alone") || g_str_equal (code, "empty_nest") ||
                          g_str_equal (code, "disabled") || g_str_equal (code, "low_income"));
  new_id = linli_db_insert (w->db, error, "tag", "community_id,code,name,care", "sssi",
                            w->community, code, code ? canonical : name, care ? 1 : 0);
  if (new_id == NULL)
    return NULL;
  w->result->tags_created++;
  if (code != NULL)
    g_hash_table_insert (w->tag_by_code, g_strdup (code), g_strdup (new_id));
  g_hash_table_insert (w->tag_by_name, g_strdup (code ? canonical : name), new_id);
  return new_id;
}

static gboolean
write_record (Writer  *w,
              Record  *r,
              GError **error)
{
  const char *grid_id = NULL, *compound_id = NULL, *building_id, *unit_id, *household_id;
  const char *person_id = NULL;
  g_autofree char *name_key = NULL;
  g_autofree char *new_id = NULL;
  int rc;

  if (r->grid != NULL && (grid_id = ensure_grid (w, r->grid, error)) == NULL)
    return FALSE;
  if (r->compound != NULL && (compound_id = ensure_compound (w, r->compound, error)) == NULL)
    return FALSE;
  if ((building_id = ensure_building (w, compound_id, r->building, grid_id, error)) == NULL ||
      (unit_id = ensure_unit (w, building_id, r->unit, error)) == NULL ||
      (household_id = ensure_household (w, unit_id, r, error)) == NULL)
    return FALSE;

  name_key = key2 (r->name, household_id);
  if (r->id_number != NULL)
    person_id = g_hash_table_lookup (w->person_by_id_number, r->id_number);
  /* The same name in the same household is the same resident, unless
   * both have ID numbers and they differ (a son named after his father). */
  if (person_id == NULL)
    {
      person_id = g_hash_table_lookup (w->person_by_name, name_key);
      if (person_id != NULL && r->id_number != NULL && g_hash_table_contains (w->person_has_id, person_id))
        person_id = NULL;
    }

  if (person_id != NULL)
    {
      sqlite3_stmt *s = w->update_person;

      bind_text (s, 1, person_id);
      bind_text (s, 2, w->community);
      bind_text (s, 3, household_id);
      bind_text (s, 4, r->name);
      bind_text (s, 5, r->gender);
      bind_text (s, 6, r->id_number);
      bind_text (s, 7, r->birth_date);
      bind_text (s, 8, r->phone);
      bind_text (s, 9, r->relation);
      bind_text (s, 10, r->notes);
      rc = sqlite3_step (s);
      if (rc == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (s, 0);

          g_array_append_val (w->touched, rowid);
          rc = sqlite3_step (s);
          w->result->updated++;
        }
      else
        w->result->unchanged++;
      sqlite3_reset (s);
      sqlite3_clear_bindings (s);
      if (rc != SQLITE_DONE)
        {
          g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED, "%s", sqlite3_errmsg (w->handle));
          return FALSE;
        }
    }
  else
    {
      sqlite3_stmt *s = w->insert_person;

      new_id = linli_new_id ();
      bind_text (s, 1, new_id);
      bind_text (s, 2, w->community);
      bind_text (s, 3, household_id);
      bind_text (s, 4, r->name);
      bind_text (s, 5, r->gender);
      bind_text (s, 6, r->id_number);
      bind_text (s, 7, r->birth_date);
      bind_text (s, 8, r->phone);
      bind_text (s, 9, r->relation);
      bind_text (s, 10, r->notes);
      if (!step (w, s, error))
        return FALSE;
      w->result->created++;
      if (r->id_number != NULL)
        {
          g_hash_table_insert (w->person_by_id_number, g_strdup (r->id_number), g_strdup (new_id));
          g_hash_table_add (w->person_has_id, g_strdup (new_id));
        }
      if (!g_hash_table_contains (w->person_by_name, name_key))
        g_hash_table_insert (w->person_by_name, g_strdup (name_key), g_strdup (new_id));
      person_id = new_id;
    }

  /* Heads are set all at once at the end: setting a household's head
   * before its head is written would leave a deferred foreign key open,
   * and SQLite then checks every later insert against every table. */
  if (r->is_head && g_strcmp0 (g_hash_table_lookup (w->household_head, household_id), person_id) != 0)
    {
      bind_text (w->insert_head, 1, household_id);
      bind_text (w->insert_head, 2, person_id);
      if (!step (w, w->insert_head, error))
        return FALSE;
      g_hash_table_insert (w->household_head, g_strdup (household_id), g_strdup (person_id));
    }

  for (guint i = 0; r->tags != NULL && r->tags[i] != NULL; i++)
    {
      const char *tag_id = ensure_tag (w, r->tags[i], error);
      char *pt_key;

      if (tag_id == NULL)
        return FALSE;
      pt_key = key2 (person_id, tag_id);
      if (g_hash_table_contains (w->person_tags, pt_key))
        {
          g_free (pt_key);
          continue;
        }
      g_hash_table_add (w->person_tags, pt_key);
      {
        g_autofree char *pt_id = linli_new_id ();
        sqlite3_stmt *s = w->insert_person_tag;

        bind_text (s, 1, pt_id);
        bind_text (s, 2, w->community);
        bind_text (s, 3, person_id);
        bind_text (s, 4, tag_id);
        if (!step (w, s, error))
          return FALSE;
      }
    }

  return TRUE;
}

static char *
resolve_community (LinliDb            *db,
                   const char         *community_id,
                   const char         *name,
                   LinliImportResult  *result,
                   GError            **error)
{
  char *id;

  if (community_id != NULL)
    {
      if (linli_db_query_int (db, NULL, "SELECT count(*) FROM community WHERE id = ? AND deleted = 0",
                              "s", community_id) == 0)
        {
          g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND,
                       _("There is no community %s in this file"), community_id);
          return NULL;
        }
      return g_strdup (community_id);
    }

  id = linli_db_query_string (db, NULL, "SELECT id FROM community WHERE deleted = 0 ORDER BY rowid LIMIT 1", NULL);
  if (id != NULL)
    return id;

  id = linli_new_id ();
  if (!linli_db_insert_with_id (db, error, "community", id, "community_id,name", "ss", id,
                                name && *name ? name : _("My community")))
    {
      g_free (id);
      return NULL;
    }
  result->community_created = TRUE;
  return id;
}

/**
 * linli_import_run:
 * @db: the community file
 * @community_id: (nullable): the community to import into; %NULL for the
 *   first one, or a new one named @community_name when there is none
 * @flags: %LINLI_IMPORT_FLAGS_SKIP_INVALID to leave bad rows out; without
 *   it, a sheet with a bad row imports nothing
 * @progress: (scope call) (nullable): told how far the import is
 * @result: (out caller-allocates): what was created and updated
 *
 * Writes the good rows in one transaction: all of them, or on any error
 * or cancellation nothing.
 */
gboolean
linli_import_run (LinliImport              *self,
                  LinliDb                  *db,
                  const char               *community_id,
                  const char               *community_name,
                  LinliImportFlags          flags,
                  GCancellable             *cancellable,
                  LinliImportProgressFunc   progress,
                  gpointer                  user_data,
                  LinliImportResult        *result,
                  GError                  **error)
{
  static const char *indexed[] = { "person", "household", "building", "grid" };
  gint64 last_rowid[G_N_ELEMENTS (indexed)] = { 0 };
  g_auto(Writer) w = { 0 };
  g_autofree char *community = NULL;
  guint total, done = 0;

  g_return_val_if_fail (LINLI_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (LINLI_IS_DB (db), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  ensure_validated (self);

  if (self->n_invalid > 0 && !(flags & LINLI_IMPORT_FLAGS_SKIP_INVALID))
    {
      g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_INVALID_ROWS,
                   _("Rows with errors: %u. Nothing was imported; correct them, or import only "
                     "the good rows."),
                   self->n_invalid);
      return FALSE;
    }
  if (self->n_valid == 0)
    {
      g_set_error_literal (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_NOTHING,
                           _("There is no good row to import"));
      return FALSE;
    }

  total = self->n_valid;
  result->skipped = self->n_invalid;

  if (!linli_db_begin (db, error))
    return FALSE;

  community = resolve_community (db, community_id, community_name ? community_name : self->sheet->file ? self->sheet->file : self->sheet->name,
                                 result, error);
  if (community == NULL)
    goto fail;

  w.db = db;
  w.community = community;
  w.result = result;
  if (!writer_init (&w, error))
    goto fail;

  /* The search index is written once at the end, not row by row. */
  for (guint t = 0; t < G_N_ELEMENTS (indexed); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (rowid), 0) FROM %s", indexed[t]);

      last_rowid[t] = linli_db_query_int (db, NULL, sql, NULL);
    }
  linli_db_set_search_enabled (db, FALSE);

  if (progress != NULL)
    progress (0, total, user_data);

  for (guint i = 0; i < self->records->len; i++)
    {
      Record *r = &g_array_index (self->records, Record, i);

      if (!r->valid)
        continue;
      if (!write_record (&w, r, error))
        {
          g_prefix_error (error, _("Row %u: "), r->row);
          goto fail;
        }
      done++;
      if ((done & 255) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto fail;
          if (progress != NULL)
            progress (done, total, user_data);
        }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;

  if (!linli_db_exec_script (db, "UPDATE household SET head_id = (SELECT h.person_id FROM temp.linli_import_head h "
                                "WHERE h.household_id = household.id) "
                                "WHERE id IN (SELECT household_id FROM temp.linli_import_head); "
                                "DELETE FROM temp.linli_import_head", error))
    goto fail;

  linli_db_set_search_enabled (db, TRUE);
  for (guint t = 0; t < G_N_ELEMENTS (indexed); t++)
    {
      g_autoptr(GString) where = g_string_new (NULL);

      g_string_printf (where, "t.rowid > %" G_GINT64_FORMAT, last_rowid[t]);
      if (g_str_equal (indexed[t], "person") && w.touched->len > 0)
        {
          g_string_append (where, " OR t.rowid IN (");
          for (guint i = 0; i < w.touched->len; i++)
            g_string_append_printf (where, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (w.touched, gint64, i));
          g_string_append_c (where, ')');
        }
      if (!linli_db_reindex_search (db, indexed[t], where->str, error))
        goto fail;
    }

  writer_clear (&w);
  if (!linli_db_commit (db, error))
    goto fail_committed;

  result->community_id = g_steal_pointer (&community);
  if (progress != NULL)
    progress (total, total, user_data);
  return TRUE;

fail:
  linli_db_set_search_enabled (db, TRUE);
  writer_clear (&w);
  linli_db_rollback (db);
fail_committed:
  linli_import_result_clear (result);
  memset (result, 0, sizeof *result);
  return FALSE;
}

static void
linli_import_finalize (GObject *object)
{
  LinliImport *self = LINLI_IMPORT (object);

  g_clear_pointer (&self->sheet, linli_sheet_free);
  g_clear_object (&self->mapping);
  g_clear_object (&self->issues);
  g_clear_pointer (&self->records, g_array_unref);

  G_OBJECT_CLASS (linli_import_parent_class)->finalize (object);
}

static void
linli_import_class_init (LinliImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = linli_import_finalize;
}

static void
linli_import_init (LinliImport *self)
{
  self->issues = g_list_store_new (LINLI_TYPE_IMPORT_ISSUE);
  self->records = g_array_new (FALSE, TRUE, sizeof (Record));
  g_array_set_clear_func (self->records, (GDestroyNotify) record_clear);
}
