// Pledge files as `p2c pledges import` takes them: CSV or JSON, parsed, validated against the bundled reference
// data and rate table, and imported into a fresh registry in a temporary folder; what an import accepted must
// then be exportable again. An input starting with '[' or '{' (after blanks) is a JSON file; any other is a
// pledges CSV, and a line "--reports--" in it starts the sibling reports CSV, so that both CSV files come from
// one input.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "pledges/store.h"

namespace {

namespace fs = std::filesystem;
using namespace p2c::pledges;

const fs::path& folder() {
  static const fs::path path = fs::temp_directory_path() / ("p2c-fuzz-pledges-" + std::to_string(::getpid()));
  return path;
}

struct RemoveAtExit {
  ~RemoveAtExit() {
    std::error_code ignored;
    fs::remove_all(folder(), ignored);
  }
} remove_at_exit;

const Rules& rules() {
  static const Rules loaded = [] {
    const fs::path source(P2C_SOURCE_DIR);
    return Rules::load(source / "config/reference/economies.csv", source / "config/reference/groups.csv",
                       source / "config/data/pledges/usd_rates.csv");
  }();
  return loaded;
}

void write(const fs::path& file, std::string_view text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto first = text.find_first_not_of(" \t\r\n");
  const bool json = first != std::string_view::npos && (text[first] == '[' || text[first] == '{');

  fs::create_directories(folder());
  const fs::path file = folder() / (json ? "pledges.json" : "pledges.csv");
  const fs::path reports = folder() / "pledges.reports.csv";
  fs::remove(folder() / "pledges.json");
  fs::remove(folder() / "pledges.csv");
  fs::remove(reports);
  if (json) {
    write(file, text);
  } else {
    static constexpr std::string_view marker = "\n--reports--\n";
    const auto split = text.find(marker);
    write(file, text.substr(0, split));
    if (split != std::string_view::npos) write(reports, text.substr(split + marker.size()));
  }

  // Parse errors are rejections with a file and row, never exceptions.
  std::vector<Rejection> rejected;
  std::vector<std::size_t> rows;
  const std::vector<Pledge> pledges = read_file(file, rejected, &rows);
  for (const auto& pledge : pledges) (void)validate(pledge, rules());

  // A fresh registry for every input: an import must not depend on what earlier inputs left behind.
  const fs::path database = folder() / "registry.sqlite";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(database.string() + suffix);
  Store store(database);
  const ImportSummary summary = store.import_file(file, rules());
  if (!summary.committed()) return 0;
  // Accepted means well-formed: every stored pledge can be written out again.
  for (const Pledge& stored : store.pledges()) (void)to_json(stored, -1);
  return 0;
}
