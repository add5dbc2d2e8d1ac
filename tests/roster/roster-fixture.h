/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"

G_BEGIN_DECLS

/* Communities for the roster tests, made with the storage API. */

char *roster_fixture_community (LinliDb    *db);
char *roster_fixture_market    (LinliDb    *db,
                                guint       n_volunteers,
                                guint       n_items,
                                guint32     seed,
                                const char *dtstart);
char *roster_fixture_big_team  (LinliDb    *db,
                                guint       n_volunteers,
                                guint       n_profiles,
                                guint32     seed,
                                const char *dtstart);
char *roster_fixture_building  (LinliDb    *db,
                                const char *number,
                                guint       n_households,
                                guint       n_party_members);
char *roster_fixture_squad     (LinliDb    *db,
                                const char *building_id,
                                guint       n_residents,
                                gboolean    with_backbone,
                                gboolean    with_cadre);

G_END_DECLS
