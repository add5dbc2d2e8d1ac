/* linli-sheets-roster.c: the notice-board sheets of volunteer teams
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *  roster  排班表: a team's duty roster for one or more weeks, service
 *          items down the side and dates across, names in the cells,
 *          places still open marked so that residents can step in
 *  team    成员名单: a team's members with their roles and phones
 *
 * Both are public: a phone prints whole only when its owner agreed to be
 * posted (person.consent_publish). The roster prints no phone but the
 * team leader's in its contact line.
 */

#define G_LOG_DOMAIN "linli-roster"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "linli-format.h"
#include "linli-print-document.h"
#include "linli-roster.h"
#include "linli-roster-time.h"
#include "linli-sheet-kinds.h"
#include "linli-shift-pattern.h"
#include "linli-team.h"
#include "linli-vocab.h"
#include "linli-volunteer.h"

/* The colours of the cells' markup: the red of open places (the engine's
 * red of official notices), the grey of days without service. */
#define OPEN_COLOUR      "#c7171c"
#define CANCELLED_COLOUR "#5c5c5c"

/* Lines of a roster cell before its row continues on a second row: the
 * engine draws at most eight lines of a cell, and a long name may wrap. */
#define LINES_PER_ROW 7

/* Roster tables: the service item column is this many date columns wide,
 * and a date column at least this many points at normal print on A4, room
 * for a three-character name and some. */
#define ITEM_COLUMN_WEIGHT 1.6
#define MIN_DATE_COLUMN    56.0
#define MAX_DATE_COLUMNS   10

/* The team a sheet is for. */
typedef struct
{
  char *id;
  char *name;
  char *kind;
  char *description;
  char *place;        /* "12栋", "第3网格", the community's name */
  char *hotline;      /* the team's community's */
} Team;

static void
team_clear (Team *team)
{
  g_free (team->id);
  g_free (team->name);
  g_free (team->kind);
  g_free (team->description);
  g_free (team->place);
  g_free (team->hotline);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Team, team_clear)

