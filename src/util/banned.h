/*
 * banned.h - libc calls that are easy to misuse become compile errors.
 *
 * Included last by xy.h (and so by every source file of the project).
 * Use xy_buf and snprintf instead of the string builders, and
 * xy_parse_int64() instead of the ato* family.
 */
#ifndef XY_BANNED_H
#define XY_BANNED_H

#define XY_BANNED(func) sorry_##func##_is_banned_in_xinyong

#undef strcpy
#define strcpy(x, y) XY_BANNED(strcpy)
#undef strcat
#define strcat(x, y) XY_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) XY_BANNED(strncpy)
#undef sprintf
#define sprintf(...) XY_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) XY_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) XY_BANNED(strtok)
#undef atoi
#define atoi(x) XY_BANNED(atoi)
#undef atol
#define atol(x) XY_BANNED(atol)
#undef gets
#define gets(x) XY_BANNED(gets)

#endif
