/* linli-vocab.c: codes of the ledger and their labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-vocab"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "linli-vocab.h"

static const LinliVocab tags[] = {
  { "alone", N_("Elderly living alone"), "#e01b24", TRUE },        /* 独居老人 */
  { "empty_nest", N_("Empty-nest elderly"), "#ff7800", TRUE },     /* 空巢老人 */
  { "disabled", N_("Disabled"), "#9141ac", TRUE },                 /* 残疾人 */
  { "low_income", N_("Low income"), "#986a44", TRUE },             /* 低保 */
  { "party_member", N_("Party member"), "#c01c28", FALSE },        /* 党员 */
  { "floating", N_("Floating population"), "#1c71d8", FALSE },     /* 流动人口 */
  { "veteran", N_("Veteran"), "#26a269", FALSE },                  /* 退役军人 */
  { "difficulty", N_("Family in difficulty"), "#a51d2d", TRUE },   /* 困难家庭 */
};

static const LinliVocab household_flags[] = {
  { "rental", N_("Rental"), "#1c71d8", FALSE },
  { "party_center", N_("Party-member central household"), "#c01c28", FALSE },
  { "vacant", N_("Vacant"), "#9a9996", FALSE },
};

static const LinliVocab visit_services[] = {
  { "chat", N_("Chat and check-in"), NULL, FALSE },
  { "groceries", N_("Groceries"), NULL, FALSE },
  { "medicine", N_("Medicine"), NULL, FALSE },
  { "elderly_card", N_("Elderly card"), NULL, FALSE },
  { "mediation", N_("Mediation"), NULL, FALSE },
  { "repair", N_("Repairs"), NULL, FALSE },
  { "policy", N_("Policy explained"), NULL, FALSE },
  { "other", N_("Other"), NULL, FALSE },
};

static const LinliVocab team_kinds[] = {
  { "service_market", N_("Service market"), "#2ec27e", FALSE },
  { "squad119", N_("119 self-management squad"), "#e01b24", FALSE },
  { "door_knocking", N_("Door-knocking group"), "#3584e4", FALSE },
  { "meal_delivery", N_("Meal delivery"), "#ff7800", FALSE },
  { "mediation", N_("Mediation"), "#9141ac", FALSE },
  { "custom", N_("Other team"), "#5e5c64", FALSE },
};

static const LinliVocab team_roles[] = {
  { "leader", N_("Leader"), NULL, FALSE },                         /* 队长 */
  { "party_backbone", N_("Party-member backbone"), NULL, FALSE },  /* 党员骨干 */
  { "sunk_cadre", N_("Sunk cadre"), NULL, FALSE },                 /* 下沉干部 */
  { "building_resident", N_("Building resident"), NULL, FALSE },   /* 楼栋居民 */
  { "police", N_("Community police"), NULL, FALSE },               /* 社区民警 */
  { "property_staff", N_("Property building manager"), NULL, FALSE }, /* 物业楼管员 */
  { "grid_worker", N_("Grid worker"), NULL, FALSE },               /* 网格员 */
  { "lawyer", N_("Lawyer"), NULL, FALSE },
  { "judge", N_("Judge"), NULL, FALSE },
  { "volunteer", N_("Volunteer"), NULL, FALSE },
  { "member", N_("Member"), NULL, FALSE },
};

static const LinliVocab org_kinds[] = {
  { "co_building", N_("Co-building unit"), NULL, FALSE },          /* 共建单位 */
  { "property", N_("Property company"), NULL, FALSE },             /* 物业公司 */
  { "owners_committee", N_("Owners’ committee"), NULL, FALSE },    /* 业委会 */
  { "social", N_("Social organisation"), NULL, FALSE },            /* 社会组织 */
  { "government", N_("Government department"), NULL, FALSE },
  { "other", N_("Other organisation"), NULL, FALSE },
};

