/* test-roster-solver.c: the fair roster generator on hand-made cases with
 * known answers, and a property test over many random communities.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "linli-roster-solver.h"
#include "linli-roster-time.h"

#define T(h, m) ((h) * 60 + (m))

static guint32
day (const char *iso)
{
  guint32 jd = linli_roster_parse_date (iso);

  g_assert_cmpuint (jd, !=, 0);
  return jd;
}

static guint
n_assigned (LinliRosterSolution *sol,
            guint                shift)
{
  return sol->assigned[shift]->len;
}

static guint
assigned_at (LinliRosterSolution *sol,
             guint                shift,
             guint                k)
{
  g_assert_cmpuint (k, <, sol->assigned[shift]->len);
  return g_array_index (sol->assigned[shift], guint, k);
}

static const LinliRosterGap *
gap_of (LinliRosterSolution *sol,
        guint                shift)
{
  for (guint i = 0; i < sol->gaps->len; i++)
    if (g_array_index (sol->gaps, LinliRosterGap, i).shift == shift)
      return &g_array_index (sol->gaps, LinliRosterGap, i);
  return NULL;
}

/* The gap of @shift, which must be there. */
static const LinliRosterGap *
must_gap_of (LinliRosterSolution *sol,
             guint                shift)
{
  const LinliRosterGap *gap = gap_of (sol, shift);

  if (gap == NULL)
    g_error ("shift %u has no gap", shift);
  return gap;
}

/* Wednesdays from 2026-01-07 on. */
static guint32
wednesday (guint week)
{
  return day ("2026-01-07") + 7 * week;
}

/* Three equals, one place a week for six weeks: two each, in turns,
 * never two weeks running. */
static void
test_rotation (void)
{
  g_autoptr(LinliRosterProblem) p = linli_roster_problem_new ();
  g_autoptr(LinliRosterSolution) sol = NULL;
  guint shifts[6];
  guint count[3] = { 0 };

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("v%u", i);
      guint v = linli_roster_problem_add_volunteer (p, id, -1, 0);

      linli_roster_problem_add_window (p, v, 3, T (8, 0), T (12, 0), LINLI_WEEKS_ALL);
    }
  for (guint w = 0; w < 6; w++)
    shifts[w] = linli_roster_problem_add_shift (p, "haircut", wednesday (w), T (9, 0), T (11, 30), -1, 1);

  sol = linli_roster_problem_solve (p, LINLI_ROSTER_FAIR, NULL);
  g_assert_nonnull (sol);
  g_assert_cmpuint (sol->n_filled, ==, 6);
  g_assert_cmpuint (sol->gaps->len, ==, 0);
  for (guint w = 0; w < 6; w++)
    {
      g_assert_cmpuint (n_assigned (sol, shifts[w]), ==, 1);
      count[assigned_at (sol, shifts[w], 0)]++;
      if (w > 0)
        g_assert_cmpuint (assigned_at (sol, shifts[w], 0), !=, assigned_at (sol, shifts[w - 1], 0));
    }
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (count[i], ==, 2);
  g_assert_cmpuint (linli_roster_solution_spread (p, sol, NULL), ==, 0);
}

/* The only one who can repair must repair, even if a haircut would have
 * come first for them: everyone who can come is placed. */
static void
test_skills_make_room (void)
{
  g_autoptr(LinliRosterProblem) p = linli_roster_problem_new ();
  g_autoptr(LinliRosterSolution) sol = NULL;
  guint a, b, c, haircut, repair;

  a = linli_roster_problem_add_volunteer (p, "a", -1, 0);
  linli_roster_problem_add_skill (p, a, 0);
  linli_roster_problem_add_skill (p, a, 1);
  b = linli_roster_problem_add_volunteer (p, "b", -1, 5);
  linli_roster_problem_add_skill (p, b, 0);
  c = linli_roster_problem_add_volunteer (p, "c", -1, 0);
  linli_roster_problem_add_skill (p, c, 0);

  /* Haircut first in the slot's order, so that "a" lands there first and
   * has to move. */
  haircut = linli_roster_problem_add_shift (p, "1-haircut", wednesday (0), T (9, 0), T (11, 30), 0, 1);
  repair = linli_roster_problem_add_shift (p, "2-repair", wednesday (0), T (9, 0), T (11, 30), 1, 1);

  sol = linli_roster_problem_solve (p, LINLI_ROSTER_FAIR, NULL);
  g_assert_cmpuint (n_assigned (sol, repair), ==, 1);
  g_assert_cmpuint (assigned_at (sol, repair, 0), ==, a);
  g_assert_cmpuint (n_assigned (sol, haircut), ==, 1);
  /* c served least among the barbers left; b's five earlier places count. */
  g_assert_cmpuint (assigned_at (sol, haircut, 0), ==, c);
  g_assert_cmpuint (sol->load[b], ==, 0);
}

