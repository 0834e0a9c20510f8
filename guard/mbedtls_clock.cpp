// mbedTLS's clock for certificate dates (MBEDTLS_PLATFORM_GMTIME_R_ALT in guard/mbedtls_config.h):
// keyguard's own UTC arithmetic, since glibc's gmtime_r links its time-zone code, sscanf and
// strtof128 into the static binary. Part of the client mbedTLS library, so every program that
// links it (embed_roots too) has it.
#include <mbedtls/platform_util.h>

#include <ctime>

#include "text.h"

#if defined(MBEDTLS_PLATFORM_GMTIME_R_ALT)
extern "C" struct tm* mbedtls_platform_gmtime_r(const mbedtls_time_t* tt, struct tm* tm_buf) {
  keyguard::CivilTime t = keyguard::civil_utc(static_cast<long long>(*tt));
  *tm_buf = {};
  tm_buf->tm_year = static_cast<int>(t.year - 1900);
  tm_buf->tm_mon = static_cast<int>(t.month) - 1;
  tm_buf->tm_mday = static_cast<int>(t.day);
  tm_buf->tm_hour = static_cast<int>(t.hour);
  tm_buf->tm_min = static_cast<int>(t.minute);
  tm_buf->tm_sec = static_cast<int>(t.second);
  return tm_buf;
}
#endif
