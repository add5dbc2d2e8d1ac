/* linli-sheet-kinds.h: every kind of sheet Linli prints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line per kind; see linli-print-sheet.h for how to add one.
 */
#pragma once

#include "linli-print-sheet.h"

G_BEGIN_DECLS

/* The territory (linli-sheets-territory.c). */
extern const LinliSheetKind linli_sheet_kind_squad;
extern const LinliSheetKind linli_sheet_kind_grid_card;
extern const LinliSheetKind linli_sheet_kind_households;
extern const LinliSheetKind linli_sheet_kind_care_list;

/* Volunteer teams (src/core/roster/linli-sheets-roster.c). */
extern const LinliSheetKind linli_sheet_kind_roster;
extern const LinliSheetKind linli_sheet_kind_team;

G_END_DECLS
