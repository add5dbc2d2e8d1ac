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

/* A step of linli_import_run() and how long it took. */
typedef struct
{
  const char *name;   /* N_() */
  double      ms;
} Timing;

/* A row of residents as read and checked. Its strings live in the
 * import's string chunk (or are literals): a ledger of 15,000 rows would
 * otherwise make a few hundred thousand small allocations. */
typedef struct
{
  guint         row;
  gboolean      valid;
  const char   *name;
  const char   *gender;       /* "M", "F" or NULL */
  const char   *id_number;
  const char   *birth_date;
  const char   *phone;
  const char   *grid;
  const char   *compound;
  const char   *building;
  int           unit;
  const char   *room;
  int           floor;        /* -1: unknown */
  const char   *relation;
  gboolean      is_head;
  const char  **tags;         /* NULL-terminated; the array is the record's own */
  const char   *notes;
  const char   *head_name;    /* of its household, as the family above it says: the head's, */
  gboolean      has_spouse;   /* and whether a spouse came already (family fill-down) */
} Record;

static void
record_clear (Record *r)
{
  g_free (r->tags);
}

struct _LinliImport
{
  GObject             parent_instance;

  LinliSheet         *sheet;
  LinliImportMapping *mapping;
  GListStore         *issues;
  GArray             *records;     /* Record */
  GStringChunk       *strings;     /* the records' strings */
  GString            *scratch;
  GArray             *timings;     /* Timing: the steps of the last run */
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
/* Rows under the header: a template sheet in front has none. */
static gboolean
has_rows (LinliImport *self)
{
  return self->sheet->rows->len > linli_import_mapping_get_header_index (self->mapping) + 1;
}

LinliImport *
linli_import_new_for_file (const char  *path,
                           GError     **error)
{
  return linli_import_new_for_file_sheet (path, NULL, error);
}

/**
 * linli_import_new_for_file_sheet:
 * @sheet_name: (nullable): the sheet of a workbook to import; %NULL for
 *   the first visible sheet that has a header row (a workbook may open
 *   on a sheet of instructions, 填表说明)
 *
 * Returns: (transfer full) (nullable): the import, or %NULL with @error
 *   set
 */
LinliImport *
linli_import_new_for_file_sheet (const char  *path,
                                 const char  *sheet_name,
                                 GError     **error)
{
  g_autoptr(GError) first_error = NULL;
  g_auto(GStrv) names = NULL;
  LinliSheet *sheet = linli_sheet_read_file_sheet (path, sheet_name, error);
  LinliImport *self;

  if (sheet == NULL)
    return NULL;
  if (sheet_name != NULL || sheet->sheets == NULL || g_strv_length (sheet->sheets) < 2)
    return linli_import_new (sheet, error);

  names = g_strdupv (sheet->sheets);
  self = linli_import_new (sheet, &first_error);
  if (self != NULL && has_rows (self))
    return self;
  if (self != NULL || g_error_matches (first_error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_NO_HEADER))
    for (guint i = 1; names[i] != NULL; i++)
      {
        LinliSheet *next = linli_sheet_read_file_sheet (path, names[i], NULL);
        LinliImport *other = next != NULL ? linli_import_new (next, NULL) : NULL;

        if (other != NULL && has_rows (other))
          {
            g_clear_object (&self);
            return other;
          }
        g_clear_object (&other);
      }
  /* Only empty sheets: the first one says so when it is imported */
  if (self != NULL)
    return self;
  g_propagate_error (error, g_steal_pointer (&first_error));
  return NULL;
}

/**
 * linli_import_describe_sheets:
 *
 * Returns: (transfer full) (nullable): when the workbook has more visible
 *   sheets than the one imported, a sentence that names them; else %NULL
 */
char *
linli_import_describe_sheets (LinliImport *self)
{
  g_autofree char *names = NULL;
  guint n;

  g_return_val_if_fail (LINLI_IS_IMPORT (self), NULL);

  n = self->sheet->sheets ? g_strv_length (self->sheet->sheets) : 0;
  if (n < 2)
    return NULL;
  names = g_strjoinv ("、", self->sheet->sheets);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The workbook has %u visible sheet (%s); this import reads “%s” only.",
                                       "The workbook has %u visible sheets (%s); this import reads “%s” only.", n),
                          n, names, self->sheet->name ? self->sheet->name : "");
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

static const char *
keep_len (LinliImport *self,
          const char  *s,
          gsize        len)
{
  return g_string_chunk_insert_len (self->strings, s, (gssize) len);
}

static const char *
keep (LinliImport *self,
      const char  *s)
{
  return s != NULL ? g_string_chunk_insert (self->strings, s) : NULL;
}

/* Keeps @s (a string of our helpers) in the chunk and frees it. */
static const char *
take (LinliImport *self,
      char        *s)
{
  const char *kept = keep (self, s);

  g_free (s);
  return kept;
}

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

/* A cell as _linli_import_fold() gives it, kept; NULL when empty. Most
 * cells hold nothing it would change, and are only trimmed. */
