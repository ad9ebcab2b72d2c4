/*
 * openapi.h - the OpenAPI 3.1 document of the API, built from the
 * routing table, so that every route is described and nothing else is.
 *
 * Each route of xy_routes becomes one operation: its path parameters
 * from the pattern, its query parameters from route.query ("name:text|
 * ...", a name ending in '*' is required), its request body from
 * route.accepts, the roles allowed (x-roles) and the body cap
 * (x-body-cap); every operation answers problem+json on error.
 * docs/api/openapi.json is this document (`xinyong serve --openapi`).
 */
#ifndef XY_OPENAPI_H
#define XY_OPENAPI_H

#include <stddef.h>

/* The document as indented JSON; the caller frees it. */
char *xy_openapi_build(size_t *len);

#endif
