/* linli-sheets-territory.c: the sheets of grids, buildings and units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *  squad       楼道公示: a building's 119 squad, posted in every stairwell
 *  grid-card   网格服务卡: the grid worker, with a QR code that dials them
 *  households  楼栋户表: a building floor by floor, for the grid worker (internal)
 *  care-list   重点关爱名单: who to knock on first, per grid (internal)
 */

#define G_LOG_DOMAIN "linli-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "linli-format.h"
#include "linli-idnumber.h"
#include "linli-sheet-kinds.h"

/* Buildings in the order their numbers are read: 2 before 10, then A3. */
#define BUILDING_ORDER "b.number NOT GLOB '[0-9]*', CAST(b.number AS INTEGER), b.number"

static char *
building_label (const char *number,
                const char *name)
{
  if (name != NULL && *name != '\0')
    return g_strdup (name);
  /* Translators: a building by its number; zh_CN: "%s栋" */
  return g_strdup_printf (_("Building %s"), number ? number : "");
}

static char *
unit_label (gint64      number,
            const char *name)
{
  if (name != NULL && *name != '\0')
    return g_strdup (name);
  /* Translators: a unit (stairwell) of a building; zh_CN: "%d单元" */
  return g_strdup_printf (_("Unit %d"), (int) number);
}

static char *
grid_label (LinliQuery *q,
            int         number_column,
            int         name_column)
{
  const char *name = linli_query_get_string (q, name_column);

  if (name != NULL && *name != '\0')
    return g_strdup (name);
  if (linli_query_is_null (q, number_column))
    return g_strdup (_("Grid"));
  /* Translators: a grid by its number; zh_CN: "第%d网格" */
  return g_strdup_printf (_("Grid %d"), (int) linli_query_get_int (q, number_column));
}

/* "李建国  138****1234", the phone masked unless the person consented. */
static char *
name_and_phone (LinliSheetContext *ctx,
                LinliQuery        *q,
                int                name_column)
{
  const char *name = linli_query_get_string (q, name_column);
  g_autofree char *phone = NULL;

  if (name == NULL || *name == '\0')
    return g_strdup (_("(to be appointed)"));

  phone = linli_sheet_context_format_phone (ctx, linli_query_get_string (q, name_column + 1),
                                            linli_query_get_int (q, name_column + 2) != 0);
  if (*phone == '\0')
    return g_strdup (name);
  return g_strdup_printf ("%s\u3000%s", name, phone);
}

/* The ids of the rows of TABLE (aliased as in SQL) inside the request's
 * scope; SQL's ? is the scope id. */
static GPtrArray *
ids_in_scope (LinliSheetContext  *ctx,
              const char         *sql_all,
              const char         *where_compound,
              const char         *where_grid,
              const char         *where_building,
              const char         *where_unit,
              const char         *order,
              GError            **error)
{
  const LinliSheetRequest *req = linli_sheet_context_get_request (ctx);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *sql = NULL;
  const char *where = NULL;

  switch (req->scope)
    {
    case LINLI_SCOPE_COMPOUND: where = where_compound; break;
    case LINLI_SCOPE_GRID: where = where_grid; break;
    case LINLI_SCOPE_BUILDING: where = where_building; break;
    case LINLI_SCOPE_UNIT: where = where_unit; break;
    case LINLI_SCOPE_ALL:
    default:
      break;
    }

  sql = g_strdup_printf ("%s%s%s ORDER BY %s", sql_all, where ? " AND " : "", where ? where : "", order);
  if (where != NULL)
    q = linli_db_query (linli_sheet_context_get_db (ctx), error, sql, "s", req->scope_id);
  else
    q = linli_db_query (linli_sheet_context_get_db (ctx), error, sql, NULL);
  if (q == NULL)
    return NULL;

  while (linli_query_next (q, error))
    g_ptr_array_add (ids, linli_query_dup_string (q, 0));
  if (error != NULL && *error != NULL)
    return NULL;

  return g_steal_pointer (&ids);
}

/* Stairwell squad sheet (楼道公示). */

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "leader") == 0)
    return C_("squad role", "Leader");
  if (g_strcmp0 (role, "party_backbone") == 0)
    return C_("squad role", "Party member");
  if (g_strcmp0 (role, "sunk_cadre") == 0)
    return C_("squad role", "Cadre");
  if (g_strcmp0 (role, "police") == 0)
    return C_("squad role", "Community police");
  if (g_strcmp0 (role, "property_staff") == 0)
    return C_("squad role", "Property staff");
  return C_("squad role", "Member");
}

/* The squad of the building of the previous sheet: every unit of a
 * building posts the same squad, so it is read once per building. */
typedef struct
{
  char      *building_id;
  gboolean   has_squad;
  GPtrArray *rows;   /* GStrv: role, name, phone, consent ("1"), who */
} SquadCache;

static void
squad_cache_clear (SquadCache *cache)
{
  g_clear_pointer (&cache->building_id, g_free);
  g_clear_pointer (&cache->rows, g_ptr_array_unref);
}

