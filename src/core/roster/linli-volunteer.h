/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"
#include "linli-roster-solver.h"

G_BEGIN_DECLS

/* One weekly time a volunteer is free: an element of volunteer.availability. */
typedef struct
{
  int         day;    /* 1 Monday .. 7 Sunday */
  int         from;   /* minutes after midnight */
  int         to;
  LinliWeeks  weeks;
} LinliAvailability;

GArray     *linli_availability_parse     (const char  *json,
                                          GError     **error);
char       *linli_availability_to_json   (GArray      *windows);
char       *linli_availability_describe  (GArray      *windows);
char       *linli_availability_to_text   (GArray      *windows);

char      **linli_skills_parse           (const char  *json,
                                          GError     **error);
char       *linli_skills_to_json         (const char *const *skill_ids);

/* A volunteer as the lists show them. */
typedef struct
{
  char     *id;
  char     *person_id;
  char     *name;
  char     *phone;
  gboolean  consent_publish;
  gboolean  is_resident;
  char     *address;        /* "12栋2单元501" for residents, the title for others */
  char     *skills;         /* JSON */
  char     *skill_names;    /* for display: "理发、家电维修" */
  char     *availability;   /* JSON */
  int       max_per_month;  /* -1: no limit */
  gboolean  active;
  char     *notes;
} LinliVolunteerInfo;

void        linli_volunteer_info_free    (LinliVolunteerInfo *info);
GPtrArray  *linli_volunteer_list         (LinliDb     *db,
                                          const char  *community_id,
                                          const char  *team_id,
                                          GError     **error);
LinliVolunteerInfo *linli_volunteer_get  (LinliDb     *db,
                                          const char  *volunteer_id,
                                          GError     **error);

char       *linli_volunteer_for_person   (LinliDb     *db,
                                          const char  *person_id,
                                          GError     **error);
char       *linli_volunteer_create       (LinliDb     *db,
                                          const char  *community_id,
                                          const char  *name,
                                          const char  *phone,
                                          const char  *title,
                                          GError     **error);
gboolean    linli_volunteer_set_availability (LinliDb  *db,
                                          const char  *volunteer_id,
                                          GArray      *windows,
                                          GError     **error);
gboolean    linli_volunteer_set_skills   (LinliDb     *db,
                                          const char  *volunteer_id,
                                          const char *const *skill_ids,
                                          GError     **error);
gboolean    linli_volunteer_set_limit    (LinliDb     *db,
                                          const char  *volunteer_id,
                                          int          max_per_month,
                                          GError     **error);
char       *linli_volunteer_add_blackout (LinliDb     *db,
                                          const char  *volunteer_id,
                                          const char  *from,
                                          const char  *to,
                                          const char  *reason,
                                          GError     **error);
char       *linli_skill_ensure           (LinliDb     *db,
                                          const char  *community_id,
                                          const char  *name,
                                          GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliVolunteerInfo, linli_volunteer_info_free)

G_END_DECLS