static void
test_history_first (void)
{
  g_autoptr(LinliRosterProblem) p = linli_roster_problem_new ();
  g_autoptr(LinliRosterSolution) sol = NULL;
  guint a, b;

  a = linli_roster_problem_add_volunteer (p, "a", -1, 4);
  b = linli_roster_problem_add_volunteer (p, "b", -1, 0);
  for (guint w = 0; w < 6; w++)
    linli_roster_problem_add_shift (p, "s", wednesday (w), T (9, 0), T (11, 0), -1, 1);

  sol = linli_roster_problem_solve (p, LINLI_ROSTER_FAIR, NULL);
  /* b catches up over the first four weeks, then they take turns. */
  for (guint w = 0; w < 4; w++)
    g_assert_cmpuint (assigned_at (sol, w, 0), ==, b);
  g_assert_cmpuint (sol->load[a], ==, 1);
  g_assert_cmpuint (sol->load[b], ==, 5);
}

static void
test_gap_reasons (void)
{
  g_autoptr(LinliRosterProblem) p = linli_roster_problem_new ();
  g_autoptr(LinliRosterSolution) sol = NULL;
  guint barber, lawyer_less, away, limited, busy, pair;
  guint s_skill, s_avail, s_away[2], s_limit[5], s_busy, s_taken;
  const LinliRosterGap *gap;

  /* Skill 0 haircut, 1 appliance repair, 2 legal advice (nobody), 3 health. */
  barber = linli_roster_problem_add_volunteer (p, "barber", -1, 0);
  linli_roster_problem_add_skill (p, barber, 0);
  linli_roster_problem_add_window (p, barber, 6, T (8, 0), T (12, 0), LINLI_WEEKS_ALL);
  lawyer_less = linli_roster_problem_add_volunteer (p, "repairer", -1, 0);
  linli_roster_problem_add_skill (p, lawyer_less, 1);
  away = linli_roster_problem_add_volunteer (p, "nurse", -1, 0);
  linli_roster_problem_add_skill (p, away, 3);
  linli_roster_problem_add_blackout (p, away, day ("2026-01-20"), day ("2026-01-31"));
  limited = linli_roster_problem_add_volunteer (p, "tailor", 2, 0);
  linli_roster_problem_add_skill (p, limited, 4);
  busy = linli_roster_problem_add_volunteer (p, "mediator", -1, 0);
  linli_roster_problem_add_skill (p, busy, 5);
  linli_roster_problem_add_commitment (p, busy, wednesday (0), T (10, 0), T (12, 0), FALSE);
  pair = linli_roster_problem_add_volunteer (p, "helper", -1, 0);
  linli_roster_problem_add_skill (p, pair, 6);

  s_skill = linli_roster_problem_add_shift (p, "legal", wednesday (0), T (9, 0), T (11, 30), 2, 1);
  s_avail = linli_roster_problem_add_shift (p, "haircut", wednesday (0), T (9, 0), T (11, 30), 0, 1);
  s_away[0] = linli_roster_problem_add_shift (p, "health", wednesday (1), T (9, 0), T (11, 30), 3, 1);
  s_away[1] = linli_roster_problem_add_shift (p, "health", wednesday (2), T (9, 0), T (11, 30), 3, 1);
  for (guint w = 0; w < 5; w++)
    s_limit[w] = linli_roster_problem_add_shift (p, "mending", wednesday (w), T (9, 0), T (11, 30), 4, 1);
  s_busy = linli_roster_problem_add_shift (p, "mediation", wednesday (0), T (9, 0), T (11, 30), 5, 1);
  s_taken = linli_roster_problem_add_shift (p, "setup", wednesday (0), T (9, 0), T (11, 30), 6, 3);

  sol = linli_roster_problem_solve (p, LINLI_ROSTER_FAIR, NULL);

  gap = must_gap_of (sol, s_skill);
  g_assert_cmpint (gap->reason, ==, LINLI_GAP_NO_SKILL);
  g_assert_cmpuint (gap->missing, ==, 1);

  gap = must_gap_of (sol, s_avail);
  g_assert_cmpint (gap->reason, ==, LINLI_GAP_NOT_AVAILABLE);

  g_assert_cmpuint (n_assigned (sol, s_away[0]), ==, 1);
  g_assert_null (gap_of (sol, s_away[0]));
  gap = must_gap_of (sol, s_away[1]);
  g_assert_cmpint (gap->reason, ==, LINLI_GAP_BLACKOUT);

  /* At most two a month: the first two January Wednesdays, then 2026-01-21
   * and 01-28 are refused, and February starts afresh. */
  g_assert_cmpuint (n_assigned (sol, s_limit[0]), ==, 1);
  g_assert_cmpuint (n_assigned (sol, s_limit[1]), ==, 1);
  g_assert_cmpint (must_gap_of (sol, s_limit[2])->reason, ==, LINLI_GAP_LIMIT);
  g_assert_cmpint (must_gap_of (sol, s_limit[3])->reason, ==, LINLI_GAP_LIMIT);
  g_assert_cmpuint (n_assigned (sol, s_limit[4]), ==, 1);

  g_assert_cmpint (must_gap_of (sol, s_busy)->reason, ==, LINLI_GAP_BUSY);

  gap = must_gap_of (sol, s_taken);
  g_assert_cmpint (gap->reason, ==, LINLI_GAP_TAKEN);
  g_assert_cmpuint (gap->missing, ==, 2);
  g_assert_cmpuint (gap->n_could, ==, 1);
  g_assert_cmpuint (n_assigned (sol, s_taken), ==, 1);
}

