#include "isolated_plugin.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>

#include "child_process.h"
#include "codec.h"
#include "sanitizer.h"

extern char** environ;

namespace p2c::host {
namespace {

using Clock = std::chrono::steady_clock;
using wire::Message;

constexpr std::size_t kept_lines = 4;  // first and last of a call's output each
constexpr std::size_t kept_line_length = 300;
// The largest message the host accepts from a child: results come in pieces of a megabyte, batches are as large
// as a source makes them.
constexpr std::uint64_t message_limit = std::uint64_t{256} << 20;

std::filesystem::path& host_executable() {
  static std::filesystem::path path;
  return path;
}

// Every live child, so that a stopping service can end them all at once.
struct Children {
  std::mutex mutex;
  std::set<pid_t> pids;
  bool stopping = false;
};

Children& children() {
  static Children all;
  return all;
}

std::string size_text(std::uint64_t bytes) {
  if (bytes % (std::uint64_t{1} << 30) == 0) return fmt::format("{} GiB", bytes >> 30);
  if (bytes % (std::uint64_t{1} << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  return fmt::format("{} KiB", bytes >> 10);
}

#if defined(P2C_UNDER_ASAN)
// Under AddressSanitizer no data limit can be set (see sanitizer.h): the sanitizer's allocator is given the limit.
std::vector<std::string> child_environment(std::uint64_t memory_limit) {
  std::vector<std::string> variables;
  std::string sanitizer_options;
  for (char** variable = environ; *variable != nullptr; ++variable) {
    const std::string_view text(*variable);
    if (text.rfind("ASAN_OPTIONS=", 0) == 0)
      sanitizer_options = text.substr(13);
    else
      variables.emplace_back(text);
  }
  sanitizer_options += fmt::format("{}hard_rss_limit_mb={}", sanitizer_options.empty() ? "" : ":",
                                   std::max<std::uint64_t>(1, memory_limit >> 20));
  variables.push_back("ASAN_OPTIONS=" + sanitizer_options);
  return variables;
}
#endif

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

// The run report in the wire format, encoded once for all isolated sinks of a run: they write at once, from the same
// report, and the first to ask encodes it while the others wait. Kept only while a sink still sends it.
std::shared_ptr<const std::string> encoded_report(const RunReport& report) {
  static std::mutex mutex;
  static std::weak_ptr<const std::string> last;
  static const RunReport* last_report = nullptr;
  static std::string last_run_id;
  std::lock_guard lock(mutex);
  if (auto kept = last.lock(); kept && last_report == &report && last_run_id == report.run_id) return kept;
  wire::Encoder out;
  out.bytes().reserve(report.records.size() * 48 + (std::size_t{1} << 20));
  wire::encode(out, report);
  auto encoded = std::make_shared<const std::string>(std::move(out.bytes()));
  last = encoded;
  last_report = &report;
  last_run_id = report.run_id;
  return encoded;
}

}  // namespace

void set_plugin_host_executable(std::filesystem::path executable) { host_executable() = std::move(executable); }
const std::filesystem::path& plugin_host_executable() noexcept { return host_executable(); }

void stop_isolated_instances() noexcept {
  auto& all = children();
  std::lock_guard lock(all.mutex);
  all.stopping = true;
  for (const pid_t pid : all.pids) ::kill(-pid, SIGKILL);
}

IsolatedPlugin::IsolatedPlugin(const PluginLibrary& library, const Options& options, const ProcessLimits& limits)
    : limits_(limits), plugin_name_(library.name()) {
  begin_call();
  start(library.path());
  wire::Encoder request;
  wire::encode(request, options);
  send(Message::create, request.bytes());
}

IsolatedPlugin::~IsolatedPlugin() { end_child(std::chrono::seconds(1)); }

void IsolatedPlugin::start(const std::filesystem::path& library) {
  if (host_executable().empty())
    throw IsolationError(
        "isolation = \"process\" needs the p2c-plugin-host executable, which this program was not "
        "given; run the instance with isolation = \"none\"");
  std::array<int, 2> ends{-1, -1};
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends.data()) != 0)
    throw IsolationError(std::string("cannot create a socket for its process: ") + std::strerror(errno));
  std::array<int, 2> output{-1, -1};
  if (::pipe2(output.data(), O_CLOEXEC) != 0) {
    const int error = errno;
    ::close(ends[0]);
    ::close(ends[1]);
    throw IsolationError(std::string("cannot create a pipe for its process: ") + std::strerror(error));
  }
  socket_ = ends[0];
  output_ = output[0];
  std::vector<std::string> argv{host_executable().string(), library.string()};
  if (limits_.memory_limit > 0) argv.insert(argv.end(), {"--memory-limit", std::to_string(limits_.memory_limit)});
  std::string failure;
  {
    auto& all = children();
    std::lock_guard lock(all.mutex);
    if (all.stopping) {
      failure = "p2c is stopping";
    } else {
      try {
#if defined(P2C_UNDER_ASAN)
        const auto environment = child_environment(limits_.memory_limit);
        pid_ = spawn_child(argv, output[1], output[1], ends[1], limits_.memory_limit > 0 ? &environment : nullptr);
#else
        pid_ = spawn_child(argv, output[1], output[1], ends[1]);
#endif
        all.pids.insert(pid_);
      } catch (const std::system_error& e) {
        failure = "cannot start " + host_executable().string() + ": " + std::strerror(e.code().value());
      }
    }
  }
  ::close(ends[1]);
  ::close(output[1]);
  if (!failure.empty()) {
    dead_ = failure;
    throw IsolationError(failure);
  }
  set_nonblocking(socket_);
  set_nonblocking(output_);
}

void IsolatedPlugin::begin_call() {
  deadline_ = Clock::now() + limits_.timeout;
  call_lines_ = 0;
  first_lines_.clear();
  last_lines_.clear();
}

void IsolatedPlugin::created() {
  if (!dead_.empty()) throw IsolationError(dead_);
  if (!create_pending_) return;
  create_pending_ = false;
  answer();
}

std::vector<SeriesInfo> IsolatedPlugin::describe() {
  created();
  begin_call();
  send(Message::describe, {});
  const std::string payload = answer();
  wire::Decoder in(payload);
  try {
    return wire::decode_series_infos(in);
  } catch (const wire::WireError& e) {
    protocol_error(e.what());
  }
}

std::vector<std::string> IsolatedPlugin::inputs() {
  created();
  begin_call();
  send(Message::inputs, {});
  const std::string payload = answer();
  wire::Decoder in(payload);
  try {
    return wire::decode_texts(in);
  } catch (const wire::WireError& e) {
    protocol_error(e.what());
  }
}

void IsolatedPlugin::read(const std::string& series_id, BatchSink& sink) {
  created();
  begin_call();
  wire::Encoder request;
  request.text(series_id);
  send(Message::read, request.bytes());
  // The child's ids of codes and labels, in the order it first sent them, to the host's.
  std::vector<EntityId> entities;
  std::vector<LabelId> labels;
  Batch batch;
  answer([&](const Frame& frame) {
    wire::Decoder in(frame.payload);
    if (frame.type == Message::reject) {
      const std::string_view where = in.text();
      sink.reject(where, in.text());
      return;
    }
    if (frame.type != Message::batch) protocol_error("an unexpected message while reading");
    for (const auto& code : wire::decode_texts(in)) entities.push_back(sink.intern_entity(code));
    for (const auto& label : wire::decode_texts(in)) labels.push_back(sink.intern_label(label));
    wire::decode(in, batch);
    const std::size_t rows = batch.value.size();
    if (batch.entity.size() != rows || batch.year.size() != rows ||
        batch.dimensions.size() != batch.dimension_names.size())
      protocol_error("a batch whose columns differ in length");
    for (auto& id : batch.entity) {
      if (id >= entities.size()) protocol_error("a batch with an economy it never named");
      id = entities[id];
    }
    for (auto& column : batch.dimensions) {
      if (column.size() != rows) protocol_error("a batch whose columns differ in length");
      for (auto& id : column) {
        if (id >= labels.size()) protocol_error("a batch with a label it never named");
        id = labels[id];
      }
    }
    sink.consume(batch);
  });
}

void IsolatedPlugin::compute(const InputSet& inputs, const std::vector<std::string>& input_ids, ResultWriter& out) {
  created();
  begin_call();
  std::vector<const Series*> found;
  for (const auto& id : input_ids)
    if (const Series* series = inputs.find(id)) found.push_back(series);
  std::vector<EntityId> entities;
  std::vector<LabelId> labels;
  for (const Series* series : found) {
    entities.insert(entities.end(), series->entity.begin(), series->entity.end());
    for (const auto& column : series->dimensions) labels.insert(labels.end(), column.begin(), column.end());
  }
  for (auto* ids : {&entities, &labels}) {
    std::sort(ids->begin(), ids->end());
    ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  }
  wire::Encoder request;
  request.put(static_cast<std::uint64_t>(found.size()));
  for (const Series* series : found) wire::encode(request, *series);
  request.put(static_cast<std::uint64_t>(entities.size()));
  for (const EntityId id : entities) {
    request.put(id);
    request.text(inputs.entity_code(id));
  }
  request.put(static_cast<std::uint64_t>(labels.size()));
  for (const LabelId id : labels) {
    request.put(id);
    request.text(inputs.label(id));
  }
  send(Message::compute, request.bytes());
  request = {};

  answer([&](const Frame& frame) {
    wire::Decoder in(frame.payload);
    if (frame.type == Message::members) {
      const std::string group(in.text());
      wire::Encoder members;
      wire::encode(members, inputs.group_members(group, in.get<std::int32_t>()));
      send(Message::members_answer, members.bytes());
      return;
    }
    if (frame.type != Message::results) protocol_error("an unexpected message while computing");
    while (!in.at_end()) {
      const auto call = in.get<wire::ResultCall>();
      const std::string_view metric = in.text();
      switch (call) {
        case wire::ResultCall::value: {
          const auto entity = in.get<EntityId>();
          const auto year = in.get<std::int32_t>();
          const auto value = in.get<double>();
          out.value(metric, entity, year, value, in.get<std::uint32_t>());
          break;
        }
        case wire::ResultCall::missing: {
          const auto entity = in.get<EntityId>();
          const auto year = in.get<std::int32_t>();
          out.missing(metric, entity, year, in.text());
          break;
        }
        case wire::ResultCall::group_value: {
          const std::string_view group = in.text();
          const auto year = in.get<std::int32_t>();
          const auto value = in.get<double>();
          out.group_value(metric, group, year, value, in.get<std::uint32_t>());
          break;
        }
        case wire::ResultCall::group_missing: {
          const std::string_view group = in.text();
          const auto year = in.get<std::int32_t>();
          out.group_missing(metric, group, year, in.text());
          break;
        }
        default: protocol_error("an unknown result call");
      }
    }
  });
}

void IsolatedPlugin::write(const RunReport& report) {
  created();
  begin_call();
  const auto encoded = encoded_report(report);
  spdlog::debug("plugin {} (process {}): sending the run report, {} bytes", plugin_name_, pid_, encoded->size());
  send(Message::write, *encoded);
  answer();
}

std::string IsolatedPlugin::answer() {
  return answer([this](const Frame&) { protocol_error("an unexpected message"); });
}

template <typename Handle>
std::string IsolatedPlugin::answer(Handle&& handle) {
  for (;;) {
    Frame frame = receive();
    if (frame.type == Message::done) return std::move(frame.payload);
    if (frame.type == Message::failed) {
      std::string message = std::move(frame.payload);
      if (limits_.memory_limit > 0 && message == "std::bad_alloc")
        message += ": the instance reached its memory_limit of " + size_text(limits_.memory_limit);
      throw IsolationError(message);
    }
    try {
      handle(frame);
    } catch (const wire::WireError& e) {
      protocol_error(e.what());
    }
  }
}

void IsolatedPlugin::send(Message type, std::string_view payload) {
  if (!dead_.empty()) throw IsolationError(dead_);
  wire::Header header;
  header.type = static_cast<std::uint32_t>(type);
  header.size = payload.size();
  const std::array<std::string_view, 2> pieces{std::string_view(reinterpret_cast<const char*>(&header), sizeof header),
                                               payload};
  for (std::string_view piece : pieces) {
    while (!piece.empty()) {
      const ssize_t n = ::send(socket_, piece.data(), piece.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        piece.remove_prefix(static_cast<std::size_t>(n));
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        wait_readable(POLLOUT);
      } else {
        child_ended();
      }
    }
  }
}

IsolatedPlugin::Frame IsolatedPlugin::receive() {
  std::array<char, 65536> buffer;
  for (;;) {
    // Frames are taken from the front of the inbox by moving a start offset: a read may bring many small frames
    // (a source's batches), and erasing each from the front would move the rest every time.
    const std::size_t held = inbox_.size() - inbox_start_;
    if (held >= sizeof(wire::Header)) {
      wire::Header header;
      std::memcpy(&header, inbox_.data() + inbox_start_, sizeof header);
      if (header.size > message_limit)
        protocol_error(fmt::format("a message of {} bytes (the limit is {})", header.size, size_text(message_limit)));
      if (held - sizeof header >= header.size) {
        Frame frame{static_cast<Message>(header.type), inbox_.substr(inbox_start_ + sizeof header, header.size)};
        inbox_start_ += sizeof header + header.size;
        if (inbox_start_ == inbox_.size()) {
          inbox_.clear();
          inbox_start_ = 0;
        }
        return frame;
      }
      if (inbox_start_ > 0) {
        inbox_.erase(0, inbox_start_);
        inbox_start_ = 0;
      }
    }
    wait_readable(POLLIN);
    const ssize_t n = ::read(socket_, buffer.data(), buffer.size());
    if (n > 0)
      inbox_.append(buffer.data(), static_cast<std::size_t>(n));
    else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
      child_ended();
  }
}

void IsolatedPlugin::wait_readable(short events) {
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline_ - Clock::now());
    if (left.count() <= 0)
      kill_and_throw(
          fmt::format("no answer within {} s (timeout_seconds); its process was killed", limits_.timeout.count()));
    std::array<pollfd, 2> fds{pollfd{socket_, events, 0}, pollfd{output_, POLLIN, 0}};
    const int ready =
        ::poll(fds.data(), output_ >= 0 ? 2 : 1, static_cast<int>(std::min<long long>(left.count(), 1 << 30)));
    if (ready < 0 && errno != EINTR) child_ended();
    if (ready <= 0) continue;
    if (output_ >= 0 && fds[1].revents != 0) drain_output();
    if (fds[0].revents != 0) return;
  }
}

