#pragma once

#include "common/result.h"

#include <QString>

// The layout of an artifact root: which relative path holds the file of an artifact URI. One rule for every
// scheme, so a mirror publishes (serve --artifact-root) exactly what it downloaded:
//
//   {scheme}/{scheme-specific part}          ad:CFHT/123o.fits         -> ad/CFHT/123o.fits
//                                            mast:HST/product/x.fits   -> mast/HST/product/x.fits
//   {scheme}/{authority}/{path}              ivo://cadc.nrc.ca/HST?a/b -> ivo/cadc.nrc.ca/HST?a/b
//
// The scheme is lower-cased; a leading "//" (an authority) is dropped; everything else is kept byte for byte
// (a '?' or a '%' stays in the file name: the mapping is one to one). Refused, with the reason: a URI without
// a scheme, an empty segment ("a//b", a trailing '/'), "." or "..", a backslash, NUL or any control
// character, a segment longer than 255 bytes, a path longer than 1024 bytes.
namespace artifact {

// The relative path of `uri`'s file under an artifact root. Errors are PerItem and name the URI.
mirror::Result<QString> relativePathFor(const QString &uri);

// Checks a relative path taken from elsewhere (a request path under serve's /files/) by the same segment
// rules. Errors are PerItem.
mirror::Result<void> checkRelativePath(const QString &relativePath);

} // namespace artifact