static void
test_no_volunteers (void)
{
  g_autoptr(LinliRosterProblem) p = linli_roster_problem_new ();
  g_autoptr(LinliRosterSolution) sol = NULL;

  linli_roster_problem_add_shift (p, "s", wednesday (0), T (9, 0), T (11, 0), -1, 2);
  sol = linli_roster_problem_solve (p, LINLI_ROSTER_FAIR, NULL);
  g_assert_cmpuint (sol->gaps->len, ==, 1);
  g_assert_cmpint (must_gap_of (sol, 0)->reason, ==, LINLI_GAP_NO_VOLUNTEERS);
  g_assert_cmpuint (must_gap_of (sol, 0)->missing, ==, 2);
}

/* Every other week: only on odd ISO weeks (2026-01-07 is in week 2). */
static void
test_odd_weeks (void)
{
  g_autoptr(LinliRosterProblem) p = linli_roster_problem_new ();
  g_autoptr(LinliRosterSolution) sol = NULL;
  guint v = linli_roster_problem_add_volunteer (p, "odd", -1, 0);

  linli_roster_problem_add_window (p, v, 3, T (9, 0), T (11, 30), LINLI_WEEKS_ODD);
  for (guint w = 0; w < 4; w++)
    linli_roster_problem_add_shift (p, "s", wednesday (w), T (9, 0), T (11, 30), -1, 1);
  g_assert_cmpuint (linli_roster_iso_week (wednesday (0)), ==, 2);

  sol = linli_roster_problem_solve (p, LINLI_ROSTER_FAIR, NULL);
  g_assert_cmpuint (n_assigned (sol, 0), ==, 0);
  g_assert_cmpuint (n_assigned (sol, 1), ==, 1);
  g_assert_cmpuint (n_assigned (sol, 2), ==, 0);
  g_assert_cmpuint (n_assigned (sol, 3), ==, 1);
  g_assert_cmpint (must_gap_of (sol, 0)->reason, ==, LINLI_GAP_NOT_AVAILABLE);

  /* A window that ends before the shift does is no window for it. */
  {
    g_autoptr(LinliRosterProblem) q = linli_roster_problem_new ();
    g_autoptr(LinliRosterSolution) qs = NULL;
    guint u = linli_roster_problem_add_volunteer (q, "short", -1, 0);

    linli_roster_problem_add_window (q, u, 3, T (9, 0), T (11, 0), LINLI_WEEKS_ALL);
    linli_roster_problem_add_shift (q, "s", wednesday (0), T (9, 0), T (11, 30), -1, 1);
    qs = linli_roster_problem_solve (q, LINLI_ROSTER_FAIR, NULL);
    g_assert_cmpuint (qs->n_filled, ==, 0);
  }
}

