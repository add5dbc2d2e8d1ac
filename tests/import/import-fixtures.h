/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A resident of a generated, realistic ledger. */
typedef struct
{
  char *name;
  char *gender;     /* 男 / 女 */
  char *id_number;
  char *birth_date; /* YYYY-MM-DD */
  int   age;
  char *phone;
  char *grid;       /* 第3网格 */
  char *building;   /* 12 */
  int   unit;
  char *room;       /* 501 */
  char *relation;   /* 户主, 配偶, 子, 女, 母亲 */
  char *tags;       /* 独居老人、党员 */
  char *notes;
} FixtureResident;

typedef enum
{
  FIXTURE_BOM        = 1 << 0,  /* CSV: UTF-8 with a BOM */
  FIXTURE_GBK        = 1 << 1,  /* CSV: GB18030 */
  FIXTURE_TITLE      = 1 << 2,  /* a title row and a blank row above the header */
  FIXTURE_INLINE     = 1 << 3,  /* xlsx: inline strings (constant memory) */
  FIXTURE_DATES      = 1 << 4,  /* xlsx: birth dates as date cells */
  FIXTURE_FORMULAS   = 1 << 5,  /* xlsx: age as a formula with its cached value */
  FIXTURE_MERGED     = 1 << 6,  /* xlsx: the building merged over its households' rows */
  FIXTURE_HIDDEN     = 1 << 7,  /* xlsx: a hidden first sheet */
  FIXTURE_LF         = 1 << 8,  /* CSV: LF instead of CRLF */
} FixtureFlags;

/* The columns of a ledger as secretaries name them. */
extern const char *const fixture_default_headers[];

GPtrArray *fixture_residents   (guint                n,
                                guint32              seed);
char      *fixture_value       (FixtureResident     *r,
                                guint                serial,
                                const char          *header);
void       fixture_write_csv   (GPtrArray           *residents,
                                const char *const   *headers,
                                FixtureFlags         flags,
                                const char          *path);
void       fixture_write_xlsx  (GPtrArray           *residents,
                                const char *const   *headers,
                                FixtureFlags         flags,
                                const char          *path);
void       fixture_write_xlsx_sheets (const char     *path);
char      *fixture_id_number   (const char          *region,
                                const char          *birth_yyyymmdd,
                                guint                sequence,
                                gboolean             male);

G_END_DECLS