static gboolean
squad_cache_load (LinliSheetContext  *ctx,
                  SquadCache         *cache,
                  const char         *building_id,
                  GError            **error)
{
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *today = NULL;
  GDate *date = linli_sheet_context_get_date (ctx);
  LinliDb *db = linli_sheet_context_get_db (ctx);

  if (cache->building_id != NULL && g_str_equal (cache->building_id, building_id))
    return TRUE;

  squad_cache_clear (cache);
  cache->building_id = g_strdup (building_id);
  cache->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  cache->has_squad = linli_db_query_int (db, NULL,
                                         "SELECT count(*) FROM team WHERE deleted = 0 AND kind = 'squad119' "
                                         "AND scope = 'building' AND scope_id = ?",
                                         "s", building_id) > 0;
  if (!cache->has_squad)
    return TRUE;

  today = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                           g_date_get_day (date));
  q = linli_db_query (db, error,
                      "SELECT tm.role, p.name, p.phone, p.consent_publish, p.is_resident, p.title, o.name "
                      /* The team first, then its members by their index: left to
                       * itself SQLite reads every member of every team in rowid
                       * order, for the ORDER BY. */
                      "FROM team t "
                      "CROSS JOIN team_member tm ON tm.team_id = t.id AND tm.deleted = 0 "
                      "JOIN person p ON p.id = tm.person_id AND p.deleted = 0 "
                      "LEFT JOIN organisation o ON o.id = p.organisation_id AND o.deleted = 0 "
                      "WHERE t.deleted = 0 AND t.kind = 'squad119' AND t.scope = 'building' AND t.scope_id = ? "
                      "AND (tm.left_on IS NULL OR tm.left_on = '' OR tm.left_on > ?) "
                      "ORDER BY CASE tm.role WHEN 'leader' THEN 0 WHEN 'party_backbone' THEN 1 "
                      "WHEN 'sunk_cadre' THEN 2 WHEN 'police' THEN 3 WHEN 'property_staff' THEN 4 ELSE 5 END, "
                      "tm.rowid",
                      "ss", building_id, today);
  if (q == NULL)
    return FALSE;

  while (linli_query_next (q, error))
    {
      const char *title = linli_query_get_string (q, 5);
      const char *org = linli_query_get_string (q, 6);
      char **row = g_new0 (char *, 6);

      row[0] = linli_query_dup_string (q, 0);
      row[1] = g_strdup (linli_query_get_string (q, 1) ? linli_query_get_string (q, 1) : "");
      row[2] = g_strdup (linli_query_get_string (q, 2) ? linli_query_get_string (q, 2) : "");
      row[3] = g_strdup (linli_query_get_int (q, 3) ? "1" : "0");
      if (linli_query_get_int (q, 4) && (title == NULL || *title == '\0'))
        row[4] = g_strdup (_("Resident of this building"));
      else if (org != NULL && *org != '\0' && title != NULL && *title != '\0')
        row[4] = g_strdup_printf ("%s %s", org, title);
      else if (org != NULL && *org != '\0')
        row[4] = g_strdup (org);
      else
        row[4] = g_strdup (title ? title : "");
      g_ptr_array_add (cache->rows, row);
    }

  return error == NULL || *error == NULL;
}

static void
add_squad_members (LinliSheetContext *ctx,
                   LinliSheetTable   *table,
                   SquadCache        *cache)
{
  gboolean has_backbone = FALSE, has_cadre = FALSE;

  for (guint i = 0; i < cache->rows->len; i++)
    {
      char **row = g_ptr_array_index (cache->rows, i);
      g_autofree char *phone = linli_sheet_context_format_phone (ctx, row[2], row[3][0] == '1');

      if (g_strcmp0 (row[0], "party_backbone") == 0)
        has_backbone = TRUE;
      else if (g_strcmp0 (row[0], "sunk_cadre") == 0)
        has_cadre = TRUE;

      linli_sheet_table_add_row (table, role_label (row[0]), row[1], row[4], phone);
    }

  /* A squad without its party member or its cadre is incomplete: the
   * sheet says so, and leaves the line to fill in. */
  if (!has_backbone)
    {
      linli_sheet_table_add_row (table, role_label ("party_backbone"), _("(to be appointed)"), "", "");
      linli_sheet_table_mute_last_row (table);
    }
  if (!has_cadre)
    {
      linli_sheet_table_add_row (table, role_label ("sunk_cadre"), _("(to be appointed)"), "", "");
      linli_sheet_table_mute_last_row (table);
    }
}

