/* linli-roster.c: dated shifts, generated rosters and the changes made by
 * hand, in the community file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generation loads a team's period into a LinliRosterProblem (see
 * linli-roster-solver.c for how places are chosen), keeps every place
 * made by hand or already checked in, and writes back only what changed,
 * so that a second generation on the same data writes nothing and the
 * other PCs receive only real changes.
 */

#define G_LOG_DOMAIN "linli-roster"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "linli-format.h"
#include "linli-roster.h"
#include "linli-roster-time.h"
#include "linli-shift-pattern.h"
#include "linli-volunteer.h"

/* The longest period one generation covers: a few years of weekly shifts
 * is already more than anyone plans. */
#define MAX_DAYS (3 * 366)

void
linli_roster_report_free (LinliRosterReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->gaps);
  g_free (report);
}

static void
gap_info_free (gpointer data)
{
  LinliRosterGapInfo *gap = data;

  g_free (gap->shift_id);
  g_free (gap->date);
  g_free (gap->start);
  g_free (gap->end);
  g_free (gap->item);
  g_free (gap->skill);
  g_free (gap);
}

/**
 * linli_roster_gap_describe:
 *
 * Returns: (transfer full): why the place stayed empty, for people
 */
char *
linli_roster_gap_describe (const LinliRosterGapInfo *gap)
{
  switch (gap->reason)
    {
    case LINLI_GAP_NO_VOLUNTEERS:
      return g_strdup (_("The team has no volunteers to put on the roster"));
    case LINLI_GAP_NO_SKILL:
      return g_strdup_printf (_("Nobody in the team can do “%s”"), gap->skill ? gap->skill : "");
    case LINLI_GAP_NOT_AVAILABLE:
      {
        guint32 jd = linli_roster_parse_date (gap->date);
        const char *day = jd ? linli_weekday_name ((GDateWeekday) linli_roster_weekday (jd)) : "";

        if (gap->skill)
          /* Translators: "Nobody who can do “haircut” is free on Wednesday 09:00–11:30" */
          return g_strdup_printf (_("Nobody who can do “%s” is free on %s %s–%s"),
                                  gap->skill, day, gap->start, gap->end);
        return g_strdup_printf (_("Nobody is free on %s %s–%s"), day, gap->start, gap->end);
      }
    case LINLI_GAP_BLACKOUT:
      return g_strdup (_("Everyone who could come is away that day"));
    case LINLI_GAP_LIMIT:
      return g_strdup (_("Everyone who could come has reached their monthly limit"));
    case LINLI_GAP_BUSY:
      return g_strdup (_("Everyone who could come is on another shift at that time"));
    case LINLI_GAP_TAKEN:
    default:
      if (gap->n_could == 0)
        return g_strdup (_("Nobody else could come"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Only %u person could come, and is placed already",
                                           "Only %u people could come, and all are placed already",
                                           gap->n_could), gap->n_could);
    }
}

/**
 * linli_roster_rules_describe:
 * @name: the volunteer's name
 *
 * Returns: (transfer full): one line per broken rule, or "" when none is
 */
char *
linli_roster_rules_describe (LinliRosterRule  rules,
                             const char      *name)
{
  g_autoptr(GString) s = g_string_new (NULL);

#define LINE(text) G_STMT_START { if (s->len) g_string_append_c (s, '\n'); g_string_append (s, text); } G_STMT_END
  if (rules & LINLI_RULE_SKILL)
    {
      g_autofree char *t = g_strdup_printf (_("%s lacks the skill this item needs"), name);
      LINE (t);
    }
  if (rules & LINLI_RULE_AVAILABILITY)
    {
      g_autofree char *t = g_strdup_printf (_("%s is not free on this day and time"), name);
      LINE (t);
    }
  if (rules & LINLI_RULE_BLACKOUT)
    {
      g_autofree char *t = g_strdup_printf (_("%s is away on this date"), name);
      LINE (t);
    }
  if (rules & LINLI_RULE_LIMIT)
    {
      g_autofree char *t = g_strdup_printf (_("%s would pass their monthly limit"), name);
      LINE (t);
    }
  if (rules & LINLI_RULE_DOUBLE_BOOKED)
    {
      g_autofree char *t = g_strdup_printf (_("%s is already on a shift at this time"), name);
      LINE (t);
    }
  if (rules & LINLI_RULE_FULL)
    LINE (_("The shift already has the people it needs"));
#undef LINE

  return g_string_free (g_steal_pointer (&s), FALSE);
}

double
linli_roster_shift_hours (const char *start,
                          const char *end)
{
  int s = linli_roster_parse_time (start);
  int e = linli_roster_parse_time (end);

  if (s < 0 || e < 0 || e <= s)
    return 0.0;
  return (e - s) / 60.0;
}

static gboolean
check_period (const char  *from,
              const char  *to,
              guint32     *from_jd,
              guint32     *to_jd,
              GError     **error)
{
  *from_jd = linli_roster_parse_date (from);
  *to_jd = linli_roster_parse_date (to);

  if (*from_jd == 0)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("“%s” is not a date (YYYY-MM-DD)"), from ? from : "");
      return FALSE;
    }
  if (*to_jd == 0)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("“%s” is not a date (YYYY-MM-DD)"), to ? to : "");
      return FALSE;
    }
  if (*to_jd < *from_jd)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("The period ends (%s) before it starts (%s)"), to, from);
      return FALSE;
    }
  if (*to_jd - *from_jd > MAX_DAYS)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("The period from %s to %s is longer than three years"), from, to);
      return FALSE;
    }
  return TRUE;
}

/* Shifts from patterns ------------------------------------------------------ */

typedef struct
{
  char    *id;
  char    *item_id;
  int      needed;
} ItemRef;

static void
item_ref_free (gpointer data)
{
  ItemRef *ref = data;

  g_free (ref->id);
  g_free (ref->item_id);
  g_free (ref);
}

