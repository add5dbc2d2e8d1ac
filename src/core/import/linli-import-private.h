/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-import.h"

G_BEGIN_DECLS

/* The address a row names, normalised: building "12", unit 2, room "501". */
typedef struct
{
  char *compound;
  char *building;
  int   unit;       /* 0 when not given */
  char *room;
} LinliAddress;

void      _linli_address_clear        (LinliAddress *address);
gboolean  _linli_import_parse_address (const char   *text,
                                       LinliAddress *address);
char     *_linli_import_building      (const char   *text);
int       _linli_import_unit          (const char   *text);
char     *_linli_import_room          (const char   *text);
int       _linli_import_grid_number   (const char   *text);
int       _linli_import_floor_of_room (const char   *room);
char     *_linli_import_date          (const char   *text,
                                       gboolean     *month_only);
char     *_linli_import_fold          (const char   *text);
gboolean  _linli_import_needs_fold    (const char   *text);
const char *_linli_import_tag_code    (const char   *name,
                                       const char  **canonical);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LinliAddress, _linli_address_clear)

G_END_DECLS