static char *
iso_date (GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static gboolean
load_team (LinliSheetContext  *ctx,
           Team               *team,
           GError            **error)
{
  const LinliSheetRequest *req = linli_sheet_context_get_request (ctx);
  g_autoptr(LinliQuery) q = NULL;
  GError *local_error = NULL;
  const char *scope;

  q = linli_db_query (linli_sheet_context_get_db (ctx), error,
                      "SELECT t.name, t.kind, t.scope, t.description, c.name, c.hotline, "
                      "b.number, b.name, g.number, g.name "
                      "FROM team t LEFT JOIN community c ON c.id = t.community_id AND c.deleted = 0 "
                      "LEFT JOIN building b ON t.scope = 'building' AND b.id = t.scope_id AND b.deleted = 0 "
                      "LEFT JOIN grid g ON t.scope = 'grid' AND g.id = t.scope_id AND g.deleted = 0 "
                      "WHERE t.id = ? AND t.deleted = 0",
                      "s", req->scope_id);
  if (q == NULL)
    return FALSE;
  if (!linli_query_next (q, &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_NOT_FOUND,
                     _("There is no such team (id %s)"), req->scope_id);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  team->id = g_strdup (req->scope_id);
  team->name = linli_query_dup_string (q, 0);
  team->kind = linli_query_dup_string (q, 1);
  scope = linli_query_get_string (q, 2);
  team->description = linli_query_dup_string (q, 3);
  team->hotline = linli_query_dup_string (q, 5);
  if (g_strcmp0 (scope, "building") == 0 && !linli_query_is_null (q, 6))
    {
      const char *name = linli_query_get_string (q, 7);

      team->place = name != NULL && *name != '\0' ? g_strdup (name)
                    /* Translators: a building by its number; zh_CN: "%s栋" */
                    : g_strdup_printf (_("Building %s"), linli_query_get_string (q, 6));
    }
  else if (g_strcmp0 (scope, "grid") == 0 && (!linli_query_is_null (q, 8) || !linli_query_is_null (q, 9)))
    {
      const char *name = linli_query_get_string (q, 9);

      team->place = name != NULL && *name != '\0' ? g_strdup (name)
                    /* Translators: a grid by its number; zh_CN: "第%d网格" */
                    : g_strdup_printf (_("Grid %d"), (int) linli_query_get_int (q, 8));
    }
  else
    team->place = linli_query_dup_string (q, 4);

  if (team->name == NULL || *team->name == '\0')
    {
      g_free (team->name);
      team->name = g_strdup (linli_vocab_label (LINLI_VOCAB_TEAM_KIND, team->kind));
    }
  return TRUE;
}

/* "联系方式：队长 张国平 13907186688 · 社区服务热线 027-86301234" */
static char *
contact_line (LinliSheetContext  *ctx,
              Team               *team,
              GError            **error)
{
  g_autofree char *today = iso_date (linli_sheet_context_get_date (ctx));
  g_autoptr(GString) parts = g_string_new (NULL);
  g_autoptr(LinliQuery) q = NULL;
  GError *local_error = NULL;

  q = linli_db_query (linli_sheet_context_get_db (ctx), error,
                      "SELECT p.name, p.phone, p.consent_publish FROM team_member m "
                      "JOIN person p ON p.id = m.person_id AND p.deleted = 0 "
                      "WHERE m.team_id = ? AND m.deleted = 0 AND m.role = 'leader' "
                      "AND (m.left_on IS NULL OR m.left_on = '' OR m.left_on > ?) "
                      "ORDER BY m.joined, m.rowid",
                      "ss", team->id, today);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      g_autofree char *phone = linli_sheet_context_format_phone (ctx, linli_query_get_string (q, 1),
                                                                 linli_query_get_int (q, 2) != 0);

      if (parts->len > 0)
        g_string_append (parts, " · ");
      g_string_append_printf (parts, "%s %s", linli_vocab_label (LINLI_VOCAB_TEAM_ROLE, "leader"),
                              linli_query_get_string (q, 0));
      if (*phone != '\0')
        g_string_append_printf (parts, " %s", phone);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (team->hotline != NULL && *team->hotline != '\0')
    {
      if (parts->len > 0)
        g_string_append (parts, " · ");
      g_string_append_printf (parts, "%s %s", _("Community hotline"), team->hotline);
    }

  if (parts->len == 0)
    return g_strdup ("");
  /* Translators: who to call about a team: its leader and phone, the
   * community's hotline. zh_CN: "联系方式：%s" */
  return g_strdup_printf (_("Contact: %s"), parts->str);
}

/* The end of both sheets: whom to call, why some numbers are masked, the
 * issuer and the date. */
static gboolean
add_contact_and_signature (LinliSheetContext  *ctx,
                           LinliPrintSheet    *sheet,
                           Team               *team,
                           GError            **error)
{
  g_autofree char *contact = contact_line (ctx, team, error);

  if (contact == NULL)
    return FALSE;
  if (*contact != '\0')
    linli_sheet_add_paragraph (sheet, LINLI_TEXT_BODY, LINLI_ALIGN_LEFT, contact);
  linli_sheet_add_closing (sheet);
  return TRUE;
}

/* Duty roster (排班表) ----------------------------------------------------- */

/* A service item at a time of day: a row of the roster. */
typedef struct
{
  char *key;       /* service item id | start time */
  char *item;
  char *start;
  char *end;
} RosterRow;

static void
roster_row_free (gpointer data)
{
  RosterRow *row = data;

  g_free (row->key);
  g_free (row->item);
  g_free (row->start);
  g_free (row->end);
  g_free (row);
}

/* The shifts of one row on one date (usually one). */
typedef struct
{
  guint      needed;
  gboolean   cancelled;    /* every shift of the cell is */
  char      *note;         /* why not, for a cancelled day: 国庆假期 */
  GPtrArray *names;        /* char*: who is on it */
} Cell;

static void
cell_free (gpointer data)
{
  Cell *cell = data;

  g_free (cell->note);
  g_ptr_array_unref (cell->names);
  g_free (cell);
}

/* How many date columns a table of the request's paper holds. The
 * print dialog's page setup may differ from the request's paper: the
 * names then shrink or wrap, as every cell of the engine does. */
static guint
dates_per_table (const LinliSheetRequest *req)
{
  double width, height, paper_scale, scale, margin, n;

  linli_sheet_request_get_paper_size (req, &width, &height);
  /* As the engine scales type and margins (linli-print-document.c). */
  paper_scale = MIN (width, height) / 595.28;
  scale = paper_scale * (req->large_print ? 1.4 : 1.0);
  margin = LINLI_PRINT_MARGIN_MM * 72.0 / 25.4 * MAX (1.0, paper_scale * 0.85);
  n = floor ((width - 2 * margin) / (MIN_DATE_COLUMN * scale) - ITEM_COLUMN_WEIGHT);

  return (guint) CLAMP (n, 1, MAX_DATE_COLUMNS);
}

/* Splits the dates (sorted YYYY-MM-DD) into tables of at most @max
 * columns: whole weeks together when they fit, tables of about the same
 * width. Returns the number of dates of each table. */
static GArray *
split_dates (GPtrArray *dates,
             guint      max)
{
  g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *tables = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_tables = 0, in_table = 0, done = 0;

  /* Weeks, and weeks too wide for a table cut into even pieces. */
  for (guint i = 0; i < dates->len;)
    {
      guint32 week = linli_roster_week_start (linli_roster_parse_date (dates->pdata[i]));
      guint k = 0;

      while (i + k < dates->len && linli_roster_week_start (linli_roster_parse_date (dates->pdata[i + k])) == week)
        k++;
      i += k;
      if (k <= max)
        g_array_append_val (pieces, k);
      else
        {
          guint parts = (k + max - 1) / max;

          for (guint p = 0; p < parts; p++)
            {
              guint size = k * (p + 1) / parts - k * p / parts;

              g_array_append_val (pieces, size);
            }
        }
    }

  /* As few tables as whole pieces allow... */
  for (guint p = 0; p < pieces->len; p++)
    {
      guint size = g_array_index (pieces, guint, p);

      if (in_table == 0 || in_table + size > max)
        {
          n_tables++;
          in_table = 0;
        }
      in_table += size;
    }

  /* ... then each closed near its share of the dates. */
  in_table = 0;
  for (guint p = 0; p < pieces->len; p++)
    {
      guint size = g_array_index (pieces, guint, p);

      if (in_table > 0 && in_table + size > max)
        {
          g_array_append_val (tables, in_table);
          in_table = 0;
        }
      in_table += size;
      done += size;
      if ((double) done >= (double) dates->len * (tables->len + 1) / MAX (n_tables, 1) - 1e-9)
        {
          g_array_append_val (tables, in_table);
          in_table = 0;
        }
    }
  if (in_table > 0)
    g_array_append_val (tables, in_table);

  return tables;
}

static int
compare_dates (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* "11月25日" and "周三", the year being in the subtitle. */
static char *
day_label (guint32      jd,
           const char  *separator)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (linli_roster_year_of (jd), linli_roster_month_of (jd),
                                                   (int) (jd - linli_roster_month_start (jd) + 1), 0, 0, 0);
  /* The year is in the subtitle. */
  g_autofree char *day = g_date_time_format (dt, C_("roster column", "%b %-d"));

  return g_strdup_printf ("%s%s%s", day, separator, linli_weekday_name ((GDateWeekday) linli_roster_weekday (jd)));
}

static char *
date_header (const char *date)
{
  return day_label (linli_roster_parse_date (date), "\n");
}

/* The days the team's times do not run in the period (a holiday), with
 * why: "10月7日 周三（国庆假期）". Their shifts are not made at all, so
 * the tables cannot show them. */
static char *
days_off (LinliDb     *db,
          const char  *team_id,
          guint32      from,
          guint32      to,
          GError     **error)
{
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *from_text = linli_roster_format_date (from);
  g_autofree char *to_text = linli_roster_format_date (to);
  GString *days = g_string_new (NULL);
  GError *local_error = NULL;

  q = linli_db_query (db, error,
                      "SELECT e.date, e.note, p.rrule, p.dtstart, p.until FROM shift_exception e "
                      "JOIN shift_pattern p ON p.id = e.pattern_id AND p.deleted = 0 "
                      "WHERE p.team_id = ? AND e.deleted = 0 AND e.date BETWEEN ? AND ? "
                      "AND NOT EXISTS (SELECT 1 FROM shift s WHERE s.team_id = p.team_id AND s.date = e.date "
                      "  AND s.deleted = 0 AND s.cancelled = 0) "
                      "ORDER BY e.date, e.rowid",
                      "sss", team_id, from_text, to_text);
  if (q == NULL)
    {
      g_string_free (days, TRUE);
      return NULL;
    }
  while (linli_query_next (q, &local_error))
    {
      const char *date = linli_query_get_string (q, 0);
      const char *note = linli_query_get_string (q, 1);
      guint32 jd = linli_roster_parse_date (date);
      g_autoptr(GArray) runs = NULL;
      g_autofree char *day = NULL;
      gboolean runs_then = FALSE;

      if (jd == 0 || g_hash_table_contains (seen, date))
        continue;
      /* Only a day the times would have run. */
      runs = linli_shift_pattern_expand (linli_query_get_string (q, 2), linli_query_get_string (q, 3),
                                         linli_query_get_string (q, 4), jd, jd, NULL);
      runs_then = runs != NULL && runs->len > 0;
      if (!runs_then)
        continue;

      g_hash_table_add (seen, g_strdup (date));
      day = day_label (jd, " ");
      if (days->len > 0)
        g_string_append (days, C_("list separator", ", "));
      if (note != NULL && *note != '\0')
        /* Translators: a day and why there is no service; zh_CN: "%s（%s）" */
        g_string_append_printf (days, C_("day and why", "%s (%s)"), day, note);
      else
        g_string_append (days, day);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      g_string_free (days, TRUE);
      return NULL;
    }
  return g_string_free (days, FALSE);
}

/* The lines of a cell, as markup. */
static GPtrArray *
cell_lines (Cell *cell)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  if (cell == NULL)
    return lines;

  if (cell->cancelled)
    {
      g_ptr_array_add (lines, g_markup_printf_escaped ("<span foreground=\"" CANCELLED_COLOUR "\">%s</span>",
                                                       C_("roster sheet", "No service")));
      if (cell->note != NULL && *cell->note != '\0')
        g_ptr_array_add (lines, g_markup_printf_escaped ("<span foreground=\"" CANCELLED_COLOUR "\" size=\"smaller\">%s</span>",
                                                         cell->note));
      return lines;
    }

  for (guint i = 0; i < cell->names->len; i++)
    g_ptr_array_add (lines, g_markup_escape_text (cell->names->pdata[i], -1));
  if (cell->names->len < cell->needed)
    {
      guint open = cell->needed - cell->names->len;
      /* As the roster's grid in the Volunteers view says it: "缺2人". */
      g_autofree char *text = g_strdup_printf (_("%u open"), open);

      g_ptr_array_add (lines, g_markup_printf_escaped ("<span foreground=\"" OPEN_COLOUR "\" weight=\"bold\">%s</span>",
                                                       text));
    }
  return lines;
}

static char *
join_lines (GPtrArray *lines,
            guint      from,
            guint      n)
{
  GString *s = g_string_new (NULL);

  for (guint i = from; i < lines->len && i < from + n; i++)
    {
      if (s->len > 0)
        g_string_append_c (s, '\n');
      g_string_append (s, lines->pdata[i]);
    }
  return g_string_free (s, FALSE);
}

static gboolean
build_roster (LinliSheetContext  *ctx,
              GError            **error)
{
  const LinliSheetRequest *req = linli_sheet_context_get_request (ctx);
  LinliDb *db = linli_sheet_context_get_db (ctx);
  g_auto(Team) team = { 0 };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (roster_row_free);
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) row_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cell_free);
  g_autoptr(GHashTable) shift_cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) tables = NULL;
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *from = NULL, *to = NULL, *from_label = NULL, *to_label = NULL;
  g_autofree char *title = NULL, *period = NULL, *subtitle = NULL;
  GError *local_error = NULL;
  gboolean any_open = FALSE;
  guint32 from_jd;
  guint weeks = MAX (req->weeks, 1);
  guint first = 0;
  LinliPrintSheet *sheet;

  if (!load_team (ctx, &team, error))
    return FALSE;

  if (req->from != NULL)
    {
      from_jd = linli_roster_parse_date (req->from);
      if (from_jd == 0)
        {
          g_set_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_FAILED,
                       _("The date “%s” is not a date (YYYY-MM-DD)"), req->from);
          return FALSE;
        }
    }
  else
    {
      g_autofree char *today = iso_date (linli_sheet_context_get_date (ctx));

      from_jd = linli_roster_week_start (linli_roster_parse_date (today));
    }
  from = linli_roster_format_date (from_jd);
  to = linli_roster_format_date (from_jd + 7 * weeks - 1);
  from_label = linli_format_date_iso (from);
  to_label = linli_format_date_iso (to);

  /* The rows and the cells, ordered as the Volunteers view's grid. */
  q = linli_db_query (db, error,
                      "SELECT s.id, s.date, s.start_time, s.end_time, s.needed, s.cancelled, "
                      "coalesce (i.name, sp.name, ''), coalesce (s.service_item_id, ''), s.note "
                      "FROM shift s LEFT JOIN service_item i ON i.id = s.service_item_id "
                      "LEFT JOIN shift_pattern sp ON sp.id = s.pattern_id "
                      "WHERE s.team_id = ? AND s.deleted = 0 AND s.date BETWEEN ? AND ? "
                      "ORDER BY s.start_time, coalesce (i.position, 0), i.name, s.date, s.id",
                      "sss", team.id, from, to);
  if (q == NULL)
    return FALSE;
  while (linli_query_next (q, &local_error))
    {
      const char *date = linli_query_get_string (q, 1);
      const char *start = linli_query_get_string (q, 2);
      const char *end = linli_query_get_string (q, 3);
      gboolean cancelled = linli_query_get_int (q, 5) != 0;
      g_autofree char *key = g_strdup_printf ("%s|%s", linli_query_get_string (q, 7), start);
      g_autofree char *cell_key = NULL;
      Cell *cell;

      if (!g_hash_table_contains (row_index, key))
        {
          RosterRow *row = g_new0 (RosterRow, 1);

          row->key = g_strdup (key);
          row->item = linli_query_dup_string (q, 6);
          row->start = g_strdup (start);
          row->end = g_strdup (end);
          g_ptr_array_add (rows, row);
          g_hash_table_insert (row_index, row->key, row);
        }
      if (!g_ptr_array_find_with_equal_func (dates, date, g_str_equal, NULL))
        g_ptr_array_add (dates, g_strdup (date));
      g_hash_table_add (times, g_strdup_printf ("%s–%s", start, end));

      cell_key = g_strdup_printf ("%s@%s", key, date);
      cell = g_hash_table_lookup (cells, cell_key);
      if (cell == NULL)
        {
          cell = g_new0 (Cell, 1);
          cell->names = g_ptr_array_new_with_free_func (g_free);
          cell->cancelled = TRUE;
          g_hash_table_insert (cells, g_steal_pointer (&cell_key), cell);
        }
      if (cancelled)
        {
          if (cell->note == NULL)
            cell->note = linli_query_dup_string (q, 8);
        }
      else
        {
          cell->cancelled = FALSE;
          cell->needed += (guint) MAX (linli_query_get_int (q, 4), 0);
        }
      g_hash_table_insert (shift_cells, linli_query_dup_string (q, 0), cell);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  g_clear_pointer (&q, linli_query_free);

  if (rows->len == 0)
    {
      g_set_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_EMPTY,
                   /* Translators: a team, the first and the last day */
                   _("Nothing to print: %s has no shifts from %s to %s. Generate its roster first."),
                   team.name, from_label, to_label);
      return FALSE;
    }
  g_ptr_array_sort (dates, compare_dates);

  /* Who is on each shift: those planned, checked in or come as walk-ins;
   * not those marked absent. */
  q = linli_db_query (db, error,
                      "SELECT a.shift_id, p.name FROM assignment a "
                      "JOIN shift s ON s.id = a.shift_id AND s.deleted = 0 "
                      "JOIN volunteer v ON v.id = a.volunteer_id AND v.deleted = 0 "
                      "JOIN person p ON p.id = v.person_id AND p.deleted = 0 "
                      "WHERE s.team_id = ? AND s.date BETWEEN ? AND ? AND s.cancelled = 0 "
                      "AND a.deleted = 0 AND a.status != '" LINLI_ATTENDANCE_ABSENT "' "
                      "ORDER BY s.date, a.shift_id, a.status = '" LINLI_ATTENDANCE_WALK_IN "', p.name, a.id",
                      "sss", team.id, from, to);
  if (q == NULL)
    return FALSE;
  while (linli_query_next (q, &local_error))
    {
      Cell *cell = g_hash_table_lookup (shift_cells, linli_query_get_string (q, 0));

      if (cell != NULL)
        g_ptr_array_add (cell->names, linli_query_dup_string (q, 1));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  sheet = linli_sheet_context_add_sheet (ctx, team.name);
  /* Translators: the title of a team's printed duty roster; zh_CN: "%s 志愿服务排班表" */
  title = g_strdup_printf (_("%s Duty Roster"), team.name);
  linli_sheet_add_title (sheet, title);
  if (g_str_equal (from_label, to_label))
    period = g_strdup (from_label);
  else
    period = g_strdup_printf (_("%s to %s"), from_label, to_label);
  if (g_hash_table_size (times) == 1)
    {
      GHashTableIter iter;
      gpointer time;
      g_autofree char *when = NULL;

      g_hash_table_iter_init (&iter, times);
      g_hash_table_iter_next (&iter, &time, NULL);
      /* Translators: the hours of every shift of a roster; zh_CN: "服务时间 %s" */
      when = g_strdup_printf (_("Service time %s"), (const char *) time);
      subtitle = g_strdup_printf ("%s · %s", period, when);
    }
  else
    subtitle = g_strdup (period);
  linli_sheet_add_subtitle (sheet, subtitle);
  if (team.description != NULL && *team.description != '\0')
    linli_sheet_add_paragraph (sheet, LINLI_TEXT_BODY, LINLI_ALIGN_LEFT, team.description);
  {
    g_autofree char *off = days_off (db, team.id, from_jd, from_jd + 7 * weeks - 1, error);
    g_autofree char *text = NULL;

    if (off == NULL)
      return FALSE;
    if (*off != '\0')
      {
        /* Translators: %s is a list of days; zh_CN: "%s暂停服务。" */
        text = g_strdup_printf (_("No service on %s."), off);
        linli_sheet_add_paragraph (sheet, LINLI_TEXT_BODY_BOLD, LINLI_ALIGN_LEFT, text);
      }
  }

  tables = split_dates (dates, dates_per_table (req));
  for (guint t = 0; t < tables->len; t++)
    {
      guint n_dates = g_array_index (tables, guint, t);
      LinliSheetTable *table = linli_sheet_add_table (sheet, LINLI_TABLE_MARKUP);
      /* A table of one or two dates does not leave the items half the page. */
      double item_weight = MIN (ITEM_COLUMN_WEIGHT, 0.8 + 0.2 * n_dates);
      g_autofree const char **cells_of_row = g_new0 (const char *, n_dates + 2);

      linli_sheet_table_add_column (table, _("Service item"), item_weight, LINLI_COLUMN_BOLD);
      for (guint d = first; d < first + n_dates; d++)
        {
          g_autofree char *header = date_header (dates->pdata[d]);

          linli_sheet_table_add_column (table, header, 1.0, LINLI_COLUMN_FIT | LINLI_COLUMN_CENTER);
        }

      for (guint r = 0; r < rows->len; r++)
        {
          RosterRow *row = g_ptr_array_index (rows, r);
          g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
          g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
          g_autofree char *label = NULL;
          gboolean any = FALSE;
          guint most = 1;

          for (guint d = first; d < first + n_dates; d++)
            {
              g_autofree char *key = g_strdup_printf ("%s@%s", row->key, (char *) dates->pdata[d]);
              Cell *cell = g_hash_table_lookup (cells, key);
              GPtrArray *l = cell_lines (cell);

              if (cell != NULL)
                {
                  any = TRUE;
                  if (!cell->cancelled && cell->names->len < cell->needed)
                    any_open = TRUE;
                }
              most = MAX (most, l->len);
              g_ptr_array_add (lines, l);
            }
          /* An item with no shift in these dates has no row here. */
          if (!any)
            continue;

          {
            g_autofree char *item = g_markup_escape_text (*row->item ? row->item : _("Shift"), -1);

            /* The hours beside the item when the shifts are at several. */
            if (g_hash_table_size (times) > 1)
              label = g_markup_printf_escaped ("%s\n<span weight=\"normal\" size=\"smaller\">%s–%s</span>",
                                               *row->item ? row->item : _("Shift"), row->start, row->end);
            else
              label = g_steal_pointer (&item);
          }

          /* A shift of many people goes on over more rows, never cut. */
          for (guint part = 0; part * LINES_PER_ROW < most; part++)
            {
              g_ptr_array_set_size (texts, 0);
              cells_of_row[0] = part == 0 ? label : "";
              for (guint d = 0; d < n_dates; d++)
                {
                  char *text = join_lines (lines->pdata[d], part * LINES_PER_ROW, LINES_PER_ROW);

                  g_ptr_array_add (texts, text);
                  cells_of_row[d + 1] = text;
                }
              linli_sheet_table_add_rowv (table, cells_of_row);
            }
        }
      first += n_dates;
    }

  if (any_open)
    linli_sheet_add_paragraph (sheet, LINLI_TEXT_NOTE, LINLI_ALIGN_LEFT,
      _("Places marked in red still need a volunteer: if you can help, please tell the team leader or the community."));

  return add_contact_and_signature (ctx, sheet, &team, error);
}