static GPtrArray *
pattern_items (LinliDb     *db,
               const char  *team_id,
               const char  *items_json,
               int          pattern_needed,
               GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (item_ref_free);
  g_auto(GStrv) wanted = NULL;
  g_autoptr(LinliQuery) q = NULL;
  GError *local_error = NULL;

  if (items_json != NULL)
    {
      wanted = linli_skills_parse (items_json, &local_error);
      if (wanted == NULL)
        {
          g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                       _("The pattern’s items are not a JSON array of ids: %s"), local_error->message);
          g_error_free (local_error);
          return NULL;
        }
    }

  q = linli_db_query (db, error,
                      "SELECT id, needed FROM service_item WHERE team_id = ? AND deleted = 0 "
                      "ORDER BY position, name, id", "s", team_id);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      ItemRef *ref;

      if (wanted != NULL && !g_strv_contains ((const char * const *) wanted, linli_query_get_string (q, 0)))
        continue;
      ref = g_new0 (ItemRef, 1);
      ref->item_id = linli_query_dup_string (q, 0);
      ref->needed = (int) linli_query_get_int (q, 1);
      g_ptr_array_add (items, ref);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  /* A team without items (a door-knocking group, meal runs) has one
   * shift a date with the pattern's own head count. */
  if (items->len == 0 && (wanted == NULL || wanted[0] == NULL))
    {
      ItemRef *ref = g_new0 (ItemRef, 1);

      ref->needed = pattern_needed > 0 ? pattern_needed : 1;
      g_ptr_array_add (items, ref);
    }
  return g_steal_pointer (&items);
}

static gboolean
make_pattern_shifts (LinliDb     *db,
                     const char  *community_id,
                     const char  *team_id,
                     LinliQuery  *pattern,
                     guint32      from,
                     guint32      to,
                     guint       *n_new,
                     GError     **error)
{
  const char *pattern_id = linli_query_get_string (pattern, 0);
  const char *start = linli_query_get_string (pattern, 4);
  const char *end = linli_query_get_string (pattern, 5);
  g_autofree char *from_s = linli_roster_format_date (from);
  g_autofree char *to_s = linli_roster_format_date (to);
  g_autoptr(GArray) dates = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) exceptions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) existing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GError *local_error = NULL;

  if (linli_roster_parse_time (start) < 0 || linli_roster_parse_time (end) <= linli_roster_parse_time (start))
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("The pattern “%s” has no valid hours (%s–%s)"),
                   linli_query_get_string (pattern, 8) ? linli_query_get_string (pattern, 8) : linli_query_get_string (pattern, 1),
                   start, end);
      return FALSE;
    }

  dates = linli_shift_pattern_expand (linli_query_get_string (pattern, 1), linli_query_get_string (pattern, 2),
                                      linli_query_get_string (pattern, 3), from, to, error);
  if (dates == NULL)
    return FALSE;
  items = pattern_items (db, team_id, linli_query_get_string (pattern, 6),
                         linli_query_is_null (pattern, 7) ? 1 : (int) linli_query_get_int (pattern, 7), error);
  if (items == NULL)
    return FALSE;

  {
    g_autoptr(LinliQuery) q = linli_db_query (db, error,
                                              "SELECT date FROM shift_exception WHERE pattern_id = ? AND deleted = 0 "
                                              "AND date BETWEEN ? AND ?", "sss", pattern_id, from_s, to_s);
    if (q == NULL)
      return FALSE;
    while (linli_query_next (q, &local_error))
      g_hash_table_add (exceptions, linli_query_dup_string (q, 0));
  }
  {
    g_autoptr(LinliQuery) q = linli_db_query (db, error,
                                              "SELECT id, date, coalesce (service_item_id, '') FROM shift "
                                              "WHERE pattern_id = ? AND deleted = 0 AND date BETWEEN ? AND ?",
                                              "sss", pattern_id, from_s, to_s);
    if (q == NULL)
      return FALSE;
    while (linli_query_next (q, &local_error))
      g_hash_table_insert (existing,
                           g_strconcat (linli_query_get_string (q, 1), "|", linli_query_get_string (q, 2), NULL),
                           linli_query_dup_string (q, 0));
  }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  for (guint d = 0; d < dates->len; d++)
    {
      g_autofree char *date = linli_roster_format_date (g_array_index (dates, guint32, d));
      gboolean cancelled = g_hash_table_contains (exceptions, date);

      for (guint k = 0; k < items->len; k++)
        {
          ItemRef *ref = g_ptr_array_index (items, k);
          g_autofree char *key = g_strconcat (date, "|", ref->item_id ? ref->item_id : "", NULL);
          const char *shift_id = g_hash_table_lookup (existing, key);

          if (shift_id != NULL)
            {
              /* The pattern may have changed since: follow it. */
              g_hash_table_add (seen, (gpointer) shift_id);
              if (!linli_db_set (db, error, "shift", shift_id, "start_time", "s", start)
                  || !linli_db_set (db, error, "shift", shift_id, "end_time", "s", end)
                  || !linli_db_set (db, error, "shift", shift_id, "needed", "i", ref->needed)
                  || !linli_db_set (db, error, "shift", shift_id, "cancelled", "i", cancelled ? 1 : 0))
                return FALSE;
              continue;
            }
          if (cancelled)
            continue;

          {
            g_autofree char *id = linli_db_insert (db, error, "shift",
                                                   "community_id,team_id,pattern_id,service_item_id,date,start_time,end_time,needed",
                                                   "sssssssi", community_id, team_id, pattern_id, ref->item_id,
                                                   date, start, end, ref->needed);
            if (id == NULL)
              return FALSE;
            (*n_new)++;
          }
        }
    }

  /* Shifts the pattern no longer makes go, unless someone already came. */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, existing);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        const char *shift_id = value;
        gint64 served;

        if (g_hash_table_contains (seen, shift_id))
          continue;
        served = linli_db_query_int (db, &local_error,
                                     "SELECT count(*) FROM assignment WHERE shift_id = ? AND deleted = 0 "
                                     "AND status != 'planned'", "s", shift_id);
        if (local_error != NULL)
          {
            g_propagate_error (error, local_error);
            return FALSE;
          }
        if (served > 0)
          continue;
        if (!linli_db_exec (db, error, "UPDATE assignment SET deleted = 1 WHERE shift_id = ? AND deleted = 0",
                            "s", shift_id)
            || !linli_db_soft_delete (db, "shift", shift_id, error))
          return FALSE;
      }
  }

  return TRUE;
}

/**
 * linli_roster_make_shifts:
 * @n_new: (out) (optional): how many shifts were added
 *
 * Makes the dated shifts of a team's patterns for the period @from..@to,
 * one per date and service item; dates of the patterns' exceptions are
 * cancelled. Shifts that exist already are brought in line with their
 * pattern. One transaction.
 */
