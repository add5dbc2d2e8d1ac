/* linli-hlc.c: hybrid logical clocks (Kulkarni et al., 2014)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change is stamped with the later of this PC's wall clock and the
 * latest stamp it has seen, plus a counter, plus its device id. Stamps
 * then order changes across PCs whose clocks disagree a little, and a PC
 * whose clock jumped back never stamps a change earlier than its last.
 */

#define G_LOG_DOMAIN "linli-hlc"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "linli-hlc.h"

G_DEFINE_QUARK (linli-hlc-error-quark, linli_hlc_error)

static gboolean
is_lower_hex (const char *s,
              gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
      return FALSE;
  return TRUE;
}

gboolean
linli_hlc_parse (const char *stamp,
                 LinliHlc   *out)
{
  char buf[13];

  if (stamp == NULL || strlen (stamp) != LINLI_HLC_LENGTH || stamp[16] != '-')
    return FALSE;
  if (!is_lower_hex (stamp, 16) || !is_lower_hex (stamp + 17, 16))
    return FALSE;

  memcpy (buf, stamp, 12);
  buf[12] = '\0';
  out->ms = g_ascii_strtoull (buf, NULL, 16);
  memcpy (buf, stamp + 12, 4);
  buf[4] = '\0';
  out->counter = (guint16) g_ascii_strtoull (buf, NULL, 16);
  memcpy (out->device, stamp + 17, 16);
  out->device[16] = '\0';
  return TRUE;
}

void
linli_hlc_format (const LinliHlc *hlc,
                  char            out[LINLI_HLC_LENGTH + 1])
{
  static const char hex[] = "0123456789abcdef";
  guint64 ms = hlc->ms & G_GUINT64_CONSTANT (0xffffffffffff);
  guint counter = hlc->counter;
  gsize n = strnlen (hlc->device, 16);

  /* "%012x%04x-%.16s" by hand: every written row takes a stamp, and
   * printf would be a good part of a bulk import's time. */
  for (int i = 11; i >= 0; i--, ms >>= 4)
    out[i] = hex[ms & 15];
  for (int i = 15; i >= 12; i--, counter >>= 4)
    out[i] = hex[counter & 15];
  out[16] = '-';
  memcpy (out + 17, hlc->device, n);
  out[17 + n] = '\0';
}

/* Advances @clock for a local event at @wall_ms. */
void
linli_hlc_tick (LinliHlc *clock,
                guint64   wall_ms)
{
  if (wall_ms > clock->ms)
    {
      clock->ms = wall_ms;
      clock->counter = 0;
    }
  else if (clock->counter == G_MAXUINT16)
    {
      /* A burst of 65,536 changes in one millisecond, or a clock that
       * went back: borrow the next millisecond. */
      clock->ms++;
      clock->counter = 0;
    }
  else
    clock->counter++;
}

/**
 * linli_hlc_receive:
 * @clock: this PC's clock
 * @remote: a stamp that arrived from elsewhere
 * @wall_ms: this PC's wall clock
 * @max_drift_ms: how far @remote may run ahead of @wall_ms
 *
 * Moves @clock past @remote so that later local stamps sort after it.
 * A stamp further ahead than @max_drift_ms is refused: it comes from a
 * PC whose clock is wrong, and accepting it would drag every later
 * stamp here into its future.
 */
gboolean
linli_hlc_receive (LinliHlc    *clock,
                   const char  *remote,
                   guint64      wall_ms,
                   guint64      max_drift_ms,
                   GError     **error)
{
  LinliHlc r;

  if (!linli_hlc_parse (remote, &r))
    {
      g_set_error (error, LINLI_HLC_ERROR, LINLI_HLC_ERROR_MALFORMED,
                   _("“%s” is not a change stamp"), remote ? remote : "(null)");
      return FALSE;
    }

  if (r.ms > wall_ms + max_drift_ms)
    {
      g_autoptr(GDateTime) then = g_date_time_new_from_unix_local ((gint64) (r.ms / 1000));
      g_autofree char *when = then ? g_date_time_format (then, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");

      g_set_error (error, LINLI_HLC_ERROR, LINLI_HLC_ERROR_DRIFT,
                   _("A change is stamped %s, %.0f minutes ahead of this computer’s clock. "
                     "The clock of the computer that made it is wrong; correct it and sync again."),
                   when, (double) (r.ms - wall_ms) / 60000.0);
      return FALSE;
    }

  {
    guint64 ms = MAX (MAX (clock->ms, r.ms), wall_ms);
    guint32 counter;

    if (ms == clock->ms && ms == r.ms)
      counter = (guint32) MAX (clock->counter, r.counter) + 1;
    else if (ms == clock->ms)
      counter = (guint32) clock->counter + 1;
    else if (ms == r.ms)
      counter = (guint32) r.counter + 1;
    else
      counter = 0;

    if (counter > G_MAXUINT16)
      {
        ms++;
        counter = 0;
      }
    clock->ms = ms;
    clock->counter = (guint16) counter;
  }

  return TRUE;
}

/* The wall clock in milliseconds. LINLI_CLOCK_OFFSET_MS moves it, so that
 * tests can play a PC whose clock is far off. */
guint64
linli_hlc_wall_ms (void)
{
  gint64 now = g_get_real_time () / 1000;
  const char *offset = g_getenv ("LINLI_CLOCK_OFFSET_MS");

  if (offset != NULL)
    now += g_ascii_strtoll (offset, NULL, 10);

  return now > 0 ? (guint64) now : 0;
}

char *
linli_hlc_new_device_id (void)
{
  return g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
}
