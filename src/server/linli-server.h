/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "linli-server-store.h"

G_BEGIN_DECLS

#define LINLI_TYPE_SERVER (linli_server_get_type ())

G_DECLARE_FINAL_TYPE (LinliServer, linli_server, LINLI, SERVER, GObject)

#define LINLI_SERVER_DEFAULT_THREADS 8

/* The server answers the protocol of PROTOCOL.md over one store. */
LinliServer      *linli_server_new          (LinliServerStore  *store);
LinliServerStore *linli_server_get_store    (LinliServer       *self);
void              linli_server_set_max_body (LinliServer       *self,
                                             gsize              max_body);

/* One request, as the HTTP layer or a test in the same process hands it
 * over: @path without the query; @authorization the header's value.
 * Returns the answer's JSON and sets @status. */
char             *linli_server_handle       (LinliServer       *self,
                                             const char        *method,
                                             const char        *path,
                                             const char        *query,
                                             const char        *authorization,
                                             const char        *body,
                                             gsize              body_len,
                                             const char        *remote,
                                             guint             *status);

/* HTTP: plain only on a loopback address, else with the certificate
 * and key. Prints "linli-server: listening on URL" for each address. */
gboolean          linli_server_listen       (LinliServer       *self,
                                             const char        *address,
                                             const char        *tls_cert,
                                             const char        *tls_key,
                                             guint              threads,
                                             GError           **error);
GSList           *linli_server_get_uris     (LinliServer       *self);
/* Serves until SIGTERM or SIGINT. */
void              linli_server_run          (LinliServer       *self);
void              linli_server_stop         (LinliServer       *self);

G_END_DECLS
