/* linli-map-floor-table.c: the floor-by-room table of a building (楼栋户表)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "linli-map-floor-table.h"
#include "linli-map-stats.h"
#include "linli-map-territory.h"
#include "linli-vocab.h"

G_DEFINE_BOXED_TYPE (LinliFloorTable, linli_floor_table, linli_floor_table_ref, linli_floor_table_unref)

static const struct {
  const char *code;     /* tag code or household flag */
  const char *mark;     /* one character on the table */
  const char *label;
  const char *color;
} marks[LINLI_N_MARKS] = {
  /* Translators: one-character marks on the floor-by-room table; zh_CN: 独 */
  { "alone", NC_("mark", "A"), N_("Elderly living alone"), "#e01b24" },
  /* Translators: zh_CN: 空 (empty-nest elderly) */
  { "empty_nest", NC_("mark", "E"), N_("Empty-nest elderly"), "#ff7800" },
  /* Translators: zh_CN: 残 */
  { "disabled", NC_("mark", "D"), N_("Disabled"), "#9141ac" },
  /* Translators: zh_CN: 低 (低保) */
  { "low_income", NC_("mark", "L"), N_("Low income"), "#986a44" },
  /* Translators: zh_CN: 困 */
  { "difficulty", NC_("mark", "H"), N_("Family in difficulty"), "#a51d2d" },
  /* Translators: 80 and over; zh_CN: 高 (高龄) */
  { NULL, NC_("mark", "80"), N_("Aged 80 and over"), "#c64600" },
  /* Translators: zh_CN: 党 */
  { "party_member", NC_("mark", "P"), N_("Party member"), "#c01c28" },
  /* Translators: zh_CN: 流 */
  { "floating", NC_("mark", "F"), N_("Floating population"), "#1c71d8" },
  /* Translators: zh_CN: 军 */
  { "veteran", NC_("mark", "V"), N_("Veteran"), "#26a269" },
  /* Translators: a special-care tag of the community's own; zh_CN: 关 */
  { NULL, NC_("mark", "C"), N_("Other special care"), "#e66100" },
  /* Translators: zh_CN: 租 */
  { "rental", NC_("mark", "R"), N_("Rental"), "#3584e4" },
  /* Translators: party-member central household; zh_CN: ★ */
  { "party_center", NC_("mark", "★"), N_("Party-member central household"), "#c01c28" },
  /* Translators: zh_CN: 空置 */
  { "vacant", NC_("mark", "Vacant"), N_("Vacant"), "#9a9996" },
};

const char *
linli_mark_short_label (guint bit)
{
  g_return_val_if_fail (bit < LINLI_N_MARKS, "");
  return g_dpgettext2 (GETTEXT_PACKAGE, "mark", marks[bit].mark);
}

const char *
linli_mark_label (guint bit)
{
  g_return_val_if_fail (bit < LINLI_N_MARKS, "");
  return _(marks[bit].label);
}

const char *
linli_mark_color (guint bit)
{
  g_return_val_if_fail (bit < LINLI_N_MARKS, "#000000");
  return marks[bit].color;
}

static guint
mark_of_code (const char *code)
{
  if (code == NULL)
    return 0;
  for (guint i = 0; i < LINLI_N_MARKS; i++)
    if (marks[i].code != NULL && g_str_equal (marks[i].code, code))
      return 1u << i;
  return 0;
}

LinliFloorTable *
linli_floor_table_ref (LinliFloorTable *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
cell_free (gpointer data)
{
  LinliFloorCell *c = data;

  g_free (c->id);
  g_free (c->room);
  g_free (c->head_name);
  g_free (c->flags);
  g_free (c->last_visit);
  g_free (c);
}

static void
unit_free (gpointer data)
{
  LinliFloorUnit *u = data;

  g_free (u->id);
  g_free (u->name);
  g_free (u);
}

static void
table_clear (gpointer data)
{
  LinliFloorTable *self = data;

  g_free (self->building_id);
  g_free (self->building_number);
  g_free (self->building_name);
  g_free (self->grid_name);
  g_free (self->community_name);
  g_free (self->today);
  g_ptr_array_unref (self->units);
  g_ptr_array_unref (self->cells);
  g_free (self->row_floors);
  g_free (self->at);
}

void
linli_floor_table_unref (LinliFloorTable *self)
{
  g_atomic_rc_box_release_full (self, table_clear);
}

/* "501" on floor 5 is the first room of the floor; anything else gets
 * the next free column. */
static int
natural_column (const char *room,
                int         floor)
{
  gsize len = room ? strlen (room) : 0;
  int k;

  if (len < 3 || floor == LINLI_FLOOR_UNKNOWN)
    return -1;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (room[i]))
      return -1;
  if (atoi (room) / 100 != floor)
    return -1;
  k = atoi (room + len - 2);
  return k >= 1 && k <= 30 ? k - 1 : -1;
}

