/* linli-office-view.c: the street office's view of its communities
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A PC enrolled with a street-office account keeps, at each sync, the
 * totals of the office's communities (the server sends counts, never a
 * person). This view shows them: a chart of one measure at a time, and
 * a table of all of them.
 */

#define G_LOG_DOMAIN "linli-office-view"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "linli-format.h"
#include "linli-office-chart.h"
#include "linli-office-view.h"

/* One community's totals. */
#define LINLI_TYPE_OFFICE_ITEM (linli_office_item_get_type ())
G_DECLARE_FINAL_TYPE (LinliOfficeItem, linli_office_item, LINLI, OFFICE_ITEM, GObject)

#define N_STAGES  5
#define N_SOURCES 5

struct _LinliOfficeItem
{
  GObject  parent_instance;

  char    *name;
  gint64   residents;
  gint64   households;
  gint64   squads;
  gint64   squads_complete;
  gint64   visits;
  gint64   projects[N_STAGES];
  gint64   money[N_SOURCES];
};

G_DEFINE_FINAL_TYPE (LinliOfficeItem, linli_office_item, G_TYPE_OBJECT)

static void
linli_office_item_finalize (GObject *object)
{
  g_free (LINLI_OFFICE_ITEM (object)->name);
  G_OBJECT_CLASS (linli_office_item_parent_class)->finalize (object);
}

static void
linli_office_item_class_init (LinliOfficeItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = linli_office_item_finalize;
}

static void
linli_office_item_init (LinliOfficeItem *self)
{
}

static const char *stage_keys[N_STAGES] = { "plan", "build", "manage", "evaluate", "share" };
static const char *stage_names[N_STAGES] = { N_("Co-plan"), N_("Co-build"), N_("Co-manage"), N_("Co-evaluate"), N_("Co-share") };
static const char *source_keys[N_SOURCES] = { "self_raised", "unit", "government", "crowdfunding", "donation" };
static const char *source_names[N_SOURCES] = { N_("Self-raised"), N_("Co-building units"), N_("Government"),
                                               N_("Crowdfunding"), N_("Donations") };

typedef enum
{
  COLUMN_NAME,
  COLUMN_RESIDENTS,
  COLUMN_HOUSEHOLDS,
  COLUMN_SQUADS,
  COLUMN_PROJECTS,
  COLUMN_MONEY,
  COLUMN_VISITS,
} Column;

struct _LinliOfficeView
{
  AdwBin            parent_instance;

  LinliSyncService *service;
  GListStore       *items;

  GtkStack         *stack;
  GtkLabel         *title;
  GtkLabel         *subtitle;
  GtkDropDown      *measure;
  LinliOfficeChart *chart;
  GtkColumnView    *table;
};

G_DEFINE_FINAL_TYPE (LinliOfficeView, linli_office_view, ADW_TYPE_BIN)

gboolean
linli_office_view_is_wanted (LinliSyncService *service)
{
  return service != NULL && linli_sync_service_get_state (service) != LINLI_SYNC_STATE_NOT_ENROLLED &&
         g_strcmp0 (linli_sync_service_get_role (service), "office") == 0;
}

guint
linli_office_view_get_n_communities (LinliOfficeView *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->items));
}

static gint64
member_int (JsonObject *o,
            const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (n);
}

static JsonObject *
member_object (JsonObject *o,
               const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;

  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static char *
format_count (double value)
{
  return linli_format_count ((gint64) value);
}

static char *
format_money (double value)
{
  return linli_format_money ((gint64) value);
}

static void
update_chart (LinliOfficeView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint which = gtk_drop_down_get_selected (self->measure);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) series = g_ptr_array_new ();
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (double));
  LinliOfficeChartFormat format = format_count;

  switch (which)
    {
    case 1:
      for (guint s = 0; s < N_STAGES; s++)
        g_ptr_array_add (series, (gpointer) _(stage_names[s]));
      break;
    case 2:
      for (guint s = 0; s < N_SOURCES; s++)
        g_ptr_array_add (series, (gpointer) _(source_names[s]));
      format = format_money;
      break;
    case 4:
      g_ptr_array_add (series, (gpointer) _("Complete"));
      g_ptr_array_add (series, (gpointer) _("Incomplete"));
      break;
    default:
      g_ptr_array_add (series, (gpointer) "");
      break;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LinliOfficeItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      g_ptr_array_add (rows, item->name);
      switch (which)
        {
        case 0:
          g_array_append_vals (values, (double[]) { (double) item->residents }, 1);
          break;
        case 1:
          for (guint s = 0; s < N_STAGES; s++)
            g_array_append_vals (values, (double[]) { (double) item->projects[s] }, 1);
          break;
        case 2:
          for (guint s = 0; s < N_SOURCES; s++)
            g_array_append_vals (values, (double[]) { (double) item->money[s] }, 1);
          break;
        case 3:
          g_array_append_vals (values, (double[]) { (double) item->visits }, 1);
          break;
        default:
          g_array_append_vals (values, (double[]) { (double) item->squads_complete,
                                                    (double) (item->squads - item->squads_complete) }, 2);
          break;
        }
    }

  linli_office_chart_set_data (self->chart, (const char * const *) rows->pdata, rows->len,
                               (const char * const *) series->pdata, series->len,
                               (const double *) values->data, format);
}

