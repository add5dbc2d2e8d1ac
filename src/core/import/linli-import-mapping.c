/* linli-import-mapping.c: which column of a ledger holds what
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ledgers (台账) are made by hand: a title row such as 青和居社区居民花名册
 * and blank rows come first, the columns are in any order, and their names
 * vary from office to office (身份证号, 身份证号码, 公民身份号码). We look for
 * the row that names the most known columns, take a second header row
 * under a merged group title (住址 over 楼栋 | 单元 | 房号), and let the user
 * change what we found.
 */

#define G_LOG_DOMAIN "linli-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "linli-import-mapping.h"

#define HEADER_SEARCH_ROWS 30

struct _LinliImportMapping
{
  GObject    parent_instance;

  guint      header_index;   /* in sheet->rows */
  guint      header_rows;    /* 1, or 2 under a merged group title */
  guint      header_number;  /* as the spreadsheet numbers the row */
  GPtrArray *titles;         /* char * per column */
  GArray    *fields;         /* LinliImportField per column */
};

G_DEFINE_FINAL_TYPE (LinliImportMapping, linli_import_mapping, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  LinliImportField  field;
  const char       *alias;
} Alias;

/* The names real ledgers give their columns, after normalize_header(). */
static const Alias aliases[] = {
  { LINLI_IMPORT_FIELD_SERIAL, "序号" },
  { LINLI_IMPORT_FIELD_SERIAL, "编号" },
  { LINLI_IMPORT_FIELD_SERIAL, "序" },
  { LINLI_IMPORT_FIELD_NAME, "姓名" },
  { LINLI_IMPORT_FIELD_NAME, "居民姓名" },
  { LINLI_IMPORT_FIELD_NAME, "人员姓名" },
  { LINLI_IMPORT_FIELD_NAME, "名字" },
  { LINLI_IMPORT_FIELD_GENDER, "性别" },
  { LINLI_IMPORT_FIELD_ID_NUMBER, "身份证号" },
  { LINLI_IMPORT_FIELD_ID_NUMBER, "身份证号码" },
  { LINLI_IMPORT_FIELD_ID_NUMBER, "公民身份号码" },
  { LINLI_IMPORT_FIELD_ID_NUMBER, "公民身份证号码" },
  { LINLI_IMPORT_FIELD_ID_NUMBER, "身份证" },
  { LINLI_IMPORT_FIELD_ID_NUMBER, "证件号码" },
  { LINLI_IMPORT_FIELD_ID_NUMBER, "身份证件号码" },
  { LINLI_IMPORT_FIELD_BIRTH_DATE, "出生日期" },
  { LINLI_IMPORT_FIELD_BIRTH_DATE, "出生年月" },
  { LINLI_IMPORT_FIELD_BIRTH_DATE, "出生年月日" },
  { LINLI_IMPORT_FIELD_BIRTH_DATE, "生日" },
  { LINLI_IMPORT_FIELD_AGE, "年龄" },
  { LINLI_IMPORT_FIELD_AGE, "周岁" },
  { LINLI_IMPORT_FIELD_PHONE, "联系电话" },
  { LINLI_IMPORT_FIELD_PHONE, "手机号码" },
  { LINLI_IMPORT_FIELD_PHONE, "手机号" },
  { LINLI_IMPORT_FIELD_PHONE, "手机" },
  { LINLI_IMPORT_FIELD_PHONE, "电话" },
  { LINLI_IMPORT_FIELD_PHONE, "电话号码" },
  { LINLI_IMPORT_FIELD_PHONE, "联系方式" },
  { LINLI_IMPORT_FIELD_GRID, "所属网格" },
  { LINLI_IMPORT_FIELD_GRID, "网格" },
  { LINLI_IMPORT_FIELD_GRID, "网格名称" },
  { LINLI_IMPORT_FIELD_GRID, "网格号" },
  { LINLI_IMPORT_FIELD_COMPOUND, "小区" },
  { LINLI_IMPORT_FIELD_COMPOUND, "所属小区" },
  { LINLI_IMPORT_FIELD_COMPOUND, "小区名称" },
  { LINLI_IMPORT_FIELD_BUILDING, "楼栋" },
  { LINLI_IMPORT_FIELD_BUILDING, "楼号" },
  { LINLI_IMPORT_FIELD_BUILDING, "栋" },
  { LINLI_IMPORT_FIELD_BUILDING, "栋号" },
  { LINLI_IMPORT_FIELD_BUILDING, "幢" },
  { LINLI_IMPORT_FIELD_BUILDING, "楼栋号" },
  { LINLI_IMPORT_FIELD_BUILDING, "楼" },
  { LINLI_IMPORT_FIELD_UNIT, "单元" },
  { LINLI_IMPORT_FIELD_UNIT, "单元号" },
  { LINLI_IMPORT_FIELD_FLOOR, "楼层" },
  { LINLI_IMPORT_FIELD_FLOOR, "层" },
  { LINLI_IMPORT_FIELD_ROOM, "房号" },
  { LINLI_IMPORT_FIELD_ROOM, "门牌号" },
  { LINLI_IMPORT_FIELD_ROOM, "室" },
  { LINLI_IMPORT_FIELD_ROOM, "房间号" },
  { LINLI_IMPORT_FIELD_ROOM, "房屋号" },
  { LINLI_IMPORT_FIELD_ROOM, "门牌" },
  { LINLI_IMPORT_FIELD_ADDRESS, "住址" },
  { LINLI_IMPORT_FIELD_ADDRESS, "地址" },
  { LINLI_IMPORT_FIELD_ADDRESS, "家庭住址" },
  { LINLI_IMPORT_FIELD_ADDRESS, "现住址" },
  { LINLI_IMPORT_FIELD_ADDRESS, "居住地址" },
  { LINLI_IMPORT_FIELD_ADDRESS, "现居住地址" },
  { LINLI_IMPORT_FIELD_ADDRESS, "门牌地址" },
  { LINLI_IMPORT_FIELD_ADDRESS, "房屋地址" },
  { LINLI_IMPORT_FIELD_RELATION, "与户主关系" },
  { LINLI_IMPORT_FIELD_RELATION, "关系" },
  { LINLI_IMPORT_FIELD_RELATION, "家庭关系" },
  { LINLI_IMPORT_FIELD_RELATION, "与户主的关系" },
  { LINLI_IMPORT_FIELD_HEAD, "户主" },
  { LINLI_IMPORT_FIELD_HEAD, "户主姓名" },
  { LINLI_IMPORT_FIELD_HEAD, "是否户主" },
  { LINLI_IMPORT_FIELD_TAGS, "人员类别" },
  { LINLI_IMPORT_FIELD_TAGS, "标签" },
  { LINLI_IMPORT_FIELD_TAGS, "类别" },
  { LINLI_IMPORT_FIELD_TAGS, "人员类型" },
  { LINLI_IMPORT_FIELD_TAGS, "人员标签" },
  { LINLI_IMPORT_FIELD_TAGS, "特殊人群" },
  { LINLI_IMPORT_FIELD_TAGS, "重点人群" },
  { LINLI_IMPORT_FIELD_NOTES, "备注" },
  { LINLI_IMPORT_FIELD_NOTES, "说明" },
};

