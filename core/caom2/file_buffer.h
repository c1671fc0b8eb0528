// Reading a document file whole into memory kept by the thread from one file to the next (xml_reader.cpp parses
// it there, in place).
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace caom2::detail {

// Each thread's buffer for the files it reads, kept from one file to the next: a document read into fresh memory
// pays for that memory's pages and for zeroing them, which cost as much as parsing the document. A buffer grown
// past `keptBytes` by an unusually large document is given back afterwards.
struct FileBuffer {
    static constexpr std::size_t keptBytes = 8u << 20;
    std::unique_ptr<char[]> data;
    std::size_t capacity = 0;

    char *reserve(std::size_t size)
    {
        if (size > capacity) {
            capacity = std::max(size, std::min(keptBytes, capacity * 2));
            data.reset(new char[capacity]); // not zeroed: every byte used is read from the file first
        }
        return data.get();
    }
    void shrink()
    {
        if (capacity > keptBytes) {
            data.reset();
            capacity = 0;
        }
    }
};

// Reads `path` whole into `buffer` (its first `size` bytes); on failure, says why in the words the reader has
// always used ("cannot open the file: ...", "the file is N bytes, over the limit of M").
std::optional<std::string> readWholeFile(const std::string &path, std::size_t maxBytes, FileBuffer &buffer,
                                         std::size_t &size);

} // namespace caom2::detail
