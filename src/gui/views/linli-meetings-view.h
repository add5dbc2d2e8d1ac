/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-view.h"

G_BEGIN_DECLS

#define LINLI_TYPE_MEETINGS_VIEW (linli_meetings_view_get_type ())

G_DECLARE_FINAL_TYPE (LinliMeetingsView, linli_meetings_view, LINLI, MEETINGS_VIEW, LinliView)

G_END_DECLS