gboolean
linli_roster_make_shifts (LinliDb     *db,
                          const char  *team_id,
                          const char  *from,
                          const char  *to,
                          guint       *n_new,
                          GError     **error)
{
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *community_id = NULL;
  guint32 from_jd, to_jd;
  guint added = 0;
  GError *local_error = NULL;

  g_return_val_if_fail (LINLI_IS_DB (db), FALSE);

  if (!check_period (from, to, &from_jd, &to_jd, error))
    return FALSE;
  community_id = linli_db_query_string (db, &local_error,
                                        "SELECT community_id FROM team WHERE id = ? AND deleted = 0",
                                        "s", team_id);
  if (community_id == NULL)
    {
      if (local_error == NULL)
        g_set_error (&local_error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND, _("No team with id %s"), team_id);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (!linli_db_begin (db, error))
    return FALSE;
  q = linli_db_query (db, &local_error,
                      "SELECT id, rrule, dtstart, until, start_time, end_time, items, needed, name "
                      "FROM shift_pattern WHERE team_id = ? AND deleted = 0 ORDER BY dtstart, id",
                      "s", team_id);
  while (q != NULL && linli_query_next (q, &local_error))
    if (!make_pattern_shifts (db, community_id, team_id, q, from_jd, to_jd, &added, &local_error))
      break;
  g_clear_pointer (&q, linli_query_free);

  if (local_error != NULL || !linli_db_commit (db, &local_error))
    {
      linli_db_rollback (db);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (n_new)
    *n_new = added;
  return TRUE;
}

/* Loading a problem ------------------------------------------------------------ */

typedef struct
{
  LinliRosterProblem *problem;
  GHashTable         *skills;       /* skill id -> index + 1 */
  GPtrArray          *skill_names;  /* by index */
  GPtrArray          *shift_rows;   /* ShiftRow, by problem index */
  GHashTable         *shift_index;  /* shift id -> index + 1 */
  GHashTable         *generated;    /* shift id -> GPtrArray of (assignment id, volunteer id) pairs */
  guint               n_kept;
} Loaded;

typedef struct
{
  char *id;
  char *date;
  char *start;
  char *end;
  char *item;
  char *skill;
  guint n_fixed;
} ShiftRow;

static void
shift_row_free (gpointer data)
{
  ShiftRow *row = data;

  g_free (row->id);
  g_free (row->date);
  g_free (row->start);
  g_free (row->end);
  g_free (row->item);
  g_free (row->skill);
  g_free (row);
}

static void
loaded_clear (Loaded *l)
{
  g_clear_pointer (&l->problem, linli_roster_problem_free);
  g_clear_pointer (&l->skills, g_hash_table_unref);
  g_clear_pointer (&l->skill_names, g_ptr_array_unref);
  g_clear_pointer (&l->shift_rows, g_ptr_array_unref);
  g_clear_pointer (&l->shift_index, g_hash_table_unref);
  g_clear_pointer (&l->generated, g_hash_table_unref);
}

static int
skill_index (Loaded     *l,
             const char *skill_id,
             const char *name)
{
  guint idx;

  if (skill_id == NULL)
    return -1;
  idx = GPOINTER_TO_UINT (g_hash_table_lookup (l->skills, skill_id));
  if (idx == 0)
    {
      g_ptr_array_add (l->skill_names, g_strdup (name));
      idx = l->skill_names->len;
      g_hash_table_insert (l->skills, g_strdup (skill_id), GUINT_TO_POINTER (idx));
    }
  return (int) idx - 1;
}

static gboolean
add_volunteer_rules (Loaded      *l,
                     guint        vi,
                     const char  *skills_json,
                     const char  *availability_json,
                     const char  *name,
                     GError     **error)
{
  g_auto(GStrv) skills = NULL;
  g_autoptr(GArray) windows = NULL;
  GError *local_error = NULL;

  skills = linli_skills_parse (skills_json, &local_error);
  if (skills == NULL)
    goto bad;
  for (guint k = 0; skills[k] != NULL; k++)
    linli_roster_problem_add_skill (l->problem, vi, (guint) skill_index (l, skills[k], NULL));

  windows = linli_availability_parse (availability_json, &local_error);
  if (windows == NULL)
    goto bad;
  for (guint k = 0; k < windows->len; k++)
    {
      LinliAvailability *w = &g_array_index (windows, LinliAvailability, k);

      linli_roster_problem_add_window (l->problem, vi, w->day, w->from, w->to, w->weeks);
    }
  return TRUE;

bad:
  g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
               _("Volunteer %s: %s"), name, local_error->message);
  g_error_free (local_error);
  return FALSE;
}

static void
generated_free (gpointer data)
{
  g_ptr_array_unref (data);
}

static gboolean
load_problem (LinliDb     *db,
              const char  *team_id,
              guint32      from,
              guint32      to,
              gboolean     all_fixed,
              Loaded      *l,
              GError     **error)
{
  g_autofree char *from_s = linli_roster_format_date (from);
  g_autofree char *to_s = linli_roster_format_date (to);
  g_autofree char *year_s = g_strdup_printf ("%04d-01-01", linli_roster_year_of (from));
  g_autofree char *lo_s = linli_roster_format_date (MIN (linli_roster_month_start (from), from - 7));
  g_autofree char *hi_s = linli_roster_format_date (linli_roster_month_end (to));
  GError *local_error = NULL;

  l->problem = linli_roster_problem_new ();
  l->skills = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  l->skill_names = g_ptr_array_new_with_free_func (g_free);
  l->shift_rows = g_ptr_array_new_with_free_func (shift_row_free);
  l->shift_index = g_hash_table_new (g_str_hash, g_str_equal);
  l->generated = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, generated_free);

  /* The team's current members who volunteer: the pool. */
  {
    g_autoptr(LinliQuery) q = linli_db_query (db, error,
      "SELECT v.id, v.skills, v.availability, v.max_per_month, p.name FROM volunteer v "
      "JOIN person p ON p.id = v.person_id AND p.deleted = 0 "
      "WHERE v.deleted = 0 AND v.active = 1 AND v.person_id IN (SELECT person_id FROM team_member "
      "  WHERE team_id = ? AND deleted = 0 AND (left_on IS NULL OR left_on > ?)) "
      "ORDER BY v.id", "ss", team_id, from_s);

    if (q == NULL)
      return FALSE;
    while (linli_query_next (q, &local_error))
      {
        guint vi;

        if (linli_roster_problem_find_volunteer (l->problem, linli_query_get_string (q, 0), NULL))
          continue;
        vi = linli_roster_problem_add_volunteer (l->problem, linli_query_get_string (q, 0),
                                                 linli_query_is_null (q, 3) ? -1 : (int) linli_query_get_int (q, 3), 0);
        if (!add_volunteer_rules (l, vi, linli_query_get_string (q, 1), linli_query_get_string (q, 2),
                                  linli_query_get_string (q, 4), &local_error))
          break;
      }
    if (local_error != NULL)
      goto fail;
  }

  /* The shifts of the period. */
  {
    g_autoptr(LinliQuery) q = linli_db_query (db, error,
      "SELECT s.id, s.date, s.start_time, s.end_time, s.needed, i.skill_id, i.name, k.name FROM shift s "
      "LEFT JOIN service_item i ON i.id = s.service_item_id "
      "LEFT JOIN skill k ON k.id = i.skill_id AND k.deleted = 0 "
      "WHERE s.team_id = ? AND s.deleted = 0 AND s.cancelled = 0 AND s.date BETWEEN ? AND ? "
      "ORDER BY s.date, s.start_time, i.position, s.id", "sss", team_id, from_s, to_s);

    if (q == NULL)
      return FALSE;
    while (linli_query_next (q, &local_error))
      {
        ShiftRow *row = g_new0 (ShiftRow, 1);
        int start = linli_roster_parse_time (linli_query_get_string (q, 2));
        int end = linli_roster_parse_time (linli_query_get_string (q, 3));
        guint32 jd = linli_roster_parse_date (linli_query_get_string (q, 1));
        const char *skill_id = linli_query_is_null (q, 7) ? NULL : linli_query_get_string (q, 5);
        guint si;

        row->id = linli_query_dup_string (q, 0);
        row->date = linli_query_dup_string (q, 1);
        row->start = linli_query_dup_string (q, 2);
        row->end = linli_query_dup_string (q, 3);
        row->item = linli_query_dup_string (q, 6);
        row->skill = linli_query_dup_string (q, 7);
        if (jd == 0 || start < 0 || end <= start)
          {
            g_set_error (&local_error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                         _("The shift of %s has no valid hours (%s–%s)"), row->date, row->start, row->end);
            shift_row_free (row);
            break;
          }
        si = linli_roster_problem_add_shift (l->problem, row->id, jd, start, end,
                                             skill_index (l, skill_id, row->skill),
                                             (guint) MAX (linli_query_get_int (q, 4), 0));
        g_assert (si == l->shift_rows->len);
        g_ptr_array_add (l->shift_rows, row);
        g_hash_table_insert (l->shift_index, row->id, GUINT_TO_POINTER (si + 1));
      }
    if (local_error != NULL)
      goto fail;
  }

  /* Their places: by hand or checked in stay; the generated ones are
   * compared with the new roster. */
  {
    g_autoptr(LinliQuery) q = linli_db_query (db, error,
      "SELECT a.id, a.shift_id, a.volunteer_id, a.manual, a.status, v.max_per_month FROM assignment a "
      "JOIN shift s ON s.id = a.shift_id LEFT JOIN volunteer v ON v.id = a.volunteer_id "
      "WHERE s.team_id = ? AND s.deleted = 0 AND s.cancelled = 0 AND s.date BETWEEN ? AND ? "
      "AND a.deleted = 0 ORDER BY a.manual DESC, a._hlc, a.id", "sss", team_id, from_s, to_s);

    if (q == NULL)
      return FALSE;
    while (linli_query_next (q, &local_error))
      {
        const char *shift_id = linli_query_get_string (q, 1);
        const char *volunteer_id = linli_query_get_string (q, 2);
        guint si = GPOINTER_TO_UINT (g_hash_table_lookup (l->shift_index, shift_id)) - 1;
        gboolean fixed = all_fixed || linli_query_get_int (q, 3) != 0
                         || g_strcmp0 (linli_query_get_string (q, 4), LINLI_ATTENDANCE_PLANNED) != 0;
        guint vi;

        /* Someone absent does not fill the place, when explaining it. */
        if (all_fixed && g_strcmp0 (linli_query_get_string (q, 4), LINLI_ATTENDANCE_ABSENT) == 0)
          continue;

        if (!linli_roster_problem_find_volunteer (l->problem, volunteer_id, &vi))
          {
            /* Someone who left the team keeps a place already given by
             * hand, but is no candidate for any other. */
            if (!fixed)
              {
                GPtrArray *list = g_hash_table_lookup (l->generated, shift_id);

                if (list == NULL)
                  g_hash_table_insert (l->generated, (gpointer) ((ShiftRow *) g_ptr_array_index (l->shift_rows, si))->id,
                                       list = g_ptr_array_new_with_free_func (g_free));
                g_ptr_array_add (list, linli_query_dup_string (q, 0));
                g_ptr_array_add (list, g_strdup (volunteer_id));
                continue;
              }
            vi = linli_roster_problem_add_volunteer (l->problem, volunteer_id, 0, 0);
          }

        if (fixed)
          {
            linli_roster_problem_add_fixed (l->problem, si, vi);
            ((ShiftRow *) g_ptr_array_index (l->shift_rows, si))->n_fixed++;
            l->n_kept++;
          }
        else
          {
            GPtrArray *list = g_hash_table_lookup (l->generated, shift_id);

            if (list == NULL)
              g_hash_table_insert (l->generated, (gpointer) ((ShiftRow *) g_ptr_array_index (l->shift_rows, si))->id,
                                   list = g_ptr_array_new_with_free_func (g_free));
            g_ptr_array_add (list, linli_query_dup_string (q, 0));
            g_ptr_array_add (list, g_strdup (volunteer_id));
          }
      }
    if (local_error != NULL)
      goto fail;
  }

  /* Where the pool is already: other teams, and this team outside the
   * period (the week before counts for back-to-back weeks). */
  {
    g_autoptr(LinliQuery) q = linli_db_query (db, error,
      "SELECT a.volunteer_id, s.date, s.start_time, s.end_time, s.team_id = ?1 FROM assignment a "
      "JOIN shift s ON s.id = a.shift_id "
      "WHERE a.deleted = 0 AND a.status != 'absent' AND s.deleted = 0 AND s.cancelled = 0 "
      "AND s.date BETWEEN ?2 AND ?3 AND NOT (s.team_id = ?1 AND s.date BETWEEN ?4 AND ?5)",
      "sssss", team_id, lo_s, hi_s, from_s, to_s);

    if (q == NULL)
      return FALSE;
    while (linli_query_next (q, &local_error))
      {
        guint vi;
        int start = linli_roster_parse_time (linli_query_get_string (q, 2));
        int end = linli_roster_parse_time (linli_query_get_string (q, 3));

        if (!linli_roster_problem_find_volunteer (l->problem, linli_query_get_string (q, 0), &vi)
            || start < 0 || end <= start)
          continue;
        linli_roster_problem_add_commitment (l->problem, vi, linli_roster_parse_date (linli_query_get_string (q, 1)),
                                             start, end, linli_query_get_int (q, 4) != 0);
      }
    if (local_error != NULL)
      goto fail;
  }

  /* Places served this year before the period: those who served least
   * come first. */
  {
    g_autoptr(LinliQuery) q = linli_db_query (db, error,
      "SELECT a.volunteer_id, count(*) FROM assignment a JOIN shift s ON s.id = a.shift_id "
      "WHERE a.deleted = 0 AND a.status != 'absent' AND s.deleted = 0 AND s.cancelled = 0 "
      "AND s.date >= ? AND s.date < ? GROUP BY a.volunteer_id", "ss", year_s, from_s);
    g_autoptr(GHashTable) prior = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    if (q == NULL)
      return FALSE;
    while (linli_query_next (q, &local_error))
      g_hash_table_insert (prior, linli_query_dup_string (q, 0), GUINT_TO_POINTER ((guint) linli_query_get_int (q, 1)));
    if (local_error != NULL)
      goto fail;
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, prior);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          guint vi;

          if (linli_roster_problem_find_volunteer (l->problem, key, &vi))
            linli_roster_problem_set_prior_load (l->problem, vi, GPOINTER_TO_UINT (value));
        }
    }
  }

  /* Blackout dates within the period. */
  {
    g_autoptr(LinliQuery) q = linli_db_query (db, error,
      "SELECT volunteer_id, from_date, to_date FROM blackout WHERE deleted = 0 "
      "AND to_date >= ? AND from_date <= ?", "ss", from_s, to_s);

    if (q == NULL)
      return FALSE;
    while (linli_query_next (q, &local_error))
      {
        guint vi;
        guint32 f = linli_roster_parse_date (linli_query_get_string (q, 1));
        guint32 t = linli_roster_parse_date (linli_query_get_string (q, 2));

        if (f == 0 || t == 0 || !linli_roster_problem_find_volunteer (l->problem, linli_query_get_string (q, 0), &vi))
          continue;
        linli_roster_problem_add_blackout (l->problem, vi, f, t);
      }
    if (local_error != NULL)
      goto fail;
  }

  return TRUE;