static const LinliVocab meeting_kinds[] = {
  { "residents_council", N_("Residents’ council"), "#3584e4", FALSE },     /* 居民议事会 */
  { "consultation", N_("Consultation"), "#1c71d8", FALSE },               /* 恳谈会 */
  { "evening_talk", N_("Evening talk"), "#613583", FALSE },               /* 幸福夜话 */
  { "secretary_chat", N_("Secretary’s chat"), "#865e3c", FALSE },         /* 书记唠嗑会 */
  { "opinion", N_("Opinion-collection meeting"), "#26a269", FALSE },      /* 意见征集会 */
  { "hearing", N_("Project hearing"), "#e66100", FALSE },                 /* 项目听证会 */
  { "joint_party", N_("Regional party-building joint meeting"), "#c01c28", FALSE }, /* 区域党建联席会 */
  { "party_council", N_("Party members’ council"), "#a51d2d", FALSE },    /* 党员议事会 */
  { "four_parties", N_("Four parties answer together"), "#2ec27e", FALSE }, /* 四议共答 */
  { "patrol", N_("Patrol"), "#5e5c64", FALSE },                           /* 巡查 */
  { "other", N_("Other meeting"), "#77767b", FALSE },
};

static const LinliVocab project_stages[] = {
  { "plan", N_("Co-plan"), "#3584e4", FALSE },        /* 共谋 */
  { "build", N_("Co-build"), "#e66100", FALSE },      /* 共建 */
  { "manage", N_("Co-manage"), "#9141ac", FALSE },    /* 共管 */
  { "evaluate", N_("Co-evaluate"), "#e5a50a", FALSE },/* 共评 */
  { "share", N_("Co-share"), "#26a269", FALSE },      /* 共享 */
};

static const LinliVocab project_categories[] = {
  { "engineering", N_("Engineering construction"), NULL, FALSE },
  { "management", N_("Management service"), NULL, FALSE },
  { "governance", N_("Grassroots governance"), NULL, FALSE },
};

static const LinliVocab income_sources[] = {
  { "self_raised", N_("Community self-raised"), "#3584e4", FALSE },
  { "unit", N_("Unit contribution"), "#e66100", FALSE },
  { "government", N_("Government subsidy"), "#c01c28", FALSE },
  { "crowdfunding", N_("Crowdfunding"), "#26a269", FALSE },
  { "donation", N_("Resident donations"), "#9141ac", FALSE },
};

static const LinliVocab ratings[] = {
  { "good", N_("Good"), "#26a269", FALSE },
  { "neutral", N_("Fair"), "#e5a50a", FALSE },
  { "bad", N_("Poor"), "#c01c28", FALSE },
};

static const LinliVocab relations[] = {
  { "head", N_("Head of household"), NULL, FALSE },  /* 户主 */
  { "spouse", N_("Spouse"), NULL, FALSE },
  { "son", N_("Son"), NULL, FALSE },
  { "daughter", N_("Daughter"), NULL, FALSE },
  { "daughter_in_law", N_("Daughter-in-law"), NULL, FALSE },
  { "son_in_law", N_("Son-in-law"), NULL, FALSE },
  { "grandson", N_("Grandson"), NULL, FALSE },
  { "granddaughter", N_("Granddaughter"), NULL, FALSE },
  { "father", N_("Father"), NULL, FALSE },
  { "mother", N_("Mother"), NULL, FALSE },
  { "tenant", N_("Tenant"), NULL, FALSE },
  { "other", N_("Other relation"), NULL, FALSE },
};

static const LinliVocab attendance[] = {
  { "planned", N_("Planned"), NULL, FALSE },
  { "attended", N_("Attended"), "#26a269", FALSE },
  { "absent", N_("Absent"), "#c01c28", FALSE },
  { "walk_in", N_("Walk-in"), "#3584e4", FALSE },
};