void IsolatedPlugin::drain_output() {
  std::array<char, 16384> buffer;
  for (;;) {
    const ssize_t n = ::read(output_, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {
      ::close(output_);
      output_ = -1;
      if (!partial_line_.empty()) keep_line(std::exchange(partial_line_, {}));
      return;
    }
    for (const char c : std::string_view(buffer.data(), static_cast<std::size_t>(n))) {
      if (c != '\n') {
        if (partial_line_.size() < kept_line_length) partial_line_ += c;
        continue;
      }
      spdlog::info("plugin {} (process {}): {}", plugin_name_, pid_, partial_line_);
      keep_line(std::exchange(partial_line_, {}));
    }
  }
}

void IsolatedPlugin::keep_line(std::string line) {
  if (++call_lines_ <= kept_lines) {
    first_lines_.push_back(std::move(line));
    return;
  }
  last_lines_.push_back(std::move(line));
  if (last_lines_.size() > kept_lines) last_lines_.pop_front();
}

std::string IsolatedPlugin::context() const {
  std::string text;
  if (limits_.memory_limit > 0) text += "; its memory_limit is " + size_text(limits_.memory_limit);
  if (first_lines_.empty()) return text + "; it printed nothing";
  text += "; it printed: ";
  for (std::size_t i = 0; i < first_lines_.size(); ++i) text += (i == 0 ? "" : " / ") + first_lines_[i];
  if (call_lines_ > first_lines_.size() + last_lines_.size()) text += " / ...";
  for (const auto& line : last_lines_) text += " / " + line;
  return text;
}

void IsolatedPlugin::child_ended() {
  end_child(std::chrono::seconds(2));
  bool stopping = false;
  {
    auto& all = children();
    std::lock_guard lock(all.mutex);
    stopping = all.stopping;
  }
  std::string how = "ended";
  if (stopping)
    how = "was ended: p2c is stopping";
  else if (wait_status_ && WIFSIGNALED(*wait_status_))
    how = "was ended by " + signal_name(WTERMSIG(*wait_status_));
  else if (wait_status_ && WIFEXITED(*wait_status_))
    how = "exited with status " + std::to_string(WEXITSTATUS(*wait_status_));
  dead_ = "its process " + how + " (plugin " + plugin_name_ + ")" + context();
  throw IsolationError(dead_);
}

void IsolatedPlugin::kill_and_throw(const std::string& why) {
  if (pid_ > 0) ::kill(-pid_, SIGKILL);
  end_child(std::chrono::seconds(2));
  dead_ = why + " (plugin " + plugin_name_ + ")" + context();
  throw IsolationError(dead_);
}

void IsolatedPlugin::protocol_error(const std::string& what) {
  kill_and_throw("its process sent " + what + "; it was killed");
}

void IsolatedPlugin::end_child(std::chrono::milliseconds patience) noexcept {
  if (socket_ >= 0) ::close(std::exchange(socket_, -1));
  if (pid_ > 0) {
    {
      auto& all = children();
      std::lock_guard lock(all.mutex);
      all.pids.erase(pid_);
    }
    // Its socket closed, the child ends at once; one that does not (a plugin in a loop) is killed.
    const Reaped ended = reap_by(pid_, Clock::now() + patience);
    if (ended.exited || ended.killed) wait_status_ = ended.status;
    pid_ = -1;
  }
  if (output_ >= 0) {
    drain_output();
    if (output_ >= 0) ::close(std::exchange(output_, -1));
  }
}

}  // namespace p2c::host