fail:
  g_propagate_error (error, local_error);
  return FALSE;
}

/* Generation -------------------------------------------------------------- */

/**
 * linli_roster_load:
 *
 * Makes the period's shifts and loads the team's roster problem as
 * linli_roster_generate() solves it, for tools and benchmarks that want
 * to solve it otherwise.
 *
 * Returns: (transfer full): the problem; shift i is the i-th shift of
 *   the period by date, time and item
 */
LinliRosterProblem *
linli_roster_load (LinliDb     *db,
                   const char  *team_id,
                   const char  *from,
                   const char  *to,
                   GError     **error)
{
  LinliRosterProblem *problem;
  Loaded l = { 0 };
  guint32 from_jd, to_jd;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  if (!check_period (from, to, &from_jd, &to_jd, error)
      || !linli_roster_make_shifts (db, team_id, from, to, NULL, error))
    return NULL;
  if (!load_problem (db, team_id, from_jd, to_jd, FALSE, &l, error))
    {
      loaded_clear (&l);
      return NULL;
    }
  problem = g_steal_pointer (&l.problem);
  loaded_clear (&l);
  return problem;
}

/**
 * linli_roster_generate:
 * @from: the first date, YYYY-MM-DD
 * @to: the last date
 *
 * Makes the period's shifts from the team's patterns and fills their
 * free places fairly (see linli-roster-solver.c). Places made by hand
 * and places already checked in are kept; generated places that the new
 * roster keeps are not written again. One transaction.
 *
 * Returns: (transfer full): what was done, with every place left empty
 *   and why
 */
