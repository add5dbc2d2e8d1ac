/* linli-sheet-kinds.c: the registry of sheet kinds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-print"

#include "config.h"

#include "linli-sheet-kinds.h"

/* In the order menus show them. Add yours here, one line. */
static const LinliSheetKind *kinds[] = {
  &linli_sheet_kind_squad,
  &linli_sheet_kind_grid_card,
  &linli_sheet_kind_households,
  &linli_sheet_kind_care_list,
  &linli_sheet_kind_roster,
  &linli_sheet_kind_team,
};

/**
 * linli_sheet_kind_lookup:
 * @name: "squad", "grid-card", ...
 *
 * Returns: (nullable): the kind called @name
 */
const LinliSheetKind *
linli_sheet_kind_lookup (const char *name)
{
  if (name == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i]->name, name))
      return kinds[i];

  return NULL;
}

/**
 * linli_sheet_kind_list:
 * @n_kinds: (out) (optional): their number
 *
 * Returns: (array length=n_kinds) (transfer none): every kind
 */
const LinliSheetKind **
linli_sheet_kind_list (guint *n_kinds)
{
  if (n_kinds != NULL)
    *n_kinds = G_N_ELEMENTS (kinds);

  return kinds;
}
