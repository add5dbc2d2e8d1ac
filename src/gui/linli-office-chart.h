/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LINLI_TYPE_OFFICE_CHART (linli_office_chart_get_type ())

G_DECLARE_FINAL_TYPE (LinliOfficeChart, linli_office_chart, LINLI, OFFICE_CHART, GtkWidget)

/* One bar per row, its series stacked; @values holds n_rows × n_series
 * numbers, row by row. @format writes a number as the bars' ends show it. */
typedef char *(*LinliOfficeChartFormat) (double value);

GtkWidget *linli_office_chart_new      (void);
void       linli_office_chart_set_data (LinliOfficeChart       *self,
                                        const char * const     *rows,
                                        guint                   n_rows,
                                        const char * const     *series,
                                        guint                   n_series,
                                        const double           *values,
                                        LinliOfficeChartFormat  format);

G_END_DECLS