static const char *
fold_cell (LinliImport *self,
           const char  *v)
{
  const char *start, *end;

  /* ="420106…": how a CSV made for Excel keeps a long number as text. */
  if (v[0] == '=' && v[1] == '"')
    {
      gsize n = strlen (v);

      if (n >= 3 && v[n - 1] == '"')
        v = keep_len (self, v + 2, n - 3);
    }
  start = v;

  if (_linli_import_needs_fold (v))
    {
      char *folded = _linli_import_fold (v);

      if (*folded == '\0')
        {
          g_free (folded);
          return NULL;
        }
      return take (self, folded);
    }

  while (g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  if (end == start)
    return NULL;
  return keep_len (self, start, (gsize) (end - start));
}

/* The trimmed text of a field in a row; NULL when empty or not mapped. */
static const char *
cell (LinliImport      *self,
      const int        *columns,
      guint             index,
      LinliImportField  field)
{
  const char *v;

  if (columns[field] < 0)
    return NULL;
  v = linli_sheet_get_cell (self->sheet, index, (guint) columns[field]);
  if (v == NULL)
    return NULL;
  return fold_cell (self, v);
}

/* The notes columns of a row, trimmed, joined by "；". */
static const char *
notes_of_row (LinliImport *self,
              const int   *note_columns,
              guint        n_note_columns,
              guint        index)
{
  GString *out = self->scratch;

  g_string_truncate (out, 0);
  for (guint i = 0; i < n_note_columns; i++)
    {
      const char *v = linli_sheet_get_cell (self->sheet, index, (guint) note_columns[i]);
      const char *end;

      if (v == NULL)
        continue;
      while (g_ascii_isspace (*v))
        v++;
      end = v + strlen (v);
      while (end > v && g_ascii_isspace (end[-1]))
        end--;
      if (end == v)
        continue;
      if (out->len > 0)
        g_string_append (out, "；");
      g_string_append_len (out, v, end - v);
    }
  return out->len ? keep_len (self, out->str, out->len) : NULL;
}

static gboolean
is_no (const char *v)
{
  static const char *const no[] = { "否", "×", "N", "n", "NO", "No", "no", "0", "FALSE", NULL };

  return g_strv_contains (no, v);
}

/* 户主, 本人, 户主本人, 本人(户主), "户 主" */
static gboolean
is_head_relation (const char *v)
{
  static const char *const heads[] = { "户主", "本人", "户主本人", "本人户主", "本人(户主)", "户主(本人)", NULL };
  char buf[64];
  gsize n = 0;

  for (const char *p = v; *p && n < sizeof buf - 1; p++)
    if (*p != ' ')
      buf[n++] = *p;
  buf[n] = '\0';
  return g_strv_contains (heads, buf);
}

static gboolean
is_spouse (const char *relation)
{
  static const char *const spouses[] = { "配偶", "妻", "妻子", "夫", "丈夫", "之妻", "之夫", "爱人", "老伴", NULL };

  return g_strv_contains (spouses, relation);
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

/* Rows under a ledger's table that are not residents: 合计 36人, 共3户8人,
 * 填表人：刘芳, 注：…, 以下空白, 社区（盖章）, a date. Only asked of a row that
 * holds no ID number and no address (see linli_import_validate()). */
static gboolean
is_footer (const char *text)
{
  static const char *const totals[] = { "合计", "总计", "小计", "共计", "以下空白", "以上", NULL };
  static const char *const signers[] = { "填表", "制表", "填报", "审核", "负责", "经办", "统计", "注", "说明",
                                         "日期", "签字", "签名", "盖章", "社区书记", "联系电话", "备注", NULL };
  gboolean dummy;

  /* 合计 36人, 本页合计 1 人 */
  for (guint i = 0; totals[i] != NULL; i++)
    if (strstr (text, totals[i]) != NULL)
      return TRUE;
  /* 共3户8人 */
  if (g_str_has_prefix (text, "共") && g_ascii_isdigit (text[strlen ("共")]))
    return TRUE;
  if (strstr (text, "盖章") != NULL)
    return TRUE;
  /* 填表人：刘芳, 注：…, 日期：…: a word, perhaps 人 or 员, then a colon */
  for (guint i = 0; signers[i] != NULL; i++)
    if (g_str_has_prefix (text, signers[i]))
      {
        const char *rest = text + strlen (signers[i]);

        /* 填表人王五 (no name starts with 填表人), 注：, 日期 */
        if (g_str_has_prefix (rest, "人") || g_str_has_prefix (rest, "员"))
          return TRUE;
        if (*rest == '\0' || *rest == ':')
          return TRUE;
      }
  /* 2024年3月1日 in the name column */
  {
    g_autofree char *date = _linli_import_date (text, &dummy);

    if (date != NULL)
      return TRUE;
  }
  return FALSE;
}

/* The header repeated on a new page. Every name of the name column has a
 * 名 in it, and the header's words only lose characters when compared:
 * a name without 名 cannot be one. */
static gboolean
is_name_header (const char *name)
{
  return strstr (name, "名") != NULL &&
         linli_import_field_from_header (name) == LINLI_IMPORT_FIELD_NAME;
}

static void
append_uint (GString *out,
             guint    n)
{
  char buf[16];
  int i = (int) sizeof buf;

  do
    {
      buf[--i] = (char) ('0' + n % 10);
      n /= 10;
    }
  while (n > 0);
  g_string_append_len (out, buf + i, (gssize) sizeof buf - i);
}

/* compound \x1f building \x1f unit \x1f room */
static void
household_key (GString *out,
               Record  *r)
{
  g_string_truncate (out, 0);
  if (r->compound != NULL)
    g_string_append (out, r->compound);
  g_string_append_c (out, '\x1f');
  g_string_append (out, r->building);
  g_string_append_c (out, '\x1f');
  if (r->unit < 0)
    g_string_append_c (out, '-');
  append_uint (out, (guint) ABS (r->unit));
  g_string_append_c (out, '\x1f');
  g_string_append (out, r->room);
}

/* What people write in a cell that has nothing to say. */
static gboolean
is_nothing (const char *v)
{
  static const char *const nothing[] = {
    "无", "/", "\\", "-", "--", "—", "——", "暂无", "没有", "空", "不详", "未知", "无号码", "无电话",
    "未登记", "未办理", "未办", "无身份证", NULL
  };

  return v != NULL && g_strv_contains (nothing, v);
}

static void
add_note (LinliImport *self,
          Record      *r,
          const char  *note)
{
  g_string_assign (self->scratch, r->notes ? r->notes : "");
  if (r->notes != NULL)
    g_string_append (self->scratch, "；");
  g_string_append (self->scratch, note);
  r->notes = keep_len (self, self->scratch->str, self->scratch->len);
}

/* "暂无(新生儿)", "13907181234(本人)": a remark in brackets after an ID
 * number or a phone goes into the notes, and the value is what is left;
 * after an address only a remark on the household's state does
 * ("12-2-501(租户)"). Full-width brackets are folded already. */
static const char *
split_remark (LinliImport *self,
              Record      *r,
              const char  *v,
              gboolean     any)
{
  static const char *const remarks[] = { "租户", "租住", "出租", "空置", "空房", "空户", "自住", "暂住", "已迁出",
                                         "已售", "人户分离", NULL };
  const char *open;
  gsize len;

  if (v == NULL || (len = strlen (v)) < 3 || v[len - 1] != ')' || (open = strrchr (v, '(')) == NULL)
    return v;
  {
    g_autofree char *remark = g_strndup (open + 1, (gsize) (v + len - 1 - open - 1));
    g_autofree char *value = g_strstrip (g_strndup (v, (gsize) (open - v)));

    /* "(未办理)": the whole cell in brackets says it */
    if (*value == '\0')
      return keep (self, remark);
    /* An address keeps what tells households apart: 501(东), 12-2-501(幸福里) */
    if (!any && !g_strv_contains (remarks, remark))
      return v;
    if (*remark != '\0')
      add_note (self, r, remark);
    return keep (self, value);
  }
}

/* 4.20106198506106E+17, 1.39072E+10: a number Excel showed in
 * scientific form, its last digits lost. */
static gboolean
is_scientific (const char *v)
{
  const char *p = v;
  gboolean digits = FALSE;

  for (; g_ascii_isdigit (*p); p++)
    digits = TRUE;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      digits = TRUE;
  if (!digits || (*p != 'E' && *p != 'e'))
    return FALSE;
  p++;
  if (*p == '+' || *p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  return *p == '\0';
}

static gboolean
all_digits (const char *v,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (v[i]))
      return FALSE;
  return v[n] == '\0';
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
  if (is_scientific (raw))
    {
      masked = linli_mask_id_number (raw);
      add_issue (self, r, LINLI_IMPORT_ERROR_ROW,
                 _("the ID number %s was stored as a number, and Excel kept only its first 15 "
                   "digits; format the column as text and type the number again"), masked);
      return;
    }

  r->id_number = take (self, linli_id_number_normalize (raw));

  /* A first-generation card of 15 digits (issued before 1999, all to
   * people born in the 1900s): the same number in its 18-digit form. */
  if (r->id_number != NULL && all_digits (r->id_number, 15))
    {
      char id18[19];
      g_autofree char *old = linli_mask_id_number (r->id_number);
      g_autofree char *now = NULL;

      memcpy (id18, r->id_number, 6);
      memcpy (id18 + 6, "19", 2);
      memcpy (id18 + 8, r->id_number + 6, 9);
      id18[17] = '\0';
      id18[17] = linli_id_number_check_digit (id18);
      id18[18] = '\0';
      if (linli_id_number_check (id18) == LINLI_ID_OK)
        {
          r->id_number = keep (self, id18);
          now = linli_mask_id_number (id18);
          add_issue (self, r, LINLI_IMPORT_WARNING,
                     _("the ID number %s has the old 15 digits; it is kept in its 18-digit form %s"),
                     old, now);
          return;
        }
    }

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
  r->id_number = NULL;
}

/* "12栋2单元501", "1-2-501": a room cell that holds more than a room. */
static gboolean
names_a_building (const char *room)
{
  static const char *const words[] = { "栋", "号楼", "幢", "座", "单元", NULL };
  const char *dash = strchr (room, '-');

  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (room, words[i]) != NULL)
      return TRUE;
  return dash != NULL && strchr (dash + 1, '-') != NULL;
}

/* What splits two phone numbers in one cell: 138…/139…, 138…、139… */
static gboolean
is_phone_separator (gunichar c)
{
  return c == '/' || c == 0x3001 || c == ',' || c == 0xFF0C || c == ';' || c == 0xFF1B || c == 0x6216 /* 或 */;
}

static void
check_phone (LinliImport *self,
             Record      *r,
             const char  *raw)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *p = raw;
  gboolean by_space = FALSE;

  if (is_scientific (raw))
    {
      add_issue (self, r, LINLI_IMPORT_ERROR_ROW,
                 _("the phone number %s was stored as a number in scientific form, and its last digits "
                   "are lost; format the column as text and type the number again"), raw);
      return;
    }

  /* Most cells hold one number: no need to split them. */
  if (strpbrk (raw, "/,;") == NULL && strstr (raw, "、") == NULL && strstr (raw, "或") == NULL &&
      strstr (raw, "转") == NULL && strchr (raw, '-') == NULL)
    {
      char *phone = linli_phone_normalize (raw);

      if (linli_phone_is_valid (phone))
        {
          r->phone = take (self, phone);
          return;
        }
      g_free (phone);
    }

  /* 13907181234 13907181235: two mobiles apart by a space */
  if (strpbrk (raw, "/,;") == NULL && strstr (raw, "、") == NULL && strchr (raw, ' ') != NULL)
    {
      g_auto(GStrv) words = g_strsplit (raw, " ", -1);
      guint n = 0;
      gboolean mobiles = TRUE;

      for (guint i = 0; words[i] != NULL && mobiles; i++)
        if (*words[i] != '\0')
          {
            g_autofree char *m = linli_phone_normalize (words[i]);

            mobiles = m[0] == '1' && strlen (m) == 11;
            n++;
          }
      by_space = mobiles && n > 1;
      for (guint i = 0; by_space && words[i] != NULL; i++)
        if (*words[i] != '\0')
          g_ptr_array_add (parts, g_strdup (words[i]));
    }

  while (!by_space && *p != '\0')
    {
      const char *start;

      while (*p != '\0' && is_phone_separator (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && !is_phone_separator (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p > start)
        g_ptr_array_add (parts, g_strndup (start, (gsize) (p - start)));
    }

  for (guint i = 0; i < parts->len; i++)
    {
      g_autofree char *phone = linli_phone_normalize (g_strstrip ((char *) parts->pdata[i]));

      /* 027-87654321-801, 027-87654321转801: a landline and its extension */
      if (!linli_phone_is_valid (phone))
        {
          char *cut = g_strrstr (parts->pdata[i], "转");
          gsize skip = 3;
          g_autofree char *number = NULL;

          if (cut == NULL && (cut = strrchr (parts->pdata[i], '-')) != NULL)
            skip = 1;
          if (cut != NULL)
            number = g_strstrip (g_strdup (cut + skip));
          if (number != NULL && *number != '\0' && strlen (number) <= 5 && all_digits (number, strlen (number)))
            {
              g_autofree char *landline = g_strndup (parts->pdata[i], (gsize) (cut - (char *) parts->pdata[i]));
              g_autofree char *without = linli_phone_normalize (landline);

              if (linli_phone_is_valid (without) && without[0] != '1')
                {
                  g_autofree char *ext = g_strdup_printf (_("extension %s"), number);

                  add_note (self, r, ext);
                  g_free (phone);
                  phone = g_steal_pointer (&without);
                }
            }
        }

      if (!linli_phone_is_valid (phone))
        {
          add_issue (self, r, LINLI_IMPORT_ERROR_ROW,
                     _("the phone number “%s” is neither a mobile (11 digits, starting with 1) nor "
                       "a landline"), parts->len > 1 ? (char *) parts->pdata[i] : raw);
          r->phone = NULL;
          return;
        }
      if (i == 0)
        r->phone = keep (self, phone);
      else
        {
          /* The second number goes with the notes. */
          g_autofree char *line = g_strdup_printf (_("other phone: %s"), (char *) parts->pdata[i]);

          add_note (self, r, line);
          add_issue (self, r, LINLI_IMPORT_WARNING,
                     _("the cell holds more than one phone number: %s is kept as the phone, %s goes into the notes"),
                     r->phone, phone);
        }
    }
}

/* What splits the categories of a cell: , ， 、 ; ； / | and spaces (the
 * full-width ones are folded already). */
static gboolean
is_tag_separator (gunichar c)
{
  return c == ',' || c == 0xFF0C || c == 0x3001 || c == ';' || c == 0xFF1B || c == '/' || c == '|' ||
         c == '\v' || c == 0x85 || g_unichar_isspace (c);
}

static void
validate_row (LinliImport  *self,
              const int    *cols,
              const int    *note_columns,
              guint         n_note_columns,
              guint         index,
              Record       *r,
              const Record *prev,
              gboolean      names_are_heads,
              GHashTable   *first_tags)
{
  const char *gender = cell (self, cols, index, LINLI_IMPORT_FIELD_GENDER);
  const char *id = cell (self, cols, index, LINLI_IMPORT_FIELD_ID_NUMBER);
  const char *birth = cell (self, cols, index, LINLI_IMPORT_FIELD_BIRTH_DATE);
  const char *age = cell (self, cols, index, LINLI_IMPORT_FIELD_AGE);
  const char *phone = cell (self, cols, index, LINLI_IMPORT_FIELD_PHONE);
  const char *building = cell (self, cols, index, LINLI_IMPORT_FIELD_BUILDING);
  const char *unit = cell (self, cols, index, LINLI_IMPORT_FIELD_UNIT);
  const char *floor = cell (self, cols, index, LINLI_IMPORT_FIELD_FLOOR);
  const char *room = cell (self, cols, index, LINLI_IMPORT_FIELD_ROOM);
  const char *address = cell (self, cols, index, LINLI_IMPORT_FIELD_ADDRESS);
  const char *relation = cell (self, cols, index, LINLI_IMPORT_FIELD_RELATION);
  const char *head = cell (self, cols, index, LINLI_IMPORT_FIELD_HEAD);
  const char *tags = cell (self, cols, index, LINLI_IMPORT_FIELD_TAGS);
  g_autofree char *id_birth = NULL;
  gboolean month_only = FALSE;
  gboolean address_read = FALSE;

  r->grid = cell (self, cols, index, LINLI_IMPORT_FIELD_GRID);
  r->compound = cell (self, cols, index, LINLI_IMPORT_FIELD_COMPOUND);
  r->notes = notes_of_row (self, note_columns, n_note_columns, index);
  r->floor = -1;
  id = split_remark (self, r, id, TRUE);
  if (phone != NULL && strpbrk (phone, "/,;") == NULL && strstr (phone, "、") == NULL)
    phone = split_remark (self, r, phone, TRUE);
  address = split_remark (self, r, address, FALSE);
  room = split_remark (self, r, room, FALSE);

  /* "王　芳", "王 芳": Chinese names hold no spaces; the search looks
   * for 王芳. Names in Latin letters keep theirs. */
  if (r->name != NULL && strchr (r->name, ' ') != NULL)
    {
      gboolean han = TRUE;

      for (const char *p = r->name; *p && han; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          han = c == ' ' || g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN;
        }
      if (han)
        {
          g_string_truncate (self->scratch, 0);
          for (const char *p = r->name; *p; p++)
            if (*p != ' ')
              g_string_append_c (self->scratch, *p);
          r->name = keep_len (self, self->scratch->str, self->scratch->len);
        }
    }

  if (r->name == NULL)
    add_issue (self, r, LINLI_IMPORT_ERROR_ROW, _("the name is empty"));
  else if (g_utf8_strlen (r->name, -1) > 40)
    add_issue (self, r, LINLI_IMPORT_ERROR_ROW, _("the name is %ld characters long; is it a name?"),
               g_utf8_strlen (r->name, -1));

  /* ID number, and what it says of birth and gender */
  if (id != NULL && !is_nothing (id))
    check_id_number (self, r, id);
  else
    add_issue (self, r, LINLI_IMPORT_WARNING, _("no ID number: a second import cannot tell this "
                                                "resident from a namesake elsewhere"));
  if (r->id_number != NULL)
    id_birth = linli_id_number_birth_date (r->id_number);

  if (birth != NULL)
    {
      r->birth_date = take (self, _linli_import_date (birth, &month_only));
      if (r->birth_date == NULL)
        add_issue (self, r, LINLI_IMPORT_ERROR_ROW, _("the birth date “%s” is not a date"), birth);
      else if (id_birth != NULL && !g_str_has_prefix (id_birth, r->birth_date))
        add_issue (self, r, LINLI_IMPORT_ERROR_ROW,
                   _("the birth date %s does not match the ID number, which says %s"),
                   r->birth_date, id_birth);
      else if (month_only && id_birth == NULL)
        {
          add_issue (self, r, LINLI_IMPORT_WARNING,
                     _("only the month of birth is known (%s); it is kept as the 1st of the month"),
                     r->birth_date);
          g_string_assign (self->scratch, r->birth_date);
          g_string_append (self->scratch, "-01");
          r->birth_date = keep_len (self, self->scratch->str, self->scratch->len);
        }
    }
  if (id_birth != NULL && (r->birth_date == NULL || month_only))
    r->birth_date = keep (self, id_birth);

  if (gender != NULL)
    {
      /* 1 and 2 are the codes of GB/T 2261.1, which some systems export. */
      if (g_str_equal (gender, "男") || g_str_equal (gender, "男性") || g_ascii_strcasecmp (gender, "M") == 0 ||
          g_str_equal (gender, "1"))
        r->gender = "M";
      else if (g_str_equal (gender, "女") || g_str_equal (gender, "女性") || g_ascii_strcasecmp (gender, "F") == 0 ||
               g_str_equal (gender, "2"))
        r->gender = "F";
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
        r->gender = g == 'M' ? "M" : "F";
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

  if (phone != NULL && !is_nothing (phone))
    check_phone (self, r, phone);

  if (relation != NULL && is_head_relation (relation))
    relation = "户主";

  /* A family written under its head with the address left blank: the
   * household of the row above, said in a warning. Only under a head, or
   * a member of the head's family right above; not when the 户主 column
   * names another head, the 小区 differs, or a second spouse would come. */
  if (address == NULL && building == NULL && unit == NULL && room == NULL && prev != NULL &&
      prev->row + 1 == r->row && prev->valid && prev->building != NULL && prev->room != NULL &&
      prev->head_name != NULL && relation != NULL && !g_str_equal (relation, "户主") &&
      (head == NULL || (!is_yes (head) && (g_str_equal (head, prev->head_name) || is_no (head)))) &&
      (r->compound == NULL || g_strcmp0 (r->compound, prev->compound) == 0) &&
      !(is_spouse (relation) && prev->has_spouse))
    {
      r->compound = prev->compound;
      r->grid = r->grid ? r->grid : prev->grid;
      r->building = prev->building;
      r->unit = prev->unit;
      r->room = prev->room;
      r->head_name = prev->head_name;
      r->has_spouse = prev->has_spouse || is_spouse (relation);
      address_read = TRUE;
      add_issue (self, r, LINLI_IMPORT_WARNING,
                 _("no address: the household of row %u above (%s), as the relation “%s” says"),
                 prev->row, prev->name ? prev->name : "", relation);
    }
  /* Address: the columns, or one address cell, or a building cell that
   * holds the whole address. */
  else if (address != NULL && (building == NULL || room == NULL))
    {
      g_auto(LinliAddress) a = { 0 };

      if (_linli_import_parse_address (address, &a))
        {
          if (r->compound == NULL)
            r->compound = keep (self, a.compound);
          r->building = keep (self, a.building);
          r->unit = a.unit;
          r->room = keep (self, a.room);
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
            r->compound = keep (self, a.compound);
          r->building = keep (self, a.building);
          r->unit = a.unit;
          r->room = keep (self, a.room);
        }
    }
  else if (room != NULL && (building == NULL || names_a_building (room)))
    {
      /* The whole address in the room column (门牌号 "12栋2单元501", 房号
       * "12-2-501"): taken when it agrees with the building and unit
       * columns, if there are any. */
      g_auto(LinliAddress) a = { 0 };

      if (_linli_import_parse_address (room, &a))
        {
          g_autofree char *b = building ? _linli_import_building (building) : NULL;
          int u = unit ? _linli_import_unit (unit) : 0;

          if (b != NULL && g_strcmp0 (b, a.building) != 0)
            add_issue (self, r, LINLI_IMPORT_ERROR_ROW,
                       _("the room “%s” names building %s, but the building column says %s"), room, a.building, b);
          else if (u > 0 && a.unit > 0 && u != a.unit)
            add_issue (self, r, LINLI_IMPORT_ERROR_ROW,
                       _("the room “%s” names unit %d, but the unit column says %d"), room, a.unit, u);
          else
            {
              if (r->compound == NULL)
                r->compound = keep (self, a.compound);
              r->building = keep (self, a.building);
              r->unit = a.unit > 0 ? a.unit : u;
              r->room = keep (self, a.room);
            }
          address_read = TRUE;
        }
    }

  if (!address_read && r->building == NULL && r->room == NULL && (address == NULL || building != NULL))
    {
      if (building != NULL)
        {
          g_autofree char *b = _linli_import_building (building);

          if (b == NULL || strlen (b) > 16)
            add_issue (self, r, LINLI_IMPORT_ERROR_ROW, _("the building “%s” is not a building number"), building);
          else
            r->building = keep (self, b);
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
          r->room = take (self, _linli_import_room (room));
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
      char *end = NULL;
      long n;

      n = strtol (floor, &end, 10);
      if (end != floor && (*end == '\0' || g_str_equal (end, "层") || g_str_equal (end, "楼")) && n > -10 && n < 200)
        r->floor = (int) n;
      else
        add_issue (self, r, LINLI_IMPORT_WARNING, _("the floor “%s” is not a number; it is taken from the room"), floor);
    }
  if (r->floor < 0 && r->room != NULL)
    r->floor = _linli_import_floor_of_room (r->room);

  /* Head of household and relation; a ledger of households names only
   * their heads (户主姓名). */
  if (names_are_heads && relation == NULL && head == NULL)
    {
      r->is_head = TRUE;
      r->relation = "户主";
    }
  if (relation != NULL)
    {
      r->relation = relation;
      if (g_str_equal (r->relation, "户主"))
        r->is_head = TRUE;
    }
  if (head != NULL)
    {
      /* Otherwise 否, or the head's name: this resident is not the head. */
      if (is_yes (head) || (r->name != NULL && g_str_equal (head, r->name)))
        r->is_head = TRUE;
      if (r->is_head && r->relation == NULL)
        r->relation = "户主";
    }

  /* The family below a head may leave its address blank. */
  if (r->is_head && r->building != NULL && r->room != NULL)
    {
      r->head_name = r->name ? r->name : "";
      r->has_spouse = FALSE;
    }

  /* Categories */
  if (tags != NULL)
    {
      GPtrArray *parts = g_ptr_array_new ();
      const char *p = tags;

      while (*p != '\0')
        {
          const char *start, *canonical = NULL;
          const char *part;

          while (*p != '\0' && is_tag_separator (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
          start = p;
          while (*p != '\0' && !is_tag_separator (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
          if (p == start)
            continue;
          part = keep_len (self, start, (gsize) (p - start));

          if (g_str_equal (part, "无") || g_str_equal (part, "-"))
            continue;
          if (_linli_import_tag_code (part, &canonical) == NULL)
            {
              canonical = part;
              if (!g_hash_table_contains (first_tags, canonical))
                {
                  g_hash_table_add (first_tags, g_strdup (canonical));
                  add_issue (self, r, LINLI_IMPORT_WARNING,
                             _("“%s” is not one of Linli’s categories: it will be added as a new tag"),
                             canonical);
                }
            }
          g_ptr_array_add (parts, (gpointer) canonical);
        }
      g_ptr_array_add (parts, NULL);
      r->tags = (const char **) g_ptr_array_free (parts, FALSE);
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
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);       /* kept strings */
  g_autoptr(GHashTable) by_address = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) heads = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) first_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) hkey = g_string_new (NULL);
  g_autoptr(GString) key = g_string_new (NULL);
  g_autofree gboolean *imported = NULL;
  g_autofree int *note_columns = NULL;
  guint n_columns, n_note_columns = 0;
  int cols[LINLI_IMPORT_N_FIELDS];
  gboolean names_are_heads;

  g_return_if_fail (LINLI_IS_IMPORT (self));

  g_date_clear (&self->today, 1);
  g_date_set_time_t (&self->today, time (NULL));
  g_list_store_remove_all (self->issues);
  /* Room for every row at once, then none. */
  g_array_set_size (self->records, self->sheet->rows->len);
  g_array_set_size (self->records, 0);
  g_string_chunk_clear (self->strings);
  self->n_valid = self->n_invalid = self->n_warnings = 0;

  for (guint f = 0; f < LINLI_IMPORT_N_FIELDS; f++)
    cols[f] = linli_import_mapping_find (self->mapping, f);
  names_are_heads = cols[LINLI_IMPORT_FIELD_NAME] >= 0 &&
                    linli_import_field_names_head (linli_import_mapping_get_title (self->mapping,
                                                                                  (guint) cols[LINLI_IMPORT_FIELD_NAME]));

  /* What each column holds, once rather than for every cell. */
  n_columns = linli_import_mapping_get_n_columns (self->mapping);
  imported = g_new0 (gboolean, n_columns + 1);
  note_columns = g_new0 (int, n_columns + 1);
  for (guint c = 0; c < n_columns; c++)
    {
      LinliImportField f = linli_import_mapping_get_field (self->mapping, c);

      imported[c] = f != LINLI_IMPORT_FIELD_IGNORE && f != LINLI_IMPORT_FIELD_SERIAL;
      if (f == LINLI_IMPORT_FIELD_NOTES)
        note_columns[n_note_columns++] = (int) c;
    }

  for (guint i = linli_import_mapping_get_header_index (self->mapping) + 1; i < self->sheet->rows->len; i++)
    {
      LinliSheetRow *row = g_ptr_array_index (self->sheet->rows, i);
      gboolean any = FALSE;
      Record r = { 0 };

      /* A row with nothing in the imported columns is no resident. */
      for (guint c = 0; c < MIN (row->cells->len, n_columns) && !any; c++)
        if (imported[c] && g_ptr_array_index (row->cells, c) != NULL)
          any = TRUE;
      if (!any)
        continue;

      r.row = row->number;
      r.valid = TRUE;
      r.name = cell (self, cols, i, LINLI_IMPORT_FIELD_NAME);
      /* The header repeated on a new page */
      if (r.name != NULL && is_name_header (r.name))
        continue;
      /* A total or a signature under the table: in the name or the first
       * cell of a row that has no ID number and no address. */
      if (cell (self, cols, i, LINLI_IMPORT_FIELD_ID_NUMBER) == NULL &&
          cell (self, cols, i, LINLI_IMPORT_FIELD_ROOM) == NULL &&
          cell (self, cols, i, LINLI_IMPORT_FIELD_BUILDING) == NULL &&
          cell (self, cols, i, LINLI_IMPORT_FIELD_ADDRESS) == NULL)
        {
          const char *first = NULL;

          for (guint c = 0; c < row->cells->len && first == NULL; c++)
            first = g_ptr_array_index (row->cells, c);
          if ((first != NULL && is_footer (first)) || (r.name != NULL && is_footer (r.name)))
            continue;
        }

      validate_row (self, cols, note_columns, n_note_columns, i, &r,
                    self->records->len > 0 ? &g_array_index (self->records, Record, self->records->len - 1) : NULL,
                    names_are_heads, first_tags);

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
          guint first_row;

          household_key (hkey, &r);
          g_string_assign (key, r.name);
          g_string_append_c (key, '\x1f');
          g_string_append_len (key, hkey->str, (gssize) hkey->len);
          first_row = GPOINTER_TO_UINT (g_hash_table_lookup (by_address, key->str));

          if (first_row != 0)
            {
              Record *first = &g_array_index (self->records, Record, first_row - 1);

              if (first->id_number == NULL || r.id_number == NULL)
                add_issue (self, &r, LINLI_IMPORT_ERROR_ROW,
                           _("the same name at the same address as row %u"), first->row);
            }
          else
            g_hash_table_insert (by_address, (gpointer) keep_len (self, key->str, key->len),
                                 GUINT_TO_POINTER (self->records->len + 1));

          if (r.is_head && r.valid)
            {
              guint head_row = GPOINTER_TO_UINT (g_hash_table_lookup (heads, hkey->str));

              if (head_row != 0)
                {
                  add_issue (self, &r, LINLI_IMPORT_WARNING,
                             _("a second head of the same household; the one in row %u stays head"),
                             head_row);
                  r.is_head = FALSE;
                }
              else
                g_hash_table_insert (heads, (gpointer) keep_len (self, hkey->str, hkey->len),
                                     GUINT_TO_POINTER (r.row));
            }
        }

      g_array_append_val (self->records, r);
      if (r.id_number != NULL && r.valid && !g_hash_table_contains (by_id, r.id_number))
        g_hash_table_insert (by_id, (gpointer) r.id_number, GUINT_TO_POINTER (self->records->len));
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
        if (issue->name == NULL || *issue->name == '\0')
          g_string_append_printf (out, issue->severity == LINLI_IMPORT_ERROR_ROW
                                       ? _("Row %u: error: %s\n") : _("Row %u: warning: %s\n"),
                                  issue->row, issue->message);
        else if (issue->severity == LINLI_IMPORT_ERROR_ROW)
          g_string_append_printf (out, _("Row %u (%s): error: %s\n"), issue->row, issue->name, issue->message);
        else
          g_string_append_printf (out, _("Row %u (%s): warning: %s\n"), issue->row, issue->name, issue->message);
      }
  return g_string_free (out, FALSE);
}

/* Staged rows ------------------------------------------------------------ */

/* linli_import_rows (P): the rows a chunk stages, read by INSERT … SELECT
 * straight from the writer's arrays, where P is bound with
 * sqlite3_bind_pointer (…, "linli-import-rows"). An eponymous table-valued
 * function, as SQLite's carray; the rows never go through a table. */
#define STAGED_COLUMNS 9

typedef struct
{
  guint   n_columns;
  GArray *cells;        /* const char *, n_columns per row; NULL stands for NULL */
} Staged;

static void
staged_init (Staged *staged,
             guint   n_columns)
{
  g_assert (n_columns <= STAGED_COLUMNS);
  staged->n_columns = n_columns;
  staged->cells = g_array_new (FALSE, FALSE, sizeof (const char *));
}

static void
staged_clear (Staged *staged)
{
  g_clear_pointer (&staged->cells, g_array_unref);
}

static guint
staged_n_rows (Staged *staged)
{
  return staged->cells->len / staged->n_columns;
}

typedef struct
{
  sqlite3_vtab_cursor  base;
  Staged              *staged;
  guint                row;
} StagedCursor;

static int
staged_connect (sqlite3             *db,
                void                *aux,
                int                  argc,
                const char * const  *argv,
                sqlite3_vtab       **vtab,
                char               **err)
{
  int rc = sqlite3_declare_vtab (db, "CREATE TABLE x (c0, c1, c2, c3, c4, c5, c6, c7, c8, rows HIDDEN)");

  if (rc != SQLITE_OK)
    return rc;
  *vtab = sqlite3_malloc (sizeof (sqlite3_vtab));
  if (*vtab == NULL)
    return SQLITE_NOMEM;
  memset (*vtab, 0, sizeof (sqlite3_vtab));
  return SQLITE_OK;
}

static int
staged_disconnect (sqlite3_vtab *vtab)
{
  sqlite3_free (vtab);
  return SQLITE_OK;
}

/* Only "rows = P" makes a plan: the function's argument. */
static int
staged_best_index (sqlite3_vtab       *vtab,
                   sqlite3_index_info *info)
{
  for (int i = 0; i < info->nConstraint; i++)
    {
      const struct sqlite3_index_constraint *c = &info->aConstraint[i];

      if (c->iColumn == STAGED_COLUMNS && c->op == SQLITE_INDEX_CONSTRAINT_EQ)
        {
          if (!c->usable)
            return SQLITE_CONSTRAINT;
          info->aConstraintUsage[i].argvIndex = 1;
          info->aConstraintUsage[i].omit = 1;
          info->estimatedCost = 1;
          info->estimatedRows = 256;
          return SQLITE_OK;
        }
    }
  return SQLITE_CONSTRAINT;
}

static int
staged_open (sqlite3_vtab         *vtab,
             sqlite3_vtab_cursor **cursor)
{
  StagedCursor *c = sqlite3_malloc (sizeof (StagedCursor));

  if (c == NULL)
    return SQLITE_NOMEM;
  memset (c, 0, sizeof *c);
  *cursor = &c->base;
  return SQLITE_OK;
}

static int
staged_close (sqlite3_vtab_cursor *cursor)
{
  sqlite3_free (cursor);
  return SQLITE_OK;
}

static int
staged_filter (sqlite3_vtab_cursor  *cursor,
               int                   idx_num,
               const char           *idx_str,
               int                   argc,
               sqlite3_value       **argv)
{
  StagedCursor *c = (StagedCursor *) cursor;

  c->staged = argc == 1 ? sqlite3_value_pointer (argv[0], "linli-import-rows") : NULL;
  c->row = 0;
  return SQLITE_OK;
}

static int
staged_next (sqlite3_vtab_cursor *cursor)
{
  ((StagedCursor *) cursor)->row++;
  return SQLITE_OK;
}

static int
staged_eof (sqlite3_vtab_cursor *cursor)
{
  StagedCursor *c = (StagedCursor *) cursor;

  return c->staged == NULL || c->row >= staged_n_rows (c->staged);
}

static int
staged_column (sqlite3_vtab_cursor *cursor,
               sqlite3_context     *ctx,
               int                  column)
{
  StagedCursor *c = (StagedCursor *) cursor;
  const char *value = NULL;

  if (column >= 0 && (guint) column < c->staged->n_columns)
    value = g_array_index (c->staged->cells, const char *, c->row * c->staged->n_columns + (guint) column);
  if (value != NULL)
    sqlite3_result_text (ctx, value, -1, SQLITE_STATIC);  /* the writer's strings outlive the statement */
  else
    sqlite3_result_null (ctx);
  return SQLITE_OK;
}

static int
staged_rowid (sqlite3_vtab_cursor *cursor,
              sqlite3_int64       *rowid)
{
  *rowid = ((StagedCursor *) cursor)->row + 1;
  return SQLITE_OK;
}

static const sqlite3_module staged_module = {
  .iVersion = 0,
  .xCreate = NULL,            /* eponymous only */
  .xConnect = staged_connect,
  .xBestIndex = staged_best_index,
  .xDisconnect = staged_disconnect,
  .xDestroy = staged_disconnect,
  .xOpen = staged_open,
  .xClose = staged_close,
  .xFilter = staged_filter,
  .xNext = staged_next,
  .xEof = staged_eof,
  .xColumn = staged_column,
  .xRowid = staged_rowid,
};

/* The import ------------------------------------------------------------ */

/* The rows are written in chunks. A chunk's new households, residents and
 * their tags are staged in arrays, then written with one INSERT … SELECT
 * per table from linli_import_rows(): SQLite then runs the journal
 * triggers of a whole chunk in one statement, instead of one statement
 * (with its statement journal and its AUTOINCREMENT bookkeeping) per row.
 * Parents are written before their children, so the journal never names a
 * row before it exists. Between chunks the import tells its progress and
 * checks the cancellable. */
#define CHUNK_ROWS 256

typedef struct
{
  LinliDb       *db;
  sqlite3       *handle;
  const char    *community;
  LinliImportResult *result;
  GStringChunk  *strings;            /* the keys and ids of the maps below */
  GString       *key;                /* the key being looked up */
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
  GHashTable    *staged;             /* ids of households and residents staged, not written yet */
  Staged         new_households;     /* id, unit_id, floor, room */
  Staged         new_persons;        /* id, household_id, name, gender, id_number, birth_date, phone, relation, notes */
  Staged         new_tags;           /* id, person_id, tag_id */
  Staged         new_heads;          /* household_id, person_id: set at the end */
  Staged         created_heads;      /* the same, of households this import creates */
  GHashTable    *created_households; /* ids of the households this import creates */
  GHashTable    *head_index;         /* household_id -> its row in new_heads + 1 */
  Record        *last;               /* the previous row, and its household: the */
  const char    *last_household;     /* residents of a household come one after another */
  GArray        *touched;            /* rowids of updated persons, to index again */
  sqlite3_stmt  *update_person;
  sqlite3_stmt  *write_staged[3];    /* households, residents, tags */
  gint64         write_usec[3];      /* the time each took, all chunks together */
  guint64        id_ms;              /* new_id() */
  guint32        id_counter;
} Writer;

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
  g_clear_pointer (&w->staged, g_hash_table_unref);
  g_clear_pointer (&w->touched, g_array_unref);
  g_clear_pointer (&w->update_person, sqlite3_finalize);
  for (guint i = 0; i < G_N_ELEMENTS (w->write_staged); i++)
    g_clear_pointer (&w->write_staged[i], sqlite3_finalize);
  staged_clear (&w->new_households);
  staged_clear (&w->new_persons);
  staged_clear (&w->new_tags);
  staged_clear (&w->new_heads);
  staged_clear (&w->created_heads);
  g_clear_pointer (&w->created_households, g_hash_table_unref);
  g_clear_pointer (&w->head_index, g_hash_table_unref);
  if (w->key != NULL)
    g_string_free (g_steal_pointer (&w->key), TRUE);
  g_clear_pointer (&w->strings, g_string_chunk_free);
  w->last = NULL;
  w->last_household = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

/* The maps hold strings of w->strings: they free nothing themselves. */
static GHashTable *
str_table (void)
{
  return g_hash_table_new (g_str_hash, g_str_equal);
}

static const char *
intern (Writer     *w,
        const char *s)
{
  return s != NULL ? g_string_chunk_insert (w->strings, s) : NULL;
}

/* "a \x1f b" in w->key, valid until the next call */
static const char *
key2 (Writer     *w,
      const char *a,
      const char *b)
{
  g_string_truncate (w->key, 0);
  if (a != NULL)
    g_string_append (w->key, a);
  g_string_append_c (w->key, '\x1f');
  if (b != NULL)
    g_string_append (w->key, b);
  return w->key->str;
}

static void
put (Writer     *w,
     GHashTable *map,
     const char *key,
     const char *interned_value)
{
  g_hash_table_insert (map, (gpointer) intern (w, key), (gpointer) interned_value);
}

/* The ids of the rows an import creates are version 7 UUIDs (RFC 9562):
 * the time of the import in milliseconds, then a counter that starts at
 * a random value (method 1 of the RFC), then 42 random bits. They are as
 * unique as random ones, and one import's ids follow each other, so that
 * SQLite inserts them at the end of each index that holds them instead of
 * all over it. */
static const char *
new_id (Writer *w)
{
  static const char hex[] = "0123456789abcdef";
  guint32 counter = ++w->id_counter;
  guint32 r1 = g_random_int (), r2 = g_random_int ();
  guint8 b[16];
  char out[37];
  int o = 0;

  for (int i = 0; i < 6; i++)
    b[i] = (guint8) (w->id_ms >> (40 - 8 * i));
  b[6] = 0x70 | ((counter >> 28) & 0x0f);     /* version 7, counter */
  b[7] = (guint8) (counter >> 20);
  b[8] = 0x80 | ((counter >> 14) & 0x3f);     /* variant, counter */
  b[9] = (guint8) (counter >> 6);
  b[10] = (guint8) ((counter << 2) | (r1 & 3));
  b[11] = (guint8) (r1 >> 8);
  b[12] = (guint8) (r1 >> 16);
  b[13] = (guint8) (r1 >> 24);
  b[14] = (guint8) r2;
  b[15] = (guint8) (r2 >> 8);

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        out[o++] = '-';
      out[o++] = hex[b[i] >> 4];
      out[o++] = hex[b[i] & 15];
    }
  out[o] = '\0';
  return intern (w, out);
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
      const char *id = NULL;

      if (key == NULL)
        continue;
      if (!g_hash_table_contains (table, key))
        g_hash_table_insert (table, (gpointer) intern (w, key),
                             (gpointer) (id = intern (w, linli_query_get_string (q, 1))));
      if (second != NULL && !linli_query_is_null (q, 2) &&
          !g_hash_table_contains (second, linli_query_get_string (q, 2)))
        g_hash_table_insert (second, (gpointer) intern (w, linli_query_get_string (q, 2)),
                             (gpointer) (id ? id : intern (w, linli_query_get_string (q, 1))));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* The first column of every row of @sql, into the set @table. */
static gboolean
load_set (Writer      *w,
          const char  *sql,
          GHashTable  *table,
          GError     **error)
{
  g_autoptr(LinliQuery) q = linli_db_query (w->db, error, sql, "s", w->community);
  g_autoptr(GError) local_error = NULL;

  if (q == NULL)
    return FALSE;
  while (linli_query_next (q, &local_error))
    if (!linli_query_is_null (q, 0))
      g_hash_table_add (table, (gpointer) intern (w, linli_query_get_string (q, 0)));
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
  w->id_ms = (guint64) (g_get_real_time () / 1000);
  w->id_counter = g_random_int () & 0x7fffffff;  /* room for 2^31 ids */
  w->strings = g_string_chunk_new (64 * 1024);
  w->key = g_string_sized_new (128);
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
  w->person_has_id = str_table ();
  w->tag_by_code = str_table ();
  w->tag_by_name = str_table ();
  w->person_tags = str_table ();
  w->staged = str_table ();
  staged_init (&w->new_households, 4);
  staged_init (&w->new_persons, 9);
  staged_init (&w->new_tags, 3);
  staged_init (&w->new_heads, 2);
  staged_init (&w->created_heads, 2);
  w->created_households = str_table ();
  w->head_index = str_table ();
  w->touched = g_array_new (FALSE, FALSE, sizeof (gint64));

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
             w->tag_by_name, NULL, error) ||
      !load_set (w, "SELECT person_id || char (31) || tag_id FROM person_tag WHERE community_id = ? AND deleted = 0",
                 w->person_tags, error) ||
      !load_set (w, "SELECT id FROM person WHERE community_id = ? AND deleted = 0 "
                    "AND id_number IS NOT NULL AND id_number <> ''",
                 w->person_has_id, error))
    return FALSE;

  if (sqlite3_create_module_v2 (w->handle, "linli_import_rows", &staged_module, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_FAILED, "%s", sqlite3_errmsg (w->handle));
      return FALSE;
    }

  return /* Only what the ledger says replaces what is there, and a row
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
                     "SELECT c0, linli_hlc (), ?1, c1, c2, c3 FROM linli_import_rows (?2)",
                  &w->write_staged[0], error) &&
         prepare (w, "INSERT INTO person (id, _hlc, community_id, household_id, name, gender, id_number, "
                     "birth_date, phone, relation, notes) "
                     "SELECT c0, linli_hlc (), ?1, c1, c2, c3, c4, c5, c6, c7, c8 FROM linli_import_rows (?2)",
                  &w->write_staged[1], error) &&
         prepare (w, "INSERT INTO person_tag (id, _hlc, community_id, person_id, tag_id) "
                     "SELECT c0, linli_hlc (), ?1, c1, c2 FROM linli_import_rows (?2)",
                  &w->write_staged[2], error);
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

/* Writes what is staged: the households, then the residents, then their
 * tags, each in one statement. */
/* Writes what is staged: the households, then the residents, then their
 * tags, each in one statement. */
static gboolean
writer_flush (Writer  *w,
              GError **error)
{
  Staged *staged[] = { &w->new_households, &w->new_persons, &w->new_tags };

  G_STATIC_ASSERT (G_N_ELEMENTS (staged) == G_N_ELEMENTS (w->write_staged));

  for (guint i = 0; i < G_N_ELEMENTS (staged); i++)
    {
      gint64 start = g_get_monotonic_time ();

      if (staged_n_rows (staged[i]) == 0)
        continue;
      sqlite3_bind_text (w->write_staged[i], 1, w->community, -1, SQLITE_STATIC);
      sqlite3_bind_pointer (w->write_staged[i], 2, staged[i], "linli-import-rows", NULL);
      if (!step (w, w->write_staged[i], error))
        return FALSE;
      g_array_set_size (staged[i]->cells, 0);
      w->write_usec[i] += g_get_monotonic_time () - start;
    }
  g_hash_table_remove_all (w->staged);
  return TRUE;
}

/* The heads of households, all at once at the end: setting a household's
 * head before its head is written would leave a deferred foreign key open,
 * and SQLite then checks every later insert against every table. */
static gboolean
set_heads (Writer  *w,
           Staged  *heads,
           GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (staged_n_rows (heads) == 0)
    return TRUE;
  if (!prepare (w, "UPDATE household SET head_id = h.c1 FROM linli_import_rows (?1) h WHERE household.id = h.c0",
                &stmt, error))
    return FALSE;
  sqlite3_bind_pointer (stmt, 1, heads, "linli-import-rows", NULL);
  ok = step (w, stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

/* The households this import creates are journaled as inserts, whose
 * values the push reads when it sends them (linli-db.c): their heads go
 * with them, under the insert's stamp, as if written at once. Journaling
 * an update of each as well would only send them twice. */
static gboolean
writer_set_heads (Writer  *w,
                  GError **error)
{
  gboolean journal = linli_db_get_journal_enabled (w->db);
  gboolean ok;

  if (!set_heads (w, &w->new_heads, error))
    return FALSE;
  linli_db_set_journal_enabled (w->db, FALSE);
  ok = set_heads (w, &w->created_heads, error);
  linli_db_set_journal_enabled (w->db, journal);
  return ok;
}

static void
stage (Staged     *staged,
       const char *value)
{
  g_array_append_val (staged->cells, value);
}

static const char *
ensure_grid (Writer      *w,
             const char  *text,
             GError     **error)
{
  const char *id = g_hash_table_lookup (w->grid_by_name, text);
  g_autofree char *name = NULL;
  g_autofree char *number = NULL;
  int n;
  const char *p;

  if (id != NULL)
    return id;

  /* 第3网格, 三网格, 3: the third grid; 3-1网格 is a grid of its own */
  n = _linli_import_grid_number (text);
  if (n >= 0)
    number = g_strdup_printf ("%d", n);
  if (number != NULL && (id = g_hash_table_lookup (w->grid_by_number, number)) != NULL)
    {
      put (w, w->grid_by_name, text, id);
      return id;
    }

  /* "3" alone names the third grid: 第3网格 */
  {
    gboolean digits_only = TRUE;

    for (p = text; *p; p++)
      if (!g_ascii_isdigit (*p))
        digits_only = FALSE;
    name = digits_only ? g_strdup_printf (_("Grid %s"), number) : g_strdup (text);
  }

  id = new_id (w);
  if (!linli_db_insert_with_id (w->db, error, "grid", id, "community_id,number,name", "sss",
                                w->community, number, name))
    return NULL;
  w->result->grids_created++;
  put (w, w->grid_by_name, text, id);
  if (!g_str_equal (name, text))
    put (w, w->grid_by_name, name, id);
  if (number != NULL)
    put (w, w->grid_by_number, number, id);
  return id;
}

static const char *
ensure_compound (Writer      *w,
                 const char  *name,
                 GError     **error)
{
  const char *id = g_hash_table_lookup (w->compound_by_name, name);

  if (id != NULL)
    return id;
  id = new_id (w);
  if (!linli_db_insert_with_id (w->db, error, "compound", id, "community_id,name", "ss", w->community, name))
    return NULL;
  w->result->compounds_created++;
  put (w, w->compound_by_name, name, id);
  return id;
}

static const char *
ensure_building (Writer      *w,
                 const char  *compound_id,
                 const char  *number,
                 const char  *grid_id,
                 GError     **error)
{
  const char *id = g_hash_table_lookup (w->building_by_key, key2 (w, compound_id, number));

  if (id == NULL && compound_id == NULL)
    id = g_hash_table_lookup (w->building_by_number, number);

  if (id != NULL)
    {
      /* The ledger says which grid the building is in. */
      if (grid_id != NULL && g_strcmp0 (g_hash_table_lookup (w->building_grid, id), grid_id) != 0)
        {
          if (!linli_db_set (w->db, error, "building", id, "grid_id", "s", grid_id))
            return NULL;
          g_hash_table_insert (w->building_grid, (gpointer) id, (gpointer) grid_id);
        }
      return id;
    }

  id = new_id (w);
  if (!linli_db_insert_with_id (w->db, error, "building", id, "community_id,compound_id,grid_id,number",
                                "ssss", w->community, compound_id, grid_id, number))
    return NULL;
  w->result->buildings_created++;
  if (grid_id != NULL)
    g_hash_table_insert (w->building_grid, (gpointer) id, (gpointer) grid_id);
  if (!g_hash_table_contains (w->building_by_number, number))
    put (w, w->building_by_number, number, id);
  put (w, w->building_by_key, key2 (w, compound_id, number), id);
  return id;
}

static const char *
ensure_unit (Writer      *w,
             const char  *building_id,
             int          number,
             GError     **error)
{
  char n[16];
  const char *id;

  g_snprintf (n, sizeof n, "%d", number);
  id = g_hash_table_lookup (w->unit_by_key, key2 (w, building_id, n));
  if (id != NULL)
    return id;

  id = new_id (w);
  if (!linli_db_insert_with_id (w->db, error, "unit", id, "community_id,building_id,number", "ssi",
                                w->community, building_id, number))
    return NULL;
  w->result->units_created++;
  put (w, w->unit_by_key, key2 (w, building_id, n), id);
  return id;
}

static const char *
ensure_household (Writer      *w,
                  const char  *unit_id,
                  Record      *r,
                  GError     **error)
{
  const char *id = g_hash_table_lookup (w->household_by_key, key2 (w, unit_id, r->room));
  const char *floor = NULL;

  if (id != NULL)
    return id;

  id = new_id (w);
  put (w, w->household_by_key, w->key->str, id);
  g_hash_table_add (w->staged, (gpointer) id);
  g_hash_table_add (w->created_households, (gpointer) id);

  if (r->floor >= 0)
    {
      char buf[16];

      g_snprintf (buf, sizeof buf, "%d", r->floor);
      floor = g_string_chunk_insert_const (w->strings, buf);
    }
  stage (&w->new_households, id);
  stage (&w->new_households, unit_id);
  stage (&w->new_households, floor);
  stage (&w->new_households, r->room);
  w->result->households_created++;
  return id;
}

static const char *
ensure_tag (Writer      *w,
            const char  *name,
            GError     **error)
{
  const char *canonical = NULL;
  const char *code = _linli_import_tag_code (name, &canonical);
  const char *id;
  gboolean care;

  id = code ? g_hash_table_lookup (w->tag_by_code, code) : g_hash_table_lookup (w->tag_by_name, name);
  if (id != NULL)
    return id;

  care = code != NULL && (g_str_equal (code, "alone") || g_str_equal (code, "empty_nest") ||
                          g_str_equal (code, "disabled") || g_str_equal (code, "low_income"));
  id = new_id (w);
  if (!linli_db_insert_with_id (w->db, error, "tag", id, "community_id,code,name,care", "sssi",
                                w->community, code, code ? canonical : name, care ? 1 : 0))
    return NULL;
  w->result->tags_created++;
  if (code != NULL)
    put (w, w->tag_by_code, code, id);
  put (w, w->tag_by_name, code ? canonical : name, id);
  return id;
}

/* The household of the previous row, when @r names the same place. */
static gboolean
same_place (const Record *a,
            const Record *b)
{
  return a->unit == b->unit &&
         g_strcmp0 (a->room, b->room) == 0 &&
         g_strcmp0 (a->building, b->building) == 0 &&
         g_strcmp0 (a->compound, b->compound) == 0 &&
         g_strcmp0 (a->grid, b->grid) == 0;
}

static const char *
ensure_place (Writer  *w,
              Record  *r,
              GError **error)
{
  const char *grid_id = NULL, *compound_id = NULL, *building_id, *unit_id, *household_id;

  if (w->last != NULL && same_place (w->last, r))
    return w->last_household;

  if (r->grid != NULL && (grid_id = ensure_grid (w, r->grid, error)) == NULL)
    return NULL;
  if (r->compound != NULL && (compound_id = ensure_compound (w, r->compound, error)) == NULL)
    return NULL;
  if ((building_id = ensure_building (w, compound_id, r->building, grid_id, error)) == NULL ||
      (unit_id = ensure_unit (w, building_id, r->unit, error)) == NULL ||
      (household_id = ensure_household (w, unit_id, r, error)) == NULL)
    return NULL;

  w->last = r;
  w->last_household = household_id;
  return household_id;
}

static gboolean
update_person (Writer      *w,
               const char  *person_id,
               const char  *household_id,
               Record      *r,
               GError     **error)
{
  sqlite3_stmt *s = w->update_person;
  int rc;

  /* The resident, or the household it moves to, may wait in the
   * staging tables: write them first. */
  if ((g_hash_table_contains (w->staged, person_id) || g_hash_table_contains (w->staged, household_id)) &&
      !writer_flush (w, error))
    return FALSE;

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
  return TRUE;
}

static const char *
stage_person (Writer      *w,
              const char  *household_id,
              const char  *name_key,
              Record      *r)
{
  const char *id = new_id (w);
  const char *values[] = { id, household_id, r->name, r->gender, r->id_number, r->birth_date,
                           r->phone, r->relation, r->notes };

  G_STATIC_ASSERT (G_N_ELEMENTS (values) == 9);
  g_array_append_vals (w->new_persons.cells, values, G_N_ELEMENTS (values));

  w->result->created++;
  g_hash_table_add (w->staged, (gpointer) id);
  if (r->id_number != NULL)
    {
      put (w, w->person_by_id_number, r->id_number, id);
      g_hash_table_add (w->person_has_id, (gpointer) id);
    }
  if (!g_hash_table_contains (w->person_by_name, name_key))
    put (w, w->person_by_name, name_key, id);
  return id;
}

static gboolean
write_record (Writer  *w,
              Record  *r,
              GError **error)
{
  const char *household_id, *person_id = NULL;
  const char *name_key;

  if ((household_id = ensure_place (w, r, error)) == NULL)
    return FALSE;

  name_key = key2 (w, r->name, household_id);
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
      if (!update_person (w, person_id, household_id, r, error))
        return FALSE;
    }
  else
    person_id = stage_person (w, household_id, name_key, r);

  /* Heads are set at the end (writer_set_heads()); the last one a
   * household is given stays. */
  if (r->is_head && g_strcmp0 (g_hash_table_lookup (w->household_head, household_id), person_id) != 0)
    {
      guint row = GPOINTER_TO_UINT (g_hash_table_lookup (w->head_index, household_id));
      Staged *heads = g_hash_table_contains (w->created_households, household_id) ? &w->created_heads : &w->new_heads;

      if (row == 0)
        {
          stage (heads, household_id);
          stage (heads, person_id);
          g_hash_table_insert (w->head_index, (gpointer) household_id,
                               GUINT_TO_POINTER (staged_n_rows (heads)));
        }
      else
        g_array_index (heads->cells, const char *, (row - 1) * 2 + 1) = person_id;
      g_hash_table_insert (w->household_head, (gpointer) household_id, (gpointer) person_id);
    }

  for (guint i = 0; r->tags != NULL && r->tags[i] != NULL; i++)
    {
      const char *tag_id = ensure_tag (w, r->tags[i], error);

      if (tag_id == NULL)
        return FALSE;
      if (g_hash_table_contains (w->person_tags, key2 (w, person_id, tag_id)))
        continue;
      g_hash_table_add (w->person_tags, (gpointer) intern (w, w->key->str));

      stage (&w->new_tags, new_id (w));
      stage (&w->new_tags, person_id);
      stage (&w->new_tags, tag_id);
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

static void
append_timing (LinliImport *self,
               const char  *name,
               gint64       usec)
{
  Timing t = { name, usec / 1000.0 };

  g_array_append_val (self->timings, t);
}

/* The time since *@since, as step @name; moves *@since to now. */
static void
add_timing (LinliImport *self,
            const char  *name,
            gint64      *since)
{
  gint64 now = g_get_monotonic_time ();

  append_timing (self, name, now - *since);
  *since = now;
}

/**
 * linli_import_get_n_timings:
 *
 * Returns: the number of steps timed in the last linli_import_run()
 */
guint
linli_import_get_n_timings (LinliImport *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT (self), 0);
  return self->timings->len;
}

/**
 * linli_import_get_timing:
 * @ms: (out): how long the step took, in milliseconds of wall time
 *
 * What the benchmark shows: where the time of an import goes.
 *
 * Returns: the step's name, translated
 */
const char *
linli_import_get_timing (LinliImport *self,
                         guint        index,
                         double      *ms)
{
  Timing *t;

  g_return_val_if_fail (LINLI_IS_IMPORT (self), NULL);
  g_return_val_if_fail (index < self->timings->len, NULL);

  t = &g_array_index (self->timings, Timing, index);
  if (ms != NULL)
    *ms = t->ms;
  return _(t->name);
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
  gint64 since;

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
  g_array_set_size (self->timings, 0);
  since = g_get_monotonic_time ();

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
  add_timing (self, N_("prepare"), &since);

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
      if ((done % CHUNK_ROWS) == 0)
        {
          if (!writer_flush (&w, error))
            goto fail;
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto fail;
          if (progress != NULL)
            progress (done, total, user_data);
        }
    }

  if (!writer_flush (&w, error))
    goto fail;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;
  {
    static const char *what[] = { N_("write households"), N_("write residents"), N_("write tags") };
    gint64 written = 0;
    gint64 now = g_get_monotonic_time ();

    for (guint i = 0; i < G_N_ELEMENTS (what); i++)
      written += w.write_usec[i];
    /* The rows' own work, and what the staged rows took to write. */
    append_timing (self, N_("match and stage the rows"), now - since - written);
    for (guint i = 0; i < G_N_ELEMENTS (what); i++)
      append_timing (self, what[i], w.write_usec[i]);
    since = now;
  }

  if (!writer_set_heads (&w, error))
    goto fail;

  add_timing (self, N_("set the heads of households"), &since);
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

  add_timing (self, N_("index for search"), &since);
  writer_clear (&w);
  if (!linli_db_commit (db, error))
    goto fail_committed;
  add_timing (self, N_("commit"), &since);

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
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->timings, g_array_unref);
  if (self->scratch != NULL)
    g_string_free (g_steal_pointer (&self->scratch), TRUE);

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
  self->strings = g_string_chunk_new (256 * 1024);
  self->scratch = g_string_new (NULL);
  self->timings = g_array_new (FALSE, FALSE, sizeof (Timing));
  self->records = g_array_new (FALSE, TRUE, sizeof (Record));
  g_array_set_clear_func (self->records, (GDestroyNotify) record_clear);
}