static gboolean
build_squad_sheet (LinliSheetContext  *ctx,
                   SquadCache         *cache,
                   const char         *unit_id,
                   GError            **error)
{
  LinliDb *db = linli_sheet_context_get_db (ctx);
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *building = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *grid = NULL;
  g_autofree char *title = NULL;
  g_autofree char *outline = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *building_id = NULL;
  g_autofree char *worker = NULL;
  g_autofree char *building_leader = NULL;
  g_autofree char *unit_leader = NULL;
  const char *compound;
  const char *hotline = linli_sheet_context_get_hotline (ctx);
  LinliSheetTable *table;
  LinliPrintSheet *sheet;

  q = linli_db_query (db, error,
                      "SELECT u.number, u.name, b.id, b.number, b.name, c.name, g.number, g.name, "
                      "w.name, w.phone, w.consent_publish, "
                      "bl.name, bl.phone, bl.consent_publish, "
                      "ul.name, ul.phone, ul.consent_publish "
                      "FROM unit u JOIN building b ON b.id = u.building_id "
                      "LEFT JOIN compound c ON c.id = b.compound_id AND c.deleted = 0 "
                      "LEFT JOIN grid g ON g.id = b.grid_id AND g.deleted = 0 "
                      "LEFT JOIN person w ON w.id = g.worker_id AND w.deleted = 0 "
                      "LEFT JOIN person bl ON bl.id = b.leader_id AND bl.deleted = 0 "
                      "LEFT JOIN person ul ON ul.id = u.leader_id AND ul.deleted = 0 "
                      "WHERE u.id = ?",
                      "s", unit_id);
  if (q == NULL)
    return FALSE;
  if (!linli_query_next (q, error))
    return error == NULL || *error == NULL;

  unit = unit_label (linli_query_get_int (q, 0), linli_query_get_string (q, 1));
  building_id = linli_query_dup_string (q, 2);
  building = building_label (linli_query_get_string (q, 3), linli_query_get_string (q, 4));
  compound = linli_query_get_string (q, 5);
  grid = linli_query_is_null (q, 6) && linli_query_is_null (q, 7) ? NULL : grid_label (q, 6, 7);

  /* Translators: a building and its unit, e.g. 12栋2单元; zh_CN: "%s%s" */
  outline = g_strdup_printf (C_("building and unit", "%s %s"), building, unit);
  sheet = linli_sheet_context_add_sheet (ctx, outline);
  linli_sheet_set_fit_to_page (sheet, TRUE);

  /* Translators: the title of the stairwell notice; %s is the building and
   * unit, e.g. 12栋2单元. zh_CN: "%s 119自管小分队" */
  title = g_strdup_printf (_("%s 119 Self-Management Squad"), outline);
  linli_sheet_add_title (sheet, title);
  if (compound != NULL && *compound != '\0' && grid != NULL)
    subtitle = g_strdup_printf ("%s · %s", compound, grid);
  else if (compound != NULL && *compound != '\0')
    subtitle = g_strdup (compound);
  else if (grid != NULL)
    subtitle = g_strdup (grid);
  if (subtitle != NULL)
    linli_sheet_add_subtitle (sheet, subtitle);

  worker = name_and_phone (ctx, q, 8);
  building_leader = linli_query_is_null (q, 11) ? NULL : name_and_phone (ctx, q, 11);
  unit_leader = linli_query_is_null (q, 14) ? NULL : name_and_phone (ctx, q, 14);

  if (!squad_cache_load (ctx, cache, building_id, error))
    return FALSE;
  if (cache->has_squad)
    {
      linli_sheet_add_paragraph (sheet, LINLI_TEXT_BODY, LINLI_ALIGN_LEFT,
        _("Our squad of party members, cadres sent down from partner units and volunteers of this building "
          "comes within one hour. When something urgent or difficult happens, call any of us."));

      table = linli_sheet_add_table (sheet, LINLI_TABLE_DEFAULT);
      linli_sheet_table_add_column (table, C_("column", "Role"), 1.3, LINLI_COLUMN_CENTER);
      linli_sheet_table_add_column (table, C_("column", "Name"), 1.5, LINLI_COLUMN_FIT | LINLI_COLUMN_CENTER | LINLI_COLUMN_BOLD);
      linli_sheet_table_add_column (table, C_("column", "Who"), 2.4, LINLI_COLUMN_DEFAULT);
      linli_sheet_table_add_column (table, C_("column", "Phone"), 1.8, LINLI_COLUMN_FIT | LINLI_COLUMN_CENTER);
      add_squad_members (ctx, table, cache);
    }
  else
    {
      linli_sheet_add_paragraph (sheet, LINLI_TEXT_LEAD, LINLI_ALIGN_CENTER,
        _("The 119 squad of this building is being formed. Volunteers are welcome: please tell your grid worker."));
      linli_sheet_add_space (sheet, 10);
    }

  linli_sheet_add_heading (sheet, _("Who else to call"));
  table = linli_sheet_add_table (sheet, LINLI_TABLE_FIELDS);
  linli_sheet_table_add_column (table, NULL, 1.2, LINLI_COLUMN_BOLD);
  linli_sheet_table_add_column (table, NULL, 4.0, LINLI_COLUMN_DEFAULT);
  linli_sheet_table_add_row (table, _("Grid worker"), worker);
  if (building_leader != NULL)
    linli_sheet_table_add_row (table, _("Building leader"), building_leader);
  if (unit_leader != NULL)
    linli_sheet_table_add_row (table, _("Unit leader"), unit_leader);
  if (hotline != NULL)
    linli_sheet_table_add_row (table, _("Community hotline"), hotline);
  linli_sheet_table_add_row (table, _("Emergencies"),
                             _("Fire 119 · Ambulance 120 · Police 110"));

  linli_sheet_add_closing (sheet);
  return TRUE;
}

static gboolean
build_squad (LinliSheetContext  *ctx,
             GError            **error)
{
  g_autoptr(GPtrArray) units = NULL;
  SquadCache cache = { 0 };
  gboolean ok = TRUE;

  units = ids_in_scope (ctx,
                        "SELECT u.id FROM unit u "
                        "JOIN building b ON b.id = u.building_id AND b.deleted = 0 "
                        "LEFT JOIN compound c ON c.id = b.compound_id AND c.deleted = 0 "
                        "WHERE u.deleted = 0",
                        "b.compound_id = ?", "b.grid_id = ?", "b.id = ?", "u.id = ?",
                        "c.name, " BUILDING_ORDER ", u.number",
                        error);
  if (units == NULL)
    return FALSE;

  for (guint i = 0; i < units->len && ok; i++)
    ok = build_squad_sheet (ctx, &cache, g_ptr_array_index (units, i), error);

  squad_cache_clear (&cache);
  return ok;
}

const LinliSheetKind linli_sheet_kind_squad = {
  .name = "squad",
  .label = N_("Stairwell squad sheets"),
  .description = N_("the building’s 119 squad with phones, one sheet per unit, for the stairwell"),
  .scopes = LINLI_SCOPE_MASK (LINLI_SCOPE_ALL) | LINLI_SCOPE_MASK (LINLI_SCOPE_COMPOUND) |
            LINLI_SCOPE_MASK (LINLI_SCOPE_GRID) | LINLI_SCOPE_MASK (LINLI_SCOPE_BUILDING) |
            LINLI_SCOPE_MASK (LINLI_SCOPE_UNIT),
  .internal = FALSE,
  .build = build_squad,
};

/* Grid service card (网格服务卡). */

static char *
list_buildings (LinliDb    *db,
                const char *grid_id)
{
  g_autoptr(LinliQuery) q = linli_db_query (db, NULL,
                                            "SELECT b.number, b.name FROM building b "
                                            "WHERE b.deleted = 0 AND b.grid_id = ? ORDER BY " BUILDING_ORDER,
                                            "s", grid_id);
  GString *s = g_string_new (NULL);

  while (q != NULL && linli_query_next (q, NULL))
    {
      g_autofree char *label = building_label (linli_query_get_string (q, 0), linli_query_get_string (q, 1));

      if (s->len > 0)
        g_string_append (s, "、");
      g_string_append (s, label);
    }
  return g_string_free (s, FALSE);
}

