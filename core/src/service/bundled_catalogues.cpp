#include "bundled_catalogues.h"

#include "embedded_files.h"

namespace p2c::service {

const host::Catalogues& bundled_catalogues() {
  static const host::Catalogues catalogues = [] {
    constexpr std::string_view folder = "i18n/";
    std::vector<host::CatalogueFile> files;
    for (const EmbeddedFile& file : web_files())
      if (file.name.starts_with(folder)) files.push_back({std::string(file.name.substr(folder.size())), file.content});
    return host::Catalogues::parse(files);
  }();
  return catalogues;
}

}  // namespace p2c::service
