/* linli-hours-page.c: the ledger of service hours, by month, for a year
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-volunteers"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-hours.h"
#include "linli-hours-page.h"
#include "linli-roster-time.h"
#include "linli-vol-item.h"
#include "linli-vol-util.h"

struct _LinliHoursPage
{
  GtkWidget      parent_instance;

  LinliDb       *db;
  char          *community_id;
  GListStore    *store;
  GPtrArray     *rows;       /* LinliHoursRow, as shown */
  GPtrArray     *team_ids;   /* by row of the dropdown; NULL: all */
  gboolean       loading;

  GtkWidget     *box;
  GtkLabel      *summary_label;
  GtkSpinButton *year_spin;
  GtkDropDown   *team_dropdown;
  GtkColumnView *columns;
};

G_DEFINE_FINAL_TYPE (LinliHoursPage, linli_hours_page, GTK_TYPE_WIDGET)

static const char *
current_team (LinliHoursPage *self)
{
  guint i = gtk_drop_down_get_selected (self->team_dropdown);

  return i < self->team_ids->len ? g_ptr_array_index (self->team_ids, i) : NULL;
}

static void
load_rows (LinliHoursPage *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *total_text = NULL;
  double total = 0;
  guint serving = 0;
  int year = gtk_spin_button_get_value_as_int (self->year_spin);

  g_list_store_remove_all (self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  if (self->db == NULL)
    return;

  self->rows = linli_hours_ledger (self->db, self->community_id, year, current_team (self), &error);
  if (self->rows == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  for (guint i = 0; i < self->rows->len; i++)
    {
      LinliHoursRow *r = g_ptr_array_index (self->rows, i);
      LinliVolItem *item = linli_vol_item_new (r->volunteer_id);

      linli_vol_item_set (item, "name", r->name);
      linli_vol_item_set (item, "phone", r->phone);
      for (int m = 0; m < 12; m++)
        {
          g_autofree char *key = g_strdup_printf ("m%d", m + 1);
          g_autofree char *h = linli_vol_format_hours (r->months[m]);

          linli_vol_item_set (item, key, h);
        }
      {
        g_autofree char *t = linli_vol_format_hours (r->total);
        g_autofree char *n = g_strdup_printf ("%u", r->n_shifts);
        g_autofree char *a = r->n_absent ? g_strdup_printf ("%u", r->n_absent) : g_strdup ("");

        linli_vol_item_set (item, "total", t);
        linli_vol_item_set (item, "shifts", n);
        linli_vol_item_set (item, "absent", a);
      }
      linli_vol_item_set_number (item, "total", r->total);
      total += r->total;
      serving += r->total > 0;
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->store, 0, 0, items->pdata, items->len);

  total_text = linli_vol_format_hours (total);
  /* Translators: year, volunteers who served, volunteers, hours */
  summary = g_strdup_printf (_("%d: %u of %u volunteers served, %s hours in all"), year, serving,
                             self->rows->len, *total_text ? total_text : "0");
  gtk_label_set_text (self->summary_label, summary);
}

static void
on_filter_changed_cb (LinliHoursPage *self)
{
  if (!self->loading)
    load_rows (self);
}

void
linli_hours_page_reload (LinliHoursPage *self)
{
  g_autoptr(GtkStringList) teams = gtk_string_list_new (NULL);
  g_autofree char *keep = g_strdup (current_team (self));
  guint selected = 0;

  self->loading = TRUE;
  g_ptr_array_set_size (self->team_ids, 0);
  gtk_string_list_append (teams, _("All teams"));
  g_ptr_array_add (self->team_ids, NULL);
  if (self->db != NULL)
    {
      g_autoptr(LinliQuery) q = linli_db_query (self->db, NULL,
        "SELECT id, name FROM team WHERE community_id = ? AND deleted = 0 "
        "AND id IN (SELECT team_id FROM shift WHERE deleted = 0) ORDER BY name", "s", self->community_id);

      while (q != NULL && linli_query_next (q, NULL))
        {
          if (g_strcmp0 (keep, linli_query_get_string (q, 0)) == 0)
            selected = self->team_ids->len;
          gtk_string_list_append (teams, linli_query_get_string (q, 1));
          g_ptr_array_add (self->team_ids, linli_query_dup_string (q, 0));
        }
    }
  gtk_drop_down_set_model (self->team_dropdown, G_LIST_MODEL (teams));
  gtk_drop_down_set_selected (self->team_dropdown, selected);
  self->loading = FALSE;
  load_rows (self);
}

void
linli_hours_page_set_context (LinliHoursPage *self,
                              LinliDb        *db,
                              const char     *community_id)
{
  g_set_object (&self->db, db);
  g_free (self->community_id);
  self->community_id = g_strdup (community_id);
  linli_hours_page_reload (self);
}

void
linli_hours_page_set_year (LinliHoursPage *self,
                           int             year)
{
  gtk_spin_button_set_value (self->year_spin, year);
}

/**
 * linli_hours_page_export:
 * @path: a .xlsx or a .csv file
 *
 * Writes the ledger shown.
 */
gboolean
linli_hours_page_export (LinliHoursPage  *self,
                         const char      *path,
                         GError         **error)
{
  int year = gtk_spin_button_get_value_as_int (self->year_spin);
  g_autofree char *title = g_strdup_printf (_("Volunteer service hours, %d"), year);

  if (self->rows == NULL)
    return TRUE;
  if (g_str_has_suffix (path, ".csv"))
    return linli_hours_write_csv (self->rows, year, path, error);
  return linli_hours_write_xlsx (self->rows, year, title, path, error);
}

/**
 * linli_hours_page_get_model:
 *
 * Returns: (transfer none): the ledger shown (LinliVolItem: name, phone,
 *   m1…m12, total, shifts, absent)
 */
GListModel *
linli_hours_page_get_model (LinliHoursPage *self)
{
  return G_LIST_MODEL (self->store);
}

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       LinliHoursPage  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path != NULL && !linli_hours_page_export (self, path, &error))
        linli_vol_error (GTK_WIDGET (self), _("Cannot export the hours"), error);
      else if (path != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Hours written to %s"), path);

          linli_vol_toast (GTK_WIDGET (self), adw_toast_new (text));
        }
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LinliHoursPage *self = LINLI_HOURS_PAGE (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  GtkFileChooserNative *dialog;
  g_autofree char *name = g_strdup_printf (_("service-hours-%d.%s"), gtk_spin_button_get_value_as_int (self->year_spin),
                                           format);

  dialog = gtk_file_chooser_native_new (_("Export Service Hours"), linli_vol_toplevel (widget),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
linli_hours_page_dispose (GObject *object)
{
  LinliHoursPage *self = LINLI_HOURS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LINLI_TYPE_HOURS_PAGE);
  /* The template's top box has no field: unparent it here. */
  while (gtk_widget_get_first_child (GTK_WIDGET (self)) != NULL)
    gtk_widget_unparent (gtk_widget_get_first_child (GTK_WIDGET (self)));
  g_clear_object (&self->store);
  g_clear_object (&self->db);
  g_clear_pointer (&self->community_id, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->team_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (linli_hours_page_parent_class)->dispose (object);
}

static void
linli_hours_page_class_init (LinliHoursPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_hours_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/volunteers/linli-hours-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliHoursPage, box);
  gtk_widget_class_bind_template_child (widget_class, LinliHoursPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LinliHoursPage, year_spin);
  gtk_widget_class_bind_template_child (widget_class, LinliHoursPage, team_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LinliHoursPage, columns);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_install_action (widget_class, "hours.export", "s", export_action);
}

static void
linli_hours_page_init (LinliHoursPage *self)
{
  static const char *months[] = {
    NC_("month", "Jan"), NC_("month", "Feb"), NC_("month", "Mar"), NC_("month", "Apr"), NC_("month", "May"), NC_("month", "Jun"),
    NC_("month", "Jul"), NC_("month", "Aug"), NC_("month", "Sep"), NC_("month", "Oct"), NC_("month", "Nov"), NC_("month", "Dec"),
  };

  self->store = g_list_store_new (LINLI_TYPE_VOL_ITEM);
  self->team_ids = g_ptr_array_new_with_free_func (g_free);
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_spin_button_set_value (self->year_spin, linli_roster_year_of (linli_roster_today ()));
  self->loading = FALSE;

  gtk_column_view_set_model (self->columns, GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->store)))));
  linli_vol_add_column (self->columns, C_("person", "Name"), "name", TRUE, FALSE);
  linli_vol_add_column (self->columns, _("Phone"), "phone", FALSE, FALSE);
  for (int m = 0; m < 12; m++)
    {
      g_autofree char *key = g_strdup_printf ("m%d", m + 1);

      linli_vol_add_column (self->columns, g_dpgettext2 (GETTEXT_PACKAGE, "month", months[m]), key, FALSE, TRUE);
    }
  linli_vol_add_column (self->columns, _("Year"), "total", FALSE, TRUE);
  linli_vol_add_column (self->columns, _("Shifts"), "shifts", FALSE, TRUE);
  linli_vol_add_column (self->columns, _("Absent"), "absent", FALSE, TRUE);
}