static char *
describe_month (const char *month)
{
  g_autofree char *iso = g_strconcat (month ? month : "", "-01T00:00:00", NULL);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, tz);

  if (dt == NULL)
    return g_strdup (month ? month : "");
  /* Translators: a month as strftime() writes it; zh_CN: "%Y年%-m月" */
  return g_date_time_format (dt, C_("month format", "%B %Y"));
}

static void
reload (LinliOfficeView *self)
{
  const char *text = self->service ? linli_sync_service_get_office_totals (self->service) : NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *office;
  JsonNode *list;
  g_autofree char *month = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *n_text = NULL;
  g_autofree char *subtitle = NULL;
  guint n;

  g_list_store_remove_all (self->items);
  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  office = member_object (root, "office");
  list = json_object_get_member (root, "communities");
  if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
      {
        JsonNode *node = json_array_get_element (json_node_get_array (list), i);
        JsonObject *c = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
        g_autoptr(LinliOfficeItem) item = NULL;

        if (c == NULL)
          continue;
        item = g_object_new (LINLI_TYPE_OFFICE_ITEM, NULL);
        item->name = g_strdup (json_object_get_string_member_with_default (c, "name", ""));
        item->residents = member_int (c, "residents");
        item->households = member_int (c, "households");
        item->squads = member_int (c, "squads");
        item->squads_complete = member_int (c, "squads_complete");
        item->visits = member_int (c, "visits_month");
        for (guint s = 0; s < N_STAGES; s++)
          item->projects[s] = member_int (member_object (c, "projects"), stage_keys[s]);
        for (guint s = 0; s < N_SOURCES; s++)
          item->money[s] = member_int (member_object (c, "money"), source_keys[s]);
        g_list_store_append (self->items, item);
      }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  gtk_label_set_text (self->title, office ? json_object_get_string_member_with_default (office, "name", "") : "");
  month = describe_month (json_object_get_string_member_with_default (root, "month", NULL));
  updated = linli_sync_describe_time (linli_sync_service_get_last_synced (self->service));
  n_text = linli_format_count (n);
  subtitle = g_strdup_printf (ngettext ("%s community · %s · updated %s",
                                        "%s communities · %s · updated %s", n),
                              n_text, month, updated);
  gtk_label_set_text (self->subtitle, subtitle);
  update_chart (self);
  gtk_stack_set_visible_child_name (self->stack, "totals");
}

static void
on_totals_changed_cb (LinliOfficeView *self,
                      GParamSpec      *pspec,
                      GObject         *service)
{
  reload (self);
}

/* "Sync Now" while none runs, and only for an account still enrolled. */
static void
on_state_changed_cb (LinliOfficeView *self)
{
  LinliSyncState state = self->service ? linli_sync_service_get_state (self->service) : LINLI_SYNC_STATE_NOT_ENROLLED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "office.sync-now",
                                 state != LINLI_SYNC_STATE_NOT_ENROLLED && state != LINLI_SYNC_STATE_SYNCING);
}

