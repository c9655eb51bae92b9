#include "bundled_catalogues.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "embedded_files.h"

namespace p2c::service {
namespace {

std::vector<host::CatalogueFile> bundled_files() {
  constexpr std::string_view folder = "i18n/";
  std::vector<host::CatalogueFile> files;
  for (const EmbeddedFile& file : web_files())
    if (file.name.starts_with(folder)) files.push_back({std::string(file.name.substr(folder.size())), file.content});
  return files;
}

// The catalogue files of an operator's folder, sorted so that the result does not depend on the file system.
std::vector<std::filesystem::path> folder_files(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> paths;
  std::error_code error;
  for (std::filesystem::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with(".")) continue;
    if (!it->is_regular_file() || (!name.ends_with(".json") && name != "economy-names.csv"))
      throw host::CatalogueError(
          it->path().string() + ": not a catalogue file: expected <code>.json or economy-names.csv; move it elsewhere");
    paths.push_back(it->path());
  }
  if (error)
    throw host::CatalogueError(folder.string() + ": cannot list the catalogue folder: " + error.message() +
                               "; check [languages] dir and its permissions");
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

const host::Catalogues& bundled_catalogues() {
  static const host::Catalogues catalogues = host::Catalogues::parse(bundled_files());
  return catalogues;
}

std::shared_ptr<const host::Catalogues> catalogues_for(const host::Config& config) {
  // The bundled ones are not copied: a pointer that owns nothing.
  if (config.languages_dir.empty()) return {std::shared_ptr<void>(), &bundled_catalogues()};
  std::vector<host::CatalogueFile> files = bundled_files();
  std::vector<std::string> texts;
  const std::vector<std::filesystem::path> paths = folder_files(config.languages_dir);
  texts.reserve(paths.size());
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in || in.bad())
      throw host::CatalogueError(path.string() + ": cannot read the catalogue file; check its permissions");
    texts.push_back(std::move(text).str());
    files.push_back({path.string(), texts.back()});
  }
  return std::make_shared<const host::Catalogues>(host::Catalogues::parse(files));
}

}  // namespace p2c::service