const LinliSheetKind linli_sheet_kind_roster = {
  .name = "roster",
  .label = N_("Duty rosters"),
  .description = N_("a team's duty roster for a week or more: service items by date, open places marked"),
  .scopes = LINLI_SCOPE_MASK (LINLI_SCOPE_TEAM),
  .internal = FALSE,
  .build = build_roster,
};

/* Member sheet (成员名单) --------------------------------------------------- */

static gboolean
build_team (LinliSheetContext  *ctx,
            GError            **error)
{
  LinliDb *db = linli_sheet_context_get_db (ctx);
  g_auto(Team) team = { 0 };
  g_autoptr(GPtrArray) volunteers = NULL;
  g_autoptr(GHashTable) skills = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *today = iso_date (linli_sheet_context_get_date (ctx));
  g_autofree char *title = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GError *local_error = NULL;
  gboolean any_skill = FALSE;
  LinliSheetTable *table;
  LinliPrintSheet *sheet;

  if (!load_team (ctx, &team, error))
    return FALSE;

  /* What each volunteer of the team can do. */
  volunteers = linli_volunteer_list (db, NULL, team.id, error);
  if (volunteers == NULL)
    return FALSE;
  for (guint i = 0; i < volunteers->len; i++)
    {
      LinliVolunteerInfo *info = g_ptr_array_index (volunteers, i);

      if (info->skill_names != NULL && *info->skill_names != '\0')
        g_hash_table_insert (skills, info->person_id, info->skill_names);
    }

  q = linli_db_query (db, error,
                      "SELECT p.name, m.role, p.phone, p.consent_publish, p.is_resident, p.title, o.name, "
                      "b.number, b.name, p.id "
                      "FROM team_member m JOIN person p ON p.id = m.person_id AND p.deleted = 0 "
                      "LEFT JOIN organisation o ON o.id = p.organisation_id AND o.deleted = 0 "
                      "LEFT JOIN household h ON h.id = p.household_id AND h.deleted = 0 "
                      "LEFT JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
                      "LEFT JOIN building b ON b.id = u.building_id AND b.deleted = 0 "
                      "WHERE m.team_id = ? AND m.deleted = 0 "
                      "AND (m.left_on IS NULL OR m.left_on = '' OR m.left_on > ?) "
                      "ORDER BY CASE m.role WHEN 'leader' THEN 0 WHEN 'party_backbone' THEN 1 "
                      "WHEN 'sunk_cadre' THEN 2 WHEN 'grid_worker' THEN 3 WHEN 'police' THEN 4 "
                      "WHEN 'property_staff' THEN 5 WHEN 'building_resident' THEN 6 "
                      "WHEN 'lawyer' THEN 7 WHEN 'judge' THEN 7 ELSE 8 END, m.joined, p.name, m.rowid",
                      "ss", team.id, today);
  if (q == NULL)
    return FALSE;
  while (linli_query_next (q, &local_error))
    {
      char **row = g_new0 (char *, 7);
      const char *title_of = linli_query_get_string (q, 5);
      const char *org = linli_query_get_string (q, 6);
      const char *skill = g_hash_table_lookup (skills, linli_query_get_string (q, 9));

      row[0] = linli_query_dup_string (q, 0);
      row[1] = g_strdup (linli_vocab_label (LINLI_VOCAB_TEAM_ROLE, linli_query_get_string (q, 1)));
      /* Who they are, as neighbours know them: the building, not the
       * room; the unit and title of those who do not live here. */
      if (linli_query_get_int (q, 4) && (title_of == NULL || *title_of == '\0'))
        {
          const char *number = linli_query_get_string (q, 7);
          const char *name = linli_query_get_string (q, 8);
          g_autofree char *building = NULL;

          if (name != NULL && *name != '\0')
            building = g_strdup (name);
          else if (number != NULL)
            building = g_strdup_printf (_("Building %s"), number);
          row[2] = building != NULL
                   /* Translators: a member who lives in a building; zh_CN: "%s居民" */
                   ? g_strdup_printf (_("Resident of %s"), building)
                   : g_strdup (_("Resident of the community"));
        }
      else if (org != NULL && *org != '\0' && title_of != NULL && *title_of != '\0')
        row[2] = g_strdup_printf ("%s %s", org, title_of);
      else if (org != NULL && *org != '\0')
        row[2] = g_strdup (org);
      else
        row[2] = g_strdup (title_of != NULL ? title_of : "");
      row[3] = g_strdup (skill != NULL ? skill : "");
      /* The phone is masked when the sheet exists: it then tells why. */
      row[4] = g_strdup (linli_query_get_string (q, 2) != NULL ? linli_query_get_string (q, 2) : "");
      row[5] = g_strdup (linli_query_get_int (q, 3) ? "1" : "0");
      any_skill |= skill != NULL;
      g_ptr_array_add (members, row);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (members->len == 0)
    {
      g_set_error (error, LINLI_PRINT_ERROR, LINLI_PRINT_ERROR_EMPTY,
                   _("Nothing to print: %s has no members yet"), team.name);
      return FALSE;
    }

  sheet = linli_sheet_context_add_sheet (ctx, team.name);
  /* Translators: the title of a team's member sheet; zh_CN: "%s 成员名单" */
  title = g_strdup_printf (_("%s Members"), team.name);
  linli_sheet_add_title (sheet, title);

  g_string_append (subtitle, linli_vocab_label (LINLI_VOCAB_TEAM_KIND, team.kind));
  if (team.place != NULL && *team.place != '\0')
    g_string_append_printf (subtitle, " · %s", team.place);
  /* Translators: the number of members on a team's sheet; zh_CN: "共%u人" */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person", "%u people", members->len), members->len);
  g_string_append_printf (subtitle, " · %s", count);
  linli_sheet_add_subtitle (sheet, subtitle->str);

  if (team.description != NULL && *team.description != '\0')
    linli_sheet_add_paragraph (sheet, LINLI_TEXT_BODY, LINLI_ALIGN_LEFT, team.description);
  if (g_strcmp0 (team.kind, LINLI_TEAM_SQUAD119) == 0)
    linli_sheet_add_paragraph (sheet, LINLI_TEXT_BODY, LINLI_ALIGN_LEFT,
                               _("In an emergency the squad gathers within one hour. Call any member."));

  table = linli_sheet_add_table (sheet, LINLI_TABLE_DEFAULT);
  linli_sheet_table_add_column (table, C_("column", "No."), 0.55, LINLI_COLUMN_CENTER);
  linli_sheet_table_add_column (table, C_("column", "Name"), 1.4, LINLI_COLUMN_FIT | LINLI_COLUMN_CENTER | LINLI_COLUMN_BOLD);
  linli_sheet_table_add_column (table, C_("column", "Role"), 1.1, LINLI_COLUMN_FIT | LINLI_COLUMN_CENTER);
  linli_sheet_table_add_column (table, C_("column", "Who"), any_skill ? 1.6 : 2.6, LINLI_COLUMN_DEFAULT);
  if (any_skill)
    linli_sheet_table_add_column (table, C_("column", "Can help with"), 2.1, LINLI_COLUMN_DEFAULT);
  linli_sheet_table_add_column (table, C_("column", "Phone"), 1.6, LINLI_COLUMN_FIT | LINLI_COLUMN_CENTER);
  for (guint i = 0; i < members->len; i++)
    {
      char **row = g_ptr_array_index (members, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *phone = linli_sheet_context_format_phone (ctx, row[4], row[5][0] == '1');

      if (any_skill)
        linli_sheet_table_add_row (table, number, row[0], row[1], row[2], row[3], phone);
      else
        linli_sheet_table_add_row (table, number, row[0], row[1], row[2], phone);
    }

  return add_contact_and_signature (ctx, sheet, &team, error);
}

const LinliSheetKind linli_sheet_kind_team = {
  .name = "team",
  .label = N_("Team member sheets"),
  .description = N_("a team's members with their roles and phones"),
  .scopes = LINLI_SCOPE_MASK (LINLI_SCOPE_TEAM),
  .internal = FALSE,
  .build = build_team,
};
