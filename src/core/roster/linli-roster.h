/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"
#include "linli-roster-solver.h"

G_BEGIN_DECLS

/* An empty place after generation, and why. */
typedef struct
{
  char           *shift_id;
  char           *date;        /* YYYY-MM-DD */
  char           *start;       /* HH:MM */
  char           *end;
  char           *item;        /* the service item's name, or NULL */
  char           *skill;       /* the skill it needs, or NULL */
  guint           missing;
  LinliGapReason  reason;
  guint           n_could;
} LinliRosterGapInfo;

typedef struct
{
  guint      n_new_shifts;   /* dated shifts made from the patterns */
  guint      n_shifts;       /* shifts in the period */
  guint      n_places;
  guint      n_filled;
  guint      n_kept;         /* places made by hand or already checked in */
  guint      n_changed;      /* generated places added or removed */
  guint      spread;         /* between equally available volunteers */
  GPtrArray *gaps;           /* LinliRosterGapInfo */
} LinliRosterReport;

void               linli_roster_report_free   (LinliRosterReport *report);
char              *linli_roster_gap_describe  (const LinliRosterGapInfo *gap);
char              *linli_roster_rules_describe (LinliRosterRule  rules,
                                                const char      *name);

gboolean           linli_roster_make_shifts   (LinliDb            *db,
                                               const char         *team_id,
                                               const char         *from,
                                               const char         *to,
                                               guint              *n_new,
                                               GError            **error);
LinliRosterProblem *linli_roster_load       (LinliDb            *db,
                                               const char         *team_id,
                                               const char         *from,
                                               const char         *to,
                                               GError            **error);
LinliRosterReport *linli_roster_generate      (LinliDb            *db,
                                               const char         *team_id,
                                               const char         *from,
                                               const char         *to,
                                               GError            **error);

GPtrArray         *linli_roster_explain       (LinliDb            *db,
                                               const char         *team_id,
                                               const char         *from,
                                               const char         *to,
                                               GError            **error);

LinliRosterRule    linli_roster_check_place   (LinliDb            *db,
                                               const char         *shift_id,
                                               const char         *volunteer_id,
                                               const char * const *ignore,
                                               GError            **error);
char              *linli_roster_place         (LinliDb            *db,
                                               const char         *shift_id,
                                               const char         *volunteer_id,
                                               GError            **error);
gboolean           linli_roster_check_swap    (LinliDb            *db,
                                               const char         *assignment_a,
                                               const char         *assignment_b,
                                               LinliRosterRule    *rules_a,
                                               LinliRosterRule    *rules_b,
                                               GError            **error);
gboolean           linli_roster_swap          (LinliDb            *db,
                                               const char         *assignment_a,
                                               const char         *assignment_b,
                                               GError            **error);
gboolean           linli_roster_move_to_shift (LinliDb            *db,
                                               const char         *assignment_id,
                                               const char         *shift_id,
                                               GError            **error);

/* assignment.status */
#define LINLI_ATTENDANCE_PLANNED  "planned"
#define LINLI_ATTENDANCE_ATTENDED "attended"
#define LINLI_ATTENDANCE_ABSENT   "absent"
#define LINLI_ATTENDANCE_WALK_IN  "walk_in"

gboolean           linli_roster_check_in      (LinliDb            *db,
                                               const char         *assignment_id,
                                               const char         *status,
                                               double              hours,
                                               GError            **error);
char              *linli_roster_walk_in       (LinliDb            *db,
                                               const char         *shift_id,
                                               const char         *volunteer_id,
                                               double              hours,
                                               GError            **error);
double             linli_roster_shift_hours   (const char         *start,
                                               const char         *end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliRosterReport, linli_roster_report_free)

G_END_DECLS