LinliRosterReport *
linli_roster_generate (LinliDb     *db,
                       const char  *team_id,
                       const char  *from,
                       const char  *to,
                       GError     **error)
{
  g_autoptr(LinliRosterReport) report = NULL;
  g_autoptr(LinliRosterSolution) sol = NULL;
  g_autofree char *community_id = NULL;
  Loaded l = { 0 };
  guint32 from_jd, to_jd;
  GError *local_error = NULL;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  if (!check_period (from, to, &from_jd, &to_jd, error))
    return NULL;

  report = g_new0 (LinliRosterReport, 1);
  report->gaps = g_ptr_array_new_with_free_func (gap_info_free);

  if (!linli_db_begin (db, error))
    return NULL;

  if (!linli_roster_make_shifts (db, team_id, from, to, &report->n_new_shifts, &local_error))
    goto fail;
  community_id = linli_db_query_string (db, &local_error, "SELECT community_id FROM team WHERE id = ?", "s", team_id);
  if (community_id == NULL)
    goto fail;
  if (!load_problem (db, team_id, from_jd, to_jd, FALSE, &l, &local_error))
    goto fail;

  sol = linli_roster_problem_solve (l.problem, LINLI_ROSTER_FAIR, &local_error);
  if (sol == NULL)
    goto fail;

  /* Write only the difference. */
  for (guint si = 0; si < sol->n_shifts; si++)
    {
      ShiftRow *row = g_ptr_array_index (l.shift_rows, si);
      GArray *assigned = sol->assigned[si];
      GPtrArray *old = g_hash_table_lookup (l.generated, row->id);
      g_autoptr(GPtrArray) wanted = g_ptr_array_new ();

      for (guint k = row->n_fixed; k < assigned->len; k++)
        g_ptr_array_add (wanted, (gpointer) linli_roster_problem_get_volunteer_id (l.problem,
                                                                                   g_array_index (assigned, guint, k)));

      for (guint k = 0; old != NULL && k < old->len; k += 2)
        {
          const char *assignment_id = g_ptr_array_index (old, k);
          const char *volunteer_id = g_ptr_array_index (old, k + 1);
          guint found;

          if (g_ptr_array_find_with_equal_func (wanted, volunteer_id, g_str_equal, &found))
            g_ptr_array_remove_index (wanted, found);
          else
            {
              if (!linli_db_soft_delete (db, "assignment", assignment_id, &local_error))
                goto fail;
              report->n_changed++;
            }
        }
      for (guint k = 0; k < wanted->len; k++)
        {
          g_autofree char *id = linli_db_insert (db, &local_error, "assignment",
                                                 "community_id,shift_id,volunteer_id,manual,status",
                                                 "sssis", community_id, row->id,
                                                 (const char *) g_ptr_array_index (wanted, k), 0,
                                                 LINLI_ATTENDANCE_PLANNED);
          if (id == NULL)
            goto fail;
          report->n_changed++;
        }
    }

  if (!linli_db_commit (db, &local_error))
    goto fail;

  report->n_shifts = sol->n_shifts;
  report->n_places = sol->n_places;
  report->n_filled = sol->n_filled;
  report->n_kept = l.n_kept;
  report->spread = linli_roster_solution_spread (l.problem, sol, NULL);
  for (guint g = 0; g < sol->gaps->len; g++)
    {
      const LinliRosterGap *gap = &g_array_index (sol->gaps, LinliRosterGap, g);
      ShiftRow *row = g_ptr_array_index (l.shift_rows, gap->shift);
      LinliRosterGapInfo *info = g_new0 (LinliRosterGapInfo, 1);

      info->shift_id = g_strdup (row->id);
      info->date = g_strdup (row->date);
      info->start = g_strdup (row->start);
      info->end = g_strdup (row->end);
      info->item = g_strdup (row->item);
      info->skill = g_strdup (row->skill);
      info->missing = gap->missing;
      info->reason = gap->reason;
      info->n_could = gap->n_could;
      g_ptr_array_add (report->gaps, info);
    }

  loaded_clear (&l);
  return g_steal_pointer (&report);

fail:
  linli_db_rollback (db);
  loaded_clear (&l);
  g_propagate_error (error, local_error);
  return NULL;
}