static int
floor_of_room (const char *room)
{
  gsize len = room ? strlen (room) : 0;

  if (len < 3)
    return LINLI_FLOOR_UNKNOWN;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (room[i]))
      return LINLI_FLOOR_UNKNOWN;
  return atoi (room) / 100;
}

static int
compare_cells (gconstpointer a,
               gconstpointer b)
{
  const LinliFloorCell *ca = *(LinliFloorCell **) a, *cb = *(LinliFloorCell **) b;

  if (ca->unit != cb->unit)
    return ca->unit - cb->unit;
  if (ca->floor != cb->floor)
    return ca->floor > cb->floor ? -1 : 1;
  return linli_map_compare_numbers (ca->room, cb->room);
}

/**
 * linli_floor_table_load:
 * @unit_id: (nullable): one unit only, or %NULL for the whole building
 * @today: YYYY-MM-DD, for 80+ and the visits
 *
 * Reads a building's households into rows of floors (top first) and
 * columns of rooms, unit after unit.
 *
 * Returns: (transfer full): the table, or %NULL with @error set
 */
LinliFloorTable *
linli_floor_table_load (LinliDb     *db,
                        const char  *building_id,
                        const char  *unit_id,
                        const char  *today,
                        GError     **error)
{
  g_autoptr(LinliFloorTable) self = g_atomic_rc_box_new0 (LinliFloorTable);
  g_autoptr(LinliQuery) q = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) unit_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *born80 = NULL;
  g_autofree char *today_end = g_strconcat (today, "T99", NULL);
  int top = G_MININT, bottom = G_MAXINT;
  gboolean unknown_floor = FALSE;
  int *unit_floors;
  g_autofree char *cut7 = NULL;
  g_autofree char *cut30 = NULL;

  g_return_val_if_fail (LINLI_IS_DB (db), NULL);
  g_return_val_if_fail (building_id != NULL && today != NULL, NULL);

  {
    GDate d;

    g_date_clear (&d, 1);
    g_date_set_parse (&d, today);
    if (g_date_valid (&d))
      {
        g_date_subtract_years (&d, LINLI_AGE_OLD);
        born80 = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d));
      }
    else
      born80 = g_strdup ("0000");
  }

  self->today = g_strdup (today);
  self->building_id = g_strdup (building_id);
  self->units = g_ptr_array_new_with_free_func (unit_free);
  self->cells = g_ptr_array_new_with_free_func (cell_free);

  q = linli_db_query (db, error,
                      "SELECT b.number, b.name, g.name, c.name, b.floors FROM building b "
                      "LEFT JOIN grid g ON g.id = b.grid_id AND g.deleted = 0 "
                      "LEFT JOIN community c ON c.id = b.community_id WHERE b.id = ?",
                      "s", building_id);
  if (q == NULL)
    return NULL;
  if (!linli_query_next (q, &local_error))
    {
      if (local_error == NULL)
        g_set_error (error, LINLI_DB_ERROR, LINLI_DB_ERROR_NOT_FOUND, _("No such building: %s"), building_id);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  self->building_number = g_strdup (linli_query_get_string (q, 0) ? linli_query_get_string (q, 0) : "");
  self->building_name = linli_query_dup_string (q, 1);
  self->grid_name = linli_query_dup_string (q, 2);
  self->community_name = linli_query_dup_string (q, 3);
  if (!linli_query_is_null (q, 4))
    top = (int) linli_query_get_int (q, 4);
  g_clear_pointer (&q, linli_query_free);

  q = linli_db_query (db, error,
                      "SELECT id, number, name, floors, rooms_per_floor FROM unit "
                      "WHERE building_id = ? AND deleted = 0 AND (? IS NULL OR id = ?) ORDER BY number, id",
                      "sss", building_id, unit_id, unit_id);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      LinliFloorUnit *u = g_new0 (LinliFloorUnit, 1);

      u->id = linli_query_dup_string (q, 0);
      u->number = (int) linli_query_get_int (q, 1);
      u->name = linli_query_dup_string (q, 2);
      u->n_columns = (int) linli_query_get_int (q, 4);
      if (!linli_query_is_null (q, 3))
        top = MAX (top, (int) linli_query_get_int (q, 3));
      g_hash_table_insert (unit_index, u->id, GUINT_TO_POINTER (self->units->len + 1));
      g_ptr_array_add (self->units, u);
    }
  if (local_error)
    goto failed;
  g_clear_pointer (&q, linli_query_free);

  q = linli_db_query (db, error,
                      "SELECT h.id, h.unit_id, h.floor, h.room, h.flags, "
                      "coalesce((SELECT name FROM person WHERE id = h.head_id AND deleted = 0), "
                      "  (SELECT name FROM person p WHERE p.household_id = h.id AND p.deleted = 0 AND p.is_resident = 1 "
                      "   ORDER BY p.relation IN ('户主', 'head') DESC, p.birth_date LIMIT 1)), "
                      "(SELECT max(v.visited_at) FROM visit v WHERE v.household_id = h.id AND v.deleted = 0 AND v.visited_at <= ?), "
                      "(SELECT count(*) FROM visit v WHERE v.household_id = h.id AND v.deleted = 0 AND v.follow_up_done = 0 "
                      "  AND ((v.follow_up IS NOT NULL AND v.follow_up <> '') OR v.follow_up_due IS NOT NULL)), "
                      "(SELECT count(*) FROM visit v WHERE v.household_id = h.id AND v.deleted = 0 AND v.follow_up_done = 0 "
                      "  AND v.follow_up_due IS NOT NULL AND v.follow_up_due < ?) "
                      "FROM household h JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
                      "WHERE u.building_id = ? AND h.deleted = 0 AND (? IS NULL OR u.id = ?)",
                      "sssss", today_end, today, building_id, unit_id, unit_id);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      LinliFloorCell *c = g_new0 (LinliFloorCell, 1);
      const char *last = linli_query_get_string (q, 6);
      g_auto(GStrv) flags = NULL;

      c->id = linli_query_dup_string (q, 0);
      c->unit = GPOINTER_TO_INT (g_hash_table_lookup (unit_index, linli_query_get_string (q, 1))) - 1;
      c->room = g_strdup (linli_query_get_string (q, 3) ? linli_query_get_string (q, 3) : "");
      c->floor = linli_query_is_null (q, 2) ? floor_of_room (c->room) : (int) linli_query_get_int (q, 2);
      c->flags = g_strdup (linli_query_get_string (q, 4) ? linli_query_get_string (q, 4) : "");
      c->head_name = linli_query_dup_string (q, 5);
      c->last_visit = last ? g_strndup (last, 10) : NULL;
      c->follow_ups_open = (int) linli_query_get_int (q, 7);
      c->follow_ups_overdue = (int) linli_query_get_int (q, 8);
      flags = g_strsplit (c->flags, ",", -1);
      for (guint i = 0; flags[i]; i++)
        c->marks |= mark_of_code (g_strstrip (flags[i]));
      if (c->unit < 0)
        {
          cell_free (c);
          continue;
        }
      if (c->floor == LINLI_FLOOR_UNKNOWN)
        unknown_floor = TRUE;
      else
        {
          top = MAX (top, c->floor);
          bottom = MIN (bottom, c->floor);
        }
      g_hash_table_insert (by_id, c->id, c);
      g_ptr_array_add (self->cells, c);
    }
  if (local_error)
    goto failed;
  g_clear_pointer (&q, linli_query_free);

  /* Residents: how many, their tags, and who is of special care. */
  q = linli_db_query (db, error,
                      "SELECT p.household_id, p.birth_date IS NOT NULL AND p.birth_date <> '' AND p.birth_date <= ?, "
                      "(SELECT group_concat(coalesce(t.code, '') || ':' || t.care, ',') FROM person_tag pt "
                      " JOIN tag t ON t.id = pt.tag_id AND t.deleted = 0 WHERE pt.person_id = p.id AND pt.deleted = 0) "
                      "FROM person p JOIN household h ON h.id = p.household_id AND h.deleted = 0 "
                      "JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
                      "WHERE u.building_id = ? AND p.deleted = 0 AND p.is_resident = 1 AND (? IS NULL OR u.id = ?)",
                      "ssss", born80, building_id, unit_id, unit_id);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, &local_error))
    {
      LinliFloorCell *c = g_hash_table_lookup (by_id, linli_query_get_string (q, 0));
      const char *tags = linli_query_get_string (q, 2);
      gboolean care = linli_query_get_int (q, 1) != 0;

      if (c == NULL)
        continue;
      c->residents++;
      if (care)
        c->marks |= LINLI_MARK_OLD;
      if (tags != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (tags, ",", -1);

          for (guint i = 0; parts[i]; i++)
            {
              char *colon = strrchr (parts[i], ':');
              gboolean tag_care = colon && colon[1] == '1';
              guint m;

              if (colon)
                *colon = '\0';
              m = mark_of_code (parts[i]);
              if (m == 0 && tag_care)
                m = LINLI_MARK_OTHER_CARE;
              c->marks |= m;
              care = care || tag_care;
            }
        }
      if (care)
        c->care++;
    }
  if (local_error)
    goto failed;

  /* Rows: floors from the top down, and a last row for households whose
   * floor nobody wrote down. */
  if (top == G_MININT)
    top = bottom == G_MAXINT ? 1 : bottom;
  if (bottom == G_MAXINT || bottom > 1)
    bottom = MIN (1, top);
  self->n_rows = top - bottom + 1 + (unknown_floor ? 1 : 0);
  self->row_floors = g_new (int, self->n_rows);
  for (int r = 0; r < top - bottom + 1; r++)
    self->row_floors[r] = top - r;
  if (unknown_floor)
    self->row_floors[self->n_rows - 1] = LINLI_FLOOR_UNKNOWN;

  /* Columns: each unit as wide as its widest floor. */
  cut7 = linli_map_date_minus (today, 7);
  cut30 = linli_map_date_minus (today, 30);
  g_ptr_array_sort (self->cells, compare_cells);
  unit_floors = g_new0 (int, (gsize) self->units->len * self->n_rows);
  for (guint i = 0; i < self->cells->len; i++)
    {
      LinliFloorCell *c = self->cells->pdata[i];
      LinliFloorUnit *u = self->units->pdata[c->unit];
      int *used = &unit_floors[c->unit * self->n_rows];
      int k;

      c->row = c->floor == LINLI_FLOOR_UNKNOWN ? self->n_rows - 1 : top - c->floor;
      k = natural_column (c->room, c->floor);
      /* Two households on one door, or no door number: the next free. */
      if (k < 0 || k < used[c->row])
        k = used[c->row];
      c->column = k;
      used[c->row] = k + 1;
      u->n_columns = MAX (u->n_columns, k + 1);
      u->households++;
      u->residents += c->residents;
      u->care += c->care;
      if (!(c->marks & LINLI_MARK_VACANT))
        {
          if (!linli_floor_cell_visited_since (c, cut7))
            u->not_visited_7++;
          if (!linli_floor_cell_visited_since (c, cut30))
            u->not_visited_30++;
        }
    }
  g_free (unit_floors);

  for (guint i = 0; i < self->units->len; i++)
    {
      LinliFloorUnit *u = self->units->pdata[i];

      u->n_columns = MAX (u->n_columns, 1);
      u->first_column = self->n_columns;
      self->n_columns += u->n_columns;
    }
  self->at = g_new0 (LinliFloorCell *, (gsize) MAX (self->n_rows * self->n_columns, 1));
  for (guint i = 0; i < self->cells->len; i++)
    {
      LinliFloorCell *c = self->cells->pdata[i];
      LinliFloorUnit *u = self->units->pdata[c->unit];

      c->column += u->first_column;
      self->at[c->row * self->n_columns + c->column] = c;
    }

  return g_steal_pointer (&self);