/* Places made by hand stay, even against the rules, and count. */
static void
test_fixed_kept (void)
{
  g_autoptr(LinliRosterProblem) p = linli_roster_problem_new ();
  g_autoptr(LinliRosterSolution) sol = NULL;
  guint a, b, s0, s1;

  a = linli_roster_problem_add_volunteer (p, "a", -1, 0);
  linli_roster_problem_add_window (p, a, 6, T (9, 0), T (12, 0), LINLI_WEEKS_ALL);
  b = linli_roster_problem_add_volunteer (p, "b", -1, 0);
  s0 = linli_roster_problem_add_shift (p, "s", wednesday (0), T (9, 0), T (11, 0), -1, 2);
  s1 = linli_roster_problem_add_shift (p, "t", wednesday (0), T (10, 0), T (12, 0), -1, 1);
  linli_roster_problem_add_fixed (p, s0, a);

  g_assert_cmpint (linli_roster_problem_check (p, a, s1), ==,
                   LINLI_RULE_AVAILABILITY | LINLI_RULE_DOUBLE_BOOKED);
  g_assert_cmpint (linli_roster_problem_check (p, b, s1), ==, LINLI_RULE_OK);

  sol = linli_roster_problem_solve (p, LINLI_ROSTER_FAIR, NULL);
  g_assert_cmpuint (n_assigned (sol, s0), ==, 2);
  g_assert_cmpuint (assigned_at (sol, s0, 0), ==, a);
  g_assert_cmpuint (assigned_at (sol, s0, 1), ==, b);
  /* b is on 9–11, so cannot be on 10–12 too. */
  g_assert_cmpuint (n_assigned (sol, s1), ==, 0);
  g_assert_cmpint (must_gap_of (sol, s1)->reason, ==, LINLI_GAP_TAKEN);
  g_assert_cmpuint (sol->load[a], ==, 1);
}

static LinliRosterProblem *
build_market (gboolean reversed)
{
  LinliRosterProblem *p = linli_roster_problem_new ();

  for (guint k = 0; k < 10; k++)
    {
      guint i = reversed ? 9 - k : k;
      g_autofree char *id = g_strdup_printf ("volunteer-%u", i);
      guint v = linli_roster_problem_add_volunteer (p, id, i % 3 == 0 ? 2 : -1, 0);

      linli_roster_problem_add_skill (p, v, i % 3);
      if (i % 2)
        linli_roster_problem_add_skill (p, v, 3);
    }
  for (guint w = 0; w < 8; w++)
    for (guint item = 0; item < 4; item++)
      {
        g_autofree char *id = g_strdup_printf ("%u-%u", w, item);

        linli_roster_problem_add_shift (p, id, wednesday (w), T (9, 0), T (11, 30), (int) item, 1);
      }
  return p;
}

/* Same input, same roster, whatever order the volunteers came in. */
static void
test_deterministic (void)
{
  g_autoptr(LinliRosterProblem) p = build_market (FALSE);
  g_autoptr(LinliRosterProblem) q = build_market (TRUE);
  g_autoptr(LinliRosterSolution) a = linli_roster_problem_solve (p, LINLI_ROSTER_FAIR, NULL);
  g_autoptr(LinliRosterSolution) b = linli_roster_problem_solve (p, LINLI_ROSTER_FAIR, NULL);
  g_autoptr(LinliRosterSolution) c = linli_roster_problem_solve (q, LINLI_ROSTER_FAIR, NULL);

  g_assert_cmpuint (a->n_filled, ==, c->n_filled);
  for (guint s = 0; s < a->n_shifts; s++)
    {
      g_assert_cmpuint (n_assigned (a, s), ==, n_assigned (b, s));
      g_assert_cmpuint (n_assigned (a, s), ==, n_assigned (c, s));
      for (guint k = 0; k < n_assigned (a, s); k++)
        {
          g_assert_cmpuint (assigned_at (a, s, k), ==, assigned_at (b, s, k));
          g_assert_cmpstr (linli_roster_problem_get_volunteer_id (p, assigned_at (a, s, k)), ==,
                           linli_roster_problem_get_volunteer_id (q, assigned_at (c, s, k)));
        }
    }
}

/* Random communities ---------------------------------------------------------- */

typedef struct
{
  int      skill_set;     /* bit mask */
  int      n_windows;
  int      wday[3];
  int      wfrom[3];
  int      wto[3];
  int      weeks[3];
  int      max_per_month;
  guint32  away_from;
  guint32  away_to;
} Profile;

typedef struct
{
  int      profile;
  gboolean special;   /* has fixed places or commitments: not an equal of anyone */
  GArray  *commitments;  /* guint32 jd, start, end triples */
} RVolunteer;