/**
 * linli_roster_explain:
 *
 * The places of the period's shifts that are empty as things stand, and
 * why (nobody with the skill is free, everyone is at their limit…).
 * Writes nothing.
 *
 * Returns: (transfer full) (element-type LinliRosterGapInfo): the gaps
 */
GPtrArray *
linli_roster_explain (LinliDb     *db,
                      const char  *team_id,
                      const char  *from,
                      const char  *to,
                      GError     **error)
{
  g_autoptr(GPtrArray) gaps = g_ptr_array_new_with_free_func (gap_info_free);
  Loaded l = { 0 };
  guint32 from_jd, to_jd;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);

  if (!check_period (from, to, &from_jd, &to_jd, error))
    return NULL;
  if (!load_problem (db, team_id, from_jd, to_jd, TRUE, &l, error))
    {
      loaded_clear (&l);
      return NULL;
    }
  for (guint si = 0; si < l.shift_rows->len; si++)
    {
      LinliRosterGap gap = linli_roster_problem_explain (l.problem, si);
      ShiftRow *row = g_ptr_array_index (l.shift_rows, si);
      LinliRosterGapInfo *info;

      if (gap.missing == 0)
        continue;
      info = g_new0 (LinliRosterGapInfo, 1);
      info->shift_id = g_strdup (row->id);
      info->date = g_strdup (row->date);
      info->start = g_strdup (row->start);
      info->end = g_strdup (row->end);
      info->item = g_strdup (row->item);
      info->skill = g_strdup (row->skill);
      info->missing = gap.missing;
      info->reason = gap.reason;
      info->n_could = gap.n_could;
      g_ptr_array_add (gaps, info);
    }
  loaded_clear (&l);
  return g_steal_pointer (&gaps);
}

/* Changes by hand --------------------------------------------------------- */

static gboolean
is_ignored (const char * const *ignore,
            const char         *id)
{
  return ignore != NULL && g_strv_contains (ignore, id);
}

/**
 * linli_roster_check_place:
 * @ignore: (nullable) (array zero-terminated=1): assignments to leave out,
 *   as if already gone (the places a swap or a move gives up)
 *
 * Checks putting a volunteer on a shift against the same rules the
 * generator keeps.
 *
 * Returns: the rules it would break; %LINLI_RULE_OK also on error (then
 *   @error is set)
 */
