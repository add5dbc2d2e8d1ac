/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "linli-db.h"

G_BEGIN_DECLS

/* The wire format of sync, version 1: see PROTOCOL.md beside this file. */
#define LINLI_SYNC_API "/v1"

/* Limits both sides agree on. */
#define LINLI_SYNC_MAX_BODY        (8 * 1024 * 1024)  /* bytes of a request */
#define LINLI_SYNC_MAX_BATCH       1000               /* changes in one push */
#define LINLI_SYNC_MAX_PAGE        5000               /* changes in one pull page */
#define LINLI_SYNC_MAX_ID          64                 /* characters of a row or change id */
#define LINLI_SYNC_MAX_JSON_DEPTH  32

#define LINLI_SYNC_ERROR (linli_sync_error_quark ())

typedef enum
{
  LINLI_SYNC_ERROR_FAILED,
  LINLI_SYNC_ERROR_NETWORK,          /* the server could not be reached */
  LINLI_SYNC_ERROR_PROTOCOL,         /* an answer this Linli cannot read */
  LINLI_SYNC_ERROR_BAD_REQUEST,      /* 400: the server refused what was sent */
  LINLI_SYNC_ERROR_UNAUTHORIZED,     /* 401: the server does not know this computer */
  LINLI_SYNC_ERROR_REVOKED,          /* 403: this computer's access was revoked */
  LINLI_SYNC_ERROR_FORBIDDEN,        /* 403: another community's data */
  LINLI_SYNC_ERROR_BAD_CODE,         /* the enrolment code is wrong, used or expired */
  LINLI_SYNC_ERROR_OTHER_COMMUNITY,  /* this file's data belongs to another community */
  LINLI_SYNC_ERROR_CLOCK,            /* a clock too far ahead */
  LINLI_SYNC_ERROR_TOO_LARGE,        /* 413 */
  LINLI_SYNC_ERROR_NOT_ENROLLED,     /* no server configured in this file */
  LINLI_SYNC_ERROR_INSECURE,         /* plain HTTP or --insecure off the loopback */
  LINLI_SYNC_ERROR_SERVER,           /* 5xx */
  LINLI_SYNC_ERROR_CANCELLED,
} LinliSyncError;

GQuark linli_sync_error_quark (void);

/* The error names of the wire, and the HTTP status each goes with. */
const char    *linli_sync_error_to_wire   (LinliSyncError  code);
LinliSyncError linli_sync_error_from_wire (const char     *name,
                                           guint           http_status);
guint          linli_sync_error_http_status (LinliSyncError code);

/* The synced tables and their columns, as this Linli knows them. */
typedef struct
{
  char     *name;
  char      affinity;     /* 't' text, 'i' integer, 'r' real, 'n' other */
  gboolean  notnull;
  gboolean  has_default;
} LinliSyncColumn;

typedef struct
{
  char       *name;
  GPtrArray  *columns;    /* LinliSyncColumn, schema order, without id and _hlc */
  GHashTable *by_name;    /* name -> LinliSyncColumn */
} LinliSyncTable;

typedef struct _LinliSyncSchema LinliSyncSchema;

LinliSyncSchema       *linli_sync_schema_new_from_db (LinliDb          *db);
LinliSyncSchema       *linli_sync_schema_new_builtin (GError          **error);
LinliSyncSchema       *linli_sync_schema_ref         (LinliSyncSchema  *schema);
void                   linli_sync_schema_unref       (LinliSyncSchema  *schema);
const LinliSyncTable  *linli_sync_schema_lookup      (LinliSyncSchema  *schema,
                                                      const char       *table);
const GPtrArray       *linli_sync_schema_get_tables  (LinliSyncSchema  *schema);
const LinliSyncColumn *linli_sync_table_lookup       (const LinliSyncTable *table,
                                                      const char       *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliSyncSchema, linli_sync_schema_unref)

/* One change of one row: an insert with every column, or an update of
 * the columns it changed, under one stamp. */
typedef struct
{
  gint64      seq;        /* the server's sequence number; 0 before the server has it */
  char       *id;         /* the change id the client made: pushes are idempotent by it */
  char       *table;
  char       *row;
  char        op;         /* 'I' or 'U' */
  char       *hlc;
  JsonObject *cols;       /* column -> value (null, integer, real or text) */
  JsonObject *over;       /* nullable: column -> stamp of a concurrent value it won over */
} LinliSyncChange;

LinliSyncChange *linli_sync_change_new    (void);
void             linli_sync_change_free   (LinliSyncChange *change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliSyncChange, linli_sync_change_free)

/* JSON with a bound on nesting: json-glib recurses, a hostile body must
 * not take the stack. */
JsonNode   *linli_sync_json_parse        (const char  *data,
                                          gsize        len,
                                          GError     **error);
void        linli_sync_json_append_string (GString    *out,
                                           const char *s);
void        linli_sync_json_append_value (GString    *out,
                                          JsonNode   *value);
char       *linli_sync_json_object_to_string (JsonObject *object);

/* Request decoders of the server: every field is checked against the
 * schema; the error says what is wrong and where. */
typedef struct
{
  gint64     base;        /* the pusher's pull cursor */
  GPtrArray *changes;     /* LinliSyncChange */
} LinliSyncPush;

LinliSyncPush *linli_sync_decode_push    (LinliSyncSchema *schema,
                                          const char      *data,
                                          gsize            len,
                                          GError         **error);
void           linli_sync_push_free      (LinliSyncPush   *push);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliSyncPush, linli_sync_push_free)

typedef struct
{
  char *code;
  char *device;           /* the file's device id: 16 hex digits */
  char *name;             /* the computer's name, for the administrator */
  char *ledger;           /* nullable: the community id the file's records carry */
  char *ledger_name;      /* nullable */
  char *version;
} LinliSyncEnrol;

LinliSyncEnrol *linli_sync_decode_enrol  (const char  *data,
                                          gsize        len,
                                          GError     **error);
void            linli_sync_enrol_free    (LinliSyncEnrol *enrol);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliSyncEnrol, linli_sync_enrol_free)

/* Decoders of the client: the server's answers. */
typedef struct
{
  GPtrArray *changes;     /* LinliSyncChange, each with its seq */
  gint64     cursor;      /* pull after this next time */
  gint64     last;        /* the community's latest sequence number */
  gboolean   more;
  gint64     time;        /* the server's clock, ms */
} LinliSyncPullPage;

LinliSyncPullPage *linli_sync_decode_page    (LinliSyncSchema *schema,
                                          const char      *data,
                                          gsize            len,
                                          GError         **error);
LinliSyncPullPage *linli_sync_pull_page_from_object (LinliSyncSchema *schema,
                                            JsonObject      *object,
                                            GError         **error);
void           linli_sync_pull_page_free      (LinliSyncPullPage   *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinliSyncPullPage, linli_sync_pull_page_free)

gboolean linli_sync_change_check         (LinliSyncSchema *schema,
                                          LinliSyncChange *change,
                                          gboolean         require_known,
                                          GError         **error);

/* Writes one change as JSON, with its seq when @with_seq. */
void     linli_sync_change_append_json   (GString         *out,
                                          LinliSyncChange *change,
                                          gboolean         with_seq);

gboolean linli_sync_is_id                (const char      *s);
gboolean linli_sync_is_device_id         (const char      *s);

G_END_DECLS