failed:
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/**
 * linli_floor_table_get:
 *
 * Returns: (transfer none) (nullable): the household at @row (0 is the
 *   top floor) and @column, or %NULL where there is none
 */
LinliFloorCell *
linli_floor_table_get (LinliFloorTable *self,
                       int              row,
                       int              column)
{
  if (row < 0 || row >= self->n_rows || column < 0 || column >= self->n_columns)
    return NULL;
  return self->at[row * self->n_columns + column];
}

LinliFloorCell *
linli_floor_table_find (LinliFloorTable *self,
                        const char      *household_id)
{
  for (guint i = 0; household_id && i < self->cells->len; i++)
    {
      LinliFloorCell *c = self->cells->pdata[i];

      if (g_str_equal (c->id, household_id))
        return c;
    }
  return NULL;
}

int
linli_floor_table_unit_at (LinliFloorTable *self,
                           int              column)
{
  for (guint i = 0; i < self->units->len; i++)
    {
      LinliFloorUnit *u = self->units->pdata[i];

      if (column >= u->first_column && column < u->first_column + u->n_columns)
        return (int) i;
    }
  return -1;
}

/* A visit after @cut (linli_map_date_minus() of today): what is worked
 * out once for a whole table. */
gboolean
linli_floor_cell_visited_since (const LinliFloorCell *cell,
                                const char           *cut)
{
  return cell->last_visit != NULL && strcmp (cell->last_visit, cut) > 0;
}

/* A visit on one of the last @days days, today included. */
gboolean
linli_floor_cell_visited_within (const LinliFloorCell *cell,
                                 const char           *today,
                                 int                   days)
{
  g_autofree char *cut = NULL;

  if (cell->last_visit == NULL)
    return FALSE;
  cut = linli_map_date_minus (today, days);
  return linli_floor_cell_visited_since (cell, cut);
}

/* "12栋 楼栋户表" and its like. */
char *
linli_floor_table_title (LinliFloorTable *self)
{
  /* Translators: the title of the floor-by-room table, %s is the building number; zh_CN: %s栋 楼栋户表 */
  return g_strdup_printf (_("Building %s: Households Floor by Floor"), self->building_number);
}
