// One thread that runs database jobs in order from a bounded queue, so that the HTTP I/O threads never
// wait for SQLite: a handler queues a job and returns, and the job answers the request when it has run.
#pragma once

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace p2c::service {

class DbWorker {
 public:
  /// A job runs with `cancelled` false, or with true when the worker stops before running it; either way
  /// exactly once, so that a job that answers a request always answers it.
  using Job = std::function<void(bool cancelled)>;

  /// At most `capacity` jobs wait besides the one running.
  explicit DbWorker(std::size_t capacity) : capacity_(capacity), thread_([this] { run(); }) {}
  ~DbWorker() { stop(); }
  DbWorker(const DbWorker&) = delete;
  DbWorker& operator=(const DbWorker&) = delete;

  /// Queues `job`; false (and `job` not kept) when the queue is full or the worker stopped.
  bool try_post(Job job) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_ || queue_.size() >= capacity_) return false;
      queue_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
  }

  /// Finishes the running job, cancels the waiting ones and joins the thread. Idempotent.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      Job job = std::move(queue_.front());
      queue_.pop_front();
      const bool cancelled = stopping_;
      lock.unlock();
      try {
        job(cancelled);
      } catch (const std::exception& e) {
        // Jobs answer their own failures; one that escapes must not end the thread and strand the queue.
        spdlog::error("database job failed: {}", e.what());
      }
      job = nullptr;  // what the job holds (a connection) is released outside the lock
      lock.lock();
    }
  }

  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::thread thread_;  ///< last: started once the members it uses exist
};

}  // namespace p2c::service