LinliRosterRule
linli_roster_check_place (LinliDb            *db,
                          const char         *shift_id,
                          const char         *volunteer_id,
                          const char * const *ignore,
                          GError            **error)
{
  g_autoptr(LinliRosterProblem) p = linli_roster_problem_new ();
  g_autoptr(LinliQuery) shift = NULL;
  g_autoptr(LinliQuery) vol = NULL;
  g_autofree char *month_from = NULL;
  g_autofree char *month_to = NULL;
  g_auto(GStrv) skills = NULL;
  g_autoptr(GArray) windows = NULL;
  LinliRosterRule rules;
  GError *local_error = NULL;
  guint32 jd;
  int start, end;
  guint needed, taken = 0;
  gboolean has_skill = FALSE;
  const char *skill_id;
  guint vi, si;

  g_return_val_if_fail (LINLI_IS_DB (db), LINLI_RULE_OK);

  shift = linli_db_query (db, error,
                          "SELECT s.date, s.start_time, s.end_time, s.needed, i.skill_id FROM shift s "
                          "LEFT JOIN service_item i ON i.id = s.service_item_id "
                          "WHERE s.id = ? AND s.deleted = 0", "s", shift_id);
  vol = linli_db_query (db, error,
                        "SELECT skills, availability, max_per_month FROM volunteer WHERE id = ? AND deleted = 0",
                        "s", volunteer_id);
  if (shift == NULL || vol == NULL)
    return LINLI_RULE_OK;
  if (!linli_query_next (shift, &local_error) || !linli_query_next (vol, &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND, _("No such shift or volunteer"));
      g_propagate_error (error, local_error);
      return LINLI_RULE_OK;
    }

  jd = linli_roster_parse_date (linli_query_get_string (shift, 0));
  start = linli_roster_parse_time (linli_query_get_string (shift, 1));
  end = linli_roster_parse_time (linli_query_get_string (shift, 2));
  needed = (guint) MAX (linli_query_get_int (shift, 3), 0);
  skill_id = linli_query_get_string (shift, 4);
  if (jd == 0 || start < 0 || end <= start)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID, _("The shift has no valid date and hours"));
      return LINLI_RULE_OK;
    }

  skills = linli_skills_parse (linli_query_get_string (vol, 0), &local_error);
  windows = skills ? linli_availability_parse (linli_query_get_string (vol, 1), &local_error) : NULL;
  if (windows == NULL)
    {
      g_propagate_error (error, local_error);
      return LINLI_RULE_OK;
    }

  vi = linli_roster_problem_add_volunteer (p, volunteer_id,
                                           linli_query_is_null (vol, 2) ? -1 : (int) linli_query_get_int (vol, 2), 0);
  for (guint k = 0; skills[k] != NULL; k++)
    has_skill |= g_strcmp0 (skills[k], skill_id) == 0;
  if (has_skill)
    linli_roster_problem_add_skill (p, vi, 0);
  for (guint k = 0; k < windows->len; k++)
    {
      LinliAvailability *w = &g_array_index (windows, LinliAvailability, k);

      linli_roster_problem_add_window (p, vi, w->day, w->from, w->to, w->weeks);
    }
  si = linli_roster_problem_add_shift (p, shift_id, jd, start, end, skill_id ? 0 : -1, needed);

  month_from = linli_roster_format_date (linli_roster_month_start (jd));
  month_to = linli_roster_format_date (linli_roster_month_end (jd));
  {
    g_autoptr(LinliQuery) q = linli_db_query (db, error,
      "SELECT a.id, s.date, s.start_time, s.end_time FROM assignment a JOIN shift s ON s.id = a.shift_id "
      "WHERE a.volunteer_id = ? AND a.deleted = 0 AND a.status != 'absent' AND s.deleted = 0 "
      "AND s.cancelled = 0 AND s.date BETWEEN ? AND ?", "sss", volunteer_id, month_from, month_to);

    if (q == NULL)
      return LINLI_RULE_OK;
    while (linli_query_next (q, &local_error))
      {
        int cs = linli_roster_parse_time (linli_query_get_string (q, 2));
        int ce = linli_roster_parse_time (linli_query_get_string (q, 3));

        if (is_ignored (ignore, linli_query_get_string (q, 0)) || cs < 0 || ce <= cs)
          continue;
        linli_roster_problem_add_commitment (p, vi, linli_roster_parse_date (linli_query_get_string (q, 1)),
                                             cs, ce, FALSE);
      }
  }
  {
    g_autoptr(LinliQuery) q = linli_db_query (db, error,
      "SELECT from_date, to_date FROM blackout WHERE volunteer_id = ? AND deleted = 0", "s", volunteer_id);

    if (q == NULL)
      return LINLI_RULE_OK;
    while (linli_query_next (q, &local_error))
      {
        guint32 f = linli_roster_parse_date (linli_query_get_string (q, 0));
        guint32 t = linli_roster_parse_date (linli_query_get_string (q, 1));

        if (f && t)
          linli_roster_problem_add_blackout (p, vi, f, t);
      }
  }
  {
    g_autoptr(LinliQuery) q = linli_db_query (db, error,
      "SELECT id FROM assignment WHERE shift_id = ? AND deleted = 0 AND status != 'absent'", "s", shift_id);

    if (q == NULL)
      return LINLI_RULE_OK;
    while (linli_query_next (q, &local_error))
      if (!is_ignored (ignore, linli_query_get_string (q, 0)))
        taken++;
  }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return LINLI_RULE_OK;
    }

  rules = linli_roster_problem_check (p, vi, si) & ~LINLI_RULE_FULL;
  if (taken >= needed)
    rules |= LINLI_RULE_FULL;
  return rules;
}

static char *
assignment_community (LinliDb     *db,
                      const char  *shift_id,
                      GError     **error)
{
  GError *local_error = NULL;
  char *community_id = linli_db_query_string (db, &local_error,
                                              "SELECT community_id FROM shift WHERE id = ? AND deleted = 0",
                                              "s", shift_id);

  if (community_id == NULL && local_error == NULL)
    g_set_error (&local_error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND, _("No shift with id %s"), shift_id);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return community_id;
}

/* FALSE, with the reason, when the volunteer has a place on the shift. */
static gboolean
check_not_on_shift (LinliDb     *db,
                    const char  *shift_id,
                    const char  *volunteer_id,
                    GError     **error)
{
  GError *local_error = NULL;
  gint64 already = linli_db_query_int (db, &local_error,
                                       "SELECT count(*) FROM assignment WHERE shift_id = ? AND volunteer_id = ? "
                                       "AND deleted = 0", "ss", shift_id, volunteer_id);

  if (local_error == NULL && already > 0)
    g_set_error (&local_error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID, _("The volunteer is on this shift already"));
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * linli_roster_place:
 *
 * Puts a volunteer on a shift by hand: the place stays when the roster
 * is generated again. Check it first with linli_roster_check_place().
 *
 * Returns: (transfer full): the assignment's id
 */
char *
linli_roster_place (LinliDb     *db,
                    const char  *shift_id,
                    const char  *volunteer_id,
                    GError     **error)
{
  g_autofree char *community_id = assignment_community (db, shift_id, error);

  if (community_id == NULL || !check_not_on_shift (db, shift_id, volunteer_id, error))
    return NULL;
  return linli_db_insert (db, error, "assignment", "community_id,shift_id,volunteer_id,manual,status",
                          "sssis", community_id, shift_id, volunteer_id, 1, LINLI_ATTENDANCE_PLANNED);
}

static gboolean
get_assignment (LinliDb     *db,
                const char  *assignment_id,
                char       **shift_id,
                char       **volunteer_id,
                GError     **error)
{
  g_autoptr(LinliQuery) q = linli_db_query (db, error,
                                            "SELECT shift_id, volunteer_id, status FROM assignment WHERE id = ? AND deleted = 0",
                                            "s", assignment_id);
  GError *local_error = NULL;

  if (q == NULL)
    return FALSE;
  if (!linli_query_next (q, &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND,
                     _("No place on the roster with id %s"), assignment_id);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (g_strcmp0 (linli_query_get_string (q, 2), LINLI_ATTENDANCE_PLANNED) != 0)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("This place is checked in already; undo the check-in first"));
      return FALSE;
    }
  *shift_id = linli_query_dup_string (q, 0);
  *volunteer_id = linli_query_dup_string (q, 1);
  return TRUE;
}

/**
 * linli_roster_check_swap:
 * @rules_a: (out): what the volunteer of @assignment_b would break on
 *   @assignment_a's shift
 * @rules_b: (out): and the other way round
 */