static gboolean
build_grid_card (LinliSheetContext  *ctx,
                 GError            **error)
{
  LinliDb *db = linli_sheet_context_get_db (ctx);
  const char *hotline = linli_sheet_context_get_hotline (ctx);
  g_autoptr(GPtrArray) grids = NULL;

  grids = ids_in_scope (ctx,
                        "SELECT g.id FROM grid g WHERE g.deleted = 0",
                        "g.compound_id = ?", "g.id = ?", NULL, NULL,
                        "g.number, g.name",
                        error);
  if (grids == NULL)
    return FALSE;

  for (guint i = 0; i < grids->len; i++)
    {
      const char *grid_id = g_ptr_array_index (grids, i);
      g_autoptr(LinliQuery) q = NULL;
      g_autofree char *label = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *buildings = NULL;
      g_autofree char *secretary = NULL;
      g_autofree char *households = NULL;
      g_autofree char *qr = NULL;
      g_autofree char *caption = NULL;
      const char *compound;
      const char *worker;
      LinliSheetTable *table;
      LinliPrintSheet *sheet;
      gint64 n_households, n_residents;

      q = linli_db_query (db, error,
                          "SELECT g.number, g.name, c.name, w.name, w.phone, w.consent_publish, "
                          "s.name, s.phone, s.consent_publish "
                          "FROM grid g "
                          "LEFT JOIN compound c ON c.id = g.compound_id AND c.deleted = 0 "
                          "LEFT JOIN person w ON w.id = g.worker_id AND w.deleted = 0 "
                          "LEFT JOIN person s ON s.id = g.secretary_id AND s.deleted = 0 "
                          "WHERE g.id = ?",
                          "s", grid_id);
      if (q == NULL || !linli_query_next (q, error))
        return error == NULL || *error == NULL;

      label = grid_label (q, 0, 1);
      compound = linli_query_get_string (q, 2);
      worker = linli_query_get_string (q, 3);
      sheet = linli_sheet_context_add_sheet (ctx, label);
      linli_sheet_set_fit_to_page (sheet, TRUE);

      linli_sheet_add_title (sheet, _("Grid Service Card"));
      subtitle = compound != NULL && *compound != '\0' ? g_strdup_printf ("%s · %s", label, compound)
                                                       : g_strdup (label);
      linli_sheet_add_subtitle (sheet, subtitle);

      linli_sheet_add_space (sheet, 18);
      linli_sheet_add_paragraph (sheet, LINLI_TEXT_LEAD, LINLI_ALIGN_CENTER, _("Your grid worker"));
      if (worker != NULL && *worker != '\0')
        {
          gboolean consent = linli_query_get_int (q, 5) != 0;
          const char *phone = linli_query_get_string (q, 4);
          g_autofree char *shown = linli_sheet_context_format_phone (ctx, phone, consent);

          linli_sheet_add_paragraph (sheet, LINLI_TEXT_HUGE, LINLI_ALIGN_CENTER, worker);
          if (*shown != '\0')
            linli_sheet_add_paragraph (sheet, LINLI_TEXT_HUGE, LINLI_ALIGN_CENTER, shown);

          /* The code dials the worker only if their number may be posted;
           * else it dials the community. */
          if (consent && phone != NULL && *phone != '\0')
            {
              qr = g_strdup_printf ("tel:%s", phone);
              caption = g_markup_printf_escaped ("<b>%s</b>\n%s", _("Scan to call your grid worker"),
                                                 _("Point your phone’s camera at the code and it dials."));
            }
        }
      else
        linli_sheet_add_paragraph (sheet, LINLI_TEXT_LEAD, LINLI_ALIGN_CENTER, _("(to be appointed)"));

      if (qr == NULL && hotline != NULL)
        {
          qr = g_strdup_printf ("tel:%s", hotline);
          caption = g_markup_printf_escaped ("<b>%s</b>\n%s", _("Scan to call the community"),
                                             _("Point your phone’s camera at the code and it dials."));
        }
      if (qr != NULL)
        {
          linli_sheet_add_space (sheet, 8);
          linli_sheet_add_qr (sheet, qr, caption, 55);
        }

      linli_sheet_add_space (sheet, 8);
      table = linli_sheet_add_table (sheet, LINLI_TABLE_FIELDS | LINLI_TABLE_LARGE);
      linli_sheet_table_add_column (table, NULL, 1.5, LINLI_COLUMN_BOLD);
      linli_sheet_table_add_column (table, NULL, 4.0, LINLI_COLUMN_DEFAULT);

      if (!linli_query_is_null (q, 6))
        {
          secretary = name_and_phone (ctx, q, 6);
          linli_sheet_table_add_row (table, _("Party branch secretary"), secretary);
        }
      buildings = list_buildings (db, grid_id);
      linli_sheet_table_add_row (table, _("Buildings served"), *buildings ? buildings : _("none yet"));

      n_households = linli_db_query_int (db, NULL,
                                         "SELECT count(*) FROM household h "
                                         "JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
                                         "JOIN building b ON b.id = u.building_id AND b.deleted = 0 "
                                         "WHERE h.deleted = 0 AND b.grid_id = ?", "s", grid_id);
      n_residents = linli_db_query_int (db, NULL,
                                        "SELECT count(*) FROM person p "
                                        "JOIN household h ON h.id = p.household_id AND h.deleted = 0 "
                                        "JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
                                        "JOIN building b ON b.id = u.building_id AND b.deleted = 0 "
                                        "WHERE p.deleted = 0 AND b.grid_id = ?", "s", grid_id);
      if (n_households > 0)
        {
          g_autofree char *h = linli_format_count (n_households);
          g_autofree char *r = linli_format_count (n_residents);

          /* Translators: zh_CN: "%s户，%s人" */
          households = g_strdup_printf (_("%s households, %s residents"), h, r);
          linli_sheet_table_add_row (table, _("Households"), households);
        }
      if (hotline != NULL)
        linli_sheet_table_add_row (table, _("Community hotline"), hotline);

      linli_sheet_add_space (sheet, 6);
      linli_sheet_add_paragraph (sheet, LINLI_TEXT_LEAD, LINLI_ALIGN_LEFT,
        _("Your grid worker helps with questions about policies, disputes between neighbours, "
          "errands and paperwork, hazards in the building, and hardship at home."));

      linli_sheet_add_closing (sheet);
    }

  return TRUE;
}