typedef struct
{
  guint32 jd;
  int     start;
  int     end;
  int     skill;
  guint   needed;
  GArray *fixed;
} RShift;

typedef struct
{
  Profile    profiles[10];
  guint      n_profiles;
  GPtrArray *volunteers;   /* RVolunteer* */
  GPtrArray *shifts;       /* RShift* */
} Community;

static void
rvolunteer_free (gpointer data)
{
  RVolunteer *v = data;

  g_array_unref (v->commitments);
  g_free (v);
}

static void
rshift_free (gpointer data)
{
  RShift *s = data;

  g_array_unref (s->fixed);
  g_free (s);
}

static const int starts[] = { T (8, 0), T (9, 0), T (9, 0), T (14, 0), T (18, 30) };

static Community *
random_community (GRand *rand)
{
  Community *c = g_new0 (Community, 1);
  guint n_skills = g_rand_int_range (rand, 1, 5);
  guint32 first = day ("2026-01-05") + g_rand_int_range (rand, 0, 300);
  guint n_weeks = g_rand_int_range (rand, 3, 14);
  guint n_kinds = g_rand_int_range (rand, 1, 6);

  c->volunteers = g_ptr_array_new_with_free_func (rvolunteer_free);
  c->shifts = g_ptr_array_new_with_free_func (rshift_free);
  c->n_profiles = g_rand_int_range (rand, 1, 9);

  for (guint i = 0; i < c->n_profiles; i++)
    {
      Profile *pr = &c->profiles[i];

      pr->skill_set = g_rand_int_range (rand, 0, 1 << n_skills);
      pr->n_windows = g_rand_int_range (rand, 0, 4);
      for (int w = 0; w < pr->n_windows; w++)
        {
          pr->wday[w] = g_rand_int_range (rand, 1, 8);
          pr->wfrom[w] = starts[g_rand_int_range (rand, 0, G_N_ELEMENTS (starts))] - g_rand_int_range (rand, 0, 2) * 60;
          pr->wto[w] = pr->wfrom[w] + g_rand_int_range (rand, 2, 9) * 60;
          pr->wto[w] = MIN (pr->wto[w], 24 * 60);
          pr->weeks[w] = g_rand_int_range (rand, 0, 5) == 0 ? g_rand_int_range (rand, 1, 3) : LINLI_WEEKS_ALL;
        }
      pr->max_per_month = g_rand_boolean (rand) ? g_rand_int_range (rand, 1, 5) : -1;
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          pr->away_from = first + g_rand_int_range (rand, 0, 7 * n_weeks);
          pr->away_to = pr->away_from + g_rand_int_range (rand, 0, 20);
        }
    }

  for (guint i = 0; i < c->n_profiles; i++)
    {
      guint copies = g_rand_int_range (rand, 1, 7);

      for (guint k = 0; k < copies; k++)
        {
          RVolunteer *v = g_new0 (RVolunteer, 1);

          v->profile = i;
          v->commitments = g_array_new (FALSE, FALSE, sizeof (guint32));
          if (g_rand_int_range (rand, 0, 10) == 0)
            {
              guint32 jd = first + g_rand_int_range (rand, 0, 7 * n_weeks);
              guint32 st = starts[g_rand_int_range (rand, 0, G_N_ELEMENTS (starts))];
              guint32 en = st + 120;

              v->special = TRUE;
              g_array_append_val (v->commitments, jd);
              g_array_append_val (v->commitments, st);
              g_array_append_val (v->commitments, en);
            }
          g_ptr_array_add (c->volunteers, v);
        }
    }

  for (guint k = 0; k < n_kinds; k++)
    {
      gboolean daily = g_rand_int_range (rand, 0, 4) == 0;
      int wd = g_rand_int_range (rand, 1, 8);
      int start = starts[g_rand_int_range (rand, 0, G_N_ELEMENTS (starts))];
      int end = start + g_rand_int_range (rand, 1, 5) * 30 + 60;
      int skill = g_rand_boolean (rand) ? g_rand_int_range (rand, 0, n_skills) : -1;
      guint needed = g_rand_int_range (rand, 1, 4);

      for (guint32 jd = first; jd < first + 7 * n_weeks; jd++)
        {
          RShift *s;

          if (!daily && linli_roster_weekday (jd) != wd)
            continue;
          s = g_new0 (RShift, 1);
          s->jd = jd;
          s->start = start;
          s->end = end;
          s->skill = skill;
          s->needed = needed;
          s->fixed = g_array_new (FALSE, FALSE, sizeof (guint));
          if (c->volunteers->len > 0 && g_rand_int_range (rand, 0, 25) == 0)
            {
              guint vi = g_rand_int_range (rand, 0, c->volunteers->len);
              RVolunteer *v = g_ptr_array_index (c->volunteers, vi);

              v->special = TRUE;
              g_array_append_val (s->fixed, vi);
            }
          g_ptr_array_add (c->shifts, s);
        }
    }

  return c;
}

