/* linli-sync-service.c: sync for a running app, in the background
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One service per community file. It syncs when the app starts, every
 * few minutes, when the network comes back and when the user asks, each
 * time in a worker thread on a connection of its own, and tells the
 * main thread what happened through its properties and the "synced"
 * signal (the views reload then). A server out of reach for days
 * changes nothing for the user but the indicator: every change waits in
 * the journal.
 */

#define G_LOG_DOMAIN "linli-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "linli-db.h"
#include "linli-format.h"
#include "linli-sync-client.h"
#include "linli-sync-service.h"

struct _LinliSyncService
{
  GObject          parent_instance;

  char            *db_path;
  LinliDb         *db;             /* the main thread's, for the state */

  LinliSyncState   state;
  char            *role;
  char            *server;
  char            *community_name;
  char            *office_name;
  char            *last_synced;
  char            *error;
  char            *office_totals;
  gint64           pending;
  gint64           conflicts;
  double           progress;
  gboolean         first_pull_done;

  gboolean         started;
  gboolean         running;
  gboolean         again;
  guint            timer;
  GCancellable    *cancellable;
  gulong           network_handler;
};

G_DEFINE_FINAL_TYPE (LinliSyncService, linli_sync_service, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (LinliSyncState, linli_sync_state,
  G_DEFINE_ENUM_VALUE (LINLI_SYNC_STATE_NOT_ENROLLED, "not-enrolled"),
  G_DEFINE_ENUM_VALUE (LINLI_SYNC_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (LINLI_SYNC_STATE_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (LINLI_SYNC_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (LINLI_SYNC_STATE_ERROR, "error"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_ROLE,
  PROP_SERVER,
  PROP_COMMUNITY_NAME,
  PROP_OFFICE_NAME,
  PROP_LAST_SYNCED,
  PROP_ERROR,
  PROP_PENDING,
  PROP_CONFLICTS,
  PROP_PROGRESS,
  PROP_FIRST_PULL_DONE,
  PROP_OFFICE_TOTALS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SYNCED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GHashTable *services;   /* path -> LinliSyncService, not owned */

static void
service_gone (gpointer  data,
              GObject  *where)
{
  g_hash_table_remove (services, data);
  g_free (data);
}

/**
 * linli_sync_service_get_for_path:
 *
 * Returns: (transfer full): the service of this file, shared by whoever
 *   asks (the window's indicator, the preferences)
 */
LinliSyncService *
linli_sync_service_get_for_path (const char *db_path)
{
  LinliSyncService *self;

  g_return_val_if_fail (db_path != NULL, NULL);

  if (services == NULL)
    services = g_hash_table_new (g_str_hash, g_str_equal);

  self = g_hash_table_lookup (services, db_path);
  if (self != NULL)
    return g_object_ref (self);

  self = g_object_new (LINLI_TYPE_SYNC_SERVICE, NULL);
  self->db_path = g_strdup (db_path);
  {
    char *key = g_strdup (db_path);

    g_hash_table_insert (services, key, self);
    g_object_weak_ref (G_OBJECT (self), service_gone, key);
  }
  linli_sync_service_refresh (self);
  return self;
}

#define GETTER(type, name, field) \
  type linli_sync_service_get_##name (LinliSyncService *self) \
  { g_return_val_if_fail (LINLI_IS_SYNC_SERVICE (self), (type) 0); return self->field; }

GETTER (const char *, db_path, db_path)
GETTER (LinliSyncState, state, state)
GETTER (const char *, role, role)
GETTER (const char *, server, server)
GETTER (const char *, community_name, community_name)
GETTER (const char *, office_name, office_name)
GETTER (const char *, last_synced, last_synced)
GETTER (const char *, error, error)
GETTER (gint64, pending, pending)
GETTER (gint64, conflicts, conflicts)
GETTER (double, progress, progress)
GETTER (gboolean, first_pull, first_pull_done)
GETTER (const char *, office_totals, office_totals)

#undef GETTER

static void
set_string (LinliSyncService *self,
            char            **field,
            const char       *value,
            guint             prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_state (LinliSyncService *self,
           LinliSyncState    state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_int (LinliSyncService *self,
         gint64           *field,
         gint64            value,
         guint             prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_progress (LinliSyncService *self,
              double            progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

/**
 * linli_sync_service_refresh:
 *
 * Reads the sync state of the file again: what waits to be sent, the
 * last sync, the "changed elsewhere" marks.
 */
void
linli_sync_service_refresh (LinliSyncService *self)
{
  g_autoptr(LinliSyncStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LINLI_IS_SYNC_SERVICE (self));

  if (self->db == NULL)
    {
      /* A file that does not exist yet has no server. */
      if (!g_file_test (self->db_path, G_FILE_TEST_EXISTS))
        {
          set_state (self, LINLI_SYNC_STATE_NOT_ENROLLED);
          return;
        }
      self->db = linli_db_open (self->db_path, &error);
      if (self->db == NULL)
        {
          g_warning ("sync: %s", error->message);
          set_state (self, LINLI_SYNC_STATE_NOT_ENROLLED);
          return;
        }
    }

  status = linli_sync_status_read (self->db);
  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->role, status->role, PROP_ROLE);
  set_string (self, &self->server, status->server, PROP_SERVER);
  set_string (self, &self->community_name, status->community_name, PROP_COMMUNITY_NAME);
  set_string (self, &self->office_name, status->office_name, PROP_OFFICE_NAME);
  set_string (self, &self->last_synced, status->last_synced, PROP_LAST_SYNCED);
  set_int (self, &self->pending, status->pending, PROP_PENDING);
  set_int (self, &self->conflicts, status->conflicts, PROP_CONFLICTS);
  if (self->first_pull_done != status->first_pull_done)
    {
      self->first_pull_done = status->first_pull_done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_PULL_DONE]);
    }
  {
    g_autofree char *totals = linli_db_get_meta (self->db, "office_totals");

    set_string (self, &self->office_totals, totals, PROP_OFFICE_TOTALS);
  }

  if (!status->enrolled)
    {
      set_state (self, LINLI_SYNC_STATE_NOT_ENROLLED);
      set_string (self, &self->error, NULL, PROP_ERROR);
    }
  else if (!self->running && self->state == LINLI_SYNC_STATE_NOT_ENROLLED)
    {
      set_state (self, status->last_error ? LINLI_SYNC_STATE_ERROR : LINLI_SYNC_STATE_IDLE);
      set_string (self, &self->error, status->last_error, PROP_ERROR);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* The run ---------------------------------------------------------------- */

typedef struct
{
  LinliSyncService *self;
  gint64            done;
  gint64            total;
} Progress;

static gboolean
progress_on_main_cb (gpointer data)
{
  Progress *p = data;

  if (p->total > 0)
    set_progress (p->self, CLAMP ((double) p->done / (double) p->total, 0.0, 1.0));
  g_object_unref (p->self);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
progress_cb (gpointer user_data,
             gint64   done,
             gint64   total)
{
  Progress *p = g_new0 (Progress, 1);

  p->self = g_object_ref (user_data);
  p->done = done;
  p->total = total;
  g_main_context_invoke (NULL, progress_on_main_cb, p);
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LinliSyncService *self = source_object;
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autoptr(LinliSyncClient) client = NULL;
  guint64 received = 0;

  db = linli_db_open (self->db_path, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  client = linli_sync_client_new (db);
  linli_sync_client_set_progress_func (client, progress_cb, self);
  if (!linli_sync_client_sync (client, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  linli_sync_client_get_counts (client, NULL, &received);
  g_task_return_int (task, (gssize) MIN (received, G_MAXSSIZE));
}

static void run (LinliSyncService *self);

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LinliSyncService *self = LINLI_SYNC_SERVICE (object);
  g_autoptr(GError) error = NULL;
  gssize received = g_task_propagate_int (G_TASK (result), &error);

  self->running = FALSE;
  set_progress (self, -1);

  if (error != NULL)
    {
      if (g_error_matches (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_NOT_ENROLLED))
        set_state (self, LINLI_SYNC_STATE_NOT_ENROLLED);
      else if (g_error_matches (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_NETWORK) ||
               g_error_matches (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_SERVER))
        set_state (self, LINLI_SYNC_STATE_OFFLINE);
      else if (!g_error_matches (error, LINLI_SYNC_ERROR, LINLI_SYNC_ERROR_CANCELLED) &&
               !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, LINLI_SYNC_STATE_ERROR);
      set_string (self, &self->error, error->message, PROP_ERROR);
      received = 0;
    }
  else
    {
      set_state (self, LINLI_SYNC_STATE_IDLE);
      set_string (self, &self->error, NULL, PROP_ERROR);
    }

  linli_sync_service_refresh (self);
  g_signal_emit (self, signals[SYNCED], 0, (guint) MAX (received, 0));

  if (self->again)
    {
      self->again = FALSE;
      run (self);
    }
}

static void
run (LinliSyncService *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  linli_sync_service_refresh (self);
  if (self->state == LINLI_SYNC_STATE_NOT_ENROLLED)
    return;

  self->running = TRUE;
  set_state (self, LINLI_SYNC_STATE_SYNCING);
  set_progress (self, self->first_pull_done ? -1 : 0);

  task = g_task_new (self, self->cancellable, sync_done_cb, NULL);
  g_task_set_source_tag (task, run);
  g_task_run_in_thread (task, sync_thread);
}

/**
 * linli_sync_service_sync_now:
 *
 * Syncs at once (or right after the sync under way).
 */
void
linli_sync_service_sync_now (LinliSyncService *self)
{
  g_return_if_fail (LINLI_IS_SYNC_SERVICE (self));
  run (self);
}

static gboolean
on_timer_cb (gpointer data)
{
  run (data);
  return G_SOURCE_CONTINUE;
}

static void
on_network_changed_cb (LinliSyncService *self,
                       gboolean          available,
                       GNetworkMonitor  *monitor)
{
  if (available && self->state == LINLI_SYNC_STATE_OFFLINE)
    run (self);
}

/**
 * linli_sync_service_start:
 *
 * Syncs now, then every few minutes and when the network comes back.
 */
void
linli_sync_service_start (LinliSyncService *self)
{
  const char *interval = g_getenv ("LINLI_SYNC_INTERVAL");
  guint seconds = interval ? (guint) g_ascii_strtoull (interval, NULL, 10) : LINLI_SYNC_INTERVAL_SECONDS;

  g_return_if_fail (LINLI_IS_SYNC_SERVICE (self));

  if (self->started)
    return;
  self->started = TRUE;

  run (self);
  if (seconds > 0)
    self->timer = g_timeout_add_seconds (seconds, on_timer_cb, self);
  self->network_handler = g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                                                   G_CALLBACK (on_network_changed_cb), self, G_CONNECT_SWAPPED);
}

/* Enrolment ------------------------------------------------------------- */

typedef struct
{
  char *server;
  char *code;
} Enrol;

static void
enrol_free (gpointer data)
{
  Enrol *e = data;

  g_free (e->server);
  g_free (e->code);
  g_free (e);
}

static void
enrol_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LinliSyncService *self = source_object;
  Enrol *e = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = linli_db_open (self->db_path, &error);
  g_autoptr(LinliSyncClient) client = NULL;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  client = linli_sync_client_new (db);
  if (!linli_sync_client_enrol (client, e->server, e->code, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
linli_sync_service_enrol_async (LinliSyncService    *self,
                                const char          *server,
                                const char          *code,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Enrol *e = g_new0 (Enrol, 1);

  g_return_if_fail (LINLI_IS_SYNC_SERVICE (self));

  e->server = g_strdup (server);
  e->code = g_strdup (code);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, linli_sync_service_enrol_async);
  g_task_set_task_data (task, e, enrol_free);
  g_task_run_in_thread (task, enrol_thread);
}

/**
 * linli_sync_service_enrol_finish:
 *
 * Once enrolled, the first sync starts at once.
 */
gboolean
linli_sync_service_enrol_finish (LinliSyncService  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  gboolean ok = g_task_propagate_boolean (G_TASK (result), error);

  self->state = LINLI_SYNC_STATE_NOT_ENROLLED;
  linli_sync_service_refresh (self);
  if (ok)
    run (self);
  return ok;
}

/**
 * linli_sync_service_leave:
 *
 * Returns: (transfer full) (nullable): the sync settings it removed, for
 *   linli_sync_service_rejoin() (an Undo)
 */
GHashTable *
linli_sync_service_leave (LinliSyncService  *self,
                          GError           **error)
{
  g_autoptr(GHashTable) saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(LinliQuery) q = NULL;

  if (self->db == NULL)
    return NULL;
  q = linli_db_query (self->db, error, "SELECT key, value FROM meta WHERE key LIKE 'sync\\_%' ESCAPE '\\' "
                                       "OR key = 'office_totals'", NULL);
  if (q == NULL)
    return NULL;
  while (linli_query_next (q, NULL))
    g_hash_table_insert (saved, linli_query_dup_string (q, 0), linli_query_dup_string (q, 1));
  g_clear_pointer (&q, linli_query_free);

  if (!linli_db_exec (self->db, error,
                      "DELETE FROM meta WHERE key LIKE 'sync\\_%' ESCAPE '\\' OR key = 'office_totals'", NULL))
    return NULL;
  linli_sync_service_refresh (self);
  return g_steal_pointer (&saved);
}

gboolean
linli_sync_service_rejoin (LinliSyncService  *self,
                           GHashTable        *saved,
                           GError           **error)
{
  GHashTableIter iter;
  gpointer key, value;

  if (self->db == NULL || !linli_db_begin (self->db, error))
    return FALSE;
  g_hash_table_iter_init (&iter, saved);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!linli_db_set_meta (self->db, key, value, error))
      {
        linli_db_rollback (self->db);
        return FALSE;
      }
  if (!linli_db_commit (self->db, error))
    return FALSE;
  self->state = LINLI_SYNC_STATE_NOT_ENROLLED;
  linli_sync_service_refresh (self);
  return TRUE;
}

/**
 * linli_sync_describe_time:
 * @local: a local date-time YYYY-MM-DDTHH:MM, as the service gives it
 *
 * Returns: (transfer full): "Today at 14:36", or the date and time
 */
char *
linli_sync_describe_time (const char *local)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *iso = NULL;

  if (local == NULL || *local == '\0')
    return g_strdup (_("Never"));
  iso = g_strconcat (local, ":00", NULL);
  when = g_date_time_new_from_iso8601 (iso, tz);
  if (when == NULL)
    return g_strdup (local);
  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    {
      g_autofree char *hm = g_date_time_format (when, "%H:%M");

      return g_strdup_printf (_("Today at %s"), hm);
    }
  return linli_format_datetime (when);
}

/* GObject ---------------------------------------------------------------- */

static void
linli_sync_service_dispose (GObject *object)
{
  LinliSyncService *self = LINLI_SYNC_SERVICE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer, g_source_remove);

  G_OBJECT_CLASS (linli_sync_service_parent_class)->dispose (object);
}

static void
linli_sync_service_finalize (GObject *object)
{
  LinliSyncService *self = LINLI_SYNC_SERVICE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);
  g_free (self->db_path);
  g_free (self->role);
  g_free (self->server);
  g_free (self->community_name);
  g_free (self->office_name);
  g_free (self->last_synced);
  g_free (self->error);
  g_free (self->office_totals);

  G_OBJECT_CLASS (linli_sync_service_parent_class)->finalize (object);
}

static void
linli_sync_service_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LinliSyncService *self = LINLI_SYNC_SERVICE (object);

  switch (prop_id)
    {
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_ROLE: g_value_set_string (value, self->role); break;
    case PROP_SERVER: g_value_set_string (value, self->server); break;
    case PROP_COMMUNITY_NAME: g_value_set_string (value, self->community_name); break;
    case PROP_OFFICE_NAME: g_value_set_string (value, self->office_name); break;
    case PROP_LAST_SYNCED: g_value_set_string (value, self->last_synced); break;
    case PROP_ERROR: g_value_set_string (value, self->error); break;
    case PROP_PENDING: g_value_set_int64 (value, self->pending); break;
    case PROP_CONFLICTS: g_value_set_int64 (value, self->conflicts); break;
    case PROP_PROGRESS: g_value_set_double (value, self->progress); break;
    case PROP_FIRST_PULL_DONE: g_value_set_boolean (value, self->first_pull_done); break;
    case PROP_OFFICE_TOTALS: g_value_set_string (value, self->office_totals); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
linli_sync_service_class_init (LinliSyncServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = linli_sync_service_dispose;
  object_class->finalize = linli_sync_service_finalize;
  object_class->get_property = linli_sync_service_get_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, LINLI_TYPE_SYNC_STATE,
                                              LINLI_SYNC_STATE_NOT_ENROLLED, ro);
  properties[PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL, ro);
  properties[PROP_SERVER] = g_param_spec_string ("server", NULL, NULL, NULL, ro);
  properties[PROP_COMMUNITY_NAME] = g_param_spec_string ("community-name", NULL, NULL, NULL, ro);
  properties[PROP_OFFICE_NAME] = g_param_spec_string ("office-name", NULL, NULL, NULL, ro);
  properties[PROP_LAST_SYNCED] = g_param_spec_string ("last-synced", NULL, NULL, NULL, ro);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, ro);
  properties[PROP_PENDING] = g_param_spec_int64 ("pending", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_CONFLICTS] = g_param_spec_int64 ("conflicts", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, -1, 1, -1, ro);
  properties[PROP_FIRST_PULL_DONE] = g_param_spec_boolean ("first-pull-done", NULL, NULL, FALSE, ro);
  properties[PROP_OFFICE_TOTALS] = g_param_spec_string ("office-totals", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LinliSyncService::synced:
   * @received: the changes that came from elsewhere
   *
   * A sync ended (well or not): views with @received > 0 reload.
   */
  signals[SYNCED] = g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
linli_sync_service_init (LinliSyncService *self)
{
  self->cancellable = g_cancellable_new ();
  self->progress = -1;
  self->state = LINLI_SYNC_STATE_NOT_ENROLLED;
}