const LinliSheetKind linli_sheet_kind_grid_card = {
  .name = "grid-card",
  .label = N_("Grid service cards"),
  .description = N_("the grid worker and a QR code that dials them, one card per grid"),
  .scopes = LINLI_SCOPE_MASK (LINLI_SCOPE_ALL) | LINLI_SCOPE_MASK (LINLI_SCOPE_COMPOUND) |
            LINLI_SCOPE_MASK (LINLI_SCOPE_GRID),
  .internal = FALSE,
  .build = build_grid_card,
};

/* Floor-by-room household table (楼栋户表). */

typedef struct
{
  gint64  floor;
  char   *room;
  char   *key;      /* the room within its floor: "01" of 501 */
  char   *cell;     /* markup */
  char   *head;
  char   *phone;
  char   *notes;
  gint64  persons;
} Household;

static void
household_free (gpointer data)
{
  Household *h = data;

  g_free (h->room);
  g_free (h->key);
  g_free (h->cell);
  g_free (h->head);
  g_free (h->phone);
  g_free (h->notes);
  g_free (h);
}

static char *
describe_flags (const char *flags,
                const char *care)
{
  g_auto(GStrv) parts = g_strsplit (flags ? flags : "", ",", -1);
  GString *s = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *label = NULL;
      char *flag = g_strstrip (parts[i]);

      if (g_str_equal (flag, "rental"))
        label = C_("household", "Rented");
      else if (g_str_equal (flag, "party_center"))
        label = C_("household", "Party-member household");
      else if (g_str_equal (flag, "vacant"))
        label = C_("household", "Vacant");
      if (label == NULL)
        continue;
      if (s->len > 0)
        g_string_append (s, " · ");
      g_string_append (s, label);
    }
  if (care != NULL && *care != '\0')
    {
      if (s->len > 0)
        g_string_append (s, " · ");
      g_string_append (s, care);
    }
  return g_string_free (s, FALSE);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const char *ka = *(const char **) a;
  const char *kb = *(const char **) b;
  gsize la = strlen (ka), lb = strlen (kb);

  if (la != lb)
    return la < lb ? -1 : 1;
  return strcmp (ka, kb);
}