static void
community_free (Community *c)
{
  g_ptr_array_unref (c->volunteers);
  g_ptr_array_unref (c->shifts);
  g_free (c);
}

static LinliRosterProblem *
community_problem (Community *c)
{
  LinliRosterProblem *p = linli_roster_problem_new ();

  for (guint i = 0; i < c->volunteers->len; i++)
    {
      RVolunteer *v = g_ptr_array_index (c->volunteers, i);
      Profile *pr = &c->profiles[v->profile];
      g_autofree char *id = g_strdup_printf ("v%03u", i);
      guint vi = linli_roster_problem_add_volunteer (p, id, pr->max_per_month, 0);

      g_assert_cmpuint (vi, ==, i);
      for (int s = 0; s < 8; s++)
        if (pr->skill_set & (1 << s))
          linli_roster_problem_add_skill (p, vi, s);
      for (int w = 0; w < pr->n_windows; w++)
        linli_roster_problem_add_window (p, vi, pr->wday[w], pr->wfrom[w], pr->wto[w], pr->weeks[w]);
      if (pr->away_from)
        linli_roster_problem_add_blackout (p, vi, pr->away_from, pr->away_to);
      for (guint k = 0; k < v->commitments->len; k += 3)
        linli_roster_problem_add_commitment (p, vi, g_array_index (v->commitments, guint32, k),
                                             g_array_index (v->commitments, guint32, k + 1),
                                             g_array_index (v->commitments, guint32, k + 2), FALSE);
    }
  for (guint i = 0; i < c->shifts->len; i++)
    {
      RShift *s = g_ptr_array_index (c->shifts, i);
      g_autofree char *id = g_strdup_printf ("s%04u", i);
      guint si = linli_roster_problem_add_shift (p, id, s->jd, s->start, s->end, s->skill, s->needed);

      for (guint k = 0; k < s->fixed->len; k++)
        linli_roster_problem_add_fixed (p, si, g_array_index (s->fixed, guint, k));
    }
  return p;
}

/* The rules, written again from the community itself rather than through
 * the solver's own checks. */
static gboolean
may_serve (Community *c,
           guint      vi,
           RShift    *s)
{
  RVolunteer *v = g_ptr_array_index (c->volunteers, vi);
  Profile *pr = &c->profiles[v->profile];
  gboolean in_window = pr->n_windows == 0;
  gboolean odd = linli_roster_iso_week (s->jd) % 2 == 1;

  if (s->skill >= 0 && !(pr->skill_set & (1 << s->skill)))
    return FALSE;
  for (int w = 0; w < pr->n_windows; w++)
    if (pr->wday[w] == linli_roster_weekday (s->jd) && pr->wfrom[w] <= s->start && pr->wto[w] >= s->end
        && (pr->weeks[w] == LINLI_WEEKS_ALL || (pr->weeks[w] == LINLI_WEEKS_ODD) == odd))
      in_window = TRUE;
  if (!in_window)
    return FALSE;
  if (pr->away_from && pr->away_from <= s->jd && s->jd <= pr->away_to)
    return FALSE;
  return TRUE;
}

typedef struct { guint32 jd; int start, end; gboolean fixed; } Entry;

