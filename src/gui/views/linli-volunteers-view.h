/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-view.h"

G_BEGIN_DECLS

#define LINLI_TYPE_VOLUNTEERS_VIEW (linli_volunteers_view_get_type ())

G_DECLARE_FINAL_TYPE (LinliVolunteersView, linli_volunteers_view, LINLI, VOLUNTEERS_VIEW, LinliView)

G_END_DECLS
