/* linli-vol-item.c: a row of the Volunteers view's lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-volunteers"

#include "config.h"

#include "linli-vol-item.h"

struct _LinliVolItem
{
  GObject     parent_instance;

  char       *id;
  GHashTable *text;     /* key -> value */
  GHashTable *numbers;  /* key -> double* */
};

G_DEFINE_FINAL_TYPE (LinliVolItem, linli_vol_item, G_TYPE_OBJECT)

static void
linli_vol_item_finalize (GObject *object)
{
  LinliVolItem *self = LINLI_VOL_ITEM (object);

  g_free (self->id);
  g_hash_table_unref (self->text);
  g_hash_table_unref (self->numbers);

  G_OBJECT_CLASS (linli_vol_item_parent_class)->finalize (object);
}

static void
linli_vol_item_class_init (LinliVolItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = linli_vol_item_finalize;
}

static void
linli_vol_item_init (LinliVolItem *self)
{
  self->text = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

LinliVolItem *
linli_vol_item_new (const char *id)
{
  LinliVolItem *self = g_object_new (LINLI_TYPE_VOL_ITEM, NULL);

  self->id = g_strdup (id);
  return self;
}

const char *
linli_vol_item_get_id (LinliVolItem *self)
{
  g_return_val_if_fail (LINLI_IS_VOL_ITEM (self), NULL);
  return self->id;
}

void
linli_vol_item_set (LinliVolItem *self,
                    const char   *key,
                    const char   *value)
{
  g_return_if_fail (LINLI_IS_VOL_ITEM (self));
  g_hash_table_insert (self->text, g_strdup (key), g_strdup (value ? value : ""));
}

/**
 * linli_vol_item_get:
 *
 * Returns: (transfer none): the field, or "" when it was never set
 */
const char *
linli_vol_item_get (LinliVolItem *self,
                    const char   *key)
{
  const char *value;

  g_return_val_if_fail (LINLI_IS_VOL_ITEM (self), "");
  value = g_hash_table_lookup (self->text, key);
  return value ? value : "";
}

void
linli_vol_item_set_number (LinliVolItem *self,
                           const char   *key,
                           double        value)
{
  g_return_if_fail (LINLI_IS_VOL_ITEM (self));
  g_hash_table_insert (self->numbers, g_strdup (key), g_memdup2 (&value, sizeof value));
}

double
linli_vol_item_get_number (LinliVolItem *self,
                           const char   *key)
{
  double *value;

  g_return_val_if_fail (LINLI_IS_VOL_ITEM (self), 0);
  value = g_hash_table_lookup (self->numbers, key);
  return value ? *value : 0;
}