static void
check_community (Community           *c,
                 LinliRosterSolution *sol,
                 guint                seed)
{
  guint nv = c->volunteers->len;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree guint *load = g_new0 (guint, nv);

  for (guint vi = 0; vi < nv; vi++)
    {
      RVolunteer *v = g_ptr_array_index (c->volunteers, vi);
      GArray *e = g_array_new (FALSE, FALSE, sizeof (Entry));

      for (guint k = 0; k < v->commitments->len; k += 3)
        {
          Entry en = { g_array_index (v->commitments, guint32, k),
                       g_array_index (v->commitments, guint32, k + 1),
                       g_array_index (v->commitments, guint32, k + 2), TRUE };
          g_array_append_val (e, en);
        }
      g_ptr_array_add (entries, e);
    }

  for (guint si = 0; si < c->shifts->len; si++)
    {
      RShift *s = g_ptr_array_index (c->shifts, si);
      GArray *a = sol->assigned[si];
      guint free_places = s->needed > s->fixed->len ? s->needed - s->fixed->len : 0;
      guint missing = 0;

      g_assert_cmpuint (a->len, >=, s->fixed->len);
      if (a->len - s->fixed->len > free_places)
        g_error ("seed %u: shift %u over-filled", seed, si);
      for (guint k = 0; k < a->len; k++)
        {
          guint vi = g_array_index (a, guint, k);
          gboolean fixed = k < s->fixed->len;
          Entry en = { s->jd, s->start, s->end, fixed };

          if (fixed)
            g_assert_cmpuint (vi, ==, g_array_index (s->fixed, guint, k));
          else if (!may_serve (c, vi, s))
            g_error ("seed %u: v%03u put on shift %u against skill, availability or blackout", seed, vi, si);
          g_array_append_val (g_ptr_array_index (entries, vi), en);
          load[vi]++;
        }
      for (guint g = 0; g < sol->gaps->len; g++)
        if (g_array_index (sol->gaps, LinliRosterGap, g).shift == si)
          missing += g_array_index (sol->gaps, LinliRosterGap, g).missing;
      g_assert_cmpuint (missing, ==, free_places - (a->len - s->fixed->len));
    }

  for (guint vi = 0; vi < nv; vi++)
    {
      RVolunteer *v = g_ptr_array_index (c->volunteers, vi);
      Profile *pr = &c->profiles[v->profile];
      GArray *e = g_ptr_array_index (entries, vi);

      g_assert_cmpuint (load[vi], ==, sol->load[vi]);

      /* Nobody in two places at once (fixed against fixed is the user's
       * own doing), nobody over their monthly limit by the solver's hand. */
      for (guint i = 0; i < e->len; i++)
        {
          Entry *x = &g_array_index (e, Entry, i);
          guint same_month_fixed = 0, same_month_placed = 0;

          for (guint j = 0; j < e->len; j++)
            {
              Entry *y = &g_array_index (e, Entry, j);

              if (j != i && x->jd == y->jd && x->start < y->end && y->start < x->end
                  && !(x->fixed && y->fixed))
                g_error ("seed %u: v%03u double-booked on day %u", seed, vi, x->jd);
              if (linli_roster_month_start (y->jd) == linli_roster_month_start (x->jd))
                {
                  if (y->fixed)
                    same_month_fixed++;
                  else
                    same_month_placed++;
                }
            }
          if (pr->max_per_month >= 0 && same_month_placed > 0
              && same_month_fixed + same_month_placed > (guint) pr->max_per_month)
            g_error ("seed %u: v%03u over the monthly limit %d", seed, vi, pr->max_per_month);
        }
    }

  /* Nobody who could still have taken an empty place was left out. */
  for (guint si = 0; si < c->shifts->len; si++)
    {
      RShift *s = g_ptr_array_index (c->shifts, si);
      guint free_places = s->needed > s->fixed->len ? s->needed - s->fixed->len : 0;

      if (sol->assigned[si]->len - s->fixed->len >= free_places)
        continue;
      for (guint vi = 0; vi < nv; vi++)
        {
          RVolunteer *v = g_ptr_array_index (c->volunteers, vi);
          Profile *pr = &c->profiles[v->profile];
          GArray *e = g_ptr_array_index (entries, vi);
          gboolean that_day = FALSE;
          guint in_month = 0;

          for (guint i = 0; i < e->len; i++)
            {
              Entry *x = &g_array_index (e, Entry, i);

              that_day |= x->jd == s->jd;
              in_month += linli_roster_month_start (x->jd) == linli_roster_month_start (s->jd);
            }
          if (!that_day && may_serve (c, vi, s)
              && (pr->max_per_month < 0 || in_month < (guint) pr->max_per_month))
            g_error ("seed %u: shift %u left short though v%03u was free", seed, si, vi);
        }
    }

  /* Equals take equal turns: at most one place apart. */
  for (guint i = 0; i < nv; i++)
    for (guint j = i + 1; j < nv; j++)
      {
        RVolunteer *a = g_ptr_array_index (c->volunteers, i);
        RVolunteer *b = g_ptr_array_index (c->volunteers, j);

        if (a->special || b->special || a->profile != b->profile)
          continue;
        if (load[i] > load[j] + 1 || load[j] > load[i] + 1)
          g_error ("seed %u: equals v%03u and v%03u have %u and %u places", seed, i, j, load[i], load[j]);
      }
}

