/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"

G_BEGIN_DECLS

/* team.kind; the words for kinds and roles are in linli-vocab.h */
#define LINLI_TEAM_SERVICE_MARKET "service_market"
#define LINLI_TEAM_SQUAD119       "squad119"
#define LINLI_TEAM_DOOR_KNOCKING  "door_knocking"
#define LINLI_TEAM_MEAL_DELIVERY  "meal_delivery"
#define LINLI_TEAM_MEDIATION      "mediation"
#define LINLI_TEAM_CUSTOM         "custom"

const char         *linli_team_scope_label (const char *scope);

/* What a team lacks to be complete under its kind's rules. */
typedef struct
{
  char  *role;        /* team_member.role, or NULL for a service item's skill */
  guint  have;
  guint  need;
  char  *text;        /* what is missing: "a sunk cadre", "2 more residents of building 12" */
} LinliTeamLack;

typedef struct
{
  char      *team_id;
  char      *name;
  char      *kind;
  char      *scope;
  char      *scope_id;
  char      *scope_name;   /* "12栋", "第3网格", or NULL for the community */
  guint      n_members;
  gboolean   complete;
  GPtrArray *lacks;        /* LinliTeamLack */
} LinliTeamStatus;

/* A resident who could fill a gap. */
typedef struct
{
  char     *person_id;
  char     *name;
  char     *detail;        /* "2单元501 · 党员" */
  char     *role;          /* the role they would fill */
  gboolean  party_member;
} LinliTeamSuggestion;

void             linli_team_status_free      (LinliTeamStatus     *status);
void             linli_team_suggestion_free  (LinliTeamSuggestion *suggestion);

char            *linli_team_create           (LinliDb     *db,
                                              const char  *community_id,
                                              const char  *kind,
                                              const char  *name,
                                              const char  *scope,
                                              const char  *scope_id,
                                              GError     **error);
char            *linli_team_find             (LinliDb     *db,
                                              const char  *name,
                                              GError     **error);
char            *linli_team_add_member       (LinliDb     *db,
                                              const char  *team_id,
                                              const char  *person_id,
                                              const char  *role,
                                              GError     **error);
LinliTeamStatus *linli_team_check            (LinliDb     *db,
                                              const char  *team_id,
                                              GError     **error);
GPtrArray       *linli_team_check_squads     (LinliDb     *db,
                                              const char  *community_id,
                                              GError     **error);
GPtrArray       *linli_team_suggest          (LinliDb     *db,
                                              const char  *team_id,
                                              guint        limit,
                                              GError     **error);
char            *linli_team_status_to_json   (GPtrArray   *statuses);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliTeamStatus, linli_team_status_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliTeamSuggestion, linli_team_suggestion_free)

G_END_DECLS