gboolean
linli_roster_check_swap (LinliDb          *db,
                         const char       *assignment_a,
                         const char       *assignment_b,
                         LinliRosterRule  *rules_a,
                         LinliRosterRule  *rules_b,
                         GError          **error)
{
  g_autofree char *shift_a = NULL, *vol_a = NULL, *shift_b = NULL, *vol_b = NULL;
  const char *ignore[] = { assignment_a, assignment_b, NULL };
  GError *local_error = NULL;

  if (!get_assignment (db, assignment_a, &shift_a, &vol_a, error)
      || !get_assignment (db, assignment_b, &shift_b, &vol_b, error))
    return FALSE;

  *rules_a = linli_roster_check_place (db, shift_a, vol_b, ignore, &local_error) & ~LINLI_RULE_FULL;
  if (local_error == NULL)
    *rules_b = linli_roster_check_place (db, shift_b, vol_a, ignore, &local_error) & ~LINLI_RULE_FULL;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* A column of a place set by hand, and the place marked as made by hand
 * so that generating again keeps it. Inside the caller's transaction. */
static gboolean
set_by_hand (LinliDb     *db,
             const char  *assignment_id,
             const char  *column,
             const char  *value,
             GError     **error)
{
  return linli_db_set (db, error, "assignment", assignment_id, column, "s", value) &&
         linli_db_set (db, error, "assignment", assignment_id, "manual", "i", 1);
}

/**
 * linli_roster_swap:
 *
 * Swaps the volunteers of two places; both become places made by hand.
 * One transaction.
 */
gboolean
linli_roster_swap (LinliDb     *db,
                   const char  *assignment_a,
                   const char  *assignment_b,
                   GError     **error)
{
  g_autofree char *shift_a = NULL, *vol_a = NULL, *shift_b = NULL, *vol_b = NULL;
  GError *local_error = NULL;

  if (!get_assignment (db, assignment_a, &shift_a, &vol_a, error)
      || !get_assignment (db, assignment_b, &shift_b, &vol_b, error))
    return FALSE;

  if (!linli_db_begin (db, error))
    return FALSE;
  if (!set_by_hand (db, assignment_a, "volunteer_id", vol_b, &local_error)
      || !set_by_hand (db, assignment_b, "volunteer_id", vol_a, &local_error)
      || !linli_db_commit (db, &local_error))
    {
      linli_db_rollback (db);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * linli_roster_move_to_shift:
 *
 * Moves a place, with its volunteer, to another shift (a name dragged to
 * another cell of the roster), by hand. Check it first with
 * linli_roster_check_place() ignoring the place itself.
 */
gboolean
linli_roster_move_to_shift (LinliDb     *db,
                            const char  *assignment_id,
                            const char  *shift_id,
                            GError     **error)
{
  g_autofree char *old_shift = NULL, *volunteer = NULL;
  GError *local_error = NULL;

  if (!get_assignment (db, assignment_id, &old_shift, &volunteer, error))
    return FALSE;
  if (g_strcmp0 (old_shift, shift_id) == 0)
    return TRUE;
  if (!check_not_on_shift (db, shift_id, volunteer, error))
    return FALSE;
  if (!linli_db_begin (db, error))
    return FALSE;
  if (!set_by_hand (db, assignment_id, "shift_id", shift_id, &local_error)
      || !linli_db_commit (db, &local_error))
    {
      linli_db_rollback (db);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Check-in ---------------------------------------------------------------- */

static char *
now_local (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M");
}

/**
 * linli_roster_check_in:
 * @status: attended, absent, walk_in, or planned to undo a check-in
 * @hours: the service hours to credit; below zero: the shift's length
 *   when attended, none when absent
 *
 * Records what happened on the day. One transaction.
 */
gboolean
linli_roster_check_in (LinliDb     *db,
                       const char  *assignment_id,
                       const char  *status,
                       double       hours,
                       GError     **error)
{
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *stamp = now_local ();
  gboolean planned = g_strcmp0 (status, LINLI_ATTENDANCE_PLANNED) == 0;
  GError *local_error = NULL;

  if (!planned && g_strcmp0 (status, LINLI_ATTENDANCE_ATTENDED) != 0
      && g_strcmp0 (status, LINLI_ATTENDANCE_ABSENT) != 0 && g_strcmp0 (status, LINLI_ATTENDANCE_WALK_IN) != 0)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("“%s” is not a check-in: attended, absent, walk_in or planned"), status ? status : "");
      return FALSE;
    }
  if (hours > 24.0)
    {
      g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_INVALID,
                   _("%.1f hours is more than a day"), hours);
      return FALSE;
    }

  q = linli_db_query (db, error,
                      "SELECT s.start_time, s.end_time FROM assignment a JOIN shift s ON s.id = a.shift_id "
                      "WHERE a.id = ? AND a.deleted = 0", "s", assignment_id);
  if (q == NULL)
    return FALSE;
  if (!linli_query_next (q, &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND,
                     _("No place on the roster with id %s"), assignment_id);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (hours < 0)
    hours = g_str_equal (status, LINLI_ATTENDANCE_ABSENT) ? 0.0
            : linli_roster_shift_hours (linli_query_get_string (q, 0), linli_query_get_string (q, 1));

  if (!linli_db_begin (db, error))
    return FALSE;
  if (!linli_db_set (db, &local_error, "assignment", assignment_id, "status", "s", status)
      || !(planned ? linli_db_set (db, &local_error, "assignment", assignment_id, "hours", "n")
                   : linli_db_set (db, &local_error, "assignment", assignment_id, "hours", "d", hours))
      || !linli_db_set (db, &local_error, "assignment", assignment_id, "checked_in_at", "s", planned ? NULL : stamp)
      || !linli_db_commit (db, &local_error))
    {
      linli_db_rollback (db);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * linli_roster_walk_in:
 * @hours: below zero: the shift's length
 *
 * Records a volunteer who came without being on the roster.
 *
 * Returns: (transfer full): the new assignment's id
 */
char *
linli_roster_walk_in (LinliDb     *db,
                      const char  *shift_id,
                      const char  *volunteer_id,
                      double       hours,
                      GError     **error)
{
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *community_id = NULL;
  g_autofree char *stamp = now_local ();
  GError *local_error = NULL;

  q = linli_db_query (db, error, "SELECT community_id, start_time, end_time FROM shift WHERE id = ? AND deleted = 0",
                      "s", shift_id);
  if (q == NULL)
    return NULL;
  if (!linli_query_next (q, &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND, _("No shift with id %s"), shift_id);
      g_propagate_error (error, local_error);
      return NULL;
    }
  community_id = linli_query_dup_string (q, 0);
  if (hours < 0)
    hours = linli_roster_shift_hours (linli_query_get_string (q, 1), linli_query_get_string (q, 2));

  return linli_db_insert (db, error, "assignment",
                          "community_id,shift_id,volunteer_id,manual,status,hours,checked_in_at",
                          "sssisds", community_id, shift_id, volunteer_id, 1, LINLI_ATTENDANCE_WALK_IN,
                          hours, stamp);
}
