/*
 * holdopen FILE RELEASE: holds FILE open the way Excel holds an open
 * workbook (others may read and write it, not delete or replace it) until
 * the file RELEASE exists (at most two minutes), then exits. scripts/test-windows.sh compiles it with mingw-w64 and runs it
 * under Wine to check what archmerge says when asked to replace a workbook
 * that is open in Excel. Test use only.
 */
#include <windows.h>
#include <stdio.h>

int wmain(int argc, wchar_t **argv)
{
    HANDLE h;
    int i;

    if (argc != 3) {
        fprintf(stderr, "usage: holdopen FILE RELEASE\n");
        return 2;
    }
    h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                    NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "holdopen: cannot open the file (error %lu)\n", GetLastError());
        return 1;
    }
    printf("holding\n");
    fflush(stdout);
    for (i = 0; i < 1200 && GetFileAttributesW(argv[2]) == INVALID_FILE_ATTRIBUTES; i++)
        Sleep(100);
    CloseHandle(h);
    return 0;
}
