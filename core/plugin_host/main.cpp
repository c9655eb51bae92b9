// p2c-plugin-host: runs one plugin instance for the host in a process of its own (isolation = "process").
//
//   p2c-plugin-host LIBRARY [--memory-limit BYTES]
//
// The host starts it with a Unix socket as descriptor 3 and asks for one call at a time (wire.h). A crash,
// exit() or endless loop in the plugin ends this process only; the host reads how it ended and fails the
// instance alone. Not for operators: the host chooses its arguments.
#include <poll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <variant>

#include "child_calls.h"
#include "codec.h"
#include "loader.h"
#include "sanitizer.h"

namespace {

using namespace p2c::host;
using wire::Message;

constexpr int channel = 3;

// The host going away (a crash, SIGKILL, SIGTERM) closes its end of the socket: this process ends then, even
// when the plugin is in an endless loop and never reads the socket again.
void end_with_the_host() {
  std::thread([] {
    pollfd watched{channel, POLLRDHUP, 0};
    for (;;) {
      if (::poll(&watched, 1, -1) > 0 && (watched.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0)
        std::_Exit(0);
    }
  }).detach();
}

// When memory runs out on the machine, the kernel ends the process it scores highest: make it this one rather
// than the host. Raising one's own score needs no privilege.
void first_to_go_when_memory_runs_out() { std::ofstream("/proc/self/oom_score_adj") << 1000; }

// RLIMIT_DATA covers the heap and every private writable mapping, which is what an allocating plugin grows; an
// allocation beyond it fails (std::bad_alloc) instead of taking the machine's memory. Under AddressSanitizer,
// which maps terabytes of shadow memory at start, the host passes the limit to the sanitizer's allocator instead.
void limit_memory(std::uint64_t bytes) {
#if !defined(P2C_UNDER_ASAN)
  const rlimit limit{bytes, bytes};
  // A limit the operator set and that does not hold would be worse than none: the instance is not run.
  if (::setrlimit(RLIMIT_DATA, &limit) != 0) {
    std::perror("p2c-plugin-host: cannot set the instance's memory_limit (setrlimit RLIMIT_DATA)");
    std::_Exit(1);
  }
#else
  (void)bytes;
#endif
}

class Server {
 public:
  explicit Server(std::string library) : library_path_(std::move(library)) {}

  ~Server() {
    if (object_ != nullptr) library_->info().destroy(object_);
  }

  void serve() {
    Message type{};
    std::string payload;
    while (wire::receive_frame(channel, type, payload, std::uint64_t{1} << 40)) {
      wire::Decoder in(payload);
      std::string failure;
      wire::Encoder out;
      try {
        answer(type, in, out, failure);
      } catch (const wire::WireError& e) {
        failure = std::string("the host's message does not decode: ") + e.what();
      }
      if (failure.empty())
        wire::send_frame(channel, Message::done, out.bytes());
      else
        wire::send_frame(channel, Message::failed, failure);
    }
  }

 private:
  void answer(Message type, wire::Decoder& in, wire::Encoder& out, std::string& failure) {
    if (type == Message::create) return create(in, failure);
    if (object_ == nullptr) {
      failure = "the instance was not created";
      return;
    }
    const p2c_plugin_info& info = library_->info();
    p2c_error error{};
    p2c_status status = 0;
    switch (type) {
      case Message::describe: {
        std::vector<p2c::SeriesInfo> series;
        status = info.source->describe(object_, &series, &error);
        if (status == 0) wire::encode(out, series);
        break;
      }
      case Message::inputs: {
        std::vector<std::string> inputs;
        status = info.indicator->inputs(object_, &inputs, &error);
        if (status == 0) wire::encode(out, inputs);
        break;
      }
      case Message::read: {
        const std::string id(in.text());
        ChildBatchSink sink(channel);
        status = info.source->read(object_, id.c_str(), &sink, &error);
        break;
      }
      case Message::compute: {
        ChildInputs inputs(channel, in);
        ChildResults results(channel);
        status = info.indicator->compute(object_, &inputs, &results, &error);
        if (status == 0) results.flush();
        break;
      }
      case Message::write: {
        const p2c::RunReport report = wire::decode_report(in);
        status = info.sink->write(object_, &report, &error);
        break;
      }
      default: failure = "unknown request " + std::to_string(static_cast<std::uint32_t>(type)); return;
    }
    if (status != 0) failure = error.message;
  }

  void create(wire::Decoder& in, std::string& failure) {
    const p2c::Options options = wire::decode_options(in);
    auto loaded = load_plugin(library_path_);
    if (auto* error = std::get_if<LoadError>(&loaded)) {
      failure = error->message;
      return;
    }
    library_.emplace(std::get<PluginLibrary>(std::move(loaded)));
    p2c_error error{};
    object_ = library_->info().create(&options, &error);
    if (object_ == nullptr) failure = error.message;
  }

  std::string library_path_;
  std::optional<PluginLibrary> library_;
  void* object_ = nullptr;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && !(argc == 4 && std::string(argv[2]) == "--memory-limit")) {
    std::fprintf(stderr, "usage: p2c-plugin-host LIBRARY [--memory-limit BYTES] (started by p2c, not by hand)\n");
    return 2;
  }
  end_with_the_host();
  first_to_go_when_memory_runs_out();
  if (argc == 4) limit_memory(std::strtoull(argv[3], nullptr, 10));
  // What a plugin prints goes where the host collects the child's output, not anywhere of its own.
  ::dup2(2, 1);
  try {
    Server server(argv[1]);
    server.serve();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "p2c-plugin-host: %s\n", e.what());
    std::_Exit(1);
  }
  // Nothing to unload or flush: ending now spares the plugin's static destructors, which may be what crashes.
  std::_Exit(0);
}