/**
 * linli_import_field_get_label:
 *
 * Returns: the field's name as the user sees it (translated)
 */
const char *
linli_import_field_get_label (LinliImportField field)
{
  switch (field)
    {
    case LINLI_IMPORT_FIELD_IGNORE: return _("(not imported)");
    case LINLI_IMPORT_FIELD_SERIAL: return C_("import column", "Serial number");
    case LINLI_IMPORT_FIELD_NAME: return C_("import column", "Name");
    case LINLI_IMPORT_FIELD_GENDER: return C_("import column", "Gender");
    case LINLI_IMPORT_FIELD_ID_NUMBER: return C_("import column", "ID number");
    case LINLI_IMPORT_FIELD_BIRTH_DATE: return C_("import column", "Birth date");
    case LINLI_IMPORT_FIELD_AGE: return C_("import column", "Age");
    case LINLI_IMPORT_FIELD_PHONE: return C_("import column", "Phone");
    case LINLI_IMPORT_FIELD_GRID: return C_("import column", "Grid");
    case LINLI_IMPORT_FIELD_COMPOUND: return C_("import column", "Compound");
    case LINLI_IMPORT_FIELD_BUILDING: return C_("import column", "Building");
    case LINLI_IMPORT_FIELD_UNIT: return C_("import column", "Unit");
    case LINLI_IMPORT_FIELD_FLOOR: return C_("import column", "Floor");
    case LINLI_IMPORT_FIELD_ROOM: return C_("import column", "Room");
    case LINLI_IMPORT_FIELD_ADDRESS: return C_("import column", "Address (building, unit and room)");
    case LINLI_IMPORT_FIELD_RELATION: return C_("import column", "Relation to the head of household");
    case LINLI_IMPORT_FIELD_HEAD: return C_("import column", "Head of household");
    case LINLI_IMPORT_FIELD_TAGS: return C_("import column", "Categories (tags)");
    case LINLI_IMPORT_FIELD_NOTES: return C_("import column", "Notes");
    case LINLI_IMPORT_N_FIELDS:
    default:
      return "";
    }
}

