/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-db.h"

G_BEGIN_DECLS

char *test_tmp_path      (const char  *name);
char *test_dump_db       (LinliDb     *db);
char *test_dump_file     (const char  *path);
char *test_residents     (LinliDb     *db);
int   test_run_cli       (const char *const *args,
                          char       **out,
                          char       **err);

G_END_DECLS