static void
test_random_communities (void)
{
  guint n = g_test_slow () ? 5000 : 600;
  const char *env = g_getenv ("LINLI_ROSTER_PROPERTY_RUNS");
  guint total_filled = 0, total_places = 0;

  if (env != NULL)
    n = (guint) g_ascii_strtoull (env, NULL, 10);

  for (guint seed = 1; seed <= n; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      Community *c = random_community (rand);
      g_autoptr(LinliRosterProblem) p = community_problem (c);
      g_autoptr(LinliRosterSolution) sol = linli_roster_problem_solve (p, LINLI_ROSTER_FAIR, NULL);
      g_autoptr(LinliRosterSolution) again = linli_roster_problem_solve (p, LINLI_ROSTER_FAIR, NULL);

      check_community (c, sol, seed);
      total_filled += sol->n_filled;
      total_places += sol->n_places;

      /* Twice the same. */
      for (guint s = 0; s < sol->n_shifts; s++)
        {
          g_assert_cmpuint (sol->assigned[s]->len, ==, again->assigned[s]->len);
          g_assert_cmpmem (sol->assigned[s]->data, sol->assigned[s]->len * sizeof (guint),
                           again->assigned[s]->data, again->assigned[s]->len * sizeof (guint));
        }
      community_free (c);
    }
  g_test_message ("%u random communities: %u of %u places filled", n, total_filled, total_places);
}

/* GLPK solves each slot as a linear program. On one slot with distinct
 * histories (so no ties), it must choose the same people: both are exact. */
static void
test_glpk_agrees (void)
{
  for (guint seed = 1; seed <= 200; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed * 7919);
      g_autoptr(LinliRosterProblem) p = linli_roster_problem_new ();
      g_autoptr(LinliRosterSolution) fair = NULL;
      g_autoptr(LinliRosterSolution) lp = NULL;
      guint nv = g_rand_int_range (rand, 1, 40);
      guint ns = g_rand_int_range (rand, 1, 12);
      guint fair_sum = 0, lp_sum = 0;
      g_autofree guint *prior = g_new (guint, nv);

      for (guint i = 0; i < nv; i++)
        {
          g_autofree char *id = g_strdup_printf ("v%u", i);
          guint v;

          prior[i] = i * 3 + g_rand_int_range (rand, 0, 3);
          v = linli_roster_problem_add_volunteer (p, id, -1, prior[i]);
          for (guint k = 0; k < 6; k++)
            if (g_rand_int_range (rand, 0, 3) == 0)
              linli_roster_problem_add_skill (p, v, k);
        }
      for (guint s = 0; s < ns; s++)
        {
          g_autofree char *id = g_strdup_printf ("s%u", s);

          linli_roster_problem_add_shift (p, id, wednesday (0), T (9, 0), T (11, 30),
                                          g_rand_int_range (rand, -1, 6), g_rand_int_range (rand, 1, 4));
        }

      fair = linli_roster_problem_solve (p, LINLI_ROSTER_FAIR, NULL);
      lp = linli_roster_problem_solve (p, LINLI_ROSTER_GLPK, NULL);
      g_assert_nonnull (lp);
      g_assert_cmpuint (fair->n_filled, ==, lp->n_filled);
      for (guint i = 0; i < nv; i++)
        {
          fair_sum += fair->load[i] * prior[i];
          lp_sum += lp->load[i] * prior[i];
          /* Distinct histories: the very same people. */
          g_assert_cmpuint (fair->load[i], ==, lp->load[i]);
        }
      g_assert_cmpuint (fair_sum, ==, lp_sum);
    }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster/solver/rotation", test_rotation);
  g_test_add_func ("/roster/solver/skills-make-room", test_skills_make_room);
  g_test_add_func ("/roster/solver/history-first", test_history_first);
  g_test_add_func ("/roster/solver/gap-reasons", test_gap_reasons);
  g_test_add_func ("/roster/solver/no-volunteers", test_no_volunteers);
  g_test_add_func ("/roster/solver/odd-weeks", test_odd_weeks);
  g_test_add_func ("/roster/solver/fixed-kept", test_fixed_kept);
  g_test_add_func ("/roster/solver/deterministic", test_deterministic);
  g_test_add_func ("/roster/solver/random-communities", test_random_communities);
  g_test_add_func ("/roster/solver/glpk-agrees", test_glpk_agrees);

  return g_test_run ();
}