void
linli_office_view_set_service (LinliOfficeView  *self,
                               LinliSyncService *service)
{
  g_return_if_fail (LINLI_IS_OFFICE_VIEW (self));

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_set_object (&self->service, service);
  if (service != NULL)
    {
      g_signal_connect_object (service, "notify::office-totals", G_CALLBACK (on_totals_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (service, "notify::last-synced", G_CALLBACK (on_totals_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (service, "notify::state", G_CALLBACK (on_state_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  on_state_changed_cb (self);
  reload (self);
}

/* The table ------------------------------------------------------------- */

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_NAME ? 0.0f : 1.0f);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  if (column != COLUMN_NAME)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  LinliOfficeItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  g_autofree char *text = NULL;
  g_autofree char *tip = NULL;

  switch (column)
    {
    case COLUMN_NAME:
      text = g_strdup (item->name);
      break;
    case COLUMN_RESIDENTS:
      text = linli_format_count (item->residents);
      break;
    case COLUMN_HOUSEHOLDS:
      text = linli_format_count (item->households);
      break;
    case COLUMN_SQUADS:
      {
        g_autofree char *a = linli_format_count (item->squads_complete);
        g_autofree char *b = linli_format_count (item->squads);

        /* Translators: complete squads of all squads, "12 / 19" */
        text = g_strdup_printf (_("%s / %s"), a, b);
      }
      break;
    case COLUMN_PROJECTS:
      {
        GString *t = g_string_new (NULL);
        gint64 total = 0;

        for (guint s = 0; s < N_STAGES; s++)
          {
            g_autofree char *n = linli_format_count (item->projects[s]);

            total += item->projects[s];
            g_string_append_printf (t, "%s%s %s", s ? "\n" : "", _(stage_names[s]), n);
          }
        text = linli_format_count (total);
        tip = g_string_free (t, FALSE);
      }
      break;
    case COLUMN_MONEY:
      {
        GString *t = g_string_new (NULL);
        gint64 total = 0;

        for (guint s = 0; s < N_SOURCES; s++)
          {
            g_autofree char *m = linli_format_money (item->money[s]);

            total += item->money[s];
            g_string_append_printf (t, "%s%s %s", s ? "\n" : "", _(source_names[s]), m);
          }
        text = linli_format_money (total);
        tip = g_string_free (t, FALSE);
      }
      break;
    case COLUMN_VISITS:
    default:
      text = linli_format_count (item->visits);
      break;
    }
  gtk_label_set_text (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), tip);
}

static void
add_column (LinliOfficeView *self,
            const char      *title,
            Column           column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *c;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (column));
  c = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (c, column == COLUMN_NAME);
  gtk_column_view_append_column (self->table, c);
  g_object_unref (c);
}

static void
sync_now_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LinliOfficeView *self = LINLI_OFFICE_VIEW (widget);

  if (self->service != NULL)
    linli_sync_service_sync_now (self->service);
}

static void
on_measure_changed_cb (LinliOfficeView *self,
                       GParamSpec      *pspec,
                       GtkDropDown     *measure)
{
  update_chart (self);
}

static void
linli_office_view_dispose (GObject *object)
{
  LinliOfficeView *self = LINLI_OFFICE_VIEW (object);

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
  /* The bin disposes its child, the template's root, and all in it. */
  g_clear_object (&self->items);

  G_OBJECT_CLASS (linli_office_view_parent_class)->dispose (object);
}

static void
linli_office_view_class_init (LinliOfficeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = linli_office_view_dispose;

  g_type_ensure (LINLI_TYPE_OFFICE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linli/Linli/linli-office-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LinliOfficeView, stack);
  gtk_widget_class_bind_template_child (widget_class, LinliOfficeView, title);
  gtk_widget_class_bind_template_child (widget_class, LinliOfficeView, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LinliOfficeView, measure);
  gtk_widget_class_bind_template_child (widget_class, LinliOfficeView, chart);
  gtk_widget_class_bind_template_child (widget_class, LinliOfficeView, table);

  gtk_widget_class_install_action (widget_class, "office.sync-now", NULL, sync_now_activated);
}

static void
linli_office_view_init (LinliOfficeView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (LINLI_TYPE_OFFICE_ITEM);
  {
    GtkNoSelection *selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->items)));

    gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (selection));
    g_object_unref (selection);
  }
  add_column (self, _("Community"), COLUMN_NAME);
  add_column (self, _("Residents"), COLUMN_RESIDENTS);
  /* Translators: a column of the street office's table: households of the community */
  add_column (self, C_("office column", "Households"), COLUMN_HOUSEHOLDS);
  add_column (self, _("119 Squads Complete"), COLUMN_SQUADS);
  add_column (self, _("Projects"), COLUMN_PROJECTS);
  add_column (self, _("Money Raised"), COLUMN_MONEY);
  add_column (self, _("Visits This Month"), COLUMN_VISITS);

  g_signal_connect_object (self->measure, "notify::selected", G_CALLBACK (on_measure_changed_cb), self,
                           G_CONNECT_SWAPPED);
}
