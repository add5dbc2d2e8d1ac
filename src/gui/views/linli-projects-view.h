/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "linli-view.h"

G_BEGIN_DECLS

#define LINLI_TYPE_PROJECTS_VIEW (linli_projects_view_get_type ())

G_DECLARE_FINAL_TYPE (LinliProjectsView, linli_projects_view, LINLI, PROJECTS_VIEW, LinliView)

G_END_DECLS
