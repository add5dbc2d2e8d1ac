/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A hybrid logical clock stamp as text: 12 hex digits of milliseconds
 * since 1970, 4 hex digits of counter, '-', the 16-hex-digit device id.
 * Plain string comparison orders stamps by (time, counter, device). */
#define LINLI_HLC_LENGTH 33

/* How far ahead of this machine's clock a stamp may be before it is
 * refused (a PC whose clock is wrong by days). */
#define LINLI_HLC_MAX_DRIFT_MS (10 * 60 * 1000)

#define LINLI_HLC_ERROR (linli_hlc_error_quark ())

typedef enum
{
  LINLI_HLC_ERROR_MALFORMED,
  LINLI_HLC_ERROR_DRIFT,
} LinliHlcError;

typedef struct
{
  guint64 ms;
  guint16 counter;
  char    device[17];
} LinliHlc;

GQuark    linli_hlc_error_quark   (void);
gboolean  linli_hlc_parse         (const char  *stamp,
                                   LinliHlc    *out);
void      linli_hlc_format        (const LinliHlc *hlc,
                                   char         out[LINLI_HLC_LENGTH + 1]);
void      linli_hlc_tick          (LinliHlc    *clock,
                                   guint64      wall_ms);
gboolean  linli_hlc_receive       (LinliHlc    *clock,
                                   const char  *remote,
                                   guint64      wall_ms,
                                   guint64      max_drift_ms,
                                   GError     **error);
guint64   linli_hlc_wall_ms       (void);
char     *linli_hlc_new_device_id (void);

G_END_DECLS
