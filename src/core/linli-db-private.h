/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"
#include "linli-hlc.h"

G_BEGIN_DECLS

typedef struct
{
  const char *table;
  int         kind;   /* rowid = source rowid * 16 + kind */
  const char *terms;  /* SQL over NEW.* */
} LinliSearchKind;

const LinliSearchKind *_linli_db_get_search_kinds (void);

void     _linli_db_next_stamp    (LinliDb     *self,
                                  char         out[LINLI_HLC_LENGTH + 1]);
gboolean _linli_db_receive_stamp (LinliDb     *self,
                                  const char  *stamp,
                                  GError     **error);
void     _linli_db_reset_clock   (LinliDb     *self);
void     _linli_db_set_error     (LinliDb     *self,
                                  GError     **error,
                                  const char  *what);

G_END_DECLS