static void
add_unit_households (LinliSheetContext  *ctx,
                     LinliPrintSheet         *sheet,
                     const char         *unit_id,
                     const char         *unit_name,
                     GError            **error)
{
  const LinliSheetRequest *req = linli_sheet_context_get_request (ctx);
  g_autoptr(GPtrArray) households = g_ptr_array_new_with_free_func (household_free);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GHashTable) key_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(LinliQuery) q = NULL;
  g_autofree char *heading = NULL;
  guint max_columns;

  q = linli_db_query (linli_sheet_context_get_db (ctx), error,
                      "SELECT h.floor, h.room, h.flags, "
                      "coalesce(hp.name, (SELECT p.name FROM person p WHERE p.household_id = h.id AND p.deleted = 0 "
                      "  ORDER BY (p.relation = '户主') DESC, p.rowid LIMIT 1)), "
                      "coalesce(hp.phone, h.phone), coalesce(hp.consent_publish, 0), "
                      "(SELECT count(*) FROM person p WHERE p.household_id = h.id AND p.deleted = 0), "
                      "(SELECT group_concat(DISTINCT t.name) FROM person p "
                      "  JOIN person_tag pt ON pt.person_id = p.id AND pt.deleted = 0 "
                      "  JOIN tag t ON t.id = pt.tag_id AND t.deleted = 0 AND t.care = 1 "
                      "  WHERE p.household_id = h.id AND p.deleted = 0) "
                      "FROM household h LEFT JOIN person hp ON hp.id = h.head_id AND hp.deleted = 0 "
                      "WHERE h.unit_id = ? AND h.deleted = 0 "
                      "ORDER BY h.floor DESC, length(h.room), h.room",
                      "s", unit_id);
  if (q == NULL)
    return;

  while (linli_query_next (q, error))
    {
      Household *h = g_new0 (Household, 1);
      g_autofree char *floor_prefix = NULL;
      g_autofree char *persons_text = NULL;
      GString *cell = g_string_new (NULL);

      h->floor = linli_query_get_int (q, 0);
      h->room = g_strdup (linli_query_get_string (q, 1) ? linli_query_get_string (q, 1) : "");
      h->head = g_strdup (linli_query_get_string (q, 3) ? linli_query_get_string (q, 3) : "");
      h->phone = linli_sheet_context_format_phone (ctx, linli_query_get_string (q, 4),
                                                   linli_query_get_int (q, 5) != 0);
      h->persons = linli_query_get_int (q, 6);
      h->notes = describe_flags (linli_query_get_string (q, 2), linli_query_get_string (q, 7));

      /* 501 on floor 5 is room "01" of its floor: the column. */
      floor_prefix = g_strdup_printf ("%d", (int) h->floor);
      if (!linli_query_is_null (q, 0) && g_str_has_prefix (h->room, floor_prefix) &&
          strlen (h->room) > strlen (floor_prefix))
        h->key = g_strdup (h->room + strlen (floor_prefix));
      else
        h->key = g_strdup (h->room);
      if (!g_hash_table_contains (key_set, h->key))
        {
          g_hash_table_add (key_set, h->key);
          g_ptr_array_add (keys, h->key);
        }

      /* Translators: people in a household; zh_CN: "%d人" */
      persons_text = g_strdup_printf (_("%d pers."), (int) h->persons);
      g_string_append_printf (cell, "<b>%s</b>", h->room);
      if (*h->head != '\0')
        {
          g_autofree char *escaped = g_markup_escape_text (h->head, -1);

          g_string_append_printf (cell, " %s", escaped);
        }
      if (h->persons > 0)
        g_string_append_printf (cell, "\n%s", persons_text);
      else
        g_string_append_printf (cell, "\n%s", C_("household", "nobody recorded"));
      if (*h->notes != '\0')
        {
          g_autofree char *escaped = g_markup_escape_text (h->notes, -1);

          g_string_append_printf (cell, " · %s", escaped);
        }
      if (*h->phone != '\0')
        g_string_append_printf (cell, "\n%s", h->phone);
      h->cell = g_string_free (cell, FALSE);

      g_ptr_array_add (households, h);
    }
  if (error != NULL && *error != NULL)
    return;

  /* Translators: a unit and its household count; zh_CN: "%s（%d户）" */
  heading = g_strdup_printf (_("%s (%d households)"), unit_name, (int) households->len);
  linli_sheet_add_heading (sheet, heading);

  if (households->len == 0)
    {
      linli_sheet_add_paragraph (sheet, LINLI_TEXT_NOTE, LINLI_ALIGN_LEFT, _("No households recorded yet."));
      return;
    }

  g_ptr_array_sort (keys, compare_keys);
  max_columns = req->landscape ? 6 : 4;
  if (req->large_print)
    max_columns--;

  if (keys->len <= max_columns)
    {
      /* Floor by room: the building as it stands, top floor first. */
      LinliSheetTable *table = linli_sheet_add_table (sheet, LINLI_TABLE_MARKUP);
      g_autofree const char **cells = g_new0 (const char *, keys->len + 2);
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      guint i = 0;

      linli_sheet_table_add_column (table, C_("column", "Floor"), 0.8, LINLI_COLUMN_CENTER);
      for (guint k = 0; k < keys->len; k++)
        {
          g_autofree char *header = g_strdup_printf (C_("column", "Room …%s"), (char *) g_ptr_array_index (keys, k));

          linli_sheet_table_add_column (table, header, 2.4, LINLI_COLUMN_DEFAULT);
        }

      while (i < households->len)
        {
          Household *first = g_ptr_array_index (households, i);
          gint64 floor = first->floor;
          /* Translators: a floor of a building; zh_CN: "%d层" */
          char *floor_text = g_strdup_printf (_("Floor %d"), (int) floor);

          g_ptr_array_add (texts, floor_text);
          cells[0] = floor_text;
          for (guint k = 0; k < keys->len; k++)
            cells[k + 1] = "";
          for (; i < households->len; i++)
            {
              Household *h = g_ptr_array_index (households, i);

              if (h->floor != floor)
                break;
              for (guint k = 0; k < keys->len; k++)
                if (g_str_equal (h->key, g_ptr_array_index (keys, k)))
                  {
                    /* Two households behind one door number: both shown. */
                    if (*cells[k + 1] != '\0')
                      {
                        char *both = g_strconcat (cells[k + 1], "\n", h->cell, NULL);

                        g_ptr_array_add (texts, both);
                        cells[k + 1] = both;
                      }
                    else
                      cells[k + 1] = h->cell;
                  }
            }
          linli_sheet_table_add_rowv (table, cells);
        }
    }
  else
    {
      LinliSheetTable *table = linli_sheet_add_table (sheet, LINLI_TABLE_DEFAULT);

      linli_sheet_table_add_column (table, C_("column", "Floor"), 0.7, LINLI_COLUMN_CENTER);
      linli_sheet_table_add_column (table, C_("column", "Room"), 0.9, LINLI_COLUMN_CENTER);
      linli_sheet_table_add_column (table, C_("column", "Head of household"), 1.5, LINLI_COLUMN_FIT);
      linli_sheet_table_add_column (table, C_("column", "People"), 0.7, LINLI_COLUMN_CENTER);
      linli_sheet_table_add_column (table, C_("column", "Phone"), 1.6, LINLI_COLUMN_FIT | LINLI_COLUMN_CENTER);
      linli_sheet_table_add_column (table, C_("column", "Notes"), 2.2, LINLI_COLUMN_DEFAULT);
      for (guint i = 0; i < households->len; i++)
        {
          Household *h = g_ptr_array_index (households, i);
          g_autofree char *floor = g_strdup_printf ("%d", (int) h->floor);
          g_autofree char *persons_text = g_strdup_printf ("%d", (int) h->persons);

          linli_sheet_table_add_row (table, floor, h->room, h->head, persons_text, h->phone, h->notes);
        }
    }
}

