// Advice to the kernel about memory a program is about to fill: tens of MiB of records, in the host and in a
// plugin's child process alike.
#pragma once

#include <cstddef>

namespace p2c::host {

/// Asks the kernel to back the whole 2 MiB pages within [data, data + bytes) by huge pages where it can
/// (transparent huge pages in "madvise" mode, the default of many distributions): on a virtual machine each 4 KiB
/// page's first touch costs some 10 us, more than writing the records on it. Advice only.
void prefer_huge_pages(const void* data, std::size_t bytes);

/// Makes the whole pages within [data, data + bytes) at once, ahead of writing them: one system call instead of a
/// page fault per 4 KiB page. Advice only: a kernel before 5.14 refuses it, and the pages are made as written.
void populate(const void* data, std::size_t bytes);

}  // namespace p2c::host
