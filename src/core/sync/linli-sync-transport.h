/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * LinliSyncRequestFunc:
 * @method: "GET" or "POST"
 * @path: the path and query after the server's address, e.g. "/v1/enrol"
 * @token: (nullable): the device token, sent as a bearer token
 * @body: (nullable): the JSON body of a POST
 * @status: (out): the HTTP status of the answer
 *
 * One request to the server. The HTTP transport is the real one; tests
 * put the server in the same process, and drop, repeat or delay requests.
 *
 * Returns: (transfer full) (nullable): the answer's body, or %NULL with
 *   @error set when no answer came (%LINLI_SYNC_ERROR_NETWORK)
 */
typedef GBytes *(*LinliSyncRequestFunc) (gpointer       user_data,
                                         const char    *method,
                                         const char    *path,
                                         const char    *token,
                                         GBytes        *body,
                                         guint         *status,
                                         GCancellable  *cancellable,
                                         GError       **error);

typedef struct _LinliSyncHttp LinliSyncHttp;

/* The server's address: https://, or http:// on the loopback only;
 * @insecure (accept any certificate) on the loopback only. */
gboolean       linli_sync_check_url       (const char   *url,
                                           gboolean      insecure,
                                           GError      **error);
gboolean       linli_sync_url_is_loopback (const char   *url);

LinliSyncHttp *linli_sync_http_new        (const char   *base_url,
                                           gboolean      insecure,
                                           GError      **error);
void           linli_sync_http_free       (LinliSyncHttp *http);
GBytes        *linli_sync_http_request    (gpointer       http,
                                           const char    *method,
                                           const char    *path,
                                           const char    *token,
                                           GBytes        *body,
                                           guint         *status,
                                           GCancellable  *cancellable,
                                           GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliSyncHttp, linli_sync_http_free)

G_END_DECLS
