/* linli-map-session.c: what the parts of the Map view share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-map"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-map-session.h"

struct _LinliMapSession
{
  GObject            parent_instance;

  LinliDb           *db;
  char              *community_id;
  char              *today;
  LinliMapHistory   *history;
  LinliMapTerritory *territory;
  LinliMapStats     *stats;
  LinliMapLayers     layers;
  int                coverage_days;
};

G_DEFINE_FINAL_TYPE (LinliMapSession, linli_map_session, G_TYPE_OBJECT)

enum {
  CHANGED,
  LAYERS_CHANGED,
  OPEN_RECORD,
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_history_changed_cb (LinliMapSession *self,
                       LinliMapHistory *history)
{
  g_autoptr(GError) error = NULL;

  if (!linli_map_session_reload (self, &error))
    linli_map_session_error (self, _("The map could not be read again"), error);
}

static void
linli_map_session_dispose (GObject *object)
{
  LinliMapSession *self = LINLI_MAP_SESSION (object);

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  g_clear_object (&self->db);
  g_clear_pointer (&self->territory, linli_map_territory_unref);
  g_clear_pointer (&self->stats, linli_map_stats_unref);

  G_OBJECT_CLASS (linli_map_session_parent_class)->dispose (object);
}

static void
linli_map_session_finalize (GObject *object)
{
  LinliMapSession *self = LINLI_MAP_SESSION (object);

  g_free (self->community_id);
  g_free (self->today);

  G_OBJECT_CLASS (linli_map_session_parent_class)->finalize (object);
}

static void
linli_map_session_class_init (LinliMapSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = linli_map_session_dispose;
  object_class->finalize = linli_map_session_finalize;

  /**
   * LinliMapSession::changed:
   *
   * What is stored changed (an edit, a visit, an undo): the territory and
   * the counts were read again.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[LAYERS_CHANGED] = g_signal_new ("layers-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * LinliMapSession::open-record:
   * @table: grid, building, unit, household or person
   * @id: the record
   *
   * A page asks the view to show a record.
   */
  signals[OPEN_RECORD] = g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
}

static void
linli_map_session_init (LinliMapSession *self)
{
  self->coverage_days = 7;
}

/**
 * linli_map_session_new:
 * @today: (nullable): YYYY-MM-DD, or %NULL for today
 */
LinliMapSession *
linli_map_session_new (LinliDb    *db,
                       const char *community_id,
                       const char *today)
{
  LinliMapSession *self = g_object_new (LINLI_TYPE_MAP_SESSION, NULL);

  self->db = g_object_ref (db);
  self->community_id = g_strdup (community_id);
  self->today = today ? g_strdup (today) : linli_map_today ();
  self->history = linli_map_history_new (db);
  g_signal_connect_object (self->history, "changed", G_CALLBACK (on_history_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

LinliDb *
linli_map_session_get_db (LinliMapSession *self)
{
  return self->db;
}

const char *
linli_map_session_get_community_id (LinliMapSession *self)
{
  return self->community_id;
}

const char *
linli_map_session_get_today (LinliMapSession *self)
{
  return self->today;
}

LinliMapHistory *
linli_map_session_get_history (LinliMapSession *self)
{
  return self->history;
}

LinliMapTerritory *
linli_map_session_get_territory (LinliMapSession *self)
{
  return self->territory;
}

LinliMapStats *
linli_map_session_get_stats (LinliMapSession *self)
{
  return self->stats;
}

LinliMapLayers
linli_map_session_get_layers (LinliMapSession *self)
{
  return self->layers;
}

int
linli_map_session_get_coverage_days (LinliMapSession *self)
{
  return self->coverage_days;
}

void
linli_map_session_set_layers (LinliMapSession *self,
                              LinliMapLayers   layers,
                              int              coverage_days)
{
  coverage_days = coverage_days > 7 ? 30 : 7;
  if (self->layers == layers && self->coverage_days == coverage_days)
    return;
  self->layers = layers;
  self->coverage_days = coverage_days;
  g_signal_emit (self, signals[LAYERS_CHANGED], 0);
}

/**
 * linli_map_session_reload:
 *
 * Reads the territory and the counts again and tells the pages.
 */
gboolean
linli_map_session_reload (LinliMapSession  *self,
                          GError          **error)
{
  LinliMapTerritory *territory;
  LinliMapStats *stats;

  territory = linli_map_territory_load (self->db, self->community_id, error);
  if (territory == NULL)
    return FALSE;
  stats = linli_map_stats_load (self->db, self->community_id, self->today, error);
  if (stats == NULL)
    {
      linli_map_territory_unref (territory);
      return FALSE;
    }
  g_clear_pointer (&self->territory, linli_map_territory_unref);
  g_clear_pointer (&self->stats, linli_map_stats_unref);
  self->territory = territory;
  self->stats = stats;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

void
linli_map_session_open (LinliMapSession *self,
                        const char      *table,
                        const char      *id)
{
  g_signal_emit (self, signals[OPEN_RECORD], 0, table, id);
}

void
linli_map_session_toast (LinliMapSession *self,
                         const char      *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_signal_emit (self, signals[TOAST], 0, toast);
  g_object_unref (toast);
}

typedef struct
{
  GWeakRef session;
  guint    serial;
} UndoData;

static void
undo_data_free (gpointer  data,
                GClosure *closure)
{
  UndoData *u = data;

  g_weak_ref_clear (&u->session);
  g_free (u);
}

static void
on_toast_button_clicked_cb (AdwToast *toast,
                            UndoData *u)
{
  g_autoptr(LinliMapSession) self = g_weak_ref_get (&u->session);
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;
  if (!linli_map_history_revert (self->history, u->serial, &error))
    linli_map_session_error (self, _("It could not be undone"), error);
}

/**
 * linli_map_session_toast_undo:
 * @serial: the edit that the toast's Undo button takes back
 *
 * A toast after something destructive, instead of asking first.
 */
void
linli_map_session_toast_undo (LinliMapSession *self,
                              const char      *message,
                              guint            serial)
{
  AdwToast *toast = adw_toast_new (message);
  UndoData *u = g_new0 (UndoData, 1);

  g_weak_ref_init (&u->session, self);
  u->serial = serial;
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_toast_button_clicked_cb), u,
                         undo_data_free, 0);
  g_signal_emit (self, signals[TOAST], 0, toast);
  g_object_unref (toast);
}

/* Something went wrong: say what, in a toast, and log the details. */
void
linli_map_session_error (LinliMapSession *self,
                         const char      *what,
                         const GError    *error)
{
  g_autofree char *message = NULL;

  g_message ("%s: %s", what, error ? error->message : "");
  message = error ? g_strdup_printf ("%s: %s", what, error->message) : g_strdup (what);
  linli_map_session_toast (self, message);
}
