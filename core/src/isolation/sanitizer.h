// Whether this build runs under AddressSanitizer, which reserves terabytes of address space at start: no data or
// address-space limit can be set on such a process, so a memory limit is handed to the sanitizer's allocator.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define P2C_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define P2C_UNDER_ASAN 1
#endif
#endif