static gboolean
build_households (LinliSheetContext  *ctx,
                  GError            **error)
{
  LinliDb *db = linli_sheet_context_get_db (ctx);
  g_autoptr(GPtrArray) buildings = NULL;

  buildings = ids_in_scope (ctx,
                            "SELECT b.id FROM building b "
                            "LEFT JOIN compound c ON c.id = b.compound_id AND c.deleted = 0 "
                            "WHERE b.deleted = 0",
                            "b.compound_id = ?", "b.grid_id = ?", "b.id = ?", NULL,
                            "c.name, " BUILDING_ORDER,
                            error);
  if (buildings == NULL)
    return FALSE;

  for (guint i = 0; i < buildings->len; i++)
    {
      const char *building_id = g_ptr_array_index (buildings, i);
      g_autoptr(LinliQuery) q = NULL;
      g_autoptr(LinliQuery) units = NULL;
      g_autofree char *label = NULL;
      g_autofree char *title = NULL;
      g_autofree char *grid = NULL;
      g_autoptr(GString) subtitle = g_string_new (NULL);
      const char *compound;
      gint64 n_households, n_residents;
      LinliPrintSheet *sheet;

      q = linli_db_query (db, error,
                          "SELECT b.number, b.name, c.name, g.number, g.name FROM building b "
                          "LEFT JOIN compound c ON c.id = b.compound_id AND c.deleted = 0 "
                          "LEFT JOIN grid g ON g.id = b.grid_id AND g.deleted = 0 "
                          "WHERE b.id = ?",
                          "s", building_id);
      if (q == NULL || !linli_query_next (q, error))
        return error == NULL || *error == NULL;

      label = building_label (linli_query_get_string (q, 0), linli_query_get_string (q, 1));
      compound = linli_query_get_string (q, 2);
      if (!linli_query_is_null (q, 3) || !linli_query_is_null (q, 4))
        grid = grid_label (q, 3, 4);

      sheet = linli_sheet_context_add_sheet (ctx, label);
      /* Translators: zh_CN: "%s 户表" */
      title = g_strdup_printf (_("%s — Households Floor by Floor"), label);
      linli_sheet_add_title (sheet, title);

      if (compound != NULL && *compound != '\0')
        g_string_append (subtitle, compound);
      if (grid != NULL)
        g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", grid);

      units = linli_db_query (db, error,
                              "SELECT id, number, name FROM unit WHERE building_id = ? AND deleted = 0 "
                              "ORDER BY number",
                              "s", building_id);
      if (units == NULL)
        return FALSE;

      {
        g_autoptr(GPtrArray) unit_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

        while (linli_query_next (units, error))
          {
            char **row = g_new0 (char *, 3);

            row[0] = linli_query_dup_string (units, 0);
            row[1] = unit_label (linli_query_get_int (units, 1), linli_query_get_string (units, 2));
            g_ptr_array_add (unit_rows, row);
          }
        if (error != NULL && *error != NULL)
          return FALSE;

        {
          g_autoptr(GString) sub = NULL;
          g_autofree char *h = NULL;
          g_autofree char *r = NULL;
          g_autofree char *counts = NULL;

          n_households = linli_db_query_int (db, NULL,
                                             "SELECT count(*) FROM household h JOIN unit u ON u.id = h.unit_id "
                                             "AND u.deleted = 0 WHERE h.deleted = 0 AND u.building_id = ?",
                                             "s", building_id);
          n_residents = linli_db_query_int (db, NULL,
                                            "SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id "
                                            "AND h.deleted = 0 JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
                                            "WHERE p.deleted = 0 AND u.building_id = ?",
                                            "s", building_id);
          h = linli_format_count (n_households);
          r = linli_format_count (n_residents);
          counts = g_strdup_printf (_("%s households, %s residents"), h, r);
          sub = g_string_new (subtitle->str);
          g_string_append_printf (sub, "%s%s", sub->len ? " · " : "", counts);
          linli_sheet_add_subtitle (sheet, sub->str);
        }

        for (guint u = 0; u < unit_rows->len; u++)
          {
            char **row = g_ptr_array_index (unit_rows, u);
            add_unit_households (ctx, sheet, row[0], row[1], error);
            if (error != NULL && *error != NULL)
              return FALSE;
          }
        if (unit_rows->len == 0)
          linli_sheet_add_paragraph (sheet, LINLI_TEXT_NOTE, LINLI_ALIGN_LEFT, _("No units recorded yet."));
      }
    }

  return TRUE;
}

const LinliSheetKind linli_sheet_kind_households = {
  .name = "households",
  .label = N_("Household tables"),
  .description = N_("a building floor by floor with heads of household and phones (internal)"),
  .scopes = LINLI_SCOPE_MASK (LINLI_SCOPE_ALL) | LINLI_SCOPE_MASK (LINLI_SCOPE_COMPOUND) |
            LINLI_SCOPE_MASK (LINLI_SCOPE_GRID) | LINLI_SCOPE_MASK (LINLI_SCOPE_BUILDING),
  .internal = TRUE,
  .build = build_households,
};

/* Special-care list (重点关爱名单). */

#define CARE_AGE 80

