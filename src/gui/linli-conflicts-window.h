/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-window.h"

G_BEGIN_DECLS

#define LINLI_TYPE_CONFLICTS_WINDOW (linli_conflicts_window_get_type ())

G_DECLARE_FINAL_TYPE (LinliConflictsWindow, linli_conflicts_window, LINLI, CONFLICTS_WINDOW, AdwWindow)

GtkWidget *linli_conflicts_window_new (LinliWindow *window,
                                       GtkWindow   *parent);

G_END_DECLS