/* Spaces, line breaks, asterisks of required columns, colons and what is
 * in brackets ("联系电话（手机）", "*姓名") say nothing about the column; what
 * is in the brackets goes to @inside when asked for ("（户主）" of
 * "电话（户主）"). */
static char *
split_header (const char  *header,
              char       **inside)
{
  GString *out = g_string_new (NULL);
  GString *in = inside ? g_string_new (NULL) : NULL;
  int brackets = 0;

  for (const char *p = header; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '(' || c == 0xFF08 || c == '[' || c == 0x3010)
        brackets++;
      else if (c == ')' || c == 0xFF09 || c == ']' || c == 0x3011)
        brackets = MAX (brackets - 1, 0);
      else if (brackets > 0)
        {
          if (in != NULL)
            g_string_append_unichar (in, c);
        }
      else if (!g_unichar_isspace (c) && c != 0x3000 && c != '*' && c != 0xFF0A && c != ':' && c != 0xFF1A)
        g_string_append_unichar (out, c);
    }
  if (inside != NULL)
    *inside = g_string_free (in, FALSE);
  return g_string_free (out, FALSE);
}

static char *
normalize_header (const char *header)
{
  return split_header (header, NULL);
}

/**
 * linli_import_field_from_header:
 * @header: a header cell, as written
 *
 * Returns: the field that a column with this name holds, or
 *   %LINLI_IMPORT_FIELD_IGNORE
 */
/* Words that make a column about someone else than the resident: 监护人姓名,
 * 紧急联系电话, 网格员, 工作单位. Such a column is only taken when its whole
 * name is a known one. */
static const char *const someone_else[] = {
  "网格员", "网格长", "网格管理员", "楼长", "栋长", "楼栋长", "单元长", "监护人", "紧急", "家属", "亲属", "代理人",
  "父亲", "母亲", "配偶", "子女", "工作单位", "单位", "派出所", "籍贯", "出生地", NULL
};

/* Words that may make a column about the head or another place: 户主身份证号码,
 * 户籍地址, 联系人电话, 原房号, 电话（户主）. Such a column is taken only when
 * no other column holds the field. */
static const char *const maybe_else[] = { "户主", "户籍", "联系人", "原", NULL };

typedef enum
{
  RANK_EXACT,     /* the whole name is a known one */
  RANK_CONTAINS,  /* it holds a known name: 居民姓名, 身份证号码18位 */
  RANK_WEAK,      /* it holds a known name and a word of maybe_else */
} Rank;

