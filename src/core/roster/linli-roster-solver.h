/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The roster as a problem in memory: volunteers, dated shifts, and the
 * rules between them. No database here: the property tests and the
 * benchmarks feed it directly, and linli-roster.c loads it from a file. */

typedef enum
{
  LINLI_WEEKS_ALL,
  LINLI_WEEKS_ODD,    /* 单周: odd ISO week numbers */
  LINLI_WEEKS_EVEN,   /* 双周 */
} LinliWeeks;

typedef enum
{
  LINLI_ROSTER_FAIR,    /* least served first, as many places as possible */
  LINLI_ROSTER_GREEDY,  /* reference: the first free volunteer in list order */
  LINLI_ROSTER_GLPK,    /* FAIR's objective solved as a linear program by GLPK */
} LinliRosterMethod;

/* The rules a placement can break; a mask. */
typedef enum
{
  LINLI_RULE_OK            = 0,
  LINLI_RULE_SKILL         = 1 << 0,  /* lacks the skill the item needs */
  LINLI_RULE_AVAILABILITY  = 1 << 1,  /* not free on that day and time */
  LINLI_RULE_BLACKOUT      = 1 << 2,  /* away on that date */
  LINLI_RULE_LIMIT         = 1 << 3,  /* would pass the monthly limit */
  LINLI_RULE_DOUBLE_BOOKED = 1 << 4,  /* already on a shift at that time */
  LINLI_RULE_FULL          = 1 << 5,  /* the shift has all the people it needs */
} LinliRosterRule;

/* Why a place stayed empty: the first filter that left nobody. */
typedef enum
{
  LINLI_GAP_NO_VOLUNTEERS,  /* the team has nobody to put on a roster */
  LINLI_GAP_NO_SKILL,       /* nobody has the skill */
  LINLI_GAP_NOT_AVAILABLE,  /* nobody with the skill is free that day and time */
  LINLI_GAP_BLACKOUT,       /* those who would be free are away */
  LINLI_GAP_LIMIT,          /* those left reached their monthly limit */
  LINLI_GAP_BUSY,           /* those left are on another shift at that time */
  LINLI_GAP_TAKEN,          /* too few: all who could come are placed already */
} LinliGapReason;

typedef struct
{
  guint           shift;
  guint           missing;
  LinliGapReason  reason;
  guint           n_could;  /* with LINLI_GAP_TAKEN: how many could have come */
} LinliRosterGap;

typedef struct
{
  guint    n_shifts;
  guint    n_volunteers;
  GArray **assigned;   /* per shift: guint volunteer indices, the fixed ones first */
  guint   *load;       /* per volunteer: places in this solution, fixed ones included */
  GArray  *gaps;       /* LinliRosterGap, in shift order */
  guint    n_places;   /* places the shifts need */
  guint    n_filled;
} LinliRosterSolution;

typedef struct _LinliRosterProblem LinliRosterProblem;

LinliRosterProblem  *linli_roster_problem_new            (void);
void                 linli_roster_problem_free           (LinliRosterProblem *self);

guint                linli_roster_problem_add_volunteer  (LinliRosterProblem *self,
                                                          const char         *id,
                                                          int                 max_per_month,
                                                          guint               prior_load);
void                 linli_roster_problem_set_prior_load (LinliRosterProblem *self,
                                                          guint               volunteer,
                                                          guint               prior_load);
void                 linli_roster_problem_add_skill      (LinliRosterProblem *self,
                                                          guint               volunteer,
                                                          guint               skill);
void                 linli_roster_problem_add_window     (LinliRosterProblem *self,
                                                          guint               volunteer,
                                                          int                 weekday,
                                                          int                 from,
                                                          int                 to,
                                                          LinliWeeks          weeks);
void                 linli_roster_problem_add_blackout   (LinliRosterProblem *self,
                                                          guint               volunteer,
                                                          guint32             from,
                                                          guint32             to);
void                 linli_roster_problem_add_commitment (LinliRosterProblem *self,
                                                          guint               volunteer,
                                                          guint32             date,
                                                          int                 start,
                                                          int                 end,
                                                          gboolean            same_team);
guint                linli_roster_problem_add_shift      (LinliRosterProblem *self,
                                                          const char         *id,
                                                          guint32             date,
                                                          int                 start,
                                                          int                 end,
                                                          int                 skill,
                                                          guint               needed);
void                 linli_roster_problem_add_fixed      (LinliRosterProblem *self,
                                                          guint               shift,
                                                          guint               volunteer);

guint                linli_roster_problem_get_n_volunteers (LinliRosterProblem *self);
guint                linli_roster_problem_get_n_shifts   (LinliRosterProblem *self);
const char          *linli_roster_problem_get_volunteer_id (LinliRosterProblem *self,
                                                          guint               volunteer);
const char          *linli_roster_problem_get_shift_id   (LinliRosterProblem *self,
                                                          guint               shift);
gboolean             linli_roster_problem_find_volunteer (LinliRosterProblem *self,
                                                          const char         *id,
                                                          guint              *volunteer);

LinliRosterRule      linli_roster_problem_check          (LinliRosterProblem *self,
                                                          guint               volunteer,
                                                          guint               shift);

LinliRosterGap       linli_roster_problem_explain        (LinliRosterProblem *self,
                                                          guint               shift);

LinliRosterSolution *linli_roster_problem_solve          (LinliRosterProblem *self,
                                                          LinliRosterMethod   method,
                                                          GError            **error);

void                 linli_roster_solution_free          (LinliRosterSolution *solution);
guint                linli_roster_solution_spread        (LinliRosterProblem  *self,
                                                          LinliRosterSolution *solution,
                                                          guint               *overall);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliRosterProblem, linli_roster_problem_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliRosterSolution, linli_roster_solution_free)

G_END_DECLS
