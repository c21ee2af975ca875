/*
 * bcryptprimitives.dll for Wine 8 (Debian 12's wine64), test use only.
 *
 * Go 1.22 and later load ProcessPrng from bcryptprimitives.dll at start-up,
 * as every Windows 10 and 11 has it; Wine gained the DLL only in 9.x, so a
 * Go program under Wine 8 dies with "bcryptprimitives.dll not found".
 * scripts/test-windows.sh compiles this with mingw-w64 into the test's own
 * Wine prefix (system32). It is never shipped: real Windows has the DLL.
 *
 * ProcessPrng fills the buffer from the system RNG, as the real one does;
 * here through bcrypt.dll's BCryptGenRandom, which Wine 8 has.
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