static const struct {
  const LinliVocab *items;
  guint             n;
} lists[LINLI_VOCAB_N_KINDS] = {
  [LINLI_VOCAB_TAG] = { tags, G_N_ELEMENTS (tags) },
  [LINLI_VOCAB_HOUSEHOLD_FLAG] = { household_flags, G_N_ELEMENTS (household_flags) },
  [LINLI_VOCAB_VISIT_SERVICE] = { visit_services, G_N_ELEMENTS (visit_services) },
  [LINLI_VOCAB_TEAM_KIND] = { team_kinds, G_N_ELEMENTS (team_kinds) },
  [LINLI_VOCAB_TEAM_ROLE] = { team_roles, G_N_ELEMENTS (team_roles) },
  [LINLI_VOCAB_ORG_KIND] = { org_kinds, G_N_ELEMENTS (org_kinds) },
  [LINLI_VOCAB_MEETING_KIND] = { meeting_kinds, G_N_ELEMENTS (meeting_kinds) },
  [LINLI_VOCAB_PROJECT_STAGE] = { project_stages, G_N_ELEMENTS (project_stages) },
  [LINLI_VOCAB_PROJECT_CATEGORY] = { project_categories, G_N_ELEMENTS (project_categories) },
  [LINLI_VOCAB_INCOME_SOURCE] = { income_sources, G_N_ELEMENTS (income_sources) },
  [LINLI_VOCAB_RATING] = { ratings, G_N_ELEMENTS (ratings) },
  [LINLI_VOCAB_RELATION] = { relations, G_N_ELEMENTS (relations) },
  [LINLI_VOCAB_ATTENDANCE] = { attendance, G_N_ELEMENTS (attendance) },
};

const LinliVocab *
linli_vocab_list (LinliVocabKind  kind,
                  guint          *n_items)
{
  g_return_val_if_fail (kind < LINLI_VOCAB_N_KINDS, NULL);

  if (n_items)
    *n_items = lists[kind].n;
  return lists[kind].items;
}

const LinliVocab *
linli_vocab_lookup (LinliVocabKind  kind,
                    const char     *code)
{
  g_return_val_if_fail (kind < LINLI_VOCAB_N_KINDS, NULL);

  if (code == NULL)
    return NULL;
  for (guint i = 0; i < lists[kind].n; i++)
    if (g_str_equal (lists[kind].items[i].code, code))
      return &lists[kind].items[i];
  return NULL;
}

/**
 * linli_vocab_label:
 *
 * Returns: the translated label of @code, or @code itself when it is not
 *   a known code (a user's own word)
 */
const char *
linli_vocab_label (LinliVocabKind  kind,
                   const char     *code)
{
  const LinliVocab *v = linli_vocab_lookup (kind, code);

  return v ? _(v->label) : (code ? code : "");
}

/**
 * linli_vocab_find_code:
 * @label_or_code: a code, or a label in English or in the user's language
 *
 * Returns: (nullable): the code, or %NULL when nothing matches
 */
const char *
linli_vocab_find_code (LinliVocabKind  kind,
                       const char     *label_or_code)
{
  g_return_val_if_fail (kind < LINLI_VOCAB_N_KINDS, NULL);

  if (label_or_code == NULL)
    return NULL;
  for (guint i = 0; i < lists[kind].n; i++)
    {
      const LinliVocab *v = &lists[kind].items[i];

      if (g_str_equal (v->code, label_or_code) ||
          g_str_equal (v->label, label_or_code) ||
          g_str_equal (_(v->label), label_or_code))
        return v->code;
    }
  return NULL;
}

/* "groceries,medicine" → "Groceries, Medicine" (or 买菜、送药) */
char *
linli_vocab_labels (LinliVocabKind  kind,
                    const char     *comma_codes,
                    const char     *separator)
{
  g_auto(GStrv) codes = NULL;
  GString *out = g_string_new (NULL);

  if (comma_codes == NULL || *comma_codes == '\0')
    return g_string_free (out, FALSE);

  codes = g_strsplit (comma_codes, ",", -1);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      if (*codes[i] == '\0')
        continue;
      if (out->len)
        g_string_append (out, separator ? separator : C_("list separator", ", "));
      g_string_append (out, linli_vocab_label (kind, codes[i]));
    }
  return g_string_free (out, FALSE);
}