static gboolean
holds_any (const char        *text,
           const char *const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (text, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static LinliImportField
field_of_header (const char *header,
                 Rank       *rank)
{
  g_autofree char *norm = NULL;
  g_autofree char *aside = NULL;
  const char *alias = NULL;
  LinliImportField best = LINLI_IMPORT_FIELD_IGNORE;
  gsize best_len = 0;

  *rank = RANK_EXACT;
  if (header == NULL)
    return LINLI_IMPORT_FIELD_IGNORE;
  norm = split_header (header, &aside);
  if (*norm == '\0' || strlen (norm) > 60)
    return LINLI_IMPORT_FIELD_IGNORE;

  for (guint i = 0; i < G_N_ELEMENTS (aliases) && alias == NULL; i++)
    if (g_str_equal (norm, aliases[i].alias))
      {
        best = aliases[i].field;
        alias = aliases[i].alias;
      }

  /* "身份证号码18位", "居民姓名": the longest known name inside. One
   * character names (栋, 室) only count on their own. */
  if (alias == NULL)
    {
      if (holds_any (norm, someone_else) || holds_any (aside, someone_else))
        return LINLI_IMPORT_FIELD_IGNORE;
      *rank = RANK_CONTAINS;
      for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
        {
          gsize len = strlen (aliases[i].alias);

          if (g_utf8_strlen (aliases[i].alias, -1) >= 2 && len > best_len && strstr (norm, aliases[i].alias) != NULL)
            {
              best = aliases[i].field;
              best_len = len;
              alias = aliases[i].alias;
            }
        }
      if (alias == NULL)
        return LINLI_IMPORT_FIELD_IGNORE;
    }

  /* What the name says beside the known one: 户主 in 户主身份证号码 */
  {
    g_autoptr(GString) rest = g_string_new (norm);
    const char *at = strstr (rest->str, alias);

    if (at != NULL)
      g_string_erase (rest, at - rest->str, (gssize) strlen (alias));
    g_string_append (rest, aside);
    if (holds_any (rest->str, someone_else))
      return LINLI_IMPORT_FIELD_IGNORE;
    if (holds_any (rest->str, maybe_else))
      *rank = RANK_WEAK;
  }
  return best;
}

/**
 * linli_import_field_from_header:
 * @header: a header cell, as written
 *
 * Returns: the field that a column with this name holds, or
 *   %LINLI_IMPORT_FIELD_IGNORE
 */
LinliImportField
linli_import_field_from_header (const char *header)
{
  Rank rank;

  return field_of_header (header, &rank);
}

/**
 * linli_import_field_names_head:
 * @header: (nullable): a header cell
 *
 * Returns: %TRUE for 户主姓名 and 户主: the name of a household's head,
 *   the only name a ledger of households gives
 */
gboolean
linli_import_field_names_head (const char *header)
{
  g_autofree char *norm = header ? normalize_header (header) : NULL;

  return norm != NULL && (g_str_equal (norm, "户主姓名") || g_str_equal (norm, "户主"));
}

static guint
score_row (LinliSheet *sheet,
           guint       index,
           gboolean   *has_name,
           gboolean   *all_known)
{
  gboolean seen[LINLI_IMPORT_N_FIELDS] = { FALSE };
  LinliSheetRow *row = g_ptr_array_index (sheet->rows, index);
  guint score = 0;

  *all_known = TRUE;
  for (guint c = 0; c < row->cells->len; c++)
    {
      const char *text = g_ptr_array_index (row->cells, c);
      LinliImportField f = linli_import_field_from_header (text);

      if (text != NULL && f == LINLI_IMPORT_FIELD_IGNORE)
        *all_known = FALSE;
      if (f != LINLI_IMPORT_FIELD_IGNORE && !seen[f])
        {
          seen[f] = TRUE;
          score++;
        }
    }
  if (has_name != NULL)
    {
      *has_name = seen[LINLI_IMPORT_FIELD_NAME];
      /* A ledger of households: 户主姓名 is the only name */
      for (guint c = 0; c < row->cells->len && !*has_name; c++)
        *has_name = linli_import_field_names_head (g_ptr_array_index (row->cells, c));
    }
  return score;
}

static void
assign (LinliImportMapping *self,
        guint               column,
        LinliImportField    field)
{
  if (field != LINLI_IMPORT_FIELD_IGNORE && field != LINLI_IMPORT_FIELD_NOTES &&
      linli_import_mapping_find (self, field) >= 0)
    field = LINLI_IMPORT_FIELD_IGNORE;
  g_array_index (self->fields, LinliImportField, column) = field;
}

/**
 * linli_import_mapping_detect:
 * @sheet: the sheet as read
 *
 * Finds the header row among the first rows and what each column holds.
 *
 * Returns: (transfer full) (nullable): the mapping, or %NULL with @error
 *   set when no row names at least the name column and one more
 */
LinliImportMapping *
linli_import_mapping_detect (LinliSheet  *sheet,
                             GError     **error)
{
  g_autoptr(LinliImportMapping) self = NULL;
  guint best = 0, best_score = 0;
  LinliSheetRow *head, *sub = NULL;

  g_return_val_if_fail (sheet != NULL, NULL);

  for (guint i = 0; i < MIN (sheet->rows->len, HEADER_SEARCH_ROWS); i++)
    {
      gboolean has_name = FALSE, all_known;
      guint score = score_row (sheet, i, &has_name, &all_known);

      if (has_name && score >= 2 && score > best_score)
        {
          best = i;
          best_score = score;
        }
    }

  if (best_score == 0)
    {
      g_set_error (error, LINLI_IMPORT_ERROR, LINLI_IMPORT_ERROR_NO_HEADER,
                   _("No row among the first %d of “%s” names the columns. A ledger needs a "
                     "header row with at least “姓名” and another column such as “身份证号码” or "
                     "“房号”."),
                   HEADER_SEARCH_ROWS, sheet->name ? sheet->name : "");
      return NULL;
    }

  self = g_object_new (LINLI_TYPE_IMPORT_MAPPING, NULL);
  self->header_index = best;
  self->header_rows = 1;
  head = g_ptr_array_index (sheet->rows, best);
  self->header_number = head->number;

  /* A second header row under merged group titles: it names columns and
   * holds no name of a resident. */
  if (best + 1 < sheet->rows->len)
    {
      gboolean has_name = FALSE, all_known = FALSE;
      LinliSheetRow *next = g_ptr_array_index (sheet->rows, best + 1);

      /* Every cell of it is a column name: a resident's row has a name,
       * an ID number or a phone that is none. */
      if (next->number == head->number + 1 && score_row (sheet, best + 1, &has_name, &all_known) >= 2 &&
          !has_name && all_known)
        {
          sub = next;
          self->header_rows = 2;
        }
    }

  g_array_set_size (self->fields, sheet->n_columns);
  for (guint c = 0; c < sheet->n_columns; c++)
    {
      const char *top = c < head->cells->len ? g_ptr_array_index (head->cells, c) : NULL;
      const char *below = sub && c < sub->cells->len ? g_ptr_array_index (sub->cells, c) : NULL;
      g_autofree char *col = linli_sheet_column_name (c);
      char *title;

      if (top != NULL && below != NULL && g_strcmp0 (top, below) != 0)
        title = g_strdup_printf ("%s / %s", top, below);
      else if (top != NULL || below != NULL)
        title = g_strdup (top ? top : below);
      else
        title = g_strdup_printf (_("Column %s"), col);
      g_ptr_array_add (self->titles, title);
      g_array_index (self->fields, LinliImportField, c) = LINLI_IMPORT_FIELD_IGNORE;
    }

  /* Columns named exactly as a field first, then those that hold a
   * field's name, then those that may be about the head or another place:
   * "房号" wins over "房号（旧）" and "原房号" wherever they stand, and
   * 户主身份证号码 is the resident's only in a ledger of households. */
  for (Rank pass = RANK_EXACT; pass <= RANK_WEAK; pass++)
    for (guint c = 0; c < sheet->n_columns; c++)
      {
        const char *top = c < head->cells->len ? g_ptr_array_index (head->cells, c) : NULL;
        const char *below = sub && c < sub->cells->len ? g_ptr_array_index (sub->cells, c) : NULL;
        Rank rank = RANK_EXACT;
        LinliImportField f = field_of_header (below, &rank);

        if (f == LINLI_IMPORT_FIELD_IGNORE)
          f = field_of_header (top, &rank);
        if (rank == pass)
          assign (self, c, f);
      }

  /* No 姓名 column, but 户主姓名: the residents are the heads. */
  if (linli_import_mapping_find (self, LINLI_IMPORT_FIELD_NAME) < 0)
    for (guint c = 0; c < sheet->n_columns; c++)
      if (linli_import_field_names_head (g_ptr_array_index (self->titles, c)))
        {
          g_array_index (self->fields, LinliImportField, c) = LINLI_IMPORT_FIELD_NAME;
          break;
        }

  return g_steal_pointer (&self);
}

/* The index in sheet->rows of the first row under the header. */
guint
linli_import_mapping_get_header_index (LinliImportMapping *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT_MAPPING (self), 0);
  return self->header_index + self->header_rows - 1;
}

/* The header's row number as the spreadsheet shows it. */
guint
linli_import_mapping_get_header_row (LinliImportMapping *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT_MAPPING (self), 0);
  return self->header_number;
}

