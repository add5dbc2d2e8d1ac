/* linli-first-run-page.c: what a new community file offers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-first-run-page"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-demo.h"
#include "linli-first-run-page.h"

struct _LinliFirstRunPage
{
  AdwBin          parent_instance;

  LinliDb        *db;
  GCancellable   *cancellable;

  GtkRevealer    *progress_revealer;
  GtkLabel       *progress_label;
  GtkProgressBar *progress_bar;
  GtkListBox     *choices;
};

G_DEFINE_FINAL_TYPE (LinliFirstRunPage, linli_first_run_page, ADW_TYPE_BIN)

enum {
  COMMUNITY_CREATED,
  IMPORT_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
linli_first_run_page_set_db (LinliFirstRunPage *self,
                             LinliDb           *db)
{
  g_return_if_fail (LINLI_IS_FIRST_RUN_PAGE (self));

  g_set_object (&self->db, db);
}

static void
set_busy (LinliFirstRunPage *self,
          const char        *what)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->choices), what == NULL);
  gtk_revealer_set_reveal_child (self->progress_revealer, what != NULL);
  if (what != NULL)
    {
      gtk_label_set_text (self->progress_label, what);
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
    }
}

static void
show_error (LinliFirstRunPage *self,
            const char        *heading,
            const GError      *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (root), heading, error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Create ------------------------------------------------------------------- */

typedef struct
{
  LinliFirstRunPage *self;
  AdwEntryRow       *name;
  AdwEntryRow       *street;
  AdwEntryRow       *district;
} CreateForm;

static void
create_form_free (gpointer  data,
                  GClosure *closure)
{
  CreateForm *form = data;

  g_object_unref (form->self);
  g_free (form);
}

static void
on_create_name_changed_cb (AdwMessageDialog *dialog,
                           GtkEditable      *editable)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  adw_message_dialog_set_response_enabled (dialog, "create", *name != '\0');
}

static void
on_create_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       CreateForm       *form)
{
  LinliFirstRunPage *self = form->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *street = NULL;
  g_autofree char *district = NULL;

  if (!g_str_equal (response, "create") || self->db == NULL)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->name))));
  street = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->street))));
  district = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->district))));
  id = linli_new_id ();

  if (!linli_db_insert_with_id (self->db, &error, "community", id,
                                "community_id,name,street,district", "ssss",
                                id, name, *street ? street : NULL, *district ? district : NULL))
    {
      show_error (self, _("The community could not be created"), error);
      return;
    }

  g_signal_emit (self, signals[COMMUNITY_CREATED], 0, id);
}

static void
create_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LinliFirstRunPage *self = LINLI_FIRST_RUN_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;
  GtkWidget *group, *name, *street, *district;
  CreateForm *form;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (root), _("New Community"),
                                                       _("The name of the community as it is written on its seal, and where it is.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "create");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, "create", FALSE);

  group = adw_preferences_group_new ();
  name = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name), _("Community name, e.g. 青和社区"));
  street = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (street), _("Street office (街道)"));
  district = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (district), _("District (区)"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), name);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), street);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), district);
  adw_message_dialog_set_extra_child (dialog, group);

  form = g_new0 (CreateForm, 1);
  form->self = g_object_ref (self);
  form->name = ADW_ENTRY_ROW (name);
  form->street = ADW_ENTRY_ROW (street);
  form->district = ADW_ENTRY_ROW (district);

  g_signal_connect_object (name, "changed", G_CALLBACK (on_create_name_changed_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_create_response_cb), form,
                         create_form_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Import ------------------------------------------------------------------- */

static void
import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[IMPORT_REQUESTED], 0);
}

/* Demo --------------------------------------------------------------------- */

typedef struct
{
  GWeakRef page;
  double   fraction;
} DemoProgress;

static gboolean
update_progress_cb (gpointer data)
{
  DemoProgress *p = data;
  g_autoptr(LinliFirstRunPage) self = g_weak_ref_get (&p->page);

  if (self != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, p->fraction);
  g_weak_ref_clear (&p->page);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
demo_progress_cb (double   fraction,
                  gpointer user_data)
{
  GTask *task = user_data;
  DemoProgress *p = g_new0 (DemoProgress, 1);

  g_weak_ref_init (&p->page, g_task_get_source_object (task));
  p->fraction = fraction;
  g_main_context_invoke (NULL, update_progress_cb, p);
}

static void
demo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LinliDb) db = NULL;
  g_autofree char *id = NULL;

  LinliDemoScale scale = LINLI_DEMO_SEED;

  /* Tests ask for a smaller one. */
  if (g_getenv ("LINLI_DEMO_SCALE") != NULL)
    linli_demo_parse_scale (g_getenv ("LINLI_DEMO_SCALE"), &scale);

  /* A connection of its own: the window's stays responsive. */
  db = linli_db_open (path, &error);
  if (db == NULL || !linli_demo_generate (db, scale, 20230812, NULL, demo_progress_cb, task, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  id = linli_db_query_string (db, &error,
                              "SELECT id FROM community WHERE deleted = 0 ORDER BY rowid DESC LIMIT 1", NULL);
  g_task_return_pointer (task, g_steal_pointer (&id), g_free);
}

static void
demo_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LinliFirstRunPage *self = LINLI_FIRST_RUN_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_task_propagate_pointer (G_TASK (result), &error);

  set_busy (self, NULL);
  if (id == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("The demo community could not be created"), error);
      return;
    }

  g_signal_emit (self, signals[COMMUNITY_CREATED], 0, id);
}

static void
demo_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LinliFirstRunPage *self = LINLI_FIRST_RUN_PAGE (widget);
  g_autoptr(GTask) task = NULL;

  if (self->db == NULL)
    return;

  set_busy (self, _("Creating the demo community: 60 buildings, 5,309 households…"));
  task = g_task_new (self, self->cancellable, demo_done_cb, NULL);
  g_task_set_source_tag (task, demo_activated);
  g_task_set_task_data (task, g_strdup (linli_db_get_path (self->db)), g_free);
  g_task_run_in_thread (task, demo_thread);
}

static void
linli_first_run_page_dispose (GObject *object)
{
  LinliFirstRunPage *self = LINLI_FIRST_RUN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_FIRST_RUN_PAGE);
  g_clear_object (&self->db);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (linli_first_run_page_parent_class)->dispose (object);
}

static void
linli_first_run_page_class_init (LinliFirstRunPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_first_run_page_dispose;

  /**
   * LinliFirstRunPage::community-created:
   * @id: the new community's id
   */
  signals[COMMUNITY_CREATED] =
    g_signal_new ("community-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[IMPORT_REQUESTED] =
    g_signal_new ("import-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/linli-first-run-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliFirstRunPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, LinliFirstRunPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, LinliFirstRunPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LinliFirstRunPage, choices);

  gtk_widget_class_install_action (widget_class, "first-run.create", NULL, create_activated);
  gtk_widget_class_install_action (widget_class, "first-run.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "first-run.demo", NULL, demo_activated);
}

static void
linli_first_run_page_init (LinliFirstRunPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
