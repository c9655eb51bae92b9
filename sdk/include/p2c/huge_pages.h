// An allocator for a few large buffers (a file read whole, a plugin's rows): a buffer of megabytes is mapped in
// 2 MiB pages where the kernel offers them (transparent huge pages on request, madvise). Each 4 KiB page costs a
// fault the first time it is touched, which on a virtual machine is tens of microseconds: a 250 MB file read into
// ordinary pages pays 64,000 of them. Small buffers come from the ordinary heap.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <new>

namespace p2c {

/// A standard allocator: use it as the allocator of a std::vector or std::basic_string that grows large.
template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;

  HugePageAllocator() noexcept = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t count) {
    const std::size_t bytes = count * sizeof(T);
    if (bytes < kHuge) return static_cast<T*>(::operator new(bytes));
    // Mapped with room to start on a 2 MiB boundary, the slack given back: only aligned ranges get huge pages.
    const std::size_t size = rounded(bytes);
    void* mapped = mmap(nullptr, size + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) throw std::bad_alloc();
    const auto start = reinterpret_cast<std::uintptr_t>(mapped);
    const std::uintptr_t aligned = (start + kHuge - 1) & ~(std::uintptr_t{kHuge} - 1);
    if (aligned > start) munmap(mapped, aligned - start);
    if (const std::size_t tail = start + size + kHuge - (aligned + size); tail > 0)
      munmap(reinterpret_cast<void*>(aligned + size), tail);
#ifdef MADV_HUGEPAGE
    madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);  // a hint: without it, ordinary pages
#endif
    return reinterpret_cast<T*>(aligned);
  }

  void deallocate(T* pointer, std::size_t count) noexcept {
    const std::size_t bytes = count * sizeof(T);
    if (bytes < kHuge)
      ::operator delete(pointer);
    else
      munmap(pointer, rounded(bytes));
  }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }

 private:
  static constexpr std::size_t kHuge = std::size_t{2} << 20;
  static std::size_t rounded(std::size_t bytes) { return (bytes + kHuge - 1) & ~(kHuge - 1); }
};

}  // namespace p2c
