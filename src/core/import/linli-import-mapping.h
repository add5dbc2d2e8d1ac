/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "linli-sheet.h"

G_BEGIN_DECLS

/* What a column of a ledger holds. */
typedef enum
{
  LINLI_IMPORT_FIELD_IGNORE,      /* not imported */
  LINLI_IMPORT_FIELD_SERIAL,      /* 序号 */
  LINLI_IMPORT_FIELD_NAME,        /* 姓名 */
  LINLI_IMPORT_FIELD_GENDER,      /* 性别 */
  LINLI_IMPORT_FIELD_ID_NUMBER,   /* 身份证号码 */
  LINLI_IMPORT_FIELD_BIRTH_DATE,  /* 出生日期, 出生年月 */
  LINLI_IMPORT_FIELD_AGE,         /* 年龄 */
  LINLI_IMPORT_FIELD_PHONE,       /* 联系电话 */
  LINLI_IMPORT_FIELD_GRID,        /* 所属网格 */
  LINLI_IMPORT_FIELD_COMPOUND,    /* 小区 */
  LINLI_IMPORT_FIELD_BUILDING,    /* 楼栋 */
  LINLI_IMPORT_FIELD_UNIT,        /* 单元 */
  LINLI_IMPORT_FIELD_FLOOR,       /* 楼层 */
  LINLI_IMPORT_FIELD_ROOM,        /* 房号 */
  LINLI_IMPORT_FIELD_ADDRESS,     /* 住址: 12栋2单元501, 12-2-501 */
  LINLI_IMPORT_FIELD_RELATION,    /* 与户主关系 */
  LINLI_IMPORT_FIELD_HEAD,        /* 户主: 是/否, or the head's name */
  LINLI_IMPORT_FIELD_TAGS,        /* 人员类别 */
  LINLI_IMPORT_FIELD_NOTES,       /* 备注 */
  LINLI_IMPORT_N_FIELDS
} LinliImportField;

const char       *linli_import_field_get_label   (LinliImportField field);
LinliImportField  linli_import_field_from_header (const char      *header);
gboolean          linli_import_field_names_head  (const char      *header);

#define LINLI_TYPE_IMPORT_MAPPING (linli_import_mapping_get_type ())

G_DECLARE_FINAL_TYPE (LinliImportMapping, linli_import_mapping, LINLI, IMPORT_MAPPING, GObject)

LinliImportMapping *linli_import_mapping_detect          (LinliSheet         *sheet,
                                                          GError            **error);
guint               linli_import_mapping_get_header_index (LinliImportMapping *self);
guint               linli_import_mapping_get_header_row  (LinliImportMapping *self);
guint               linli_import_mapping_get_n_columns   (LinliImportMapping *self);
const char         *linli_import_mapping_get_title       (LinliImportMapping *self,
                                                          guint               column);
LinliImportField    linli_import_mapping_get_field       (LinliImportMapping *self,
                                                          guint               column);
void                linli_import_mapping_set_field       (LinliImportMapping *self,
                                                          guint               column,
                                                          LinliImportField    field);
int                 linli_import_mapping_find            (LinliImportMapping *self,
                                                          LinliImportField    field);
char               *linli_import_mapping_describe        (LinliImportMapping *self);

G_END_DECLS
