/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "linli-application.h"

G_BEGIN_DECLS

#define LINLI_TYPE_PREFERENCES_WINDOW (linli_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (LinliPreferencesWindow, linli_preferences_window, LINLI, PREFERENCES_WINDOW, AdwPreferencesWindow)

LinliPreferencesWindow *linli_preferences_window_new (LinliApplication *application);

G_END_DECLS