static gboolean
build_care_list (LinliSheetContext  *ctx,
                 GError            **error)
{
  LinliDb *db = linli_sheet_context_get_db (ctx);
  GDate *today = linli_sheet_context_get_date (ctx);
  g_autoptr(GPtrArray) grids = NULL;
  g_autofree char *cutoff = NULL;
  g_autofree char *today_text = linli_format_date (today);
  GDate born_before;

  /* Everyone born on or before this day is 80 or older today. */
  born_before = *today;
  g_date_subtract_years (&born_before, CARE_AGE);
  cutoff = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&born_before),
                            g_date_get_month (&born_before), g_date_get_day (&born_before));

  grids = ids_in_scope (ctx,
                        "SELECT g.id FROM grid g WHERE g.deleted = 0",
                        "g.compound_id = ?", "g.id = ?", NULL, NULL,
                        "g.number, g.name",
                        error);
  if (grids == NULL)
    return FALSE;

  for (guint i = 0; i < grids->len; i++)
    {
      const char *grid_id = g_ptr_array_index (grids, i);
      g_autoptr(LinliQuery) q = NULL;
      g_autoptr(LinliQuery) people = NULL;
      g_autofree char *label = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *count_text = NULL;
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      const char *compound;
      LinliSheetTable *table;
      LinliPrintSheet *sheet;

      q = linli_db_query (db, error,
                          "SELECT g.number, g.name, c.name FROM grid g "
                          "LEFT JOIN compound c ON c.id = g.compound_id AND c.deleted = 0 WHERE g.id = ?",
                          "s", grid_id);
      if (q == NULL || !linli_query_next (q, error))
        return error == NULL || *error == NULL;
      label = grid_label (q, 0, 1);
      compound = linli_query_get_string (q, 2);

      people = linli_db_query (db, error,
                               "SELECT p.name, p.birth_date, p.phone, p.consent_publish, h.phone, h.room, "
                               "u.number, u.name, b.number, b.name, "
                               "(SELECT group_concat(t.name, '、') FROM person_tag pt "
                               "  JOIN tag t ON t.id = pt.tag_id AND t.deleted = 0 AND t.care = 1 "
                               "  WHERE pt.person_id = p.id AND pt.deleted = 0), "
                               "(SELECT max(v.visited_at) FROM visit v WHERE v.household_id = h.id AND v.deleted = 0) "
                               "FROM person p "
                               "JOIN household h ON h.id = p.household_id AND h.deleted = 0 "
                               "JOIN unit u ON u.id = h.unit_id AND u.deleted = 0 "
                               "JOIN building b ON b.id = u.building_id AND b.deleted = 0 "
                               "WHERE p.deleted = 0 AND b.grid_id = ? AND ("
                               "  EXISTS (SELECT 1 FROM person_tag pt JOIN tag t ON t.id = pt.tag_id "
                               "    AND t.deleted = 0 AND t.care = 1 WHERE pt.person_id = p.id AND pt.deleted = 0) "
                               "  OR (p.birth_date IS NOT NULL AND p.birth_date <> '' AND p.birth_date <= ?)) "
                               "ORDER BY " BUILDING_ORDER ", u.number, h.floor, length(h.room), h.room, p.name",
                               "ss", grid_id, cutoff);
      if (people == NULL)
        return FALSE;

      while (linli_query_next (people, error))
        {
          char **row = g_new0 (char *, 8);
          const char *birth = linli_query_get_string (people, 1);
          const char *tags = linli_query_get_string (people, 10);
          const char *phone = linli_query_get_string (people, 2);
          const char *visited = linli_query_get_string (people, 11);
          g_autofree char *building = building_label (linli_query_get_string (people, 8),
                                                      linli_query_get_string (people, 9));
          g_autofree char *unit = unit_label (linli_query_get_int (people, 6), linli_query_get_string (people, 7));
          int age = birth != NULL && *birth != '\0' ? linli_age_on (birth, today) : -1;
          GString *care = g_string_new (tags ? tags : "");

          if (age >= CARE_AGE)
            {
              if (care->len > 0)
                g_string_append (care, "、");
              /* Translators: a care category; zh_CN: "80岁以上" */
              g_string_append_printf (care, _("%d and over"), CARE_AGE);
            }

          if (phone == NULL || *phone == '\0')
            phone = linli_query_get_string (people, 4);

          row[0] = g_strdup_printf ("%u", rows->len + 1);
          /* Translators: building, unit, room: 12栋2单元501; zh_CN: "%s%s%s" */
          row[1] = g_strdup_printf (C_("address", "%s %s, %s"), building, unit, linli_query_get_string (people, 5));
          row[2] = linli_query_dup_string (people, 0);
          row[3] = age >= 0 ? g_strdup_printf ("%d", age) : g_strdup ("");
          row[4] = g_string_free (care, FALSE);
          row[5] = linli_sheet_context_format_phone (ctx, phone, linli_query_get_int (people, 3) != 0);
          row[6] = visited != NULL ? linli_format_date_iso (visited) : NULL;
          if (row[6] == NULL)
            row[6] = g_strdup (_("not yet"));
          g_ptr_array_add (rows, row);
        }
      if (error != NULL && *error != NULL)
        return FALSE;

      sheet = linli_sheet_context_add_sheet (ctx, label);
      linli_sheet_add_title (sheet, _("Special-Care List for Door-Knocking Rounds"));
      count_text = linli_format_count (rows->len);
      {
        g_autofree char *where = compound && *compound ? g_strdup_printf ("%s · %s", label, compound)
                                                       : g_strdup (label);

        /* Translators: the grid (and compound), how many people, the
         * date. zh_CN: "%s · 共%s人 · 截至%s" */
        subtitle = g_strdup_printf (_("%s · %s people · as of %s"), where, count_text, today_text);
      }
      linli_sheet_add_subtitle (sheet, subtitle);
      linli_sheet_add_paragraph (sheet, LINLI_TEXT_NOTE, LINLI_ALIGN_LEFT,
        _("Residents with a special-care tag (living alone, empty nest, disabled, low income, …) and "
          "everyone aged 80 and over. Write down what you found in the last column."));

      table = linli_sheet_add_table (sheet, LINLI_TABLE_DEFAULT);
      linli_sheet_table_add_column (table, C_("column", "No."), 0.55, LINLI_COLUMN_CENTER);
      linli_sheet_table_add_column (table, C_("column", "Address"), 1.65, LINLI_COLUMN_FIT);
      linli_sheet_table_add_column (table, C_("column", "Name"), 1.2, LINLI_COLUMN_FIT | LINLI_COLUMN_BOLD);
      linli_sheet_table_add_column (table, C_("column", "Age"), 0.55, LINLI_COLUMN_CENTER);
      linli_sheet_table_add_column (table, C_("column", "Care"), 1.3, LINLI_COLUMN_DEFAULT);
      linli_sheet_table_add_column (table, C_("column", "Phone"), 1.55, LINLI_COLUMN_FIT | LINLI_COLUMN_CENTER);
      linli_sheet_table_add_column (table, C_("column", "Last visit"), 1.55, LINLI_COLUMN_FIT | LINLI_COLUMN_CENTER);
      linli_sheet_table_add_column (table, C_("column", "This visit"), 1.75, LINLI_COLUMN_DEFAULT);
      linli_sheet_table_set_min_row_height (table, 30);
      for (guint r = 0; r < rows->len; r++)
        {
          char **row = g_ptr_array_index (rows, r);

          linli_sheet_table_add_row (table, row[0], row[1], row[2], row[3], row[4], row[5], row[6], "");
        }
      if (rows->len == 0)
        {
          linli_sheet_table_add_row (table, "", _("Nobody in this grid needs special care yet."), "", "", "", "", "", "");
          linli_sheet_table_mute_last_row (table);
        }
    }

  return TRUE;
}

const LinliSheetKind linli_sheet_kind_care_list = {
  .name = "care-list",
  .label = N_("Special-care lists"),
  .description = N_("residents living alone, aged 80 and over, disabled, … per grid, for door-knocking (internal)"),
  .scopes = LINLI_SCOPE_MASK (LINLI_SCOPE_ALL) | LINLI_SCOPE_MASK (LINLI_SCOPE_COMPOUND) |
            LINLI_SCOPE_MASK (LINLI_SCOPE_GRID),
  .internal = TRUE,
  .build = build_care_list,
};
