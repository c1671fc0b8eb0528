#pragma once

#include "caom2/entities.h"

#include <cstddef>
#include <string>
#include <string_view>

// Reads CAOM 2.2, 2.3 and 2.4 observation documents (the root namespace decides the version) into the
// 2.4 model, following the Java reference's reading rules (spec §3.6) and refusing hostile input.
namespace caom2 {

struct ReadLimits {
    std::size_t maxDocumentBytes = 64u << 20; // 64 MiB; the largest real observation is a few MB
    int maxDepth = 64;                        // the deepest CAOM path is 15 elements
};

struct ReadError {
    std::string file;    // as given by the caller (may be empty for in-memory documents)
    int line = 0;        // 1-based; 0 when unknown
    int column = 0;      // 1-based, in bytes; 0 when unknown
    std::string element; // local name of the element concerned, when known
    std::string message; // the cause

    // "file:line:column: element <name>: cause"
    std::string toString() const;
};

struct ReadResult {
    bool ok = false;
    ObservationDocument document; // valid when ok
    ReadError error;              // valid when !ok
};

// Reads a document held in memory. `fileName` is only used in error messages.
ReadResult readObservation(std::string_view xml, std::string_view fileName = {}, const ReadLimits &limits = {});

// Reads a file; an unreadable file is a ReadError naming the file and the system's cause.
ReadResult readObservationFile(const std::string &path, const ReadLimits &limits = {});

} // namespace caom2
