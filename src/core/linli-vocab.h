/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The codes stored in the ledger and the words a user reads for them.
 * Codes are English and stable (they sync between versions); labels go
 * through gettext. */
typedef struct
{
  const char *code;
  const char *label;   /* N_(), translate with linli_vocab_label() */
  const char *color;   /* #rrggbb for marks on the map, or NULL */
  gboolean    care;    /* a special-care tag (重点关爱) */
} LinliVocab;

typedef enum
{
  LINLI_VOCAB_TAG,            /* person tags: alone, empty_nest, ... */
  LINLI_VOCAB_HOUSEHOLD_FLAG, /* rental, party_center, vacant */
  LINLI_VOCAB_VISIT_SERVICE,  /* groceries, medicine, elderly_card, ... */
  LINLI_VOCAB_TEAM_KIND,      /* service_market, squad119, ... */
  LINLI_VOCAB_TEAM_ROLE,      /* leader, party_backbone, sunk_cadre, ... */
  LINLI_VOCAB_ORG_KIND,       /* co_building, property, ... */
  LINLI_VOCAB_MEETING_KIND,   /* residents_council, evening_talk, ... */
  LINLI_VOCAB_PROJECT_STAGE,  /* plan, build, manage, evaluate, share */
  LINLI_VOCAB_PROJECT_CATEGORY,
  LINLI_VOCAB_INCOME_SOURCE,  /* self_raised, unit, government, crowdfunding, donation */
  LINLI_VOCAB_RATING,         /* good, neutral, bad */
  LINLI_VOCAB_RELATION,       /* head, spouse, son, daughter, ... */
  LINLI_VOCAB_ATTENDANCE,     /* planned, attended, absent, walk_in */
  LINLI_VOCAB_N_KINDS
} LinliVocabKind;

const LinliVocab *linli_vocab_list   (LinliVocabKind  kind,
                                      guint          *n_items);
const LinliVocab *linli_vocab_lookup (LinliVocabKind  kind,
                                      const char     *code);
const char       *linli_vocab_label  (LinliVocabKind  kind,
                                      const char     *code);
const char       *linli_vocab_find_code (LinliVocabKind kind,
                                      const char     *label_or_code);
char             *linli_vocab_labels (LinliVocabKind  kind,
                                      const char     *comma_codes,
                                      const char     *separator);

/* Age marks, computed from the birth date: never stored, never stale. */
#define LINLI_AGE_ELDERLY 65
#define LINLI_AGE_OLD     80

G_END_DECLS
