/* linli-record-dialog.c: the fields of one record, for records whose
 * view has no page of its own for them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "linli-record-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "linli-format.h"
#include "linli-record-dialog.h"
#include "linli-vocab.h"

typedef enum { TEXT, DATE, DATETIME, MONEY, PERCENT, VOCAB, SKIP } Kind;

static const struct {
  const char *column;
  const char *label;
  Kind        kind;
  LinliVocabKind vocab;
} fields[] = {
  { "kind", N_("Kind"), VOCAB, LINLI_VOCAB_MEETING_KIND },
  { "name", N_("Name"), TEXT, 0 },
  { "title", N_("Title"), TEXT, 0 },
  { "stage", N_("Stage"), VOCAB, LINLI_VOCAB_PROJECT_STAGE },
  { "category", N_("Category"), VOCAB, LINLI_VOCAB_PROJECT_CATEGORY },
  { "progress", N_("Progress"), PERCENT, 0 },
  { "progress_note", N_("Progress note"), TEXT, 0 },
  { "budget", N_("Budget"), MONEY, 0 },
  { "starts_at", N_("Starts"), DATETIME, 0 },
  { "ends_at", N_("Ends"), DATETIME, 0 },
  { "rrule", N_("Repeats"), TEXT, 0 },
  { "organiser", N_("Organiser"), TEXT, 0 },
  { "location", N_("Location"), TEXT, 0 },
  { "address", N_("Address"), TEXT, 0 },
  { "capacity", N_("Capacity"), TEXT, 0 },
  { "contact_name", N_("Contact"), TEXT, 0 },
  { "description", N_("Description"), TEXT, 0 },
  { "agenda", N_("Agenda"), TEXT, 0 },
  { "minutes", N_("Minutes"), TEXT, 0 },
  { "started", N_("Started"), DATE, 0 },
  { "finished", N_("Finished"), DATE, 0 },
  { "since", N_("Since"), DATE, 0 },
  { "notes", N_("Notes"), TEXT, 0 },
};

static char *
format_value (const char *table,
              int         field,
              const char *value)
{
  switch (fields[field].kind)
    {
    case DATE:
      return linli_format_date_iso (value);
    case DATETIME:
      {
        g_autoptr(GDateTime) dt = NULL;
        g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
        g_autofree char *iso = g_strconcat (value, ":00", NULL);

        dt = g_date_time_new_from_iso8601 (iso, tz);
        return dt ? linli_format_datetime (dt) : g_strdup (value);
      }
    case MONEY:
      return linli_format_money (g_ascii_strtoll (value, NULL, 10));
    case PERCENT:
      return g_strdup_printf ("%s%%", value);
    case VOCAB:
      {
        LinliVocabKind vocab = fields[field].vocab;

        if (g_str_equal (fields[field].column, "kind"))
          {
            if (g_str_equal (table, "team"))
              vocab = LINLI_VOCAB_TEAM_KIND;
            else if (g_str_equal (table, "organisation"))
              vocab = LINLI_VOCAB_ORG_KIND;
          }
        return g_strdup (linli_vocab_label (vocab, value));
      }
    case TEXT:
    case SKIP:
    default:
      return g_strdup (value);
    }
}

/**
 * linli_record_dialog_new:
 *
 * Returns: (transfer none): a dialog showing the record's fields
 */
GtkWindow *
linli_record_dialog_new (GtkWindow  *parent,
                         LinliDb    *db,
                         const char *table,
                         const char *id)
{
  AdwMessageDialog *dialog;
  GtkWidget *group = adw_preferences_group_new ();
  g_auto(GStrv) cols = linli_db_list_columns (db, table);
  g_autofree char *heading = NULL;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, NULL, NULL));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));

  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      g_autofree char *sql = NULL;
      g_autofree char *value = NULL;
      g_autofree char *shown = NULL;
      gboolean present = FALSE;
      GtkWidget *row;

      for (guint c = 0; cols[c] != NULL; c++)
        if (g_str_equal (cols[c], fields[f].column))
          present = TRUE;
      if (!present)
        continue;

      sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?", fields[f].column, table);
      value = linli_db_query_string (db, NULL, sql, "s", id);
      if (value == NULL || *value == '\0')
        continue;

      if (heading == NULL && (g_str_equal (fields[f].column, "name") || g_str_equal (fields[f].column, "title")))
        {
          heading = g_steal_pointer (&value);
          continue;
        }

      shown = format_value (table, (int) f, value);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(fields[f].label));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown ? shown : value);
      gtk_widget_add_css_class (row, "property");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  adw_message_dialog_set_heading (dialog, heading ? heading : "");
  adw_message_dialog_set_extra_child (dialog, group);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 520, -1);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}