guint
linli_import_mapping_get_n_columns (LinliImportMapping *self)
{
  g_return_val_if_fail (LINLI_IS_IMPORT_MAPPING (self), 0);
  return self->fields->len;
}

const char *
linli_import_mapping_get_title (LinliImportMapping *self,
                                guint               column)
{
  g_return_val_if_fail (LINLI_IS_IMPORT_MAPPING (self), NULL);
  g_return_val_if_fail (column < self->titles->len, NULL);
  return g_ptr_array_index (self->titles, column);
}

LinliImportField
linli_import_mapping_get_field (LinliImportMapping *self,
                                guint               column)
{
  g_return_val_if_fail (LINLI_IS_IMPORT_MAPPING (self), LINLI_IMPORT_FIELD_IGNORE);
  if (column >= self->fields->len)
    return LINLI_IMPORT_FIELD_IGNORE;
  return g_array_index (self->fields, LinliImportField, column);
}

/**
 * linli_import_mapping_set_field:
 *
 * Makes @column hold @field. A field other than notes is held by one
 * column only: the column that held it before is no longer imported.
 * Emits #LinliImportMapping::changed.
 */
void
linli_import_mapping_set_field (LinliImportMapping *self,
                                guint               column,
                                LinliImportField    field)
{
  g_return_if_fail (LINLI_IS_IMPORT_MAPPING (self));
  g_return_if_fail (column < self->fields->len);
  g_return_if_fail (field < LINLI_IMPORT_N_FIELDS);

  if (g_array_index (self->fields, LinliImportField, column) == field)
    return;

  if (field != LINLI_IMPORT_FIELD_IGNORE && field != LINLI_IMPORT_FIELD_NOTES)
    for (guint c = 0; c < self->fields->len; c++)
      if (g_array_index (self->fields, LinliImportField, c) == field)
        g_array_index (self->fields, LinliImportField, c) = LINLI_IMPORT_FIELD_IGNORE;

  g_array_index (self->fields, LinliImportField, column) = field;
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * linli_import_mapping_find:
 *
 * Returns: the first column holding @field, or -1
 */
int
linli_import_mapping_find (LinliImportMapping *self,
                           LinliImportField    field)
{
  g_return_val_if_fail (LINLI_IS_IMPORT_MAPPING (self), -1);

  for (guint c = 0; c < self->fields->len; c++)
    if (g_array_index (self->fields, LinliImportField, c) == field)
      return (int) c;
  return -1;
}

/**
 * linli_import_mapping_describe:
 *
 * Returns: (transfer full): one line per column: "A 序号 → Serial number"
 */
char *
linli_import_mapping_describe (LinliImportMapping *self)
{
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < self->fields->len; c++)
    {
      g_autofree char *col = linli_sheet_column_name (c);

      g_string_append_printf (out, "  %-3s %s → %s\n", col,
                              (char *) g_ptr_array_index (self->titles, c),
                              linli_import_field_get_label (g_array_index (self->fields, LinliImportField, c)));
    }
  return g_string_free (out, FALSE);
}

static void
linli_import_mapping_finalize (GObject *object)
{
  LinliImportMapping *self = LINLI_IMPORT_MAPPING (object);

  g_clear_pointer (&self->titles, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_array_unref);

  G_OBJECT_CLASS (linli_import_mapping_parent_class)->finalize (object);
}

static void
linli_import_mapping_class_init (LinliImportMappingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = linli_import_mapping_finalize;

  /**
   * LinliImportMapping::changed:
   *
   * The user changed what a column holds.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
linli_import_mapping_init (LinliImportMapping *self)
{
  self->titles = g_ptr_array_new_with_free_func (g_free);
  self->fields = g_array_new (FALSE, TRUE, sizeof (LinliImportField));
}
