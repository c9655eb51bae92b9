// Work items made on several threads and used in order on the calling one, so that a large import reads and
// checks the file on the machine's cores while the one writer stores what is ready.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace p2c::pledges {

/// Calls make(i) for every i in [0, count) on `threads` threads and take(result) on the calling thread for
/// i = 0, 1, ... in order, while later items are still being made. At most `window` items are made ahead of
/// the one taken, which bounds the memory held. take() returning false stops early: nothing more is taken
/// and items not yet begun are not made. An exception from make() is rethrown here, in place of taking
/// that item; one from take() stops the threads and propagates.
template <class Make, class Take>
void in_order(std::size_t count, std::size_t threads, std::size_t window, Make make, Take take) {
  using Item = decltype(make(std::size_t{0}));
  threads = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(count, 1));
  window = std::max(window, threads);
  if (threads == 1) {
    for (std::size_t i = 0; i < count; ++i)
      if (!take(make(i))) return;
    return;
  }
  std::mutex mutex;
  std::condition_variable made, taken;
  std::map<std::size_t, Item> ready;
  std::map<std::size_t, std::exception_ptr> failed;
  std::size_t next_to_make = 0, next_to_take = 0;
  bool stop = false;
  const auto work = [&] {
    for (;;) {
      std::size_t i = 0;
      {
        std::unique_lock lock(mutex);
        taken.wait(lock, [&] { return stop || next_to_make >= count || next_to_make < next_to_take + window; });
        if (stop || next_to_make >= count) return;
        i = next_to_make++;
      }
      try {
        Item item = make(i);
        std::lock_guard lock(mutex);
        ready.emplace(i, std::move(item));
      } catch (...) {
        std::lock_guard lock(mutex);
        failed.emplace(i, std::current_exception());
      }
      made.notify_all();
    }
  };
  // On every way out (the end, take() stopping, an exception) the threads are told to stop and joined before
  // the state they use goes.
  struct Workers {
    std::mutex& mutex;
    std::condition_variable& taken;
    bool& stop;
    std::vector<std::jthread> threads;
    ~Workers() {
      {
        std::lock_guard lock(mutex);
        stop = true;
      }
      taken.notify_all();
    }
  } workers{mutex, taken, stop, {}};
  for (std::size_t t = 0; t < threads; ++t) workers.threads.emplace_back(work);
  while (next_to_take < count) {
    typename std::map<std::size_t, Item>::node_type node;
    {
      std::unique_lock lock(mutex);
      made.wait(lock, [&] { return ready.count(next_to_take) != 0 || failed.count(next_to_take) != 0; });
      if (const auto f = failed.find(next_to_take); f != failed.end()) std::rethrow_exception(f->second);
      node = ready.extract(next_to_take++);
    }
    taken.notify_all();
    if (!take(std::move(node.mapped()))) return;
  }
}

}  // namespace p2c::pledges
